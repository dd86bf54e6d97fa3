import type { OneCClient } from '../../onec/client';
import { shortHash } from '../../common/short-hash';
import { findSupersededDocuments } from './duplicates';
import { readFollowedOrders, readOrderHeaders, type FollowedOrder } from './followed-orders';
import { readOpenDues, readOpenShipBalances, type ShipBalance } from './open-balances';
import { readPayments, type DealFilter, type OrderPayments } from './payments';
import { computeProgress, isUntouched, progressHash, type OrderProgress } from './progress';
import { readOrderMovements, type OrderMovements } from './shipments';
import type { ProgressEntry, ProgressState } from './state';

/**
 * Get Progress: the customer orders whose progress in 1C changed since it was last reported.
 *
 * Followed orders: those dated within the look-back (their headers are read every run, W of them), plus older ones
 * that are still open — something left to ship or to pay in the two balances — or still remembered. An older order
 * costs nothing until one of its balances changes; then its header is read by Ref_Key. (An older order completed
 * before Get Progress first saw it is not reported.)
 *
 * A document marked for deletion or unposted while another document with its key holds the order (a retired duplicate,
 * a 1C user's copy) is not reported and not followed further (duplicates.ts).
 *
 * 1C requests per run, with C orders whose signal changed (H of them older than the look-back, K of them marked or
 * unposted with no other holder of their key among the documents read), Cs / Cp of those with shipping / payment
 * activity (an order that had 1C payments counts as paying until its payments are gone, so a refund or an unposted
 * payment is read), S shipments and P_t payment documents of type t:
 *   ⌊W / 1000⌋ + 1 (headers) + 1 (left to ship) + 1 (left to pay) + ⌈H / 25⌉ (older headers)
 *   + (K > 0: about 1, the key look-up) + ⌈Cs / 7⌉ + ⌈S / 25⌉ (shipments) + ⌈Cp / 6⌉ + Σ_t ⌈P_t / 25⌉ (payments)
 * at the default 2,000-character URL and 1,000-row pages. An unchanged order costs only its share of the header walk.
 */
export interface GetProgressOptions {
	/** Follow orders dated from this local date-time. */
	since: string;
	organizations?: readonly string[];
	/** Only documents written from retailCRM (default), or every order of the organizations. */
	fromRetailCrmOnly?: boolean;
	dealFilter?: DealFilter;
	/** Failed writes of the same progress before it waits for a new change. Default 5. */
	maxAttempts?: number;
	/** First run: report progress found (`report`, default) or only remember it (`baseline`). */
	firstRun?: 'report' | 'baseline';
	/** `update` (default): the update node confirms after writing; `output`: reported counts as confirmed at once. */
	confirm?: 'update' | 'output';
	pageSize?: number;
	/** ISO time for `startedAt`. */
	now: string;
}

export interface ProgressItem extends OrderProgress {
	progressHash: string;
	/** Failed writes of this progress so far. */
	attempts: number;
}

export interface GetProgressResult {
	changed: ProgressItem[];
	/** Orders followed this run (dated within the look-back, or older and open or remembered). */
	followed: number;
	/** Orders whose signal changed (or whose progress waits for confirmation). */
	candidates: number;
	/** Orders whose progress failed `maxAttempts` times; they wait for a new change. */
	waiting: string[];
}

const EPS = 0.005;

/** A hash of what changes when anything happens to the order: its own writes (DataVersion) and its two balances. */
function signalOf(header: FollowedOrder | undefined, ship: ShipBalance | undefined, due: number | undefined): string {
	const own = header ? [header.dataVersion, header.posted, header.deletionMark] : ['-'];
	return shortHash(JSON.stringify([...own, ship?.quantity ?? 0, ship?.amount ?? 0, due ?? 0]), 12);
}

/** A posted order whose balance is its own total has nothing shipped (or paid); an unposted one has no balance. */
const touched = (o: FollowedOrder, left: number | undefined) => (o.posted ? left === undefined || Math.abs(left - o.total) > EPS : left !== undefined);

const waitsForConfirmation = (entry: ProgressEntry | undefined, maxAttempts: number) => entry?.p !== undefined && entry.p !== entry.r && (entry.a ?? 0) < maxAttempts;

export async function getProgress(client: OneCClient, state: ProgressState, options: GetProgressOptions): Promise<GetProgressResult> {
	const maxAttempts = options.maxAttempts ?? 5;
	const scope = { organizations: options.organizations, fromRetailCrmOnly: options.fromRetailCrmOnly ?? true };
	const recent = await readFollowedOrders(client, { since: options.since, pageSize: options.pageSize, ...scope });
	const ship = await readOpenShipBalances(client);
	const dues = await readOpenDues(client, { organizations: options.organizations });
	const firstRun = state.startedAt === null;
	const baseline = firstRun && options.firstRun === 'baseline';

	let candidates: Array<{ order: FollowedOrder; signal: string }> = [];
	const inWindow = new Set(recent.map((o) => o.ref));
	for (const order of recent) {
		const signal = signalOf(order, ship.get(order.ref), dues.get(order.ref));
		const entry = state.orders[order.ref];
		if (!entry || entry.s !== signal || waitsForConfirmation(entry, maxAttempts)) candidates.push({ order, signal });
	}
	// Older orders: open in a balance, or remembered. Their header is read only when their balances moved.
	const older = new Set([...ship.keys(), ...dues.keys(), ...Object.keys(state.orders)].filter((ref) => !inWindow.has(ref)));
	const olderSignals = new Map<string, string>();
	for (const ref of older) {
		const signal = signalOf(undefined, ship.get(ref), dues.get(ref));
		const entry = state.orders[ref];
		if (!entry || entry.s !== signal || waitsForConfirmation(entry, maxAttempts)) olderSignals.set(ref, signal);
	}
	const olderHeaders = await readOrderHeaders(client, [...olderSignals.keys()], scope);
	for (const order of olderHeaders) candidates.push({ order, signal: olderSignals.get(order.ref)! });
	const found = new Set(olderHeaders.map((o) => o.ref));
	for (const [ref, signal] of olderSignals) {
		// Not one of ours (another organization, or not written from retailCRM): remember the signal, so its header is
		// read again only when its balances move again.
		if (!found.has(ref)) state.orders[ref] = { s: signal, ...(state.orders[ref]?.r ? { r: state.orders[ref].r } : {}) };
	}
	// Not the order's progress: its signal is remembered (nothing pending), so it costs nothing until it changes again;
	// one older than the look-back is forgotten below, as it is neither recent nor open.
	const superseded = await findSupersededDocuments(client, candidates.map((c) => c.order), recent.concat(olderHeaders));
	for (const { order, signal } of candidates) {
		if (superseded.has(order.ref)) state.orders[order.ref] = { s: signal, ...(state.orders[order.ref]?.r ? { r: state.orders[order.ref].r } : {}) };
	}
	candidates = candidates.filter((c) => !superseded.has(c.order.ref));

	const shipRefs = candidates.filter((c) => touched(c.order, ship.get(c.order.ref)?.amount)).map((c) => c.order.ref);
	// A balance back at the order's total looks untouched, but after a refund the payment is still posted: an order that
	// had 1C payments is read until they are gone, or the payment written from it would be turned unpaid.
	const paying = (c: { order: FollowedOrder }) => touched(c.order, dues.get(c.order.ref)) || state.orders[c.order.ref]?.m === 1;
	const payOrders = candidates.filter(paying).map((c) => ({ ref: c.order.ref, contract: c.order.contract }));
	const movements: Map<string, OrderMovements> = await readOrderMovements(client, shipRefs);
	const payments: Map<string, OrderPayments> = await readPayments(client, payOrders, { dealFilter: options.dealFilter });

	const changed: ProgressItem[] = [];
	const waiting: string[] = [];
	for (const { order, signal } of candidates) {
		const progress = computeProgress(order, { ship: ship.get(order.ref), due: dues.get(order.ref) }, movements.get(order.ref), payments.get(order.ref));
		const hash = progressHash(progress);
		const entry = (state.orders[order.ref] ??= { s: signal });
		// Attempts used up wait for the next change in 1C: a changed signal (a 1C user wrote the document, or its
		// balances moved) gives the same progress a fresh set, e.g. after the retailCRM side was fixed meanwhile.
		if ((entry.a ?? 0) >= maxAttempts && entry.s !== signal) entry.a = 0;
		entry.s = signal;
		if (progress.payment.payments.length > 0) entry.m = 1;
		else delete entry.m;
		if (hash === entry.r) {
			delete entry.p;
			delete entry.a;
			continue;
		}
		if (entry.r === undefined && (baseline || isUntouched(progress))) {
			entry.r = hash; // the starting point, nothing to tell retailCRM
			continue;
		}
		if (entry.p !== hash) {
			entry.p = hash;
			entry.a = 0;
		}
		if ((entry.a ?? 0) >= maxAttempts) {
			waiting.push(order.ref);
			continue;
		}
		changed.push({ ...progress, progressHash: hash, attempts: entry.a ?? 0 });
		if (options.confirm === 'output') {
			entry.r = hash;
			delete entry.p;
			delete entry.a;
		}
	}
	// Forget orders neither recent nor open whose last change is settled (nothing pending).
	const candidateRefs = new Set(candidates.map((c) => c.order.ref));
	for (const [ref, entry] of Object.entries(state.orders)) {
		if (inWindow.has(ref) || ship.has(ref) || dues.has(ref) || candidateRefs.has(ref)) continue;
		if (entry.p === undefined || entry.p === entry.r) delete state.orders[ref];
	}
	if (firstRun) state.startedAt = options.now;
	return { changed, followed: inWindow.size + older.size, candidates: candidates.length, waiting };
}
