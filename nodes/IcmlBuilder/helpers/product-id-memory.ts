import type { IExecuteFunctions } from 'n8n-workflow';
import { readState, writeState, type VersionedState } from '../../shared/state';

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
