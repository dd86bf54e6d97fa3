import type { IExecuteFunctions, INodeExecutionData, INodeProperties, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { wholeRun } from './per-item';

/** One operation: reads its own parameters and returns the node's output items. */
export type NodeOperation<Client> = (this: IExecuteFunctions, client: Client) => Promise<INodeExecutionData[]>;

/**
 * A resource folder's index exports this: the fields it shows and the operations it routes to. A node without a
 * Resource selector (Stock Upload) has one resource without `value`.
 */
export interface NodeResource<Client> {
	value?: string;
	name?: string;
	/** Fields of the resource, its Operation selector first. */
	description: INodeProperties[];
	operations: Record<string, NodeOperation<Client>>;
	/**
	 * The output when the node's client cannot be built (a refused plain-http URL, a missing credential), instead of
	 * stopping the node: Check Setup reports it as a failed check, so the next node still runs. Absent: the node stops.
	 */
	clientFailure?: (ctx: IExecuteFunctions, error: unknown) => INodeExecutionData[];
}

/** The Resource selector of a node with several resources, in the order of `resources`. */
export function resourceSelector(resources: ReadonlyArray<Pick<NodeResource<never>, 'name' | 'value'>>, defaultValue: string): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources.map((r) => ({ name: r.name ?? '', value: r.value ?? '' })),
		default: defaultValue,
	};
}

/** The operation the node's Resource and Operation parameters name; an unknown pair stops the node. */
export function operationOf<Client>(ctx: IExecuteFunctions, resources: ReadonlyArray<NodeResource<Client>>): NodeOperation<Client> {
	return selected(ctx, resources).run;
}

function selected<Client>(ctx: IExecuteFunctions, resources: ReadonlyArray<NodeResource<Client>>): { resource: NodeResource<Client>; run: NodeOperation<Client> } {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	if (resources.length === 1 && resources[0].value === undefined) {
		const run = resources[0].operations[operation];
		if (!run) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`);
		return { resource: resources[0], run };
	}
	const resourceName = ctx.getNodeParameter('resource', 0) as string;
	const resource = resources.find((r) => r.value === resourceName);
	const run = resource?.operations[operation];
	if (!resource || !run) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resourceName}" is not supported`);
	return { resource, run };
}

/**
 * Runs the operation the parameters name with the node's client. `onRunFailure` is for nodes whose operations
 * handle all items as one run (Stock Upload): a failure of the run, client included, then goes through
 * `wholeRun` (shared/per-item.ts); without it the operation handles its own errors per item, and a client that
 * cannot be built stops the node unless the resource says otherwise (`clientFailure`).
 */
export async function route<Client>(
	ctx: IExecuteFunctions,
	resources: ReadonlyArray<NodeResource<Client>>,
	clientFor: (ctx: IExecuteFunctions) => Promise<Client>,
	onRunFailure?: (nodeError: NodeApiError | NodeOperationError) => INodeExecutionData[],
): Promise<INodeExecutionData[][]> {
	const { resource, run } = selected(ctx, resources);
	const clientFailure = resource.clientFailure;
	if (onRunFailure === undefined && clientFailure !== undefined) {
		const built = await clientFor(ctx).then(
			(client) => ({ client }),
			(error: unknown) => ({ failure: clientFailure(ctx, error) }),
		);
		return ['failure' in built ? built.failure : await run.call(ctx, built.client)];
	}
	if (onRunFailure === undefined) return [await run.call(ctx, await clientFor(ctx))];
	return [await wholeRun(ctx, async () => await run.call(ctx, await clientFor(ctx)), onRunFailure)];
}
