import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { TRIGGER_STATUS } from '../../sandboxes/retailcrm/server';
import { control, get, postForm, start } from './helpers';

describe('reference books', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('custom-fields lists definitions by entity and answers one by entity and code (404 "Not found" for an unknown one)', async () => {
		const list = await get(sb, '/api/v5/custom-fields?filter[entity]=order');
		expect(list.status).toBe(200);
		expect(list.data.customFields.map((f: { code: string }) => f.code)).toEqual(['onec_number', 'onec_ref', 'onec_shipment_number']);
		const one = await get(sb, '/api/v5/custom-fields/order/onec_number');
		expect(one.data).toMatchObject({ success: true, customField: { code: 'onec_number', entity: 'order', type: 'string' } });
		const missing = await get(sb, '/api/v5/custom-fields/order/nope');
		expect([missing.status, missing.data]).toEqual([404, { success: false, errorMsg: 'Not found' }]);
		// The scope custom_fields_read is needed (the site key has none).
		expect((await get(sb, '/api/v5/custom-fields/order/onec_number', sb.keys.site)).data.errorMsg).toBe('Access denied.');
	});

	it.each([
		['statuses', 'statuses'],
		['status-groups', 'statusGroups'],
		['sites', 'sites'],
		['order-types', 'orderTypes'],
		['order-methods', 'orderMethods'],
		['delivery-types', 'deliveryTypes'],
		['payment-types', 'paymentTypes'],
		['payment-statuses', 'paymentStatuses'],
		['units', 'units'],
	])('reference/%s is an object keyed by code under %s', async (path, key) => {
		const r = await get(sb, `/api/v5/reference/${path}`);
		expect(r.status).toBe(200);
		const book = r.data[key];
		expect(Array.isArray(book)).toBe(false);
		for (const [code, v] of Object.entries<any>(book)) expect(v.code).toBe(code);
	});

	it.each([
		['stores', 'stores'],
		['price-types', 'priceTypes'],
		['legal-entities', 'legalEntities'],
	])('reference/%s is an array under %s', async (path, key) => {
		const r = await get(sb, `/api/v5/reference/${path}`);
		expect(Array.isArray(r.data[key])).toBe(true);
		expect(r.data[key].length).toBeGreaterThan(0);
	});

	it('status groups list their members; the trigger status is "Передано в комплектацию"', async () => {
		const statuses = (await get(sb, '/api/v5/reference/statuses')).data.statuses;
		const groups = (await get(sb, '/api/v5/reference/status-groups')).data.statusGroups;
		expect(statuses[TRIGGER_STATUS]).toMatchObject({ name: 'Передано в комплектацию', group: 'assembling' });
		for (const s of Object.values<any>(statuses)) expect(groups[s.group].statuses).toContain(s.code);
		expect(Object.keys(groups)).toEqual(['new', 'approval', 'assembling', 'delivery', 'complete', 'cancel']);
	});

	it('stores: main «Основной склад» (integer) and a showroom that tracks availability; base price type is default', async () => {
		const stores = (await get(sb, '/api/v5/reference/stores')).data.stores;
		expect(stores.map((s: any) => [s.code, s.name, s.inventoryType])).toEqual([
			['main', 'Основной склад', 'integer'],
			['showroom', 'Шоурум', 'available'],
		]);
		const types = (await get(sb, '/api/v5/reference/price-types')).data.priceTypes;
		expect(types.filter((t: any) => t.default).map((t: any) => t.code)).toEqual(['base']);
	});

	it('sites/{code}/edit sets ymlUrl; the control API then pulls the ICML from it', async () => {
		const xml = `<?xml version="1.0" encoding="UTF-8"?><yml_catalog date="2026-01-01 00:00:00"><shop><offers><offer id="g1" productId="p1"><name>Товар</name><price>10</price></offer></offers></shop></yml_catalog>`;
		let fetched = 0;
		const file = createServer((_req, res) => {
			fetched++;
			res.writeHead(200, { 'Content-Type': 'application/xml' });
			res.end(xml);
		});
		await new Promise<void>((r) => file.listen(0, '127.0.0.1', () => r()));
		try {
			const ymlUrl = `http://127.0.0.1:${(file.address() as AddressInfo).port}/catalog.xml`;
			const edit = await postForm(sb, '/api/v5/reference/sites/test-crm10/edit', { site: { code: 'test-crm10', ymlUrl, loadFromYml: true } });
			expect(edit.data).toEqual({ success: true, id: 1 });
			expect((await get(sb, '/api/v5/reference/sites')).data.sites['test-crm10'].ymlUrl).toBe(ymlUrl);
			const imported = await control(sb, 'POST', 'icml?site=test-crm10', '');
			expect(imported.data).toMatchObject({ success: true, products: 1, offers: 1 });
			expect(fetched).toBe(1);
			expect((await get(sb, '/api/v5/store/offers?filter[externalIds][]=g1')).data.offers[0].price).toBe(10);
		} finally {
			await new Promise((r) => file.close(r));
		}
	});
});
