/**
 * Request counts of an order's later life, from the sandbox's request log: 200 loaded orders from 40 buyers, then
 * every order edited (its posted document unposted, then one PATCH and one Post each, plus the batched shipment
 * check), cancelled (one Unpost and one PATCH each; no buyer, contract or item look-ups), cancelled again (nothing
 * written) and brought back.
 */
import { upsertCustomerOrders } from '../../../../../nodes/core/sync/orders/onec-writer/upsert';
import type { UpsertResult } from '../../../../../nodes/core/sync/orders/onec-writer/types';
import type { OneCSandbox } from '../../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../../integration/onec/sandbox-helpers';
import { generateOrders } from './generate-orders';
import { seedOptions } from './fixtures';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await withSandbox('seed');
});
afterAll(async () => sb.close());

const withIntent = (intent: 'load' | 'follow' | 'cancel', variant = 0) => generateOrders(200, 40, 42, variant).map((o) => ({ ...o, syncIntent: intent }));

describe('request counts of edits, cancellations and returns', () => {
	it('edited, cancelled, cancelled again and restored: exact writes, a bounded number of reads', async () => {
		sb.state.reset('seed');
		const { client } = sandboxClient(sb);
		expect((await upsertCustomerOrders(client, withIntent('load'), seedOptions())).filter((o) => !o.ok)).toEqual([]);
		const log = sb.state.log;
		const by = (method: string, test: (path: string) => boolean) => log.filter((r) => r.method === method && test(r.path)).length;
		const gets = (set: string) => by('GET', (p) => p.endsWith(`/${set}`));

		// Edited: Unpost + PATCH + Post each (unposted first, so a refused re-post leaves no stale reserves); one look-up
		// of documents, the buyers', items' and the shipment check (batched).
		log.length = 0;
		const edited = await upsertCustomerOrders(client, withIntent('follow', 1), seedOptions());
		expect(edited.every((o) => (o as UpsertResult).action === 'updated')).toBe(true);
		expect(by('PATCH', (p) => p.includes('Document_ЗаказПокупателя('))).toBe(200);
		expect(by('POST', (p) => p.endsWith('/Unpost'))).toBe(200);
		expect(by('POST', (p) => p.endsWith('/Post'))).toBe(200);
		// the look-up, and the check of `Posted` after posting (one key range each)
		expect(gets('Document_ЗаказПокупателя')).toBe(2);
		// the shipment check: ЗаказыПокупателей records of the 200 documents, 7 per URL (order-progress/shipments.ts)
		expect(gets('AccumulationRegister_ЗаказыПокупателей_RecordType')).toBe(Math.ceil(200 / 7));
		// (+5: the run's GUID settings looked up once, setting-references.ts)
		expect(log.length).toBeLessThanOrEqual(3 * 200 + 50);

		// Cancelled: Unpost + one PATCH (note, no mark) each; buyers, contracts and items are not even read.
		log.length = 0;
		const cancelled = await upsertCustomerOrders(client, withIntent('cancel', 1), seedOptions());
		expect(cancelled.every((o) => (o as UpsertResult).action === 'cancelled' && !(o as UpsertResult).posted)).toBe(true);
		expect(by('POST', (p) => p.endsWith('/Unpost'))).toBe(200);
		expect(by('PATCH', () => true)).toBe(200);
		expect(gets('Catalog_Контрагенты') + gets('Catalog_ДоговорыКонтрагентов') + gets('Catalog_Номенклатура')).toBe(0);
		// (+5: the run's GUID settings looked up once, setting-references.ts)
		expect(log.length).toBeLessThanOrEqual(2 * 200 + 50);

		// Cancelled again: nothing to write.
		log.length = 0;
		const again = await upsertCustomerOrders(client, withIntent('cancel', 1), seedOptions());
		expect(again.every((o) => (o as UpsertResult).action === 'skipped' && (o as UpsertResult).skipReason === 'cancelled')).toBe(true);
		expect(log.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(log.length).toBe(1);


		// Back in a trigger status: restored (PATCH + Post each), same documents.
		log.length = 0;
		const restored = await upsertCustomerOrders(client, withIntent('load', 1), seedOptions());
		expect(restored.every((o) => (o as UpsertResult).action === 'restored' && (o as UpsertResult).posted)).toBe(true);
		expect(restored.map((o) => (o as UpsertResult).ref)).toEqual(cancelled.map((o) => (o as UpsertResult).ref));
		expect(by('PATCH', () => true)).toBe(200);
		expect(by('POST', (p) => p.endsWith('/Post'))).toBe(200);
	});
});
