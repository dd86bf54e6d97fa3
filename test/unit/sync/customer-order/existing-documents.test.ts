/**
 * Look-up of existing documents by incoming key: numeric keys grouped into `ge … and le …` ranges (the 41-letter
 * field name leaves room for only ~5 `eq` terms per URL), other keys as OR-lists; exact matching on our side.
 */
import { findExistingDocuments, planKeyRanges } from '../../../../nodes/core/sync/customer-order/existing-documents';
import { upsertCustomerOrders } from '../../../../nodes/core/sync/customer-order/upsert';
import type { UpsertResult } from '../../../../nodes/core/sync/customer-order/types';
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';
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
		sb.state.log.length = 0;
		const found = await findExistingDocuments(client, ['100', '102', '7A', 'B-8', '555']);
		expect([...found.keys()].sort()).toEqual(['100', '102', '7A', 'B-8']);
		expect(found.get('102')?.Ref_Key).toBe((written[2] as UpsertResult).ref);
		// 101 lies inside the 100…102 range and is read, but not returned
		expect(found.has('101')).toBe(false);
		// the range 100…102 and `eq` terms for 555, B-8 and 7A fit one URL
		const gets = sb.state.log.filter((r) => r.method === 'GET');
		expect(gets).toHaveLength(1);
		expect(gets[0].rawUrl.length).toBeLessThanOrEqual(2000);
		expect(Array.isArray(found.get('100')?.Товары)).toBe(true);
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
		const found = await findExistingDocuments(client, keys);
		expect(found.size).toBe(0);
		const gets = sb.state.log.filter((r) => r.method === 'GET');
		expect(gets.length).toBeGreaterThan(1);
		expect(gets.length).toBeLessThanOrEqual(8);
		for (const g of gets) expect(g.rawUrl.length).toBeLessThanOrEqual(2000);
	});
});
