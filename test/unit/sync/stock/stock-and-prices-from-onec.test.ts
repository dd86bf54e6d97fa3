/**
 * The direct mode's core (nodes/core/sync/stock/stock-and-prices-from-onec.ts) against both sandboxes (seed): what is
 * refused before anything is read, and a price read that fails after the stock was uploaded (the stock part is done
 * and reported, so its hashes can be saved; the error still stops the run).
 */
import { emptyChangeHashState } from '../../../../nodes/core/sync/crm-upload/change-hashes';
import { uploadStockAndPricesFromOneC, type StockAndPricesOptions } from '../../../../nodes/core/sync/stock/stock-and-prices-from-onec';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { startOneCSandbox, type OneCSandbox } from '../../../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../../../sandboxes/retailcrm/server';
import { control, sandboxClient } from '../../../integration/onec/sandbox-helpers';
import { createAxiosTransport, realClock } from '../../../helpers/axios-transport';
import { RetailCrmClient } from '../../../../nodes/core/retailcrm/client';
import { Pacer } from '../../../../nodes/core/http/pacer';

describe('uploadStockAndPricesFromOneC (seed)', () => {
	let onec: OneCSandbox;
	let crm: RetailCrmSandbox;
	beforeAll(async () => {
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
	});
	afterAll(async () => {
		await onec.close();
		await crm.close();
	});

	const clients = () => ({
		onec: sandboxClient(onec).client,
		crm: new RetailCrmClient({
			baseUrl: crm.url,
			transport: createAxiosTransport({ 'X-API-KEY': crm.keys.integration }),
			clock: realClock,
			pacer: new Pacer(1000, realClock),
			retry: { baseDelayMs: 20, maxDelayMs: 200 },
		}),
	});
	const options = (patch: Partial<StockAndPricesOptions> = {}): StockAndPricesOptions => ({
		balances: { warehouseRefs: [SEED_IDS.warehouses.main], includeZeroStock: true },
		prices: { priceTypeRefs: [SEED_IDS.priceTypes.retail] },
		folderRefs: [],
		stock: { mapping: new Map([[SEED_IDS.warehouses.main, 'main']]), skipUnmapped: false, state: emptyChangeHashState() },
		priceTypes: { mapping: new Map([[SEED_IDS.priceTypes.retail, 'base']]), skipUnmapped: false, state: emptyChangeHashState() },
		upload: { identifierKind: 'externalId', batchSize: 250, onlyChanged: true, now: Date.now(), fullResendHours: 24, dryRun: false },
		...patch,
	});
	const posts = () => crm.requests().filter((r) => r.method === 'POST').map((r) => r.path);

	it('refuses a chosen price type without a mapping before any request, naming it', async () => {
		const { onec: oneC, crm: client } = clients();
		const from = onec.state.log.length;
		crm.clearRequests();
		const run = uploadStockAndPricesFromOneC(oneC, client, options({ prices: { priceTypeRefs: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.purchase] } }));
		await expect(run).rejects.toThrow(`No retailCRM price-type code is mapped for 1C price type(s): ${SEED_IDS.priceTypes.purchase}`);
		expect(onec.state.log.length).toBe(from);
		expect(crm.requests()).toEqual([]);
	});

	it('checks both retailCRM code mappings before the catalog is read: a wrong store code stops the run after the reference lists, reading neither balances nor prices', async () => {
		const { onec: oneC, crm: client } = clients();
		const from = onec.state.log.length;
		crm.clearRequests();
		const run = uploadStockAndPricesFromOneC(oneC, client, options({ stock: { mapping: new Map([[SEED_IDS.warehouses.main, 'no-such-store']]), skipUnmapped: false } }));
		await expect(run).rejects.toThrow(/no-such-store/);
		// 1C: the price types alone (read first, so the price read's first request is its slice); no catalog, balance or price read.
		expect(onec.state.log.slice(from).map((r) => decodeURIComponent(r.path).split('/').pop())).toEqual(['Catalog_ТипыЦенНоменклатуры']);
		expect(crm.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v5/reference/stores', 'GET /api/v5/reference/price-types']);
	});

	it('a price read that fails after the stock upload: the stock part is reported done, nothing of the prices is sent', async () => {
		const { onec: oneC, crm: client } = clients();
		crm.clearRequests();
		// Every SliceLast answer fails (more than the client's retries).
		onec.state.faults.latency.push({ ms: 300, match: 'SliceLast' });
		onec.state.faults.status.push({ status: 500, count: 10, match: 'SliceLast' });
		const done: string[] = [];
		try {
			await expect(uploadStockAndPricesFromOneC(oneC, client, options({ onUploaded: (part, report) => done.push(`${part}: ${report.batches}`) }))).rejects.toThrow();
		} finally {
			onec.state.faults.latency.pop();
			onec.state.faults.status.pop();
		}
		expect(done).toEqual(['stock: 1']);
		expect(posts()).toEqual(['/api/v5/store/inventories/upload']);
	});
	it('takes mapping rows that name 1C codes, as the mapping fields allow: the same uploads as by GUID, one read of the codes per part', async () => {
		const codeOf = (set: string, ref: string) => String((onec.state.store.rows(set) as Array<Record<string, unknown>>).find((r) => r.Ref_Key === ref)?.Code);
		const warehouseCode = codeOf('Catalog_Склады', SEED_IDS.warehouses.main);
		const priceTypeCode = codeOf('Catalog_ТипыЦенНоменклатуры', SEED_IDS.priceTypes.retail);
		expect(warehouseCode).not.toBe('undefined');
		expect(priceTypeCode).not.toBe('undefined');
		const run = async (patch: Partial<StockAndPricesOptions>) => {
			const { onec: oneC, crm: client } = clients();
			crm.clearRequests();
			const from = onec.state.log.length;
			const all = { upload: { ...options().upload, onlyChanged: false } };
			await uploadStockAndPricesFromOneC(oneC, client, options({ ...all, ...patch }));
			const sent = crm.requests().filter((r) => r.method === 'POST').map((r) => ({ path: r.path, form: r.form }));
			return { sent, oneCRequests: onec.state.log.length - from };
		};
		const byGuid = await run({});
		const byCode = await run({
			stock: { mapping: new Map([[warehouseCode.toLowerCase(), 'main']]), skipUnmapped: false, state: emptyChangeHashState() },
			priceTypes: { mapping: new Map([[priceTypeCode.toLowerCase(), 'base']]), skipUnmapped: false, state: emptyChangeHashState() },
		});
		expect(byGuid.sent.map((r) => r.path)).toEqual(['/api/v5/store/inventories/upload', '/api/v5/store/prices/upload']);
		expect(byCode.sent).toEqual(byGuid.sent);
		expect(byCode.oneCRequests).toBe(byGuid.oneCRequests + 2);
	});
	it('reads the catalog scope without item codes and names (the rows are upload fields), and names the item-level stock notes with one keyed read', async () => {
		const tshirt = SEED_IDS.items.tshirt;
		const ctl = control(onec);
		try {
			// 4 T-shirts (kept by characteristics) posted without one: an item-level note the report names.
			await ctl.movements({ register: 'ТоварыНаСкладах', records: [{ Склад_Key: SEED_IDS.warehouses.main, Номенклатура_Key: tshirt, Количество: 4 }] });
			const { onec: oneC, crm: client } = clients();
			const run = async () => {
				const from = onec.state.log.length;
				const report = await uploadStockAndPricesFromOneC(oneC, client, options({ folderRefs: [SEED_IDS.items.goodsFolder] }));
				return { report, itemReads: onec.state.log.slice(from).filter((r) => r.path.endsWith('/Catalog_Номенклатура') && !(r.query.$filter ?? '').includes('IsFolder eq true')) };
			};
			const { report, itemReads } = await run();
			const selects = itemReads.map((r) => r.query.$select.split(','));
			// The scope: every field the reads use, none of the naming ones.
			expect(selects[0]).toEqual(expect.arrayContaining(['Ref_Key', 'Parent_Key', 'DeletionMark', 'ВестиУчетПоХарактеристикам', 'ЕдиницаХраненияОстатков_Key', 'СтавкаНДС']));
			expect(selects[0].filter((field) => ['Code', 'Description', 'Артикул'].includes(field))).toEqual([]);
			// Then one read of the noted item's name, by key.
			expect(itemReads).toHaveLength(2);
			expect(selects[1]).toEqual(['Ref_Key', 'Description']);
			expect(itemReads[1].query.$filter).toContain(tshirt);
			expect(report.itemLevelStock.map((note) => note.itemRef)).toEqual([tshirt]);
			const name = String((onec.state.store.get('Catalog_Номенклатура', tshirt) as Record<string, unknown>).Description);
			expect(name.length).toBeGreaterThan(0);
			expect(report.itemName(tshirt)).toBe(name);

			// Without a note, no read of names.
			await ctl.reset();
			const quiet = await run();
			expect(quiet.report.itemLevelStock).toEqual([]);
			expect(quiet.itemReads).toHaveLength(1);
		} finally {
			await ctl.reset();
		}
	});
});
