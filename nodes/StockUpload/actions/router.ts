import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RetailCrmClient } from '../../core/retailcrm/client';
import { retailCrmClientFor } from '../../shared/clients';
import { wholeRun } from '../../shared/per-item';
import { registerWarehouseSystem, uploadPrices, uploadStock } from './operations';

type Operation = (this: IExecuteFunctions, client: RetailCrmClient) => Promise<INodeExecutionData[]>;

const operations: Record<string, Operation> = {
	uploadStock: uploadStock.execute,
	uploadPrices: uploadPrices.execute,
	registerWarehouseSystem: registerWarehouseSystem.execute,
};

/**
 * Each operation handles all input items at once (rows of many offers become a few batches), so an error is
 * about the whole run: with "continue on fail" it becomes one error item paired with every input item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[operation];
	if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	const items = this.getInputData();
	const output = await wholeRun(
		this,
		async () => await run.call(this, await retailCrmClientFor(this)),
		(nodeError) => {
			const json: IDataObject = { error: nodeError.message };
			if (nodeError.description) json.description = nodeError.description;
			return [{ json, pairedItem: items.map((_, item) => ({ item })) }];
		},
	);
	return [output];
}
