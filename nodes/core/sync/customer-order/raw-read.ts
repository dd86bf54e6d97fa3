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
	const pageSize = options.pageSize ?? client.pageSize;
	const out: RawRow[] = [];
	let skip = 0;
	for (;;) {
		const top = options.limit === undefined ? pageSize : Math.min(pageSize, options.limit - skip);
		if (top <= 0) return out;
		const url = client.url([set], queryParams({ select: options.select, filter: options.filter, orderby: options.orderby ?? ['Ref_Key'], top, skip }));
		const json = (await client.request('GET', url, { safeToRepeat: true, set })) as { value?: unknown } | undefined;
		const rows = Array.isArray(json?.value) ? (json.value as RawRow[]) : [];
		out.push(...rows);
		skip += rows.length;
		if (rows.length < top) return out;
	}
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
