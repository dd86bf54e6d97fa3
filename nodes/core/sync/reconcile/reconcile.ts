/**
 * The whole reconciliation: the parts asked for (orders, stock, prices), their discrepancies in report order, and a
 * summary (docs/reconciliation.md). Offers retailCRM lacks are reported once, whether stock or prices found them.
 */
import type { OneCClient } from '../../onec/client';
import { appendAll } from '../../common/append-all';
import type { RetailCrmClient } from '../../retailcrm/client';
import { reconcileOrders, type OrdersReconcileOptions } from './orders';
import { reconcilePrices, reconcileStock, type PricesReconcileOptions, type StockReconcileOptions } from './stock-and-prices';
import { DISCREPANCY_KINDS, type CheckedCounts, type Discrepancy, type DiscrepancyKind, type ReconcileSummary } from './types';

export interface ReconcileOptions {
	orders?: OrdersReconcileOptions;
	stock?: StockReconcileOptions;
	prices?: PricesReconcileOptions;
	/** ISO time the report is made at (the caller's clock). */
	now: string;
}

export interface ReconcileResult {
	discrepancies: Discrepancy[];
	summary: ReconcileSummary;
}

export async function reconcile(crm: RetailCrmClient, onec: OneCClient, options: ReconcileOptions): Promise<ReconcileResult> {
	if (!options.orders && !options.stock && !options.prices) throw new Error('Choose at least one of orders, stock and prices to compare');
	const found: Discrepancy[] = [];
	const checked: CheckedCounts = {};
	const notes: string[] = [];
	const missing = new Map<string, Discrepancy>();
	if (options.orders) {
		const orders = await reconcileOrders(crm, onec, options.orders);
		appendAll(found, orders.discrepancies);
		checked.orders = orders.orders;
		checked.documents = orders.documents;
		if (orders.linesSkipped.length > 0) {
			notes.push(`Lines not compared for ${orders.linesSkipped.length} order(s) whose offers are not keyed by 1C GUIDs (totals were): ${orders.linesSkipped.slice(0, 20).join(', ')}${orders.linesSkipped.length > 20 ? ' …' : ''}`);
		}
	}
	for (const [part, run] of [
		['stock', options.stock ? () => reconcileStock(crm, onec, options.stock as StockReconcileOptions) : undefined],
		['prices', options.prices ? () => reconcilePrices(crm, onec, options.prices as PricesReconcileOptions) : undefined],
	] as const) {
		if (!run) continue;
		const result = await run();
		appendAll(found, result.discrepancies);
		if (part === 'stock') checked.stockRows = result.rows;
		else checked.priceRows = result.rows;
		checked.offers = Math.max(checked.offers ?? 0, result.offers);
		for (const [id, d] of result.missing) if (!missing.has(id)) missing.set(id, d);
	}
	appendAll(found, missing.values());
	const order = new Map(DISCREPANCY_KINDS.map((kind, i) => [kind, i]));
	const discrepancies = found
		.map((d, i) => ({ d, i }))
		.sort((a, b) => (order.get(a.d.kind) as number) - (order.get(b.d.kind) as number) || a.i - b.i)
		.map(({ d }) => d);
	return { discrepancies, summary: summarize(discrepancies, checked, notes, options) };
}

export function summarize(discrepancies: readonly Discrepancy[], checked: CheckedCounts, notes: string[], options: Pick<ReconcileOptions, 'orders' | 'now'>): ReconcileSummary {
	const counts = Object.fromEntries(DISCREPANCY_KINDS.map((kind) => [kind, 0])) as Record<DiscrepancyKind, number>;
	for (const d of discrepancies) counts[d.kind]++;
	const errors = discrepancies.filter((d) => d.severity === 'error').length;
	return {
		generatedAt: options.now,
		...(options.orders ? { period: { from: options.orders.from, ...(options.orders.to ? { to: options.orders.to } : {}) } } : {}),
		checked,
		counts,
		errors,
		warnings: discrepancies.length - errors,
		agree: discrepancies.length === 0,
		notes,
	};
}
