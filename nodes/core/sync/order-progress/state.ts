/**
 * What Get Progress remembers per followed order, in the workflow's static data (`global`, key `orderProgress`),
 * shared with RetailCRM Orders → Update from 1C Progress in the same workflow:
 * - `s` — signal: a hash of the order's DataVersion, posting, deletion mark and what is left to ship and to pay.
 *   An equal signal means nothing in 1C touched the order, so it costs no detailed read;
 * - `r` — hash of the progress retailCRM last accepted (written by the update node after its writes succeed);
 * - `p` — hash of progress reported but not confirmed yet, `a` — failed attempts to write it;
 * - `m` — 1 while 1C holds payments of the order: its payments are read when it changes even if what is left to pay
 *   is back at its total (a refund, an unposted payment).
 * Progress is re-reported while `p` ≠ `r`, up to `maxAttempts` failures (then it waits for a new change), so a
 * failed write or a run that stopped before the update is never lost. Entries of orders no longer followed go.
 */
export const PROGRESS_STATE_KEY = 'orderProgress';
export const PROGRESS_STATE_VERSION = 1;

export interface ProgressEntry {
	s: string;
	r?: string;
	p?: string;
	a?: number;
	m?: 1;
}

export interface ProgressState {
	version: 1;
	/** ЗаказПокупателя Ref_Key → entry. */
	orders: Record<string, ProgressEntry>;
	/** Set by the first run (baseline or report). */
	startedAt: string | null;
}

export function emptyProgressState(): ProgressState {
	return { version: PROGRESS_STATE_VERSION, orders: {}, startedAt: null };
}

/** After retailCRM accepted the writes for an order's progress `hash`. */
export function confirmProgress(state: ProgressState, ref: string, hash: string): void {
	const entry = state.orders[ref.toLowerCase()];
	if (!entry) return; // no longer followed
	entry.r = hash;
	if (entry.p === hash) {
		delete entry.p;
		delete entry.a;
	}
}

/** After a failed write: counts the attempt of the pending hash; returns the attempts so far. */
export function recordProgressFailure(state: ProgressState, ref: string, hash: string): number {
	const entry = state.orders[ref.toLowerCase()];
	if (!entry) return 0;
	if (entry.p !== hash) {
		entry.p = hash;
		entry.a = 0;
	}
	entry.a = (entry.a ?? 0) + 1;
	return entry.a;
}

/** A stored state as it is, checked: entries with the wrong shape are dropped (a hand-edited or older state). */
export function migrateProgressState(stored: unknown): ProgressState {
	const fresh = emptyProgressState();
	if (!stored || typeof stored !== 'object') return fresh;
	const old = stored as { version?: unknown; orders?: unknown; startedAt?: unknown };
	if (old.version !== PROGRESS_STATE_VERSION || !old.orders || typeof old.orders !== 'object') return fresh;
	const orders: Record<string, ProgressEntry> = {};
	for (const [ref, raw] of Object.entries(old.orders as Record<string, unknown>)) {
		const e = raw as Partial<ProgressEntry> | null;
		if (!e || typeof e.s !== 'string') continue;
		const entry: ProgressEntry = { s: e.s };
		if (typeof e.r === 'string') entry.r = e.r;
		if (typeof e.p === 'string') entry.p = e.p;
		if (typeof e.a === 'number' && Number.isFinite(e.a)) entry.a = e.a;
		if (e.m === 1) entry.m = 1;
		orders[ref.toLowerCase()] = entry;
	}
	return { version: PROGRESS_STATE_VERSION, orders, startedAt: typeof old.startedAt === 'string' ? old.startedAt : null };
}
