/**
 * Batching shared by `store/inventories/upload` and `store/prices/upload`.
 * retailCRM documents 250 offers per request as the maximum (docs/retailcrm-api.md#stock-and-prices: UNVERIFIED as a hard
 * limit; the official modules use 50–250), so a batch size above 250 is refused rather than silently capped.
 */
export const MAX_UPLOAD_BATCH_SIZE = 250;

/** Throws a RangeError unless `size` is an integer in 1..250. */
export function validateBatchSize(size: number): number {
	if (!Number.isInteger(size) || size < 1 || size > MAX_UPLOAD_BATCH_SIZE) {
		throw new RangeError(`Batch size must be an integer from 1 to ${MAX_UPLOAD_BATCH_SIZE} offers, got ${String(size)}`);
	}
	return size;
}

/** Splits elements into consecutive batches of at most `size`, keeping their order. */
export function splitIntoBatches<T>(elements: readonly T[], size: number = MAX_UPLOAD_BATCH_SIZE): T[][] {
	validateBatchSize(size);
	const batches: T[][] = [];
	for (let start = 0; start < elements.length; start += size) batches.push(elements.slice(start, start + size));
	return batches;
}

/**
 * An element builder (buildInventoryOffers, buildPriceOffers) made into one that also splits its offers into batches
 * of at most `options.batchSize` (default 250), checked before any work so a bad size fails first.
 */
export function batched<R, O, T>(
	build: (rows: readonly R[], options: O) => { offers: T[]; unresolvedOfferKeys: string[] },
): (rows: readonly R[], options: O & { batchSize?: number }) => { batches: T[][]; unresolvedOfferKeys: string[] } {
	return (rows, options) => {
		const size = validateBatchSize(options.batchSize ?? MAX_UPLOAD_BATCH_SIZE);
		const built = build(rows, options);
		return { batches: splitIntoBatches(built.offers, size), unresolvedOfferKeys: built.unresolvedOfferKeys };
	};
}
