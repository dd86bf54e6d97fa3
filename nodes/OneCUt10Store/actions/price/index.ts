import type { OneCClient } from '../../../core/onec/client';
import type { NodeResource } from '../../../shared/routing';
import * as getPrices from './getPrices.operation';

/** Resource "Price": prices per offer and price type (flow 2). */
export const resource: NodeResource<OneCClient> = {
	value: 'price',
	name: 'Price',
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['price'] } },
			options: [
				{
					name: 'Get Prices',
					value: 'getPrices',
					action: 'Get prices',
					description: 'One item per offer and price type with its price in the storage unit',
				},
			],
			default: 'getPrices',
		},
		...getPrices.description,
	],
	operations: { getPrices: getPrices.execute },
};
