import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { properties } from './description';
import { execute } from './execute';
import * as loadOptions from './methods/loadOptions';
import { oneCUt10ApiConnectionTest, retailCrmApiConnectionTest } from '../shared/credential-tests';
import { mainInputAndOutput, themedIcon } from '../shared/node-description';

export class RetailCrm1cReconcile implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'retailCRM 1C Reconcile',
		name: 'retailCrm1cReconcile',
		icon: themedIcon('reconcile'),
		group: ['transform'],
		version: 1,
		subtitle: 'Compare retailCRM with 1C',
		description: 'Compare retailCRM orders, stock and prices with 1C UT 10.3 and report every discrepancy with its fix',
		defaults: { name: 'retailCRM 1C Reconcile' },
		usableAsTool: true,
		...mainInputAndOutput,
		credentials: [
			{ name: 'retailCrmApi', required: true, testedBy: 'retailCrmApiConnectionTest' },
			{ name: 'oneCUt10Api', required: true, testedBy: 'oneCUt10ApiConnectionTest' },
		],
		properties,
	};

	methods = { loadOptions, credentialTest: { retailCrmApiConnectionTest, oneCUt10ApiConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await execute.call(this);
	}
}
