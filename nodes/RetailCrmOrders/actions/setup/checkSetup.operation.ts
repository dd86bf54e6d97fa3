import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import { checkRetailCrmSetup } from '../../../core/sync/setup-check';
import { perItem } from '../../../shared/per-item';
import { sitesOption } from '../../../shared/sync-scope';
import { operationFields } from '../../../shared/operation-fields';
import { liveMultiSelect } from '../../../shared/live-options-field';
import { optionsCollection } from '../../../shared/options-collection';

export const description = operationFields({ resource: 'setup', operation: 'checkSetup' }, [
	{
		...sitesOption,
		description:
			'Stores (sites) the workflows serve; empty checks every store the key reaches. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	liveMultiSelect({
		displayName: 'Trigger Status Names or IDs',
		name: 'triggerStatuses',
		loadOptionsMethod: 'getStatuses',
		description: 'The statuses that send an order to 1C (as in Get Changed Orders).',
	}),
	liveMultiSelect({
		displayName: 'Trigger Status Group Names or IDs',
		name: 'triggerGroups',
		loadOptionsMethod: 'getStatusGroups',
		description: 'Status groups that send an order to 1C, if Get Changed Orders uses groups.',
	}),
	liveMultiSelect({
		displayName: 'Store Names or IDs',
		name: 'stores',
		loadOptionsMethod: 'getStores',
		description: 'The retailCRM warehouses (stores) the stock upload maps 1C warehouses to.',
	}),
	liveMultiSelect({
		displayName: 'Price Type Names or IDs',
		name: 'priceTypes',
		loadOptionsMethod: 'getPriceTypes',
		description: 'The retailCRM price types the price upload maps 1C price types to.',
	}),
	optionsCollection([
		{
			displayName: '1C Number Field',
			name: 'numberField',
			type: 'string',
			default: 'onec_number',
			description: 'Code of the order custom field the orders workflow writes the 1C number into (required)',
		},
		{
			displayName: '1C Reference Field',
			name: 'refField',
			type: 'string',
			default: 'onec_ref',
			description: 'Code of the optional order custom field for the 1C reference, used when the order\'s external ID belongs to another system (a warning when missing)',
		},
		{
			displayName: 'Shipment Number Field',
			name: 'shipmentNumberField',
			type: 'string',
			default: 'onec_shipment_number',
			description: 'Code of the order custom field the order progress workflow writes the 1C shipment numbers into (a warning when missing)',
		},
		{
			displayName: 'Warehouse System Code',
			name: 'warehouseSystemCode',
			type: 'string',
			default: 'n8n-1c-stock',
			description: 'Module code used by Stock Upload → Register Warehouse System',
		},
	]),
]);

/** One output item per check: {system, check, status (pass/warn/fail/info), message, advice}. Reads only. */
export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	return await perItem(this, async (i, out) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const items = await checkRetailCrmSetup(client, {
			sites: this.getNodeParameter('sites', i, []) as string[],
			triggerStatuses: this.getNodeParameter('triggerStatuses', i, []) as string[],
			triggerGroups: this.getNodeParameter('triggerGroups', i, []) as string[],
			stores: this.getNodeParameter('stores', i, []) as string[],
			priceTypes: this.getNodeParameter('priceTypes', i, []) as string[],
			numberField: (options.numberField as string | undefined) || undefined,
			refField: (options.refField as string | undefined) || undefined,
			shipmentNumberField: (options.shipmentNumberField as string | undefined) || undefined,
			warehouseSystemCode: (options.warehouseSystemCode as string | undefined) || undefined,
		});
		for (const item of items) out.push({ json: { ...item } as IDataObject });
	});
}
