/**
 * Request budget of the upsert, counted in the sandbox's request log: ≤ 3.5 1C requests per order (the POST, the
 * Post and the re-read of `Posted` after it, which a real base requires) plus one look-up-or-create per distinct buyer. 200 orders from 40 buyers (30 people, 10 companies with ИНН/КПП), all
 * new to 1C, generated from a seeded PRNG; then an unchanged re-run and a run where every order changed.
 */
import { upsertCustomerOrders } from '../../../../nodes/core/sync/customer-order/upsert';
import type { UpsertResult } from '../../../../nodes/core/sync/customer-order/types';
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';
import { generateOrders as generate } from './generate-orders';
import { seedOptions } from './fixtures';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await withSandbox('seed');
});
afterAll(async () => sb.close());

describe('request budget of Create or Update from retailCRM Order', () => {
	it('200 orders from 40 new buyers: one POST and one Post per order, one buyer and one contract per buyer, few reads', async () => {
		sb.state.reset('seed');
		sb.state.log.length = 0;
		const { client } = sandboxClient(sb);
		const orders = generate(200, 40, 42);
		const out = await upsertCustomerOrders(client, orders, seedOptions());
		expect(out.filter((o) => !o.ok)).toEqual([]);
		expect(out.every((o) => (o as UpsertResult).action === 'created' && (o as UpsertResult).posted)).toBe(true);

		const log = sb.state.log;
		const by = (method: string, test: (path: string) => boolean) => log.filter((r) => r.method === method && test(r.path)).length;
		expect(by('POST', (p) => p.endsWith('/Document_ЗаказПокупателя'))).toBe(200);
		expect(by('POST', (p) => p.endsWith('/Post'))).toBe(200);
		expect(by('POST', (p) => p.endsWith('/Catalog_Контрагенты'))).toBe(40);
		expect(by('POST', (p) => p.endsWith('/Catalog_ДоговорыКонтрагентов'))).toBe(40);
		expect(by('PATCH', () => true)).toBe(0);
		// Each Post is followed by one GET of Posted (…(guid'…')?$select=Posted).
		const rereads = log.filter((r) => r.method === 'GET' && r.query.$select === 'Posted').length;
		expect(rereads).toBe(200);
		const reads = log.filter((r) => r.method === 'GET').length - rereads;
		// documents: one key range; buyers: ИНН, e-mail and name lists; items, characteristics, units; rate
		expect(by('GET', (p) => p.endsWith('/Document_ЗаказПокупателя'))).toBe(1);
		expect(by('GET', (p) => p.endsWith('/Catalog_Номенклатура'))).toBe(1);
		expect(by('GET', (p) => p.endsWith('/Catalog_ЕдиницыИзмерения'))).toBe(1);
		expect(reads).toBeLessThanOrEqual(12);
		expect(log.length).toBeLessThanOrEqual(3.5 * 200 + 40);

		// unchanged re-run: reads only
		log.length = 0;
		const again = await upsertCustomerOrders(client, orders, seedOptions());
		expect(again.every((o) => (o as UpsertResult).action === 'unchanged')).toBe(true);
		expect(log.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(log.length).toBeLessThanOrEqual(20);

		// every order changed: one PATCH and one Post each, nothing else written
		log.length = 0;
		const changed = generate(200, 40, 42, 1);
		const updated = await upsertCustomerOrders(client, changed, seedOptions());
		expect(updated.every((o) => (o as UpsertResult).action === 'updated' && (o as UpsertResult).posted)).toBe(true);
		expect(by('PATCH', (p) => p.includes('Document_ЗаказПокупателя('))).toBe(200);
		expect(by('POST', (p) => p.endsWith('/Post'))).toBe(200);
		expect(log.filter((r) => r.method === 'POST' && !r.path.endsWith('/Post'))).toEqual([]);
		expect(log.length).toBeLessThanOrEqual(3.5 * 200 + 40);
	});

	it('1,000 orders from 200 buyers stay within 3.5 requests per order plus one per buyer', async () => {
		sb.state.reset('seed');
		sb.state.log.length = 0;
		const { client } = sandboxClient(sb);
		const out = await upsertCustomerOrders(client, generate(1000, 200, 7), seedOptions());
		expect(out.filter((o) => !o.ok)).toEqual([]);
		const log = sb.state.log;
		expect(log.filter((r) => r.method === 'POST' && r.path.endsWith('/Catalog_Контрагенты')).length).toBe(200);
		expect(log.length).toBeLessThanOrEqual(3.5 * 1000 + 200);
	});
});
