import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RetailCrmClient } from '../../core/retailcrm/client';
import { registerWarehouseSystem } from '../../core/sync/stock/warehouse-system';
import { operationFields } from '../../shared/operation-fields';
import { optionsCollection } from '../../shared/options-collection';

export const description = operationFields({ operation: 'registerWarehouseSystem' }, [
	{
		displayName: 'Module Code',
		name: 'moduleCode',
		type: 'string',
		default: 'n8n-1c-stock',
		required: true,
		description: 'The code of the integration module in retailCRM; running again with the same code updates it',
	},
	{
		displayName: 'Module Name',
		name: 'moduleName',
		type: 'string',
		default: 'n8n: 1C UT 10.3 stock',
		required: true,
		description: 'The name retailCRM shows for the warehouse system',
	},
	{
		displayName: 'Active',
		name: 'active',
		type: 'boolean',
		default: true,
		description: 'Whether the warehouse system is switched on. While it is, retailCRM takes stock from the uploads instead of managing it itself.',
	},
	optionsCollection([
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', description: 'Defaults to the module code' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '', placeholder: 'https://n8n.example.com' },
		{ displayName: 'Account URL', name: 'accountUrl', type: 'string', default: '', placeholder: 'https://n8n.example.com/workflow/rcrm1cStock' },
		{
			displayName: 'Extra Module Fields (JSON)',
			name: 'extraFields',
			type: 'json',
			default: '{}',
			description: 'Fields merged over the module sent to retailCRM, e.g. {"integrations":{"store":{"actions":[]}}}',
		},
	]),
]);

function parseExtra(this: IExecuteFunctions, raw: unknown): Record<string, unknown> | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw) as unknown;
		} catch {
			throw new NodeOperationError(this.getNode(), '"Extra Module Fields (JSON)" is not valid JSON');
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new NodeOperationError(this.getNode(), '"Extra Module Fields (JSON)" must be a JSON object');
	}
	return value as Record<string, unknown>;
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const result = await registerWarehouseSystem(client, {
		code: String(this.getNodeParameter('moduleCode', 0)),
		name: String(this.getNodeParameter('moduleName', 0)),
		active: this.getNodeParameter('active', 0, true) as boolean,
		clientId: typeof options.clientId === 'string' ? options.clientId : undefined,
		baseUrl: typeof options.baseUrl === 'string' ? options.baseUrl : undefined,
		accountUrl: typeof options.accountUrl === 'string' ? options.accountUrl : undefined,
		extra: parseExtra.call(this, options.extraFields),
	});
	return [
		{
			json: { registered: true, created: result.created, code: result.module.code, module: result.module, info: result.info } as IDataObject,
			pairedItem: items.map((_, item) => ({ item })),
		},
	];
}
