/**
 * Get Changed → (fake 1C step) → Update → Confirm Processed in n8n-core's engine against the retailCRM sandbox.
 * The 1C step is a stand-in node here (the real one has its own tests and runs in orders-flow.test.ts), so these
 * tests pin down the cursor protocol: what is emitted, when the cursor moves, retries, quarantine, own changes.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { runWorkflow, PACKAGE } from '../helpers/run-workflow';
import { startRetailCrmSandbox, TRIGGER_STATUS, SEED_ORDER_IDS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';

const IDS = Object.values(SEED_ORDER_IDS);

/** Stand-in for the 1C node: one result per order; orders in `failing` get an error item. */
const failing = new Map<number, string>();
const written: number[] = [];
/** Ref_Key the stand-in reports, when not `ref-<id>`. */
const refs = new Map<number, string>();
const fakeOneC: INodeType = {
	description: {
		displayName: 'Fake 1C',
		name: 'fakeOneC',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Fake 1C' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			this.getInputData().map((item, i) => {
				const id = item.json.id as number;
				const error = failing.get(id);
				// Like the real 1C node: the item carries the error, which makes n8n keep only `{ error: message }`.
				if (error) return { json: { error, crmOrderId: id }, error: new NodeOperationError(this.getNode(), error), pairedItem: { item: i } };
				written.push(id);
				return { json: { crmOrderId: id, Ref_Key: refs.get(id) ?? `ref-${id}`, number: `ЦРМ0000${String(item.json.number)}` }, pairedItem: { item: i } };
			}),
		];
	},
};

function workflow(getChanged: IDataObject = {}) {
	const cred = { retailCrmApi: { id: null, name: 'RetailCRM account' } };
	const node = (name: string, x: number, parameters: IDataObject, extra: IDataObject = {}) => ({
		id: name,
		name,
		type: `${PACKAGE}.retailCrmOrders`,
		typeVersion: 1,
		position: [x, 0],
		parameters: { resource: 'order', ...parameters },
		credentials: cred,
		...extra,
	});
	return {
		id: 'opsTest',
		name: 'ops',
		nodes: [
			{ id: 't', name: 'Schedule', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, position: [0, 0], parameters: {} },
			node('Get Changed', 200, {
				operation: 'getChanged',
				statuses: [TRIGGER_STATUS],
				options: { retryDelayMinutes: 0 },
				...getChanged,
			}),
			{ id: 'f', name: '1C', type: 'test.fakeOneC', typeVersion: 1, position: [400, 0], parameters: {}, onError: 'continueErrorOutput' },
			node('Update', 600, {
				operation: 'update',
				updateFields: {
					externalId: '={{ $json.Ref_Key }}',
					customFields: { field: [{ code: 'onec_number', value: '={{ $json.number }}' }] },
				},
			}),
			node('Confirm', 800, { operation: 'confirmProcessed', maxAttempts: 3 }),
		],
		connections: {
			Schedule: { main: [[{ node: 'Get Changed', type: 'main', index: 0 }]] },
			'Get Changed': { main: [[{ node: '1C', type: 'main', index: 0 }]] },
			'1C': {
				main: [[{ node: 'Update', type: 'main', index: 0 }], [{ node: 'Confirm', type: 'main', index: 0 }]],
			},
			Update: { main: [[{ node: 'Confirm', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

describe('Get Changed / Update / Confirm Processed (cursor protocol)', () => {
	let sandbox: RetailCrmSandbox;
	let credentials: { retailCrmApi: { url: string; apiKey: string } };
	const extraNodeTypes = { 'test.fakeOneC': fakeOneC };

	beforeAll(async () => {
		sandbox = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
		credentials = { retailCrmApi: { url: sandbox.url, apiKey: sandbox.keys.integration } };
	});
	afterAll(async () => sandbox.close());
	beforeEach(() => {
		sandbox.reset('seed');
		failing.clear();
		refs.clear();
		written.length = 0;
	});

	const run = async (staticData: IDataObject, wf = workflow(), mode: 'trigger' | 'manual' = 'trigger') => {
		const result = await runWorkflow(wf, { credentials, staticData, extraNodeTypes, mode, trigger: 'Schedule' });
		expect(result.error()).toBeUndefined();
		return result;
	};
	/** n8n keeps 'global' static data under the key "global". */
	const syncState = (staticData: IDataObject) => (staticData.global as IDataObject).orderSync as IDataObject;
	const cursor = (staticData: IDataObject) => syncState(staticData).sinceId;
	const lastHistoryId = () => sandbox.state.history[sandbox.state.history.length - 1].id;

	it('first run starts from now; orders moved later are emitted once, written back, and the cursor moves past them', async () => {
		const staticData: IDataObject = {};
		const first = await run(staticData);
		expect(first.output('Get Changed')).toHaveLength(0);
		expect(cursor(staticData)).toBe(lastHistoryId());

		for (const id of IDS) sandbox.setStatus(id, TRIGGER_STATUS);
		sandbox.setStatus(IDS[0], 'complete'); // a later change of another kind does not matter
		sandbox.clearRequests();
		const second = await run(staticData);
		expect(second.output('Get Changed').map((i) => i.json.id)).toEqual(IDS);
		expect(written).toEqual(IDS);
		const orderFetches = sandbox.requests().filter((r) => r.path === '/api/v5/orders');
		expect(orderFetches).toHaveLength(1);
		expect(sandbox.requests().filter((r) => r.path === '/api/v5/orders/fix-external-ids')).toHaveLength(1);
		const summary = second.output('Confirm')[0].json;
		expect(summary).toMatchObject({ advanced: true, processed: IDS, failed: [], quarantined: [] });
		expect(sandbox.state.orders.find((o) => o.id === IDS[1])?.externalId).toBe(`ref-${IDS[1]}`);
		expect(sandbox.state.orders.find((o) => o.id === IDS[1])?.customFields.onec_number).toBe('ЦРМ00005489');

		// Our own write-backs (fix-external-ids, custom field) are in history with apiKey.current: nothing triggers.
		written.length = 0;
		const third = await run(staticData);
		expect(third.output('Get Changed')).toHaveLength(0);
		expect(written).toEqual([]);
		expect(cursor(staticData)).toBe(lastHistoryId());
	});

	it('a status change made with our own key triggers nothing; another key does', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		const edit = async (key: string) =>
			await fetch(`${sandbox.url}/api/v5/orders/${IDS[0]}/edit`, {
				method: 'POST',
				headers: { 'X-API-KEY': key, 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ by: 'id', order: JSON.stringify({ status: TRIGGER_STATUS }) }).toString(),
			});
		expect((await edit(sandbox.keys.integration)).status).toBe(200);
		expect((await run(staticData)).output('Get Changed')).toHaveLength(0);
		sandbox.setStatus(IDS[0], 'new');
		expect((await edit(sandbox.keys.site)).status).toBe(200);
		expect((await run(staticData)).output('Get Changed').map((i) => i.json.id)).toEqual([IDS[0]]);
	});

	it('a failed order goes to the retry list, the cursor still moves, and it is retried until quarantined', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		for (const id of IDS) sandbox.setStatus(id, TRIGGER_STATUS);
		failing.set(IDS[1], 'offer 7 is not matched in 1C');
		const seen = lastHistoryId();

		const first = await run(staticData);
		const confirmRuns = first.run.data.resultData.runData.Confirm;
		expect(confirmRuns.length).toBe(2); // once per branch: error output and success path
		expect(written).toEqual([IDS[0], IDS[2]]);
		expect(cursor(staticData)).toBe(seen);
		const state = syncState(staticData) as unknown as { retry: Record<string, { attempts: number; lastError: string }> };
		expect(state.retry[String(IDS[1])]).toMatchObject({ attempts: 1, lastError: 'offer 7 is not matched in 1C' });

		written.length = 0;
		const second = await run(staticData);
		expect(second.output('Get Changed').map((i) => i.json.id)).toEqual([IDS[1]]);
		expect(written).toEqual([]);
		const third = await run(staticData);
		const summary = third.output('Confirm')[0].json as { quarantinedNow: number[]; quarantined: Array<{ orderId: number; attempts: number }> };
		expect(summary.quarantinedNow).toEqual([IDS[1]]);
		expect(summary.quarantined).toMatchObject([{ orderId: IDS[1], attempts: 3 }]);
		expect((await run(staticData)).output('Get Changed')).toHaveLength(0);

		// Fixed in 1C and moved into the status again by a manager: loaded.
		failing.clear();
		sandbox.setStatus(IDS[1], 'new');
		sandbox.setStatus(IDS[1], TRIGGER_STATUS);
		const again = await run(staticData);
		expect(written).toEqual([IDS[1]]);
		expect((again.output('Confirm')[0].json as { quarantined: unknown[] }).quarantined).toEqual([]);
	});

	it('Update failing after the 1C write leaves the cursor in place; the next run repeats the same orders', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		const before = cursor(staticData);
		for (const id of IDS) sandbox.setStatus(id, TRIGGER_STATUS);
		// orders/{id}/edit is never repeated by the client (it is not safe to repeat), so one 500 fails the step.
		sandbox.injectFault({ status: 500, count: 1, match: { path: '^/api/v5/orders/\\d+/edit$' } });
		const failed = await runWorkflow(workflow(), { credentials, staticData, extraNodeTypes, trigger: 'Schedule' });
		expect(failed.error()).toBeDefined();
		expect(failed.ran('Confirm')).toBe(false);
		expect(cursor(staticData)).toBe(before);
		written.length = 0;
		const seen = lastHistoryId(); // includes the external ids the failed run wrote (own key: no trigger)
		await run(staticData);
		expect(written).toEqual(IDS);
		expect(cursor(staticData)).toBe(seen);
	});

	it('Update: a rejected external ID fails only its own item (batch resent row by row); the order is retried', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		for (const id of IDS) sandbox.setStatus(id, TRIGGER_STATUS);
		refs.set(IDS[1], 'taken');
		sandbox.state.orders.find((o) => o.id === IDS[2])!.externalId = 'taken'; // another order of the site has it
		const wf = workflow();
		(wf.nodes.find((n) => n.name === 'Update') as IDataObject).onError = 'continueRegularOutput';
		sandbox.clearRequests();
		const result = await run(staticData, wf);
		const updated = result.output('Update');
		expect(updated.map((i) => [i.json.crmOrderId, i.json.error === undefined])).toEqual([
			[IDS[0], true],
			[IDS[1], false],
			[IDS[2], true],
		]);
		expect(String(updated[1].json.error)).toMatch(/taken/);
		expect(updated.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// one batch, refused; then one request per row
		expect(sandbox.requests().filter((r) => r.path === '/api/v5/orders/fix-external-ids')).toHaveLength(4);
		expect(sandbox.state.orders.find((o) => o.id === IDS[0])?.externalId).toBe(`ref-${IDS[0]}`);
		const summary = result.output('Confirm')[0].json as { failed: Array<{ orderId: number }>; advanced: boolean };
		expect(summary.failed.map((f) => f.orderId)).toEqual([IDS[1]]);
		expect(summary.advanced).toBe(true);
	});

	it('Update writes status and manager comment by expression; our own status change does not trigger again', async () => {
		const staticData: IDataObject = {};
		const wf = workflow();
		const update = wf.nodes.find((n) => n.name === 'Update') as { parameters: IDataObject };
		update.parameters.updateFields = { status: TRIGGER_STATUS, managerComment: '=В 1С: {{ $json.number }}' };
		await run(staticData, wf);
		sandbox.setStatus(IDS[2], TRIGGER_STATUS);
		sandbox.setStatus(IDS[2], 'new'); // left the status again before the run: still emitted (it entered it)
		const result = await run(staticData, wf);
		expect(result.output('Update').map((i) => i.json.crmUpdatedFields)).toEqual([['status', 'managerComment']]);
		const order = sandbox.state.orders.find((o) => o.id === IDS[2])!;
		expect(order.status).toBe(TRIGGER_STATUS);
		expect(order.managerComment).toBe('В 1С: ЦРМ00005490');
		expect((await run(staticData, wf)).output('Get Changed')).toHaveLength(0);
	});

	it('orders in other statuses are not loaded; an order created in a trigger status is', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		sandbox.setStatus(IDS[0], 'complete');
		const created = await fetch(`${sandbox.url}/api/v5/orders/create`, {
			method: 'POST',
			headers: { 'X-API-KEY': sandbox.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ site: 'test-crm10', order: JSON.stringify({ status: TRIGGER_STATUS, firstName: 'Анна' }) }).toString(),
		});
		const body = (await created.json()) as { id: number };
		expect(body.id).toBeGreaterThan(0);
		const result = await run(staticData);
		expect(result.output('Get Changed').map((i) => i.json.id)).toEqual([body.id]);
	});

	it('status groups expand to their statuses; sites filter', async () => {
		const group = sandbox.state.statuses[TRIGGER_STATUS].group;
		const staticData: IDataObject = {};
		const wf = workflow({ statuses: [], statusGroups: [group] });
		await run(staticData, wf);
		sandbox.setStatus(IDS[0], TRIGGER_STATUS);
		expect((await run(staticData, wf)).output('Get Changed').map((i) => i.json.id)).toEqual([IDS[0]]);

		const other = workflow({ options: { sites: ['another-site'], retryDelayMinutes: 0 } });
		sandbox.setStatus(IDS[1], TRIGGER_STATUS);
		expect((await run(staticData, other)).output('Get Changed')).toHaveLength(0);
	});

	it('a manual run is a preview: n8n keeps no static data, the next scheduled run sees the same orders', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		const saved = JSON.stringify(staticData);
		sandbox.setStatus(IDS[0], TRIGGER_STATUS);
		const copy = JSON.parse(saved) as IDataObject;
		const preview = await run(copy, workflow(), 'manual');
		expect(preview.output('Get Changed').map((i) => i.json.id)).toEqual([IDS[0]]);
		const hints = preview.run.data.resultData.runData['Get Changed'][0].hints ?? [];
		expect(hints.map((h) => h.message).join(' ')).toMatch(/Manual run: the writes happen, but n8n does not save the cursor/);
		// Static data is only persisted by n8n for non-manual runs; the saved copy is what the next run reads.
		expect((await run(JSON.parse(saved) as IDataObject)).output('Get Changed').map((i) => i.json.id)).toEqual([IDS[0]]);
	});

	it('history that triggers nothing is read once; Max History Pages bounds a run and the next one goes on', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		for (let i = 0; i < 125; i++) {
			sandbox.setStatus(IDS[0], 'complete');
			sandbox.setStatus(IDS[0], 'new');
		}
		sandbox.setStatus(IDS[1], TRIGGER_STATUS); // the 251st record
		const bounded = workflow({ options: { maxHistoryPages: 1, retryDelayMinutes: 0 } });
		const history = () => sandbox.requests().filter((r) => r.path === '/api/v5/orders/history').length;

		sandbox.clearRequests();
		expect((await run(staticData, bounded)).output('Get Changed')).toHaveLength(0);
		expect(history()).toBe(1);
		const afterFirst = cursor(staticData) as number;
		expect(afterFirst).toBe(sandbox.state.history[sandbox.state.history.length - 251].id + 99);

		expect((await run(staticData, bounded)).output('Get Changed')).toHaveLength(0);
		expect(cursor(staticData)).toBe(afterFirst + 100);
		const third = await run(staticData, bounded);
		expect(third.output('Get Changed').map((i) => i.json.id)).toEqual([IDS[1]]);

		// Nothing new: one request that returns an empty page.
		sandbox.clearRequests();
		await run(staticData, bounded);
		expect(history()).toBe(1);
	});

	it('"Load Orders Changed Since" starts the first run from that date', async () => {
		for (const id of IDS) sandbox.setStatus(id, TRIGGER_STATUS);
		const seen = lastHistoryId();
		const staticData: IDataObject = {};
		const result = await run(staticData, workflow({ startFrom: '2000-01-01T00:00:00' }));
		expect(result.output('Get Changed').map((i) => i.json.id)).toEqual(IDS);
		expect(cursor(staticData)).toBe(seen);
	});
});
