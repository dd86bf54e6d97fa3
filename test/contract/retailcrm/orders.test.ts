import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_ORDER_IDS, TRIGGER_STATUS } from '../../sandboxes/retailcrm/server';
import { control, get, postForm, changedParts, snapshot, start } from './helpers';

const ID = SEED_ORDER_IDS;

describe('orders', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('seeds 5488, 5489, 5490 in status new with totals 1990, 1070, 1390 that add up from their lines', async () => {
		const r = await get(sb, '/api/v5/orders?filter[numbers][]=5488&filter[numbers][]=5489&filter[numbers][]=5490');
		expect(r.data.orders.map((o: any) => [o.number, o.status, o.totalSumm])).toEqual([
			['5490', 'new', 1390],
			['5489', 'new', 1070],
			['5488', 'new', 1990],
		]);
		for (const o of r.data.orders) {
			const lines = o.items.reduce((s: number, it: any) => s + (it.initialPrice - it.discountTotal) * it.quantity, 0);
			expect(lines + o.delivery.cost).toBe(o.totalSumm);
			expect(o.customer).toMatchObject({ type: 'customer', lastName: 'покупатель', firstName: 'Розничный' });
			expect(o.items.every((it: any) => it.offer.name.startsWith('Джинсы Элегантность ('))).toBe(true);
		}
	});

	it('GET orders/{x}: by defaults to externalId; by=id finds by CRM id; 404 otherwise', async () => {
		const byId = await get(sb, `/api/v5/orders/${ID['5488']}?by=id`);
		expect(byId.status).toBe(200);
		expect(byId.data.order.number).toBe('5488');
		const bare = await get(sb, `/api/v5/orders/${ID['5488']}`);
		expect(bare.status).toBe(404);
		expect(bare.data).toEqual({ success: false, errorMsg: 'Not found' });
		await postForm(sb, '/api/v5/orders/fix-external-ids', { orders: [{ id: ID['5488'], externalId: 'ЦРМ-5488' }] });
		const byExt = await get(sb, `/api/v5/orders/${encodeURIComponent('ЦРМ-5488')}`);
		expect(byExt.status).toBe(200);
		expect(byExt.data.order.id).toBe(ID['5488']);
	});

	it('payments: keyed object in GET, array in create responses and history snapshots', async () => {
		const got = await get(sb, `/api/v5/orders/${ID['5489']}?by=id`);
		expect(got.data.order.payments).toEqual({ '2': expect.objectContaining({ id: 2, type: 'bank-card', status: 'paid', amount: 1070, paidAt: '2015-10-12 17:21:00' }) });
		const empty = await get(sb, `/api/v5/orders/${ID['5490']}?by=id`);
		expect(empty.data.order.payments).toEqual([]);
		const created = await postForm(sb, '/api/v5/orders/create', {
			site: 'test-crm10',
			order: { firstName: 'Анна', items: [{ offer: { id: 1 }, quantity: 2, initialPrice: 300 }], payments: [{ type: 'cash', amount: 600 }] },
		});
		expect(created.status).toBe(201);
		expect(Array.isArray(created.data.order.payments)).toBe(true);
		expect(created.data.order.payments[0]).toMatchObject({ type: 'cash', status: 'not-paid', amount: 600 });
		expect(created.data.order.totalSumm).toBe(600);
		const hist = await get(sb, `/api/v5/orders/history?filter[orderId]=${created.data.id}`);
		expect(Array.isArray(hist.data.history[0].order.payments)).toBe(true);
	});

	it('an order created with the site key is an ordinary api order to the integration; apiKey.current is per reader', async () => {
		const created = await postForm(sb, '/api/v5/orders/create', { order: { externalId: 'WEB-1', lastName: 'Сайтов', status: 'new', items: [{ offer: { id: 2 }, quantity: 1 }] } }, sb.keys.site);
		expect(created.status).toBe(201);
		const asIntegration = await get(sb, `/api/v5/orders/history?filter[orderId]=${created.data.id}`);
		expect(asIntegration.data.history).toHaveLength(1);
		expect(asIntegration.data.history[0]).toMatchObject({ created: true, source: 'api', apiKey: { current: false }, field: 'status', newValue: { code: 'new' } });
		expect(asIntegration.data.history[0].order).toMatchObject({ externalId: 'WEB-1', lastName: 'Сайтов', totalSumm: 300 });
		const asSite = await get(sb, `/api/v5/orders/history?filter[orderId]=${created.data.id}`, sb.keys.site);
		expect(asSite.data.history[0].apiKey).toEqual({ current: true });
	});

	it('edit: a status change sets statusUpdatedAt and writes history; an unknown status changes nothing', async () => {
		const ok = await postForm(sb, `/api/v5/orders/${ID['5488']}/edit`, { by: 'id', order: { status: 'complete', managerComment: 'готово' } });
		expect(ok.status).toBe(200);
		expect(ok.data).toMatchObject({ success: true, id: ID['5488'], order: { status: 'complete' } });
		expect(ok.data.order.statusUpdatedAt).not.toBe('2015-10-12 16:55:10');
		const hist = await get(sb, `/api/v5/orders/history?filter[orderId]=${ID['5488']}&filter[sinceId]=3`);
		expect(hist.data.history.map((h: any) => [h.field, h.oldValue, h.newValue, h.source, h.apiKey.current])).toEqual([
			['manager_comment', null, 'готово', 'api', true],
			['status', { code: 'new' }, { code: 'complete' }, 'api', true],
		]);
		const before = snapshot(sb);
		const bad = await postForm(sb, `/api/v5/orders/${ID['5488']}/edit`, { by: 'id', order: { status: 'no-such-status', managerComment: 'x' } });
		expect(bad.status).toBe(400);
		expect(bad.data.errorMsg).toBe('Order is not loaded');
		expect(bad.data.errors).toHaveProperty('status');
		expect(changedParts(before, sb)).toEqual([]);
		const missing = await postForm(sb, '/api/v5/orders/999999/edit', { by: 'id', order: { status: 'complete' } });
		expect(missing.status).toBe(404);
	});

	it('fix-external-ids writes external_id history; unknown ids and duplicates are rejected whole', async () => {
		const r = await postForm(sb, '/api/v5/orders/fix-external-ids', { orders: [{ id: ID['5489'], externalId: 'УТ-000045' }] });
		expect(r.data).toEqual({ success: true });
		const hist = await get(sb, `/api/v5/orders/history?filter[sinceId]=3`);
		expect(hist.data.history).toEqual([expect.objectContaining({ field: 'external_id', oldValue: null, newValue: 'УТ-000045', source: 'api', order: expect.objectContaining({ id: ID['5489'], externalId: 'УТ-000045', status: 'new' }) })]);
		const before = snapshot(sb);
		const unknown = await postForm(sb, '/api/v5/orders/fix-external-ids', { orders: [{ id: ID['5490'], externalId: 'A' }, { id: 424242, externalId: 'B' }] });
		expect(unknown.status).toBe(400);
		expect(unknown.data.errorMsg).toBe('Invalid input parameters');
		const dup = await postForm(sb, '/api/v5/orders/fix-external-ids', { orders: [{ id: ID['5490'], externalId: 'УТ-000045' }] });
		expect(dup.status).toBe(400);
		expect(changedParts(before, sb)).toEqual([]);
	});

	it('orders/statuses reports status and group, silently omitting unknown ids', async () => {
		sb.setStatus(ID['5489'], TRIGGER_STATUS);
		const r = await get(sb, `/api/v5/orders/statuses?ids[]=${ID['5488']}&ids[]=${ID['5489']}&ids[]=777`);
		expect(r.data.orders).toEqual([
			{ id: ID['5488'], status: 'new', group: 'new' },
			{ id: ID['5489'], status: TRIGGER_STATUS, group: 'assembling' },
		]);
	});

	it('extendedStatus matches a status code or a status-group code', async () => {
		sb.setStatus(ID['5489'], 'assembling');
		sb.setStatus(ID['5490'], TRIGGER_STATUS);
		const byStatus = await get(sb, `/api/v5/orders?filter[extendedStatus][]=${TRIGGER_STATUS}`);
		expect(byStatus.data.orders.map((o: any) => o.id)).toEqual([ID['5490']]);
		const byGroup = await get(sb, '/api/v5/orders?filter[extendedStatus][]=assembling-group-does-not-exist&filter[extendedStatus][]=assembling');
		// `assembling` is both a status and a group code: the group brings in send-to-assembling too.
		expect(byGroup.data.orders.map((o: any) => o.id)).toEqual([ID['5490'], ID['5489']]);
		const cancel = await get(sb, '/api/v5/orders?filter[extendedStatus][]=cancel');
		expect(cancel.data.orders).toEqual([]);
	});

	it('createdAt and statusUpdatedAt ranges accept Y-m-d and Y-m-d H:i:s in account time', async () => {
		const day = await get(sb, '/api/v5/orders?filter[createdAtFrom]=2015-10-12&filter[createdAtTo]=2015-10-12');
		expect(day.data.pagination.totalCount).toBe(3);
		const precise = await get(sb, `/api/v5/orders?filter[createdAtFrom]=${encodeURIComponent('2015-10-12 17:00:00')}&filter[createdAtTo]=${encodeURIComponent('2015-10-12 18:31:02')}`);
		expect(precise.data.orders.map((o: any) => o.number)).toEqual(['5490', '5489']);
		const bad = await get(sb, '/api/v5/orders?filter[createdAtFrom]=12.10.2015');
		expect(bad.status).toBe(400);
		expect(bad.data.errors).toEqual({ 'children[createdAtFrom]': 'This value is not valid.' });
		sb.setStatus(ID['5488'], 'client-confirmed');
		const recent = await get(sb, '/api/v5/orders?filter[statusUpdatedAtFrom]=2020-01-01');
		expect(recent.data.orders.map((o: any) => o.number)).toEqual(['5488']);
	});

	it('a manager status change (control API) is history source user with user id', async () => {
		const r = await control(sb, 'POST', `orders/${ID['5488']}/status`, { status: TRIGGER_STATUS, userId: 19 });
		expect(r.status).toBe(200);
		expect(r.data.order.status).toBe(TRIGGER_STATUS);
		const hist = await get(sb, '/api/v5/orders/history?filter[sinceId]=3');
		expect(hist.data.history).toEqual([
			expect.objectContaining({ id: 4, source: 'user', user: { id: 19 }, field: 'status', oldValue: { code: 'new' }, newValue: { code: TRIGGER_STATUS }, order: { id: ID['5488'], managerId: 7, site: 'test-crm10', status: TRIGGER_STATUS } }),
		]);
		expect(hist.data.history[0]).not.toHaveProperty('apiKey');
		const bad = await control(sb, 'POST', `orders/${ID['5488']}/status`, { status: 'nope' });
		expect(bad.status).toBe(400);
	});

	it('the site key only sees its own site and can create and edit', async () => {
		const list = await get(sb, '/api/v5/orders', sb.keys.site);
		expect(list.data.pagination.totalCount).toBe(3);
		const edit = await postForm(sb, `/api/v5/orders/${ID['5490']}/edit`, { by: 'id', order: { customerComment: 'Позвоните' } }, sb.keys.site);
		expect(edit.status).toBe(200);
		const store = await get(sb, '/api/v5/store/inventories', sb.keys.site);
		expect(store.status).toBe(403);
	});
});

describe('reference entries switched off', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('an API edit or create into an inactive status, and a payment of an inactive type or status, are refused and change nothing', async () => {
		sb.state.statuses.complete.active = false;
		sb.state.paymentTypes.cash.active = false;
		sb.state.paymentStatuses.paid.active = false;
		const before = snapshot(sb);
		const edit = await postForm(sb, `/api/v5/orders/${ID['5488']}/edit`, { by: 'id', order: { status: 'complete', managerComment: 'x' } });
		expect(edit.status).toBe(400);
		expect(edit.data).toMatchObject({ success: false, errorMsg: 'Order is not loaded', errors: { status: 'Status "complete" is not active.' } });
		expect((await postForm(sb, '/api/v5/orders/create', { site: 'test-crm10', order: { firstName: 'X', status: 'complete' } })).status).toBe(400);
		const pay = await postForm(sb, '/api/v5/orders/payments/create', { payment: { order: { id: ID['5490'] }, type: 'cash', status: 'paid' } });
		expect(pay.status).toBe(400);
		expect(pay.data.errors).toEqual({ type: 'Payment type "cash" is not active.', status: 'Payment status "paid" is not active.' });
		expect((await postForm(sb, '/api/v5/orders/payments/1/edit', { by: 'id', payment: { status: 'paid' } })).status).toBe(400);
		expect(changedParts(before, sb)).toEqual([]);
		// A manager may still move an order there by hand (the control API), and active entries pass.
		expect((await control(sb, 'POST', `orders/${ID['5488']}/status`, { status: 'complete' })).status).toBe(200);
		expect((await postForm(sb, `/api/v5/orders/${ID['5489']}/edit`, { by: 'id', order: { status: TRIGGER_STATUS } })).status).toBe(200);
	});
});

describe('payments with a key that reaches two stores', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => {
		sb.reset('seed');
		const state = JSON.parse(JSON.stringify(sb.state));
		state.sites['second-shop'] = { ...state.sites['test-crm10'], id: 2, code: 'second-shop', catalogId: '2' };
		state.orders.find((o: any) => o.id === ID['5490']).externalId = 'ext-5490';
		state.orders.find((o: any) => o.id === ID['5488']).payments[0].externalId = 'pay-5488';
		sb.reset({ state });
	});

	it('payment.order by externalId or number needs site (400 Parameter \'site\' is missing); by id it does not', async () => {
		const before = snapshot(sb);
		for (const order of [{ externalId: 'ext-5490' }, { number: '5490' }]) {
			const r = await postForm(sb, '/api/v5/orders/payments/create', { payment: { order, type: 'cash' } });
			expect(r.status).toBe(400);
			expect(r.data.errorMsg).toBe("Parameter 'site' is missing");
		}
		expect(changedParts(before, sb)).toEqual([]);
		const withSite = await postForm(sb, '/api/v5/orders/payments/create', { site: 'test-crm10', payment: { order: { externalId: 'ext-5490' }, type: 'cash' } });
		expect(withSite.status).toBe(201);
		const wrongSite = await postForm(sb, '/api/v5/orders/payments/create', { site: 'second-shop', payment: { order: { externalId: 'ext-5490' }, type: 'cash' } });
		expect(wrongSite.data.errors.order).toMatch(/not found/i);
		const byId = await postForm(sb, '/api/v5/orders/payments/create', { payment: { order: { id: ID['5490'] }, type: 'cash' } });
		expect(byId.status).toBe(201);
	});

	it('payments/{externalId}/edit needs site too, and finds only payments of orders on that site', async () => {
		const noSite = await postForm(sb, '/api/v5/orders/payments/pay-5488/edit', { by: 'externalId', payment: { status: 'paid' } });
		expect(noSite.data.errorMsg).toBe("Parameter 'site' is missing");
		const other = await postForm(sb, '/api/v5/orders/payments/pay-5488/edit', { by: 'externalId', site: 'second-shop', payment: { status: 'paid' } });
		expect(other.status).toBe(404);
		const ok = await postForm(sb, '/api/v5/orders/payments/pay-5488/edit', { by: 'externalId', site: 'test-crm10', payment: { status: 'paid' } });
		expect(ok.status).toBe(200);
		const byId = await postForm(sb, '/api/v5/orders/payments/1/edit', { by: 'id', payment: { comment: 'x' } });
		expect(byId.status).toBe(200);
	});
});
