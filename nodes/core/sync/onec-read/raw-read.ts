import type { OneCClient } from '../../onec/client';
import { queryParams } from '../../onec/query';

/** A 1C row as it comes over the wire (tabular sections as arrays, refs as GUID strings). */
export type RawRow = Record<string, unknown>;

/**
 * Paged read of an entity set WITHOUT the model decoder: for documents whose tabular sections we compare
 * (the typed reader knows header fields only) and for sets the UT model does not describe. Without
 * `select` 1C returns the whole object, tabular sections included.
 */
export async function readRawPages(
	client: OneCClient,
	set: string,
	options: { filter?: string; select?: readonly string[]; orderby?: readonly string[]; pageSize?: number; limit?: number },
): Promise<RawRow[]> {
	// The client's pager: rows repeated or skipped by data moving between pages are handled there.
	const out: RawRow[] = [];
	const url = (top: number, skip: number) => client.url([set], queryParams({ select: options.select, filter: options.filter, orderby: options.orderby ?? ['Ref_Key'], top, skip }));
	for await (const page of client.rawPages(set, url, options)) out.push(...(page.rows as RawRow[]));
	return out;
}

/** Removes OData annotations (`odata.metadata`, `…@odata.*`) from a raw object for output. */
export function withoutAnnotations(row: RawRow): RawRow {
	const out: RawRow = {};
	for (const [key, value] of Object.entries(row)) {
		if (key.startsWith('odata.') || key.includes('@odata.') || key.endsWith('@navigationLinkUrl')) continue;
		out[key] = value;
	}
	return out;
}
