import { compareValues, type Rec } from '../../sandboxes/onec/filter/evaluator';
import { sortRows } from '../../sandboxes/onec/query';
import { prng } from '../../sandboxes/prng';

/**
 * The sandbox's $orderby (query.ts sortRows) reads each row's sort values once and compares two strings directly; it
 * must order exactly as comparing every pair with compareValues (1C's rules: null first, trailing spaces do not
 * count, a number against a numeric string as numbers), keys in turn, desc reversed, ties in their first order.
 */
const VALUES: unknown[] = [null, undefined, '', 'a', 'a ', 'b', 'B', '10', '9', ' 9', 10, 9, 2.5, true, false, 'guid-1', 'guid-1  ', 'Ж', 'ж'];

function reference(rows: readonly Rec[], keys: Array<{ name: string; desc: boolean }>): Rec[] {
	const indexed = rows.map((row, i) => ({ row, i }));
	indexed.sort((a, b) => {
		for (const k of keys) {
			const c = compareValues(a.row[k.name], b.row[k.name]);
			if (c) return k.desc ? -c : c;
		}
		return a.i - b.i;
	});
	return indexed.map((x) => x.row);
}

describe('sandbox $orderby (sortRows)', () => {
	it.each([
		[[{ name: 'a', desc: false }]],
		[[{ name: 'a', desc: true }]],
		[[{ name: 'a', desc: false }, { name: 'b', desc: false }]],
		[[{ name: 'b', desc: true }, { name: 'a', desc: false }, { name: 'c', desc: false }]],
	])('orders as compareValues pair by pair does, ties kept in order (%j)', (keys) => {
		const rand = prng(17);
		const pick = () => VALUES[Math.floor(rand() * VALUES.length)];
		const rows: Rec[] = Array.from({ length: 2000 }, (_, id) => ({ id, a: pick(), b: pick(), c: pick() }));
		const orderby = keys.map((k) => ({ get: (r: Rec) => r[k.name], desc: k.desc }));
		const sorted = sortRows(rows, orderby as never);
		expect(sorted.map((r) => r.id)).toEqual(reference(rows, keys).map((r) => r.id));
		expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 2000 }, (_, i) => i)); // the input is not reordered
	});
});
