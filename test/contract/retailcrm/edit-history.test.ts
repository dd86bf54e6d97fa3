import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_ORDER_IDS } from '../../sandboxes/retailcrm/server';
import { changedParts, get, postForm, snapshot, start } from './helpers';

describe('order edits: history field names and recomputed sums', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('refuses a custom field code the account does not define, or a value its type does not take, and changes nothing', async () => {
		sb.state.customFieldDefinitions!.push({ code: 'boxes', name: 'Коробок', entity: 'order', type: 'integer', ordering: 40 }, { code: 'vip_note', name: 'VIP', entity: 'customer', type: 'string', ordering: 50 });
		const before = snapshot(sb);
		const edit = (customFields: Record<string, unknown>) => postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, { by: 'id', order: { status: 'send-to-assembling', customFields } });
		for (const [fields, key, text] of [
			[{ onec_number: 'A', no_such: 'x' }, 'customFields[no_such]', /does not exist/],
			[{ vip_note: 'x' }, 'customFields[vip_note]', /does not exist/],
			[{ boxes: 'two' }, 'customFields[boxes]', /integer/],
		] as const) {
			const r = await edit(fields);
			expect(r.status).toBe(400);
			expect(r.data).toMatchObject({ success: false, errorMsg: 'Order is not loaded' });
			expect(r.data.errors[key]).toMatch(text);
		}
		const created = await postForm(sb, '/api/v5/orders/create', { site: 'test-crm10', order: { firstName: 'X', customFields: { no_such: 'x' } } });
		expect(created.status).toBe(400);
		expect(changedParts(before, sb)).toEqual([]);
		const ok = await edit({ onec_number: 'A', boxes: 2 });
		expect(ok.data).toMatchObject({ success: true });
		expect(sb.state.orders.find((o) => o.id === SEED_ORDER_IDS['5488'])!.customFields).toMatchObject({ onec_number: 'A', boxes: 2 });
	});

	it('refuses a shipmentDate that is not Y-m-d and a flag that is not a boolean, and changes nothing', async () => {
		const before = snapshot(sb);
		const edit = (order: Record<string, unknown>) => postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, { by: 'id', order });
		for (const [order, key] of [
			[{ shipmentDate: '20.06.2024' }, 'shipmentDate'],
			[{ shipmentDate: '2024-06-20T10:00:00' }, 'shipmentDate'],
			[{ shipped: 'true' }, 'shipped'],
			[{ shipped: 1 }, 'shipped'],
		] as const) {
			const r = await edit(order);
			expect(r.status).toBe(400);
			expect(Object.keys(r.data.errors)).toEqual([key]);
		}
		expect(changedParts(before, sb)).toEqual([]);
		expect((await edit({ shipmentDate: '2024-06-20', shipped: true })).data.success).toBe(true);
	});

	it('writes one record per changed field with snake_case names and reference values as {code}', async () => {
		const r = await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, {
			by: 'id',
			order: {
				customFields: { onec_number: 'ЦРМ00005488' },
				shipmentStore: 'showroom',
				orderType: 'eshop-legal',
				delivery: { code: 'russian-post', cost: 300, address: { city: 'Тула' } },
				contragent: { contragentType: 'legal-entity', INN: '7701234567' },
				managerId: 9,
				phone: '+79990000001',
			},
		});
		expect(r.status).toBe(200);
		expect(r.data.order.totalSumm).toBe(2100);
		const h = (await get(sb, `/api/v5/orders/history?filter[orderId]=${SEED_ORDER_IDS['5488']}&filter[sinceId]=3`)).data.history;
		expect(h.map((x: any) => [x.field, x.oldValue, x.newValue])).toEqual([
			['order_type', { code: 'eshop-individual' }, { code: 'eshop-legal' }],
			['shipment_store', { code: 'main' }, { code: 'showroom' }],
			['manager', { id: 7 }, { id: 9 }],
			['custom_onec_number', null, 'ЦРМ00005488'],
			['contragent.contragent_type', 'individual', 'legal-entity'],
			['contragent.inn', null, '7701234567'],
			['delivery_type', { code: 'courier' }, { code: 'russian-post' }],
			['delivery_cost', 190, 300],
			['delivery_address.city', 'Москва', 'Тула'],
		]);
		// The phone did not change, so no record for it.
		expect(h.some((x: any) => x.field === 'phone')).toBe(false);
	});

	it('replacing items writes order_product removals and additions and recomputes the sums', async () => {
		const r = await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5490']}/edit`, { by: 'id', order: { items: [{ offer: { id: 2 }, quantity: 2, initialPrice: 310, discountTotal: 10 }] } });
		expect(r.data.order).toMatchObject({ summ: 600, totalSumm: 790 });
		expect(r.data.order.items).toEqual([expect.objectContaining({ quantity: 2, initialPrice: 310, discountTotal: 10, prices: [{ price: 300, quantity: 2 }] })]);
		const h = (await get(sb, `/api/v5/orders/history?filter[orderId]=${SEED_ORDER_IDS['5490']}&filter[sinceId]=3`)).data.history;
		expect(h.map((x: any) => [x.field, x.oldValue === null, x.newValue === null, x.item.offer.id])).toEqual([
			['order_product', false, true, 1],
			['order_product', true, false, 2],
		]);
	});

	it('unknown references are rejected with field errors and nothing is written', async () => {
		const before = sb.state.history.length;
		const r = await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5490']}/edit`, { by: 'id', order: { shipmentStore: 'nowhere', orderMethod: 'pigeon', items: [{ offer: { id: 99999 } }] } });
		expect(r.status).toBe(400);
		expect(r.data).toEqual({
			success: false,
			errorMsg: 'Order is not loaded',
			errors: { orderMethod: 'Order method "pigeon" does not exist.', shipmentStore: 'Store "nowhere" does not exist.', 'items[0].offer': 'Offer not found.' },
		});
		expect(sb.state.history.length).toBe(before);
	});
});
