import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import type { CrmOrder } from '../../../core/retailcrm/schemas/orders';
import { toNodeError } from '../../../shared/errors';
import { simplifyOrder } from '../../helpers/simplify';

const show = { resource: ['order'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'by',
		type: 'options',
		default: 'id',
		displayOptions: { show },
		options: [
			{ name: 'CRM ID', value: 'id', description: 'The internal order ID in retailCRM' },
			{ name: 'External ID', value: 'externalId', description: 'The ID your integration attached to the order' },
			{ name: 'Order Number', value: 'number', description: 'The number managers see, e.g. 5488' },
		],
		description: 'Which identifier the value below is',
	},
	{
		displayName: 'Value',
		name: 'identifier',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show },
		placeholder: 'e.g. 5488',
	},
	{
		displayName: 'Site Name or ID',
		name: 'site',
		type: 'options',
		default: '',
		displayOptions: { show },
		typeOptions: { loadOptionsMethod: 'getSites' },
		description:
			'Store (site) the order belongs to. Needed for External ID when the key reaches several stores. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
];

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

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const by = this.getNodeParameter('by', i) as string;
			const value = String(this.getNodeParameter('identifier', i)).trim();
			const site = this.getNodeParameter('site', i, '') as string;
			const simplify = this.getNodeParameter('simplify', i, false) as boolean;
			if (value === '') {
				throw new NodeOperationError(this.getNode(), `Item ${i}: the field "Value" is empty`, { itemIndex: i });
			}
			const order = await findOrder(client, by, value, site);
			if (!order) {
				throw new NodeOperationError(this.getNode(), `No order with number ${value}`, {
					itemIndex: i,
					description: 'Check the number, and the site if you chose one.',
				});
			}
			out.push({ json: (simplify ? simplifyOrder(order) : order) as IDataObject, pairedItem: { item: i } });
		} catch (error) {
			if (this.continueOnFail()) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			throw toNodeError(this.getNode(), error, i);
		}
	}
	return out;
}
