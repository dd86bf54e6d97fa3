import type { OneCClient } from '../../onec/client';
import type { RawRow } from '../onec-read/raw-read';
import { byWinnerOrder, readDocumentsByKeys } from '../orders/onec-writer/existing-documents';
import type { FollowedOrder } from './followed-orders';

/**
 * Documents that carry an order's key but are not that order's progress: a second ЗаказПокупателя with the same
 * НомерВходящегоДокументаЭлектронногоОбмена that is marked for deletion or unposted while another document with the
 * key is live. The order flow leaves such a document when two executions overlap (the loser is unposted and marked,
 * orders/onec-writer/document-writes.ts `retireDuplicate`), and a 1C user copying an order does the same; reported on
 * its own, its deletion mark would cancel the retailCRM order the live document is shipping.
 *
 * A marked document gives way to any live one; an unposted live one to a posted one, or to the unposted one the order
 * flow keeps (`byWinnerOrder`: lowest number), so of two unposted documents one still reports. The key's holders are
 * looked for among the documents this run has read first; the rest cost one batched read by key (the order flow's
 * look-up: neighbouring keys in one range, so usually one request), and only in a run where a document of an order
 * was marked or unposted. Only the same key counts: a release 0.1 key and a `crm#<id>` key of one order are not
 * matched (the order flow rewrites the old key on the document's next write).
 */
/** Ref_Key, Number, Posted, DeletionMark of a document with the key. */
type Holder = RawRow;

const keyOf = (o: FollowedOrder) => o.key.replace(/\s+$/, '');
const asHolder = (o: FollowedOrder): Holder => ({ Ref_Key: o.ref, Number: o.number, Posted: o.posted, DeletionMark: o.deletionMark });
const refOf = (h: Holder) => String(h.Ref_Key ?? '').trim().toLowerCase();

/** Whether `holder`, another document with the same key, holds the order rather than `doc`. */
function holds(holder: Holder, doc: FollowedOrder): boolean {
	if (refOf(holder) === doc.ref.toLowerCase() || holder.DeletionMark === true) return false;
	return doc.deletionMark || holder.Posted === true || byWinnerOrder(holder, asHolder(doc)) < 0;
}

/** Ref_Keys (as given) of the `candidates` that are not their order's progress; `known`: documents already read this run. */
export async function findSupersededDocuments(client: OneCClient, candidates: readonly FollowedOrder[], known: readonly FollowedOrder[]): Promise<Set<string>> {
	const out = new Set<string>();
	const doubtful = candidates.filter((o) => (o.deletionMark || !o.posted) && keyOf(o) !== '');
	if (doubtful.length === 0) return out;
	const holders = new Map<string, Holder[]>(doubtful.map((o) => [keyOf(o), []]));
	for (const o of known) {
		const list = holders.get(keyOf(o));
		if (!list) continue;
		list.push(asHolder(o));
	}
	const unresolved: FollowedOrder[] = [];
	for (const doc of doubtful) {
		if ((holders.get(keyOf(doc)) ?? []).some((h) => holds(h, doc))) out.add(doc.ref);
		else unresolved.push(doc);
	}
	if (unresolved.length === 0) return out;
	const found = await readDocumentsByKeys(client, [...new Set(unresolved.map(keyOf))], { select: ['Number', 'Posted', 'DeletionMark'] });
	for (const doc of unresolved) if ((found.get(keyOf(doc)) ?? []).some((h) => holds(h, doc))) out.add(doc.ref);
	return out;
}
