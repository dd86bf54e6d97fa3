/**
 * `npm run bench:stock-memory`: how much of the heap the direct stock mode's core (Stock Upload → Upload Stock and
 * Prices from 1C, nodes/core/sync/stock/stock-and-prices-from-onec.ts) keeps alive, and which part holds it, at
 * 300,000 offers by default (3 warehouses, 2 price types, the direct template's settings: folders, Include Zero Stock,
 * a currency, VAT added). The numbers say what a run needs beyond n8n's own heap, which `bench:scale` cannot show: its
 * RSS is mostly what V8 chose to leave uncollected.
 *
 * The 1C sandbox runs in a child process (its fixture and answers would count otherwise); retailCRM is a stand-in
 * that accepts every batch at once (what is measured is memory, not pacing). The heap is read after a forced full
 * collection, so run it with `--expose-gc` (the npm script does):
 *   1. each read alone, the result kept: the catalog scope (without item names, as the direct mode reads it), the balance rows (Upload Fields Only), the price rows;
 *      then both uploads planned from those rows and the rows let go (what waits for the pacer while an upload runs);
 *   2. two whole runs (every offer sent, then nothing changed), the heap sampled every `--sample-ms` (default 2,000: each sample is a full collection of a
 *      heap of several hundred MB, and at 500 a 300,000-offer run took 615 s instead of about 100). `--sample-ms 0`
 *      samples nothing: the runs' wall and CPU times are then the core's own (this process's CPU time, and the 1C
 *      sandbox process's printed apart), which is what the unchanged run's time budget is about.
 *
 *   npm run bench:stock-memory [-- --offers 300000] [--sample-ms 500|0]
 * Not part of `npm test`.
 */
import { emptyChangeHashState } from '../nodes/core/sync/crm-upload/change-hashes';
import { readCatalogScope } from '../nodes/core/sync/onec-read/catalog-scope';
import { getPrices } from '../nodes/core/sync/prices/get-prices';
import { getBalances } from '../nodes/core/sync/stock/get-balances';
import { planStockUpload } from '../nodes/core/sync/stock/stock-upload';
import { planPriceUpload } from '../nodes/core/sync/prices/price-upload';
import { uploadStockAndPricesFromOneC, type StockAndPricesClient, type StockAndPricesOptions } from '../nodes/core/sync/stock/stock-and-prices-from-onec';
import { sandboxClient } from '../test/integration/onec/sandbox-helpers';
import { largeSizeForOffers } from '../test/sandboxes/onec/fixtures/large';
import { SEED_IDS } from '../test/sandboxes/onec/fixtures/seed';
import { startOneCSandboxChild } from '../test/sandboxes/onec/child';
import { ProcessSampler } from '../scripts/harness/server-run';
import { arg, liveHeapMb, offersArg } from './live-heap';

const OFFERS = offersArg();
const SAMPLE_MS = Number(arg('sample-ms') ?? 2000);

async function main(): Promise<void> {
	console.log(`bench:stock-memory on Node ${process.version}: ${OFFERS.toLocaleString('en')} offers, the 1C sandbox in a child process (building its fixture)…`);
	const sandbox = await startOneCSandboxChild(largeSizeForOffers(OFFERS));
	try {
		const warehouses = [SEED_IDS.warehouses.main, String(sandbox.warehouseRefByCode.get('000000010')), String(sandbox.warehouseRefByCode.get('000000011'))];
		const onec = sandboxClient(sandbox).client;
		const sandboxCpu = new ProcessSampler(sandbox.pid);
		const folderRefs = [SEED_IDS.items.goodsFolder];
		const priceTypeRefs = [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.purchase];
		const prices = { priceTypeRefs, currencyRef: SEED_IDS.currencies.rub, vat: 'gross' as const };

		console.log('1. Each read alone, its result kept (live heap after a full collection):');
		const base = liveHeapMb();
		let t = Date.now();
		const scope = await readCatalogScope(onec, { folderRefs, characteristics: true, names: false });
		const afterScope = liveHeapMb();
		console.log(`   catalog scope (${scope.items.size.toLocaleString('en')} items, ${(scope.characteristics ?? []).length.toLocaleString('en')} characteristics): +${(afterScope - base).toFixed(0)} MB, ${((Date.now() - t) / 1000).toFixed(1)} s`);
		t = Date.now();
		const balances = await getBalances(onec, { warehouseRefs: warehouses, includeZeroStock: true, folderRefs, scope, rowFields: 'upload' });
		const afterBalances = liveHeapMb();
		console.log(`   balance rows (${balances.items.length.toLocaleString('en')}): +${(afterBalances - afterScope).toFixed(0)} MB, ${((Date.now() - t) / 1000).toFixed(1)} s`);
		t = Date.now();
		const priceRows = await getPrices(onec, { ...prices, folderRefs, scope, rowFields: 'upload' });
		const afterPrices = liveHeapMb();
		console.log(`   price rows (${priceRows.items.length.toLocaleString('en')}): +${(afterPrices - afterBalances).toFixed(0)} MB, ${((Date.now() - t) / 1000).toFixed(1)} s`);

		let sent = 0;
		const accept = async (batch: readonly unknown[]) => {
			sent += batch.length;
			return { success: true, processedOffersCount: batch.length, notFoundOffers: [] };
		};
		const crm = {
			stores: async () => ['main', 'a', 'b'].map((code) => ({ code, name: code, inventoryType: 'integer' })),
			priceTypes: async () => ['base', 'wholesale'].map((code) => ({ code, name: code })),
			uploadInventories: accept,
			uploadPrices: accept,
		} as unknown as StockAndPricesClient;
		const storeCodes = new Map(warehouses.map((ref, i) => [ref, ['main', 'a', 'b'][i]]));
		const priceCodes = new Map([[priceTypeRefs[0], 'base'], [priceTypeRefs[1], 'wholesale']]);

		// Each upload planned from those rows (every offer to send, as a first run), the rows then let go: what waits
		// for the pacer until the upload's last batch (core/sync/crm-upload/held-batches.ts).
		const planned = await planBoth(crm, balances.items, priceRows.items, storeCodes, priceCodes);
		console.log(`   the two uploads planned (${planned.batches.join(' + ')} batches), their rows let go: ${(planned.liveMb - afterScope).toFixed(0)} MB over the scope`);

		// What the whole run needs, the parts above let go first.
		scope.items.clear();
		scope.characteristics = undefined;
		const options: StockAndPricesOptions = {
			balances: { warehouseRefs: warehouses, includeZeroStock: true, itemLevelStock: 'singleOffer' },
			prices,
			folderRefs,
			stock: { mapping: storeCodes, skipUnmapped: false, state: emptyChangeHashState() },
			priceTypes: { mapping: priceCodes, skipUnmapped: false, state: emptyChangeHashState() },
			upload: { identifierKind: 'externalId', batchSize: 250, onlyChanged: true, now: Date.now(), fullResendHours: 24, dryRun: false },
		};
		console.log(SAMPLE_MS > 0 ? `2. Whole runs (live heap sampled every ${SAMPLE_MS} ms, over the heap before the run):` : '2. Whole runs (no heap sampled: wall and CPU time of the core alone):');
		for (const label of ['every offer sent', 'nothing changed']) {
			const before = liveHeapMb();
			let peak = 0;
			const sampler = SAMPLE_MS > 0 ? setInterval(() => (peak = Math.max(peak, liveHeapMb() - before)), SAMPLE_MS) : undefined;
			sent = 0;
			t = Date.now();
			const cpuBefore = process.cpuUsage();
			const sandboxCpuBefore = sandboxCpu.cpuMs();
			try {
				const report = await uploadStockAndPricesFromOneC(onec, crm, options);
				const cpu = process.cpuUsage(cpuBefore);
				const sandboxCpuS = (sandboxCpu.cpuMs() - sandboxCpuBefore) / 1000;
				const seconds = ((Date.now() - t) / 1000).toFixed(1);
				const measured = SAMPLE_MS > 0 ? `peak +${peak.toFixed(0)} MB live, ${seconds} s (collections included)` : `${seconds} s, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU in this process, ${sandboxCpuS.toFixed(1)} s in the 1C sandbox's`;
				console.log(
					`   ${label}: ${measured}; ${report.balanceRowsRead.toLocaleString('en')} balance and ${report.priceRowsRead.toLocaleString('en')} price rows read, ${sent.toLocaleString('en')} upload elements sent (stock and prices)`,
				);
			} finally {
				if (sampler !== undefined) clearInterval(sampler);
			}
		}
	} finally {
		await sandbox.close();
	}
}

/** Plans both uploads from the rows, empties the row lists and reads the live heap while the plans are held. */
async function planBoth(
	crm: StockAndPricesClient,
	balanceRows: Parameters<typeof planStockUpload>[1]['rows'],
	priceRows: Array<{ offerKey: string; priceTypeRef: string; priceTypeName: string; price: number }>,
	storeCodes: Map<string, string>,
	priceCodes: Map<string, string>,
): Promise<{ batches: number[]; liveMb: number }> {
	const plan = { identifierKind: 'externalId' as const, batchSize: 250, onlyChanged: true, now: Date.now(), fullResendHours: 24 };
	const stockPlan = await planStockUpload(crm, { ...plan, rows: balanceRows, storeCodeByWarehouse: storeCodes, state: emptyChangeHashState() });
	const typeNames = new Map(priceRows.map((row) => [row.priceTypeRef, row.priceTypeName]));
	const pricePlan = await planPriceUpload(crm, { ...plan, rows: priceRows, priceCodeByType: priceCodes, priceTypeNames: typeNames, state: emptyChangeHashState() });
	(balanceRows as unknown[]).length = 0;
	priceRows.length = 0;
	const liveMb = liveHeapMb();
	return { batches: [stockPlan.batches, pricePlan.batches], liveMb };
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
