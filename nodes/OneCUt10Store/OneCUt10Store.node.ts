import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { oneCClientFor } from '../shared/clients';
import { resourceSelector, route } from '../shared/routing';
import { resources } from './actions/resources';
import * as loadOptions from './methods/loadOptions';
import { oneCUt10ApiConnectionTest } from '../shared/credential-tests';
import { mainInputAndOutput, themedIcon } from '../shared/node-description';

export class OneCUt10Store implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1C UT10 Store',
		name: 'oneCUt10Store',
		icon: themedIcon('onec'),
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and write 1C:Trade Management 10.3 (УТ 10.3) through its standard OData interface',
		defaults: { name: '1C UT10 Store' },
		usableAsTool: true,
		...mainInputAndOutput,
		credentials: [{ name: 'oneCUt10Api', required: true, testedBy: 'oneCUt10ApiConnectionTest' }],
		properties: [
			resourceSelector(resources, 'customerOrder'),
			...resources.flatMap((r) => r.description),
		],
	};

	methods = { loadOptions, credentialTest: { oneCUt10ApiConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, resources, oneCClientFor);
	}
}
