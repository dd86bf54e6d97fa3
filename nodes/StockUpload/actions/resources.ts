import type { RetailCrmClient } from '../../core/retailcrm/client';
import type { NodeResource } from '../../shared/routing';
import * as registerWarehouseSystem from './registerWarehouseSystem.operation';
import { changeFields, identifierFields, siteFields } from './upload-fields';
import * as uploadPrices from './uploadPrices.operation';
import * as uploadStock from './uploadStock.operation';
import * as uploadFromOneC from './uploadFromOneC.operation';

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
					{
						name: 'Upload Stock and Prices From 1C',
						value: 'uploadFromOneC',
						action: 'Upload stock and prices from 1C',
						description: 'Read balances and prices from 1C and upload them in one node, without passing rows through the workflow (for large catalogs)',
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
			...uploadFromOneC.description,
		],
		operations: {
			uploadStock: uploadStock.execute,
			uploadPrices: uploadPrices.execute,
			registerWarehouseSystem: registerWarehouseSystem.execute,
			uploadFromOneC: uploadFromOneC.execute,
		},
	},
];
