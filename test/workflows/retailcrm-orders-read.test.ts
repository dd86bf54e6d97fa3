/**
 * RetailCRM Orders (Get, Get Many) inside n8n-core's engine against the retailCRM sandbox: proves the
 * credential's authenticate (X-API-KEY) as n8n applies it, the n8n transport, loadOptions-free params,
 * pairedItem, and error items that never show the key.
 */
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
});
