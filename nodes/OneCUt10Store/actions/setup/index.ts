import type { OneCClient } from '../../../core/onec/client';
import type { NodeResource } from '../../../shared/routing';
import * as checkSetup from './checkSetup.operation';

/** Resource "Setup": the hand-run check of the 1C side after import (docs/first-contact.md). */
export const resource: NodeResource<OneCClient> = {
	value: 'setup',
	name: 'Setup',
	description: [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['setup'] } },
			options: [
				{
					name: 'Check Setup',
					value: 'checkSetup',
					action: 'Check the 1C setup',
					description: 'One item per check: OData publication and composition, rights, platform features, the chosen references',
				},
			],
			default: 'checkSetup',
		},
		...checkSetup.description,
	],
	operations: { checkSetup: checkSetup.execute },
};
