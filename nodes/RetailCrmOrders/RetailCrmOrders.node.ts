import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { resources } from './actions/resources';
import * as loadOptions from './methods/loadOptions';
import { retailCrmClientFor } from '../shared/clients';
import { retailCrmApiConnectionTest } from '../shared/credential-tests';
import { resourceSelector, route } from '../shared/routing';

export class RetailCrmOrders implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'RetailCRM Orders',
		name: 'retailCrmOrders',
		icon: { light: 'file:../../icons/retailcrm.svg', dark: 'file:../../icons/retailcrm.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read retailCRM orders and write results back',
		defaults: { name: 'RetailCRM Orders' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
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
