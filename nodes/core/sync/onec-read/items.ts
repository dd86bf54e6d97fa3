/**
 * Catalog reads shared by stock and price reads: items (with the fields both need), the folder tree for
 * "limit to folders" (resolved in memory from one paged read of the folders, never per folder), characteristics
 * of items kept by characteristics, and the offers such a scope contains.
 */
import type { OneCClient } from '../../onec/client';
import type { Decoded } from '../../onec/codecs';
import { UT } from '../../onec/model';
import { eq } from '../../onec/query';
import { normalizeRef } from '../offer-key';
import type { OfferInScope } from '../stock/balance-rows';
import { readByKeys } from './keyed-read';

const Items = UT.Catalog_Номенклатура;
const Characteristics = UT.Catalog_ХарактеристикиНоменклатуры;

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

/** The offer and item columns that lead every Get Balances and Get Prices output row, in this order. */
export interface OfferColumns {
	/** `<item GUID>` or `<item GUID>#<characteristic GUID>`. */
	offerKey: string;
	itemRef: string;
	characteristicRef: string | null;
	itemCode: string;
	itemArticle: string;
	itemName: string;
}

export function offerColumns(offer: Pick<OfferColumns, 'offerKey' | 'itemRef' | 'characteristicRef'>, item: ItemRow | undefined): OfferColumns {
	return {
		offerKey: offer.offerKey,
		itemRef: offer.itemRef,
		characteristicRef: offer.characteristicRef,
		itemCode: item?.Code ?? '',
		itemArticle: item?.Артикул ?? '',
		itemName: item?.Description ?? '',
	};
}

export interface CharacteristicRow {
	Ref_Key: string;
	Owner_Key: string | null;
	Description: string;
}

const ITEMS_ONLY = eq('IsFolder', false);

/** A folder filter names folders 1C does not have; the one error for the stock, price and catalog reads. */
export class FolderNotFoundError extends Error {
	constructor(
		readonly refs: string[],
		message = `Nomenclature folder(s) not found in 1C (or they are items, not folders): ${refs.join(', ')}. Choose folders from the list again.`,
	) {
		super(message);
		this.name = 'FolderNotFoundError';
	}
}

export interface CatalogReadOptions {
	maxWhereInRequests?: number;
}

/**
 * The given folders and every folder below them. One paged read of all folders (a catalog has hundreds, not
 * hundred-thousands of them); the recursion runs over Parent_Key in memory.
 */
export async function descendantFolders(client: OneCClient, folderRefs: readonly string[]): Promise<Set<string>> {
	const roots = folderRefs.map((ref) => normalizeRef(ref)).filter((ref): ref is string => ref !== null);
	const result = new Set<string>(roots);
	if (roots.length === 0) return result;
	const folders = await client.readAll(Items, { select: ['Ref_Key', 'Parent_Key'], filter: eq('IsFolder', true) });
	const known = new Set(folders.map((folder) => folder.Ref_Key));
	const unknown = roots.filter((ref) => !known.has(ref));
	if (unknown.length > 0) throw new FolderNotFoundError(unknown);
	const children = new Map<string, string[]>();
	for (const folder of folders) {
		const parent = folder.Parent_Key ?? '';
		const list = children.get(parent);
		if (list === undefined) children.set(parent, [folder.Ref_Key]);
		else list.push(folder.Ref_Key);
	}
	const queue = [...roots];
	while (queue.length > 0) {
		const next = queue.pop() as string;
		for (const child of children.get(next) ?? []) {
			if (!result.has(child)) {
				result.add(child);
				queue.push(child);
			}
		}
	}
	return result;
}

/** Items (not folders) directly inside any of `folders` (pass descendantFolders' result for recursion). */
export async function readItemsInFolders(client: OneCClient, folders: ReadonlySet<string>, options: CatalogReadOptions = {}): Promise<ItemRow[]> {
	return await readByKeys(client, Items, 'Parent_Key', folders, { select: ITEM_SELECT, filter: ITEMS_ONLY, maxWhereInRequests: options.maxWhereInRequests });
}

/** Items by Ref_Key (folders are skipped). */
export async function readItemsByRefs(client: OneCClient, refs: Iterable<string>, options: CatalogReadOptions = {}): Promise<ItemRow[]> {
	return await readByKeys(client, Items, 'Ref_Key', refs, { select: ITEM_SELECT, filter: ITEMS_ONLY, maxWhereInRequests: options.maxWhereInRequests });
}

/** Every item of the catalog, in pages. */
export async function readAllItems(client: OneCClient): Promise<ItemRow[]> {
	return await client.readAll(Items, { select: ITEM_SELECT, filter: ITEMS_ONLY });
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
export function isStockItem(item: ItemRow): boolean {
	return !item.Услуга && !item.Набор && !item.DeletionMark;
}

/** Items whose offers are their characteristics (UT's ВестиУчетПоХарактеристикам). */
export function keptByCharacteristics(items: Iterable<ItemRow>): string[] {
	const out: string[] = [];
	for (const item of items) if (item.ВестиУчетПоХарактеристикам && isStockItem(item)) out.push(item.Ref_Key);
	return out;
}

/**
 * Offers of the items: `<item>#<characteristic>` for each characteristic of an item kept by characteristics,
 * `<item>` for the others (and for an item kept by characteristics that has none yet) — the offers UT's own
 * CommerceML export writes.
 */
export function offersOfItems(items: Iterable<ItemRow>, characteristics: readonly CharacteristicRow[]): OfferInScope[] {
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
		if (list === undefined) byOwner.set(owner, [ch.Ref_Key.toLowerCase()]);
		else list.push(ch.Ref_Key.toLowerCase());
	}
	return byOwner;
}

/** Item Ref_Key → row. */
export function indexItems(items: Iterable<ItemRow>): Map<string, ItemRow> {
	const map = new Map<string, ItemRow>();
	for (const item of items) map.set(item.Ref_Key, item);
	return map;
}
