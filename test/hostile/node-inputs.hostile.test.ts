/**
 * Hostile corpus, part 3: what users wire into the nodes. The 1C order node fed items that are not retailCRM orders
 * (a webhook body, a Code node, an error item of the node before); node parameters with wrong GUIDs, expressions that
 * return objects or lists, empty mappings. Each case runs the shipped template (or the node as the template sets it)
 * with one change, in n8n's engine against both sandboxes, and states the outcome: an error that names the item and
 * the field (or the setting), with nothing written; or a documented normalisation.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import catalogTemplate from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow, singleNodeWorkflow, type RunResult } from '../helpers/run-workflow';
import { CONFIRM, DOCS, GET, ONEC, ORDERS_TEMPLATE, WRITE_BACK, templateRunner, withParameters } from '../helpers/orders-template';
import { SEED_ORDER_IDS, TRIGGER_STATUS } from '../sandboxes/retailcrm/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { seedCatalogIcml } from '../unit/stock-upload/seed-catalog';
import { catalogWebhookRun, expectNoSecrets, respondNode, startWorld, type World } from './world';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => world?.close());

const ourDocs = () => world.onec.state.store.rows(DOCS).filter((d) => d.Ref_Key !== SEED_IDS.orders.existing);
const errorOf = (result: RunResult): string => {
	const e = result.error() as (Error & { description?: string }) | undefined;
	return e ? `${e.message}\n${e.description ?? ''}` : '';
};

// ---------------------------------------------------------------- the 1C order node fed directly

/** A retailCRM order as the API gives it (seed 5490, with the 1C GUID on its offer), under a new id and number. */
async function apiOrder(id: number): Promise<Raw> {
	const response = await fetch(`${world.crm.url}/api/v5/orders/${SEED_ORDER_IDS['5490']}?by=id`, { headers: { 'X-API-KEY': world.crm.keys.integration } });
	const order = ((await response.json()) as { order: Raw }).order;
	return { ...order, id, number: String(id), externalId: undefined, customFields: {} };
}

interface InputCase {
	name: string;
	item: (good: (id: number) => Promise<Raw>) => Promise<Raw>;
	/** Refused: the error output item's message matches. */
	refused?: RegExp;
	/** Loaded: the 1C document keyed by this CRM id exists, posted. */
	loaded?: number;
	/** Neither: the node's regular output says this. */
	outcome?: Raw;
}

const INPUT_CASES: InputCase[] = [
	{ name: 'an empty item {}', item: async () => ({}), refused: /the input is not a retailCRM order \(no numeric "id"\): id is missing/ },
	{ name: 'id "abc"', item: async (good) => ({ ...(await good(9102)), id: 'abc' }), refused: /id holds "abc", not a number/ },
	{ name: 'the order wrapped in {order: …} (a webhook body not unwrapped)', item: async (good) => ({ order: await good(9103) }), refused: /no numeric "id"/ },
	{ name: 'an error item of the node before ({error})', item: async () => ({ error: 'Request failed with status code 502' }), refused: /is an error from the previous node: Request failed with status code 502/ },
	{ name: 'id as numeric text "9105" (read as a number)', item: async (good) => ({ ...(await good(9105)), id: '9105' }), loaded: 9105 },
	{ name: 'syncIntent "bogus" (read as load)', item: async (good) => ({ ...(await good(9106)), syncIntent: 'bogus' }), loaded: 9106 },
	{
		name: 'a price that is an object',
		item: async (good) => {
			const o = await good(9107);
			o.items[0].initialPrice = { value: 300 };
			return o;
		},
		refused: /items\[0\]\.initialPrice holds \{"value":300\}, not a number/,
	},
	{ name: 'customer [] (a list for an object)', item: async (good) => ({ ...(await good(9108)), customer: [] }), refused: /customer holds \[\], not an object/ },
	{ name: 'a deleted-order stub of an order 1C never saw', item: async () => ({ id: 9109, deleted: true, site: 'test-crm10' }), outcome: { action: 'skipped', crmOrderId: 9109 } },
];

describe('the 1C order node fed items that are not retailCRM orders (as from a webhook or a Code node)', () => {
	let result: RunResult;
	const inputs: Raw[] = [];
	beforeAll(async () => {
		world.reset();
		for (const c of INPUT_CASES) inputs.push(await c.item(apiOrder));
		// The same good order twice at the end: one document, the same outcome for both items.
		const twice = await apiOrder(9199);
		inputs.push(twice, { ...twice });
		const node = ORDERS_TEMPLATE.nodes.find((n) => n.name === ONEC) as INode;
		result = await runWorkflow(
			singleNodeWorkflow({ id: 'hostileInput', name: ONEC, type: 'oneCUt10Store', parameters: node.parameters as Record<string, unknown>, credentials: node.credentials as never, extra: { onError: 'continueErrorOutput' } }),
			{ credentials: world.credentials(), triggerItems: inputs.map((json) => ({ json })) },
		);
	}, 60_000);

	it.each(INPUT_CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
		expect(result.error()).toBeUndefined();
		const ok = result.output(ONEC, 0).filter((x) => (x.pairedItem as { item: number }).item === i);
		const failed = result.output(ONEC, 1).filter((x) => (x.pairedItem as { item: number }).item === i);
		if (c.refused) {
			expect(ok).toEqual([]);
			expect(failed).toHaveLength(1);
			expect(String(failed[0].json.error)).toMatch(c.refused);
		} else if (c.loaded !== undefined) {
			expect(failed).toEqual([]);
			expect(ok[0].json).toMatchObject({ action: 'created', posted: true, crmOrderId: c.loaded });
			expect(ourDocs().filter((d) => String(d['НомерВходящегоДокументаЭлектронногоОбмена']).trim() === `crm#${c.loaded}`)).toHaveLength(1);
		} else {
			expect(failed).toEqual([]);
			expect(ok[0].json).toMatchObject(c.outcome as Raw);
		}
		expectNoSecrets(result, world);
	});

	it('the same order twice in one input: one document, the same outcome on both items', () => {
		const n = INPUT_CASES.length;
		const both = result.output(ONEC, 0).filter((x) => [n, n + 1].includes((x.pairedItem as { item: number }).item));
		expect(both.map((x) => x.json.action)).toEqual(['created', 'created']);
		expect(both[0].json.ref).toBe(both[1].json.ref);
		expect(ourDocs().filter((d) => String(d['НомерВходящегоДокументаЭлектронногоОбмена']).trim() === 'crm#9199')).toHaveLength(1);
		// Nothing but the loaded cases and the twice-given order reached 1C.
		expect(ourDocs().map((d) => String(d['НомерВходящегоДокументаЭлектронногоОбмена']).trim()).sort()).toEqual(['crm#9105', 'crm#9106', 'crm#9199']);
	});
});

// ---------------------------------------------------------------- parameters of the shipped templates

type Template = 'orders' | 'stock' | 'catalog';
interface ParameterCase {
	name: string;
	template: Template;
	node: string;
	/** Parameters merged over the template node's (options merged too); or a node-level change. */
	parameters?: IDataObject;
	extra?: Partial<INode>;
	/**
	 * The 1C readers set to one item per row (Options → Output): the templates ship batches of rows, in which an
	 * expression other than a plain field read is refused naming the field (see the "batches" cases).
	 */
	perRow?: boolean;
	/** The run's error (message + description) matches. */
	error?: RegExp;
	/** A required setting left empty: n8n itself refuses to start the workflow ("The workflow has issues"). */
	refusedByN8n?: boolean;
	/** Further checks on the run and the sandboxes. */
	check?: (result: RunResult, ctx: { responded: IDataObject[] }) => void;
}

const TEMPLATES: Record<Template, { nodes: INode[] }> = {
	orders: ORDERS_TEMPLATE,
	stock: stockTemplate as unknown as { nodes: INode[] },
	catalog: catalogTemplate as unknown as { nodes: INode[] },
};

function patchOf(c: ParameterCase): Record<string, Partial<INode>> {
	const node = TEMPLATES[c.template].nodes.find((n) => n.name === c.node) as INode;
	const parameters = { ...node.parameters, ...(c.parameters ?? {}) } as IDataObject;
	if (c.parameters?.options && node.parameters.options) parameters.options = { ...(node.parameters.options as IDataObject), ...(c.parameters.options as IDataObject) };
	const patch: Record<string, Partial<INode>> = { [c.node]: { ...(c.extra ?? {}), parameters: parameters as INode['parameters'] } };
	if (c.perRow) {
		for (const reader of ROW_READERS[c.template]) {
			const node = TEMPLATES[c.template].nodes.find((n) => n.name === reader) as INode;
			const options = { ...(node.parameters.options as IDataObject), output: 'rows' };
			patch[reader] = { parameters: { ...node.parameters, options } as INode['parameters'] };
		}
	}
	return patch;
}

const ROW_READERS: Record<Template, string[]> = {
	orders: [],
	stock: ['1C: Get Balances', '1C: Get Prices'],
	catalog: ['1C: Get Items (on request)'],
};

const nothingInOneC = () => expect(ourDocs()).toEqual([]);
const allOrdersFailed = (pattern: RegExp) => (result: RunResult) => {
	const failed = (result.output(CONFIRM)[0]?.json.failed as Array<{ orderId: number; error: string }>) ?? [];
	expect(failed.map((f) => f.orderId).sort()).toEqual([SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5490']].sort());
	for (const f of failed) expect(f.error).toMatch(pattern);
	nothingInOneC();
};
// The stock and price rows of the stock template are separate: a failed price row uploads no price.
const noPricesUploaded = () => expect(world.crm.requests().filter((r) => /prices\/upload/.test(r.path))).toEqual([]);
const nothingUploaded = () => expect(world.crm.requests().filter((r) => /upload/.test(r.path))).toEqual([]);

const PARAMETER_CASES: ParameterCase[] = [
	// The 1C order node: settings are checked before anything is read or written; every order waits on the retry list.
	{ name: '1C order node: Organization "not-a-guid"', template: 'orders', node: ONEC, parameters: { organization: 'not-a-guid' }, check: allOrdersFailed(/The setting "Organization" must be a 1C Ref_Key \(GUID\), got "not-a-guid"/) },
	{
		name: '1C order node: Organization a GUID that is no organization in 1C',
		template: 'orders',
		node: ONEC,
		parameters: { organization: '00000000-0000-4000-8000-00000000dead' },
		check: allOrdersFailed(/The setting "Organization" names no organization in this 1C base \(Catalog_Организации has no 00000000-0000-4000-8000-00000000dead\)/),
	},
	{ name: '1C order node: Warehouse from an expression that returns an object', template: 'orders', node: ONEC, parameters: { warehouse: '={{ { ref: 1 } }}' }, check: allOrdersFailed(/The setting "Warehouse" must be text \(a 1C Ref_Key or a code\), got an object/) },
	{ name: '1C order node: Number Prefix from an expression that returns a list', template: 'orders', node: ONEC, parameters: { options: { numberPrefix: "={{ ['Ц', 'Р'] }}" } }, check: allOrdersFailed(/The setting "Number Prefix" must be text \(a 1C Ref_Key or a code\), got a list/) },
	{ name: 'Get Changed: no trigger status at all (an empty mapping)', template: 'orders', node: GET, parameters: { statuses: [], statusGroups: [] }, error: /Choose at least one status or status group/ },
	{ name: 'Get Changed: a status code that retailCRM does not know', template: 'orders', node: GET, parameters: { statuses: ['no-such-status'] }, error: /The status "no-such-status" does not exist in this retailCRM account/ },
	{
		name: 'Write Back: the number field from an expression that returns an object',
		template: 'orders',
		node: WRITE_BACK,
		parameters: { numberField: '={{ { code: 1 } }}' },
		// The documents are written (the 1C node ran), the link is not: both orders stay on the retry list, none is settled.
		check: (result) => {
			const summary = result.output(CONFIRM)[0]?.json as { failed: Array<{ orderId: number; error: string }>; processed: number[] };
			expect(summary.processed).toEqual([]);
			expect(summary.failed.map((f) => f.orderId).sort()).toEqual([SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5490']].sort());
			for (const f of summary.failed) expect(f.error).toMatch(/"Number Field" must be a custom field code \(text\), got \{"code":1\}/);
			expect(world.crm.requests().filter((r) => /\/edit$|fix-external-ids/.test(r.path))).toEqual([]);
		},
	},
	{ name: 'Confirm Processed: Max Attempts "abc"', template: 'orders', node: CONFIRM, parameters: { maxAttempts: 'abc' }, error: /Max Attempts must be a whole number of 1 or more, got "abc"/ },
	// The stock template: a bad setting or row uploads nothing (or, with On Error: continue, only the bad row is left out).
	{ name: 'Get Balances: no warehouse (an empty list; a required setting)', template: 'stock', node: '1C: Get Balances', parameters: { warehouses: [] }, refusedByN8n: true, check: nothingUploaded },
	{ name: 'Get Balances: a warehouse "not-a-guid"', template: 'stock', node: '1C: Get Balances', parameters: { warehouses: ['not-a-guid'] }, error: /Warehouses: "not-a-guid" is not a 1C reference \(a GUID/, check: nothingUploaded },
	{ name: 'Get Prices: no price type', template: 'stock', node: '1C: Get Prices', parameters: { priceTypes: [] }, error: /Choose at least one price type/, check: noPricesUploaded },
	{
		name: 'Upload Stock as shipped (batches of rows): a quantity expression that is not a field read is refused naming the field',
		template: 'stock',
		node: 'retailCRM: Upload Stock',
		parameters: { quantity: '={{ [1, 2] }}' },
		error: /"Available" is an expression that batches of rows cannot give per row: \{\{ \[1, 2\] \}\}/,
		check: nothingUploaded,
	},
	{
		name: 'Upload Stock: quantity from an expression that returns a list',
		perRow: true,
		template: 'stock',
		node: 'retailCRM: Upload Stock',
		parameters: { quantity: '={{ [1, 2] }}' },
		error: /Item 0: "Available" must be a number, got a list \(\[1,2\]\)/,
		check: nothingUploaded,
	},
	{
		name: 'Upload Stock: the offer identifier from an expression that returns an object',
		perRow: true,
		template: 'stock',
		node: 'retailCRM: Upload Stock',
		parameters: { offerIdentifier: '={{ { key: $json.offerKey } }}' },
		error: /Item 0: the offer identifier must be text, got an object/,
		check: nothingUploaded,
	},
	{
		name: 'Upload Stock with On Error "continue": one row\'s quantity is "abc", the other rows are uploaded',
		perRow: true,
		template: 'stock',
		node: 'retailCRM: Upload Stock',
		parameters: { quantity: "={{ $itemIndex === 0 ? 'abc' : $json.quantity }}" },
		extra: { onError: 'continueRegularOutput' },
		check: (result) => {
			const out = result.output('retailCRM: Upload Stock');
			const errors = out.filter((i) => typeof i.json.error === 'string');
			expect(errors.map((i) => i.json.error)).toEqual(['Item 0: "Available" must be a number, got "abc"']);
			expect(errors[0].pairedItem).toEqual({ item: 0 });
			const upload = world.crm.requests().find((r) => r.path === '/api/v5/store/inventories/upload');
			expect(upload).toBeDefined();
			expect(JSON.parse(String(upload!.form.offers)).length).toBeGreaterThan(0);
		},
	},
	{ name: 'Upload Stock: an empty warehouse mapping', template: 'stock', node: 'retailCRM: Upload Stock', parameters: { warehouseMapping: { mappings: [] } }, error: /Warehouse Mapping/, check: nothingUploaded },
	{
		name: 'Upload Stock: a mapping row without a store',
		template: 'stock',
		node: 'retailCRM: Upload Stock',
		parameters: { warehouseMapping: { mappings: [{ warehouse: SEED_IDS.warehouses.main, store: '' }] } },
		error: /Warehouse Mapping row 1 is incomplete/,
		check: nothingUploaded,
	},
	{
		perRow: true, name: 'Upload Prices: price "1 990,00" from an expression',
		template: 'stock',
		node: 'retailCRM: Upload Prices',
		parameters: { price: "={{ '1 990,00' }}" },
		error: /Item 0: "Price" must be a number, got "1 990,00"/,
	},
	{ name: 'Upload Prices: an empty price type mapping', template: 'stock', node: 'retailCRM: Upload Prices', parameters: { priceTypeMapping: { mappings: [] } }, error: /The Price Type Mapping is empty/, check: noPricesUploaded },
	// The catalog template: a bad mapping stops the build before a byte is written; nothing is answered.
	{ name: 'ICML Builder as shipped (batches of rows): an offer ID expression that is not a field read is refused naming the field', template: 'catalog', node: 'ICML Builder (on request)', parameters: { offerId: '={{ { id: $json.offerKey } }}' }, error: /"offerId" is an expression that batches of rows cannot give per row/, check: (_r, { responded }) => expect(responded).toEqual([]) },
	{ perRow: true, name: 'ICML Builder: the offer ID from an expression that returns an object', template: 'catalog', node: 'ICML Builder (on request)', parameters: { offerId: '={{ { id: $json.offerKey } }}' }, error: /no file was built: Offer #0, id: the offer id must be a string, got object \{"id":"5eed0008-/, check: (_r, { responded }) => expect(responded).toEqual([]) },
	{ perRow: true, name: 'ICML Builder: the price from an expression that returns a list', template: 'catalog', node: 'ICML Builder (on request)', parameters: { price: '={{ [$json.price, 1] }}' }, error: /no file was built: Offer #0 \(id "5eed0008-[^"]+"\), price: \[300,1\] is not a finite number/, check: (_r, { responded }) => expect(responded).toEqual([]) },
	{ perRow: true, name: 'ICML Builder: the offer name from an expression that returns an object', template: 'catalog', node: 'ICML Builder (on request)', parameters: { offerName: '={{ { n: $json.name } }}' }, error: /Offer #0 \(id "5eed0008-[^"]+"\), name: the offer name must be a string, got object/, check: (_r, { responded }) => expect(responded).toEqual([]) },
	{ name: 'ICML Builder: an empty offer ID mapping (a required setting)', template: 'catalog', node: 'ICML Builder (on request)', parameters: { offerId: '' }, refusedByN8n: true, check: (_r, { responded }) => expect(responded).toEqual([]) },
	{ name: 'Get Items: a folder "not-a-guid"', template: 'catalog', node: '1C: Get Items (on request)', parameters: { folders: ['not-a-guid'] }, error: /Item folder\(s\) not found in 1C: not-a-guid/, check: (_r, { responded }) => expect(responded).toEqual([]) },
];

async function runParameterCase(c: ParameterCase): Promise<{ result: RunResult; responded: IDataObject[] }> {
	world.reset();
	const responded: IDataObject[] = [];
	const patch = patchOf(c);
	if (c.template === 'orders') {
		const runner = templateRunner(() => world.credentials());
		const staticData: IDataObject = {};
		await runner.run(staticData);
		for (const id of [SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5490']]) world.crm.setStatus(id, TRIGGER_STATUS);
		const base = withParameters(GET, { options: { retryDelayMinutes: 0 } });
		const result = await runner.run(staticData, { ...base, ...patch, ...(c.node === GET ? { [GET]: { ...patch[GET], parameters: { ...base[GET].parameters, ...patch[GET].parameters } as INode['parameters'] } } : {}) });
		return { result, responded };
	}
	if (c.template === 'stock') {
		world.crm.importIcml(seedCatalogIcml('all'));
		world.crm.clearRequests();
		const result = await runWorkflow(stockTemplate, { credentials: world.credentials(), trigger: 'Every 15 Minutes', staticData: {}, patch });
		return { result, responded };
	}
	// The gate lets the corpus's request through and caches nothing; the case's change goes over that.
	const webhook = catalogWebhookRun(catalogTemplate);
	const merged: Record<string, Partial<INode>> = { ...webhook.patch, ...patch };
	const builder = merged['ICML Builder (on request)'].parameters as IDataObject;
	builder.options = { ...(builder.options as IDataObject), filePath: '' };
	const result = await runWorkflow(catalogTemplate, {
		credentials: world.credentials(),
		trigger: 'Catalog URL for retailCRM',
		mode: 'webhook',
		patch: merged,
		triggerItems: webhook.triggerItems,
		extraNodeTypes: { 'n8n-nodes-base.respondToWebhook': respondNode(responded) },
	});
	return { result, responded };
}

describe.each(PARAMETER_CASES.map((c) => [c.name, c] as const))('hostile parameter: %s', (_name, c) => {
	it(c.refusedByN8n ? 'n8n refuses to start the workflow; nothing runs' : 'names the setting or the item and field; nothing half-written', async () => {
		if (c.refusedByN8n) {
			await expect(runParameterCase(c)).rejects.toThrow(/The workflow has issues/);
			c.check?.(undefined as unknown as RunResult, { responded: [] });
			return;
		}
		const { result, responded } = await runParameterCase(c);
		if (process.env.HOSTILE_DUMP) process.stdout.write(`${c.name}: ${errorOf(result)} ${JSON.stringify(result.output(CONFIRM)[0]?.json ?? result.output(c.node).map((i) => i.json.error)).slice(0, 1400)}\n`);
		if (c.error) expect(errorOf(result)).toMatch(c.error);
		c.check?.(result, { responded });
		expectNoSecrets(result, world);
	});
});
