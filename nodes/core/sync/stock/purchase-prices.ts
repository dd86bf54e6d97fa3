/**
 * Optional purchase price per store (`stores[].purchasePrice`, docs/retailcrm-api.md#stock-and-prices). UT 10.3 balances carry no
 * price, so the caller picks a price type (e.g. a purchase type) and passes its calculated prices; each stock row
 * of that offer then carries it on every store.
 */
import type { StockRow } from './balance-rows';

export function attachPurchasePrices<R extends Pick<StockRow, 'offerKey'>>(
	rows: readonly R[],
	prices: ReadonlyArray<{ offerKey: string; price: number }>,
): Array<R & { purchasePrice?: number }> {
	const byOffer = new Map<string, number>();
	for (const price of prices) if (Number.isFinite(price.price)) byOffer.set(price.offerKey, price.price);
	return rows.map((row) => {
		const purchasePrice = byOffer.get(row.offerKey);
		return purchasePrice === undefined ? { ...row } : { ...row, purchasePrice };
	});
}
