import type { OneCClient } from '../../../core/onec/client';
import type { NodeResource } from '../../../shared/routing';
import * as getBalances from './getBalances.operation';

/** Resource "Stock": balances per offer and warehouse (flow 2). */
export const resource: NodeResource<OneCClient> = {
	value: 'stock',
	name: 'Stock',
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['stock'] } },
			options: [
				{
					name: 'Get Balances',
					value: 'getBalances',
					action: 'Get stock balances',
					description: 'One item per offer and warehouse with its quantity',
				},
			],
			default: 'getBalances',
		},
		...getBalances.description,
	],
	operations: { getBalances: getBalances.execute },
};
