import type { OneCClient } from '../../../onec/client';
import { UT } from '../../../onec/model';
import { compare, eq, queryParams } from '../../../onec/query';
import { encodeQueryComponent } from '../../../onec/url';
import type { RawRow } from '../../onec-read/raw-read';
import { readRawPages } from '../../onec-read/raw-read';

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
	/** Fields to read (the key field is added); default: whole documents with their tabular sections. */
	select?: readonly string[];
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

export function keyOf(row: RawRow): string {
	return typeof row[INCOMING_KEY_FIELD] === 'string' ? (row[INCOMING_KEY_FIELD] as string).replace(/\s+$/, '') : '';
}

/** Packs `or`-terms into filters whose percent-encoded length stays within `budget`. */
export function packTerms(terms: readonly string[], budget: number): string[] {
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

/** The documents 1C holds for one order under any of its keys. */
export interface FoundDocuments {
	/** Not marked for deletion, in winner order: the first is the order's document, the rest are duplicates. */
	live: RawRow[];
	/** Marked for deletion (by a 1C user, or by us when the order was cancelled). */
	marked: RawRow[];
}

export interface DocumentLookup {
	/** What the result is keyed by (the order's primary document key). */
	id: string;
	/** Every key the order's document may carry: the primary key first, then legacy ones. */
	keys: readonly string[];
}

const trimmedText = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The deterministic winner among live duplicates: the lowest 1C number, then the lowest Ref_Key. Every execution
 * that sees the same documents picks the same one, whatever their posting state (docs/order-lifecycle.md
 * "Concurrency").
 */
export function byWinnerOrder(a: RawRow, b: RawRow): number {
	const na = trimmedText(a.Number);
	const nb = trimmedText(b.Number);
	if (na !== nb) return na < nb ? -1 : 1;
	const ra = trimmedText(a.Ref_Key);
	const rb = trimmedText(b.Ref_Key);
	return ra < rb ? -1 : ra > rb ? 1 : 0;
}

/** Room left for `$filter` in a paged read of `set` (the longest base URL a page can have). */
export function filterBudget(client: OneCClient, set: string, select?: readonly string[]): number {
	const base = client.url([set], queryParams({ select, filter: '()', orderby: ['Ref_Key'], top: client.pageSize, skip: 999_999_999 }));
	return Math.max(600, client.maxUrlLength - base.length - '&$filter='.length);
}

/** Reads every document whose incoming key is one of `keys`, deletion-marked ones included (batched). */
export async function readDocumentsByKeys(client: OneCClient, keys: readonly string[], options: ExistingLookupOptions = {}): Promise<Map<string, RawRow[]>> {
	const found = new Map<string, RawRow[]>();
	const wanted = new Set(keys.filter((k) => k !== ''));
	if (wanted.size === 0) return found;
	const set = UT.Document_ЗаказПокупателя.set;
	const plan = planKeyRanges([...wanted], options.maxGap);
	const terms: string[] = [];
	for (const range of plan.ranges) {
		if (range.keys.length > 1) terms.push(`(${compare(INCOMING_KEY_FIELD, 'ge', range.from)} and ${compare(INCOMING_KEY_FIELD, 'le', range.to)})`);
	}
	// Lone keys and lettered ones: plain `eq` terms, packed with the ranges into as few URLs as fit.
	for (const key of [...plan.ranges.filter((r) => r.keys.length === 1).map((r) => r.from), ...plan.others]) terms.push(eq(INCOMING_KEY_FIELD, key));
	const select = options.select ? [...new Set(['Ref_Key', INCOMING_KEY_FIELD, ...options.select])] : undefined;
	const budget = filterBudget(client, set, select);
	const seen = new Set<string>();
	for (const filter of packTerms(terms, budget)) {
		for (const row of await readRawPages(client, set, { filter, ...(select ? { select } : {}) })) {
			const key = keyOf(row);
			const ref = trimmedText(row.Ref_Key);
			// Paging over data that changes between pages may repeat a row.
			if (!wanted.has(key) || seen.has(ref)) continue;
			seen.add(ref);
			const list = found.get(key) ?? [];
			list.push(row);
			found.set(key, list);
		}
	}
	return found;
}

/** Per order: its live documents (winner first) and its deletion-marked ones, under any of its keys. */
export async function findOrderDocuments(client: OneCClient, lookups: readonly DocumentLookup[], options: ExistingLookupOptions = {}): Promise<Map<string, FoundDocuments>> {
	const rows = await readDocumentsByKeys(client, lookups.flatMap((l) => l.keys), options);
	const out = new Map<string, FoundDocuments>();
	for (const lookup of lookups) {
		const byRef = new Map<string, RawRow>();
		for (const key of lookup.keys) for (const row of rows.get(key) ?? []) byRef.set(trimmedText(row.Ref_Key), row);
		const all = [...byRef.values()];
		if (all.length === 0) continue;
		out.set(lookup.id, {
			live: all.filter((r) => r.DeletionMark !== true).sort(byWinnerOrder),
			marked: all.filter((r) => r.DeletionMark === true).sort(byWinnerOrder),
		});
	}
	return out;
}
