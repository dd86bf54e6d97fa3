import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { RetailCrmClient } from '../../core/retailcrm/client';
import { retailCrmClientFor } from '../clients';
import { toNodeError } from '../errors';

/** What every retailCRM dropdown does around its own read: the node's client, and errors as node errors. */
export async function loadCrm(
	context: ILoadOptionsFunctions,
	read: (client: RetailCrmClient) => Promise<INodePropertyOptions[]>,
): Promise<INodePropertyOptions[]> {
	try {
		return await read(await retailCrmClientFor(context));
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

/** `Name (code)`, or the code alone when the entry has no name. */
export function codeLabel(entry: { code: string; name?: string }): string {
	return entry.name ? `${entry.name} (${entry.code})` : entry.code;
}

/** The active entries of a reference book as dropdown options (`Name (code)` → code), each described by `describe` if given. */
export function activeOptions<E extends { code: string; name?: string; active?: boolean }>(
	entries: readonly E[],
	describe?: (entry: E) => string | undefined,
): INodePropertyOptions[] {
	return entries
		.filter((e) => e.active !== false)
		.map((e) => (describe ? { name: codeLabel(e), value: e.code, description: describe(e) } : { name: codeLabel(e), value: e.code }));
}
