/**
 * "Rows whose <field> is one of these keys" with a bounded number of requests: a few keys go as OR-chains
 * (`readWhereIn`, about 25 GUIDs per URL), many keys make reading the whole set in pages cheaper, and the rows
 * are then kept by key here. The switch is made before any request, so the request count is known in advance:
 * at most `maxWhereInRequests` OR-chain requests, otherwise one request per page of the set (wholeSetPageSize).
 */
import type { OneCClient, ReadOptions } from '../../onec/client';
import type { Decoded } from '../../onec/codecs';
import type { EntityDef, FieldSpecs } from '../../onec/model';
import { guidLiteral, inListChunks, lowerCaseLatin, queryParams } from '../../onec/query';

/** Default ceiling of OR-chain requests before a keyed read switches to a full paged read. */
export const DEFAULT_MAX_WHERE_IN_REQUESTS = 8;

/** Rows of this many columns or more keep the client's page size (items: onec-read/items.ts ITEM_SELECT's 11). */
const FULL_ROW_COLUMNS = 10;
/** At most this many times the client's page size, however narrow the rows. */
const MAX_PAGE_FACTOR = 5;

/**
 * Rows per page of a keyed read's whole-set read: about the bytes of a page of item rows, so narrow rows come more to
 * a page (units' key and coefficient: 5,000 instead of 1,000). Every request costs 1C a query over the set and a
 * session round trip; the bytes are what a page size must bound. 300,000 offers' units: 58 requests instead of 287
 * (the sandbox answered them in 1.4–1.6 s instead of 2.2–3.3 s).
 */
export function wholeSetPageSize(client: Pick<OneCClient, 'pageSize'>, columns: number): number {
	return client.pageSize * Math.max(1, Math.min(MAX_PAGE_FACTOR, Math.floor(FULL_ROW_COLUMNS / Math.max(1, columns))));
}

type EntityLike<S extends FieldSpecs> = Pick<EntityDef<S>, 'set' | 'specs'>;

const GUID_LENGTH = 36;

/**
 * Whether `readWhereIn` would send at most `max` OR-chain requests for these keys (distinct, as readByKeys gives
 * them; the same URL budget as the client). A URL of `maxUrlLength` characters holds fewer GUIDs than
 * ⌈maxUrlLength / 36⌉, so more keys than `max` times that cannot fit and are not built into chains only to be counted
 * (the units of a 300,000-offer price read: 52,176 terms, each URL-encoded, per run).
 */
function fitsWhereIn<S extends FieldSpecs>(client: OneCClient, entity: EntityLike<S>, fieldName: keyof S & string, keys: readonly string[], select: readonly string[], max: number, filter?: string): boolean {
	if (keys.length === 0) return true;
	if (keys.length > max * Math.ceil(client.maxUrlLength / GUID_LENGTH)) return false;
	const base = client.url(
		[entity.set],
		queryParams({ select, filter: filter ? `(${filter}) and ()` : undefined, orderby: ['Ref_Key'], top: client.pageSize, skip: 999_999_999 }),
	);
	const budget = client.maxUrlLength - base.length - '&$filter='.length;
	if (budget < 200) return false;
	return inListChunks(fieldName, keys, budget, (v) => guidLiteral(String(v))).length <= max;
}

export interface KeyedReadOptions<S extends FieldSpecs, K extends keyof S & string> {
	select: readonly K[];
	/** AND-ed to every request (e.g. `IsFolder eq false`). */
	filter?: string;
	/** OR-chain requests allowed before reading the whole set instead; default DEFAULT_MAX_WHERE_IN_REQUESTS. */
	maxWhereInRequests?: number;
	orderby?: ReadOptions<S, K>['orderby'];
}

/**
 * Rows of `entity` whose GUID field `fieldName` is in `keys` (compared lower-case). `fieldName` must be in
 * `select`, so rows of a full read can be kept by key.
 */
export async function readByKeys<S extends FieldSpecs, K extends keyof S & string>(
	client: OneCClient,
	entity: EntityLike<S>,
	fieldName: K,
	keys: Iterable<string>,
	options: KeyedReadOptions<S, K>,
): Promise<Array<Pick<Decoded<S>, K>>> {
	const wanted = new Set<string>();
	for (const key of keys) if (key) wanted.add(lowerCaseLatin(key));
	if (wanted.size === 0) return [];
	const list = [...wanted];
	const max = options.maxWhereInRequests ?? DEFAULT_MAX_WHERE_IN_REQUESTS;
	const read = { select: options.select, filter: options.filter, orderby: options.orderby };
	if (fitsWhereIn(client, entity, fieldName, list, options.select, max, options.filter)) {
		return await client.readWhereIn(entity, fieldName, list, read);
	}
	// The whole set, page by page; only the wanted rows are kept (the catalog of 300,000 items is never held twice).
	const out: Array<Pick<Decoded<S>, K>> = [];
	for await (const page of client.pages(entity, { ...read, pageSize: wholeSetPageSize(client, options.select.length) })) {
		for (const row of page) {
			const value = (row as Record<string, unknown>)[fieldName];
			// GUIDs (hex and dashes): lower-cased only when they are not already, as the decoders answer them.
			if (typeof value === 'string' && wanted.has(lowerCaseLatin(value))) out.push(row);
		}
	}
	return out;
}
