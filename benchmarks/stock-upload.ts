/**
 * `npm run bench:stock`: flow 2 at scale, core code against the retailCRM sandbox (its rate limit off, so the
 * figures are our own cost; with retailCRM's real limit the client paces at 8 requests/s, printed as an estimate).
 * Sandbox and client share this process, so time and memory include the sandbox's side. Prints request counts,
 * wall time, throughput and peak memory for a full upload of 100,000 offers on
 * 3 warehouses (stock) and 2 price types (prices), and for the unchanged re-run with "Only Changed".
 *   node -r @swc-node/register benchmarks/stock-upload.ts [--offers 100000]
 */
import { Pacer } from '../nodes/core/http/pacer';
import { DEFAULT_RATE_PER_SECOND, RetailCrmClient } from '../nodes/core/retailcrm/client';
import { emptyChangeHashState } from '../nodes/core/sync/crm-upload/change-hashes';
import type { InventoryInputRow } from '../nodes/core/sync/stock/inventory-batches';
import type { PriceInputRow } from '../nodes/core/sync/prices/price-batches';
import { uploadPrices } from '../nodes/core/sync/prices/price-upload';
import { uploadStock } from '../nodes/core/sync/stock/stock-upload';
import { createAxiosTransport, realClock } from '../test/helpers/axios-transport';
import { startRetailCrmSandbox } from '../test/sandboxes/retailcrm/server';
import { guid, seededRandom } from '../test/unit/sync/stock/fixtures';

const arg = process.argv.indexOf('--offers');
const OFFERS = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
const WAREHOUSES = [guid(7, 1), guid(7, 2), guid(7, 3)];
const STORES = { [WAREHOUSES[0]]: 'main', [WAREHOUSES[1]]: 'showroom', [WAREHOUSES[2]]: 'outlet' };
const RETAIL = guid(8, 1);
const WHOLESALE = guid(8, 2);
const offerKey = (n: number) => guid(9, n + 1);

let peakRss = 0;
const sampler = setInterval(() => {
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function measure<T>(what: string, run: () => Promise<T>, requests: () => number) {
	const before = requests();
	const rssBefore = process.memoryUsage().rss;
	peakRss = rssBefore;
	const started = process.hrtime.bigint();
	const result = await run();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const count = requests() - before;
	const paced = count / DEFAULT_RATE_PER_SECOND;
	console.log(
		`${what.padEnd(34)} | ${String(count).padStart(8)} | ${ms.toFixed(0).padStart(7)} | ${Math.round((OFFERS / ms) * 1000)
			.toLocaleString('en')
			.padStart(11)} | ${((peakRss - rssBefore) / 2 ** 20).toFixed(1).padStart(10)} | ${paced.toFixed(0).padStart(10)}`,
	);
	return result;
}

async function main() {
	const sandbox = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
	const site = sandbox.state.offers[0].site;
	sandbox.state.stores.push({ code: 'outlet', name: 'Аутлет', type: 'store-type-retail', inventoryType: 'integer', active: true });
	for (let n = 0; n < OFFERS; n++) {
		sandbox.state.offers.push({ id: 1000 + n, externalId: offerKey(n), productId: 1, site, name: `Товар ${n}`, active: true, vatRate: 'none', prices: {}, stocks: {}, properties: {} });
	}
	sandbox.reindex();
	const client = new RetailCrmClient({
		baseUrl: sandbox.url,
		transport: createAxiosTransport({ 'X-API-KEY': sandbox.keys.integration }),
		clock: realClock,
		pacer: new Pacer(1_000_000, realClock),
	});
	const random = seededRandom(20261128);
	let stockRows: InventoryInputRow[] = [];
	let priceRows: PriceInputRow[] = [];
	for (let n = 0; n < OFFERS; n++) {
		for (const warehouseRef of WAREHOUSES) stockRows.push({ offerKey: offerKey(n), warehouseRef, quantity: Math.floor(random() * 50) - 5 });
		const retail = Math.round(random() * 100_000) / 100;
		priceRows.push({ offerKey: offerKey(n), priceTypeRef: RETAIL, price: retail }, { offerKey: offerKey(n), priceTypeRef: WHOLESALE, price: retail * 0.8 });
	}
	// As n8n hands rows over: parsed JSON (flat strings).
	stockRows = JSON.parse(JSON.stringify(stockRows));
	priceRows = JSON.parse(JSON.stringify(priceRows));
	const path = (p: string) => () => sandbox.requests().filter((r) => r.path === `/api/v5/${p}`).length;
	const stockState = emptyChangeHashState();
	const priceState = emptyChangeHashState();
	const now = Date.UTC(2026, 10, 28);
	const stock = { rows: stockRows, storeCodeByWarehouse: STORES, identifierKind: 'externalId' as const, onlyChanged: true };
	const prices = { rows: priceRows, priceCodeByType: { [RETAIL]: 'base', [WHOLESALE]: 'wholesale' }, identifierKind: 'externalId' as const, onlyChanged: true };
	if (!sandbox.state.priceTypes.some((t) => t.code === 'wholesale')) {
		sandbox.state.priceTypes.push({ ...sandbox.state.priceTypes[0], id: 99, code: 'wholesale', name: 'Оптовая', default: false });
	}

	console.log(`Stock Upload core, ${OFFERS.toLocaleString('en')} offers × ${WAREHOUSES.length} warehouses, 2 price types; Node ${process.version}`);
	console.log(`${'run'.padEnd(34)} | requests | time ms | offers/s    | peak RSS↑ MB | s at 8 req/s`);
	console.log(`${'-'.repeat(34)}-|----------|---------|-------------|------------|-----------`);
	const first = await measure('stock: first full upload', () => uploadStock(client, { ...stock, state: stockState, now }), path('store/inventories/upload'));
	await measure('stock: unchanged re-run', () => uploadStock(client, { ...stock, state: stockState, now: now + 60_000 }), path('store/inventories/upload'));
	await measure('prices: first full upload', () => uploadPrices(client, { ...prices, state: priceState, now }), path('store/prices/upload'));
	await measure('prices: unchanged re-run', () => uploadPrices(client, { ...prices, state: priceState, now: now + 60_000 }), path('store/prices/upload'));
	console.log(`change-hash state for stock: ${(JSON.stringify(stockState).length / 2 ** 20).toFixed(2)} MB of JSON in static data`);
	console.log(`expected requests per full upload: ceil(${OFFERS}/250) = ${Math.ceil(OFFERS / 250)}; stock batches sent: ${first.batches}`);
	clearInterval(sampler);
	await sandbox.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
