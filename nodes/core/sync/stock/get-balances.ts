/**
 * Stock → Get Balances, without n8n: which registers to read for the chosen warehouses, the optional folder
 * scope and zero-stock offers, free stock, and the codes and names each output row carries.
 *
 * Requests (W = warehouse Condition chunks, usually 1; P(n) = pages of n rows, ⌊n / pageSize⌋ + 1, P₃(n) of 3 × as
 * many (a keyed read's whole set of narrow rows, onec-read/keyed-read.ts wholeSetPageSize); B(n) = pages of
 * n balance rows, ⌊n / balancePageSize⌋ + 1, 50,000 a page by default):
 *   1 (warehouses) + W·B per stock register in use (ТоварыНаСкладах, ТоварыВРознице, ТоварыВНТТ by warehouse kind)
 *   + 2·W·B with Free Stock (reserves, transfers)
 *   + folder scope: 1 (all folders; P(folders)) + items in the folders (≤ maxWhereInRequests OR-chains, else P(items))
 *   + items for codes when not yet read: ≤ maxWhereInRequests OR-chains, else P(items)
 *   + Include Zero Stock without folders: P(items) instead; characteristics of items kept by them: ≤ maxWhereInRequests, else P₃(characteristics).
 *   + characteristics of items kept by them that have a balance without a characteristic (only then; none with Include
 *     Zero Stock, which has them already): ≤ maxWhereInRequests OR-chains, else P₃(characteristics).
 * Never one request per row. With `share`, a folder scope (items, and the characteristics Include Zero Stock reads)
 * that Get Prices of the same run already read costs nothing (scope-cache.ts).
 * Memory: the balance pages are summed per offer as they come (BalanceTotals), never held.
 */
import type { OneCClient } from '../../onec/client';
import { BalanceTotals } from './balance-rows';
import type { ItemLevelStockNote, ItemLevelStockRule } from './item-level-stock';
import {
	characteristicRefsByOwner,
	indexItems,
	keptByCharacteristics,
	offersOfItems,
	readCharacteristics,
	readItemsByRefs,
	type CharacteristicRow,
	type OfferColumns,
	type ScopeItemRow,
} from '../onec-read/items';
import { notedForScope, readCatalogScope, readNotedCatalogScope } from '../onec-read/catalog-scope';
import { readBalancePages } from '../onec-read/balance-read';
import { leaveScope, refuseNamelessForAllFields, takeScope, type CatalogScope, type ScopeShare } from '../onec-read/scope-cache';
import { STOCK_REGISTERS, readWarehouses, type StockRegisterName, type Warehouse, type WarehouseKind } from '../onec-read/warehouses';
import type { RowFields } from '../row-fields';

export interface GetBalancesOptions {
	/** Catalog_Склады Ref_Keys. */
	warehouseRefs: readonly string[];
	/** Subtract ТоварыВРезервеНаСкладах and ТоварыКПередачеСоСкладов (negatives become 0). */
	freeStock?: boolean;
	/** Offers in scope without stock come out with quantity 0 on every chosen warehouse. */
	includeZeroStock?: boolean;
	/** Limit to these item folders and all folders below them. */
	folderRefs?: readonly string[];
	/** Balance at this local date-time (`YYYY-MM-DDTHH:MM:SS`); default: current balance. */
	period?: string;
	/** Override which register holds a warehouse kind's goods (see warehouses.ts). */
	registerByKind?: Partial<Record<WarehouseKind, StockRegisterName>>;
	/** OR-chain requests allowed for a keyed read before reading the whole catalog in pages. */
	maxWhereInRequests?: number;
	/** Rows per Balance page (default 50,000); 0: one request per register (see balance-read.ts). */
	balancePageSize?: number;
	/** Balances without a characteristic of items kept by characteristics (stock/item-level-stock.ts); default `singleOffer`. */
	itemLevelStock?: ItemLevelStockRule;
	/** Share this run's catalog read with Get Prices (scope-cache.ts). */
	share?: ScopeShare;
	/** The scope of `folderRefs` (with characteristics for Include Zero Stock) the caller already read (catalog-scope.ts); not left for sharing. */
	scope?: CatalogScope;
	/** `upload`: rows of UploadBalanceItem only (row-fields.ts); default `all`: BalanceItem. */
	rowFields?: RowFields;
	/** Called once 1C has answered the read's last request, before the rows are built (the caller may ask 1C the next thing). */
	afterRead?: () => void;
}

/** One output row: an offer on a warehouse. Field names are the contract with the Stock Upload node. */
export interface BalanceItem extends OfferColumns {
	warehouseRef: string;
	warehouseCode: string;
	warehouseName: string;
	/** ВидСклада (Оптовый, Розничный, НТТ) or null when empty. */
	warehouseKind: WarehouseKind | null;
	/** Never negative; 3 fraction digits at most. */
	quantity: number;
	/** Part of `quantity` that 1C holds without a characteristic and that went to this, the item's only characteristic. */
	itemLevelQuantity?: number;
}

/** A row with the fields Stock Upload reads (Row Fields "Upload Fields Only"); the same values as BalanceItem's. */
export interface UploadBalanceItem {
	offerKey: string;
	warehouseRef: string;
	/** For Stock Upload's "not mapped" message. */
	warehouseName: string;
	quantity: number;
	itemLevelQuantity?: number;
}

export interface GetBalancesResult<Row = BalanceItem> {
	items: Row[];
	/** The name of an item read (for messages about rows that no longer carry it). */
	itemName(itemRef: string): string | undefined;
	warehouses: Warehouse[];
	/** Balances without a characteristic of items kept by characteristics: moved to the only one, or left out. */
	itemLevelStock: ItemLevelStockNote[];
}

export async function getBalances(client: OneCClient, options: GetBalancesOptions & { rowFields: 'upload' }): Promise<GetBalancesResult<UploadBalanceItem>>;
export async function getBalances(client: OneCClient, options: GetBalancesOptions & { rowFields?: 'all' }): Promise<GetBalancesResult>;
export async function getBalances(client: OneCClient, options: GetBalancesOptions): Promise<GetBalancesResult<BalanceItem | UploadBalanceItem>>;
export async function getBalances(client: OneCClient, options: GetBalancesOptions): Promise<GetBalancesResult<BalanceItem | UploadBalanceItem>> {
	if (options.warehouseRefs.length === 0) throw new Error('Choose at least one warehouse');
	const freeStock = options.freeStock === true;
	const includeZeroStock = options.includeZeroStock === true;
	const catalogOptions = { maxWhereInRequests: options.maxWhereInRequests };
	const warehouses = await readWarehouses(client, options.warehouseRefs, options.registerByKind);
	const allRefs = warehouses.map((w) => w.ref);

	// The item scope first when it is known up front: balance rows of other items are dropped as they are read.
	const folderRefs = options.folderRefs ?? [];
	let scope: CatalogScope | null = null;
	if (folderRefs.length > 0 || includeZeroStock) {
		// Read for sharing, its answers are noted: the key of Get Prices' record of unchanged inputs (prices/unchanged-prices.ts).
		scope =
			options.scope ??
			takeScope(options.share, client.rootUrl, folderRefs) ??
			(await (options.share === undefined ? readCatalogScope : readNotedCatalogScope)(client, { folderRefs, ...catalogOptions }));
		refuseNamelessForAllFields(scope, options.rowFields);
	}
	const scopeItems = scope?.items;
	const inScope = scopeItems === undefined ? undefined : (itemRef: string) => scopeItems.has(itemRef);

	// Each page of each register is added up as it comes and let go.
	const totals = new BalanceTotals(allRefs);
	const read = { period: options.period, pageSize: options.balancePageSize };
	for (const register of STOCK_REGISTERS) {
		const refs = warehouses.filter((w) => w.register === register).map((w) => w.ref);
		for await (const page of readBalancePages(client, register, refs, read)) totals.add(page, 'stock', inScope);
	}
	if (freeStock) {
		for (const register of ['ТоварыВРезервеНаСкладах', 'ТоварыКПередачеСоСкладов'] as const) {
			for await (const page of readBalancePages(client, register, allRefs, { ...read, purpose: '"Free Stock"' })) totals.add(page, 'deduction', inScope);
		}
	}

	// Items first (for codes, and to know which items are kept by characteristics): the scope, or the items of the rows.
	const items = scopeItems ?? indexItems(await readItemsByRefs(client, totals.itemRefs(), catalogOptions));

	let characteristics: CharacteristicRow[];
	const zeroStock = includeZeroStock ? scope : null;
	if (zeroStock !== null) {
		characteristics =
			zeroStock.characteristics ??
			(await notedForScope(client, zeroStock, async () => await readCharacteristics(client, keptByCharacteristics(zeroStock.items.values()), catalogOptions)));
		zeroStock.characteristics = characteristics;
	} else {
		// Characteristics only of the items that need them: kept by characteristics and balanced without one.
		const owners: ScopeItemRow[] = [];
		for (const ref of totals.itemsWithItemLevelRows()) {
			const item = items.get(ref);
			if (item?.ВестиУчетПоХарактеристикам) owners.push(item);
		}
		characteristics = await readCharacteristics(client, keptByCharacteristics(owners), catalogOptions);
	}
	options.afterRead?.();
	// Items marked for deletion are out of scope, as for prices (get-prices.ts) and the zeros (offersOfItems): else their
	// stock would be sent and their sell-out never. So are deleted characteristics where the scope's live ones are known.
	const live = zeroStock === null ? undefined : new Set(characteristics.map((ch) => ch.Ref_Key.toLowerCase()));
	const kept = live === undefined ? undefined : new Set(keptByCharacteristics(zeroStock?.items.values() ?? []));
	totals.dropOffers((itemRef, characteristicRef) => {
		if (items.get(itemRef)?.DeletionMark === true) return true;
		return characteristicRef !== null && kept?.has(itemRef) === true && live?.has(characteristicRef) === false;
	});
	if (zeroStock !== null) for (const offer of offersOfItems(zeroStock.items.values(), characteristics)) totals.addZero(offer.itemRef, offer.characteristicRef);
	if (scope !== null && options.scope === undefined) leaveScope(options.share, client.rootUrl, folderRefs, scope);
	const itemLevelStock = totals.placeItemLevel(characteristicRefsByOwner(characteristics), options.itemLevelStock ?? 'singleOffer');

	const byWarehouse = new Map(warehouses.map((w) => [w.ref, w]));
	const itemName = (itemRef: string) => items.get(itemRef)?.Description;
	if (options.rowFields === 'upload') {
		// Built narrow: the offer key and the warehouse's strings are the ones every row of that offer / warehouse shares.
		const out: UploadBalanceItem[] = [];
		totals.forEachRow(freeStock, (row) => {
			const warehouse = byWarehouse.get(row.warehouseRef) as Warehouse;
			out.push(
				row.itemLevelQuantity === undefined
					? { offerKey: row.offerKey, warehouseRef: warehouse.ref, warehouseName: warehouse.name, quantity: row.quantity }
					: { offerKey: row.offerKey, warehouseRef: warehouse.ref, warehouseName: warehouse.name, quantity: row.quantity, itemLevelQuantity: row.itemLevelQuantity },
			);
		});
		return { items: out, itemName, warehouses, itemLevelStock };
	}
	const out: BalanceItem[] = [];
	totals.forEachRow(freeStock, (row) => {
		const item = items.get(row.itemRef);
		const warehouse = byWarehouse.get(row.warehouseRef) as Warehouse;
		// One flat literal (no spread of the offer's columns): V8 then lays the row out in one object of its final shape.
		const balance: BalanceItem = {
			offerKey: row.offerKey,
			itemRef: row.itemRef,
			characteristicRef: row.characteristicRef,
			itemCode: item?.Code ?? '',
			itemArticle: item?.Артикул ?? '',
			itemName: item?.Description ?? '',
			warehouseRef: warehouse.ref,
			warehouseCode: warehouse.code,
			warehouseName: warehouse.name,
			warehouseKind: warehouse.kind,
			quantity: row.quantity,
		};
		if (row.itemLevelQuantity !== undefined) balance.itemLevelQuantity = row.itemLevelQuantity;
		out.push(balance);
	});
	return { items: out, itemName, warehouses, itemLevelStock };
}
