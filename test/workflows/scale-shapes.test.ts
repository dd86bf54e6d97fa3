/**
 * The stock and ICML templates on a generated catalog (the 1C sandbox's large fixture, 2,000 offers, 3 warehouses,
 * 2 price types) in n8n-core: the item shapes between the bulk nodes (batches of rows as shipped, odd-sized batches,
 * one item per row) give the same catalog.xml and the same uploads, and the stock run's requests to both systems,
 * full and unchanged, are pinned exactly.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import icmlTemplate from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import { addLargeStores, largeStockParameters } from '../helpers/large-catalog';
import { runWorkflow } from '../helpers/run-workflow';
import { largeOfferCount, largeSizeForOffers } from '../sandboxes/onec/fixtures/large';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { OFFER_HASH_CHARS } from '../../nodes/core/sync/crm-upload/change-hashes';

const OFFERS = 2_000;
/** retailCRM's upload batch (Stock Upload's Batch Size in the template). */
const BATCH = 250;
const FILES = mkdtempSync(join(tmpdir(), 'scale-shapes-'));
const CATALOG = join(FILES, 'catalog.xml');
// Both engines (n8n-core 1.x and 2.x) let nodes write only under this folder.
process.env.N8N_RESTRICT_FILE_ACCESS_TO = FILES;
afterAll(() => rmSync(FILES, { recursive: true, force: true }));

/**
 * 1C requests of one stock run at this size (15), full or unchanged: the warehouses; the item folders, then the items
 * in pages of 1,000 (1,745 items: 2 pages, each page after the first overlapping by one row to detect a base that
 * ignores $skip); each Balance table in one page of 50,000 (wholesale warehouses, the retail one); characteristics of
 * the items kept by characteristics, by owner in 4 requests; price types; the price slice in one page of 50,000;
 * units in pages of 1,000 (2); currencies.
 */
const STOCK_RUN_1C = {
	Catalog_Склады: 1,
	Catalog_Номенклатура: 3,
	'AccumulationRegister_ТоварыНаСкладах/Balance': 1,
	'AccumulationRegister_ТоварыВРознице/Balance': 1,
	Catalog_ХарактеристикиНоменклатуры: 4,
	Catalog_ТипыЦенНоменклатуры: 1,
	'InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast': 1,
	Catalog_ЕдиницыИзмерения: 2,
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
		stockParameters = largeStockParameters(onec, stockTemplate.nodes as Array<{ name: string; parameters: IDataObject }>) as Record<string, IDataObject>;
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
		['ICML', icmlTemplate, ['1C: Get Items', '1C: Get Items (on request)']],
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
			expect(sent()).toEqual(batched);

			// All Fields (the option's default): the same uploads, from rows that also carry codes and names.
			freshCrm();
			const wide = await run({ output: 'batches', rowsPerBatch: 1000, rowFields: 'all' }, {});
			expect(wide.error()).toBeUndefined();
			expect(sent()).toEqual(batched);
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
	});
});
