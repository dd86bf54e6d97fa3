import type { RetailCrmClient } from '../../../core/retailcrm/client';
import type { NodeResource } from '../../../shared/routing';
import * as confirmProcessed from './confirmProcessed.operation';
import * as get from './get.operation';
import * as getChanged from './getChanged.operation';
import * as getMany from './getMany.operation';
import * as quarantine from './quarantine.operation';
import * as update from './update.operation';
import * as updateFromProgress from './updateFromProgress.operation';
import * as writeBack from './writeBack.operation';

/** Resource "Order": read orders and settle the 1C step's results (docs/order-lifecycle.md). */
export const resource: NodeResource<RetailCrmClient> = {
	value: 'order',
	name: 'Order',
	description: [
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
					description: 'Orders the 1C side must look at since the last run, in their current state (order history cursor)',
				},
				{
					name: 'Get Many',
					value: 'getMany',
					action: 'Get many orders',
					description: 'List orders by status, site, number and dates',
				},
				{
					name: 'Quarantine',
					value: 'quarantine',
					action: 'List or release quarantined orders',
					description: 'List the orders waiting for a retry, quarantined or in conflict; release quarantined ones for another try',
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
				{
					name: 'Write Back 1C Link',
					value: 'writeBack',
					action: 'Write back the 1C document link',
					description: 'Write the 1C reference and number into the orders, only where they differ; never over a shop-owned external ID',
				},
			],
			default: 'getMany',
		},
		...get.description,
		...getMany.description,
		...getChanged.description,
		...update.description,
		...updateFromProgress.description,
		...writeBack.description,
		...confirmProcessed.description,
		...quarantine.description,
	],
	operations: {
		get: get.execute,
		getMany: getMany.execute,
		getChanged: getChanged.execute,
		update: update.execute,
		updateFromProgress: updateFromProgress.execute,
		confirmProcessed: confirmProcessed.execute,
		writeBack: writeBack.execute,
		quarantine: quarantine.execute,
	},
};
