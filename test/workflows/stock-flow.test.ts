/**
 * Flow 2 end to end in n8n-core: the template workflows/1c-stock-and-prices-to-retailcrm.json against both
 * sandboxes (1C UT 10.3 OData and retailCRM), static data shared across runs as n8n keeps it for a scheduled
 * workflow. The retailCRM seed offers get the 1C offer keys as externalIds by an ICML import first (the retailCRM
 * seed leaves externalIds unset).
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import template from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import catalogTemplate from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import directTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm-direct.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import { control } from '../integration/onec/sandbox-helpers';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { JEANS48_KEY, JEANS50_KEY, OTHER_OFFERS, crmWithCatalogOnly, seedCatalogIcml } from '../unit/stock-upload/seed-catalog';
import { stockTemplateHooks } from '../helpers/template-sandboxes';

const STOCK = 'retailCRM: Upload Stock';
const PRICES = 'retailCRM: Upload Prices';
const DIRECT = 'retailCRM: Upload Stock and Prices from 1C';
const MAIN = SEED_IDS.warehouses.main;

type Json = Record<string, unknown>;

describe('template 1c-stock-and-prices-to-retailcrm in n8n-core against both sandboxes', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let oneC: ReturnType<typeof control>;
	let credentials: Record<string, ICredentialDataDecryptedObject>;
	let staticData: IDataObject;

	stockTemplateHooks((sandboxes) => ({ crm, onec, oneC, credentials } = sandboxes), () => {
		staticData = {};
	});

	const run = async (patch?: Parameters<typeof runWorkflow>[1]['patch']): Promise<RunResult> =>
		runWorkflow(template, { credentials, staticData, trigger: 'Run Now', patch });
	const uploads = (path: 'store/inventories/upload' | 'store/prices/upload') =>
		crm.requests().filter((r) => r.path === `/api/v5/${path}` && r.status === 200);
	const sent = (path: 'store/inventories/upload' | 'store/prices/upload') =>
		uploads(path).flatMap((r) => JSON.parse(String(r.form[path === 'store/prices/upload' ? 'prices' : 'offers'])) as Json[]);
	const offer = (externalId: string) => crm.state.offers.find((o) => o.externalId === externalId)!;
	const sell = (itemRef: string, quantity: number) =>
		oneC.movements({ register: 'ТоварыНаСкладах', recordType: 'Expense', records: [{ Склад_Key: MAIN, Номенклатура_Key: itemRef, Количество: quantity }] });

	it('uploads 23 and 41 of the seed jeans to the mapped store and price 300 to the base price type', async () => {
		const result = await run();
		expect(result.error()).toBeUndefined();
		expect(offer(JEANS48_KEY).stocks.main.available).toBe(23);
		expect(offer(JEANS50_KEY).stocks.main.available).toBe(41);
		// The retail warehouse goes to the availability-only showroom: 4 pieces of (48) → 1, none of (50) → 0.
		expect(offer(JEANS48_KEY).stocks.showroom.available).toBe(1);
		expect(offer(JEANS50_KEY).stocks.showroom.available).toBe(0);
		expect(offer(JEANS48_KEY).prices.base).toBe(300);
		expect(offer(JEANS50_KEY).prices.base).toBe(300);
		expect(uploads('store/inventories/upload')).toHaveLength(1);
		expect(uploads('store/prices/upload')).toHaveLength(1);
		const summary = result.output(STOCK)[0].json;
		expect(summary).toMatchObject({ batches: 1, offersSent: 6, processedOffersCount: 6, notFoundOffers: [], failedBatches: [] });
		expect(sent('store/inventories/upload').find((e) => e.externalId === JEANS50_KEY)).toEqual({
			externalId: JEANS50_KEY,
			stores: [
				{ code: 'main', available: 41 },
				{ code: 'showroom', available: 0 },
			],
		});
	});

	it('after a sale in 1C the next run sends only the changed offer; a sold-out offer goes to 0; an unchanged re-run sends nothing', async () => {
		await run();
		crm.clearRequests();

		await sell(SEED_IDS.items.jeans48, 1);
		const afterSale = await run();
		expect(afterSale.error()).toBeUndefined();
		// One change hash per offer (core/sync/crm-upload/change-hashes.ts): the changed offer goes with all its stores.
		expect(sent('store/inventories/upload')).toEqual([
			{
				externalId: JEANS48_KEY,
				stores: [
					{ code: 'main', available: 22 },
					{ code: 'showroom', available: 1 },
				],
			},
		]);
		expect(uploads('store/prices/upload')).toHaveLength(0);
		expect(offer(JEANS48_KEY).stocks.main.available).toBe(22);
		crm.clearRequests();

		await sell(SEED_IDS.items.jeans50, 41);
		await run();
		expect(sent('store/inventories/upload')).toEqual([
			{
				externalId: JEANS50_KEY,
				stores: [
					{ code: 'main', available: 0 },
					{ code: 'showroom', available: 0 },
				],
			},
		]);
		expect(offer(JEANS50_KEY).stocks.main.available).toBe(0);
		crm.clearRequests();

		const unchanged = await run();
		expect(unchanged.error()).toBeUndefined();
		expect(crm.requests().filter((r) => r.path.endsWith('/upload'))).toHaveLength(0);
		expect(unchanged.output(STOCK)[0].json).toMatchObject({ batches: 0, offersSent: 0, unchangedOffers: 6 });
		expect(unchanged.output(PRICES)[0].json).toMatchObject({ batches: 0, offersSent: 0 });
	});

	describe('Dry Run after a real run (change records saved)', () => {
		const parameters = (t: { nodes: Array<{ name: string; parameters: unknown }> }, name: string) => t.nodes.find((n) => n.name === name)!.parameters as IDataObject;
		const dryRun = (t: { nodes: Array<{ name: string; parameters: unknown }> }, ...names: string[]) =>
			Object.fromEntries(names.map((name) => [name, { parameters: { ...parameters(t, name), dryRun: true } as INodeParameters }]));
		const posts = () => crm.requests().filter((r) => r.method === 'POST');
		/** A sale of one (48) and a new price of (50) in 1C after the first run. */
		const changeIn1C = async () => {
			await sell(SEED_IDS.items.jeans48, 1);
			await oneC.prices({
				period: '2025-03-01T00:00:00',
				records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans50, Цена: 333, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans50Pcs, Валюта_Key: SEED_IDS.currencies.rub }],
			});
		};

		it('Upload Stock and Upload Prices send nothing, keep the saved state, and list exactly what the real run then sends', async () => {
			expect((await run()).error()).toBeUndefined();
			await changeIn1C();
			const before = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			crm.clearRequests();

			const dry = await run(dryRun(template, STOCK, PRICES));
			expect(dry.error()).toBeUndefined();
			expect(posts()).toEqual([]);
			expect(JSON.parse(JSON.stringify(staticData))).toEqual(before);
			const [stockSummary, ...stockBatches] = dry.output(STOCK);
			const [priceSummary, ...priceBatches] = dry.output(PRICES);
			expect(stockSummary.json).toMatchObject({ dryRun: true, batches: 1, offersSent: 0, unchangedOffers: 5 });
			expect(priceSummary.json).toMatchObject({ dryRun: true, batches: 1, offersSent: 0 });
			const planned = (batches: typeof stockBatches) => batches.flatMap((b) => b.json.offers as Json[]);
			expect(planned(stockBatches)).toEqual([{ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 22 }, { code: 'showroom', available: 1 }] }]);
			expect(planned(priceBatches)).toEqual([expect.objectContaining({ externalId: JEANS50_KEY, prices: [expect.objectContaining({ code: 'base', price: 333 })] })]);

			const real = await run();
			expect(real.error()).toBeUndefined();
			expect(sent('store/inventories/upload')).toEqual(planned(stockBatches));
			expect(sent('store/prices/upload')).toEqual(planned(priceBatches));
			expect(offer(JEANS50_KEY).prices.base).toBe(333);
		});

		it('the direct template\'s Upload Stock and Prices from 1C sends nothing, keeps the saved state, and counts the batches the real run sends', async () => {
			const direct = (patch?: Record<string, { parameters: INodeParameters }>) => runWorkflow(directTemplate, { credentials, staticData, trigger: 'Run Now', patch });
			expect((await direct()).error()).toBeUndefined();
			await changeIn1C();
			const before = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			crm.clearRequests();

			const dry = await direct(dryRun(directTemplate, DIRECT));
			expect(dry.error()).toBeUndefined();
			expect(posts()).toEqual([]);
			expect(JSON.parse(JSON.stringify(staticData))).toEqual(before);
			const counts = (r: RunResult) => {
				const { stock, prices } = r.output(DIRECT)[0].json as { stock: Json; prices: Json };
				return { stock: [stock.batches, stock.unchangedOffers], prices: [prices.batches, prices.unchangedOffers] };
			};
			const said = counts(dry);

			const real = await direct();
			expect(real.error()).toBeUndefined();
			expect(said).toEqual(counts(real));
			expect(said).toEqual({ stock: [1, 5], prices: [1, expect.any(Number)] });
			expect(sent('store/inventories/upload').map((e) => e.externalId)).toEqual([JEANS48_KEY]);
			expect(sent('store/prices/upload').map((e) => e.externalId)).toEqual([JEANS50_KEY]);
		});
	});

	it("a manual run, started as n8n 1.x starts it (without the saved hashes), sends every offer and says why in a hint; the scheduled runs' hashes stay", async () => {
		const hints = (r: RunResult, node: string) => ((r.run.data.resultData.runData[node]?.[0] as { hints?: Array<{ message: string }> } | undefined)?.hints ?? []).map((h) => h.message).join(' ');
		const manualHint = /^Manual run without saved change hashes \(n8n 1\.x starts every manual execution without the workflow's saved state.*\): this run sends every offer/;
		const first = await run();
		expect(first.error()).toBeUndefined();
		const firstSent = { stock: sent('store/inventories/upload').length, prices: sent('store/prices/upload').length };
		expect(firstSent.stock).toBeGreaterThan(0);
		expect(hints(first, STOCK)).not.toMatch(manualHint);
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		crm.clearRequests();
		// n8n 1.x's editor sends the workflow without its static data (test/queue pins it in the real n8n; 2.x loads it).
		const manual = await runWorkflow(template, { credentials, staticData: {}, trigger: 'Run Now', mode: 'manual' });
		expect(manual.error()).toBeUndefined();
		expect({ stock: sent('store/inventories/upload').length, prices: sent('store/prices/upload').length }).toEqual(firstSent);
		expect(hints(manual, STOCK)).toMatch(manualHint);
		expect(hints(manual, PRICES)).toMatch(manualHint);
		expect(JSON.parse(JSON.stringify(staticData))).toEqual(saved);
		// A scheduled run after it reads the saved hashes: nothing changed, nothing sent.
		crm.clearRequests();
		expect((await run()).error()).toBeUndefined();
		expect(crm.requests().filter((r) => r.method === 'POST')).toEqual([]);

		const direct = await runWorkflow(directTemplate, { credentials, staticData: {}, trigger: 'Run Now', mode: 'manual' });
		expect(direct.error()).toBeUndefined();
		expect(hints(direct, DIRECT)).toMatch(manualHint);
	});

	it('an unknown store code or price type stops the run with a clear error before anything is uploaded', async () => {
		const wrongStore = await run({
			[STOCK]: {
				parameters: {
					...(template.nodes.find((n) => n.name === STOCK)!.parameters as IDataObject),
					warehouseMapping: { mappings: [{ warehouse: MAIN, store: 'warehouse-1' }] },
				},
			},
		});
		const error = wrongStore.error() as Error & { name?: string };
		expect(error?.name).toBe('NodeOperationError');
		expect(error.message).toMatch(/Unknown retailCRM store code "warehouse-1".*Valid store codes: "main".*"showroom"/);
		expect(crm.requests().filter((r) => r.path === '/api/v5/store/inventories/upload')).toHaveLength(0);

		crm.clearRequests();
		const wrongPrice = await run({
			[PRICES]: {
				parameters: {
					...(template.nodes.find((n) => n.name === PRICES)!.parameters as IDataObject),
					priceTypeMapping: { mappings: [{ priceType: SEED_IDS.priceTypes.retail, crmPriceType: 'retail' }] },
				},
			},
		});
		expect(String(wrongPrice.error()?.message)).toMatch(/Unknown retailCRM price type code "retail".*"base".*"wholesale"/);
		expect(crm.requests().filter((r) => r.path === '/api/v5/store/prices/upload')).toHaveLength(0);
	});

	it('reports offers retailCRM does not know, and sends them once the catalog import has created them', async () => {
		crm.reset('seed');
		crm.importIcml(seedCatalogIcml('jeans'));
		const first = await run();
		expect(first.error()).toBeUndefined();
		const [summary, ...notFound] = first.output(STOCK);
		const others = OTHER_OFFERS.map(([key]) => key).sort();
		expect((summary.json.notFoundOffers as Json[]).map((o) => o.externalId).sort()).toEqual(others);
		expect(notFound.map((i) => i.json.identifier).sort()).toEqual(others);
		for (const item of notFound) expect(item.json).toMatchObject({ notFound: true, kind: 'externalId' });
		// Paired with the input item that carried the offer's rows: the template's one batch of balances.
		expect(notFound.every((i) => JSON.stringify(i.pairedItem) === JSON.stringify([{ item: 0 }]))).toBe(true);

		crm.importIcml(seedCatalogIcml('all'));
		crm.clearRequests();
		const second = await run();
		expect(sent('store/inventories/upload').map((e) => e.externalId).sort()).toEqual(others);
		expect(second.output(STOCK)[0].json).toMatchObject({ notFoundOffers: [], processedOffersCount: 4 });
		crm.clearRequests();
		await run();
		expect(crm.requests().filter((r) => r.path.endsWith('/upload'))).toHaveLength(0);
	});

	it('absorbs 503 bursts on both uploads (the client retries) and reports no failed batch', async () => {
		crm.injectFault({ status: 503, count: 2, match: { path: '/api/v5/store/inventories/upload' } });
		crm.injectFault({ status: 503, count: 2, match: { path: '/api/v5/store/prices/upload' } });
		const result = await run();
		expect(result.error()).toBeUndefined();
		expect(result.output(STOCK)[0].json).toMatchObject({ batchesSucceeded: 1, failedBatches: [] });
		expect(result.output(PRICES)[0].json).toMatchObject({ batchesSucceeded: 1, failedBatches: [] });
		const attempts = crm.requests().filter((r) => r.path.endsWith('/upload')).map((r) => `${r.path} ${r.status}`);
		expect(attempts.filter((a) => a.endsWith(' 503'))).toHaveLength(4);
		expect(attempts.filter((a) => a.endsWith(' 200'))).toHaveLength(2);
		expect(offer(JEANS48_KEY).stocks.main.available).toBe(23);
	}, 30_000);

	describe('one scope with the catalog, VAT, currency, stock without a characteristic', () => {
		const GET_BALANCES = '1C: Get Balances';
		const GET_PRICES = '1C: Get Prices';
		const params = (name: string) => template.nodes.find((n) => n.name === name)!.parameters as IDataObject;
		/** The node as shipped but with Row Fields "All Fields", for checks of how a price was made (the template hands on upload fields only). */
		const allFields = (name: string, parameters: IDataObject = params(name)) => ({ ...parameters, options: { ...(params(name).options as IDataObject), rowFields: 'all' } });
		const store = () => onec.state.store;

		it('both stock templates read only the catalog template\'s folders: an item outside them is neither uploaded nor reported as unknown', async () => {
			const catalogFolders = (catalogTemplate.nodes.find((n) => n.name === '1C: Get Items')!.parameters as IDataObject).folders;
			expect((params(GET_BALANCES).options as IDataObject).folders).toEqual(catalogFolders);
			expect((params(GET_PRICES).options as IDataObject).folders).toEqual(catalogFolders);
			// An archive folder next to «Товары», with stock and a price in 1C.
			const archive = '5eed0008-0000-4000-8000-0000000000b0';
			const old = '5eed0008-0000-4000-8000-0000000000b1';
			const jeans = store().get('Catalog_Номенклатура', SEED_IDS.items.jeans48)!;
			store().put('Catalog_Номенклатура', { Ref_Key: archive, Code: '00000000950', Description: 'Архив', Parent_Key: '00000000-0000-0000-0000-000000000000', IsFolder: true });
			store().put('Catalog_Номенклатура', { ...jeans, Ref_Key: old, Code: '00000000951', Description: 'Старый товар', Parent_Key: archive });
			await oneC.movements({ register: 'ТоварыНаСкладах', records: [{ Склад_Key: MAIN, Номенклатура_Key: old, Количество: 7 }] });
			await oneC.prices({ period: '2025-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: old, Цена: 100, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.rub }] });
			const result = await run();
			expect(result.error()).toBeUndefined();
			// The item has no characteristics: its offer key is its GUID.
			expect(result.rows(GET_BALANCES).length).toBeGreaterThan(0);
			expect(result.rows(GET_BALANCES).some((row) => row.offerKey === old)).toBe(false);
			expect(sent('store/inventories/upload').map((e) => e.externalId)).not.toContain(old);
			expect(sent('store/prices/upload').map((e) => e.externalId)).not.toContain(old);
			expect(result.output(STOCK)[0].json).toMatchObject({ notFoundOffers: [] });
			expect(result.output(PRICES)[0].json).toMatchObject({ notFoundOffers: [] });
			// The direct template: the same folders, the same scope.
			expect(((directTemplate.nodes.find((n) => n.name === DIRECT)!.parameters as IDataObject).options as IDataObject).folders).toEqual(catalogFolders);
			crmWithCatalogOnly(crm);
			staticData = {};
			const direct = await runWorkflow(directTemplate, { credentials, staticData, trigger: 'Run Now' });
			expect(direct.error()).toBeUndefined();
			expect(sent('store/inventories/upload').map((e) => e.externalId)).toContain(JEANS48_KEY);
			expect(sent('store/inventories/upload').map((e) => e.externalId)).not.toContain(old);
			expect(sent('store/prices/upload').map((e) => e.externalId)).not.toContain(old);
			expect(direct.output(DIRECT)[0].json).toMatchObject({ stock: { notFoundOffers: [] }, prices: { notFoundOffers: [] } });
		});

		/** Upload Prices with «Розничная» on retailCRM's base price and «Оптовая (расчетная)» on its wholesale price. */
		const retailAndWholesaleMapped = () => ({
			parameters: {
				...params(PRICES),
				priceTypeMapping: {
					mappings: [
						{ priceType: SEED_IDS.priceTypes.retail, crmPriceType: 'base' },
						{ priceType: SEED_IDS.priceTypes.wholesaleCalculated, crmPriceType: 'wholesale' },
					],
				},
			},
		});

		it('a price type without VAT uploads gross prices: «Оптовая (расчетная)» 207 net → 248.40 on retailCRM\'s wholesale price', async () => {
			const result = await run({
				[GET_PRICES]: { parameters: allFields(GET_PRICES, { ...params(GET_PRICES), priceTypes: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.wholesaleCalculated] }) },
				[PRICES]: retailAndWholesaleMapped(),
			});
			expect(result.error()).toBeUndefined();
			expect(offer(JEANS48_KEY).prices).toEqual({ base: 300, wholesale: 248.4 });
			expect(result.rows(GET_PRICES).find((row) => row.offerKey === JEANS48_KEY && row.priceTypeRef === SEED_IDS.priceTypes.wholesaleCalculated)).toMatchObject({
				price: 248.4,
				typePrice: 207,
				priceIncludesVat: false,
				vatAdded: 20,
			});
		});

		it('with VAT → As in 1C, the price type without VAT uploads its own net figure: «Оптовая (расчетная)» 207 stays 207', async () => {
			const result = await run({
				[GET_PRICES]: {
					parameters: {
						...params(GET_PRICES),
						priceTypes: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.wholesaleCalculated],
						options: { ...(params(GET_PRICES).options as IDataObject), rowFields: 'all', vat: 'asIs' },
					},
				},
				[PRICES]: retailAndWholesaleMapped(),
			});
			expect(result.error()).toBeUndefined();
			expect(offer(JEANS48_KEY).prices).toEqual({ base: 300, wholesale: 207 });
			const row = result.rows(GET_PRICES).find((r) => r.offerKey === JEANS48_KEY && r.priceTypeRef === SEED_IDS.priceTypes.wholesaleCalculated);
			expect(row).toMatchObject({ price: 207, typePrice: 207, priceIncludesVat: false });
			expect(row?.vatAdded ?? 0).toBe(0);
		});

		it('a USD price type uploads roubles at the 1C rate (5 USD × 90 = 450)', async () => {
			const usdType = '5eed0005-0000-4000-8000-0000000000a1';
			store().put('Catalog_ТипыЦенНоменклатуры', { Ref_Key: usdType, Code: '000000009', Description: 'Розничная USD', ВалютаЦены_Key: SEED_IDS.currencies.usd, ЦенаВключаетНДС: true, ПорядокОкругления: 'Окр0_01' });
			await oneC.prices({ period: '2025-02-01T00:00:00', records: [{ ТипЦен_Key: usdType, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 5, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.usd }] });
			const result = await run({
				[GET_PRICES]: { parameters: allFields(GET_PRICES, { ...params(GET_PRICES), priceTypes: [usdType] }) },
				[PRICES]: { parameters: { ...params(PRICES), priceTypeMapping: { mappings: [{ priceType: usdType, crmPriceType: 'base' }] } } },
			});
			expect(result.error()).toBeUndefined();
			expect(offer(JEANS48_KEY).prices.base).toBe(450);
			expect(result.rows(GET_PRICES)).toEqual([
				expect.objectContaining({ offerKey: JEANS48_KEY, price: 450, currencyCode: '643', typePrice: 5, typeCurrencyCode: '840', exchangeRate: 90 }),
			]);
		});

		it('a USD price type uploads roubles at 1C\'s rate on the price date: the latest rate before it, not an earlier one or one dated later', async () => {
			const usdType = '5eed0005-0000-4000-8000-0000000000a1';
			store().put('Catalog_ТипыЦенНоменклатуры', { Ref_Key: usdType, Code: '000000009', Description: 'Розничная USD', ВалютаЦены_Key: SEED_IDS.currencies.usd, ЦенаВключаетНДС: true, ПорядокОкругления: 'Окр0_01' });
			await oneC.prices({ period: '2025-02-01T00:00:00', records: [{ ТипЦен_Key: usdType, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 5, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.usd }] });
			// The seed's 90 (2024-01-01), a newer 95 before today, and a 200 set for 2099.
			store().put('InformationRegister_КурсыВалют', { Period: '2025-06-01T00:00:00', Валюта_Key: SEED_IDS.currencies.usd, Курс: 95, Кратность: 1 });
			store().put('InformationRegister_КурсыВалют', { Period: '2099-01-01T00:00:00', Валюта_Key: SEED_IDS.currencies.usd, Курс: 200, Кратность: 1 });
			const result = await run({
				[GET_PRICES]: { parameters: allFields(GET_PRICES, { ...params(GET_PRICES), priceTypes: [usdType] }) },
				[PRICES]: { parameters: { ...params(PRICES), priceTypeMapping: { mappings: [{ priceType: usdType, crmPriceType: 'base' }] } } },
			});
			expect(result.error()).toBeUndefined();
			expect(result.rows(GET_PRICES)).toEqual([expect.objectContaining({ offerKey: JEANS48_KEY, price: 475, typePrice: 5, exchangeRate: 95 })]);
			expect(offer(JEANS48_KEY).prices.base).toBe(475);
		});

		describe('stock 1C holds without a characteristic for items kept by characteristics', () => {
			const SCARF = '5eed0008-0000-4000-8000-0000000000a1';
			const RED = '5eed0009-0000-4000-8000-0000000000a1';
			const SCARF_KEY = `${SCARF}#${RED}`;

			beforeEach(async () => {
				// «Шарф» (one characteristic, in retailCRM's catalog) and the T-shirt (three) get stock without a characteristic.
				const tshirt = store().get('Catalog_Номенклатура', SEED_IDS.items.tshirt)!;
				store().put('Catalog_Номенклатура', { ...tshirt, Ref_Key: SCARF, Code: '00000000900', Description: 'Шарф', Parent_Key: SEED_IDS.items.goodsFolder });
				store().put('Catalog_ХарактеристикиНоменклатуры', { Ref_Key: RED, Owner_Key: SCARF, Description: 'Красный' });
				await oneC.movements({
					register: 'ТоварыНаСкладах',
					records: [
						{ Склад_Key: MAIN, Номенклатура_Key: SCARF, Количество: 2 },
						{ Склад_Key: MAIN, Номенклатура_Key: SCARF, ХарактеристикаНоменклатуры_Key: RED, Количество: 1 },
						{ Склад_Key: MAIN, Номенклатура_Key: SEED_IDS.items.tshirt, Количество: 4 },
					],
				});
				const scarf = `<offer id="${SCARF_KEY}" productId="${SCARF}"><price>500.00</price><categoryId>goods</categoryId><name>Шарф (Красный)</name></offer>`;
				crm.importIcml(seedCatalogIcml('all').replace('</offers>', `${scarf}</offers>`));
				crm.clearRequests();
			});

			it('default "To the Only Characteristic": the scarf\'s 2 reach its only offer (3 in all); the T-shirt\'s 4 are left out, not sent as an unknown offer; a hint says so', async () => {
				const result = await run();
				expect(result.error()).toBeUndefined();
				expect(offer(SCARF_KEY).stocks.main.available).toBe(3);
				expect(sent('store/inventories/upload').map((e) => e.externalId)).not.toContain(SEED_IDS.items.tshirt);
				expect(result.output(STOCK)[0].json).toMatchObject({ notFoundOffers: [] });
				expect(result.rows(GET_BALANCES).find((row) => row.offerKey === SCARF_KEY && row.warehouseRef === MAIN)).toMatchObject({ quantity: 3, itemLevelQuantity: 2 });
				const hints = (result.run.data.resultData.runData[GET_BALANCES][0] as { hints?: Array<{ message: string }> }).hints ?? [];
				expect(hints.map((h) => h.message).join(' ')).toMatch(/2 balance\(s\) 1C holds without a characteristic .*1 moved to the item's only characteristic, 1 left out/);
			});

			it('the direct template: the scarf\'s 2 reach its only offer (3), the T-shirt\'s 4 are left out, a hint says so; with "Leave Out" only its own 1', async () => {
				const node = directTemplate.nodes.find((n) => n.name === DIRECT)!.parameters as IDataObject;
				const result = await runWorkflow(directTemplate, { credentials, staticData, trigger: 'Run Now' });
				expect(result.error()).toBeUndefined();
				expect(offer(SCARF_KEY).stocks.main.available).toBe(3);
				expect(sent('store/inventories/upload').map((e) => e.externalId)).not.toContain(SEED_IDS.items.tshirt);
				expect(result.output(DIRECT)[0].json).toMatchObject({ stock: { notFoundOffers: [] } });
				const hints = (result.run.data.resultData.runData[DIRECT][0] as { hints?: Array<{ message: string }> }).hints ?? [];
				expect(hints.map((h) => h.message).join(' ')).toMatch(/2 balance\(s\) 1C holds without a characteristic .*1 moved to the item's only characteristic, 1 left out/);
				const dropped = await runWorkflow(directTemplate, {
					credentials,
					staticData: {},
					trigger: 'Run Now',
					patch: { [DIRECT]: { parameters: { ...node, options: { ...(node.options as IDataObject), itemLevelStock: 'drop' } } as INodeParameters } },
				});
				expect(dropped.error()).toBeUndefined();
				expect(offer(SCARF_KEY).stocks.main.available).toBe(1);
			});

			it('"Leave Out": only the scarf\'s own 1 goes to retailCRM', async () => {
				const result = await run({ [GET_BALANCES]: { parameters: { ...params(GET_BALANCES), options: { ...(params(GET_BALANCES).options as IDataObject), itemLevelStock: 'drop' } } } });
				expect(result.error()).toBeUndefined();
				expect(offer(SCARF_KEY).stocks.main.available).toBe(1);
				expect(result.output(STOCK)[0].json).toMatchObject({ notFoundOffers: [] });
			});
		});
	});

	describe('failed batches, a store or price type gone from the mapping, duplicate price codes, items marked for deletion', () => {
		const GB = '1C: Get Balances';
		const GP = '1C: Get Prices';
		type Nodes = { nodes: Array<{ name: string; parameters: unknown }> };
		const parameters = (t: Nodes, name: string) => t.nodes.find((n) => n.name === name)!.parameters as IDataObject;
		const direct = (patch?: Parameters<typeof runWorkflow>[1]['patch'], apiKey = crm.keys.integration) =>
			runWorkflow(directTemplate, { credentials: { ...credentials, retailCrmApi: { url: crm.url, apiKey } }, staticData, trigger: 'Run Now', patch });
		const hintsOf = (r: RunResult, node: string) => ((r.run.data.resultData.runData[node]?.[0] as { hints?: Array<{ message: string }> }).hints ?? []).map((h) => h.message).join(' ');
		const attempts = (path: string) => crm.requests().filter((r) => r.path === `/api/v5/${path}`);

		it('a key without store_write: every upload is refused and both templates\' runs fail naming the 403, the direct one after both parts ran', async () => {
			const fourNode = await runWorkflow(template, { credentials: { ...credentials, retailCrmApi: { url: crm.url, apiKey: crm.keys.readonly } }, staticData, trigger: 'Run Now' });
			const error = fourNode.error() as Error & { description?: string };
			expect(error?.message).toMatch(/^retailCRM did not take 1 upload batch \(1 of 1 to store\/inventories\/upload\): .*Access denied.*403/);
			expect(error.description).toContain('sent again next run');
			expect(`${error.message} ${error.description}`).not.toContain(crm.keys.readonly);
			crm.clearRequests();
			staticData = {};
			const both = (await direct(undefined, crm.keys.readonly)).error() as Error & { description?: string };
			expect(both?.message).toMatch(/^retailCRM did not take 2 upload batches \(1 of 1 to store\/inventories\/upload, 1 of 1 to store\/prices\/upload\): .*403/);
			expect(both.description).toMatch(/store\/inventories\/upload batch 1 \(6 offers\): .*Access denied[\s\S]*store\/prices\/upload batch 1/);
			expect(attempts('store/prices/upload').map((r) => r.status)).toEqual([403]);
			expect(offer(JEANS48_KEY).stocks).toEqual({});
		});

		it('a 503 that recovers within the retries still succeeds (direct template)', async () => {
			crm.injectFault({ status: 503, count: 2, match: { path: '/api/v5/store/inventories/upload' } });
			crm.injectFault({ status: 503, count: 1, match: { path: '/api/v5/store/prices/upload' } });
			const result = await direct();
			expect(result.error()).toBeUndefined();
			expect(offer(JEANS48_KEY).stocks.main.available).toBe(23);
			expect(offer(JEANS48_KEY).prices.base).toBe(300);
		}, 30_000);

		it.each([
			['four-node', (p: Parameters<typeof runWorkflow>[1]['patch']) => run(p), { [STOCK]: { parameters: { ...parameters(template, STOCK), options: { batchSize: 1, fullResendHours: 24 } } } }],
			['direct', (p: Parameters<typeof runWorkflow>[1]['patch']) => direct(p), { [DIRECT]: { parameters: { ...parameters(directTemplate, DIRECT), options: { ...(parameters(directTemplate, DIRECT).options as IDataObject), batchSize: 1 } } } }],
		] as const)('%s: after a partly failed run the next run sends only the refused batch', async (name, go, patch) => {
			crm.injectFault({ status: 500, count: 1, match: { path: '/api/v5/store/inventories/upload' } });
			const first = await go(patch);
			expect(first.error()?.message).toMatch(/^retailCRM did not take 1 upload batch \(1 of 6 to store\/inventories\/upload\)/);
			const refused = JSON.parse(String(attempts('store/inventories/upload').find((r) => r.status === 500)!.form.offers)) as Json[];
			expect(offer(JEANS50_KEY).stocks.main.available).toBe(41);
			crm.clearRequests();
			const next = await go(patch);
			expect(next.error()).toBeUndefined();
			expect(attempts('store/inventories/upload')).toHaveLength(1);
			expect(sent('store/inventories/upload')).toEqual(refused);
			// The direct node's price part was taken whole in the first run: nothing again. (The four-node run stopped at the stock.)
			if (name === 'direct') expect(attempts('store/prices/upload')).toHaveLength(0);
		}, 30_000);

		it('four-node: a warehouse dropped from Get Balances and the mapping gets 0 on every offer once (with a hint), then is forgotten', async () => {
			expect((await run()).error()).toBeUndefined();
			expect(offer(JEANS48_KEY).stocks.showroom.available).toBe(1);
			const patch = {
				[GB]: { parameters: { ...parameters(template, GB), warehouses: [MAIN] } as INodeParameters },
				[STOCK]: { parameters: { ...parameters(template, STOCK), warehouseMapping: { mappings: [{ warehouse: MAIN, store: 'main' }] }, options: { batchSize: 250, fullResendHours: 0 } } as INodeParameters },
			};
			crm.clearRequests();
			const dropped = await run(patch);
			expect(dropped.error()).toBeUndefined();
			expect(sent('store/inventories/upload').find((e) => e.externalId === JEANS48_KEY)).toEqual({ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 23 }, { code: 'showroom', available: 0 }] });
			expect(sent('store/inventories/upload').every((e) => (e.stores as Json[]).some((store) => store.code === 'showroom' && store.available === 0))).toBe(true);
			expect(offer(JEANS48_KEY).stocks.showroom.available).toBe(0);
			expect(hintsOf(dropped, STOCK)).toContain('Store "showroom" left the warehouse mapping since the last upload');
			expect(dropped.output(STOCK)[0].json).toMatchObject({ droppedCodes: ['showroom'] });
			crm.clearRequests();
			const after = await run(patch);
			expect(after.error()).toBeUndefined();
			expect(sent('store/inventories/upload').length).toBeGreaterThan(0);
			expect(JSON.stringify(sent('store/inventories/upload'))).not.toContain('showroom');
			expect(hintsOf(after, STOCK)).not.toContain('left the warehouse mapping');
		});

		it('four-node: a price type gone from the mapping is removed from every offer once', async () => {
			expect((await run()).error()).toBeUndefined();
			expect(offer(JEANS48_KEY).prices.base).toBe(300);
			const patch = {
				[GP]: { parameters: { ...parameters(template, GP), priceTypes: [SEED_IDS.priceTypes.wholesaleCalculated] } as INodeParameters },
				[PRICES]: { parameters: { ...parameters(template, PRICES), priceTypeMapping: { mappings: [{ priceType: SEED_IDS.priceTypes.wholesaleCalculated, crmPriceType: 'wholesale' }] } } as INodeParameters },
			};
			crm.clearRequests();
			const moved = await run(patch);
			expect(moved.error()).toBeUndefined();
			expect(sent('store/prices/upload').find((e) => e.externalId === JEANS48_KEY)?.prices).toEqual([{ code: 'base', remove: true }, expect.objectContaining({ code: 'wholesale' })]);
			expect(offer(JEANS48_KEY).prices.base).toBeUndefined();
			expect(hintsOf(moved, PRICES)).toContain('Price type "base" left the price type mapping');
			crm.clearRequests();
			await run(patch);
			expect(JSON.stringify(sent('store/prices/upload'))).not.toContain('"base"');
		});

		it('direct: a warehouse no longer read gets 0 on every offer once, then is forgotten', async () => {
			expect((await direct()).error()).toBeUndefined();
			const patch = { [DIRECT]: { parameters: { ...parameters(directTemplate, DIRECT), warehouses: [MAIN], warehouseMapping: { mappings: [{ warehouse: MAIN, store: 'main' }] } } as INodeParameters } };
			crm.clearRequests();
			const dropped = await direct(patch);
			expect(dropped.error()).toBeUndefined();
			expect(offer(JEANS48_KEY).stocks.showroom.available).toBe(0);
			expect(sent('store/inventories/upload').find((e) => e.externalId === JEANS48_KEY)).toEqual({ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 23 }, { code: 'showroom', available: 0 }] });
			expect(hintsOf(dropped, DIRECT)).toContain('Store "showroom" left the warehouse mapping');
			crm.clearRequests();
			await direct(patch);
			expect(attempts('store/inventories/upload')).toHaveLength(0);
		});

		it.each([
			[SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.wholesaleCalculated],
			[SEED_IDS.priceTypes.wholesaleCalculated, SEED_IDS.priceTypes.retail],
		])('two 1C price types mapped to one retailCRM code are refused in both templates (%s first)', async (a, b) => {
			const mapping = { mappings: [a, b].map((priceType) => ({ priceType, crmPriceType: 'base' })) };
			const fourNode = await run({
				[GP]: { parameters: { ...parameters(template, GP), priceTypes: [a, b] } as INodeParameters },
				[PRICES]: { parameters: { ...parameters(template, PRICES), priceTypeMapping: mapping } as INodeParameters },
			});
			const said = `The retailCRM price type "base" is mapped from two 1C price types ("${a}" and "${b}")`;
			expect(fourNode.error()?.message).toBe(said);
			const one = await direct({ [DIRECT]: { parameters: { ...parameters(directTemplate, DIRECT), priceTypes: [a, b], priceTypeMapping: mapping } as INodeParameters } });
			expect(one.error()?.message).toBe(said);
			expect(attempts('store/prices/upload')).toHaveLength(0);
		});

		it('an item marked for deletion in 1C: neither its stock nor its zeros nor its price are sent', async () => {
			const items = onec.state.store;
			const jeans = items.get('Catalog_Номенклатура', SEED_IDS.items.jeans48)!;
			items.put('Catalog_Номенклатура', { ...jeans, DeletionMark: true });
			expect((await run()).error()).toBeUndefined();
			expect(sent('store/inventories/upload').map((e) => e.externalId)).not.toContain(JEANS48_KEY);
			expect(sent('store/prices/upload').map((e) => e.externalId)).not.toContain(JEANS48_KEY);
			expect(sent('store/inventories/upload').map((e) => e.externalId)).toContain(JEANS50_KEY);
			await sell(SEED_IDS.items.jeans48, 23);
			crm.clearRequests();
			await run();
			expect(sent('store/inventories/upload').map((e) => e.externalId)).not.toContain(JEANS48_KEY);
			crm.clearRequests();
			staticData = {};
			expect((await direct()).error()).toBeUndefined();
			expect(sent('store/inventories/upload').map((e) => e.externalId)).not.toContain(JEANS48_KEY);
			expect(offer(JEANS48_KEY).stocks).toEqual({});
		});
	});

	describe('the direct template: code checks before the catalog read, the record of unchanged prices after later changes in 1C', () => {
		/** The direct node's parameters as shipped. */
		const shipped = directTemplate.nodes.find((n) => n.name === DIRECT)!.parameters as IDataObject;
		const direct = (parameters: IDataObject = {}) =>
			runWorkflow(directTemplate, {
				credentials,
				staticData,
				trigger: 'Run Now',
				patch: { [DIRECT]: { parameters: { ...shipped, ...parameters } as INodeParameters } },
			});
		const summary = (r: RunResult) => r.output(DIRECT)[0].json as { priceInputs: string; stock: Json; prices: Json };
		const oneCPaths = (from: number) => onec.state.log.slice(from).map((r) => decodeURIComponent(r.path.replace(/^.*\/odata\/standard\.odata\//, '')));
		const store = () => onec.state.store;
		/** «Розничная» on retailCRM's base price and «Оптовая (расчетная)» (kept without VAT) on its wholesale price. */
		const withWholesale = {
			priceTypes: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.wholesaleCalculated],
			priceTypeMapping: {
				mappings: [
					{ priceType: SEED_IDS.priceTypes.retail, crmPriceType: 'base' },
					{ priceType: SEED_IDS.priceTypes.wholesaleCalculated, crmPriceType: 'wholesale' },
				],
			},
		};

		it.each([
			['store', { warehouseMapping: { mappings: [{ warehouse: MAIN, store: 'warehouse-1' }, { warehouse: SEED_IDS.warehouses.retail, store: 'showroom' }] } }, /Unknown retailCRM store code "warehouse-1"/],
			['price type', { priceTypeMapping: { mappings: [{ priceType: SEED_IDS.priceTypes.retail, crmPriceType: 'retail' }] } }, /Unknown retailCRM price type code "retail"/],
		])('a wrong %s code stops the run before the catalog, the balances or the prices are read in 1C, and nothing is uploaded', async (_kind, wrong, message) => {
			const from = onec.state.log.length;
			const result = await direct(wrong);
			expect(result.error()?.message).toMatch(message);
			const read = oneCPaths(from);
			expect(read.filter((path) => /Catalog_Номенклатура|Balance|SliceLast/.test(path))).toEqual([]);
			expect(crm.requests().filter((r) => r.method === 'POST')).toEqual([]);
			// As shipped, the same run reads them.
			const asShipped = await direct();
			expect(asShipped.error()).toBeUndefined();
			expect(oneCPaths(from).some((path) => path.startsWith('Catalog_Номенклатура'))).toBe(true);
		});

		it('reads the catalog once for both parts, its items without codes, articles and names (upload rows show none)', async () => {
			const from = onec.state.log.length;
			expect((await direct()).error()).toBeUndefined();
			const catalog = onec.state.log.slice(from).filter((r) => r.path.endsWith('Catalog_Номенклатура'));
			const items = catalog.filter((r) => String(r.query.$filter).includes('IsFolder eq false'));
			expect(catalog.filter((r) => String(r.query.$filter) === 'IsFolder eq true')).toHaveLength(1);
			expect(items).toHaveLength(1);
			const fields = String(items[0].query.$select).split(',');
			expect(fields).toEqual(expect.arrayContaining(['Ref_Key', 'Parent_Key', 'СтавкаНДС']));
			for (const name of ['Code', 'Description', 'Артикул', 'НаименованиеПолное']) expect(fields).not.toContain(name);
		});

		it('offers retailCRM did not find: no record is kept, so the next run reads the prices again and sends them; once imported they are recorded, then compared', async () => {
			crm.reset('seed');
			crm.importIcml(seedCatalogIcml('jeans'));
			const others = OTHER_OFFERS.map(([key]) => key).sort();
			const pricesSent = () => sent('store/prices/upload').map((e) => String(e.externalId)).sort();
			for (let run = 1; run <= 2; run++) {
				crm.clearRequests();
				const result = await direct();
				expect(result.error()).toBeUndefined();
				expect(summary(result).priceInputs).toBe('read');
				expect(summary(result).prices).toMatchObject({ notFound: 4, notFoundOffers: others });
				// The first run sends every offer; the next only those retailCRM did not find, their prices read again.
				expect(pricesSent()).toEqual(run === 1 ? [JEANS48_KEY, JEANS50_KEY, ...others].sort() : others);
			}
			crm.importIcml(seedCatalogIcml('all'));
			crm.clearRequests();
			const found = await direct();
			expect(summary(found)).toMatchObject({ priceInputs: 'recorded', prices: { notFound: 0 } });
			expect(pricesSent().length).toBeGreaterThan(0);
			expect(pricesSent().every((key) => others.includes(key))).toBe(true);
			crm.clearRequests();
			const next = await direct();
			expect(summary(next)).toMatchObject({ priceInputs: 'unchanged', prices: { batches: 0 } });
			expect(crm.requests().filter((r) => r.method === 'POST')).toEqual([]);
		});

		it('a refused price batch: no record is kept, so the next run reads the prices again and sends the refused batch alone', async () => {
			const oneByOne = { options: { ...(shipped.options as IDataObject), batchSize: 1 } };
			crm.injectFault({ status: 500, count: 1, match: { path: '/api/v5/store/prices/upload' } });
			const first = await direct(oneByOne);
			expect(first.error()?.message).toMatch(/^retailCRM did not take 1 upload batch \(1 of 6 to store\/prices\/upload\)/);
			const refused = crm.requests().filter((r) => r.path === '/api/v5/store/prices/upload' && r.status === 500);
			expect(refused).toHaveLength(1);
			crm.clearRequests();
			const next = await direct(oneByOne);
			expect(next.error()).toBeUndefined();
			expect(summary(next)).toMatchObject({ priceInputs: 'recorded', prices: { offersSent: 1, batches: 1 } });
			expect(sent('store/prices/upload')).toEqual(JSON.parse(String(refused[0].form.prices)));
			expect(summary(await direct(oneByOne))).toMatchObject({ priceInputs: 'unchanged' });
		});

		it('after an unchanged run, a VAT rate changed on an item in 1C reaches retailCRM: the prices are read again and that offer is sent', async () => {
			expect((await direct(withWholesale)).error()).toBeUndefined();
			expect(offer(JEANS48_KEY).prices).toEqual({ base: 300, wholesale: 248.4 });
			crm.clearRequests();
			expect(summary(await direct(withWholesale))).toMatchObject({ priceInputs: 'unchanged', prices: { batches: 0 } });
			// 20 % → 10 %: «Оптовая (расчетная)» 207 net becomes 227.70.
			store().put('Catalog_Номенклатура', { ...store().get('Catalog_Номенклатура', SEED_IDS.items.jeans48)!, СтавкаНДС: 'НДС10' });
			crm.clearRequests();
			const changed = await direct(withWholesale);
			expect(changed.error()).toBeUndefined();
			expect(summary(changed)).toMatchObject({ priceInputs: 'recorded', prices: { offersSent: 1 } });
			expect(sent('store/prices/upload').map((e) => e.externalId)).toEqual([JEANS48_KEY]);
			expect(offer(JEANS48_KEY).prices).toEqual({ base: 300, wholesale: 227.7 });
		});

		it('after an unchanged run, a unit\'s coefficient changed in 1C reaches retailCRM: a price per box of 10 is priced per piece again', async () => {
			await oneC.prices({ period: '2025-03-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 3000, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Box, Валюта_Key: SEED_IDS.currencies.rub }] });
			expect((await direct()).error()).toBeUndefined();
			expect(offer(JEANS48_KEY).prices.base).toBe(300);
			expect(summary(await direct())).toMatchObject({ priceInputs: 'unchanged' });
			store().put('Catalog_ЕдиницыИзмерения', { ...store().get('Catalog_ЕдиницыИзмерения', SEED_IDS.units.jeans48Box)!, Коэффициент: 12 });
			crm.clearRequests();
			const changed = await direct();
			expect(changed.error()).toBeUndefined();
			expect(summary(changed)).toMatchObject({ priceInputs: 'recorded', prices: { offersSent: 1 } });
			expect(offer(JEANS48_KEY).prices.base).toBe(250);
		});

		it('after an unchanged run, other settings (VAT → As in 1C) or a full resend due read the prices again', async () => {
			expect((await direct(withWholesale)).error()).toBeUndefined();
			expect(summary(await direct(withWholesale))).toMatchObject({ priceInputs: 'unchanged' });
			const asIs = await direct({ ...withWholesale, options: { ...(shipped.options as IDataObject), vat: 'asIs' } });
			expect(summary(asIs)).toMatchObject({ priceInputs: 'recorded', prices: { fullResend: false } });
			expect(offer(JEANS48_KEY).prices.wholesale).toBe(207);
			expect(summary(await direct(withWholesale))).toMatchObject({ priceInputs: 'recorded' });
			expect(summary(await direct(withWholesale))).toMatchObject({ priceInputs: 'unchanged' });
			// The last full resend 25 hours ago (Full Resend Every 24 hours, as shipped).
			const states = Object.values(staticData).map((data) => (data as IDataObject)['changeHashes:uploadPrices'] as IDataObject | undefined).filter((state) => state !== undefined);
			expect(states).toHaveLength(1);
			states[0]!.lastFullAt = new Date(Date.now() - 25 * 3_600_000).toISOString();
			crm.clearRequests();
			const due = await direct(withWholesale);
			expect(summary(due)).toMatchObject({ priceInputs: 'recorded', prices: { fullResend: true, offersSent: 6 } });
		});

		it('after an unchanged run, a new exchange rate in 1C reaches retailCRM: a dollar price type is converted at it', async () => {
			const usdType = '5eed0005-0000-4000-8000-0000000000a1';
			store().put('Catalog_ТипыЦенНоменклатуры', { Ref_Key: usdType, Code: '000000009', Description: 'Розничная USD', ВалютаЦены_Key: SEED_IDS.currencies.usd, ЦенаВключаетНДС: true, ПорядокОкругления: 'Окр0_01' });
			await oneC.prices({ period: '2025-02-01T00:00:00', records: [{ ТипЦен_Key: usdType, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 5, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.usd }] });
			const usd = { priceTypes: [usdType], priceTypeMapping: { mappings: [{ priceType: usdType, crmPriceType: 'base' }] } };
			expect((await direct(usd)).error()).toBeUndefined();
			expect(offer(JEANS48_KEY).prices.base).toBe(450);
			expect(summary(await direct(usd))).toMatchObject({ priceInputs: 'unchanged' });
			store().put('InformationRegister_КурсыВалют', { Period: '2025-06-01T00:00:00', Валюта_Key: SEED_IDS.currencies.usd, Курс: 95, Кратность: 1 });
			crm.clearRequests();
			const changed = await direct(usd);
			expect(changed.error()).toBeUndefined();
			expect(summary(changed)).toMatchObject({ priceInputs: 'recorded', prices: { offersSent: 1 } });
			expect(offer(JEANS48_KEY).prices.base).toBe(475);
		});
	});
});
