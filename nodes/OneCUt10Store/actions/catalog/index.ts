import type { OneCClient } from '../../../core/onec/client';
import type { NodeResource } from '../../../shared/routing';
import * as getFolders from './getFolders.operation';
import * as getItems from './getItems.operation';

/** Resource "Catalog" (Номенклатура): items as offers and the folder tree, for ICML (flow 3). */
export const resource: NodeResource<OneCClient> = {
	value: 'catalog',
	name: 'Catalog',
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['catalog'] } },
			options: [
				{
					name: 'Get Folders',
					value: 'getFolders',
					action: 'Get catalog folders',
					description: 'One item per item folder (ICML categories)',
				},
				{
					name: 'Get Items',
					value: 'getItems',
					action: 'Get catalog items',
					description: 'One item per offer (item or item characteristic) of the chosen folders',
				},
			],
			default: 'getItems',
		},
		...getItems.description,
		...getFolders.description,
	],
	operations: { getItems: getItems.execute, getFolders: getFolders.execute },
};
