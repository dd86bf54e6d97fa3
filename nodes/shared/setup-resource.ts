import type { INodeProperties } from 'n8n-workflow';
import { stoppedItem, type CheckItem } from '../core/sync/setup-check/report';
import type { NodeOperation, NodeResource } from './routing';

/** A resource's single Check Setup operation: its fields and how it runs. */
export interface CheckSetupOperation<Client> {
	description: INodeProperties[];
	execute: NodeOperation<Client>;
}

/**
 * Resource "Setup" with its one operation, Check Setup: the hand-run check of one system after import
 * (docs/first-contact.md). Both the 1C and the retailCRM node have it; only the action's wording and what it checks differ.
 * A client that cannot be built (a refused plain-http URL) is reported as `fail connection` for each input item, so
 * the template's other check still runs.
 */
export function setupResource<Client>(checkSetup: CheckSetupOperation<Client>, system: CheckItem['system'], action: string, checks: string): NodeResource<Client> {
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
		clientFailure: (ctx, error) => ctx.getInputData().map((_item, i) => ({ json: { ...stoppedItem(system, error, false) }, pairedItem: { item: i } })),
	};
}
