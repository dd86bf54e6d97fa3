/**
 * Paged reads of a register's virtual table (`Balance`, `SliceLast`) with `$top`/`$skip` over a stable `$orderby`.
 * The client reads virtual tables in one request; paging is optional because the reference confirms only `$top` on
 * virtual tables (`$skip` is unverified on a real 1C) and each page makes 1C compute the table again. A server
 * that ignores `$skip` answers every page with the first one: that is detected on the second page and reported.
 * Parameters go in the query string, the client's default form.
 */
import type { OneCClient } from '../../onec/client';
import { rowSchema, type Decoded } from '../../onec/codecs';
import type { FieldSpecs } from '../../onec/model';
import { queryParams } from '../../onec/query';

export interface VirtualPagesRequest<S extends FieldSpecs, K extends keyof S & string> {
	/** e.g. `AccumulationRegister_ТоварыНаСкладах` or `InformationRegister_ЦеныНоменклатуры_RecordType`. */
	set: string;
	fn: 'Balance' | 'SliceLast';
	/** Function parameters, already as the query string carries them (`Period=datetime'…'`, raw Condition text). */
	params: ReadonlyArray<readonly [string, string]>;
	specs: S;
	select: readonly K[];
	orderby: readonly string[];
	pageSize: number;
}

export class SkipIgnoredError extends Error {
	constructor(set: string, fn: string) {
		super(`1C ignores $skip on ${set}/${fn}, so it cannot be paged; set the page size to 0 (one request)`);
		this.name = 'SkipIgnoredError';
	}
}

export async function readVirtualTablePages<S extends FieldSpecs, K extends keyof S & string>(
	client: OneCClient,
	request: VirtualPagesRequest<S, K>,
): Promise<Array<Pick<Decoded<S>, K>>> {
	const schema = rowSchema(request.specs, request.select);
	const out: Array<Pick<Decoded<S>, K>> = [];
	let firstOfFirstPage: string | undefined;
	for (let skip = 0; ; skip += request.pageSize) {
		const url = client.url([request.set, request.fn], queryParams({ select: request.select, orderby: request.orderby, top: request.pageSize, skip }, request.params));
		const json = (await client.request('GET', url, { safeToRepeat: true, set: request.set })) as { value?: unknown } | undefined;
		const value = Array.isArray(json?.value) ? (json.value as unknown[]) : [];
		const first = value.length > 0 ? JSON.stringify(value[0]) : undefined;
		if (skip === 0) firstOfFirstPage = first;
		else if (first !== undefined && first === firstOfFirstPage) throw new SkipIgnoredError(request.set, request.fn);
		for (const raw of value) {
			const parsed = schema.safeParse(raw);
			if (!parsed.success) {
				const issue = parsed.error.issues[0];
				throw new Error(`1C returned a ${request.fn} row of ${request.set} we cannot read (${issue?.path.join('.')}: ${issue?.message})`);
			}
			out.push(parsed.data);
		}
		if (value.length < request.pageSize) return out;
	}
}
