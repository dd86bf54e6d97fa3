import type { IExecuteFunctions } from 'n8n-workflow';
import { MANUAL_RUN_STATE, readState, writeState, type VersionedState } from '../../shared/state';

/**
 * Product ids that name-pattern grouping gave each 1C item (core/icml/variant-groups.ts), kept in the workflow's
 * static data so a product keeps its id (and retailCRM its card) when its items change. Workflow-wide ('global'),
 * so the webhook row and the schedule row of the template give the same ids. Saved by n8n after non-manual runs.
 */
interface ProductIdMemory extends VersionedState {
	version: 1;
	/** Item key → product id. */
	byItem: Record<string, string>;
}

const KEY = 'icmlProductIds';
const empty = (): ProductIdMemory => ({ version: 1, byItem: {} });

export function rememberedProductIds(ctx: IExecuteFunctions): Map<string, string> {
	const state = readState<ProductIdMemory>(ctx, 'global', KEY, empty);
	const out = new Map<string, string>();
	for (const [item, id] of Object.entries(state.byItem ?? {})) if (typeof id === 'string') out.set(item, id);
	return out;
}

/** Writes only when something changed (a write marks static data dirty, and n8n then saves the workflow). */
export function saveProductIds(ctx: IExecuteFunctions, remember: ReadonlyMap<string, string>): void {
	const known = rememberedProductIds(ctx);
	if (known.size === remember.size && [...remember].every(([item, id]) => known.get(item) === id)) return;
	writeState<ProductIdMemory>(ctx, 'global', KEY, { version: 1, byItem: Object.fromEntries(remember) });
}

/**
 * A manual run that finds no remembered ids (n8n 1.x starts every manual run without the saved static data) gives each
 * product of several items the smallest key of its items: a product whose items changed since the last saved run (a
 * new size with a smaller GUID, the item whose GUID was its id deleted) gets another id in this file, and retailCRM
 * would make it a new card if it imported the file (README, "Catalog: products that stay put"). Said in the output
 * pane; nothing is said when ids were remembered or no product needs one.
 */
export function hintManualWithoutProductIds(ctx: IExecuteFunctions, remember: ReadonlyMap<string, string>): void {
	if (ctx.getMode() !== 'manual' || remember.size === 0 || rememberedProductIds(ctx).size > 0) return;
	ctx.addExecutionHints({
		message: `Manual run without remembered product IDs (${MANUAL_RUN_STATE}): a product whose items changed since the last saved run (a new size with a smaller GUID, or the item whose GUID was its ID deleted) may get another product ID in this file, and retailCRM would make it a new product card if it imported this file. Let a scheduled run or the catalog webhook build the file retailCRM imports.`,
		type: 'warning',
		location: 'outputPane',
	});
}
