import { addRechecks, collectResults, pushWrote, settle } from '../../../nodes/RetailCrmOrders/actions/order/confirmProcessed.operation';
import { PUSH_RECHECK_NOTE, RECHECK_NOTE, initState, markProcessed, recordPending, settleOrders, type OrderResult } from '../../../nodes/core/sync/orders/cursor-state';

const now = new Date('2026-11-27T10:00:00Z');

describe('Confirm Processed: results per order', () => {
	it('one result per order, a failure wins; errors without an order id are kept apart', () => {
		const { results, unattributedErrors } = collectResults([
			{ orderId: 1, error: undefined },
			{ orderId: 2, error: 'offer 7 unmatched' },
			{ orderId: 1, error: '1C 500' },
			{ orderId: 2, error: undefined },
			{ orderId: undefined, error: 'node failed' },
			{ orderId: undefined, error: undefined },
		]);
		expect(results).toEqual([
			{ orderId: 1, outcome: 'failed', error: '1C 500' },
			{ orderId: 2, outcome: 'failed', error: 'offer 7 unmatched' },
		]);
		expect(unattributedErrors).toEqual(['node failed']);
	});

	it('a failure carries the order\'s site and CRM number (a deleted order\'s document key needs them); a success none', () => {
		const { results } = collectResults([
			{ orderId: 1, error: '1C 500', intent: 'cancel', site: 'shop-b', number: '5488' },
			{ orderId: 2, error: undefined, site: 'shop-b', number: '5489' },
		]);
		expect(results).toEqual([
			{ orderId: 1, outcome: 'failed', error: '1C 500', intent: 'cancel', site: 'shop-b', number: '5488' },
			{ orderId: 2, outcome: 'ok' },
		]);
	});
});

describe('Confirm Processed: orders the 1C step asks to look at once more (recheckOrders)', () => {
	it('go on the retry list due at once without an attempt; an order of the run keeps its own result; a quarantined one stays', () => {
		let state = initState(now, { sinceId: 10 });
		state = markProcessed(state, [{ orderId: 9, outcome: 'failed', error: 'x' }], now, { maxAttempts: 1 }).state;
		const results: OrderResult[] = [
			{ orderId: 1, outcome: 'ok' },
			{ orderId: 2, outcome: 'failed', error: '1C 500' },
		];
		addRechecks(results, [{ json: { crmOrderId: 1, recheckOrders: [2, 3, 9, '4', 'x'] } }, { json: { crmOrderId: 5 } }], state);
		expect(results).toEqual([
			{ orderId: 1, outcome: 'ok' },
			{ orderId: 2, outcome: 'failed', error: '1C 500' },
			{ orderId: 3, outcome: 'ok', recheck: true },
			{ orderId: 4, outcome: 'ok', recheck: true },
		]);
		const after = markProcessed(state, results, now).state;
		expect(after.retry['3']).toMatchObject({ attempts: 0 });
		expect(after.retry['2']).toMatchObject({ attempts: 1 });
		expect(Object.keys(after.quarantine)).toEqual(['9']);
	});
});

describe('Confirm Processed after a push: an order the 1C step wrote is read once more by the next scheduled run', () => {
	it('counts as written: created, updated, restored, cancelled, unchanged only when the run posted it; not skipped, a conflict, a failure or a dry run', () => {
		for (const action of ['created', 'updated', 'restored', 'cancelled']) expect([action, pushWrote({ action, crmOrderId: 1 })]).toEqual([action, true]);
		expect(pushWrote({ action: 'unchanged', crmOrderId: 1, postedInRun: true })).toBe(true);
		for (const action of ['unchanged', 'skipped', 'conflict', undefined]) expect([action, pushWrote({ action, crmOrderId: 1 })]).toEqual([action, false]);
		expect(pushWrote({ action: 'created', dryRun: {} })).toBe(false);
		expect(pushWrote({ action: 'created', error: '1C 500' })).toBe(false);
	});

	it('goes on the retry list due at once, no attempt counted, with its note, site and CRM number; a failure still wins; a quarantined order leaves quarantine', () => {
		let state = initState(now, { sinceId: 10 });
		state = settleOrders(state, [{ orderId: 3, outcome: 'failed', error: 'x', site: 'shop-a', number: '77' }], now, { maxAttempts: 1 }).state;
		expect(Object.keys(state.quarantine)).toEqual(['3']);
		const { results } = collectResults([
			{ orderId: 1, error: undefined, recheck: true, note: PUSH_RECHECK_NOTE, site: 'shop-b', number: '5488' },
			{ orderId: 2, error: undefined, recheck: true, note: PUSH_RECHECK_NOTE },
			{ orderId: 2, error: '1C 500' },
			{ orderId: 3, error: undefined, recheck: true, note: PUSH_RECHECK_NOTE },
			{ orderId: 4, error: undefined, recheck: true },
		]);
		const settled = settleOrders(state, results, now);
		expect(settled.changed).toBe(true);
		expect(settled.state.retry).toEqual({
			'1': { attempts: 0, lastError: PUSH_RECHECK_NOTE, firstFailedAt: now.toISOString(), lastTriedAt: '', site: 'shop-b', number: '5488' },
			'2': expect.objectContaining({ attempts: 1, lastError: '1C 500' }),
			// Its key fields come from the entry it had when the push named none.
			'3': { attempts: 0, lastError: PUSH_RECHECK_NOTE, firstFailedAt: now.toISOString(), lastTriedAt: '', site: 'shop-a', number: '77' },
			'4': { attempts: 0, lastError: RECHECK_NOTE, firstFailedAt: now.toISOString(), lastTriedAt: '' },
		});
		expect(settled.state.quarantine).toEqual({});
		expect(settled.state.sinceId).toBe(10);
	});
});

describe('Confirm Processed: settle across the two runs n8n makes (error branch, success branch)', () => {
	const pending = () => recordPending(initState(now, { sinceId: 10 }), { maxHistoryId: 40, orderIds: [1, 2, 3] }, now);

	it('a partial confirm keeps the rest pending; the second settles them and moves the cursor', () => {
		const first = settle(pending(), [{ orderId: 2, outcome: 'failed', error: 'x' }], now, 5);
		expect(first.advanced).toBe(false);
		expect(first.state.sinceId).toBe(10);
		expect(first.state.pending?.orderIds).toEqual([1, 3]);
		expect(first.state.retry['2'].attempts).toBe(1);

		const second = settle(first.state, [{ orderId: 1, outcome: 'ok' }, { orderId: 3, outcome: 'ok' }], now, 5);
		expect(second.advanced).toBe(true);
		expect(second.state.sinceId).toBe(40);
		expect(second.state.pending).toBeUndefined();
		expect(second.state.retry['2'].attempts).toBe(1);
	});

	it('nothing attributable keeps every order pending and the cursor in place', () => {
		const out = settle(pending(), [], now, 5);
		expect(out.advanced).toBe(false);
		expect(out.state.sinceId).toBe(10);
		expect(out.state.pending?.orderIds).toEqual([1, 2, 3]);
	});

	it('a stale pending run (cursor moved meanwhile) is dropped, never re-armed', () => {
		const state = { ...pending(), sinceId: 20 };
		const out = settle(state, [{ orderId: 1, outcome: 'ok' }], now, 5);
		expect(out.advanced).toBe(false);
		expect(out.state.sinceId).toBe(20);
		expect(out.state.pending).toBeUndefined();
	});

	it('quarantines after Max Attempts', () => {
		let state = initState(now, { sinceId: 1 });
		for (let i = 0; i < 2; i++) state = settle(state, [{ orderId: 9, outcome: 'failed', error: `e${i}` }], now, 3).state;
		const third = settle(state, [{ orderId: 9, outcome: 'failed', error: 'e2' }], now, 3);
		expect(third.quarantined).toEqual([9]);
		expect(third.state.quarantine['9']).toMatchObject({ attempts: 3, lastError: 'e2' });
		expect(third.state.retry['9']).toBeUndefined();
	});
});
