/**
 * Request budget of the upsert, counted in the sandbox's request log. The promise: ≤ 2.5 1C requests per new
 * order plus one per new customer. The formula, for O new orders from B new buyers (each buyer one CRM customer):
 *
 *   requests = 2·O (document POST, Post) + 3·B (counterparty, its contract, the КонтактнаяИнформация record that
 *              keeps the CRM customer id) + R (batched reads: their number depends on how many keys fit a URL;
 *              one of them re-reads `Posted` of the run's documents, because a 2xx to Post proves nothing; after
 *              creating buyers, their CRM-id records are read once more, so two runs creating one buyer keep one)
 *
 * so the promise holds while R ≤ 0.5·O − 2·B: buyers with about five orders each, as in these runs. Phones and
 * e-mails of new buyers cost one request each on top (P) and are therefore written only when asked
 * (`writeContactInfo`, or Match by Contact Information, which reads the register anyway).
 * 200 orders from 40 buyers (30 people, 10 companies with ИНН/КПП), all new to 1C, generated from a seeded PRNG;
 * then an unchanged re-run and a run where every order changed; then 1,000 orders from 200 buyers.
 */
import { upsertCustomerOrders } from '../../../../../nodes/core/sync/orders/onec-writer/upsert';
import type { UpsertResult } from '../../../../../nodes/core/sync/orders/onec-writer/types';
import type { OneCSandbox } from '../../../../sandboxes/onec/server';
import type { RequestLogEntry } from '../../../../sandboxes/onec/sandbox';
import { sandboxClient, withSandbox } from '../../../../integration/onec/sandbox-helpers';
import { generateOrders as generate } from './generate-orders';
import { seedOptions } from './fixtures';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await withSandbox('seed');
});
afterAll(async () => sb.close());

/** `<METHOD> <last path segment>` → count, keys sorted (a document key or `/Post` shown as `(…)` / `Post`). */
function tally(log: readonly RequestLogEntry[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const r of log) {
		const key = `${r.method} ${(r.path.split('/').pop() ?? '').replace(/\(.*/, '(…)')}`;
		out[key] = (out[key] ?? 0) + 1;
	}
	return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const reads = (log: readonly RequestLogEntry[]) => log.filter((r) => r.method === 'GET').length;

describe('request budget of Create or Update from retailCRM Order', () => {
	it('200 orders from 40 new buyers: 2 per order, 3 per buyer, 21 reads; an unchanged re-run reads 17 times; a changed run unposts, patches and posts (+29 shipment-check reads, +1 Posted check, +5 setting checks)', async () => {
		sb.state.reset('seed');
		sb.state.log.length = 0;
		const { client } = sandboxClient(sb);
		const orders = generate(200, 40, 42);
		const out = await upsertCustomerOrders(client, orders, seedOptions());
		expect(out.filter((o) => !o.ok)).toEqual([]);
		expect(out.every((o) => (o as UpsertResult).action === 'created' && (o as UpsertResult).posted)).toBe(true);

		const log = sb.state.log;
		expect(tally(log)).toEqual({
			// documents of the run: one key range; then their `Posted` after posting, one key range again
			'GET Document_ЗаказПокупателя': 2,
			// CRM customer ids kept in 1C: 40 `Поле1 eq 'retailCRM:…'` terms in two URLs of ≤ 2000 characters, read before
			// and once more after the 40 buyers were created (another run may have created them too)
			'GET InformationRegister_КонтактнаяИнформация': 4,
			// none linked yet: 10 ИНН (1 URL), 30 e-mails (2), 30 names (3); and the Counterparty Folder setting (1)
			'GET Catalog_Контрагенты': 7,
			// the other GUID settings, each looked up once before anything is written (setting-references.ts)
			'GET Catalog_Организации': 1,
			'GET Catalog_Склады': 1,
			'GET Catalog_Валюты': 1,
			'GET Catalog_ТипыЦенНоменклатуры': 1,
			'GET Catalog_Номенклатура': 1,
			'GET Catalog_ХарактеристикиНоменклатуры': 1,
			'GET Catalog_ЕдиницыИзмерения': 1,
			'GET SliceLast': 1,
			'POST Catalog_Контрагенты': 40,
			'POST Catalog_ДоговорыКонтрагентов': 40,
			'POST InformationRegister_КонтактнаяИнформация': 40,
			'POST Document_ЗаказПокупателя': 200,
			'POST Post': 200,
		});
		expect(log.length).toBe(2 * 200 + 3 * 40 + reads(log));
		expect(reads(log)).toBe(21);
		// The promise (≤ 2.5 per order + 1 per buyer) plus the run's five fixed setting checks (setting-references.ts).
		expect(log.length).toBeLessThanOrEqual(2.5 * 200 + 40 + 5);

		// unchanged re-run: reads only; every buyer is found by its CRM customer id (the ИНН, e-mail and name look-ups
		// are not needed), then its counterparty row (2 URLs of Ref_Keys) and contracts (3 URLs of owners); the five
		// GUID settings are checked before the comparison tells that nothing is to be written
		log.length = 0;
		const again = await upsertCustomerOrders(client, orders, seedOptions());
		expect(again.every((o) => (o as UpsertResult).action === 'unchanged')).toBe(true);
		expect(tally(log)).toEqual({
			'GET Document_ЗаказПокупателя': 1,
			'GET InformationRegister_КонтактнаяИнформация': 2,
			'GET Catalog_Контрагенты': 3,
			'GET Catalog_Организации': 1,
			'GET Catalog_Склады': 1,
			'GET Catalog_Валюты': 1,
			'GET Catalog_ТипыЦенНоменклатуры': 1,
			'GET Catalog_ДоговорыКонтрагентов': 3,
			'GET Catalog_Номенклатура': 1,
			'GET Catalog_ХарактеристикиНоменклатуры': 1,
			'GET Catalog_ЕдиницыИзмерения': 1,
			'GET SliceLast': 1,
		});

		// every order changed: its posted document unposted first (a refused re-post then leaves it unposted, for a later
		// run to post; docs/order-lifecycle.md "Posting"), one PATCH and one Post each, the same 17 reads and the shipment check of the documents
		// to change (docs/order-lifecycle.md), nothing else written. The check packs 15 `Сделка eq guid'…'` terms into a
		// 2,000-character URL: ⌈200 / 15⌉ = 14 reads of Document_РеализацияТоваровУслуг (now in the sandbox).
		log.length = 0;
		const changed = generate(200, 40, 42, 1);
		const updated = await upsertCustomerOrders(client, changed, seedOptions());
		expect(updated.every((o) => (o as UpsertResult).action === 'updated' && (o as UpsertResult).posted)).toBe(true);
		// The shipment check reads ЗаказыПокупателей records of the 200 documents (7 `ЗаказПокупателя_Key` terms per
		// URL: ⌈200/7⌉ = 29); no shipments, so no shipment document is read.
		expect(tally(log)).toMatchObject({ 'POST Unpost': 200, 'PATCH Document_ЗаказПокупателя(…)': 200, 'POST Post': 200, 'GET AccumulationRegister_ЗаказыПокупателей_RecordType': 29, 'GET Document_ЗаказПокупателя': 2 });
		expect(tally(log)['GET Document_РеализацияТоваровУслуг']).toBeUndefined();
		expect(log.filter((r) => r.method === 'POST' && !/\/(Post|Unpost)$/.test(r.path))).toEqual([]);
		expect(log.length).toBe(3 * 200 + 17 + 29 + 1);
	});

	it('1,000 orders from 200 new buyers: 2,653 requests = 2·1000 + 3·200 + 53 reads ≤ 2.5·1000 + 200', async () => {
		sb.state.reset('seed');
		sb.state.log.length = 0;
		const { client } = sandboxClient(sb);
		const out = await upsertCustomerOrders(client, generate(1000, 200, 7), seedOptions());
		expect(out.filter((o) => !o.ok)).toEqual([]);
		const log = sb.state.log;
		expect(tally(log)).toMatchObject({ 'POST Catalog_Контрагенты': 200, 'POST Catalog_ДоговорыКонтрагентов': 200, 'POST InformationRegister_КонтактнаяИнформация': 200 });
		expect(reads(log)).toBe(53);
		expect(log.length).toBe(2 * 1000 + 3 * 200 + 53);
		expect(log.length).toBeLessThanOrEqual(2.5 * 1000 + 200);
	});

	it('phones and e-mails of new buyers, when written, cost one request each plus one read of the contact kinds', async () => {
		sb.state.reset('seed');
		sb.state.log.length = 0;
		const { client } = sandboxClient(sb);
		// 40 buyers with an e-mail each; every second one also has a phone
		const orders = generate(200, 40, 42).map((o, i) => ({ ...o, phone: (i % 40) % 2 === 0 ? `+7 916 ${String(1000000 + (i % 40)).slice(0, 7)}` : null }));
		const out = await upsertCustomerOrders(client, orders, seedOptions({ writeContactInfo: true }));
		expect(out.filter((o) => !o.ok)).toEqual([]);
		const log = sb.state.log;
		const P = 40 + 20;
		expect(tally(log)).toMatchObject({ 'GET Catalog_ВидыКонтактнойИнформации': 1, 'POST InformationRegister_КонтактнаяИнформация': 40 + P });
		expect(log.length).toBe(2 * 200 + 3 * 40 + P + reads(log));
		expect(reads(log)).toBe(22);
	});
});
