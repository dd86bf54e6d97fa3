/**
 * RetailCRM Orders (Get, Get Many) inside n8n-core's engine against the retailCRM sandbox: proves the
 * credential's authenticate (X-API-KEY) as n8n applies it, the n8n transport, loadOptions-free params,
 * pairedItem, and error items that never show the key.
 */
import axios from 'axios';
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { runWorkflow, singleNodeWorkflow } from '../helpers/run-workflow';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';

function workflow(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return singleNodeWorkflow({ id: 'testRead', name: 'Orders', type: 'retailCrmOrders', parameters, extra, credentials: { retailCrmApi: { id: null, name: 'RetailCRM account' } } });
}

describe('RetailCRM Orders read operations in n8n-core', () => {
	let sandbox: RetailCrmSandbox;
	let credentials: { retailCrmApi: { url: string; apiKey: string } };

	beforeAll(async () => {
		sandbox = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		credentials = { retailCrmApi: { url: sandbox.url, apiKey: sandbox.keys.integration } };
	});
	afterAll(async () => sandbox.close());
	beforeEach(() => sandbox.reset('seed'));

	/** A loadOptions method of the node, called with a context whose HTTP helper adds the key as the credential does. */
	async function loadOptions(method: string): Promise<INodePropertyOptions[]> {
		const { RetailCrmOrders } = await import('../../nodes/RetailCrmOrders/RetailCrmOrders.node');
		const context = {
			getCredentials: async () => credentials.retailCrmApi,
			getNode: () => ({ id: 'r', name: 'Orders', type: 'retailCrmOrders', typeVersion: 1, position: [0, 0], parameters: {} }),
			logger: { info: () => undefined, warn: () => undefined, debug: () => undefined, error: () => undefined },
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: { method: string; url: string; headers: Record<string, string>; body?: string }) => {
					const res = await axios.request<string>({
						method: options.method,
						url: options.url,
						data: options.body,
						headers: { ...options.headers, 'X-API-KEY': credentials.retailCrmApi.apiKey },
						responseType: 'text',
						transformResponse: [(d: unknown) => d],
						validateStatus: () => true,
					});
					return { body: res.data, headers: res.headers, statusCode: res.status };
				},
			},
		} as unknown as ILoadOptionsFunctions;
		const methods = new RetailCrmOrders().methods.loadOptions as Record<string, (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>>;
		return await methods[method].call(context);
	}

	it('Get Many returns the seed orders in status "new", with pairedItem, using the header key', async () => {
		const result = await runWorkflow(
			workflow({ resource: 'order', operation: 'getMany', returnAll: true, filters: { statuses: ['new'] } }),
			{ credentials },
		);
		expect(result.error()).toBeUndefined();
		const orders = result.output('Orders');
		const byNumber = Object.fromEntries(orders.map((o) => [o.json.number, o.json.totalSumm]));
		expect(byNumber).toEqual({ '5488': 1990, '5489': 1070, '5490': 1390 });
		for (const o of orders) expect(o.pairedItem).toEqual({ item: 0 });
		const calls = sandbox.requests().filter((r) => r.path === '/api/v5/orders');
		expect(calls).toHaveLength(1);
		expect(calls[0].key).toBe('integration');
		expect(JSON.stringify(sandbox.requests())).not.toContain(sandbox.keys.integration);
	});

	it('Get Many honours Limit with one request of the smallest fitting page size', async () => {
		const result = await runWorkflow(workflow({ resource: 'order', operation: 'getMany', returnAll: false, limit: 2 }), {
			credentials,
		});
		expect(result.output('Orders')).toHaveLength(2);
		const calls = sandbox.requests().filter((r) => r.path === '/api/v5/orders');
		expect(calls).toHaveLength(1);
		expect(calls[0].query.limit).toBe('20');
	});

	it('Get finds an order by number and by CRM id; Simplify flattens it', async () => {
		const byNumber = await runWorkflow(
			workflow({ resource: 'order', operation: 'get', by: 'number', identifier: '5489', simplify: true }),
			{ credentials },
		);
		const simple = byNumber.output('Orders')[0].json;
		expect(simple).toMatchObject({ number: '5489', totalSumm: 1070, site: 'test-crm10' });
		expect(Object.keys(simple).length).toBeLessThanOrEqual(12);

		const byId = await runWorkflow(
			workflow({ resource: 'order', operation: 'get', by: 'id', identifier: String(simple.id) }),
			{ credentials },
		);
		expect(byId.output('Orders')[0].json.number).toBe('5489');
	});

	it('a wrong key becomes an error item that says what to fix and never shows the key', async () => {
		const wrongKey = 'WrongKey0123456789abcdefABCDEFxyz';
		const result = await runWorkflow(
			workflow({ resource: 'order', operation: 'getMany', returnAll: true }, { onError: 'continueRegularOutput' }),
			{ credentials: { retailCrmApi: { url: sandbox.url, apiKey: wrongKey } } },
		);
		const [item] = result.output('Orders');
		expect(String(item.json.error)).toMatch(/key/i);
		expect(JSON.stringify(result.run.data)).not.toContain(wrongKey);
	});

	it('a wrong key without "continue" fails the node with a NodeApiError naming the fix', async () => {
		const result = await runWorkflow(workflow({ resource: 'order', operation: 'getMany', returnAll: true }), {
			credentials: { retailCrmApi: { url: sandbox.url, apiKey: 'nope-nope-nope' } },
		});
		const error = result.error() as Error & { description?: string; httpCode?: string };
		expect(error).toBeDefined();
		expect((error as { name?: string }).name).toBe('NodeApiError');
		expect(`${error.message} ${error.description}`).toMatch(/API key/i);
		expect(JSON.stringify(result.run.data)).not.toContain('nope-nope-nope');
	});

	it('a key without the scopes a write needs gets an error that names the scopes to grant', async () => {
		const result = await runWorkflow(
			workflow({ resource: 'order', operation: 'update', crmOrderId: '101', updateFields: { managerComment: 'from n8n' } }),
			{ credentials: { retailCrmApi: { url: sandbox.url, apiKey: sandbox.keys.readonly } } },
		);
		const error = result.error() as Error & { description?: string };
		expect(error).toBeDefined();
		const text = `${error.message} ${error.description ?? ''}`;
		expect(text).toMatch(/order_write/);
		expect(text).toMatch(/store_write/);
		expect(JSON.stringify(result.run.data)).not.toContain(sandbox.keys.readonly);
		expect(sandbox.requests().filter((r) => r.method === 'POST' && r.status === 200)).toEqual([]);
	});

	describe('statuses and groups that share a code (new, assembling, complete on every account)', () => {
		it('the dropdown offers a group and a status with the same code as two different values', async () => {
			const options = await loadOptions('getStatusesAndGroups');
			const values = options.map((o) => o.value);
			expect(new Set(values).size).toBe(values.length);
			expect(options.find((o) => o.value === 'group:assembling')?.name).toBe('Group: Комплектация');
			expect(options.find((o) => o.value === 'assembling')?.name).toBe('Комплектуется (assembling)');
		});

		it('the status, status group, payment type and payment status dropdowns list the active entries only, as "Name (code)"', async () => {
			sandbox.state.statuses.assembling.active = false;
			sandbox.state.statusGroups.assembling.active = false;
			sandbox.state.paymentTypes['bank-card'].active = false;
			sandbox.state.paymentStatuses.invoice.active = false;
			const statuses = await loadOptions('getStatuses');
			expect(statuses.find((o) => o.value === 'new')).toEqual({ name: 'Новый (new)', value: 'new' });
			expect(statuses.map((o) => o.value)).not.toContain('assembling');
			const groups = await loadOptions('getStatusGroups');
			expect(groups.map((o) => o.value)).not.toContain('assembling');
			expect(groups.find((o) => o.value === 'new')?.description).toBe(`Statuses: ${sandbox.state.statusGroups.new.statuses.join(', ')}`);
			expect(await loadOptions('getPaymentTypes')).toEqual([
				{ name: 'Наличные (cash)', value: 'cash' },
				{ name: 'Безналичный расчёт (bank-transfer)', value: 'bank-transfer' },
			]);
			expect(await loadOptions('getPaymentStatuses')).toEqual([
				{ name: 'Не оплачен (not-paid)', value: 'not-paid', description: undefined },
				{ name: 'Оплачен (paid)', value: 'paid', description: 'Counts as paid' },
			]);
		});

		it('status "assembling" gives only orders in that status; group "assembling" gives every status of the group', async () => {
			sandbox.setStatus(101, 'assembling');
			sandbox.setStatus(102, 'send-to-assembling');
			sandbox.clearRequests();
			const status = await runWorkflow(workflow({ resource: 'order', operation: 'getMany', returnAll: true, filters: { statuses: ['assembling'] } }), { credentials });
			expect(status.output('Orders').map((o) => o.json.number)).toEqual(['5488']);
			// The account's statuses are read once: to tell a status from a group and to check the code.
			expect(sandbox.requests().map((r) => r.path)).toEqual(['/api/v5/reference/statuses', '/api/v5/orders']);
			const group = await runWorkflow(workflow({ resource: 'order', operation: 'getMany', returnAll: true, filters: { statuses: ['group:assembling'] } }), { credentials });
			expect(group.output('Orders').map((o) => o.json.number).sort()).toEqual(['5488', '5489']);
			// A value saved before the prefix that is only a group code is still read as the group.
			const legacy = await runWorkflow(workflow({ resource: 'order', operation: 'getMany', returnAll: true, filters: { statuses: ['approval'] } }), { credentials });
			expect(legacy.error()).toBeUndefined();
			expect(legacy.output('Orders')).toEqual([]);
		});
	});

	describe('Get by number', () => {
		it('returns only an exact match, though the number filter lists others', async () => {
			// 15488 contains 5488: the API's number filter lists it too.
			const copy = { ...sandbox.state.orders.find((o) => o.id === 101)!, id: 150, number: '15488' };
			sandbox.state.orders.push(copy);
			sandbox.reindex();
			const exact = await runWorkflow(workflow({ resource: 'order', operation: 'get', by: 'number', identifier: '5488' }), { credentials });
			expect(exact.output('Orders').map((o) => o.json.id)).toEqual([101]);
			const listed = sandbox.requests().filter((r) => r.path === '/api/v5/orders').at(-1);
			expect(listed?.query).toMatchObject({ filter: { numbers: ['5488'] } });
		});

		it('says "no order" when the filter lists only near misses', async () => {
			const none = await runWorkflow(workflow({ resource: 'order', operation: 'get', by: 'number', identifier: '548' }, { onError: 'continueRegularOutput' }), { credentials });
			expect(none.output('Orders')[0].json.error).toBe('No order with number 548');
		});
	});

	describe('page iteration', () => {
		it('a server that answers page 1 whatever is asked stops the walk with an error instead of looping', async () => {
			sandbox.configure({ ignorePageParameter: true });
			try {
				for (let i = 0; i < 120; i++) sandbox.state.orders.push({ ...sandbox.state.orders[0], id: 200 + i, number: `P${i}` });
				sandbox.reindex();
				const result = await runWorkflow(workflow({ resource: 'order', operation: 'getMany', returnAll: true }, { onError: 'continueRegularOutput' }), { credentials });
				expect(result.output('Orders').at(-1)?.json.error).toMatch(/retailCRM answered page 1 (with the same items )?when page 2 was asked/);
				expect(sandbox.requests().filter((r) => r.path === '/api/v5/orders')).toHaveLength(2);
			} finally {
				sandbox.configure({ ignorePageParameter: false });
			}
		});
	});
});
