/**
 * "Join Stock and Prices": quantity (total over the chosen warehouses, or all) and the sale / purchase price of
 * each offer, so Get Items alone can feed the ICML builder. Stock is flow 2's code (stock-read's readWarehouses /
 * readBalance: Balance per register, warehouses as a Condition); prices are price-calc.ts over price-read's
 * SliceLast chunks (catalog-prices.ts), reusing the items already read.
 *
 * Extra requests: warehouses 1 + Balance W per register in use (ТоварыНаСкладах / ТоварыВРознице / ТоварыВНТТ; W = warehouse
 * Condition chunks, usually 1) + with a price type: see catalog-prices.ts (types 1 + SliceLast 1 + units of rows
 * priced in another unit + rates only when needed).
 */
import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import { eq } from '../../onec/query';
import { readBalance } from '../stock-read/balance-read';
import { DEFAULT_REGISTER_BY_KIND, STOCK_REGISTERS, readWarehouses, type StockRegisterName, type Warehouse, type WarehouseKind } from '../stock-read/warehouses';
import { normalizeRef, offerKey } from '../offer-key';
import { pricesOfOffers, priceKey, type OfferPriceProblem } from './catalog-prices';
import type { ItemRecord } from './item-read';
import type { CatalogOffer } from './offer-rows';

export interface StockPriceJoinOptions {
	/** Warehouses whose stock is summed; empty or undefined = every warehouse (not folders, not marked for deletion). */
	warehouseRefs?: readonly string[];
	/** Price type for `price` (ICML `<price>`); none = price stays null. */
	salePriceTypeRef?: string | null;
	/** Price type for `purchasePrice` (ICML `<purchasePrice>`); none = null. */
	purchasePriceTypeRef?: string | null;
	/** Override which register holds a warehouse kind's goods (see stock-read/warehouses.ts). */
	registerByKind?: Partial<Record<WarehouseKind, StockRegisterName>>;
	/**
	 * Drop offers that got no sale price (ICML requires <price>; e.g. sets priced from their parts in UT). Default
	 * false: they stay with price null and the ICML builder reports them.
	 */
	dropUnpriced?: boolean;
	/** Stock and prices at this local date-time; default now. */
	period?: string;
	maxWhereInRequests?: number;
}

export type JoinProblem = OfferPriceProblem;

/** Every warehouse that is not a folder nor marked for deletion, with its register (one request). */
export async function readAllWarehouses(client: OneCClient, registerByKind: Partial<Record<WarehouseKind, StockRegisterName>> = {}): Promise<Warehouse[]> {
	const rows = await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key', 'Code', 'Description', 'ВидСклада', 'IsFolder'], filter: eq('DeletionMark', false) });
	const mapping = { ...DEFAULT_REGISTER_BY_KIND, ...registerByKind };
	return rows
		.filter((row) => !row.IsFolder)
		.map((row) => {
			const kind = (row.ВидСклада ?? null) as WarehouseKind | null;
			return { ref: row.Ref_Key.toLowerCase(), code: row.Code, name: row.Description, kind, register: mapping[kind ?? 'Оптовый'] ?? 'ТоварыНаСкладах' };
		});
}

/** offerKey → total quantity over the warehouses (3 fraction digits; a negative total becomes 0). */
export async function totalStock(client: OneCClient, warehouses: readonly Warehouse[], period?: string): Promise<Map<string, number>> {
	const totals = new Map<string, number>();
	for (const register of STOCK_REGISTERS) {
		const refs = warehouses.filter((w) => w.register === register).map((w) => w.ref);
		for (const row of await readBalance(client, register, refs, { period })) {
			const item = normalizeRef(row.Номенклатура_Key);
			if (item === null) continue;
			const key = offerKey(item, row.ХарактеристикаНоменклатуры_Key);
			totals.set(key, (totals.get(key) ?? 0) + row.КоличествоBalance);
		}
	}
	for (const [key, value] of totals) totals.set(key, Math.max(0, Math.round(value * 1000) / 1000));
	return totals;
}

/** Fills quantity, price and purchasePrice of `offers` in place (and drops unpriced ones if asked); returns the price problems. */
export async function joinStockAndPrices(client: OneCClient, offers: CatalogOffer[], items: readonly ItemRecord[], options: StockPriceJoinOptions): Promise<JoinProblem[]> {
	const warehouses =
		options.warehouseRefs !== undefined && options.warehouseRefs.length > 0
			? await readWarehouses(client, options.warehouseRefs, options.registerByKind)
			: await readAllWarehouses(client, options.registerByKind);
	const stock = await totalStock(client, warehouses, options.period);

	const sale = normalizeRef(options.salePriceTypeRef);
	const purchase = normalizeRef(options.purchasePriceTypeRef);
	const typeRefs = [sale, purchase].filter((ref): ref is string => ref !== null);
	const { prices, problems } = await pricesOfOffers(client, items, offers, typeRefs, { period: options.period, maxWhereInRequests: options.maxWhereInRequests });
	if (options.dropUnpriced && sale !== null) {
		const kept = offers.filter((offer) => prices.has(priceKey(sale, offer.offerKey)));
		offers.splice(0, offers.length, ...kept);
	}
	for (const offer of offers) {
		offer.quantity = stock.get(offer.offerKey) ?? 0;
		offer.price = sale === null ? null : (prices.get(priceKey(sale, offer.offerKey)) ?? null);
		offer.purchasePrice = purchase === null ? null : (prices.get(priceKey(purchase, offer.offerKey)) ?? null);
	}
	return problems;
}
