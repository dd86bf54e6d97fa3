import { buildCustomerOrder } from '../../../../nodes/core/sync/orders/document';
import { planOrderUpsert } from '../../../../nodes/core/sync/orders/upsert-plan';
import { ORDER_5488, refsFor } from './seed-orders';

const existingFrom = (payload: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	...JSON.parse(JSON.stringify(payload)),
	Ref_Key: 'doc',
	Posted: true,
	...extra,
});

describe('planOrderUpsert', () => {
	it('create: the full body, numbered', () => {
		const order = ORDER_5488();
		const plan = planOrderUpsert(order, refsFor(order), undefined);
		expect(plan.action).toBe('create');
		expect(plan.body?.Number).toBe('ЦРМ00005488');
		expect(plan.body?.СуммаДокумента).toBe(1990);
		expect(plan.fingerprint).toMatch(/^[0-9a-f]{40}$/);
	});

	it('unchanged on a replay, even if 1C numbered the document itself', () => {
		const order = ORDER_5488();
		const payload = buildCustomerOrder(order, refsFor(order)).payload as unknown as Record<string, unknown>;
		const plan = planOrderUpsert(order, refsFor(order), existingFrom(payload, { Number: 'ТД000000054' }));
		expect(plan).toMatchObject({ action: 'unchanged', changes: [], repost: false });
		expect(plan.body).toBeUndefined();
	});

	it('update: PATCH body without Number (and Date when fixed by the caller), repost a posted document', () => {
		const order = ORDER_5488();
		const payload = buildCustomerOrder(order, refsFor(order)).payload as unknown as Record<string, unknown>;
		order.customerComment = 'Домофон 12';
		const plan = planOrderUpsert(order, refsFor(order), existingFrom(payload, { Date: '2026-01-01T00:00:00' }), { date: '2026-11-27T12:00:00' });
		expect(plan.action).toBe('update');
		expect(plan.changes).toEqual(['Комментарий']);
		expect(plan.body).not.toHaveProperty('Number');
		expect(plan.body).not.toHaveProperty('Date');
		expect(plan.body?.Комментарий).toBe('retailCRM №5488\nДомофон 12');
		expect(plan.repost).toBe(true);
		const unposted = planOrderUpsert(order, refsFor(order), existingFrom(payload, { Posted: false }));
		expect(unposted.repost).toBe(false);
		expect(unposted.changes).toEqual(['Комментарий']);
	});
});
