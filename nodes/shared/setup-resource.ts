import type { INodeProperties } from 'n8n-workflow';
import type { NodeOperation, NodeResource } from './routing';

/** A resource's single Check Setup operation: its fields and how it runs. */
export interface CheckSetupOperation<Client> {
	description: INodeProperties[];
	execute: NodeOperation<Client>;
}

/**
 * Resource "Setup" with its one operation, Check Setup: the hand-run check of one system after import
 * (docs/first-contact.md). Both the 1C and the retailCRM node have it; only the action's wording and what it checks differ.
 */
export function setupResource<Client>(checkSetup: CheckSetupOperation<Client>, action: string, checks: string): NodeResource<Client> {
	return {
		value: 'setup',
		name: 'Setup',
		description: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['setup'] } },
				options: [{ name: 'Check Setup', value: 'checkSetup', action, description: checks }],
				default: 'checkSetup',
			},
			...checkSetup.description,
		],
		operations: { checkSetup: checkSetup.execute },
	};
}
