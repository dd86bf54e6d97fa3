import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as order from './actions/order/Order.resource';
import * as setup from './actions/setup/Setup.resource';
import { router } from './actions/router';
import * as loadOptions from './methods/loadOptions';
import { retailCrmApiConnectionTest } from '../shared/credential-tests';

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
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Order', value: 'order' },
					{ name: 'Setup', value: 'setup' },
				],
				default: 'order',
			},
			...order.description,
			...setup.description,
		],
	};

	methods = { loadOptions, credentialTest: { retailCrmApiConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
