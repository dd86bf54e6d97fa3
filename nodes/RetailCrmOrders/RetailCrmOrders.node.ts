import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { resources } from './actions/resources';
import * as loadOptions from './methods/loadOptions';
import { retailCrmClientFor } from '../shared/clients';
import { retailCrmApiConnectionTest } from '../shared/credential-tests';
import { resourceSelector, route } from '../shared/routing';
import { mainInputAndOutput, themedIcon } from '../shared/node-description';

export class RetailCrmOrders implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RetailCRM Orders',
		name: 'retailCrmOrders',
		icon: themedIcon('retailcrm'),
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read retailCRM orders and write results back',
		defaults: { name: 'RetailCRM Orders' },
		usableAsTool: true,
		...mainInputAndOutput,
		credentials: [{ name: 'retailCrmApi', required: true, testedBy: 'retailCrmApiConnectionTest' }],
		properties: [
			resourceSelector(resources, 'order'),
			...resources.flatMap((r) => r.description),
		],
	};

	methods = { loadOptions, credentialTest: { retailCrmApiConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, resources, retailCrmClientFor);
	}
}
