import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { description as buildFields } from './actions/build.fields';
import * as build from './actions/build.operation';
import * as buildFromOneC from './actions/buildFromOneC.operation';
import * as loadOptions from './methods/loadOptions';
import { oneCUt10ApiConnectionTest } from '../shared/credential-tests';
import { mainInputAndOutput, themedIcon } from '../shared/node-description';

export class IcmlBuilder implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ICML Builder',
		name: 'icmlBuilder',
		icon: themedIcon('icml'),
		group: ['transform'],
		version: 1,
		subtitle: '={{"Shop: " + $parameter["shopName"]}}',
		description: 'Build a retailCRM ICML catalog file from offers of any source (1C UT10 Store by default), or straight from 1C',
		defaults: { name: 'ICML Builder' },
		usableAsTool: true,
		...mainInputAndOutput,
		// Only "Build From 1C" reads 1C; Build From Input Items needs no credential.
		credentials: [{ name: 'oneCUt10Api', required: true, testedBy: 'oneCUt10ApiConnectionTest', displayOptions: { show: { operation: ['buildFromOneC'] } } }],
		properties: buildFields,
	};

	methods = { loadOptions, credentialTest: { oneCUt10ApiConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'build') as string;
		return [operation === 'buildFromOneC' ? await buildFromOneC.execute.call(this) : await build.execute.call(this)];
	}
}
