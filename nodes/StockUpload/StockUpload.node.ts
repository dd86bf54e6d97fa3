import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { resources } from './actions/resources';
import * as loadOptions from './methods/loadOptions';
import { retailCrmClientFor } from '../shared/clients';
import { oneCUt10ApiConnectionTest, retailCrmApiConnectionTest } from '../shared/credential-tests';
import { route } from '../shared/routing';
import { mainInputAndOutput, themedIcon } from '../shared/node-description';

export class StockUpload implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stock Upload',
		name: 'stockUpload',
		icon: themedIcon('retailcrm'),
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Upload stock per store and prices per price type to retailCRM, sending only what changed',
		defaults: { name: 'Stock Upload' },
		usableAsTool: true,
		...mainInputAndOutput,
		credentials: [
			{ name: 'retailCrmApi', required: true, testedBy: 'retailCrmApiConnectionTest' },
			// Only the direct mode reads 1C itself.
			{ name: 'oneCUt10Api', required: true, testedBy: 'oneCUt10ApiConnectionTest', displayOptions: { show: { operation: ['uploadFromOneC'] } } },
		],
		properties: resources[0].description,
	};

	methods = { loadOptions, credentialTest: { retailCrmApiConnectionTest, oneCUt10ApiConnectionTest } };

	/**
	 * Each operation handles all input items at once (rows of many offers become a few batches), so an error is
	 * about the whole run: with "continue on fail" it becomes one error item paired with every input item.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		return await route(this, resources, retailCrmClientFor, (nodeError) => {
			const json: IDataObject = { error: nodeError.message };
			if (nodeError.description) json.description = nodeError.description;
			return [{ json, pairedItem: items.map((_, item) => ({ item })) }];
		});
	}
}
