import type { INodeProperties } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import type { NodeResource } from '../../../shared/routing';
import * as get from './get.operation';
import * as getProgress from './getProgress.operation';
import * as upsertFromRetailCrm from './upsertFromRetailCrm.operation';

/** Resource "Customer Order" (Документ.ЗаказПокупателя): one file per operation, listed here. */
const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['customerOrder'] } },
	options: [
		{
			name: 'Create or Update From RetailCRM Order',
			value: 'upsertFromRetailCrm',
			action: 'Create or update a customer order from a retail crm order',
			description: 'Write retailCRM orders as ЗаказПокупателя documents: create, update when changed, post',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a customer order',
			description: 'Get a document by Ref_Key, 1C number or CRM order number',
		},
		{
			name: 'Get Progress',
			value: 'getProgress',
			action: 'Get the progress of customer orders',
			description: 'Orders shipped, paid or cancelled in 1C since the last run (one item per order whose progress changed)',
		},
	],
	default: 'upsertFromRetailCrm',
};

export const resource: NodeResource<OneCClient> = {
	value: 'customerOrder',
	name: 'Customer Order',
	description: [operation, ...upsertFromRetailCrm.description, ...get.description, ...getProgress.description],
	operations: {
		upsertFromRetailCrm: upsertFromRetailCrm.execute,
		get: get.execute,
		getProgress: getProgress.execute,
	},
};
