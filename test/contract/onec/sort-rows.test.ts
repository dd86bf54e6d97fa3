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

	it.each([
		[[{ name: 'a', desc: false }]],
		[[{ name: 'a', desc: true }]],
		[[{ name: 'b', desc: true }, { name: 'a', desc: false }, { name: 'c', desc: false }]],
	])('rows already in order come back in that order, as a copy; with one pair out of order they are sorted (%j)', (keys) => {
		// Strings and null only: a number against a numeric string is not transitive (9 < '10' < '9' = 9), so with them
		// the order of a sort depends on where the rows started.
		const ordered = VALUES.filter((v) => v === null || (typeof v === 'string' && Number.isNaN(Number(v))));
		const rand = prng(29);
		const pick = () => ordered[Math.floor(rand() * ordered.length)];
		const orderby = keys.map((k) => ({ get: (r: Rec) => r[k.name], desc: k.desc }));
		const inOrder = reference(
			Array.from({ length: 2000 }, (_, id) => ({ id, a: pick(), b: pick(), c: pick() })),
			keys,
		);
		const again = sortRows(inOrder, orderby as never);
		expect(again.map((r) => r.id)).toEqual(inOrder.map((r) => r.id));
		expect(again).not.toBe(inOrder); // a copy: the caller may keep it while the table changes
		// Two neighbours with different keys swapped: no longer in order, so sorted (ties among equal keys by position).
		const at = inOrder.findIndex((r, i) => i > 0 && keys.some((k) => compareValues(r[k.name], inOrder[i - 1][k.name]) !== 0));
		const swapped = [...inOrder];
		[swapped[at - 1], swapped[at]] = [swapped[at], swapped[at - 1]];
		expect(sortRows(swapped, orderby as never).map((r) => r.id)).toEqual(reference(swapped, keys).map((r) => r.id));
		expect(sortRows(swapped, orderby as never).map((r) => r.id)).not.toEqual(swapped.map((r) => r.id));
	});
});
