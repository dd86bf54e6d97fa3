/**
 * Flow 2 end to end in n8n-core: the template workflows/1c-stock-and-prices-to-retailcrm.json against both
 * sandboxes (1C UT 10.3 OData and retailCRM), static data shared across runs as n8n keeps it for a scheduled
 * workflow. The retailCRM seed offers get the 1C offer keys as externalIds by an ICML import first (the retailCRM
 * seed leaves externalIds unset).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import template from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import { control } from '../integration/onec/sandbox-helpers';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { JEANS48_KEY, JEANS50_KEY, OTHER_OFFERS, seedCatalogIcml } from '../unit/stock-upload/seed-catalog';

const STOCK = 'retailCRM: Upload Stock';
const PRICES = 'retailCRM: Upload Prices';
const MAIN = SEED_IDS.warehouses.main;

type Json = Record<string, unknown>;

describe('template 1c-stock-and-prices-to-retailcrm in n8n-core against both sandboxes', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let oneC: ReturnType<typeof control>;
	let credentials: Record<string, ICredentialDataDecryptedObject>;
	let staticData: IDataObject;

	beforeAll(async () => {
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		oneC = control(onec);
		credentials = {
			retailCrmApi: { url: crm.url, apiKey: crm.keys.integration },
			oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password },
		};
	});
	afterAll(async () => {
		await crm.close();
		await onec.close();
	});
	beforeEach(async () => {
		await oneC.reset();
		crm.reset('seed');
		crm.importIcml(seedCatalogIcml('all'));
		// Start from a CRM that knows nothing of 1C's stock and prices, so every value below was uploaded.
		for (const offer of crm.state.offers) {
			offer.stocks = {};
			offer.prices = {};
		}
		crm.clearRequests();
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
		expect(sent('store/inventories/upload')).toEqual([{ externalId: JEANS48_KEY, stores: [{ code: 'main', available: 22 }] }]);
		expect(uploads('store/prices/upload')).toHaveLength(0);
		expect(offer(JEANS48_KEY).stocks.main.available).toBe(22);
		crm.clearRequests();

		await sell(SEED_IDS.items.jeans50, 41);
		await run();
		expect(sent('store/inventories/upload')).toEqual([{ externalId: JEANS50_KEY, stores: [{ code: 'main', available: 0 }] }]);
		expect(offer(JEANS50_KEY).stocks.main.available).toBe(0);
		crm.clearRequests();

		const unchanged = await run();
		expect(unchanged.error()).toBeUndefined();
		expect(crm.requests().filter((r) => r.path.endsWith('/upload'))).toHaveLength(0);
		expect(unchanged.output(STOCK)[0].json).toMatchObject({ batches: 0, offersSent: 0, unchangedOffers: 6 });
		expect(unchanged.output(PRICES)[0].json).toMatchObject({ batches: 0, offersSent: 0 });
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
		expect(notFound.every((i) => Array.isArray(i.pairedItem) && i.pairedItem.length === 2)).toBe(true);

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
});
