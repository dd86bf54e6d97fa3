/**
 * `npm run bench:icml-memory`: how much of the heap ICML Builder → Build From 1C (core/sync/catalog/icml-from-onec.ts)
 * keeps alive at 300,000 offers by default, with the direct ICML template's settings (a folder, barcodes, stock and
 * both prices joined, a currency, VAT added, grouping by name pattern). As `bench:stock-memory` does for the stock
 * mode: the numbers say what a run needs beyond n8n's own heap, which `bench:scale`'s RSS cannot show.
 *
 * The 1C sandbox runs in a child process (its fixture and answers would count otherwise). The heap is read after a
 * forced full collection, so run it with `--expose-gc` (the npm script does):
 *   1. the 1C read alone (Get Items with the join), its offer rows kept: what they hold per offer;
 *   2. two whole builds, the file written chunk by chunk as the node writes it, the live heap sampled every
 *      `--sample-ms` (default 2,000; 0 samples nothing) and read at the moment the read is complete (the rows held,
 *      before they become ICML offers).
 *
 *   `--timeline` prints each sample and the moment the read completes.
 *
 *   npm run bench:icml-memory [-- --offers 300000] [--sample-ms 2000|0] [--timeline]
 * Not part of `npm test`.
 */
import { DEFAULT_VARIANT_PATTERN } from '../nodes/core/icml/grouping';
import { getItems, type GetItemsOptions } from '../nodes/core/sync/catalog/get-items';
import { buildIcmlFromOneC } from '../nodes/core/sync/catalog/icml-from-onec';
import type { OneCClient } from '../nodes/core/onec/client';
import { sandboxClient } from '../test/integration/onec/sandbox-helpers';
import { startOneCSandboxChild } from '../test/sandboxes/onec/child';
import { largeSizeForOffers } from '../test/sandboxes/onec/fixtures/large';
import { SEED_IDS } from '../test/sandboxes/onec/fixtures/seed';
import { MB, arg, liveHeapMb, offersArg } from './live-heap';

const OFFERS = offersArg();
const SAMPLE_MS = Number(arg('sample-ms') ?? 2000);
const TIMELINE = process.argv.includes('--timeline');

async function main(): Promise<void> {
	console.log(`bench:icml-memory on Node ${process.version}: ${OFFERS.toLocaleString('en')} offers, the 1C sandbox in a child process (building its fixture)…`);
	const sandbox = await startOneCSandboxChild(largeSizeForOffers(OFFERS));
	try {
		const onec = sandboxClient(sandbox).client;
		// The direct ICML template's settings (workflows/1c-catalog-to-retailcrm-icml-direct.json).
		const read: GetItemsOptions = {
			folderRefs: [SEED_IDS.items.goodsFolder],
			includeBarcodes: true,
			join: {
				warehouseRefs: [SEED_IDS.warehouses.main],
				salePriceTypeRef: SEED_IDS.priceTypes.retail,
				purchasePriceTypeRef: SEED_IDS.priceTypes.purchase,
				currencyRef: SEED_IDS.currencies.rub,
				itemLevelStock: 'singleOffer',
				vat: 'gross',
				priceDetails: false,
			},
		};

		console.log('1. The 1C read alone, its rows kept (live heap after a full collection):');
		const base = liveHeapMb();
		let t = Date.now();
		const result = await getItems(onec, read);
		const afterRead = liveHeapMb();
		const rows = result.offers.length;
		console.log(
			`   ${rows.toLocaleString('en')} offer rows: +${(afterRead - base).toFixed(0)} MB (${(((afterRead - base) * MB) / rows).toFixed(0)} bytes an offer), ${((Date.now() - t) / 1000).toFixed(1)} s`,
		);
		result.offers = [];

		console.log(SAMPLE_MS > 0 ? `2. Whole builds (live heap sampled every ${SAMPLE_MS} ms, over the heap before the build):` : '2. Whole builds (no heap sampled):');
		for (const label of ['first build', 'second build']) {
			const build = await measuredBuild(onec, read);
			console.log(
				`   ${label}: ${build.offers.toLocaleString('en')} offers, ${(build.bytes / MB).toFixed(0)} MB written; the rows read +${build.atRead.toFixed(0)} MB live` +
					`${SAMPLE_MS > 0 ? `, sampled peak +${build.peak.toFixed(0)} MB` : ''}; ${build.seconds.toFixed(1)} s (collections included)`,
			);
		}
	} finally {
		await sandbox.close();
	}
}

/** One build, its file written chunk by chunk as the node writes it; only figures come back (nothing of it stays alive). */
async function measuredBuild(onec: OneCClient, read: GetItemsOptions): Promise<{ offers: number; bytes: number; atRead: number; peak: number; seconds: number }> {
	const before = liveHeapMb();
	const t = Date.now();
	let peak = 0;
	let atRead = 0;
	const at = () => `${((Date.now() - t) / 1000).toFixed(1)} s`;
	const sample = () => {
		const live = liveHeapMb() - before;
		peak = Math.max(peak, live);
		if (TIMELINE) console.log(`     ${at()}: +${live.toFixed(0)} MB`);
	};
	const sampler = SAMPLE_MS > 0 ? setInterval(sample, SAMPLE_MS) : undefined;
	try {
		const catalog = await buildIcmlFromOneC(onec, {
			read,
			shop: { name: 'Мой магазин', company: 'ИП Иванов И.И.' },
			date: new Date(),
			grouping: { mode: 'namePattern', pattern: DEFAULT_VARIANT_PATTERN },
			skipUnpriced: true,
			onRead: () => {
				atRead = liveHeapMb() - before;
				if (TIMELINE) console.log(`     ${at()}: read complete, +${atRead.toFixed(0)} MB`);
			},
		});
		const bytes = await catalog.build.writeTo(() => undefined);
		return { offers: catalog.build.stats.offers, bytes, atRead, peak, seconds: (Date.now() - t) / 1000 };
	} finally {
		if (sampler !== undefined) clearInterval(sampler);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
