/**
 * Flow-1 cursor state (retailCRM order history → 1C), kept in n8n workflow static data.
 *
 * n8n saves static data after every non-manual execution, failed ones included. So nothing may move the
 * cursor before the orders are safe in 1C. The design:
 *   1. Get Changed reads `sinceId` (never `pending`), fetches history, and records what it saw as
 *      `pending = {fromSinceId, candidateSinceId, orderIds}` (`recordPending`). `sinceId` is unchanged.
 *   2. The upsert writes the orders to 1C.
 *   3. Confirm Processed calls `markProcessed` with a result per order: ok → done; failed → retry list
 *      (quarantine after N attempts). Only when every pending order has a result does `sinceId` move to the
 *      candidate.
 * A crash or error between 1C and Confirm leaves `sinceId` where it was, so the next run fetches the same
 * history again and the idempotent upsert finds the documents unchanged. No state is kept in memory.
 *
 * An execution that did not read the history (the webhook row: one order pushed by a retailCRM trigger) settles
 * only its own orders (`settleOrders`): a failure goes on the retry list, a success clears the order's entry, and an
 * order it wrote to 1C goes back on the list as a recheck (`PUSH_RECHECK_NOTE`: it wrote the copy it read, which a change
 * handled meanwhile by a scheduled run may have outdated); `sinceId` and `pending` stay, so the scheduled row remains the
 * catch-up that loses nothing.
 *
 * All functions are pure: they return a new state and never mutate their input.
 */

export const STATE_VERSION = 1;
export const DEFAULT_MAX_ATTEMPTS = 5;
const MAX_ERROR_LENGTH = 1000;
/** Conflicts kept for the list (newest first): enough for a manager's to-do list, bounded for static data. */
export const MAX_CONFLICTS = 500;

/** What the order wanted when it failed (`load`: it was in, or passed through, a trigger status). */
export type RetryIntent = 'load' | 'follow' | 'cancel';

export interface RetryEntry {
	attempts: number;
	lastError: string;
	/** ISO 8601 */
	firstFailedAt: string;
	lastTriedAt: string;
	intent?: RetryIntent;
	/**
	 * The order's site and CRM number when known (entries saved before these existed have neither): once retailCRM has
	 * deleted the order, they are all that finds its document (the key holds the site with Several Shops on, the number
	 * in v0.1 keys), see `deletedOrderStub`.
	 */
	site?: string;
	number?: string;
}

/** An order whose 1C document has moved on (shipped, or marked for deletion in 1C): listed, not retried. */
export interface ConflictEntry {
	reason: string;
	message: string;
	ref?: string;
	number?: string;
	oneCTotal?: number;
	crmTotal?: number | null;
	at: string;
}

export interface QuarantineEntry extends RetryEntry {
	quarantinedAt: string;
}

export interface PendingRun {
	/** `sinceId` the run read from; a confirm for another cursor is stale and moves nothing. */
	fromSinceId: number | null;
	/** Highest history id seen by the run: the next `sinceId` once its orders are settled. */
	candidateSinceId: number | null;
	/** Orders the run found in trigger statuses (retries are not listed: they do not hold the cursor). */
	orderIds: number[];
	recordedAt: string;
}

export interface OrderSyncStateV1 {
	version: 1;
	/** Last history record id fully handled; the next fetch asks `filter[sinceId]` (exclusive). null: never read. */
	sinceId: number | null;
	/** First run only (sinceId null): `filter[startDate]`, `Y-m-d H:i:s`. */
	startDate?: string;
	/** Keyed by CRM order id (static data is JSON: keys are strings). */
	retry: Record<string, RetryEntry>;
	quarantine: Record<string, QuarantineEntry>;
	/** Optional in version 1 (absent in states written before conflicts existed). */
	conflicts?: Record<string, ConflictEntry>;
	pending?: PendingRun;
	updatedAt: string;
}

export type OrderSyncState = OrderSyncStateV1;

export interface StartFrom {
	sinceId?: number;
	startDate?: string;
}

const iso = (now: Date): string => now.toISOString();

export function initState(now: Date, startFrom: StartFrom = {}): OrderSyncState {
	const state: OrderSyncState = {
		version: STATE_VERSION,
		sinceId: startFrom.sinceId ?? null,
		retry: {},
		quarantine: {},
		updatedAt: iso(now),
	};
	if (startFrom.sinceId === undefined && startFrom.startDate) state.startDate = startFrom.startDate;
	return state;
}

function copy(state: OrderSyncState): OrderSyncState {
	const out: OrderSyncState = {
		...state,
		retry: Object.fromEntries(Object.entries(state.retry).map(([k, v]) => [k, { ...v }])),
		quarantine: Object.fromEntries(Object.entries(state.quarantine).map(([k, v]) => [k, { ...v }])),
	};
	if (state.conflicts) out.conflicts = Object.fromEntries(Object.entries(state.conflicts).map(([k, v]) => [k, { ...v }]));
	if (state.pending) out.pending = { ...state.pending, orderIds: [...state.pending.orderIds] };
	return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Reads whatever static data holds into the current version.
 *  - nothing / `{}` → a fresh state from `startFrom`;
 *  - version 0 (no `version`; `{sinceId}` or `{lastHistoryId}` as a first prototype or a hand edit would
 *    leave) → version 1 with empty lists;
 *  - version 1 → checked and copied;
 *  - a newer version → error (an older package must not overwrite a newer state).
 */
export function migrateState(raw: unknown, now: Date, startFrom: StartFrom = {}): OrderSyncState {
	if (raw === undefined || raw === null || (isRecord(raw) && Object.keys(raw).length === 0)) return initState(now, startFrom);
	if (!isRecord(raw)) throw new Error('Order sync state in workflow static data is not an object');
	const version = raw.version ?? 0;
	if (version === 0) {
		const legacy = raw.sinceId ?? raw.lastHistoryId;
		return initState(now, isId(legacy) ? { sinceId: legacy } : startFrom);
	}
	if (version !== STATE_VERSION) {
		throw new Error(`Order sync state has version ${String(version)}; this package understands up to ${STATE_VERSION}`);
	}
	if (!(raw.sinceId === null || isId(raw.sinceId))) throw new Error('Order sync state: sinceId must be a non-negative integer or null');
	const state: OrderSyncState = {
		version: STATE_VERSION,
		sinceId: raw.sinceId as number | null,
		retry: isRecord(raw.retry) ? (raw.retry as Record<string, RetryEntry>) : {},
		quarantine: isRecord(raw.quarantine) ? (raw.quarantine as Record<string, QuarantineEntry>) : {},
		updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : iso(now),
	};
	if (typeof raw.startDate === 'string') state.startDate = raw.startDate;
	if (isRecord(raw.conflicts)) state.conflicts = raw.conflicts as Record<string, ConflictEntry>;
	if (isRecord(raw.pending)) state.pending = raw.pending as unknown as PendingRun;
	return copy(state);
}

/** What Get Changed asks `orders/history` for: always the committed cursor, never the pending one. */
export function historyQuery(state: OrderSyncState): { sinceId: number } | { startDate: string } | Record<string, never> {
	if (state.sinceId !== null) return { sinceId: state.sinceId };
	if (state.startDate) return { startDate: state.startDate };
	return {};
}

/** Get Changed: remember what this run saw. Does not move `sinceId`. */
export function recordPending(
	state: OrderSyncState,
	seen: { maxHistoryId: number | undefined; orderIds: readonly number[] },
	now: Date,
): OrderSyncState {
	const next = copy(state);
	const candidate =
		seen.maxHistoryId === undefined ? state.sinceId : Math.max(seen.maxHistoryId, state.sinceId ?? seen.maxHistoryId);
	next.pending = { fromSinceId: state.sinceId, candidateSinceId: candidate, orderIds: [...new Set(seen.orderIds)], recordedAt: iso(now) };
	next.updatedAt = iso(now);
	return next;
}

export interface RetryTiming {
	/** Wait before the 2nd attempt; doubles per attempt. Default 5 minutes. */
	retryBaseDelayMs?: number;
	/** Longest wait between attempts. Default 6 hours. */
	retryMaxDelayMs?: number;
}

export const DEFAULT_RETRY_BASE_DELAY_MS = 5 * 60_000;
export const DEFAULT_RETRY_MAX_DELAY_MS = 6 * 3_600_000;

/**
 * Whether a parked order is due again: `lastTriedAt + base·2^(attempts−1)` (capped) has passed. The back-off
 * keeps a short 1C hiccup on one order from burning all attempts in a few schedule ticks.
 */
export function retryDue(entry: RetryEntry, now: Date, timing: RetryTiming = {}): boolean {
	const base = timing.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
	const cap = timing.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS;
	const wait = Math.min(cap, base * 2 ** Math.max(0, entry.attempts - 1));
	const last = Date.parse(entry.lastTriedAt);
	return Number.isNaN(last) || now.getTime() >= last + wait;
}

/**
 * Orders to send to 1C this run: the newly triggered ones, then the retry entries that are due
 * (all of them when `now` is not given), deduplicated.
 */
export function ordersToProcess(state: OrderSyncState, triggered: readonly number[], now?: Date, timing: RetryTiming = {}): number[] {
	const retry = Object.entries(state.retry)
		.filter(([, entry]) => now === undefined || retryDue(entry, now, timing))
		.map(([id]) => Number(id))
		.sort((a, b) => a - b);
	return [...new Set([...triggered, ...retry])];
}

export type OrderResult =
	/**
	 * In 1C as the order wants it (or nothing to do); `recheck`: look at it once more next run (duplicates were resolved,
	 * or a push wrote it: `note` says which), with the order's site and CRM number when known (a deleted order's key).
	 */
	| { orderId: number; outcome: 'ok'; recheck?: boolean; note?: string; site?: string; number?: string }
	| { orderId: number; outcome: 'failed'; error: string; intent?: RetryIntent; site?: string; number?: string }
	/** 1C has moved on: settled (the cursor may pass it), listed among the conflicts, not retried. */
	| { orderId: number; outcome: 'conflict'; conflict: Omit<ConflictEntry, 'at'> };

export const RECHECK_NOTE = 'duplicate 1C documents were resolved: checked once more';
/**
 * A push wrote the order to 1C from the copy it read. A scheduled run may meanwhile have handled a newer change of the
 * order (a cancellation, an edit) and moved its cursor past it, and the push's older copy landed last: the next
 * scheduled run reads the order as it is then and converges the document (docs/order-lifecycle.md, "Push").
 */
export const PUSH_RECHECK_NOTE = 'written by a push: read once more by the next scheduled run, in case the order changed meanwhile';

export interface MarkOptions {
	/** Attempts before an order is quarantined. Default 5. */
	maxAttempts?: number;
}

export interface MarkOutcome {
	state: OrderSyncState;
	/** `sinceId` moved to the pending candidate. */
	advanced: boolean;
	/** Orders moved to quarantine by this call. */
	quarantined: number[];
	/** Pending orders without a result: they hold the cursor, so the next run fetches them again. */
	unaccounted: number[];
}

function keepNewest(conflicts: Record<string, ConflictEntry>, max: number): Record<string, ConflictEntry> {
	const entries = Object.entries(conflicts);
	if (entries.length <= max) return conflicts;
	return Object.fromEntries(entries.sort(([, a], [, b]) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, max));
}

function cutError(error: string): string {
	return error.length > MAX_ERROR_LENGTH ? `${error.slice(0, MAX_ERROR_LENGTH - 1)}…` : error;
}

export interface SettleOutcome {
	state: OrderSyncState;
	/** Orders moved to quarantine by this call. */
	quarantined: number[];
	/** Whether the retry list, the quarantine or the conflicts changed (a caller may then skip saving). */
	changed: boolean;
}

/** What settling an order may change: the lists, never the cursor. */
function listsOf(state: OrderSyncState): string {
	return JSON.stringify([state.retry, state.quarantine, state.conflicts ?? {}]);
}

/** Site and number for the entry: this failure's, else what the entry knew (a deleted order's stub may lack them). */
function keyFields(result: { site?: string; number?: string }, previous: RetryEntry | undefined): Pick<RetryEntry, 'site' | 'number'> {
	const site = result.site ?? previous?.site;
	const number = result.number ?? previous?.number;
	return { ...(site ? { site } : {}), ...(number ? { number } : {}) };
}

/**
 * The per-order half of Confirm Processed: ok or conflict → off the retry list and out of quarantine (a conflict is
 * listed); failed → retry list, quarantined after Max Attempts. Touches neither `sinceId` nor `pending`, so an
 * execution that did not read the history (the webhook row of the orders template) may call it alone.
 */
export function settleOrders(state: OrderSyncState, results: readonly OrderResult[], now: Date, options: MarkOptions = {}): SettleOutcome {
	const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
	const next = copy(state);
	const at = iso(now);
	const quarantined: number[] = [];

	for (const result of results) {
		const key = String(result.orderId);
		if (result.outcome === 'ok' || result.outcome === 'conflict') {
			const previous = next.retry[key] ?? next.quarantine[key];
			delete next.retry[key];
			delete next.quarantine[key];
			if (next.conflicts) delete next.conflicts[key];
			if (result.outcome === 'conflict') next.conflicts = keepNewest({ ...(next.conflicts ?? {}), [key]: { ...result.conflict, at } }, MAX_CONFLICTS);
			// Due at once (attempts 0), and not counted as a failure.
			if (result.outcome === 'ok' && result.recheck) {
				next.retry[key] = { attempts: 0, lastError: result.note ?? RECHECK_NOTE, firstFailedAt: at, lastTriedAt: '', ...keyFields(result, previous) };
			}
			continue;
		}
		const error = cutError(result.error);
		const held = next.quarantine[key];
		if (held) {
			// Triggered again (someone moved the status) and failed again: stays in quarantine.
			next.quarantine[key] = { ...held, ...keyFields(result, held), attempts: held.attempts + 1, lastError: error, lastTriedAt: at };
			continue;
		}
		const previous = next.retry[key];
		const entry: RetryEntry = {
			attempts: (previous?.attempts ?? 0) + 1,
			lastError: error,
			firstFailedAt: previous?.firstFailedAt ?? at,
			lastTriedAt: at,
		};
		const intent = result.intent ?? previous?.intent;
		if (intent) entry.intent = intent;
		Object.assign(entry, keyFields(result, previous));
		if (entry.attempts >= maxAttempts) {
			delete next.retry[key];
			next.quarantine[key] = { ...entry, quarantinedAt: at };
			quarantined.push(result.orderId);
		} else {
			next.retry[key] = entry;
		}
	}
	const changed = listsOf(next) !== listsOf(state);
	if (changed) next.updatedAt = at;
	return { state: next, quarantined, changed };
}

/** Confirm Processed after Get Changed: settle each order, then move the cursor if the pending run is fully settled. */
export function markProcessed(state: OrderSyncState, results: readonly OrderResult[], now: Date, options: MarkOptions = {}): MarkOutcome {
	const { state: next, quarantined } = settleOrders(state, results, now, options);
	const settled = new Set(results.map((r) => r.orderId));

	let advanced = false;
	let unaccounted: number[] = [];
	const pending = next.pending;
	if (pending && pending.fromSinceId === next.sinceId) {
		unaccounted = pending.orderIds.filter((id) => !settled.has(id));
		if (unaccounted.length === 0 && pending.candidateSinceId !== null) {
			advanced = pending.candidateSinceId !== next.sinceId;
			next.sinceId = pending.candidateSinceId;
			delete next.startDate;
		}
	}
	delete next.pending;
	next.updatedAt = iso(now);
	return { state: next, advanced, quarantined, unaccounted };
}

/**
 * Replay: quarantined orders go back to the retry list with a fresh attempt count and what they wanted when they
 * failed: an order that failed while being loaded is still loaded once released, even if it has moved on to a status
 * that is not a trigger meanwhile (without its `load` intent it would be judged as one only to follow, found without a
 * document, and dropped from every list). They are due at once (no try since the release, as a recheck): the
 * template's form row runs Get Changed right after the release, so its own execution tries them.
 */
export function releaseFromQuarantine(state: OrderSyncState, orderIds: readonly number[], now: Date): OrderSyncState {
	const next = copy(state);
	for (const id of orderIds) {
		const key = String(id);
		const held = next.quarantine[key];
		if (!held) continue;
		delete next.quarantine[key];
		const entry: RetryEntry = { attempts: 0, lastError: held.lastError, firstFailedAt: held.firstFailedAt, lastTriedAt: '' };
		if (held.intent) entry.intent = held.intent;
		Object.assign(entry, keyFields({}, held));
		next.retry[key] = entry;
	}
	next.updatedAt = iso(now);
	return next;
}

export interface QuarantinedOrder extends QuarantineEntry {
	orderId: number;
}

export function listQuarantine(state: OrderSyncState): QuarantinedOrder[] {
	return Object.entries(state.quarantine)
		.map(([id, entry]) => ({ orderId: Number(id), ...entry }))
		.sort((a, b) => a.orderId - b.orderId);
}

export interface DeletedOrderStub {
	id: number;
	deleted: true;
	site?: string;
	number?: string;
}

/**
 * What goes to 1C for an order retailCRM deleted: the 1C node finds its document by the key, which needs the site with
 * Several Shops on (and the number for a v0.1 key). The history record's stub says what it says (its site; a number
 * only when the slice created the order); the retry entry fills in the rest, and is all there is once the order is
 * retried: without it a deletion retried after a 1C outage failed "has no site code" until quarantined.
 */
export function deletedOrderStub(id: number, entry: RetryEntry | undefined, fromHistory: { site?: string; number?: string } = {}): DeletedOrderStub {
	const site = fromHistory.site ?? entry?.site;
	const number = fromHistory.number ?? entry?.number;
	return { id, deleted: true, ...(site ? { site } : {}), ...(number ? { number } : {}) };
}
