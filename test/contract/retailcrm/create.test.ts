import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_CUSTOMER_IDS, SEED_ORDER_IDS } from '../../sandboxes/retailcrm/server';
import { control, get, postForm, changedParts, snapshot, start } from './helpers';

describe('orders/create validation and control hooks', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('links an existing customer, resolves offers by externalId within the site, and numbers the order', async () => {
		sb.state.offers[0].externalId = 'GUID-48';
		sb.reindex();
		const r = await postForm(sb, '/api/v5/orders/create', {
			site: 'test-crm10',
			order: {
				externalId: 'WEB-9',
				customer: { id: SEED_CUSTOMER_IDS.legalEntity },
				contragent: { contragentType: 'legal-entity', INN: '7701234567', KPP: '770101001' },
				orderType: 'eshop-legal',
				items: [{ offer: { externalId: 'GUID-48' }, quantity: 1.5 }],
				createdAt: '2026-11-27 10:00:00',
			},
		});
		expect(r.status).toBe(201);
		expect(r.data.order).toMatchObject({
			number: `${r.data.id}A`,
			externalId: 'WEB-9',
			createdAt: '2026-11-27 10:00:00',
			customer: { id: SEED_CUSTOMER_IDS.legalEntity, externalId: 'romashka' },
			items: [{ offer: { id: 1, externalId: 'GUID-48' }, quantity: 1.5, initialPrice: 300 }],
			totalSumm: 450,
			status: 'new',
			orderMethod: 'shopping-cart',
		});
		const found = await get(sb, '/api/v5/orders?filter[contragentInn]=7701234567&filter[customerId]=2');
		expect(found.data.orders.map((o: any) => o.id)).toEqual([r.data.id]);
	});

	it('rejects unknown offers, payment types, customers and duplicate externalIds without writing anything', async () => {
		const before = snapshot(sb);
		const r = await postForm(sb, '/api/v5/orders/create', {
			order: { items: [{ offer: { externalId: 'nope' } }], payments: [{ type: 'crypto', amount: 1 }], customer: { id: 999 } },
		});
		expect(r.status).toBe(400);
		expect(r.data).toEqual({
			success: false,
			errorMsg: 'Order is not loaded',
			errors: { customer: 'Customer not found.', 'items[0].offer': 'Offer not found.', 'payments[0].type': 'Payment type "crypto" does not exist.' },
		});
		expect(changedParts(before, sb)).toEqual([]);
		await postForm(sb, '/api/v5/orders/create', { order: { externalId: 'DUP' } });
		const dup = await postForm(sb, '/api/v5/orders/create', { order: { externalId: 'DUP' } });
		expect(dup.status).toBe(400);
		expect(dup.data.errors).toEqual({ externalId: 'Order with this externalId already exists.' });
		expect((await postForm(sb, '/api/v5/orders/create', {})).data).toEqual({ success: false, errorMsg: "Parameter 'order' is missing" });
	});

	it('control status change with source code, and 404 for an unknown order', async () => {
		await control(sb, 'POST', `orders/${SEED_ORDER_IDS['5490']}/status`, { status: 'cancel-other', source: 'code' });
		const h = (await get(sb, '/api/v5/orders/history?filter[sinceId]=3')).data.history;
		expect(h).toEqual([expect.objectContaining({ source: 'code', field: 'status', newValue: { code: 'cancel-other' } })]);
		expect(h[0]).not.toHaveProperty('user');
		expect(h[0]).not.toHaveProperty('apiKey');
		expect((await control(sb, 'POST', 'orders/424242/status', { status: 'new' })).status).toBe(404);
		// Setting the same status again writes nothing.
		await control(sb, 'POST', `orders/${SEED_ORDER_IDS['5490']}/status`, { status: 'cancel-other' });
		expect(sb.state.history).toHaveLength(4);
	});

	it('a passThrough fault only delays: the request is handled and applied', async () => {
		await control(sb, 'POST', 'faults', { passThrough: true, delayMs: 20, count: 1, match: { method: 'POST' } });
		const r = await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5490']}/edit`, { by: 'id', order: { status: 'complete' } });
		expect(r.status).toBe(200);
		expect(sb.state.orders.find((o) => o.id === SEED_ORDER_IDS['5490'])!.status).toBe('complete');
		expect(sb.requests().map((x) => x.outcome)).toEqual(['handled']);
	});
});
