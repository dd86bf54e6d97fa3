import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { appendAll } from '../../core/common/append-all';
import type { RowFields } from '../../core/sync/row-fields';
import type { ScopeConsumer, ScopeShare } from '../../core/sync/onec-read/scope-cache';
import { perItem } from '../../shared/per-item';
import { readOutputShape, readRowFields, rowItems } from '../../shared/row-items';
import { shareOf } from './shared-options';

/** What Get Prices and Get Balances pass their core read besides their own settings. */
export interface RowReadContext {
	/** This run's share of the catalog read between the two (shareOf). */
	share: ScopeShare | undefined;
	/** Options → Row Fields. */
	rowFields: RowFields;
}

/**
 * The execute of Get Balances (Get Prices has its own, for its unchanged and read-ahead reads): per input item its Options (Output checked first), one 1C read, what the
 * read noted reported, then its rows as items, one per row or in batches (`consumer` names both the share and the batches).
 */
export async function rowReadPerItem<R extends { items: readonly object[] }>(
	ctx: IExecuteFunctions,
	consumer: ScopeConsumer,
	read: (i: number, options: IDataObject, context: RowReadContext) => Promise<R>,
	report: (result: R) => void,
): Promise<INodeExecutionData[]> {
	return await perItem(ctx, async (i, out) => {
		const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
		const shape = readOutputShape(ctx, options);
		const result = await read(i, options, { share: shareOf(ctx, consumer), rowFields: readRowFields(options) });
		report(result);
		appendAll(out, rowItems(result.items as unknown as IDataObject[], shape, consumer, { item: i }));
	});
}
