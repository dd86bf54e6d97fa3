import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { description as buildFields } from './actions/build.fields';
import * as build from './actions/build.operation';
import { mainInputAndOutput, themedIcon } from '../shared/node-description';

export class IcmlBuilder implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ICML Builder',
		name: 'icmlBuilder',
		icon: themedIcon('icml'),
		group: ['transform'],
		version: 1,
		subtitle: '={{"Shop: " + $parameter["shopName"]}}',
		description: 'Build a retailCRM ICML catalog file from offers of any source (1C UT10 Store by default)',
		defaults: { name: 'ICML Builder' },
		usableAsTool: true,
		...mainInputAndOutput,
		properties: buildFields,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await build.execute.call(this)];
	}
}
