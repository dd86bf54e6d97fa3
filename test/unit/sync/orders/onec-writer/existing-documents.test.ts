/**
 * Look-up of existing documents by incoming key: numeric keys grouped into `ge … and le …` ranges (the 41-letter
 * field name leaves room for only ~5 `eq` terms per URL), other keys as OR-lists; exact matching on our side.
 */
import { findOrderDocuments, planKeyRanges, readDocumentsByKeys } from '../../../../../nodes/core/sync/orders/onec-writer/existing-documents';
import { upsertCustomerOrders } from '../../../../../nodes/core/sync/orders/onec-writer/upsert';
import type { UpsertResult } from '../../../../../nodes/core/sync/orders/onec-writer/types';
import type { OneCSandbox } from '../../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../../integration/onec/sandbox-helpers';
import { JEANS48, crmOrder, line, seedOptions } from './fixtures';

describe('planKeyRanges', () => {
	it('groups by prefix and digit count, splits at gaps, leaves non-numeric keys to OR-lists', () => {
		const plan = planKeyRanges(['5488', '5490', '5489', '9000', 'a:5488', 'a:5489', '54880', '5488A', '5488'], 200);
		expect(plan.ranges).toEqual(
			expect.arrayContaining([
				{ from: '5488', to: '5490', keys: ['5488', '5489', '5490'] },
				{ from: '9000', to: '9000', keys: ['9000'] },
				{ from: 'a:5488', to: 'a:5489', keys: ['a:5488', 'a:5489'] },
				{ from: '54880', to: '54880', keys: ['54880'] },
			]),
		);
		expect(plan.ranges).toHaveLength(4);
		expect(plan.others).toEqual(['5488A']);
	});
});

describe('findExistingDocuments against the sandbox', () => {
	let sb: OneCSandbox;
	beforeAll(async () => {
		sb = await withSandbox('seed');
	});
	afterAll(async () => sb.close());

	it('finds documents by numeric and lettered keys in one request per range or OR-chunk, ignoring neighbours in the range', async () => {
		sb.state.reset('seed');
		const { client } = sandboxClient(sb);
		const orders = ['100', '101', '102', '7A', 'B-8', '1000'].map((n, i) => crmOrder(1 + i, n, [line(JEANS48, 1)], 0));
		const written = await upsertCustomerOrders(client, orders, seedOptions({ numberMode: 'onec' }));
		expect(written.map((o) => (o as UpsertResult).action)).toEqual(['created', 'created', 'created', 'created', 'created', 'created']);
		// Documents of version 0.1 carried the CRM number as key: give them those keys here.
		for (const doc of sb.state.store.rows('Document_ЗаказПокупателя')) {
			const number = /^retailCRM №(\S+)/.exec(String(doc.Комментарий ?? ''))?.[1];
			if (number) sb.state.store.put('Document_ЗаказПокупателя', { ...doc, НомерВходящегоДокументаЭлектронногоОбмена: number });
		}
		sb.state.log.length = 0;
		const found = await readDocumentsByKeys(client, ['100', '102', '7A', 'B-8', '555']);
		expect([...found.keys()].sort()).toEqual(['100', '102', '7A', 'B-8']);
		expect(found.get('102')?.[0].Ref_Key).toBe((written[2] as UpsertResult).ref);
		// 101 lies inside the 100…102 range and is read, but not returned
		expect(found.has('101')).toBe(false);
		// the range 100…102 and `eq` terms for 555, B-8 and 7A fit one URL
		const gets = sb.state.log.filter((r) => r.method === 'GET');
		expect(gets).toHaveLength(1);
		expect(gets[0].rawUrl.length).toBeLessThanOrEqual(2000);
		expect(Array.isArray(found.get('100')?.[0].Товары)).toBe(true);
	});
});

describe('findExistingDocuments packing', () => {
	let sb: OneCSandbox;
	beforeAll(async () => {
		sb = await withSandbox('seed');
	});
	afterAll(async () => sb.close());

	it('scattered keys are packed several per URL, every URL within the limit', async () => {
		sb.state.reset('seed');
		sb.state.log.length = 0;
		const { client } = sandboxClient(sb);
		const keys = Array.from({ length: 30 }, (_, i) => String(1000 + i * 1000));
		const found = await readDocumentsByKeys(client, keys);
		expect(found.size).toBe(0);
		const gets = sb.state.log.filter((r) => r.method === 'GET');
		expect(gets.length).toBeGreaterThan(1);
		expect(gets.length).toBeLessThanOrEqual(8);
		for (const g of gets) expect(g.rawUrl.length).toBeLessThanOrEqual(2000);
	});
});

describe('findOrderDocuments', () => {
	let sb: OneCSandbox;
	beforeAll(async () => {
		sb = await withSandbox('seed');
	});
	afterAll(async () => sb.close());

	it('per order: live documents in winner order (lowest number, then Ref_Key) and deletion-marked ones, under the new and the legacy key', async () => {
		sb.state.reset('seed');
		const { client } = sandboxClient(sb);
		const doc = (ref: string, number: string, key: string, extra: Record<string, unknown> = {}) =>
			sb.state.store.put('Document_ЗаказПокупателя', { Ref_Key: ref, Number: number, Date: '2026-01-10T10:00:00', НомерВходящегоДокументаЭлектронногоОбмена: key, DeletionMark: false, ...extra });
		doc('00000000-0000-4000-8000-00000000000b', 'ЦРМ00000012', 'crm#77');
		doc('00000000-0000-4000-8000-00000000000a', 'ЦРМ00000011', '5077');
		doc('00000000-0000-4000-8000-00000000000c', 'ЦРМ00000013', 'crm#77', { DeletionMark: true });
		doc('00000000-0000-4000-8000-00000000000d', 'ЦРМ00000014', 'crm#78', { DeletionMark: true });
		sb.state.log.length = 0;
		const found = await findOrderDocuments(client, [
			{ id: 'crm#77', keys: ['crm#77', '5077'] },
			{ id: 'crm#78', keys: ['crm#78', '5078'] },
			{ id: 'crm#79', keys: ['crm#79'] },
		]);
		expect(found.get('crm#77')?.live.map((d) => d.Number)).toEqual(['ЦРМ00000011', 'ЦРМ00000012']);
		expect(found.get('crm#77')?.marked.map((d) => d.Number)).toEqual(['ЦРМ00000013']);
		expect(found.get('crm#78')).toEqual({ live: [], marked: [expect.objectContaining({ Number: 'ЦРМ00000014' })] });
		expect(found.has('crm#79')).toBe(false);
		expect(sb.state.log.filter((r) => r.method === 'GET')).toHaveLength(1);
	});
});
