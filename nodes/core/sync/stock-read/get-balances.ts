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
 * Never one request per row.
 */
import type { OneCClient } from '../../onec/client';
import { normalizeRef } from '../offer-key';
import { combineBalances, type BalanceRow, type OfferInScope } from '../stock/balance-rows';
import {
	descendantFolders,
	indexItems,
	keptByCharacteristics,
	offersOfItems,
	readAllItems,
	readCharacteristics,
	readItemsByRefs,
	readItemsInFolders,
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
}

export interface GetBalancesResult {
	items: BalanceItem[];
	warehouses: Warehouse[];
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

	let offersInScope: OfferInScope[] | undefined;
	if (includeZeroStock && scope !== null) {
		const characteristics = await readCharacteristics(client, keptByCharacteristics(scope.values()), catalogOptions);
		offersInScope = offersOfItems(scope.values(), characteristics);
	}

	const combined = combineBalances({
		stock: inScope(stock) as BalanceRow[],
		freeStock,
		reserves: inScope(reserves),
		transfers: inScope(transfers),
		warehouseRefs: allRefs,
		includeZeroStock,
		offersInScope,
	});

	let items = scope;
	if (items === null) {
		const refs = new Set(combined.map((row) => row.itemRef));
		items = indexItems(await readItemsByRefs(client, refs, catalogOptions));
	}
	const byWarehouse = new Map(warehouses.map((w) => [w.ref, w]));
	const out: BalanceItem[] = combined.map((row) => {
		const item = items.get(row.itemRef);
		const warehouse = byWarehouse.get(row.warehouseRef) as Warehouse;
		return {
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
	});
	return { items: out, warehouses };
}
