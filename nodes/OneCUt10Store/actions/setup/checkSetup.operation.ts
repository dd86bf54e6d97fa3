import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { checkOneCSetup } from '../../../core/sync/setup-check';
import { perItem } from '../../../shared/per-item';
import { currencyOption } from '../shared-options';
import { operationFields } from '../../../shared/operation-fields';
import { liveDropdown, liveMultiSelect } from '../../../shared/live-options-field';

export const description = operationFields({ resource: 'setup', operation: 'checkSetup' }, [
	liveDropdown({
		displayName: 'Organization Name or ID',
		name: 'organization',
		loadOptionsMethod: 'getOrganizations',
		description: 'The organization the orders workflow uses, to check it exists.',
	}),
	liveMultiSelect({
		displayName: 'Warehouse Names or IDs',
		name: 'warehouses',
		loadOptionsMethod: 'getWarehouses',
		description: 'The warehouses the workflows use (orders, stock, catalog).',
	}),
	liveMultiSelect({
		displayName: 'Price Type Names or IDs',
		name: 'priceTypes',
		loadOptionsMethod: 'getPriceTypes',
		description: 'The price types the workflows use.',
	}),
	{
		...currencyOption,
		description:
			'The order currency. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	liveDropdown({
		displayName: 'Delivery Item Name or ID',
		name: 'deliveryItem',
		loadOptionsMethod: 'getServiceItems',
		description: 'The delivery item the orders workflow uses, to check it is a service (UT 10.3 posts only services in Услуги).',
	}),
	{
		displayName: 'Test Order Write',
		name: 'testWrite',
		type: 'boolean',
		default: false,
		description:
			'Whether to check that the 1C user may add and change customer orders. It creates ONE «Заказ покупателя» (number N8N…, marked for deletion) and changes its comment; the document stays in 1C until deleted there.',
	},
]);

/** One output item per check: {system, check, status (pass/warn/fail/info), message, advice}. Never writes unless Test Order Write is on. */
export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	return await perItem(this, async (i, out) => {
		const items = await checkOneCSetup(client, {
			organizationKey: (this.getNodeParameter('organization', i, '') as string) || undefined,
			warehouseKeys: this.getNodeParameter('warehouses', i, []) as string[],
			priceTypeKeys: this.getNodeParameter('priceTypes', i, []) as string[],
			currencyKey: (this.getNodeParameter('currency', i, '') as string) || undefined,
			deliveryItemKey: (this.getNodeParameter('deliveryItem', i, '') as string) || undefined,
			testWrite: this.getNodeParameter('testWrite', i, false) as boolean,
		});
		for (const item of items) out.push({ json: { ...item } as IDataObject });
	});
}
