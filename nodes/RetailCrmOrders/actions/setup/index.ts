import type { RetailCrmClient } from '../../../core/retailcrm/client';
import type { NodeResource } from '../../../shared/routing';
import * as checkSetup from './checkSetup.operation';

/** Resource "Setup": the hand-run check of the retailCRM side after import (docs/first-contact.md). */
export const resource: NodeResource<RetailCrmClient> = {
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
					action: 'Check the setup',
					description: 'One item per check: API key and scopes, statuses, stores, price types, custom fields, settings',
				},
			],
			default: 'checkSetup',
		},
		...checkSetup.description,
	],
	operations: { checkSetup: checkSetup.execute },
};
