import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import { isRetailCrmApiError } from '../../../core/retailcrm/errors';
import { inSites, judgeOrder } from '../../../core/sync/orders/history';
import type { CrmOrder } from '../../../core/retailcrm/schemas/orders';
import { toNodeError } from '../../../shared/errors';
import { siteOption } from '../../../shared/retailcrm-options';
import { perItem } from '../../../shared/per-item';
import { n8nClock } from '../../../shared/transport';
import { deletedOrderStub } from '../../../core/sync/orders/cursor-state';
import { readOrderSyncState } from '../../helpers/order-sync-state';
import { simplifyOrder } from '../../helpers/simplify';
import type { SyncScope } from '../../../shared/sync-scope';
import { codeList, linkFieldsProperty, loadPassedThroughProperty, resolveSyncScope, scopeParametersOf, scopeProperties, tagged } from '../../../shared/sync-scope';
import { liveMultiSelect } from '../../../shared/live-options-field';
import { operationFields } from '../../../shared/operation-fields';
import { valueToFind } from '../../../shared/value-to-find';

export const description = operationFields({ resource: 'order', operation: 'get' }, [
	{
		displayName: 'Find By',
		name: 'by',
		type: 'options',
		default: 'id',
		options: [
			{ name: 'CRM ID', value: 'id', description: 'The internal order ID in retailCRM' },
			{ name: 'External ID', value: 'externalId', description: 'The ID your integration attached to the order' },
			{ name: 'Order Number', value: 'number', description: 'The number managers see, e.g. 5488' },
		],
		description: 'Which identifier the value below is',
	},
	valueToFind({ name: 'identifier', placeholder: 'e.g. 5488' }),
	{
		...siteOption,
		description:
			'Store (site) the order belongs to. Needed for External ID when the key reaches several stores. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
	{
		displayName: 'Classify for 1C',
		name: 'classify',
		type: 'boolean',
		default: false,
		description:
			'Whether to judge the order as Get Changed does (by its current status, its 1C link and the retry list) and add syncIntent (load, follow, cancel) for the 1C node; an order that does not concern 1C is left out. Use it behind a webhook that a retailCRM trigger calls.',
	},
	...updateDisplayOptions({ show: { classify: [true] } }, [
		...scopeProperties,
		loadPassedThroughProperty,
		linkFieldsProperty,
		liveMultiSelect({
			displayName: 'Site Names or IDs',
			name: 'sites',
			loadOptionsMethod: 'getSites',
			description: 'Only orders of these stores (sites) concern 1C, as in Get Changed (the orders template reads them from there); an order of another store is left out. Empty: every store.',
		}),
	]),
]);

async function findOrder(client: RetailCrmClient, by: string, value: string, site: string): Promise<CrmOrder | undefined> {
	if (by === 'number') {
		// Only an exact match counts: the number filter may list other orders (5488A for 5488), and numbers are unique per store only.
		const found = await client.findOrdersByNumber(value, { site: site || undefined });
		if (found.length > 1) throw new Error(`${found.length} orders have the number ${value} (stores ${found.map((o) => o.site).join(', ')}); choose the store (site)`);
		return found[0];
	}
	if (by === 'id' && !/^\d+$/.test(value)) throw new Error(`The CRM ID must be a number, got "${value}"`);
	return await client.getOrder(value, { by: by === 'id' ? 'id' : 'externalId', site: site || undefined });
}

/**
 * The same judgement as Get Changed (sync-scope.ts), for an order fetched by itself: no history was read, so only its
 * current status, its 1C link and its entry on the retry list count. State is only read here, never written: the
 * webhook row must not touch the cursor (docs/order-lifecycle.md "Push").
 */
async function classifier(context: IExecuteFunctions, client: RetailCrmClient) {
	const scope: SyncScope = await resolveSyncScope(
		client,
		scopeParametersOf(context, {
			linkFields: context.getNodeParameter('linkFields', 0, undefined),
			loadPassedThrough: context.getNodeParameter('loadPassedThrough', 0, true) as boolean,
		}),
	);
	const state = readOrderSyncState(context, new Date(n8nClock.now()));
	const sites = new Set(codeList(context.getNodeParameter('sites', 0, [])));
	return {
		/** The order's store is among the chosen ones (Get Changed reads no history of the others). */
		ofChosenSite: (order: CrmOrder): boolean => inSites(order.site, sites),
		/** Tagged order, or undefined when it does not concern 1C. */
		classify(order: CrmOrder): IDataObject | undefined {
			const decision = judgeOrder(order, scope, { retry: state.retry[String(order.id)] });
			return decision ? tagged(order as unknown as IDataObject, decision.intent, decision.reason) : undefined;
		},
		/** An order retailCRM no longer has: released if it waits on the retry list (as Get Changed does), else unknown. */
		missing(id: number): IDataObject | undefined {
			const entry = state.retry[String(id)];
			return entry ? tagged({ ...deletedOrderStub(id, entry) }, 'cancel', 'deleted') : undefined;
		},
	};
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	const classify = this.getNodeParameter('classify', 0, false) as boolean;
	let judge: Awaited<ReturnType<typeof classifier>> | undefined;
	const skipped: number[] = [];
	const otherSites: string[] = [];
	const output = await perItem(this, async (i, out) => {
		const by = this.getNodeParameter('by', i) as string;
		const value = String(this.getNodeParameter('identifier', i)).trim();
		const site = this.getNodeParameter('site', i, '') as string;
		const simplify = this.getNodeParameter('simplify', i, false) as boolean;
		if (value === '') {
			throw new NodeOperationError(this.getNode(), `Item ${i}: the field "Value" is empty`, { itemIndex: i });
		}
		if (classify && judge === undefined) judge = await classifier(this, client);
		let order: CrmOrder | undefined;
		try {
			order = await findOrder(client, by, value, site);
		} catch (error) {
			const gone = judge && by === 'id' && isRetailCrmApiError(error) && error.kind === 'notFound' ? judge.missing(Number(value)) : undefined;
			if (!gone) throw toNodeError(this.getNode(), error, i);
			out.push({ json: gone });
			return;
		}
		if (!order) {
			throw new NodeOperationError(this.getNode(), `No order with number ${value}`, {
				itemIndex: i,
				description: 'Check the number, and the site if you chose one.',
			});
		}
		if (judge) {
			if (!judge.ofChosenSite(order)) {
				otherSites.push(`${order.id} (${order.site})`);
				return;
			}
			const json = judge.classify(order);
			if (!json) {
				skipped.push(order.id);
				return;
			}
			const shown = simplify ? { ...(simplifyOrder(order) as IDataObject), syncIntent: json.syncIntent, syncReason: json.syncReason } : json;
			out.push({ json: shown });
			return;
		}
		out.push({ json: (simplify ? simplifyOrder(order) : order) as IDataObject });
	});
	if (skipped.length > 0) {
		this.addExecutionHints({
			message: `Left out (not in a trigger or cancel status, not loaded into 1C, not waiting for a retry): order ${skipped.join(', ')}`,
			type: 'info',
			location: 'outputPane',
		});
	}
	if (otherSites.length > 0) {
		this.addExecutionHints({
			message: `Left out (their store is not among the chosen sites): order ${otherSites.join(', ')}`,
			type: 'info',
			location: 'outputPane',
		});
	}
	return output;
}
