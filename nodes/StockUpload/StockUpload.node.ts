import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { description as operationDescription } from './actions/operations';
import { router } from './actions/router';
import * as loadOptions from './methods/loadOptions';
import { retailCrmApiConnectionTest } from '../shared/credential-tests';

export class StockUpload implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stock Upload',
		name: 'stockUpload',
		icon: { light: 'file:../../icons/retailcrm.svg', dark: 'file:../../icons/retailcrm.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Upload stock per store and prices per price type to retailCRM, sending only what changed',
		defaults: { name: 'Stock Upload' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'retailCrmApi', required: true, testedBy: 'retailCrmApiConnectionTest' }],
		properties: operationDescription,
	};

	methods = { loadOptions, credentialTest: { retailCrmApiConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
