/**
 * The stock and ICML templates on a generated catalog (the 1C sandbox's large fixture, 2,000 offers, 3 warehouses,
 * 2 price types) in n8n-core: the item shapes between the bulk nodes (batches of rows as shipped, odd-sized batches,
 * one item per row) give the same catalog.xml and the same uploads, and the stock run's requests to both systems,
 * full and unchanged, are pinned exactly. The direct stock template (one node, no rows in the run data) sends the
 * same uploads with the same requests, and uploads the stock while it still reads the prices.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import directTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm-direct.json';
import icmlTemplate from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import icmlDirectTemplate from '../../workflows/1c-catalog-to-retailcrm-icml-direct.json';
import { DIRECT_NODE, addLargeStores, largeStockParameters, warehouseRefsByCode } from '../helpers/large-catalog';
import { runWorkflow } from '../helpers/run-workflow';
import { largeOfferCount, largeSizeForOffers } from '../sandboxes/onec/fixtures/large';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { OFFER_HASH_CHARS } from '../../nodes/core/sync/crm-upload/change-hashes';
import { EMPTY_GUID } from '../../nodes/core/onec/codecs';
import { addPrices } from '../sandboxes/onec/control';

const OFFERS = 2_000;
/** retailCRM's upload batch (Stock Upload's Batch Size in the template). */
const BATCH = 250;
const FILES = mkdtempSync(join(tmpdir(), 'scale-shapes-'));
const CATALOG = join(FILES, 'catalog.xml');
// Both engines (n8n-core 1.x and 2.x) let nodes write only under this folder.
process.env.N8N_RESTRICT_FILE_ACCESS_TO = FILES;
afterAll(() => rmSync(FILES, { recursive: true, force: true }));

/**
 * 1C requests of one stock run at this size (14), full or unchanged: the warehouses; the item folders, then the items
 * in pages of 1,000 (1,745 items: 2 pages, each page after the first overlapping by one row to detect a base that
 * ignores $skip); each Balance table in one page of 50,000 (wholesale warehouses, the retail one); characteristics of
 * the items kept by characteristics, by owner in 4 requests; price types; the price slice in one page of 50,000;
 * units in one page of 5,000 (a keyed read's whole-set read of narrow rows, onec-read/keyed-read.ts); currencies.
 */
const STOCK_RUN_1C = {
	Catalog_Склады: 1,
	Catalog_Номенклатура: 3,
	'AccumulationRegister_ТоварыНаСкладах/Balance': 1,
	'AccumulationRegister_ТоварыВРознице/Balance': 1,
	Catalog_ХарактеристикиНоменклатуры: 4,
	Catalog_ТипыЦенНоменклатуры: 1,
	'InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast': 1,
	Catalog_ЕдиницыИзмерения: 1,
	Catalog_Валюты: 1,
};

type Shape = ({ output: 'rows' } | { output: 'batches'; rowsPerBatch: number }) & { rowFields?: 'all' | 'upload' };
type Json = Record<string, unknown>;

/** Patch for the named 1C nodes' Output (and Row Fields) option (the rest of each node's options as shipped). */
function shaped(nodes: Array<{ name: string; parameters: IDataObject }>, names: string[], shape: Shape, parameters: Record<string, IDataObject> = {}): Record<string, Partial<INode>> {
	const patch: Record<string, Partial<INode>> = {};
	for (const node of nodes) {
		const base = parameters[node.name] ?? node.parameters;
		if (names.includes(node.name)) {
			const { rowsPerBatch: _drop, ...options } = base.options as IDataObject;
			patch[node.name] = { parameters: { ...base, options: { ...options, ...shape } } as INodeParameters };
		} else if (parameters[node.name]) patch[node.name] = { parameters: base as INodeParameters };
	}
	return patch;
}

describe('templates on a generated catalog of 2,000 offers: item shapes and request counts', () => {
	let onec: OneCSandbox;
	let crm: RetailCrmSandbox;
	let credentials: Record<string, ICredentialDataDecryptedObject>;
	let stockParameters: Record<string, IDataObject>;
	// The generated offers and the seed's own 6 (the large fixture is the seed plus a generated catalog).
	const offers = largeOfferCount(largeSizeForOffers(OFFERS)) + 6;

	beforeAll(async () => {
		onec = await startOneCSandbox({ port: 0, fixture: 'large', large: largeSizeForOffers(OFFERS) });
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		addLargeStores(crm);
		credentials = {
			retailCrmApi: { url: crm.url, apiKey: crm.keys.integration },
			oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password },
		};
		stockParameters = largeStockParameters(warehouseRefsByCode(onec), stockTemplate.nodes as Array<{ name: string; parameters: IDataObject }>) as Record<string, IDataObject>;
	});
	afterAll(async () => {
		await onec.close();
		await crm.close();
	});

	const icmlNodes = icmlTemplate.nodes as Array<{ name: string; parameters: IDataObject }>;
	const buildCatalog = async (shape: Shape): Promise<string> => {
		rmSync(CATALOG, { force: true });
		const patch = shaped(icmlNodes, ['1C: Get Items'], shape);
		const builder = icmlNodes.find((n) => n.name === 'ICML Builder')!;
		patch['ICML Builder'] = { parameters: { ...builder.parameters, options: { ...(builder.parameters.options as IDataObject), filePath: CATALOG } } as INodeParameters };
		const result = await runWorkflow(icmlTemplate, { credentials, trigger: 'Run Now', patch });
		expect(result.error()).toBeUndefined();
		return readFileSync(CATALOG, 'utf8').replace(/ date="[^"]*"/, '');
	};

	it.each([
		['stock', stockTemplate, ['1C: Get Balances', '1C: Get Prices']],
		['direct stock', directTemplate, []],
		['ICML', icmlTemplate, ['1C: Get Items', '1C: Get Items (on request)']],
		['direct ICML', icmlDirectTemplate, []],
	])('the %s template ships for bulk runs: errors saved, successful production runs not, no progress saving; 1C rows in batches of 1,000', (_name, template, readers) => {
		expect(template.settings).toMatchObject({ saveDataSuccessExecution: 'none', saveDataErrorExecution: 'all', saveManualExecutions: true, saveExecutionProgress: false });
		const nodes = template.nodes as Array<{ name: string; parameters: IDataObject }>;
		for (const name of readers) expect(nodes.find((n) => n.name === name)?.parameters.options).toMatchObject({ output: 'batches', rowsPerBatch: 1000 });
		if (template === stockTemplate) {
			// The stock reads hand on only what the upload reads, and the note says why.
			for (const name of readers) expect(nodes.find((n) => n.name === name)?.parameters.options).toMatchObject({ rowFields: 'upload' });
			expect(String(nodes.find((n) => n.name === 'Note: large catalogs')?.parameters.content)).toMatch(/Row Fields: \*Upload Fields Only\*[^\n]*memory/);
		}
		// The sticky note that says why, and how to look at a run when needed.
		expect(String(nodes.find((n) => n.name === 'Note: large catalogs')?.parameters.content)).toMatch(/errors only[\s\S]*To inspect a run/);
	});

	it('ICML: batches of 1,000 (as shipped), batches of 7 and one item per row write the same catalog.xml', async () => {
		const shipped = await buildCatalog({ output: 'batches', rowsPerBatch: 1000 });
		expect(shipped.match(/<offer /g)).toHaveLength(offers);
		expect(await buildCatalog({ output: 'batches', rowsPerBatch: 7 })).toBe(shipped);
		expect(await buildCatalog({ output: 'rows' })).toBe(shipped);
		// The offers' externalIds for the stock runs below, as retailCRM's import of this file sets them.
		expect(crm.importIcml(shipped)).toMatchObject({ offers, skipped: [] });
	});

	describe('stock and prices', () => {
		let directParameters: IDataObject;
		beforeAll(() => {
			directParameters = largeStockParameters(warehouseRefsByCode(onec), directTemplate.nodes as Array<{ name: string; parameters: IDataObject }>)[DIRECT_NODE] as IDataObject;
		});
		const runDirect = (staticData: IDataObject, parameters: IDataObject = {}, node: Partial<INode> = {}) =>
			runWorkflow(directTemplate, { credentials, staticData, trigger: 'Run Now', patch: { [DIRECT_NODE]: { ...node, parameters: { ...directParameters, ...parameters } as INodeParameters } } });
		/** Each path's elements in a fixed order (the direct node's batches may arrive in another order). */
		const byOffer = (uploads: Record<string, Json[]>) =>
			Object.fromEntries(Object.entries(uploads).map(([path, elements]) => [path, [...elements].sort((a, b) => String(a.externalId).localeCompare(String(b.externalId)))]));
		/** The change hashes a run left, by state key (node static data of any node). */
		const hashesOf = (staticData: IDataObject) => {
			const out: Record<string, string> = {};
			for (const data of Object.values(staticData)) {
				for (const [key, state] of Object.entries(data as IDataObject)) if (key.startsWith('changeHashes:')) out[key] = String((state as IDataObject).hashes);
			}
			return out;
		};
		const stockNodes = stockTemplate.nodes as Array<{ name: string; parameters: IDataObject }>;
		const READS = ['1C: Get Balances', '1C: Get Prices'];
		const run = (shape: Shape, staticData: IDataObject) =>
			runWorkflow(stockTemplate, { credentials, staticData, trigger: 'Run Now', patch: shaped(stockNodes, READS, shape, stockParameters) });
		/** Elements of every upload since the last clear, per path, in the order sent. */
		const sent = () => {
			const out: Record<string, Json[]> = { 'store/inventories/upload': [], 'store/prices/upload': [] };
			for (const r of crm.requests()) {
				const path = r.path.replace('/api/v5/', '');
				if (path in out && r.status === 200) for (const e of JSON.parse(String(r.form[path === 'store/prices/upload' ? 'prices' : 'offers'])) as Json[]) out[path].push(e);
			}
			return out;
		};
		const crmCounts = () => {
			const counts: Record<string, number> = {};
			for (const r of crm.requests()) counts[`${r.method} ${r.path}`] = (counts[`${r.method} ${r.path}`] ?? 0) + 1;
			return counts;
		};
		const oneCCounts = (from: number) => {
			const counts: Record<string, number> = {};
			for (const r of onec.state.log.slice(from)) {
				const key = decodeURIComponent(r.path.replace(/^.*\/odata\/standard\.odata\//, ''));
				counts[key] = (counts[key] ?? 0) + 1;
			}
			return counts;
		};
		const freshCrm = () => {
			for (const offer of crm.state.offers) {
				offer.stocks = {};
				offer.prices = {};
			}
			crm.clearRequests();
		};

		it('a full run and an unchanged run: exact requests to 1C and retailCRM; batches (shipped), one item per row and all row fields send the same', async () => {
			freshCrm();
			const staticData: IDataObject = {};
			const onecFrom = onec.state.log.length;
			const full = await run({ output: 'batches', rowsPerBatch: 1000, rowFields: 'upload' }, staticData);
			expect(full.error()).toBeUndefined();
			// One catalog read for both stock and prices (Get Balances and Get Prices of one execution share it):
			expect(oneCCounts(onecFrom)).toEqual(STOCK_RUN_1C);
			const batched = sent();
			expect(batched['store/inventories/upload']).toHaveLength(offers);
			expect(batched['store/prices/upload']).toHaveLength(offers);
			const uploads = Math.ceil(offers / BATCH);
			expect(crmCounts()).toEqual({
				'GET /api/v5/reference/stores': 1,
				'POST /api/v5/store/inventories/upload': uploads,
				'GET /api/v5/reference/price-types': 1,
				'POST /api/v5/store/prices/upload': uploads,
			});
			// What the run leaves in static data for "Only Changed": one 7-character hash per offer and upload node
			// (nodes/core/sync/crm-upload/change-hashes.ts), ~2 MB each at 300,000 offers.
			const hashStates = Object.values(staticData).flatMap((data) =>
				Object.entries(data as IDataObject)
					.filter(([key]) => key.startsWith('changeHashes:'))
					.map(([, state]) => state as IDataObject),
			);
			expect(hashStates.map((state) => [state.version, String(state.hashes).length])).toEqual([
				[2, offers * OFFER_HASH_CHARS],
				[2, offers * OFFER_HASH_CHARS],
			]);

			crm.clearRequests();
			const unchangedFrom = onec.state.log.length;
			const unchanged = await run({ output: 'batches', rowsPerBatch: 1000, rowFields: 'upload' }, staticData);
			expect(unchanged.error()).toBeUndefined();
			// The same reads of 1C; retailCRM: only the two code checks, no upload.
			expect(oneCCounts(unchangedFrom)).toEqual(STOCK_RUN_1C);
			expect(crmCounts()).toEqual({ 'GET /api/v5/reference/stores': 1, 'GET /api/v5/reference/price-types': 1 });
			expect(unchanged.output('retailCRM: Upload Stock')[0].json).toMatchObject({ batches: 0, offersSent: 0, unchangedOffers: offers });
			expect(unchanged.output('retailCRM: Upload Prices')[0].json).toMatchObject({ batches: 0, offersSent: 0 });

			// The shipped rows are narrow: the upload's fields only.
			const balanceRow = (full.output('1C: Get Balances')[0].json.rows as Json[])[0];
			const priceRow = (full.output('1C: Get Prices')[0].json.rows as Json[])[0];
			expect(Object.keys(balanceRow).sort()).toEqual(['offerKey', 'quantity', 'warehouseName', 'warehouseRef']);
			expect(Object.keys(priceRow).sort()).toEqual(['offerKey', 'price', 'priceTypeName', 'priceTypeRef']);

			freshCrm();
			const perRow = await run({ output: 'rows', rowFields: 'upload' }, {});
			expect(perRow.error()).toBeUndefined();
			// Up to 3 upload batches are in flight, so they may reach retailCRM in another order: compared per offer.
			expect(byOffer(sent())).toEqual(byOffer(batched));

			// All Fields (the option's default): the same uploads, from rows that also carry codes and names.
			freshCrm();
			const wide = await run({ output: 'batches', rowsPerBatch: 1000, rowFields: 'all' }, {});
			expect(wide.error()).toBeUndefined();
			expect(byOffer(sent())).toEqual(byOffer(batched));
			expect(crmCounts()).toEqual({
				'GET /api/v5/reference/stores': 1,
				'POST /api/v5/store/inventories/upload': uploads,
				'GET /api/v5/reference/price-types': 1,
				'POST /api/v5/store/prices/upload': uploads,
			});
			const wideBalances = wide.output('1C: Get Balances').flatMap((item) => item.json.rows as Json[]);
			const narrowBalances = full.output('1C: Get Balances').flatMap((item) => item.json.rows as Json[]);
			expect(wideBalances[0]).toMatchObject({ itemCode: expect.any(String), warehouseCode: expect.any(String) });
			// Row for row, the narrow rows are the wide ones' upload fields.
			const pick = (rows: Json[], fields: string[]) => rows.map((row) => Object.fromEntries(fields.filter((f) => f in row).map((f) => [f, row[f]])));
			expect(narrowBalances).toEqual(pick(wideBalances, ['offerKey', 'warehouseRef', 'warehouseName', 'quantity', 'itemLevelQuantity']));
			const widePrices = wide.output('1C: Get Prices').flatMap((item) => item.json.rows as Json[]);
			expect(full.output('1C: Get Prices').flatMap((item) => item.json.rows as Json[])).toEqual(pick(widePrices, ['offerKey', 'priceTypeRef', 'priceTypeName', 'price']));
		});

		it('the direct template sends the same uploads as the four nodes, with the same requests and hashes; an unchanged run sends none', async () => {
			freshCrm();
			const fourNodeState: IDataObject = {};
			expect((await run({ output: 'batches', rowsPerBatch: 1000, rowFields: 'upload' }, fourNodeState)).error()).toBeUndefined();
			const fourNodes = byOffer(sent());

			freshCrm();
			const staticData: IDataObject = {};
			const onecFrom = onec.state.log.length;
			const full = await runDirect(staticData);
			expect(full.error()).toBeUndefined();
			expect(byOffer(sent())).toEqual(fourNodes);
			expect(fourNodes['store/inventories/upload']).toHaveLength(offers);
			const uploads = Math.ceil(offers / BATCH);
			expect(oneCCounts(onecFrom)).toEqual(STOCK_RUN_1C);
			expect(crmCounts()).toEqual({
				'GET /api/v5/reference/stores': 1,
				'POST /api/v5/store/inventories/upload': uploads,
				'GET /api/v5/reference/price-types': 1,
				'POST /api/v5/store/prices/upload': uploads,
			});
			// One summary item: counts only, nothing per row.
			const items = full.output(DIRECT_NODE);
			expect(items).toHaveLength(1);
			const oneCRequests = Object.values(STOCK_RUN_1C).reduce((a, b) => a + b, 0);
			expect(items[0].json).toEqual({
				operation: 'uploadFromOneC',
				dryRun: false,
				rowsRead: { balances: expect.any(Number), prices: offers * 2 },
				// retailCRM took the whole upload: the price part keeps the record of its inputs (price-inputs.ts).
				priceInputs: 'recorded',
				stock: expect.objectContaining({ fullResend: true, batches: uploads, batchesSucceeded: uploads, offersSent: offers, unchangedOffers: 0, notFound: 0, notFoundOffers: [], failedBatches: [] }),
				prices: expect.objectContaining({ fullResend: true, batches: uploads, batchesSucceeded: uploads, offersSent: offers, unchangedOffers: 0, notFound: 0 }),
				requests: { oneC: oneCRequests, retailCrm: 2 + 2 * uploads },
			});
			expect((items[0].json.rowsRead as Json).balances).toBeGreaterThanOrEqual(offers);
			expect(items[0].pairedItem).toEqual([{ item: 0 }]);
			// The same state keys and hashes as Upload Stock and Upload Prices leave.
			expect(hashesOf(staticData)).toEqual(hashesOf(fourNodeState));
			expect(Object.keys(hashesOf(staticData)).sort()).toEqual(['changeHashes:uploadPrices', 'changeHashes:uploadStock']);

			crm.clearRequests();
			const unchangedFrom = onec.state.log.length;
			const unchanged = await runDirect(staticData);
			expect(unchanged.error()).toBeUndefined();
			expect(oneCCounts(unchangedFrom)).toEqual(STOCK_RUN_1C);
			expect(crmCounts()).toEqual({ 'GET /api/v5/reference/stores': 1, 'GET /api/v5/reference/price-types': 1 });
			// The same requests: the price read's are asked again and only their answers' digests compared.
			expect(unchanged.output(DIRECT_NODE)[0].json).toMatchObject({
				priceInputs: 'unchanged',
				rowsRead: { prices: offers * 2 },
				stock: { batches: 0, offersSent: 0, unchangedOffers: offers, fullResend: false },
				prices: { batches: 0, offersSent: 0, unchangedOffers: offers, fullResend: false },
				requests: { oneC: oneCRequests, retailCrm: 2 },
			});

			// A price entered in 1C since: its answer differs, the prices are read again, and that offer alone is sent.
			const row = onec.state.store
				.rows('InformationRegister_ЦеныНоменклатуры_RecordType')
				.find((r) => typeof r.ХарактеристикаНоменклатуры_Key === 'string' && r.ХарактеристикаНоменклатуры_Key !== EMPTY_GUID) as Json;
			const yesterday = new Date(Date.now() - 86_400_000);
			const period = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}T00:00:00`;
			const { recorder } = addPrices(onec.state, {
				period,
				records: [{ ТипЦен_Key: row.ТипЦен_Key, Номенклатура_Key: row.Номенклатура_Key, ХарактеристикаНоменклатуры_Key: row.ХарактеристикаНоменклатуры_Key, ЕдиницаИзмерения_Key: row.ЕдиницаИзмерения_Key, Цена: 4321 }],
			});
			try {
				crm.clearRequests();
				const changed = await runDirect(staticData);
				expect(changed.error()).toBeUndefined();
				expect(changed.output(DIRECT_NODE)[0].json).toMatchObject({ priceInputs: 'recorded', prices: { batches: 1, offersSent: 1 }, stock: { batches: 0 } });
				const [upload] = crm.requests().filter((r) => r.path.endsWith('store/prices/upload'));
				expect((JSON.parse(String(upload.form.prices)) as Json[]).map((offer) => offer.externalId)).toEqual([`${String(row.Номенклатура_Key)}#${String(row.ХарактеристикаНоменклатуры_Key)}`]);
			} finally {
				onec.state.store.removeWhere('InformationRegister_ЦеныНоменклатуры_RecordType', (r) => r.Recorder === recorder);
			}
		});

		it('the direct template reads the balances alone, then uploads the stock while it reads the prices', async () => {
			freshCrm();
			const from = onec.state.log.length;
			// A slow price slice: the stock does not wait for it.
			onec.state.faults.latency.push({ ms: 1500, match: 'SliceLast' });
			try {
				expect((await runDirect({})).error()).toBeUndefined();
			} finally {
				onec.state.faults.latency.pop();
			}
			const at = (time: string) => Date.parse(time);
			const oneCLog = onec.state.log.slice(from);
			const slice = oneCLog.find((r) => decodeURIComponent(r.path).includes('SliceLast'))!;
			const lastPriceRead = oneCLog.filter((r) => decodeURIComponent(r.path).includes('Catalog_Валюты')).pop()!;
			const stockUploads = crm.requests().filter((r) => r.path.endsWith('store/inventories/upload'));
			const priceUploads = crm.requests().filter((r) => r.path.endsWith('store/prices/upload'));
			// The balances were read alone: every Balance request came before the price slice (the two reads in
			// parallel shared the CPU and delayed the first upload by about 10 s at 300,000 offers, README)…
			const balanceReads = oneCLog.filter((r) => decodeURIComponent(r.path).endsWith('/Balance'));
			expect(balanceReads.length).toBeGreaterThan(0);
			expect(oneCLog.indexOf(balanceReads[balanceReads.length - 1])).toBeLessThan(oneCLog.indexOf(slice));
			// …the price read began before the first stock upload and ended after it…
			expect(at(slice.time)).toBeLessThanOrEqual(at(stockUploads[0].time));
			expect(at(stockUploads[0].time)).toBeLessThan(at(lastPriceRead.time));
			// …and the prices go after the stock, on the same client.
			expect(at(stockUploads[stockUploads.length - 1].time)).toBeLessThanOrEqual(at(priceUploads[0].time));
		});

		it('the direct template on a dry run reads and plans but sends no upload and keeps no hashes', async () => {
			freshCrm();
			const staticData: IDataObject = {};
			const dry = await runDirect(staticData, { dryRun: true });
			expect(dry.error()).toBeUndefined();
			expect(crmCounts()).toEqual({ 'GET /api/v5/reference/stores': 1, 'GET /api/v5/reference/price-types': 1 });
			const uploads = Math.ceil(offers / BATCH);
			expect(dry.output(DIRECT_NODE)).toHaveLength(1);
			expect(dry.output(DIRECT_NODE)[0].json).toMatchObject({
				dryRun: true,
				stock: { batches: uploads, batchesSucceeded: 0, offersSent: 0 },
				prices: { batches: uploads, batchesSucceeded: 0, offersSent: 0 },
			});
			expect(hashesOf(staticData)).toEqual({});
		});

		it('the direct template refuses a chosen warehouse without a mapping before reading, naming it; with continue on fail as an error item', async () => {
			const mappings = (directParameters.warehouseMapping as { mappings: Json[] }).mappings;
			const missing = String(mappings[2].warehouse);
			const parameters = { warehouseMapping: { mappings: mappings.slice(0, 2) } };
			freshCrm();
			const from = onec.state.log.length;
			const failed = await runDirect({}, parameters);
			expect(failed.error()?.message).toBe(
				`No retailCRM store code is mapped for 1C warehouse(s): ${missing}. Add them to the warehouse → store mapping or narrow the warehouse selection.`,
			);
			expect((failed.error() as Error & { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
			expect(onec.state.log.length).toBe(from);
			expect(crm.requests()).toEqual([]);

			const continued = await runDirect({}, parameters, { onError: 'continueRegularOutput' });
			expect(continued.error()).toBeUndefined();
			expect(continued.output(DIRECT_NODE)).toEqual([{ json: { error: expect.stringContaining(missing) }, pairedItem: [{ item: 0 }] }]);

			// Skip Unmapped Warehouses: that warehouse is not read, the others are uploaded.
			freshCrm();
			const skipped = await runDirect({}, { ...parameters, options: { ...(directParameters.options as IDataObject), skipUnmappedWarehouses: true } });
			expect(skipped.error()).toBeUndefined();
			const stores = new Set(sent()['store/inventories/upload'].flatMap((e) => (e.stores as Json[]).map((st) => st.code)));
			expect([...stores].sort()).toEqual(mappings.slice(0, 2).map((m) => String(m.store)).sort());
		});

		it('the direct template with 1C unreachable stops with an item-level error and uploads nothing', async () => {
			freshCrm();
			const closed = { ...credentials, oneCUt10Api: { ...credentials.oneCUt10Api, url: 'http://127.0.0.1:9/odata/standard.odata' } };
			const failed = await runWorkflow(directTemplate, {
				credentials: closed,
				staticData: {},
				trigger: 'Run Now',
				patch: { [DIRECT_NODE]: { parameters: directParameters as INodeParameters } },
			});
			// As the 1C node says it (shared/errors.ts), on the node's item 0.
			expect(failed.error()).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 }, description: expect.stringContaining('unreachable') });
			expect(failed.error()?.message).toMatch(/refused the connection/);
			expect(crm.requests()).toEqual([]);
		});
	});
});
