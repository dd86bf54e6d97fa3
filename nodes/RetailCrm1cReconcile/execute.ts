import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Transport } from '../core/http/transport';
import { wallClock } from '../core/sync/prices/price-date';
import type { OrdersReconcileOptions } from '../core/sync/reconcile/orders';
import { reconcile, type ReconcileOptions } from '../core/sync/reconcile/reconcile';
import { renderReportHtml } from '../core/sync/reconcile/report-html';
import type { OfferIdentifierKind } from '../core/sync/reconcile/stock-and-prices';
import type { RetailCrmClient } from '../core/retailcrm/client';
import { oneCClientFor, retailCrmClientFor } from '../shared/clients';
import { crmDateTimeOf, toCrmDateTime } from '../shared/dates';
import { wholeRun } from '../shared/per-item';
import { codeList, resolveSyncScope, scopeParametersOf } from '../shared/sync-scope';
import { n8nClock } from '../shared/transport';

export const REPORT_FILE = 'reconciliation.html';
export const REPORT_PROPERTY = 'data';
const DEFAULT_DAYS = 30;

/** Counts the requests a transport sends (shown in the summary: the cost the docs state). */
function counting(counter: { n: number }): (t: Transport) => Transport {
	return (transport) => ({
		request: (req) => {
			counter.n++;
			return transport.request(req);
		},
	});
}

/** A mapping table (fixedCollection rows) as a map; incomplete or contradictory rows are refused before any read. */
function mapping(context: IExecuteFunctions, parameter: string, from: string, to: string, title: string): Map<string, string> {
	const rows = (context.getNodeParameter(`${parameter}.mappings`, 0, []) as Array<Record<string, unknown>>) ?? [];
	const out = new Map<string, string>();
	for (const [n, row] of rows.entries()) {
		const key = String(row[from] ?? '').trim().toLowerCase();
		const value = String(row[to] ?? '').trim();
		if (key === '' || value === '') throw new NodeOperationError(context.getNode(), `${title} row ${n + 1} is incomplete: choose both sides`);
		const held = out.get(key);
		if (held !== undefined && held !== value) throw new NodeOperationError(context.getNode(), `${title}: "${key}" is mapped twice ("${held}" and "${value}")`);
		out.set(key, value);
	}
	if (out.size === 0) throw new NodeOperationError(context.getNode(), `${title} is empty`, { description: 'Add one row per 1C value, as in the stock workflow, or turn this comparison off.' });
	return out;
}

/** `Y-m-d H:i:s` bounds: the dates picked (the end of the day for a date alone), else the last 30 days up to now. */
function period(context: IExecuteFunctions, now: Date): { from: string; to?: string } {
	const zone = context.getTimezone();
	const from = String(context.getNodeParameter('from', 0, '') ?? '').trim();
	const to = String(context.getNodeParameter('to', 0, '') ?? '').trim();
	return {
		from: from ? toCrmDateTime(from) : crmDateTimeOf(new Date(now.getTime() - DEFAULT_DAYS * 86_400_000), zone),
		...(to ? { to: /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to} 23:59:59` : toCrmDateTime(to) } : {}),
	};
}

async function ordersOptions(context: IExecuteFunctions, crm: RetailCrmClient, now: Date): Promise<OrdersReconcileOptions> {
	const options = context.getNodeParameter('orderOptions', 0, {}) as IDataObject;
	const scope = await resolveSyncScope(crm, scopeParametersOf(context, { linkFields: options.linkFields }));
	const sites = codeList(options.sites);
	return {
		...period(context, now),
		scope,
		includeSite: options.includeSite === true,
		findLegacyKeys: options.findLegacyKeys !== false,
		...(sites.length ? { sites } : {}),
	};
}

/**
 * Reads both systems once (not per input item: the comparison is about the systems, not the items), and outputs the
 * summary item with the HTML report first, then one item per discrepancy, all paired with every input item.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const paired = items.map((_item, item) => ({ item }));
	const output = await wholeRun(
		this,
		async () => {
			const now = new Date(n8nClock.now());
			const requests = { retailCrm: { n: 0 }, oneC: { n: 0 } };
			const crm = await retailCrmClientFor(this, counting(requests.retailCrm));
			const onec = await oneCClientFor(this, counting(requests.oneC));
			const catalog = this.getNodeParameter('catalogOptions', 0, {}) as IDataObject;
			const identifierKind: OfferIdentifierKind = catalog.identifierKind === 'xmlId' ? 'xmlId' : 'externalId';
			const site = String(catalog.site ?? '').trim() || undefined;
			const folderRefs = codeList(catalog.folders);
			const common = { identifierKind, ...(site ? { site } : {}), ...(folderRefs.length ? { folderRefs } : {}) };
			const options: ReconcileOptions = { now: now.toISOString() };
			if (this.getNodeParameter('compareOrders', 0, true) as boolean) options.orders = await ordersOptions(this, crm, now);
			if (this.getNodeParameter('compareStock', 0, true) as boolean) {
				options.stock = {
					...common,
					storeCodeByWarehouse: mapping(this, 'warehouseMapping', 'warehouse', 'store', 'Warehouse Mapping'),
					freeStock: this.getNodeParameter('freeStock', 0, false) as boolean,
					itemLevelStock: catalog.itemLevelStock === 'drop' ? 'drop' : 'singleOffer',
				};
			}
			if (this.getNodeParameter('comparePrices', 0, true) as boolean) {
				options.prices = {
					...common,
					priceCodeByType: mapping(this, 'priceTypeMapping', 'priceType', 'crmPriceType', 'Price Type Mapping'),
					period: wallClock(now, this.getTimezone()),
					vat: catalog.vat === 'asIs' ? 'asIs' : 'gross',
					...(catalog.currency ? { currencyRef: String(catalog.currency) } : {}),
				};
			}
			const result = await reconcile(crm, onec, options);
			const summary = { ...result.summary, requests: { retailCrm: requests.retailCrm.n, oneC: requests.oneC.n } };
			const html = renderReportHtml(summary, result.discrepancies);
			const binary = await this.helpers.prepareBinaryData(Buffer.from(html, 'utf8'), REPORT_FILE, 'text/html');
			return [
				{ json: { summary: true, ...summary } as unknown as IDataObject, binary: { [REPORT_PROPERTY]: binary }, pairedItem: paired },
				...result.discrepancies.map((d) => ({ json: d as unknown as IDataObject, pairedItem: paired })),
			];
	},
		(nodeError) => [{ json: { error: nodeError.message }, pairedItem: paired }],
	);
	return [output];
}
