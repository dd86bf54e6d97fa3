/**
 * Items (not folders, not marked for deletion) of Catalog_Номенклатура with the fields the catalog needs, and
 * their storage unit (ЕдиницаХраненияОстатков) read in the SAME request through `$expand` — a base keeps one or
 * more ЕдиницыИзмерения rows per item, so reading that catalog separately would double the requests of a full
 * read. `$expand` with `$select=Nav/Prop` is confirmed on a live 1C (docs/1c-odata.md#queries-and-paging, seen on a live base); where a
 * publication refuses it (400/501 on the first request), `unitRead: 'auto'` (default) switches to 'separate': the
 * units by key afterwards (bounded, see attachStorageUnits).
 *
 * Scope: the whole catalog (one paged read), or items whose Parent_Key is in a folder set — as OR-chains while
 * they fit `maxWhereInRequests` URLs, else the whole catalog in pages filtered here (the count is known up front).
 */
import { appendAll } from '../../common/append-all';
import type { OneCClient } from '../../onec/client';
import { OneCODataError, passOn, unreadableValue } from '../../onec/errors';
import { isDecodeIssue, rowDecoder } from '../../onec/row-decoder';
import { UT } from '../../onec/model';
import { and, eq, guidLiteral, inListChunks, queryParams } from '../../onec/query';
import { DEFAULT_MAX_WHERE_IN_REQUESTS, readByKeys } from '../onec-read/keyed-read';
import { normalizeRef } from '../offer-key';

const Items = UT.Catalog_Номенклатура;
const Units = UT.Catalog_ЕдиницыИзмерения;

export const ITEM_FIELDS = [
	'Ref_Key',
	'Code',
	'Description',
	'Артикул',
	'НаименованиеПолное',
	'Parent_Key',
	'Услуга',
	'Набор',
	'ВестиУчетПоХарактеристикам',
	'Весовой',
	'ЕдиницаХраненияОстатков_Key',
	'БазоваяЕдиницаИзмерения_Key',
	'СтавкаНДС',
] as const;

export const UNIT_FIELDS = ['Description', 'ЕдиницаПоКлассификатору_Key', 'Вес', 'Коэффициент'] as const;

/** The navigation property behind ЕдиницаХраненияОстатков_Key. */
const UNIT_NAV = 'ЕдиницаХраненияОстатков';

export interface StorageUnit {
	ref: string;
	name: string;
	classifierRef: string | null;
	/** kg per unit, 0 when not filled. */
	weight: number;
	coefficient: number;
}

export interface ItemRecord {
	ref: string;
	code: string;
	name: string;
	article: string;
	fullName: string;
	parentRef: string | null;
	isService: boolean;
	isSet: boolean;
	keptByCharacteristics: boolean;
	isWeighed: boolean;
	storageUnitRef: string | null;
	baseUnitClassifierRef: string | null;
	vat: string | null;
	/** Filled by the read (expand) or by attachStorageUnits; null when the item has no storage unit. */
	storageUnit: StorageUnit | null;
}

/** 'auto' (default): `$expand`, and 'separate' for the rest of the run if 1C refuses the first expanded request. */
export type UnitRead = 'auto' | 'expand' | 'separate';

export interface ItemReadOptions {
	/** Parent folders (already expanded to their descendants); undefined = the whole catalog. */
	folderRefs?: ReadonlySet<string>;
	unitRead?: UnitRead;
	maxWhereInRequests?: number;
}

const BASE_FILTER = and(eq('IsFolder', false), eq('DeletionMark', false)) as string;

/**
 * Percent-encoded Cyrillic makes `ЕдиницаХраненияОстатков/<field>` cost ~150 URL characters each. A full read names
 * the four unit fields (smaller answers); an OR-chain read names the whole navigation instead (1C then returns
 * all of the unit's fields) to leave the URL room for the chain.
 */
type UnitSelect = 'fields' | 'whole';

function selectFor(unitRead: 'expand' | 'separate', unitSelect: UnitSelect): string[] {
	const select: string[] = [...ITEM_FIELDS];
	if (unitRead === 'expand') {
		if (unitSelect === 'whole') select.push(UNIT_NAV);
		else for (const f of UNIT_FIELDS) select.push(`${UNIT_NAV}/${f}`);
	}
	return select;
}

function paramsFor(unitRead: 'expand' | 'separate', unitSelect: UnitSelect, filter: string, top: number, skip: number) {
	return queryParams({ select: selectFor(unitRead, unitSelect), expand: unitRead === 'expand' ? [UNIT_NAV] : undefined, filter, orderby: ['Ref_Key'], top, skip });
}

const decodeItemRow = rowDecoder(Items.specs, ITEM_FIELDS);
const decodeUnitRow = rowDecoder(Units.specs, UNIT_FIELDS);

function decodeItem(raw: unknown, url: string, unitRead: 'expand' | 'separate'): ItemRecord {
	const row = decodeItemRow(raw);
	if (isDecodeIssue(row)) throw unreadableValue(row, url);
	let storageUnit: StorageUnit | null = null;
	const nested = (raw as Record<string, unknown>)[UNIT_NAV];
	if (unitRead === 'expand' && row.ЕдиницаХраненияОстатков_Key !== null && nested !== null && typeof nested === 'object') {
		const unit = decodeUnitRow(nested);
		if (isDecodeIssue(unit)) throw unreadableValue(unit, url);
		storageUnit = toStorageUnit(row.ЕдиницаХраненияОстатков_Key, unit);
	}
	return {
		ref: row.Ref_Key.toLowerCase(),
		code: row.Code,
		name: row.Description,
		article: row.Артикул,
		fullName: row.НаименованиеПолное,
		parentRef: normalizeRef(row.Parent_Key),
		isService: row.Услуга,
		isSet: row.Набор,
		keptByCharacteristics: row.ВестиУчетПоХарактеристикам,
		isWeighed: row.Весовой,
		storageUnitRef: row.ЕдиницаХраненияОстатков_Key,
		baseUnitClassifierRef: row.БазоваяЕдиницаИзмерения_Key,
		vat: row.СтавкаНДС,
		storageUnit,
	};
}

function toStorageUnit(ref: string, row: { Description: string; ЕдиницаПоКлассификатору_Key: string | null; Вес: number; Коэффициент: number }): StorageUnit {
	return { ref: ref.toLowerCase(), name: row.Description, classifierRef: row.ЕдиницаПоКлассификатору_Key, weight: row.Вес, coefficient: row.Коэффициент };
}

/**
 * `$top/$skip` pages over `$orderby=Ref_Key` through the client's pager (rows repeated or skipped by data moving
 * between pages are handled there); the URL carries `$expand`, which the client's typed pages() does not.
 */
async function readPages(client: OneCClient, filter: string, unitRead: 'expand' | 'separate', unitSelect: UnitSelect, onPage: (items: ItemRecord[]) => void): Promise<void> {
	const url = (top: number, skip: number) => client.url([Items.set], paramsFor(unitRead, unitSelect, filter, top, skip));
	for await (const page of client.rawPages(Items.set, url)) onPage(page.rows.map((raw) => decodeItem(raw, page.url, unitRead)));
}

/** OR-chains of `Parent_Key eq guid'…'` that keep each URL within the client's limit. */
export function folderChunks(client: OneCClient, folderRefs: readonly string[], unitRead: 'expand' | 'separate'): string[] {
	const base = client.url([Items.set], paramsFor(unitRead, 'whole', `(${BASE_FILTER}) and ()`, client.pageSize, 999_999_999));
	const budget = client.maxUrlLength - base.length - '&$filter='.length;
	if (budget < 200) return [];
	return inListChunks('Parent_Key', folderRefs, budget, (v) => guidLiteral(String(v)));
}

/** Items in scope with their storage units (see the module comment for the requests). */
export async function readItems(client: OneCClient, options: ItemReadOptions = {}): Promise<ItemRecord[]> {
	const wanted = options.unitRead ?? 'auto';
	if (wanted !== 'auto') return await readItemsWith(client, wanted, options);
	let refusal: unknown;
	try {
		return await readItemsWith(client, 'expand', options);
	} catch (error) {
		refusal = error;
	}
	// Only a refusal of the query itself; anything else (auth, network, 5xx) is not about $expand.
	if (!(refusal instanceof OneCODataError) || (refusal.status !== 400 && refusal.status !== 501)) throw passOn(refusal);
	return await readItemsWith(client, 'separate', options);
}

async function readItemsWith(client: OneCClient, unitRead: 'expand' | 'separate', options: ItemReadOptions): Promise<ItemRecord[]> {
	const out: ItemRecord[] = [];
	const scope = options.folderRefs;
	if (scope === undefined) {
		await readPages(client, BASE_FILTER, unitRead, 'fields', (page) => appendAll(out, page));
	} else if (scope.size > 0) {
		const chunks = folderChunks(client, [...scope], unitRead);
		if (chunks.length > 0 && chunks.length <= (options.maxWhereInRequests ?? DEFAULT_MAX_WHERE_IN_REQUESTS)) {
			for (const chunk of chunks) await readPages(client, and(BASE_FILTER, chunk) as string, unitRead, 'whole', (page) => appendAll(out, page));
			// OR-chain reads come back per chunk; one order for the whole result, as a full read gives.
			out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
		} else {
			await readPages(client, BASE_FILTER, unitRead, 'fields', (page) => {
				for (const item of page) if (item.parentRef !== null && scope.has(item.parentRef)) out.push(item);
			});
		}
	}
	if (unitRead === 'separate') await attachStorageUnits(client, out, options.maxWhereInRequests);
	return out;
}

/**
 * `unitRead: 'separate'`: the storage units by Ref_Key — OR-chains while they fit `maxWhereInRequests` URLs, else
 * the whole ЕдиницыИзмерения catalog in pages (about as many rows as items: the expensive path).
 */
export async function attachStorageUnits(client: OneCClient, items: ItemRecord[], maxWhereInRequests?: number): Promise<void> {
	const refs = new Set<string>();
	for (const item of items) if (item.storageUnitRef !== null) refs.add(item.storageUnitRef);
	const rows = await readByKeys(client, Units, 'Ref_Key', refs, { select: ['Ref_Key', ...UNIT_FIELDS], maxWhereInRequests });
	const byRef = new Map(rows.map((row) => [row.Ref_Key.toLowerCase(), toStorageUnit(row.Ref_Key, row)]));
	for (const item of items) item.storageUnit = item.storageUnitRef === null ? null : (byRef.get(item.storageUnitRef) ?? null);
}
