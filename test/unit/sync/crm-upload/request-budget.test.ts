/**
 * Request budget of flow 2 at core level against the retailCRM sandbox (rate limit off, client pacing raised, so
 * the test measures counts, not time): 100,000 offers on 3 warehouses take exactly ceil(100000/250) = 400
 * inventory requests, the same for prices, and an unchanged re-run with Only Changed sends no upload at all.
 */
import { Pacer } from '../../../../nodes/core/http/pacer';
import { RetailCrmClient } from '../../../../nodes/core/retailcrm/client';
import { emptyChangeHashState } from '../../../../nodes/core/sync/crm-upload/change-hashes';
import type { InventoryInputRow } from '../../../../nodes/core/sync/stock/inventory-batches';
import type { PriceInputRow } from '../../../../nodes/core/sync/prices/price-batches';
import { uploadPrices } from '../../../../nodes/core/sync/prices/price-upload';
import { uploadStock } from '../../../../nodes/core/sync/stock/stock-upload';
import { createAxiosTransport, realClock } from '../../../helpers/axios-transport';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../../../sandboxes/retailcrm/server';
import { guid, seededRandom } from '../stock/fixtures';

const OFFERS = 100_000;
const WAREHOUSES = [guid(7, 1), guid(7, 2), guid(7, 3)];
const STORE_BY_WAREHOUSE = { [WAREHOUSES[0]]: 'main', [WAREHOUSES[1]]: 'showroom', [WAREHOUSES[2]]: 'outlet' };
const RETAIL = guid(8, 1);
const WHOLESALE = guid(8, 2);
const offerKey = (n: number) => guid(9, n + 1);

describe('request budget: 100,000 offers on 3 warehouses', () => {
	let sandbox: RetailCrmSandbox;
	let client: RetailCrmClient;
	let stockRows: InventoryInputRow[];
	let priceRows: PriceInputRow[];

	beforeAll(async () => {
		sandbox = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
		const site = sandbox.state.offers[0].site;
		sandbox.state.stores.push({ code: 'outlet', name: 'Аутлет', type: 'store-type-retail', inventoryType: 'integer', active: true });
		for (let n = 0; n < OFFERS; n++) {
			sandbox.state.offers.push({
				id: 1000 + n,
				externalId: offerKey(n),
				productId: 1,
				site,
				name: `Товар ${n}`,
				active: true,
				vatRate: 'none',
				prices: {},
				stocks: {},
				properties: {},
			});
		}
		sandbox.reindex();
		client = new RetailCrmClient({
			baseUrl: sandbox.url,
			transport: createAxiosTransport({ 'X-API-KEY': sandbox.keys.integration }),
			clock: realClock,
			// The sandbox's rate limit is off; the default 8 requests/s would make this test take a minute.
			pacer: new Pacer(1_000_000, realClock),
		});
		const random = seededRandom(20261128);
		stockRows = [];
		priceRows = [];
		for (let n = 0; n < OFFERS; n++) {
			for (const warehouseRef of WAREHOUSES) stockRows.push({ offerKey: offerKey(n), warehouseRef, quantity: Math.floor(random() * 50) - 5 });
			const retail = Math.round(random() * 100_000) / 100;
			priceRows.push({ offerKey: offerKey(n), priceTypeRef: RETAIL, price: retail }, { offerKey: offerKey(n), priceTypeRef: WHOLESALE, price: retail * 0.8 });
		}
		// Rows reach the node as parsed JSON, whose strings are flat; template-literal GUIDs are ropes that every Map
		// look-up flattens again, which made this test twice as slow as a real run.
		stockRows = JSON.parse(JSON.stringify(stockRows)) as InventoryInputRow[];
		priceRows = JSON.parse(JSON.stringify(priceRows)) as PriceInputRow[];
	}, 60_000);
	afterAll(async () => sandbox.close());

	const uploadCalls = (path: string) => sandbox.requests().filter((r) => r.path === `/api/v5/${path}`);

	it('stock: 400 requests, then none for an unchanged re-run, then one per 250 changed offers', async () => {
		const state = emptyChangeHashState();
		sandbox.clearRequests();
		const base = { rows: stockRows, storeCodeByWarehouse: STORE_BY_WAREHOUSE, identifierKind: 'externalId' as const, onlyChanged: true, state };
		const first = await uploadStock(client, { ...base, now: Date.UTC(2026, 10, 28, 0, 0) });
		expect(uploadCalls('store/inventories/upload')).toHaveLength(Math.ceil(OFFERS / 250));
		expect(first).toMatchObject({ batches: 400, batchesSucceeded: 400, offersSent: OFFERS, processedOffersCount: OFFERS, notFoundOffers: [], failedBatches: [] });
		const sample = sandbox.state.offers.find((o) => o.externalId === offerKey(12_345))!;
		expect(Object.keys(sample.stocks).sort()).toEqual(['main', 'outlet', 'showroom']);
		expect(Math.min(...Object.values(sample.stocks).map((s) => s.available))).toBeGreaterThanOrEqual(0);

		sandbox.clearRequests();
		const rerun = await uploadStock(client, { ...base, now: Date.UTC(2026, 10, 28, 0, 15) });
		expect(uploadCalls('store/inventories/upload')).toHaveLength(0);
		expect(rerun).toMatchObject({ batches: 0, unchangedOffers: OFFERS });

		// 300 offers sold one piece on the first warehouse: 2 requests, each element carrying all its stores (one change hash per offer).
		const changed = stockRows.map((row, i) => (i % 3 === 0 && i / 3 < 300 ? { ...row, quantity: Math.max(0, row.quantity) + 1 } : row));
		sandbox.clearRequests();
		const partial = await uploadStock(client, { ...base, rows: changed, now: Date.UTC(2026, 10, 28, 0, 30) });
		const calls = uploadCalls('store/inventories/upload');
		expect(calls).toHaveLength(2);
		expect(partial.offersSent).toBe(300);
		const firstElement = JSON.parse(String(calls[0].form.offers))[0] as { stores: Array<{ code: string }> };
		expect(firstElement.stores.map((s) => s.code).sort()).toEqual(['main', 'outlet', 'showroom']);
	}, 120_000);

	it('prices: 400 requests, then none for an unchanged re-run', async () => {
		const state = emptyChangeHashState();
		sandbox.clearRequests();
		const base = {
			rows: priceRows,
			priceCodeByType: { [RETAIL]: 'base', [WHOLESALE]: 'wholesale' },
			identifierKind: 'externalId' as const,
			onlyChanged: true,
			state,
		};
		const first = await uploadPrices(client, { ...base, now: Date.UTC(2026, 10, 28, 0, 0) });
		expect(uploadCalls('store/prices/upload')).toHaveLength(Math.ceil(OFFERS / 250));
		expect(first).toMatchObject({ batches: 400, offersSent: OFFERS, processedOffersCount: OFFERS, failedBatches: [] });
		sandbox.clearRequests();
		await uploadPrices(client, { ...base, now: Date.UTC(2026, 10, 28, 0, 15) });
		expect(uploadCalls('store/prices/upload')).toHaveLength(0);
	}, 120_000);
});
