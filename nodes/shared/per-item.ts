import type { IExecuteFunctions, INodeExecutionData, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { toNodeError } from './errors';

/**
 * Where the text of a continue-on-fail error item comes from: the error as thrown (most operations), or the
 * n8n error it maps to (which may reword a network error, e.g. ECONNREFUSED). Kept per operation so that the
 * texts users already see do not change.
 */
export type ErrorText = 'thrown' | 'nodeError';

/**
 * Runs `run` for each input item; it pushes that item's output items to `out`, and any it pushes without
 * `pairedItem` are paired with the item. A failing item stops the node with the n8n error naming that item
 * (`itemIndex`), or, with "Continue On Fail", adds `{ error }` paired with it (after what it had already
 * pushed) and the next items run.
 */
export async function perItem(
	ctx: IExecuteFunctions,
	run: (itemIndex: number, out: INodeExecutionData[]) => Promise<void>,
	errorText: ErrorText = 'thrown',
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const count = ctx.getInputData().length;
	for (let i = 0; i < count; i++) {
		const from = out.length;
		try {
			await run(i, out);
		} catch (error) {
			const nodeError = toNodeError(ctx.getNode(), error, i);
			if (!ctx.continueOnFail()) throw nodeError;
			out.push({ json: { error: errorText === 'nodeError' ? nodeError.message : (error as Error).message } });
		} finally {
			for (let k = from; k < out.length; k++) out[k].pairedItem ??= { item: i };
		}
	}
	return out;
}

/**
 * For operations that handle all input items as one batch and learn per item what failed: the n8n error
 * naming item `itemIndex`, thrown unless "Continue On Fail"; returned so the caller puts its message on the
 * item's own output (which keeps the item's fields, e.g. the order ID Confirm Processed needs).
 */
export function itemFailure(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	const nodeError = toNodeError(ctx.getNode(), error, itemIndex);
	if (!ctx.continueOnFail()) throw nodeError;
	return nodeError;
}

/**
 * For operations that handle all input items as one run (one upload, one catalog file, one report): a failure
 * of the run stops the node with its n8n error, or, with "Continue On Fail", becomes the items `onContinue`
 * makes of it (the error as mapped for n8n, and as thrown). `toError` maps the error when the operation has its
 * own mapping (the ICML Builder lists the catalog's validation issues); by default it is `toNodeError`.
 */
export async function wholeRun(
	ctx: IExecuteFunctions,
	run: () => Promise<INodeExecutionData[]>,
	onContinue: (nodeError: NodeApiError | NodeOperationError, thrown: unknown) => INodeExecutionData[],
	toError: (error: unknown) => NodeApiError | NodeOperationError = (error) => toNodeError(ctx.getNode(), error),
): Promise<INodeExecutionData[]> {
	try {
		return await run();
	} catch (error) {
		const nodeError = toError(error);
		if (!ctx.continueOnFail()) throw nodeError;
		return onContinue(nodeError, error);
	}
}
