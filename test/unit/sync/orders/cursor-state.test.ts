import {
	deletedOrderStub,
	historyQuery,
	initState,
	listQuarantine,
	markProcessed,
	migrateState,
	ordersToProcess,
	recordPending,
	releaseFromQuarantine,
	retryDue,
	settleOrders,
	type OrderSyncState,
} from '../../../../nodes/core/sync/orders/cursor-state';

const t = (minute: number) => new Date(Date.UTC(2026, 10, 27, 12, minute, 0));

/** One workflow run: Get Changed → (1C) → Confirm Processed. Static data is saved as JSON between runs. */
function run(state: OrderSyncState, seen: { maxHistoryId: number | undefined; orderIds: number[] }, minute: number) {
	const afterGet = recordPending(state, seen, t(minute));
	return { afterGet, toProcess: ordersToProcess(afterGet, seen.orderIds) };
}
const persist = (s: OrderSyncState): OrderSyncState => migrateState(JSON.parse(JSON.stringify(s)), t(59));

describe('initial state and migration', () => {
	it('starts from a date or a history id', () => {
		expect(historyQuery(initState(t(0), { startDate: '2026-11-26 00:00:00' }))).toEqual({ startDate: '2026-11-26 00:00:00' });
		expect(historyQuery(initState(t(0), { sinceId: 7000 }))).toEqual({ sinceId: 7000 });
		expect(initState(t(0))).toEqual({ version: 1, sinceId: null, retry: {}, quarantine: {}, updatedAt: '2026-11-27T12:00:00.000Z' });
	});

	it('migrates empty and version-0 data, keeps version 1, refuses newer versions', () => {
		expect(migrateState(undefined, t(0), { sinceId: 5 }).sinceId).toBe(5);
		expect(migrateState({}, t(0)).version).toBe(1);
		expect(migrateState({ sinceId: 7100 }, t(0))).toMatchObject({ version: 1, sinceId: 7100, retry: {}, quarantine: {} });
		expect(migrateState({ lastHistoryId: 7200 }, t(0)).sinceId).toBe(7200);
		const v1 = { ...initState(t(0), { sinceId: 3 }), retry: { '9': { attempts: 1, lastError: 'x', firstFailedAt: 'a', lastTriedAt: 'b' } } };
		expect(migrateState(v1, t(1))).toEqual(v1);
		expect(() => migrateState({ version: 2, sinceId: 1 }, t(0))).toThrow(/version 2/);
		expect(() => migrateState({ version: 1, sinceId: -1 }, t(0))).toThrow(/sinceId/);
		expect(() => migrateState('x', t(0))).toThrow();
	});
});

describe('advancing the cursor', () => {
	it('Get Changed records a candidate but does not move sinceId; Confirm commits it', () => {
		const start = initState(t(0), { sinceId: 7000 });
		const { afterGet, toProcess } = run(start, { maxHistoryId: 7050, orderIds: [5488, 5489] }, 1);
		expect(afterGet.sinceId).toBe(7000);
		expect(afterGet.pending).toMatchObject({ fromSinceId: 7000, candidateSinceId: 7050, orderIds: [5488, 5489] });
		expect(historyQuery(afterGet)).toEqual({ sinceId: 7000 });
		expect(toProcess).toEqual([5488, 5489]);

		const done = markProcessed(persist(afterGet), [{ orderId: 5488, outcome: 'ok' }, { orderId: 5489, outcome: 'ok' }], t(2));
		expect(done.advanced).toBe(true);
		expect(done.state.sinceId).toBe(7050);
		expect(done.state.pending).toBeUndefined();
		expect(start.sinceId).toBe(7000); // inputs are never mutated
	});

	it('moves past a page with no triggering order, stays put on an empty page, leaves the first-run date', () => {
		const first = initState(t(0), { startDate: '2026-11-26 00:00:00' });
		const noTrigger = markProcessed(recordPending(first, { maxHistoryId: 7300, orderIds: [] }, t(1)), [], t(1));
		expect(noTrigger.state.sinceId).toBe(7300);
		expect(historyQuery(noTrigger.state)).toEqual({ sinceId: 7300 });
		const empty = markProcessed(recordPending(noTrigger.state, { maxHistoryId: undefined, orderIds: [] }, t(2)), [], t(2));
		expect(empty.state.sinceId).toBe(7300);
		expect(empty.advanced).toBe(false);
	});

	it('does not advance while a pending order has no result (it will be fetched again)', () => {
		const afterGet = recordPending(initState(t(0), { sinceId: 7000 }), { maxHistoryId: 7050, orderIds: [1, 2, 3] }, t(1));
		const out = markProcessed(afterGet, [{ orderId: 1, outcome: 'ok' }, { orderId: 3, outcome: 'ok' }], t(2));
		expect(out.advanced).toBe(false);
		expect(out.unaccounted).toEqual([2]);
		expect(out.state.sinceId).toBe(7000);
	});

	it('a stale confirm (cursor moved since Get Changed) moves nothing', () => {
		const afterGet = recordPending(initState(t(0), { sinceId: 7000 }), { maxHistoryId: 7050, orderIds: [] }, t(1));
		const moved = { ...afterGet, sinceId: 7100 };
		expect(markProcessed(moved, [], t(2)).state.sinceId).toBe(7100);
	});
});

describe('retry and quarantine', () => {
	it('a failed order is parked for retry and does not hold the cursor', () => {
		const afterGet = recordPending(initState(t(0), { sinceId: 7000 }), { maxHistoryId: 7050, orderIds: [5488, 5490] }, t(1));
		const out = markProcessed(afterGet, [{ orderId: 5488, outcome: 'ok' }, { orderId: 5490, outcome: 'failed', error: 'ИНН not unique' }], t(2));
		expect(out.state.sinceId).toBe(7050);
		expect(out.state.retry).toEqual({ '5490': { attempts: 1, lastError: 'ИНН not unique', firstFailedAt: t(2).toISOString(), lastTriedAt: t(2).toISOString() } });
		// Next run retries it even though history no longer mentions it.
		expect(ordersToProcess(out.state, [5491])).toEqual([5491, 5490]);
	});

	it('quarantines after N failed attempts (default 5), counts and keeps the first failure time', () => {
		let state = initState(t(0), { sinceId: 1 });
		const quarantinedAt: number[] = [];
		for (let attempt = 1; attempt <= 5; attempt++) {
			state = recordPending(state, { maxHistoryId: 1 + attempt, orderIds: attempt === 1 ? [42] : [] }, t(attempt));
			const out = markProcessed(persist(state), [{ orderId: 42, outcome: 'failed', error: `boom ${attempt}` }], t(attempt));
			state = out.state;
			if (out.quarantined.length) quarantinedAt.push(attempt);
		}
		expect(quarantinedAt).toEqual([5]);
		expect(state.retry).toEqual({});
		expect(listQuarantine(state)).toEqual([
			{ orderId: 42, attempts: 5, lastError: 'boom 5', firstFailedAt: t(1).toISOString(), lastTriedAt: t(5).toISOString(), quarantinedAt: t(5).toISOString() },
		]);
		expect(ordersToProcess(state, [])).toEqual([]);
		expect(state.sinceId).toBe(6);
	});

	it('honours a custom attempt limit, clears on success, caps long errors', () => {
		let state = initState(t(0), { sinceId: 1 });
		state = markProcessed(state, [{ orderId: 7, outcome: 'failed', error: 'x'.repeat(5000) }], t(1), { maxAttempts: 2 }).state;
		expect(state.retry['7'].lastError.length).toBeLessThanOrEqual(1000);
		const second = markProcessed(state, [{ orderId: 7, outcome: 'failed', error: 'again' }], t(2), { maxAttempts: 2 });
		expect(second.quarantined).toEqual([7]);
		const ok = markProcessed(state, [{ orderId: 7, outcome: 'ok' }], t(2));
		expect(ok.state.retry).toEqual({});
	});

	it('backs off between attempts: 5, 10, 20 … minutes after the last try, capped', () => {
		let state = initState(t(0), { sinceId: 1 });
		state = markProcessed(state, [{ orderId: 5, outcome: 'failed', error: 'locked' }], t(0)).state;
		expect(ordersToProcess(state, [], t(4))).toEqual([]);
		expect(ordersToProcess(state, [], t(5))).toEqual([5]);
		expect(ordersToProcess(state, [])).toEqual([5]); // no clock given: everything parked
		state = markProcessed(state, [{ orderId: 5, outcome: 'failed', error: 'locked' }], t(5)).state;
		expect(ordersToProcess(state, [], t(14))).toEqual([]);
		expect(ordersToProcess(state, [], t(15))).toEqual([5]);
		// a new trigger for the same order is processed at once
		expect(ordersToProcess(state, [5], t(6))).toEqual([5]);
		const entry = { attempts: 30, lastError: '', firstFailedAt: '', lastTriedAt: t(0).toISOString() };
		expect(retryDue(entry, new Date(t(0).getTime() + 6 * 3_600_000))).toBe(true);
		expect(retryDue(entry, t(30), { retryBaseDelayMs: 1, retryMaxDelayMs: 60_000 })).toBe(true);
		expect(retryDue({ ...entry, attempts: 1 }, t(0), { retryBaseDelayMs: 0 })).toBe(true);
	});

	it('replay: released orders retry with a fresh count; a quarantined order that succeeds leaves quarantine', () => {
		let state = initState(t(0), { sinceId: 1 });
		state = markProcessed(state, [{ orderId: 9, outcome: 'failed', error: 'e' }], t(1), { maxAttempts: 1 }).state;
		expect(Object.keys(state.quarantine)).toEqual(['9']);
		const failedAgain = markProcessed(state, [{ orderId: 9, outcome: 'failed', error: 'e2' }], t(2), { maxAttempts: 1 }).state;
		expect(failedAgain.quarantine['9']).toMatchObject({ attempts: 2, lastError: 'e2' });
		const released = releaseFromQuarantine(state, [9, 10], t(3));
		expect(released.quarantine).toEqual({});
		expect(released.retry['9']).toMatchObject({ attempts: 0, lastError: 'e' });
		expect(ordersToProcess(released, [])).toEqual([9]);
		expect(markProcessed(state, [{ orderId: 9, outcome: 'ok' }], t(4)).state.quarantine).toEqual({});
	});

	it('released orders are due at once, even a minute after the try that quarantined them (the form row tries them in its own execution)', () => {
		const failedAt = new Date('2026-12-07T10:00:00Z');
		const state = markProcessed(initState(failedAt, { sinceId: 1 }), [{ orderId: 9, outcome: 'failed', error: 'e' }], failedAt, { maxAttempts: 1 }).state;
		const aMinuteLater = new Date(failedAt.getTime() + 60_000);
		const released = releaseFromQuarantine(state, [9], aMinuteLater);
		expect(ordersToProcess(released, [], aMinuteLater, { retryBaseDelayMs: 4 * 60_000 })).toEqual([9]);
	});

	it('a released order keeps what it wanted when it failed (an order that failed while loading is still loaded)', () => {
		let state = initState(t(0), { sinceId: 1 });
		state = markProcessed(state, [{ orderId: 9, outcome: 'failed', error: 'e', intent: 'load' }, { orderId: 10, outcome: 'failed', error: 'e' }], t(1), { maxAttempts: 1 }).state;
		expect(state.quarantine['9'].intent).toBe('load');
		const released = releaseFromQuarantine(state, [9, 10], t(2));
		expect(released.retry['9']).toEqual({ attempts: 0, lastError: 'e', firstFailedAt: t(1).toISOString(), lastTriedAt: '', intent: 'load' });
		expect(released.retry['10']).not.toHaveProperty('intent');
	});
});

describe('what finds a deleted order\'s document: the site and number a retry entry keeps', () => {
	it('a retry entry saved before entries kept a site or number still loads, is retried, and its deleted stub is the bare id', () => {
		const saved = {
			version: 1,
			sinceId: 40,
			retry: { '7': { attempts: 2, lastError: 'e', firstFailedAt: t(0).toISOString(), lastTriedAt: t(1).toISOString(), intent: 'cancel' } },
			quarantine: { '8': { attempts: 5, lastError: 'e', firstFailedAt: t(0).toISOString(), lastTriedAt: t(1).toISOString(), quarantinedAt: t(1).toISOString() } },
			updatedAt: t(1).toISOString(),
		};
		const state = migrateState(JSON.parse(JSON.stringify(saved)), t(2));
		expect(state.retry['7']).toEqual(saved.retry['7']);
		expect(ordersToProcess(state, [])).toEqual([7]);
		expect(deletedOrderStub(7, state.retry['7'])).toEqual({ id: 7, deleted: true });
		// Its next failure names the site: from then on the entry keeps it.
		const next = settleOrders(state, [{ orderId: 7, outcome: 'failed', error: 'e2', site: 'shop-b' }], t(3)).state;
		expect(next.retry['7']).toMatchObject({ attempts: 3, intent: 'cancel', site: 'shop-b' });
		expect(releaseFromQuarantine(state, [8], t(3)).retry['8']).toEqual({ attempts: 0, lastError: 'e', firstFailedAt: t(0).toISOString(), lastTriedAt: '' });
	});

	it('keeps what an earlier failure knew when a later one (a deleted order\'s history stub) does not say it, through quarantine and release', () => {
		let state = initState(t(0), { sinceId: 1 });
		state = settleOrders(state, [{ orderId: 9, outcome: 'failed', error: 'e', intent: 'follow', site: 'shop-b', number: '5488' }], t(1)).state;
		state = persist(settleOrders(state, [{ orderId: 9, outcome: 'failed', error: 'e2', intent: 'cancel' }], t(2)).state);
		expect(state.retry['9']).toMatchObject({ attempts: 2, intent: 'cancel', site: 'shop-b', number: '5488' });
		expect(deletedOrderStub(9, state.retry['9'])).toEqual({ id: 9, deleted: true, site: 'shop-b', number: '5488' });
		// What history says wins over the entry.
		expect(deletedOrderStub(9, state.retry['9'], { site: 'shop-c' })).toEqual({ id: 9, deleted: true, site: 'shop-c', number: '5488' });
		const held = settleOrders(state, [{ orderId: 9, outcome: 'failed', error: 'e3' }], t(3), { maxAttempts: 3 }).state;
		expect(held.quarantine['9']).toMatchObject({ site: 'shop-b', number: '5488' });
		expect(releaseFromQuarantine(held, [9], t(4)).retry['9']).toMatchObject({ attempts: 0, site: 'shop-b', number: '5488' });
		expect(settleOrders(held, [{ orderId: 9, outcome: 'ok' }], t(5)).state).toMatchObject({ retry: {}, quarantine: {} });
	});
});

describe('failure between the 1C write and Confirm Processed', () => {
	it('replays the same orders next run, then advances once confirmed', () => {
		const start = persist(initState(t(0), { sinceId: 7000 }));
		// Run 1: Get Changed sees 5488..5490; the 1C writes happen; the workflow fails before Confirm.
		// n8n still saves static data as Get Changed left it.
		const run1 = persist(run(start, { maxHistoryId: 7050, orderIds: [5488, 5489, 5490] }, 1).afterGet);
		expect(run1.sinceId).toBe(7000);
		expect(historyQuery(run1)).toEqual({ sinceId: 7000 });

		// Run 2 reads the same cursor, so the same history and the same orders come back.
		const run2 = run(run1, { maxHistoryId: 7055, orderIds: [5488, 5489, 5490] }, 2);
		expect(run2.toProcess).toEqual([5488, 5489, 5490]);
		expect(run2.afterGet.pending?.fromSinceId).toBe(7000);
		const confirmed = markProcessed(persist(run2.afterGet), [5488, 5489, 5490].map((orderId) => ({ orderId, outcome: 'ok' as const })), t(3));
		expect(confirmed.state.sinceId).toBe(7055);
		expect(historyQuery(confirmed.state)).toEqual({ sinceId: 7055 });
	});
});

describe('settling orders without the cursor (the webhook row)', () => {
	const withPending = () => recordPending(persist(initState(t(0), { sinceId: 7000 })), { maxHistoryId: 7050, orderIds: [5488, 5489] }, t(1));

	it('a failure goes on the retry list; sinceId, startDate and pending stay exactly as they were', () => {
		const before = withPending();
		const out = settleOrders(before, [{ orderId: 5490, outcome: 'failed', error: 'refused', intent: 'load' }], t(2));
		expect(out.changed).toBe(true);
		expect(out.state.retry['5490']).toMatchObject({ attempts: 1, lastError: 'refused', intent: 'load' });
		expect(out.state.sinceId).toBe(7000);
		expect(out.state.pending).toEqual(before.pending);
		// markProcessed, by contrast, ends the pending run.
		expect(markProcessed(before, [{ orderId: 5490, outcome: 'ok' }], t(2)).state.pending).toBeUndefined();
	});

	it('a success of an order not on any list changes nothing (the caller saves nothing)', () => {
		const before = withPending();
		const out = settleOrders(before, [{ orderId: 5490, outcome: 'ok' }], t(2));
		expect(out.changed).toBe(false);
		expect(out.state).toEqual(before);
	});

	it('a success takes the order off the retry list and out of quarantine; a conflict is listed', () => {
		let state = settleOrders(withPending(), [{ orderId: 1, outcome: 'failed', error: 'x' }], t(2), { maxAttempts: 1 }).state;
		state = settleOrders(state, [{ orderId: 2, outcome: 'failed', error: 'y' }], t(2)).state;
		expect(Object.keys(state.quarantine)).toEqual(['1']);
		const out = settleOrders(state, [{ orderId: 1, outcome: 'ok' }, { orderId: 2, outcome: 'conflict', conflict: { reason: 'shipped', message: 'm' } }], t(3));
		expect(out.changed).toBe(true);
		expect(out.state.quarantine).toEqual({});
		expect(out.state.retry).toEqual({});
		expect(out.state.conflicts).toEqual({ '2': { reason: 'shipped', message: 'm', at: t(3).toISOString() } });
		expect(out.state.pending).toEqual(withPending().pending);
	});
});
