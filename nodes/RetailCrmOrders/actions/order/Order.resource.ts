import type { INodeProperties } from 'n8n-workflow';
import * as confirmProcessed from './confirmProcessed.operation';
import * as get from './get.operation';
import * as getChanged from './getChanged.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import * as updateFromProgress from './updateFromProgress.operation';

export { confirmProcessed, get, getChanged, getMany, update, updateFromProgress };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Confirm Processed',
				value: 'confirmProcessed',
				action: 'Confirm processed orders',
				description: 'Settle the results of the 1C step: move the cursor, retry failed orders, quarantine after N attempts',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an order',
				description: 'Get one order by CRM ID, number or external ID, whether or not it changed',
			},
			{
				name: 'Get Changed',
				value: 'getChanged',
				action: 'Get changed orders',
				description: 'Orders that entered the chosen statuses since the last run (order history cursor)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many orders',
				description: 'List orders by status, site, number and dates',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update an order',
				description: 'Write back external ID, status, manager comment or custom fields',
			},
			{
				name: 'Update From 1C Progress',
				value: 'updateFromProgress',
				action: 'Update orders from 1c progress',
				description: 'Status, shipment date, shipped flag, shipment number and payments from 1C UT10 Store → Get Progress',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
	...getChanged.description,
	...update.description,
	...updateFromProgress.description,
	...confirmProcessed.description,
];
