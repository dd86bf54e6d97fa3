import type { INodeProperties } from 'n8n-workflow';
import * as registerWarehouseSystem from './registerWarehouseSystem.operation';
import { changeFields, identifierFields, siteField } from './shared';
import * as uploadPrices from './uploadPrices.operation';
import * as uploadStock from './uploadStock.operation';

export { registerWarehouseSystem, uploadPrices, uploadStock };

export const description: INodeProperties[] = [
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
	siteField,
	...changeFields,
	...registerWarehouseSystem.description,
];
