/**
 * Stock Upload inside n8n-core's engine against the retailCRM sandbox, fed with rows shaped like the 1C UT10 Store
 * output (the trigger emits them): merging, store/price-type checks before any upload, only-changed state across
 * runs, dry run, not-found offers, failed batches, continue-on-fail and Register Warehouse System.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { runWorkflow, singleNodeWorkflow } from '../helpers/run-workflow';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { JEANS48_KEY, JEANS50_KEY, seedCatalogIcml } from '../unit/stock-upload/seed-catalog';

const MAIN = SEED_IDS.warehouses.main;
const RETAIL = SEED_IDS.warehouses.retail;
const RETAIL_PRICE = SEED_IDS.priceTypes.retail;

function workflow(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return singleNodeWorkflow({ id: 'testStockUpload', name: 'Stock Upload', type: 'stockUpload', parameters, extra, credentials: { retailCrmApi: { id: null, name: 'RetailCRM account' } } });
}

const stockParams = (extra: Record<string, unknown> = {}) => ({
	operation: 'uploadStock',
	storeMode: 'mapping',
	warehouseMapping: {
		mappings: [
			{ warehouse: MAIN, store: 'main' },
			{ warehouse: RETAIL, store: 'showroom' },
		],
	},
	...extra,
});

const priceParams = (extra: Record<string, unknown> = {}) => ({
	operation: 'uploadPrices',
	priceTypeMapping: { mappings: [{ priceType: RETAIL_PRICE, crmPriceType: 'base' }] },
	...extra,
});

const stockRow = (offerKey: string, warehouseRef: string, quantity: number): INodeExecutionData => ({
	json: { offerKey, warehouseRef, quantity },
});

describe('Stock Upload node in n8n-core', () => {
	let sandbox: RetailCrmSandbox;
	let credentials: { retailCrmApi: { url: string; apiKey: string } };

	beforeAll(async () => {
		sandbox = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
		credentials = { retailCrmApi: { url: sandbox.url, apiKey: sandbox.keys.integration } };
	});
	afterAll(async () => sandbox.close());
	beforeEach(() => {
		sandbox.reset('seed');
		const imported = sandbox.importIcml(seedCatalogIcml());
		expect(imported.offers).toBe(2);
		for (const offer of sandbox.state.offers) offer.stocks = {};
		sandbox.clearRequests();
	});

	const uploads = (path: string) => sandbox.requests().filter((r) => r.path === `/api/v5/${path}`);
	const offerById = (id: number) => sandbox.state.offers.find((o) => o.id === id)!;

	it('merges the rows of one offer into one element with all its stores; zeros explicit, negatives 0, available-type 0/1', async () => {
		const rows = [stockRow(JEANS48_KEY, MAIN, 23), stockRow(JEANS48_KEY, RETAIL, 4), stockRow(JEANS50_KEY, MAIN, 41), stockRow(JEANS50_KEY, RETAIL, -2)];
		const result = await runWorkflow(workflow(stockParams()), { credentials, triggerItems: rows, staticData: {} });
		expect(result.error()).toBeUndefined();
		const [summary, ...rest] = result.output('Stock Upload');
		expect(summary.json).toMatchObject({ batches: 1, offersSent: 2, processedOffersCount: 2, notFoundOffers: [], failedBatches: [] });
		expect(summary.pairedItem).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(rest).toHaveLength(0);
		const [call] = uploads('store/inventories/upload');
		expect(JSON.parse(String(call.form.offers))).toEqual([
			{ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 23 }, { code: 'showroom', available: 1 }] },
			{ externalId: JEANS50_KEY, stores: [{ code: 'main', available: 41 }, { code: 'showroom', available: 0 }] },
		]);
		expect(offerById(1).stocks.main.available).toBe(23);
		expect(offerById(2).stocks.main.available).toBe(41);
		expect(offerById(2).stocks.showroom.available).toBe(0);
	});

	it('with Only Changed sends only what changed on the next run, and nothing when nothing changed', async () => {
		const staticData: IDataObject = {};
		const first = [stockRow(JEANS48_KEY, MAIN, 23), stockRow(JEANS50_KEY, MAIN, 41)];
		await runWorkflow(workflow(stockParams()), { credentials, triggerItems: first, staticData });
		expect(uploads('store/inventories/upload')).toHaveLength(1);

		sandbox.clearRequests();
		const again = await runWorkflow(workflow(stockParams()), { credentials, triggerItems: first, staticData });
		expect(uploads('store/inventories/upload')).toHaveLength(0);
		expect(again.output('Stock Upload')[0].json).toMatchObject({ batches: 0, offersSent: 0, unchangedOffers: 2 });

		sandbox.clearRequests();
		const sold = [stockRow(JEANS48_KEY, MAIN, 22), stockRow(JEANS50_KEY, MAIN, 41)];
		await runWorkflow(workflow(stockParams()), { credentials, triggerItems: sold, staticData });
		const calls = uploads('store/inventories/upload');
		expect(calls).toHaveLength(1);
		expect(JSON.parse(String(calls[0].form.offers))).toEqual([{ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 22 }] }]);
		expect(offerById(1).stocks.main.available).toBe(22);
	});

	it('Dry Run returns the batches, sends nothing and keeps the state', async () => {
		const staticData: IDataObject = {};
		const rows = [stockRow(JEANS48_KEY, MAIN, 23), stockRow(JEANS50_KEY, MAIN, 41)];
		const dry = await runWorkflow(workflow(stockParams({ dryRun: true, options: { batchSize: 1 } })), { credentials, triggerItems: rows, staticData });
		expect(dry.error()).toBeUndefined();
		const [summary, ...batches] = dry.output('Stock Upload');
		expect(summary.json).toMatchObject({ dryRun: true, batches: 2, offersSent: 0 });
		expect(batches.map((b) => b.json.offers)).toEqual([
			[{ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 23 }] }],
			[{ externalId: JEANS50_KEY, stores: [{ code: 'main', available: 41 }] }],
		]);
		expect(batches[1].pairedItem).toEqual([{ item: 1 }]);
		expect(uploads('store/inventories/upload')).toHaveLength(0);
		expect(JSON.stringify(staticData)).not.toContain('lastFullAt');
		// The next real run still sends everything.
		await runWorkflow(workflow(stockParams()), { credentials, triggerItems: rows, staticData });
		expect(uploads('store/inventories/upload')).toHaveLength(1);
	});

	it('an unknown store code stops the run before any upload, naming the code and the valid ones', async () => {
		const params = stockParams({ warehouseMapping: { mappings: [{ warehouse: MAIN, store: 'mian' }] } });
		const result = await runWorkflow(workflow(params), { credentials, triggerItems: [stockRow(JEANS48_KEY, MAIN, 1)], staticData: {} });
		const error = result.error() as Error & { name?: string };
		expect(error?.name).toBe('NodeOperationError');
		expect(error.message).toContain('"mian"');
		expect(error.message).toContain('"main"');
		expect(error.message).toContain('"showroom"');
		expect(uploads('store/inventories/upload')).toHaveLength(0);
	});

	it('a store or price type switched off in retailCRM stops the run before any upload, naming it (retailCRM would refuse the whole batch)', async () => {
		sandbox.state.stores.find((st) => st.code === 'main')!.active = false;
		const stock = await runWorkflow(workflow(stockParams()), { credentials, triggerItems: [stockRow(JEANS48_KEY, MAIN, 1)], staticData: {} });
		expect(String(stock.error()?.message)).toMatch(/retailCRM store "main" \(Основной склад\) \[inactive\] in the warehouse → store mapping is switched off/);
		expect(uploads('store/inventories/upload')).toHaveLength(0);
		sandbox.state.priceTypes.find((pt) => pt.code === 'base')!.active = false;
		const rows = [{ json: { offerKey: JEANS48_KEY, priceTypeRef: RETAIL_PRICE, price: 310 } }];
		const prices = await runWorkflow(workflow(priceParams()), { credentials, triggerItems: rows, staticData: {} });
		expect(String(prices.error()?.message)).toMatch(/retailCRM price type "base" \(Базовая\) \[inactive\] in the price type mapping is switched off/);
		expect(uploads('store/prices/upload')).toHaveLength(0);
	});

	it('an unmapped 1C warehouse stops the run before any upload, unless skipped', async () => {
		const params = stockParams({ warehouseMapping: { mappings: [{ warehouse: MAIN, store: 'main' }] } });
		const rows = [stockRow(JEANS48_KEY, MAIN, 1), { json: { offerKey: JEANS48_KEY, warehouseRef: RETAIL, warehouseName: 'Магазин на Ленина', quantity: 4 } }];
		const failed = await runWorkflow(workflow(params), { credentials, triggerItems: rows, staticData: {} });
		expect(String(failed.error()?.message)).toContain('Магазин на Ленина');
		expect(uploads('store/inventories/upload')).toHaveLength(0);
		const skipped = await runWorkflow(workflow({ ...params, options: { skipUnmappedWarehouses: true } }), { credentials, triggerItems: rows, staticData: {} });
		expect(skipped.error()).toBeUndefined();
		expect(JSON.parse(String(uploads('store/inventories/upload')[0].form.offers))).toEqual([{ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 1 }] }]);
	});

	it('reports not-found offers in the summary and as their own items paired with their rows; they are sent again next run', async () => {
		const staticData: IDataObject = {};
		const rows = [stockRow(JEANS48_KEY, MAIN, 23), stockRow('no-such-offer', MAIN, 5)];
		const result = await runWorkflow(workflow(stockParams()), { credentials, triggerItems: rows, staticData });
		const [summary, ...notFound] = result.output('Stock Upload');
		expect(summary.json).toMatchObject({ processedOffersCount: 1, notFoundOffers: [{ externalId: 'no-such-offer' }] });
		expect(notFound.map((i) => i.json)).toEqual([{ notFound: true, identifier: 'no-such-offer', kind: 'externalId' }]);
		expect(notFound[0].pairedItem).toEqual([{ item: 1 }]);
		sandbox.clearRequests();
		await runWorkflow(workflow(stockParams()), { credentials, triggerItems: rows, staticData });
		expect(JSON.parse(String(uploads('store/inventories/upload')[0].form.offers))).toEqual([
			{ externalId: 'no-such-offer', stores: [{ code: 'main', available: 5 }] },
		]);
	});

	it('a batch that still fails fails the node (naming it) once the other batches went on and their state is kept; only it is resent next run', async () => {
		const staticData: IDataObject = {};
		const rows = [stockRow(JEANS48_KEY, MAIN, 23), stockRow(JEANS50_KEY, MAIN, 41)];
		// The first batch answers 500 (not retried: a server error may have applied it); the second goes through.
		sandbox.injectFault({ status: 500, count: 1, match: { path: '/api/v5/store/inventories/upload' } });
		const result = await runWorkflow(workflow(stockParams({ options: { batchSize: 1 } })), { credentials, triggerItems: rows, staticData });
		const error = result.error() as Error & { name?: string; description?: string };
		expect(error?.name).toBe('NodeOperationError');
		expect(error.message).toContain('retailCRM did not take 1 upload batch (1 of 2 to store/inventories/upload)');
		expect(error.description).toContain('store/inventories/upload batch 1 (1 offer)');
		expect(`${error.message} ${error.description}`).not.toContain(sandbox.keys.integration);
		expect(offerById(2).stocks.main.available).toBe(41);
		sandbox.clearRequests();
		const next = await runWorkflow(workflow(stockParams({ options: { batchSize: 1 } })), { credentials, triggerItems: rows, staticData });
		expect(next.error()).toBeUndefined();
		const resent = uploads('store/inventories/upload');
		expect(resent).toHaveLength(1);
		expect(JSON.parse(String(resent[0].form.offers))).toEqual([{ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 23 }] }]);
	});

	it('with "On Error" set to continue, a failed batch gives the error item instead of stopping the workflow', async () => {
		sandbox.injectFault({ status: 500, count: 1, match: { path: '/api/v5/store/inventories/upload' } });
		const result = await runWorkflow(workflow(stockParams(), { onError: 'continueRegularOutput' }), { credentials, triggerItems: [stockRow(JEANS48_KEY, MAIN, 23)], staticData: {} });
		expect(result.error()).toBeUndefined();
		expect(String(result.output('Stock Upload')[0].json.error)).toContain('retailCRM did not take 1 upload batch');
	});

	it('refuses one retailCRM price type mapped from two 1C price types, naming both and the code', async () => {
		const mapping = { mappings: [{ priceType: RETAIL_PRICE, crmPriceType: 'base' }, { priceType: SEED_IDS.priceTypes.purchase, crmPriceType: 'base' }] };
		const rows = [{ json: { offerKey: JEANS48_KEY, priceTypeRef: RETAIL_PRICE, price: 310 } }];
		const result = await runWorkflow(workflow(priceParams({ priceTypeMapping: mapping })), { credentials, triggerItems: rows, staticData: {} });
		expect(result.error()?.message).toBe(`The retailCRM price type "base" is mapped from two 1C price types ("${RETAIL_PRICE}" and "${SEED_IDS.priceTypes.purchase}")`);
		expect(uploads('store/prices/upload')).toHaveLength(0);
		// Warehouses may still share a store (their stock is summed).
		const shared = await runWorkflow(workflow(stockParams({ warehouseMapping: { mappings: [{ warehouse: MAIN, store: 'main' }, { warehouse: RETAIL, store: 'main' }] } })), {
			credentials,
			triggerItems: [stockRow(JEANS48_KEY, MAIN, 2), stockRow(JEANS48_KEY, RETAIL, 3)],
			staticData: {},
		});
		expect(shared.error()).toBeUndefined();
		expect(offerById(1).stocks.main.available).toBe(5);
	});

	it('Upload Prices maps 1C price types, checks codes against reference/price-types and keeps its own state', async () => {
		const staticData: IDataObject = {};
		const rows = [JEANS48_KEY, JEANS50_KEY].map((offerKey) => ({ json: { offerKey, priceTypeRef: RETAIL_PRICE, price: 310 } }));
		const result = await runWorkflow(workflow(priceParams()), { credentials, triggerItems: rows, staticData });
		expect(result.error()).toBeUndefined();
		expect(result.output('Stock Upload')[0].json).toMatchObject({ endpoint: 'store/prices/upload', offersSent: 2, processedOffersCount: 2 });
		expect(JSON.parse(String(uploads('store/prices/upload')[0].form.prices))).toEqual([
			{ externalId: JEANS48_KEY, prices: [{ code: 'base', price: 310 }] },
			{ externalId: JEANS50_KEY, prices: [{ code: 'base', price: 310 }] },
		]);
		expect(offerById(1).prices.base).toBe(310);
		sandbox.clearRequests();
		await runWorkflow(workflow(priceParams()), { credentials, triggerItems: rows, staticData });
		expect(uploads('store/prices/upload')).toHaveLength(0);

		const wrong = await runWorkflow(workflow(priceParams({ priceTypeMapping: { mappings: [{ priceType: RETAIL_PRICE, crmPriceType: 'retail' }] } })), {
			credentials,
			triggerItems: rows,
			staticData: {},
		});
		expect(wrong.error()?.message).toMatch(/Unknown retailCRM price type code "retail".*"base".*"wholesale"/);
		expect(uploads('store/prices/upload')).toHaveLength(0);
	});

	it('an unmapped 1C price type stops Upload Prices before any upload, unless skipped', async () => {
		const rows = [
			{ json: { offerKey: JEANS48_KEY, priceTypeRef: RETAIL_PRICE, price: 310 } },
			{ json: { offerKey: JEANS48_KEY, priceTypeRef: SEED_IDS.priceTypes.purchase, priceTypeName: 'Закупочная', price: 190 } },
		];
		const refused = await runWorkflow(workflow(priceParams()), { credentials, triggerItems: rows, staticData: {} });
		expect(String(refused.error()?.message)).toContain('Закупочная');
		expect(uploads('store/prices/upload')).toHaveLength(0);
		const skipped = await runWorkflow(workflow(priceParams({ options: { skipUnmappedPriceTypes: true } })), { credentials, triggerItems: rows, staticData: {} });
		expect(skipped.error()).toBeUndefined();
		expect(JSON.parse(String(uploads('store/prices/upload')[0].form.prices))).toEqual([{ externalId: JEANS48_KEY, prices: [{ code: 'base', price: 310 }] }]);
	});

	it('CRM ID addressing, and continue-on-fail turns a config error into one error item', async () => {
		const rows = [{ json: { id: 1, quantity: 7 } }];
		const byId = await runWorkflow(
			workflow(stockParams({ storeMode: 'single', storeCode: 'main', identifierKind: 'id', offerIdentifier: '={{ $json.id }}', onlyChanged: false })),
			{ credentials, triggerItems: rows },
		);
		expect(byId.error()).toBeUndefined();
		expect(offerById(1).stocks.main.available).toBe(7);
		const failed = await runWorkflow(workflow(stockParams({ storeMode: 'single', storeCode: 'nope' }), { onError: 'continueRegularOutput' }), {
			credentials,
			triggerItems: [stockRow(JEANS48_KEY, MAIN, 1)],
		});
		const [item] = failed.output('Stock Upload');
		expect(String(item.json.error)).toContain('"nope"');
	});

	it('reads plain $json fields directly and evaluates any other expression per item', async () => {
		const rows = [{ json: { 'offer key': JEANS48_KEY, qty: 3, wh: 'Основной' } }, { json: { 'offer key': JEANS50_KEY, qty: 5, wh: 'Основной' } }];
		const params = stockParams({
			offerIdentifier: '={{ $json["offer key"] }}',
			warehouse: '={{ $json.wh === "Основной" ? "000000001" : "000000002" }}',
			warehouseMapping: { mappings: [{ warehouse: '000000001', store: 'main' }] },
			quantity: '={{ $json.qty * 2 }}',
			purchasePrice: '={{ 100 + $json.qty }}',
			onlyChanged: false,
		});
		const result = await runWorkflow(workflow(params), { credentials, triggerItems: rows });
		expect(result.error()).toBeUndefined();
		expect(JSON.parse(String(uploads('store/inventories/upload')[0].form.offers))).toEqual([
			{ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 6, purchasePrice: 103 }] },
			{ externalId: JEANS50_KEY, stores: [{ code: 'main', available: 10, purchasePrice: 105 }] },
		]);
		const empty = await runWorkflow(workflow(stockParams()), { credentials, triggerItems: [{ json: { warehouseRef: MAIN, quantity: 1 } }] });
		expect(String(empty.error()?.message)).toBe('Item 0: the offer identifier is empty');
		const text = await runWorkflow(workflow(stockParams()), { credentials, triggerItems: [stockRow(JEANS48_KEY, MAIN, 'many' as never)] });
		expect(String(text.error()?.message)).toBe('Item 0: "Available" must be a number, got "many"');
		expect(uploads('store/inventories/upload')).toHaveLength(1);
	});

	it('a chosen site goes in the request (and in price elements, as the API documents them), not in inventory elements', async () => {
		const stock = await runWorkflow(workflow(stockParams({ site: 'test-crm10' })), { credentials, triggerItems: [stockRow(JEANS48_KEY, MAIN, 2)], staticData: {} });
		expect(stock.error()).toBeUndefined();
		const [inventories] = uploads('store/inventories/upload');
		expect(inventories.form.site).toBe('test-crm10');
		expect(JSON.parse(String(inventories.form.offers))).toEqual([{ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 2 }] }]);
		const prices = await runWorkflow(workflow(priceParams({ site: 'test-crm10' })), {
			credentials,
			triggerItems: [{ json: { offerKey: JEANS48_KEY, priceTypeRef: RETAIL_PRICE, price: 299.999 } }],
			staticData: {},
		});
		expect(prices.error()).toBeUndefined();
		const [call] = uploads('store/prices/upload');
		expect(call.form.site).toBe('test-crm10');
		expect(JSON.parse(String(call.form.prices))).toEqual([{ externalId: JEANS48_KEY, site: 'test-crm10', prices: [{ code: 'base', price: 300 }] }]);
	});

	it('refuses a Batch Size above 250 before any request; Full Resend Every 0 hours sends everything every run', async () => {
		const rows = [stockRow(JEANS48_KEY, MAIN, 23)];
		const tooBig = await runWorkflow(workflow(stockParams({ options: { batchSize: 251 } })), { credentials, triggerItems: rows, staticData: {} });
		expect(String(tooBig.error()?.message)).toBe('Batch Size must be a whole number from 1 to 250, got 251');
		expect(sandbox.requests()).toHaveLength(0);
		const staticData: IDataObject = {};
		for (let run = 0; run < 2; run++) {
			await runWorkflow(workflow(stockParams({ options: { fullResendHours: 0 } })), { credentials, triggerItems: rows, staticData });
		}
		expect(uploads('store/inventories/upload')).toHaveLength(2);
		await runWorkflow(workflow(stockParams()), { credentials, triggerItems: rows, staticData });
		expect(uploads('store/inventories/upload')).toHaveLength(2);
	});

	it('Register Warehouse System writes integrations.store under the module code, and updates it on a second run', async () => {
		const params = { operation: 'registerWarehouseSystem', moduleCode: 'n8n-1c-stock', moduleName: 'n8n: 1C stock', active: true };
		const first = await runWorkflow(workflow(params), { credentials });
		expect(first.error()).toBeUndefined();
		expect(first.output('Stock Upload')[0].json).toMatchObject({ registered: true, created: true, code: 'n8n-1c-stock' });
		const edit = uploads('integration-modules/n8n-1c-stock/edit');
		expect(edit).toHaveLength(1);
		expect(JSON.parse(String(edit[0].form.integrationModule))).toMatchObject({
			code: 'n8n-1c-stock',
			integrationCode: 'n8n-1c-stock',
			active: true,
			name: 'n8n: 1C stock',
			integrations: { store: { actions: [] } },
		});
		const second = await runWorkflow(workflow({ ...params, active: false }), { credentials });
		expect(second.output('Stock Upload')[0].json).toMatchObject({ created: false });
		expect(sandbox.state.integrationModules['n8n-1c-stock']).toMatchObject({ active: false });
	});

	it('Register Warehouse System with a key of only integration_read, integration_write (README Credentials, RetailCRM API): registers', async () => {
		const key = 'ModuleOnlyKey0123456789abcdefABCDEF';
		sandbox.state.apiKeys.push({ label: 'module', key, scopes: ['integration_read', 'integration_write'], siteAccess: 'access_full', sitesAvailable: [] });
		const params = { operation: 'registerWarehouseSystem', moduleCode: 'n8n-1c-stock', moduleName: 'n8n: 1C stock', active: true };
		const result = await runWorkflow(workflow(params), { credentials: { ...credentials, retailCrmApi: { url: sandbox.url, apiKey: key } } });
		expect(result.error()).toBeUndefined();
		expect(result.output('Stock Upload')[0].json).toMatchObject({ registered: true, code: 'n8n-1c-stock' });
		// A 404 for a module not registered yet is how the operation learns it is new; no refusal for a scope.
		expect(sandbox.requests().filter((r) => r.key === 'module' && (r.status === 401 || r.status === 403))).toEqual([]);
		expect(sandbox.state.integrationModules['n8n-1c-stock']).toMatchObject({ active: true });
	});

	it('Register Warehouse System: "Extra Module Fields (JSON)" adjusts the fields inside integrations.store (and others) without a code change; the code stays', async () => {
		const extra = { integrations: { store: { actions: [{ code: 'sync', url: '/sync' }], stockSync: true } }, logo: 'https://n8n.example.com/logo.svg', code: 'elsewhere' };
		const params = { operation: 'registerWarehouseSystem', moduleCode: 'n8n-1c-stock', moduleName: 'n8n: 1C stock', active: true, options: { extraFields: JSON.stringify(extra) } };
		const result = await runWorkflow(workflow(params), { credentials });
		expect(result.error()).toBeUndefined();
		const edit = uploads('integration-modules/n8n-1c-stock/edit');
		expect(edit).toHaveLength(1);
		const sent = JSON.parse(String(edit[0].form.integrationModule)) as Record<string, unknown>;
		expect(sent).toMatchObject({
			code: 'n8n-1c-stock',
			integrationCode: 'n8n-1c-stock',
			name: 'n8n: 1C stock',
			active: true,
			logo: 'https://n8n.example.com/logo.svg',
			integrations: { store: { actions: [{ code: 'sync', url: '/sync' }], stockSync: true } },
		});
		expect(sandbox.state.integrationModules['n8n-1c-stock']).toMatchObject({ integrations: { store: { stockSync: true } } });
		const bad = await runWorkflow(workflow({ ...params, options: { extraFields: '{not json' } }), { credentials });
		expect(String(bad.error()?.message)).toContain('"Extra Module Fields (JSON)" is not valid JSON');
	});

	it('Register Warehouse System: an integrationCode in "Extra Module Fields (JSON)" that is not a prefix of the module code stops before any request, naming both', async () => {
		const extra = { integrationCode: 'other-code' };
		const params = { operation: 'registerWarehouseSystem', moduleCode: 'n8n-1c-stock', moduleName: 'n8n: 1C stock', active: true, options: { extraFields: JSON.stringify(extra) } };
		const result = await runWorkflow(workflow(params), { credentials });
		expect(String(result.error()?.message)).toContain('The module code "n8n-1c-stock" must start with its integrationCode ("other-code")');
		expect(uploads('integration-modules/n8n-1c-stock/edit')).toHaveLength(0);
		// A prefix is fine: retailCRM takes it.
		const prefix = await runWorkflow(workflow({ ...params, options: { extraFields: JSON.stringify({ integrationCode: 'n8n-1c' }) } }), { credentials });
		expect(prefix.error()).toBeUndefined();
		expect(sandbox.state.integrationModules['n8n-1c-stock']).toMatchObject({ integrationCode: 'n8n-1c' });
	});
});
