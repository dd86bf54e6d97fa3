/**
 * The order document is built once per order (issue 15): the write reuses the plan made while preparing the run,
 * unless a reference was created in between (a new buyer's counterparty and contract replace their stand-ins), when
 * it is built again with the real keys. Counted by wrapping the builder; the 1C sandbox says what was written.
 */
import type * as DocumentModule from '../../../../../nodes/core/sync/orders/document';

const built: string[] = [];
jest.mock('../../../../../nodes/core/sync/orders/document', () => {
	const actual = jest.requireActual<typeof DocumentModule>('../../../../../nodes/core/sync/orders/document');
	return {
		...actual,
		buildCustomerOrder: (...args: Parameters<typeof actual.buildCustomerOrder>) => {
			built.push(String(args[0].number));
			return actual.buildCustomerOrder(...args);
		},
	};
});

import { upsertCustomerOrders } from '../../../../../nodes/core/sync/orders/onec-writer/upsert';
import type { UpsertResult } from '../../../../../nodes/core/sync/orders/onec-writer/types';
import type { OneCSandbox } from '../../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../../integration/onec/sandbox-helpers';
import { JEANS48, ORDER_5488, ORDER_5489, ORDER_5490, crmOrder, line, seedOptions } from './fixtures';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await withSandbox('seed');
});
afterAll(async () => sb.close());
beforeEach(() => {
	sb.state.reset('seed');
	built.length = 0;
});

const ok = (o: unknown) => o as UpsertResult;

describe('the order document is built once per order', () => {
	it('orders whose buyer, contract and items exist: one build each, created and then unchanged', async () => {
		const { client } = sandboxClient(sb);
		const orders = () => [ORDER_5488(), ORDER_5489(), ORDER_5490()];
		const first = await upsertCustomerOrders(client, orders(), seedOptions());
		expect(first.map((o) => ok(o).action)).toEqual(['created', 'created', 'created']);
		expect(built.sort()).toEqual(['5488', '5489', '5490']);

		built.length = 0;
		const again = await upsertCustomerOrders(client, orders(), seedOptions());
		expect(again.map((o) => ok(o).action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(built.sort()).toEqual(['5488', '5489', '5490']);
	});

	it('a new buyer: built again once its counterparty exists, and the document names the created counterparty', async () => {
		const { client } = sandboxClient(sb);
		const buyer = { firstName: 'Анна', lastName: 'Новикова', email: 'anna.novikova@example.ru', phone: '+79995550101', customerId: 7001 };
		const [out] = await upsertCustomerOrders(client, [crmOrder(701, '7001', [line(JEANS48, 1)], 0, buyer)], seedOptions());
		expect(ok(out).action).toBe('created');
		expect(built).toEqual(['7001', '7001']);
		const doc = sb.state.store.rows('Document_ЗаказПокупателя').find((d) => d.Ref_Key === ok(out).ref);
		const counterparty = sb.state.store.rows('Catalog_Контрагенты').find((c) => c.Ref_Key === doc?.Контрагент_Key);
		expect(counterparty?.Description).toContain('Новикова');
	});
});
