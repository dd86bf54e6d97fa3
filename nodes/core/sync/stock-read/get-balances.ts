/**
 * Stock → Get Balances, without n8n: which registers to read for the chosen warehouses, the optional folder
 * scope and zero-stock offers, free stock, and the codes and names each output row carries.
 *
 * Requests (W = warehouse Condition chunks, usually 1; P(n) = pages of n rows, ⌊n / pageSize⌋ + 1):
 *   1 (warehouses) + W per stock register in use (ТоварыНаСкладах, ТоварыВРознице, ТоварыВНТТ by warehouse kind)
 *   + 2·W with Free Stock (reserves, transfers)   (each W becomes P(balance rows) with balancePageSize)
 *   + folder scope: 1 (all folders; P(folders)) + items in the folders (≤ maxWhereInRequests OR-chains, else P(items))
 *   + items for codes when not yet read: ≤ maxWhereInRequests OR-chains, else P(items)
 *   + Include Zero Stock without folders: P(items) instead; characteristics of items kept by them: ≤ maxWhereInRequests, else P(characteristics).
 *   + characteristics of items kept by them that have a balance without a characteristic (only then; none with Include
 *     Zero Stock, which has them already): ≤ maxWhereInRequests OR-chains, else P(characteristics).
 * Never one request per row.
 */
import type { OneCClient } from '../../onec/client';
import { normalizeRef } from '../offer-key';
import { combineBalances, type BalanceRow, type OfferInScope } from '../stock/balance-rows';
import { placeItemLevelStock, type ItemLevelStockNote, type ItemLevelStockRule } from '../stock/item-level-stock';
import {
	characteristicRefsByOwner,
	descendantFolders,
	indexItems,
	keptByCharacteristics,
	offersOfItems,
	readAllItems,
	readCharacteristics,
	readItemsByRefs,
	readItemsInFolders,
	type CharacteristicRow,
	type ItemRow,
} from './catalog';
import { readBalance } from './balance-read';
import { STOCK_REGISTERS, readWarehouses, type StockRegisterName, type Warehouse, type WarehouseKind } from './warehouses';

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
	/** Rows per Balance request; 0 or absent: one request per register (see balance-read.ts). */
	balancePageSize?: number;
	/** Balances without a characteristic of items kept by characteristics (stock/item-level-stock.ts); default `singleOffer`. */
	itemLevelStock?: ItemLevelStockRule;
}

/** One output row: an offer on a warehouse. Field names are the contract with the Stock Upload node. */
export interface BalanceItem {
	/** `<item GUID>` or `<item GUID>#<characteristic GUID>`. */
	offerKey: string;
	itemRef: string;
	characteristicRef: string | null;
	itemCode: string;
	itemArticle: string;
	itemName: string;
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

export interface GetBalancesResult {
	items: BalanceItem[];
	warehouses: Warehouse[];
	/** Balances without a characteristic of items kept by characteristics: moved to the only one, or left out. */
	itemLevelStock: ItemLevelStockNote[];
}

export async function getBalances(client: OneCClient, options: GetBalancesOptions): Promise<GetBalancesResult> {
	if (options.warehouseRefs.length === 0) throw new Error('Choose at least one warehouse');
	const freeStock = options.freeStock === true;
	const includeZeroStock = options.includeZeroStock === true;
	const catalogOptions = { maxWhereInRequests: options.maxWhereInRequests };
	const warehouses = await readWarehouses(client, options.warehouseRefs, options.registerByKind);
	const allRefs = warehouses.map((w) => w.ref);

	// The item scope first when it is known up front: balance rows of other items are dropped before combining.
	let scope: Map<string, ItemRow> | null = null;
	if (options.folderRefs !== undefined && options.folderRefs.length > 0) {
		const folders = await descendantFolders(client, options.folderRefs);
		scope = indexItems(await readItemsInFolders(client, folders, catalogOptions));
	} else if (includeZeroStock) {
		scope = indexItems(await readAllItems(client));
	}

	const stock: BalanceRow[] = [];
	for (const register of STOCK_REGISTERS) {
		const refs = warehouses.filter((w) => w.register === register).map((w) => w.ref);
		stock.push(...(await readBalance(client, register, refs, { period: options.period, pageSize: options.balancePageSize })));
	}
	let reserves: BalanceRow[] | undefined;
	let transfers: BalanceRow[] | undefined;
	if (freeStock) {
		reserves = await readBalance(client, 'ТоварыВРезервеНаСкладах', allRefs, { period: options.period, purpose: '"Free Stock"', pageSize: options.balancePageSize });
		transfers = await readBalance(client, 'ТоварыКПередачеСоСкладов', allRefs, { period: options.period, purpose: '"Free Stock"', pageSize: options.balancePageSize });
	}

	const inScope = (rows: BalanceRow[] | undefined) =>
		rows === undefined || scope === null ? rows : rows.filter((row) => scope.has(normalizeRef(row.Номенклатура_Key) ?? ''));

	// Items first (for codes, and to know which items are kept by characteristics): the scope, or the items of the rows.
	let items = scope;
	if (items === null) {
		const refs = new Set<string>();
		for (const rows of [stock, reserves ?? [], transfers ?? []]) for (const row of rows) refs.add(normalizeRef(row.Номенклатура_Key) ?? '');
		refs.delete('');
		items = indexItems(await readItemsByRefs(client, refs, catalogOptions));
	}

	let characteristics: CharacteristicRow[];
	let offersInScope: OfferInScope[] | undefined;
	if (includeZeroStock && scope !== null) {
		characteristics = await readCharacteristics(client, keptByCharacteristics(scope.values()), catalogOptions);
		offersInScope = offersOfItems(scope.values(), characteristics);
	} else {
		// Characteristics only of the items that need them: kept by characteristics and balanced without one.
		const owners = new Set<string>();
		for (const rows of [stock, reserves ?? [], transfers ?? []]) {
			for (const row of rows) {
				if (normalizeRef(row.ХарактеристикаНоменклатуры_Key) !== null) continue;
				const item = items.get(normalizeRef(row.Номенклатура_Key) ?? '');
				if (item?.ВестиУчетПоХарактеристикам) owners.add(item.Ref_Key);
			}
		}
		characteristics = await readCharacteristics(client, keptByCharacteristics([...owners].map((ref) => items.get(ref) as ItemRow)), catalogOptions);
	}
	const characteristicsOf = characteristicRefsByOwner(characteristics);
	const rule = options.itemLevelStock ?? 'singleOffer';
	const placedStock = placeItemLevelStock(inScope(stock) as BalanceRow[], characteristicsOf, rule);
	const place = (rows: BalanceRow[] | undefined) => (rows === undefined ? undefined : placeItemLevelStock(rows, characteristicsOf, rule).rows);

	const combined = combineBalances({
		stock: placedStock.rows,
		freeStock,
		reserves: place(inScope(reserves)),
		transfers: place(inScope(transfers)),
		warehouseRefs: allRefs,
		includeZeroStock,
		offersInScope,
	});

	const moved = new Map<string, number>();
	for (const note of placedStock.notes) {
		if (note.outcome !== 'movedToSingleOffer') continue;
		const key = `${note.itemRef}#${note.characteristicRef}\u0000${note.warehouseRef}`;
		moved.set(key, (moved.get(key) ?? 0) + note.quantity);
	}
	const byWarehouse = new Map(warehouses.map((w) => [w.ref, w]));
	const out: BalanceItem[] = combined.map((row) => {
		const item = items.get(row.itemRef);
		const warehouse = byWarehouse.get(row.warehouseRef) as Warehouse;
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
		const fromItemLevel = moved.get(`${row.offerKey}\u0000${row.warehouseRef}`);
		if (fromItemLevel !== undefined) balance.itemLevelQuantity = fromItemLevel;
		return balance;
	});
	return { items: out, warehouses, itemLevelStock: placedStock.notes };
}
