import type { RetailCrmClient } from '../../core/retailcrm/client';
import type { NodeResource } from '../../shared/routing';
import * as registerWarehouseSystem from './registerWarehouseSystem.operation';
import { changeFields, identifierFields, siteFields } from './upload-fields';
import * as uploadPrices from './uploadPrices.operation';
import * as uploadStock from './uploadStock.operation';

/** Stock Upload has no Resource selector: one resource without a value, its operations listed here. */
export const resources: Array<NodeResource<RetailCrmClient>> = [
	{
		description: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Register Warehouse System',
						value: 'registerWarehouseSystem',
						action: 'Register as the warehouse system',
						description: 'Register this integration in retailCRM as its warehouse system, so retailCRM stops managing stock itself',
					},
					{
						name: 'Upload Prices',
						value: 'uploadPrices',
						action: 'Upload prices',
						description: 'Send prices per retailCRM price type (store/prices/upload)',
					},
					{
						name: 'Upload Stock',
						value: 'uploadStock',
						action: 'Upload stock',
						description: 'Send stock per retailCRM store (store/inventories/upload)',
					},
				],
				default: 'uploadStock',
			},
			...identifierFields,
			...uploadStock.description,
			...uploadPrices.description,
			...siteFields,
			...changeFields,
			...registerWarehouseSystem.description,
		],
		operations: {
			uploadStock: uploadStock.execute,
			uploadPrices: uploadPrices.execute,
			registerWarehouseSystem: registerWarehouseSystem.execute,
		},
	},
];
