/**
 * The 1C item reads (Catalog_Номенклатура), one module for every flow that reads items:
 * - the stock and price reads' lean rows (ItemRow: ITEM_SELECT, deleted items included and dropped by isStockItem),
 *   characteristics of items kept by characteristics, and the offers such a scope contains;
 * - the catalog's full records (ItemRecord: ITEM_FIELDS, the same fields less DeletionMark, which 1C filters, plus
 *   what ICML needs) with their storage units in the same request (readItems, below).
 * The two stay two requests on purpose: the catalog's $expand and filter would lengthen the stock and price reads'
 * OR-chain URLs (more requests), and the catalog needs the units. The folder scope ("limit to folders") is folders.ts's.
 */
import { appendAll } from '../../common/append-all';
import { StringPool } from '../../common/string-pool';
import type { OneCClient } from '../../onec/client';
import type { Decoded } from '../../onec/codecs';
import { OneCODataError, passOn, unreadableValue } from '../../onec/errors';
import { isDecodeIssue, rowDecoder } from '../../onec/row-decoder';
import { UT } from '../../onec/model';
import { and, eq, guidLiteral, inListChunks, queryParams, lowerCaseLatin } from '../../onec/query';
import { normalizeRef, type RefValue } from '../offer-key';
import { DEFAULT_MAX_WHERE_IN_REQUESTS, readByKeys } from './keyed-read';

const Items = UT.Catalog_Номенклатура;
const Characteristics = UT.Catalog_ХарактеристикиНоменклатуры;
const Units = UT.Catalog_ЕдиницыИзмерения;

export const ITEM_SELECT = [
	'Ref_Key',
	'Code',
	'Description',
	'Артикул',
	'Parent_Key',
	'DeletionMark',
	'Услуга',
	'Набор',
	'ВестиУчетПоХарактеристикам',
	'ЕдиницаХраненияОстатков_Key',
	'СтавкаНДС',
] as const;

export type ItemRow = Pick<Decoded<typeof Items.specs>, (typeof ITEM_SELECT)[number]>;

/** The item fields only All Fields rows show (codes and names); an upload needs none of them. */
type NamingField = 'Code' | 'Description' | 'Артикул';

/**
 * ITEM_SELECT less the code, name and article: what a read of upload rows needs of an item (is it a stock item, kept
 * by characteristics, its storage unit and VAT rate). About a third fewer bytes per item, at 300,000 offers some 35 MB
 * less JSON per stock run (catalog-scope.ts `names`).
 */
export const SCOPE_SELECT = ITEM_SELECT.filter((field): field is Exclude<(typeof ITEM_SELECT)[number], NamingField> => field !== 'Code' && field !== 'Description' && field !== 'Артикул');

/** An item of a catalog scope: ItemRow, or ItemRow without the naming fields when the scope was read without names. */
export type ScopeItemRow = Omit<ItemRow, NamingField> & Partial<Pick<ItemRow, NamingField>>;

/**
 * The offer and item columns that lead every Get Balances and Get Prices output row (All Fields), in this order. Each
 * row writes them in its own literal: a spread of a columns object into each row was a price read's largest
 * self time.
 */
export interface OfferColumns {
	/** `<item GUID>` or `<item GUID>#<characteristic GUID>`. */
	offerKey: string;
	itemRef: string;
	characteristicRef: string | null;
	itemCode: string;
	itemArticle: string;
	itemName: string;
}

/** An offer that exists in the catalog scope (for "Include zero stock"). */
export interface OfferInScope {
	itemRef: string;
	characteristicRef?: RefValue;
}

export interface CharacteristicRow {
	Ref_Key: string;
	Owner_Key: string | null;
	Description: string;
}

const ITEMS_ONLY = eq('IsFolder', false);

export interface CatalogReadOptions {
	maxWhereInRequests?: number;
}

/**
 * The items (not folders) of a catalog scope: those directly inside any of `folders` (pass descendantFolders' result
 * for recursion), or every item of the catalog, in pages, when `folders` is undefined. With `names` false, without the
 * code, name and article (SCOPE_SELECT).
 */
export async function readScopeItems(client: OneCClient, folders: ReadonlySet<string> | undefined, names: boolean, options: CatalogReadOptions = {}): Promise<ScopeItemRow[]> {
	const select = names ? ITEM_SELECT : SCOPE_SELECT;
	if (folders === undefined) return await client.readAll(Items, { select, filter: ITEMS_ONLY });
	return await readByKeys(client, Items, 'Parent_Key', folders, { select, filter: ITEMS_ONLY, maxWhereInRequests: options.maxWhereInRequests });
}

/** Names of items by Ref_Key (lower case), for a handful of items a report names (folders are skipped). */
export async function readItemNames(client: OneCClient, refs: Iterable<string>, options: CatalogReadOptions = {}): Promise<Map<string, string>> {
	const rows = await readByKeys(client, Items, 'Ref_Key', refs, { select: ['Ref_Key', 'Description'], filter: ITEMS_ONLY, maxWhereInRequests: options.maxWhereInRequests });
	return new Map(rows.map((row) => [lowerCaseLatin(row.Ref_Key), row.Description]));
}

/** Items by Ref_Key (folders are skipped). */
export async function readItemsByRefs(client: OneCClient, refs: Iterable<string>, options: CatalogReadOptions = {}): Promise<ItemRow[]> {
	return await readByKeys(client, Items, 'Ref_Key', refs, { select: ITEM_SELECT, filter: ITEMS_ONLY, maxWhereInRequests: options.maxWhereInRequests });
}

/** Characteristics (not marked for deletion) owned by `ownerRefs`. */
export async function readCharacteristics(client: OneCClient, ownerRefs: Iterable<string>, options: CatalogReadOptions = {}): Promise<CharacteristicRow[]> {
	return await readByKeys(client, Characteristics, 'Owner_Key', ownerRefs, {
		select: ['Ref_Key', 'Owner_Key', 'Description'],
		filter: eq('DeletionMark', false),
		maxWhereInRequests: options.maxWhereInRequests,
	});
}

/** Items that can carry stock and prices of their own: not services, not sets (a set's stock is its parts'), not deleted. */
export function isStockItem(item: ScopeItemRow): boolean {
	return !item.Услуга && !item.Набор && !item.DeletionMark;
}

/** Items whose offers are their characteristics (UT's ВестиУчетПоХарактеристикам). */
export function keptByCharacteristics(items: Iterable<ScopeItemRow>): string[] {
	const out: string[] = [];
	for (const item of items) if (item.ВестиУчетПоХарактеристикам && isStockItem(item)) out.push(item.Ref_Key);
	return out;
}

/**
 * Offers of the items: `<item>#<characteristic>` for each characteristic of an item kept by characteristics,
 * `<item>` for the others (and for an item kept by characteristics that has none yet) — the offers UT's own
 * CommerceML export writes.
 */
export function offersOfItems(items: Iterable<ScopeItemRow>, characteristics: readonly CharacteristicRow[]): OfferInScope[] {
	const byOwner = characteristicRefsByOwner(characteristics);
	const out: OfferInScope[] = [];
	for (const item of items) {
		if (!isStockItem(item)) continue;
		const chars = item.ВестиУчетПоХарактеристикам ? byOwner.get(item.Ref_Key) : undefined;
		if (chars === undefined || chars.length === 0) out.push({ itemRef: item.Ref_Key });
		else for (const ch of chars) out.push({ itemRef: item.Ref_Key, characteristicRef: ch });
	}
	return out;
}

/** Characteristic Ref_Keys by owner item (both lower case), in the order given. */
export function characteristicRefsByOwner(characteristics: Iterable<{ Ref_Key: string; Owner_Key: string | null }>): Map<string, string[]> {
	const byOwner = new Map<string, string[]>();
	for (const ch of characteristics) {
		const owner = normalizeRef(ch.Owner_Key);
		if (owner === null) continue;
		const list = byOwner.get(owner);
		if (list === undefined) byOwner.set(owner, [lowerCaseLatin(ch.Ref_Key)]);
		else list.push(lowerCaseLatin(ch.Ref_Key));
	}
	return byOwner;
}

/** Item Ref_Key → row. */
export function indexItems<T extends ScopeItemRow>(items: Iterable<T>): Map<string, T> {
	const map = new Map<string, T>();
	for (const item of items) map.set(item.Ref_Key, item);
	return map;
}

/**
 * The catalog's read. Items (not folders, not marked for deletion) of Catalog_Номенклатура with the fields the catalog needs, and
 * their storage unit (ЕдиницаХраненияОстатков) read in the SAME request through `$expand` — a base keeps one or
 * more ЕдиницыИзмерения rows per item, so reading that catalog separately would double the requests of a full
 * read. `$expand` with `$select=Nav/Prop` is confirmed on a live 1C (docs/1c-odata.md#queries-and-paging, seen on a live base); where a
 * publication refuses it (400/501 on the first request), `unitRead: 'auto'` (default) switches to 'separate': the
 * units by key afterwards (bounded, see attachStorageUnits).
 *
 * Scope: the whole catalog (one paged read), or items whose Parent_Key is in a folder set — as OR-chains while
 * they fit `maxWhereInRequests` URLs, else the whole catalog in pages filtered here (the count is known up front).
 */
/** The catalog's item fields: ITEM_SELECT's without DeletionMark (the catalog read filters it in 1C), plus what ICML needs. */
export const ITEM_FIELDS = [
	...(ITEM_SELECT.filter((field) => field !== 'DeletionMark') as Array<Exclude<(typeof ITEM_SELECT)[number], 'DeletionMark'>>),
	'НаименованиеПолное',
	'Весовой',
	'БазоваяЕдиницаИзмерения_Key',
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

/**
 * One item row as its record. The values many items repeat (the parent folder, the VAT rate, the unit classifier
 * entry, the unit's name) are shared through `pool`, and a full name equal to the name is the name's string: at
 * 300,000 offers the items' own copies were about 40 MB held through the whole catalog build (README "Large catalogs").
 */
function decodeItem(raw: unknown, url: string, unitRead: 'expand' | 'separate', pool: StringPool): ItemRecord {
	const row = decodeItemRow(raw);
	if (isDecodeIssue(row)) throw unreadableValue(row, url);
	let storageUnit: StorageUnit | null = null;
	const nested = (raw as Record<string, unknown>)[UNIT_NAV];
	if (unitRead === 'expand' && row.ЕдиницаХраненияОстатков_Key !== null && nested !== null && typeof nested === 'object') {
		const unit = decodeUnitRow(nested);
		if (isDecodeIssue(unit)) throw unreadableValue(unit, url);
		storageUnit = toStorageUnit(row.ЕдиницаХраненияОстатков_Key, unit, pool);
	}
	return {
		ref: lowerCaseLatin(row.Ref_Key),
		code: row.Code,
		name: row.Description,
		article: row.Артикул,
		fullName: row.НаименованиеПолное === row.Description ? row.Description : row.НаименованиеПолное,
		parentRef: pool.of(normalizeRef(row.Parent_Key)),
		isService: row.Услуга,
		isSet: row.Набор,
		keptByCharacteristics: row.ВестиУчетПоХарактеристикам,
		isWeighed: row.Весовой,
		// The unit's own (lower-case) reference when it came with the item: one string, not two.
		storageUnitRef: storageUnit?.ref ?? row.ЕдиницаХраненияОстатков_Key,
		baseUnitClassifierRef: pool.of(row.БазоваяЕдиницаИзмерения_Key),
		vat: pool.of(row.СтавкаНДС),
		storageUnit,
	};
}

function toStorageUnit(ref: string, row: { Description: string; ЕдиницаПоКлассификатору_Key: string | null; Вес: number; Коэффициент: number }, pool: StringPool): StorageUnit {
	return { ref: lowerCaseLatin(ref), name: pool.of(row.Description) as string, classifierRef: pool.of(row.ЕдиницаПоКлассификатору_Key), weight: row.Вес, coefficient: row.Коэффициент };
}

/**
 * `$top/$skip` pages over `$orderby=Ref_Key` through the client's pager (rows repeated or skipped by data moving
 * between pages are handled there); the URL carries `$expand`, which the client's typed pages() does not.
 */
async function readPages(client: OneCClient, filter: string, unitRead: 'expand' | 'separate', unitSelect: UnitSelect, onPage: (items: ItemRecord[]) => void): Promise<void> {
	const url = (top: number, skip: number) => client.url([Items.set], paramsFor(unitRead, unitSelect, filter, top, skip));
	const pool = new StringPool();
	for await (const page of client.rawPages(Items.set, url)) onPage(page.rows.map((raw) => decodeItem(raw, page.url, unitRead, pool)));
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
	const pool = new StringPool();
	const byRef = new Map(rows.map((row) => [lowerCaseLatin(row.Ref_Key), toStorageUnit(row.Ref_Key, row, pool)]));
	for (const item of items) item.storageUnit = item.storageUnitRef === null ? null : (byRef.get(item.storageUnitRef) ?? null);
}
