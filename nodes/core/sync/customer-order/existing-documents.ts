import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import { and, compare, eq, queryParams } from '../../onec/query';
import { encodeQueryComponent } from '../../onec/url';
import type { RawRow } from './raw-read';
import { readRawPages } from './raw-read';

/**
 * Finds, for a whole run, the ЗаказПокупателя documents already written for CRM orders, by
 * `НомерВходящегоДокументаЭлектронногоОбмена`.
 *
 * Why ranges: the field name alone is 41 Cyrillic letters, about 250 characters once percent-encoded, so an
 * OR-list of `eq` terms fits only ~5 keys into a 2000-character URL (200 requests for 1,000 orders). CRM
 * numbers of one run are mostly close to each other, so keys of the form `<prefix><digits>` are grouped
 * (same prefix, same digit count, numeric gaps ≤ `maxGap`) and each group is read as one `ge … and le …`
 * range, then filtered on our side. For equal-length digit strings the string order is the numeric order;
 * a range may also return a few longer keys sharing the prefix, which the exact match drops. Lone and
 * lettered keys become `eq` terms; all terms are packed into as few URLs as `maxUrlLength` allows.
 *
 * The read has no `$select`, so each row is the whole document with `Товары` and `Услуги`: what the
 * unchanged/update comparison needs, in the same request.
 */
export const INCOMING_KEY_FIELD = 'НомерВходящегоДокументаЭлектронногоОбмена';

export interface ExistingLookupOptions {
	/** Largest numeric gap inside one range group. Default 200. */
	maxGap?: number;
}

interface NumericKey {
	key: string;
	prefix: string;
	digits: string;
	value: number;
}

/** Groups of keys to read as one range each, and the rest to read by OR-lists. */
export function planKeyRanges(keys: readonly string[], maxGap = 200): { ranges: Array<{ from: string; to: string; keys: string[] }>; others: string[] } {
	const numeric: NumericKey[] = [];
	const others: string[] = [];
	for (const key of new Set(keys)) {
		const m = /^(.*?)(\d{1,15})$/.exec(key);
		if (m) numeric.push({ key, prefix: m[1], digits: m[2], value: Number(m[2]) });
		else others.push(key);
	}
	const groups = new Map<string, NumericKey[]>();
	for (const k of numeric) {
		const id = `${k.prefix}\u0000${k.digits.length}`;
		const list = groups.get(id) ?? [];
		list.push(k);
		groups.set(id, list);
	}
	const ranges: Array<{ from: string; to: string; keys: string[] }> = [];
	for (const list of groups.values()) {
		list.sort((a, b) => a.value - b.value);
		let current: NumericKey[] = [];
		const flush = () => {
			if (current.length > 0) ranges.push({ from: current[0].key, to: current[current.length - 1].key, keys: current.map((k) => k.key) });
			current = [];
		};
		for (const k of list) {
			if (current.length > 0 && k.value - current[current.length - 1].value > maxGap) flush();
			current.push(k);
		}
		flush();
	}
	return { ranges, others };
}

function keyOf(row: RawRow): string {
	return typeof row[INCOMING_KEY_FIELD] === 'string' ? (row[INCOMING_KEY_FIELD] as string).replace(/\s+$/, '') : '';
}

/** Packs `or`-terms into filters whose percent-encoded length stays within `budget`. */
function packTerms(terms: readonly string[], budget: number): string[] {
	const separator = encodeQueryComponent(' or ').length;
	const chunks: string[] = [];
	let current: string[] = [];
	let length = 0;
	for (const term of terms) {
		const size = encodeQueryComponent(term).length;
		if (current.length > 0 && length + separator + size > budget) {
			chunks.push(current.join(' or '));
			current = [];
			length = 0;
		}
		length += (current.length > 0 ? separator : 0) + size;
		current.push(term);
	}
	if (current.length > 0) chunks.push(current.join(' or '));
	return chunks;
}

/** Incoming key → the live (not deletion-marked) document; a posted one wins when 1C holds duplicates. */
export async function findExistingDocuments(client: OneCClient, keys: readonly string[], options: ExistingLookupOptions = {}): Promise<Map<string, RawRow>> {
	const found = new Map<string, RawRow>();
	if (keys.length === 0) return found;
	const wanted = new Set(keys);
	const set = UT.Document_ЗаказПокупателя.set;
	const live = eq('DeletionMark', false);
	const plan = planKeyRanges(keys, options.maxGap);
	const terms: string[] = [];
	for (const range of plan.ranges) {
		if (range.keys.length > 1) terms.push(`(${compare(INCOMING_KEY_FIELD, 'ge', range.from)} and ${compare(INCOMING_KEY_FIELD, 'le', range.to)})`);
	}
	// Lone keys and lettered ones: plain `eq` terms, packed with the ranges into as few URLs as fit.
	for (const key of [...plan.ranges.filter((r) => r.keys.length === 1).map((r) => r.from), ...plan.others]) terms.push(eq(INCOMING_KEY_FIELD, key));
	const base = client.url([set], queryParams({ filter: `(${live}) and ()`, orderby: ['Ref_Key'], top: client.pageSize, skip: 999_999_999 }));
	const budget = Math.max(600, client.maxUrlLength - base.length - '&$filter='.length);
	for (const filter of packTerms(terms, budget)) {
		const rows = await readRawPages(client, set, { filter: and(live, filter) });
		for (const row of rows) {
			const key = keyOf(row);
			if (!wanted.has(key) || row.DeletionMark === true) continue;
			const held = found.get(key);
			if (!held || (held.Posted !== true && row.Posted === true)) found.set(key, row);
		}
	}
	return found;
}
