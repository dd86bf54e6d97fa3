import { inSites, orderScope, readOrderChanges, type HistoryRecordLike } from '../../../../nodes/core/sync/orders/history';

const statusChange = (id: number, orderId: number, code: string, extra: Partial<HistoryRecordLike> = {}): HistoryRecordLike => ({
	id,
	createdAt: '2015-10-12 17:00:00',
	source: 'user',
	user: { id: 19 },
	field: 'status',
	oldValue: { code: 'new' },
	newValue: { code },
	order: { id: orderId, site: 'test-crm10', status: code },
	...extra,
} as HistoryRecordLike);

describe('what a history slice says about each order', () => {
	const statuses = ['send-to-1c', 'complete'];
	const cancelStatuses = ['cancel-other'];

	it('lists every order changed by someone else, in order of first change, and which entered a trigger or cancel status', () => {
		const out = readOrderChanges(
			[
				statusChange(7001, 5490, 'send-to-1c'),
				statusChange(7002, 5488, 'client-confirmed'),
				statusChange(7003, 5488, 'complete'),
				statusChange(7004, 5490, 'cancel-other'),
				{ id: 7005, field: 'manager_comment', newValue: 'x', order: { id: 5489, status: 'send-to-1c' } },
			],
			{ statuses, cancelStatuses },
		);
		expect(out.touched).toEqual([5490, 5488, 5489]);
		expect([...out.enteredTrigger].sort()).toEqual([5488, 5490]);
		expect([...out.enteredCancel]).toEqual([5490]);
		expect(out.maxHistoryId).toBe(7005);
	});

	it('counts an order created directly in a trigger status', () => {
		const out = readOrderChanges(
			[
				{ id: 10, created: true, source: 'api', apiKey: { current: false }, order: { id: 5489, status: 'send-to-1c', site: 'test-crm10' } },
				{ id: 11, created: true, source: 'user', order: { id: 5491, status: 'new', site: 'test-crm10' } },
			],
			{ statuses },
		);
		expect([...out.enteredTrigger]).toEqual([5489]);
		expect(out.touched).toEqual([5489, 5491]);
	});

	it('ignores our own write-backs (apiKey.current) but still advances the cursor past them', () => {
		const out = readOrderChanges(
			[statusChange(20, 5488, 'complete', { source: 'api', apiKey: { current: true } }), statusChange(21, 5490, 'complete', { source: 'api', apiKey: { current: false } })],
			{ statuses },
		);
		expect(out.touched).toEqual([5490]);
		expect(out.maxHistoryId).toBe(21);
		expect(readOrderChanges([statusChange(20, 5488, 'complete', { apiKey: { current: true } })], { statuses, ignoreOwnChanges: false }).touched).toEqual([5488]);
	});

	it('filters by site and reports orders deleted in the slice, with the number a created record gave', () => {
		const out = readOrderChanges(
			[
				statusChange(30, 1, 'complete'),
				statusChange(31, 2, 'complete', { order: { id: 2, site: 'other-shop', status: 'complete' } }),
				{ id: 32, created: true, order: { id: 3, number: '5493', site: 'test-crm10', status: 'complete' } },
				{ id: 33, deleted: true, order: { id: 3, site: 'test-crm10' } },
				{ id: 34, deleted: true, source: 'api', apiKey: { current: true }, order: { id: 4, site: 'test-crm10' } },
			],
			{ statuses, sites: ['test-crm10'] },
		);
		expect(out.touched).toEqual([1]);
		expect(out.deleted).toEqual([
			{ id: 3, site: 'test-crm10', number: '5493' },
			{ id: 4, site: 'test-crm10' },
		]);
	});

	it('one site rule for the history and the pushed order: none chosen is every site, an order without one is in no chosen site', () => {
		expect(inSites('test-crm10', new Set())).toBe(true);
		expect(inSites(undefined, new Set())).toBe(true);
		expect(inSites('test-crm10', new Set(['test-crm10', 'shop-b']))).toBe(true);
		expect(inSites('shop-c', new Set(['test-crm10']))).toBe(false);
		expect(inSites(null, new Set(['test-crm10']))).toBe(false);
		expect(readOrderChanges([statusChange(35, 7, 'complete')], { statuses, sites: [] }).touched).toEqual([7]);
	});

	it('accepts a plain string newValue and returns no cursor for an empty page', () => {
		expect([...readOrderChanges([statusChange(40, 9, 'x', { newValue: 'complete' })], { statuses }).enteredTrigger]).toEqual([9]);
		expect(readOrderChanges([], { statuses })).toEqual({ touched: [], enteredTrigger: new Set(), enteredCancel: new Set(), deleted: [], maxHistoryId: undefined });
	});
});

describe('order scope: the intent from the current status', () => {
	const scope = { statuses: new Set(['send-to-assembling']), cancelStatuses: new Set(['cancel-other', 'no-product']) };
	const base = { status: 'new', enteredTrigger: false, enteredCancel: false, looksLoaded: false, retry: false };

	it('loads an order in a trigger status, whatever its history says', () => {
		expect(orderScope({ ...base, status: 'send-to-assembling' }, scope)).toEqual({ intent: 'load', reason: 'triggerStatus' });
	});

	it('an order that entered a trigger status and was cancelled before the run is released, not loaded', () => {
		expect(orderScope({ ...base, status: 'cancel-other', enteredTrigger: true }, scope)).toEqual({ intent: 'cancel', reason: 'cancelStatus' });
	});

	it('an order that passed through a trigger status is loaded unless the option says only the current status counts', () => {
		expect(orderScope({ ...base, status: 'assembling', enteredTrigger: true }, scope)).toEqual({ intent: 'load', reason: 'passedTrigger' });
		expect(orderScope({ ...base, status: 'assembling', enteredTrigger: true }, { ...scope, loadPassedThrough: false })).toBeUndefined();
	});

	it('a loaded order that changed follows; a never-loaded one in another status is left alone', () => {
		expect(orderScope({ ...base, status: 'assembling', looksLoaded: true }, scope)).toEqual({ intent: 'follow', reason: 'loadedOrderChanged' });
		expect(orderScope({ ...base, status: 'assembling' }, scope)).toBeUndefined();
		expect(orderScope({ ...base, status: 'no-product' }, scope)).toBeUndefined();
		expect(orderScope({ ...base, status: 'no-product', looksLoaded: true }, scope)).toEqual({ intent: 'cancel', reason: 'cancelStatus' });
	});

	it('a retry is read in its current status too: cancelled in the meantime means released', () => {
		expect(orderScope({ ...base, status: 'cancel-other', retry: true }, scope)).toEqual({ intent: 'cancel', reason: 'cancelStatus' });
		expect(orderScope({ ...base, status: 'assembling', retry: true }, scope)).toEqual({ intent: 'follow', reason: 'retry' });
	});
});
