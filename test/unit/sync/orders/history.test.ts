import { findTriggeredOrders, type HistoryRecordLike } from '../../../../nodes/core/sync/orders/history';

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

describe('orders entering trigger statuses', () => {
	const statuses = ['send-to-1c', 'complete'];

	it('collects status changes into a trigger status, in order of first appearance, deduplicated', () => {
		const out = findTriggeredOrders(
			[
				statusChange(7001, 5490, 'send-to-1c'),
				statusChange(7002, 5488, 'client-confirmed'),
				statusChange(7003, 5488, 'complete'),
				statusChange(7004, 5490, 'complete'),
				{ id: 7005, field: 'manager_comment', newValue: 'x', order: { id: 5489, status: 'send-to-1c' } },
			],
			{ statuses },
		);
		expect(out.orderIds).toEqual([5490, 5488]);
		expect(out.maxHistoryId).toBe(7005);
	});

	it('counts an order created directly in a trigger status', () => {
		const out = findTriggeredOrders(
			[
				{ id: 10, created: true, source: 'api', apiKey: { current: false }, order: { id: 5489, status: 'send-to-1c', site: 'test-crm10' } },
				{ id: 11, created: true, source: 'user', order: { id: 5491, status: 'new', site: 'test-crm10' } },
			],
			{ statuses },
		);
		expect(out.orderIds).toEqual([5489]);
	});

	it('ignores our own write-backs (apiKey.current) but still advances the cursor past them', () => {
		const out = findTriggeredOrders(
			[statusChange(20, 5488, 'complete', { source: 'api', apiKey: { current: true } }), statusChange(21, 5490, 'complete', { source: 'api', apiKey: { current: false } })],
			{ statuses },
		);
		expect(out.orderIds).toEqual([5490]);
		expect(out.maxHistoryId).toBe(21);
		expect(findTriggeredOrders([statusChange(20, 5488, 'complete', { apiKey: { current: true } })], { statuses, ignoreOwnChanges: false }).orderIds).toEqual([5488]);
	});

	it('filters by site and drops orders deleted in the same slice', () => {
		const out = findTriggeredOrders(
			[
				statusChange(30, 1, 'complete'),
				statusChange(31, 2, 'complete', { order: { id: 2, site: 'other-shop', status: 'complete' } }),
				statusChange(32, 3, 'complete'),
				{ id: 33, deleted: true, order: { id: 3, site: 'test-crm10' } },
			],
			{ statuses, sites: ['test-crm10'] },
		);
		expect(out.orderIds).toEqual([1]);
		expect(out.deletedOrderIds).toEqual([3]);
	});

	it('accepts a plain string newValue and returns no cursor for an empty page', () => {
		expect(findTriggeredOrders([statusChange(40, 9, 'x', { newValue: 'complete' })], { statuses }).orderIds).toEqual([9]);
		expect(findTriggeredOrders([], { statuses })).toEqual({ orderIds: [], deletedOrderIds: [], maxHistoryId: undefined });
	});
});
