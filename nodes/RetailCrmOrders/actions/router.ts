import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { retailCrmClientFor } from '../../shared/clients';
import * as order from './order/Order.resource';
import * as setup from './setup/Setup.resource';

type Operation = (this: IExecuteFunctions, client: Awaited<ReturnType<typeof retailCrmClientFor>>) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, Operation>> = {
	order: {
		get: order.get.execute,
		getMany: order.getMany.execute,
		getChanged: order.getChanged.execute,
		update: order.update.execute,
		updateFromProgress: order.updateFromProgress.execute,
		confirmProcessed: order.confirmProcessed.execute,
		writeBack: order.writeBack.execute,
		quarantine: order.quarantine.execute,
	},
	setup: {
		checkSetup: setup.checkSetup.execute,
	},
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const client = await retailCrmClientFor(this);
	return [await run.call(this, client)];
}
