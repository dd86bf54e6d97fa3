import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_OFFER_IDS } from '../../sandboxes/retailcrm/server';
import { get, postForm, changedParts, snapshot, start } from './helpers';

const J48 = SEED_OFFER_IDS.jeans48;
const J50 = SEED_OFFER_IDS.jeans50;

describe('store: inventories and prices', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('uploads stock per store, reports not-found offers as sent, and reads back with details=1', async () => {
		const r = await postForm(sb, '/api/v5/store/inventories/upload', {
			offers: [
				{ id: J48, stores: [{ code: 'main', available: 0, purchasePrice: 155.5 }, { code: 'showroom', available: 7 }] },
				{ externalId: 'no-such-offer', stores: [{ code: 'main', available: 3 }] },
				{ xmlId: 'no-such-xml', stores: [{ code: 'main', available: 3 }] },
				{ stores: [{ code: 'main', available: 1 }] },
			],
		});
		expect(r.status).toBe(200);
		expect(r.data).toEqual({ success: true, processedOffersCount: 1, notFoundOffers: [{ externalId: 'no-such-offer' }, { xmlId: 'no-such-xml' }, {}] });
		const inv = await get(sb, `/api/v5/store/inventories?filter[ids][]=${J48}&filter[details]=1`);
		// `showroom` tracks availability only: 7 is stored as 1.
		expect(inv.data.offers).toEqual([
			{
				id: J48,
				site: 'test-crm10',
				quantity: 1,
				purchasePrice: 155.5,
				stores: [
					{ store: 'main', quantity: 0, purchasePrice: 155.5 },
					{ store: 'showroom', quantity: 1, purchasePrice: 0 },
				],
			},
		]);
		const plain = await get(sb, `/api/v5/store/inventories?filter[ids][]=${J50}`);
		expect(plain.data.offers[0]).not.toHaveProperty('stores');
		expect(plain.data.offers[0].quantity).toBe(41);
	});

	it('rejects more than 250 offers, an unknown store code, or a negative stock, all-or-nothing', async () => {
		const before = snapshot(sb);
		const many = Array.from({ length: 251 }, (_, i) => ({ externalId: `x${i}`, stores: [{ code: 'main', available: 1 }] }));
		const tooMany = await postForm(sb, '/api/v5/store/inventories/upload', { offers: many });
		expect(tooMany.status).toBe(400);
		expect(tooMany.data).toEqual({ success: false, errorMsg: 'Errors in the input parameters', errors: { offers: 'This collection should contain 250 elements or less.' } });
		const exactly250 = await postForm(sb, '/api/v5/store/inventories/upload', { offers: many.slice(0, 250) });
		expect(exactly250.status).toBe(200);
		expect(exactly250.data.notFoundOffers).toHaveLength(250);
		const unknownStore = await postForm(sb, '/api/v5/store/inventories/upload', {
			offers: [
				{ id: J48, stores: [{ code: 'main', available: 5 }] },
				{ id: J50, stores: [{ code: 'main', available: 5 }, { code: 'warehouse-2', available: 5 }] },
			],
		});
		expect(unknownStore.status).toBe(400);
		expect(unknownStore.data.errorMsg).toBe('Errors in the entity format');
		expect(Object.keys(unknownStore.data.errors)).toEqual(['offers[1].stores[1].code']);
		const negative = await postForm(sb, '/api/v5/store/inventories/upload', { offers: [{ id: J48, stores: [{ code: 'main', available: -1 }] }] });
		expect(negative.status).toBe(400);
		expect(Object.keys(negative.data.errors)).toEqual(['offers[0].stores[0].available']);
		expect(changedParts(before, sb)).toEqual([]);
		const missing = await postForm(sb, '/api/v5/store/inventories/upload', { site: 'test-crm10' });
		expect(missing.data).toEqual({ success: false, errorMsg: "Parameter 'offers' is missing" });
	});

	it('uploads prices per type, removes with remove:true, and rejects an unknown price type', async () => {
		const r = await postForm(sb, '/api/v5/store/prices/upload', {
			prices: [
				{ id: J48, site: 'test-crm10', prices: [{ code: 'base', price: 350 }, { code: 'wholesale', price: 280.5 }] },
				{ externalId: 'ghost', site: 'test-crm10', prices: [{ code: 'base', price: 1 }] },
			],
		});
		expect(r.data).toEqual({ success: true, processedOffersCount: 1, notFoundOffers: [{ externalId: 'ghost' }] });
		let offer = (await get(sb, `/api/v5/store/offers?filter[ids][]=${J48}`)).data.offers[0];
		expect(offer.price).toBe(350);
		expect(offer.prices).toEqual([
			{ priceType: 'base', price: 350, ordering: 10 },
			{ priceType: 'wholesale', price: 280.5, ordering: 20 },
		]);
		expect(offer.product).toMatchObject({ id: 1, name: 'Джинсы Элегантность' });
		await postForm(sb, '/api/v5/store/prices/upload', { prices: [{ id: J48, prices: [{ code: 'wholesale', remove: true }] }] });
		offer = (await get(sb, `/api/v5/store/offers?filter[ids][]=${J48}`)).data.offers[0];
		expect(offer.prices).toEqual([{ priceType: 'base', price: 350, ordering: 10 }]);
		const before = snapshot(sb);
		const bad = await postForm(sb, '/api/v5/store/prices/upload', { prices: [{ id: J48, prices: [{ code: 'base', price: 1 }, { code: 'retail', price: 2 }] }] });
		expect(bad.status).toBe(400);
		expect(bad.data.errorMsg).toBe('Errors in the entity format');
		expect(Object.keys(bad.data.errors)).toEqual(['prices[0].prices[1].code']);
		expect(changedParts(before, sb)).toEqual([]);
	});

	it('products group their offers; product groups answer under productGroup', async () => {
		const p = await get(sb, '/api/v5/store/products');
		expect(p.data.products).toHaveLength(1);
		expect(p.data.products[0]).toMatchObject({ name: 'Джинсы Элегантность', quantity: 64, minPrice: 300, maxPrice: 300, groups: [{ id: 1 }] });
		expect(p.data.products[0].offers.map((o: any) => o.name)).toEqual(['Джинсы Элегантность (48)', 'Джинсы Элегантность (50)']);
		const g = await get(sb, '/api/v5/store/product-groups');
		expect(g.data.productGroup).toEqual([{ id: 1, site: 'test-crm10', name: 'Товары', active: true }]);
	});

	it('requires site for externalId addressing when the key reaches several sites', async () => {
		const state = JSON.parse(JSON.stringify(sb.state));
		state.sites['second-shop'] = { ...state.sites['test-crm10'], id: 2, code: 'second-shop', catalogId: '2' };
		state.offers[0].externalId = 'J48';
		sb.reset({ state });
		const noSite = await postForm(sb, '/api/v5/store/inventories/upload', { offers: [{ externalId: 'J48', stores: [{ code: 'main', available: 2 }] }] });
		expect(noSite.status).toBe(400);
		expect(noSite.data.errorMsg).toBe("Parameter 'site' is missing");
		const byId = await postForm(sb, '/api/v5/store/inventories/upload', { offers: [{ id: J48, stores: [{ code: 'main', available: 2 }] }] });
		expect(byId.data.processedOffersCount).toBe(1);
		const withSite = await postForm(sb, '/api/v5/store/inventories/upload', { site: 'test-crm10', offers: [{ externalId: 'J48', stores: [{ code: 'main', available: 9 }] }] });
		// Every offer found: no notFoundOffers key at all, as retailCRM answers.
		expect(withSite.data).toEqual({ success: true, processedOffersCount: 1 });
		const wrongSite = await postForm(sb, '/api/v5/store/inventories/upload', { site: 'second-shop', offers: [{ externalId: 'J48', stores: [{ code: 'main', available: 9 }] }] });
		expect(wrongSite.data.notFoundOffers).toEqual([{ externalId: 'J48' }]);
		const getNoSite = await get(sb, '/api/v5/orders/x');
		expect(getNoSite.data.errorMsg).toBe("Parameter 'site' is missing");
	});

	it('a store or price type switched off takes no upload: the whole batch is refused, naming it; removing a price of an inactive type passes', async () => {
		sb.state.stores.find((st) => st.code === 'showroom')!.active = false;
		sb.state.priceTypes.find((pt) => pt.code === 'wholesale')!.active = false;
		const before = snapshot(sb);
		const inv = await postForm(sb, '/api/v5/store/inventories/upload', { offers: [{ id: J48, stores: [{ code: 'main', available: 1 }, { code: 'showroom', available: 1 }] }] });
		expect(inv.status).toBe(400);
		expect(inv.data.errors).toEqual({ 'offers[0].stores[1].code': 'Store with code "showroom" is not active.' });
		const pr = await postForm(sb, '/api/v5/store/prices/upload', { prices: [{ id: J48, prices: [{ code: 'wholesale', price: 5 }] }] });
		expect(pr.status).toBe(400);
		expect(pr.data.errors).toEqual({ 'prices[0].prices[0].code': 'Price type with code "wholesale" is not active.' });
		expect(changedParts(before, sb)).toEqual([]);
		expect((await postForm(sb, '/api/v5/store/prices/upload', { prices: [{ id: J48, prices: [{ code: 'wholesale', remove: true }] }] })).data.success).toBe(true);
	});

	it('integration-modules edit stores the module (integrations.store) and GET returns it', async () => {
		const module = { code: 'n8n-1c', integrationCode: 'n8n-1c', active: true, name: 'n8n 1C', baseUrl: 'https://n8n.example.ru', integrations: { store: { actions: [] } } };
		const r = await postForm(sb, '/api/v5/integration-modules/n8n-1c/edit', { integrationModule: module });
		expect(r.status).toBe(201);
		expect(r.data.success).toBe(true);
		const g = await get(sb, '/api/v5/integration-modules/n8n-1c');
		expect(g.data.integrationModule).toEqual(module);
		expect((await get(sb, '/api/v5/integration-modules/other')).status).toBe(404);
		expect((await postForm(sb, '/api/v5/integration-modules/n8n-1c/edit', { integrationModule: module }, sb.keys.readonly)).status).toBe(403);
	});

	it('integration-modules edit refuses a code that does not start with its integrationCode, and a module without integrationCode or name', async () => {
		const edit = (m: Record<string, unknown>) => postForm(sb, '/api/v5/integration-modules/n8n-1c/edit', { integrationModule: m });
		const wrong = await edit({ code: 'n8n-1c', integrationCode: 'other', active: true, name: 'n8n 1C' });
		expect(wrong.status).toBe(400);
		expect(wrong.data).toEqual({ success: false, errorMsg: 'Errors in the entity format', errors: { code: 'Code prefix must match integrationCode' } });
		expect((await edit({ code: 'n8n-1c', active: true })).data.errors).toEqual({ integrationCode: expect.any(String), name: expect.any(String) });
		expect(sb.state.integrationModules['n8n-1c']).toBeUndefined();
		expect((await edit({ code: 'n8n-1c', integrationCode: 'n8n', active: true, name: 'n8n 1C' })).status).toBe(201);
	});
});

describe('bulk upload on the large fixture', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start({ fixture: 'large' })));
	afterAll(() => sb.close());

	it('takes 120 requests of 250 offers by externalId and finds them all', async () => {
		const offers = sb.state.offers;
		let processed = 0;
		for (let i = 0; i < offers.length; i += 250) {
			const batch = offers.slice(i, i + 250).map((o, j) => ({ externalId: o.externalId, stores: [{ code: 'main', available: (i + j) % 7 }] }));
			const r = await postForm(sb, '/api/v5/store/inventories/upload', { offers: batch });
			expect(r.status).toBe(200);
			processed += r.data.processedOffersCount;
		}
		expect(processed).toBe(30000);
		expect(sb.requests()).toHaveLength(120);
		expect(sb.state.offers[1000].stocks.main.available).toBe(1000 % 7);
	});
});
