import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OrdersFilter, RetailCrmClient } from '../../../core/retailcrm/client';
import { perItem } from '../../../shared/per-item';
import { sitesOption } from '../../../shared/sync-scope';
import { toCrmDateTime } from '../../../shared/dates';
import { simplifyOrder } from '../../helpers/simplify';
import { resolveStatusChoice } from '../../helpers/status-choice';
import { operationFields } from '../../../shared/operation-fields';
import { liveMultiSelect } from '../../../shared/live-options-field';

export const description = operationFields({ resource: 'order', operation: 'getMany' }, [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created After',
				name: 'createdAtFrom',
				type: 'dateTime',
				default: '',
				description: 'In the account\'s time zone',
			},
			{
				displayName: 'Created Before',
				name: 'createdAtTo',
				type: 'dateTime',
				default: '',
				description: 'In the account\'s time zone',
			},
			{
				displayName: 'Numbers',
				name: 'numbers',
				type: 'string',
				default: '',
				placeholder: 'e.g. 5488, 5489',
				description: 'Order numbers, separated by commas',
			},
			{
				...sitesOption,
				description:
					'Stores (sites) to include. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Status Changed After',
				name: 'statusUpdatedAtFrom',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Status Changed Before',
				name: 'statusUpdatedAtTo',
				type: 'dateTime',
				default: '',
			},
			liveMultiSelect({
				displayName: 'Status Names or IDs',
				name: 'statuses',
				loadOptionsMethod: 'getStatusesAndGroups',
				description: 'Statuses or status groups to include.',
			}),
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
]);

/** Turns the node's filter collection into retailCRM's filter (statuses apart: see resolveStatusChoice). */
export function buildOrdersFilter(filters: IDataObject): OrdersFilter {
	const filter: OrdersFilter = {};
	const sites = (filters.sites as string[] | undefined) ?? [];
	if (sites.length) filter.sites = sites;
	const numbers = String(filters.numbers ?? '')
		.split(',')
		.map((n) => n.trim())
		.filter(Boolean);
	if (numbers.length) filter.numbers = numbers;
	for (const key of ['createdAtFrom', 'createdAtTo', 'statusUpdatedAtFrom', 'statusUpdatedAtTo'] as const) {
		const value = filters[key];
		if (typeof value === 'string' && value !== '') filter[key] = toCrmDateTime(value);
	}
	return filter;
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	return await perItem(this, async (i, out) => {
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i) as number);
		const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
		const filter = buildOrdersFilter(filters);
		const simplify = this.getNodeParameter('simplify', i, false) as boolean;
		// Groups expanded into their statuses. The API's extendedStatus takes status and group codes alike, so a code
		// that is both (new, assembling, complete) may match a whole group: orders are kept by their own status.
		const statuses = await resolveStatusChoice(client, (filters.statuses as string[] | undefined) ?? []);
		if (statuses?.size === 0) return;
		if (statuses) filter.extendedStatus = [...statuses];
		// The largest page the API allows, unless fewer orders were asked for.
		const pageSize = limit <= 20 ? 20 : limit <= 50 ? 50 : 100;
		let taken = 0;
		for await (const page of client.iterateOrders(filter, pageSize)) {
			for (const order of page.items) {
				if (taken >= limit) break;
				if (statuses && !statuses.has(String(order.status ?? ''))) continue;
				out.push({ json: (simplify ? simplifyOrder(order) : order) as IDataObject });
				taken++;
			}
			if (taken >= limit) break;
		}
	});
}
