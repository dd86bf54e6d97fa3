/**
 * The client against the retailCRM sandbox: every endpoint the nodes use, over real HTTP (axios),
 * with the key in the X-API-KEY header only.
 */
import { SandboxHarness } from './sandbox-harness';

const h = new SandboxHarness();
const SITE = 'test-crm10';

beforeAll(() => h.start('seed'));
afterAll(() => h.stop());
beforeEach(async () => {
	await h.reset('seed');
	await h.configure({ rateLimit: false });
	await h.clearRequests();
});

describe('api and credentials', () => {
	it('reads api-versions and the key credentials', async () => {
		const { client } = h.client();
		expect(await client.apiVersions()).toContain('5.0');
		const creds = await client.credentials();
		expect(creds.scopes).toEqual(expect.arrayContaining(['order_read', 'store_write', 'integration_write']));
		expect(creds.siteAccess).toBe('access_full');
		expect(Array.isArray(creds.sitesAvailable)).toBe(true);
	});

	it('accepts a base URL pasted with /api/v5/', async () => {
		const { client } = h.client(h.keys.integration, { baseUrl: `${h.url}/api/v5/` });
		expect(await client.apiVersions()).toContain('5.0');
	});

	it('sends the key only as a header, never in the query or form', async () => {
		const { client } = h.client();
		await client.listOrders({ limit: 20 });
		await client.fixExternalIds([{ id: 101, externalId: 'ut-1' }]);
		const log = await h.requests();
		expect(log).toHaveLength(2);
		for (const r of log) {
			expect(r.key).toBe('integration');
			expect(r.query).not.toHaveProperty('apiKey');
			expect(r.form).not.toHaveProperty('apiKey');
		}
	});
});

describe('reference books', () => {
	it('returns every book as an array of coded entries', async () => {
		const { client } = h.client();
		const statuses = await client.statuses();
		expect(statuses.map((s) => s.code)).toEqual(expect.arrayContaining(['new', 'send-to-assembling']));
		const groups = await client.statusGroups();
		expect(groups.every((g) => Array.isArray(g.statuses))).toBe(true);
		const statusOfGroups = new Set(groups.flatMap((g) => g.statuses));
		expect(statuses.every((s) => statusOfGroups.has(s.code))).toBe(true);
		expect((await client.sites()).map((s) => s.code)).toEqual([SITE]);
		const stores = await client.stores();
		expect(stores.find((s) => s.code === 'main')?.inventoryType).toMatch(/integer|available/);
		const priceTypes = await client.priceTypes();
		expect(priceTypes.filter((p) => p.default)).toHaveLength(1);
		for (const book of [client.orderTypes(), client.orderMethods(), client.paymentTypes(), client.paymentStatuses(), client.deliveryTypes()]) {
			const items = await book;
			expect(items.length).toBeGreaterThan(0);
			expect(items.every((i) => typeof i.code === 'string' && i.code.length > 0)).toBe(true);
		}
	});
});

describe('orders', () => {
	it('lists with filters: ids, numbers, sites, extendedStatus by status and by group, date ranges', async () => {
		const { client } = h.client();
		const all = await client.listOrders({ limit: 20 });
		expect(all.items.map((o) => o.id)).toEqual([103, 102, 101]);
		expect(all.pagination).toEqual({ limit: 20, totalCount: 3, currentPage: 1, totalPageCount: 1 });
		expect((await client.listOrders({ filter: { ids: [101, 103] } })).items.map((o) => o.id)).toEqual([103, 101]);
		expect((await client.listOrders({ filter: { numbers: ['5489'] } })).items.map((o) => o.id)).toEqual([102]);
		expect((await client.listOrders({ filter: { sites: [SITE] } })).items).toHaveLength(3);
		await h.setStatus(102, 'send-to-assembling');
		expect((await client.listOrders({ filter: { extendedStatus: ['send-to-assembling'] } })).items.map((o) => o.id)).toEqual([102]);
		const groupOf = (await client.statuses()).find((s) => s.code === 'send-to-assembling')?.group as string;
		expect((await client.listOrders({ filter: { extendedStatus: [groupOf] } })).items.map((o) => o.id)).toContain(102);
		expect((await client.listOrders({ filter: { createdAtFrom: '2015-10-12 17:00:00', createdAtTo: '2015-10-12' } })).items.map((o) => o.id)).toEqual([103, 102]);
		const today = new Date().toISOString().slice(0, 10);
		expect((await client.listOrders({ filter: { statusUpdatedAtFrom: today } })).items.map((o) => o.id)).toEqual([102]);
	});

	it('gets an order by id and by externalId (+site) with an explicit by', async () => {
		const { client } = h.client();
		const byId = await client.getOrder(101, { by: 'id' });
		expect(byId.number).toBe('5488');
		expect(byId.items).toHaveLength(2);
		await client.fixExternalIds([{ id: 101, externalId: 'УТ 000045' }]);
		const byExt = await client.getOrder('УТ 000045', { by: 'externalId', site: SITE });
		expect(byExt.id).toBe(101);
		const log = await h.requests();
		expect(log[log.length - 1].query).toMatchObject({ by: 'externalId', site: SITE });
	});

	it('creates and edits an order, and the edit shows in statuses and history', async () => {
		const { client } = h.client();
		const created = await client.createOrder(
			{ firstName: 'Тест', lastName: 'Клиент', items: [{ offer: { id: 1 }, quantity: 2, initialPrice: 300 }], customFields: {} },
			{ site: SITE },
		);
		expect(created.id).toBeGreaterThan(103);
		expect(created.order?.items[0]).toMatchObject({ quantity: 2, initialPrice: 300 });
		const edited = await client.editOrder(created.id as number, { by: 'id', site: SITE }, { status: 'send-to-assembling', managerComment: 'из теста' });
		expect(edited.order).toMatchObject({ status: 'send-to-assembling', managerComment: 'из теста' });
		const statuses = await client.orderStatuses({ ids: [created.id as number, 101] });
		expect(statuses.map((s) => [s.id, s.status]).sort()).toEqual([
			[101, 'new'],
			[created.id, 'send-to-assembling'],
		].sort());
		const history = await client.ordersHistory({ filter: { orderId: created.id as number }, limit: 20 });
		expect(history.records.some((r) => r.created)).toBe(true);
		const statusChange = history.records.find((r) => r.field === 'status' && !r.created);
		expect(statusChange).toMatchObject({ source: 'api', apiKey: { current: true }, newValue: { code: 'send-to-assembling' } });
	});

	it('fixes external ids and finds orders by them in statuses', async () => {
		const { client } = h.client();
		await client.fixExternalIds([
			{ id: 102, externalId: 'УТ-000102' },
			{ id: 103, externalId: 'УТ-000103' },
		]);
		const rows = await client.orderStatuses({ externalIds: ['УТ-000102', 'УТ-000103'] });
		expect(rows.map((r) => r.id).sort()).toEqual([102, 103]);
		const history = await client.ordersHistory({ filter: { orderId: 102 }, limit: 20 });
		expect(history.records.map((r) => r.field)).toContain('external_id');
	});

	it('fetches orders by ids in batches of 100 per request', async () => {
		const { client } = h.client();
		const ids = [103, 101, ...Array.from({ length: 150 }, (_, i) => 5000 + i), 102];
		const orders = await client.getOrdersByIds(ids);
		expect(orders.map((o) => o.id)).toEqual([103, 101, 102]);
		const log = await h.requests();
		expect(log.map((r) => r.path)).toEqual(['/api/v5/orders', '/api/v5/orders']);
	});
});

describe('customers', () => {
	it('lists customers and gets one by id and by externalId with INN/KPP', async () => {
		const { client } = h.client();
		const page = await client.listCustomers({ limit: 20 });
		expect(page.items.length).toBeGreaterThanOrEqual(3);
		const all = [];
		for await (const p of client.iterateCustomers({}, 20)) all.push(...p.items);
		expect(all).toHaveLength(page.pagination.totalCount);
		const legal = await client.getCustomer('romashka', { by: 'externalId', site: SITE });
		expect(legal.contragent).toMatchObject({ contragentType: 'legal-entity', INN: '7701234567', KPP: '770101001' });
		const byId = await client.getCustomer(legal.id, { by: 'id' });
		expect(byId.externalId).toBe('romashka');
	});
});

describe('store', () => {
	it('uploads stock (zero included) and reads it back per store with details', async () => {
		const { client } = h.client();
		const result = await client.uploadInventories([
			{ id: 1, stores: [{ code: 'main', available: 0, purchasePrice: 151 }] },
			{ id: 2, stores: [{ code: 'main', available: 7 }] },
			{ externalId: 'no-such-offer', stores: [{ code: 'main', available: 1 }] },
		]);
		expect(result.processedOffersCount).toBe(2);
		expect(result.notFoundOffers).toHaveLength(1);
		expect(JSON.stringify(result.notFoundOffers[0])).toContain('no-such-offer');
		// All found: retailCRM leaves notFoundOffers out of the answer; the client reads that as none.
		expect(await client.uploadInventories([{ id: 2, stores: [{ code: 'main', available: 7 }] }])).toEqual({ processedOffersCount: 1, notFoundOffers: [] });
		const inv = await client.listInventories({ filter: { ids: [1, 2], details: true }, limit: 250 });
		const byId = new Map(inv.items.map((o) => [o.id, o]));
		expect(byId.get(1)?.quantity).toBe(0);
		expect(byId.get(1)?.stores).toEqual([expect.objectContaining({ store: 'main', quantity: 0, purchasePrice: 151 })]);
		expect(byId.get(2)?.quantity).toBe(7);
	});

	it('uploads prices, removes a price type, and reads offers and products', async () => {
		const { client } = h.client();
		const priceTypes = await client.priceTypes();
		const base = priceTypes.find((p) => p.default)?.code as string;
		const result = await client.uploadPrices([{ id: 1, site: SITE, prices: [{ code: base, price: 321.5 }] }]);
		expect(result).toEqual({ processedOffersCount: 1, notFoundOffers: [] });
		const offers = await client.listOffers({ filter: { ids: [1] } });
		expect(offers.items[0].prices).toEqual(expect.arrayContaining([expect.objectContaining({ priceType: base, price: 321.5 })]));
		await client.uploadPrices([{ id: 1, site: SITE, prices: [{ code: base, remove: true }] }]);
		expect((await client.listOffers({ filter: { ids: [1] } })).items[0].prices.find((p) => p.priceType === base)).toBeUndefined();
		const products = await client.listProducts({ limit: 20 });
		expect(products.items[0].offers.map((o) => o.id).sort()).toEqual([1, 2]);
	});

	it('walks every inventories page', async () => {
		const { client } = h.client();
		const pages = [];
		for await (const page of client.iterateInventories({}, 20)) pages.push(page.items.length);
		expect(pages.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
	});
});

describe('integration modules', () => {
	it('registers a warehouse module and reads it back', async () => {
		const { client } = h.client();
		await client.editIntegrationModule({ code: 'onec-ut10', integrationCode: 'onec-ut10', active: true, name: '1C:УТ 10.3', baseUrl: 'https://example.org' });
		const module = await client.getIntegrationModule('onec-ut10');
		expect(module).toMatchObject({ code: 'onec-ut10', active: true, name: '1C:УТ 10.3' });
	});
});
