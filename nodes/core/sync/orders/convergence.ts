/**
 * Each retailCRM order is a desired state; its 1C document converges to it, run after run, whatever happened in
 * between (docs/order-lifecycle.md). This module is the pure decision: given what the order wants (its intent) and
 * which documents 1C holds for it, what to do. The I/O lives in core/sync/orders/onec-writer.
 */

/**
 * What the order wants of 1C, decided where the order's current status is known (RetailCRM Orders' Get Changed):
 *  - `load`: the order is in a trigger status (or passed through one): a live, posted document equal to the order;
 *  - `follow`: any other status: keep an already loaded document equal to the order; load nothing new;
 *  - `cancel`: a cancelled or deleted order: its document, if any, is unposted (reserves released) and, as an
 *    option, marked for deletion.
 */
export type SyncIntent = 'load' | 'follow' | 'cancel';

export const SYNC_INTENTS: readonly SyncIntent[] = ['load', 'follow', 'cancel'];

/** The intent an input item carries; an order without one (e.g. from Get or Get Many) is to be loaded. */
export function intentOf(order: { syncIntent?: unknown; deleted?: unknown }): SyncIntent {
	if (order.deleted === true) return 'cancel';
	const raw = order.syncIntent;
	return typeof raw === 'string' && (SYNC_INTENTS as readonly string[]).includes(raw) ? (raw as SyncIntent) : 'load';
}

/**
 * Appended to the comment of a document we release because its order was cancelled (whether or not we also mark
 * it for deletion). It tells our own cancellation (the order may come back: the document is restored) from a 1C
 * user's deletion mark (1C owns it: a conflict), and it tells a 1C user why the document is unposted.
 */
export const CANCEL_MARK = '[retailCRM: заказ отменён]';

export interface DocumentFacts {
	ref: string;
	posted: boolean;
	deletionMark: boolean;
	comment: string;
}

export function cancelledByUs(doc: Pick<DocumentFacts, 'comment'>): boolean {
	return doc.comment.includes(CANCEL_MARK);
}

export type ConflictReason = 'shipped' | 'markedInOneC';

export type SkipReason =
	/** `follow`: the order was never loaded, and its status does not load it. */
	| 'notLoaded'
	/** `cancel`: the order was never loaded. */
	| 'neverLoaded'
	/** We released the document when the order was cancelled; it comes back when the order enters a trigger status. */
	| 'cancelled';

/** The decision before any document is built (a cancel needs no items, a skip needs no look-ups). */
export type Target<D> =
	/** No document: create one. */
	| { kind: 'create' }
	/** Bring the live document (the winner of any duplicates) up to the order. */
	| { kind: 'write'; doc: D; duplicates: D[] }
	/** Our own cancelled document, for an order that is to be loaded again: clear mark and note, write, post. */
	| { kind: 'restore'; doc: D; duplicates: D[] }
	/** Release the document: unpost it, note why (and mark it). */
	| { kind: 'cancel'; doc: D; duplicates: D[] }
	/** Nothing to do in 1C. */
	| { kind: 'skip'; reason: SkipReason; doc?: D }
	/** 1C has moved on (a 1C user marked the document for deletion): reported, not overwritten. */
	| { kind: 'conflict'; doc: D; reason: ConflictReason };

export interface TargetOptions {
	/** A cancelled order's document is also marked for deletion. */
	markOnCancel?: boolean;
}

/**
 * `live` is in winner order (lowest number, then Ref_Key: the same choice in every execution), `marked` holds the
 * deletion-marked documents. Shipments are checked later, and only for the documents a write would change.
 */
export function decideTarget<D extends DocumentFacts>(intent: SyncIntent, live: readonly D[], marked: readonly D[], options: TargetOptions = {}): Target<D> {
	const [winner, ...duplicates] = live;
	const ours = marked.find((d) => cancelledByUs(d));
	if (intent === 'cancel') {
		if (!winner) return ours || marked.length > 0 ? { kind: 'skip', reason: 'cancelled', ...(ours ? { doc: ours } : {}) } : { kind: 'skip', reason: 'neverLoaded' };
		const done = cancelledByUs(winner) && !winner.posted && !options.markOnCancel;
		return done && duplicates.length === 0 ? { kind: 'skip', reason: 'cancelled', doc: winner } : { kind: 'cancel', doc: winner, duplicates };
	}
	if (winner) {
		if (!cancelledByUs(winner)) return { kind: 'write', doc: winner, duplicates };
		return intent === 'load' ? { kind: 'restore', doc: winner, duplicates } : { kind: 'skip', reason: 'cancelled', doc: winner };
	}
	if (ours) return intent === 'load' ? { kind: 'restore', doc: ours, duplicates: [] } : { kind: 'skip', reason: 'cancelled', doc: ours };
	if (marked.length > 0) return { kind: 'conflict', doc: marked[0], reason: 'markedInOneC' };
	return intent === 'load' ? { kind: 'create' } : { kind: 'skip', reason: 'notLoaded' };
}
