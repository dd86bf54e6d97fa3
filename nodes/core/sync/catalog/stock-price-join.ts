/**
 * "Join Stock and Prices": quantity (total over the chosen warehouses, or all) and the sale / purchase price of
 * each offer, so Get Items alone can feed the ICML builder. Stock is the shared 1C reads' (onec-read's readWarehouses /
 * readBalance: Balance per register, warehouses as a Condition); prices are price-calc.ts over Get Prices'
 * SliceLast chunks (catalog-prices.ts), reusing the items already read.
 *
 * Extra requests: warehouses 1 + Balance W per register in use (ТоварыНаСкладах / ТоварыВРознице / ТоварыВНТТ; W = warehouse
 * Condition chunks, usually 1) + with a price type: see catalog-prices.ts (types 1 + SliceLast 1 + units of rows
 * priced in another unit + rates only when needed).
 */
import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import { eq, lowerCaseLatin } from '../../onec/query';
import { placeItemLevelStock, type ItemLevelStockNote, type ItemLevelStockRule } from '../stock/item-level-stock';
import { appendAll } from '../../common/append-all';
import { readBalancePages } from '../onec-read/balance-read';
import { characteristicRefsByOwner } from '../onec-read/items';
import { DEFAULT_REGISTER_BY_KIND, STOCK_REGISTERS, readWarehouses, type StockRegisterName, type Warehouse, type WarehouseKind } from '../onec-read/warehouses';
import { normalizeRef, offerKey } from '../offer-key';
import { pricesOfOffers, type OfferPriceProblem } from './catalog-prices';
import type { CalculatedPrice } from '../prices/price-calc';
import type { ItemRecord } from '../onec-read/items';
import type { CatalogOffer, PriceDetails } from './offer-rows';

export interface StockPriceJoinOptions {
	/** Warehouses whose stock is summed; empty or undefined = every warehouse (not folders, not marked for deletion). */
	warehouseRefs?: readonly string[];
	/** Price type for `price` (ICML `<price>`); none = price stays null. */
	salePriceTypeRef?: string | null;
	/** Price type for `purchasePrice` (ICML `<purchasePrice>`); none = null. */
	purchasePriceTypeRef?: string | null;
	/** Override which register holds a warehouse kind's goods (see onec-read/warehouses.ts). */
	registerByKind?: Partial<Record<WarehouseKind, StockRegisterName>>;
	/**
	 * Drop offers that got no sale price (ICML requires <price>; e.g. sets priced from their parts in UT). Default
	 * false: they stay with price null and the ICML builder reports them.
	 */
	dropUnpriced?: boolean;
	/** Stock and prices at this local date-time; default now. */
	period?: string;
	/** Convert prices to this currency (Catalog_Валюты Ref_Key) at 1C's rate on `period`; omit to keep each type's. */
	currencyRef?: string | null;
	/** `gross`: prices of types without VAT get the item's VAT; `asIs` (default): as the types hold them. */
	vat?: 'gross' | 'asIs';
	/** Balances without a characteristic of items kept by characteristics (stock/item-level-stock.ts); default `singleOffer`. */
	itemLevelStock?: ItemLevelStockRule;
	maxWhereInRequests?: number;
	/**
	 * Give each offer how its prices were made (`priceDetails`, `purchasePriceDetails`; default true), as Get Items
	 * shows them. Build From 1C writes none of it into the ICML: without them a 300,000-offer catalog holds 600,000
	 * objects fewer until its rows become ICML offers.
	 */
	priceDetails?: boolean;
}

export type JoinProblem = OfferPriceProblem;

export interface JoinResult {
	/** Prices that could not be computed. */
	problems: JoinProblem[];
	/** Balances without a characteristic of items kept by characteristics: moved to the only one, or left out. */
	itemLevelStock: ItemLevelStockNote[];
}

/** Every warehouse that is not a folder nor marked for deletion, with its register (one request). */
export async function readAllWarehouses(client: OneCClient, registerByKind: Partial<Record<WarehouseKind, StockRegisterName>> = {}): Promise<Warehouse[]> {
	const rows = await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key', 'Code', 'Description', 'ВидСклада', 'IsFolder'], filter: eq('DeletionMark', false) });
	const mapping = { ...DEFAULT_REGISTER_BY_KIND, ...registerByKind };
	return rows
		.filter((row) => !row.IsFolder)
		.map((row) => {
			const kind = (row.ВидСклада ?? null) as WarehouseKind | null;
			return { ref: lowerCaseLatin(row.Ref_Key), code: row.Code, name: row.Description, kind, register: mapping[kind ?? 'Оптовый'] ?? 'ТоварыНаСкладах' };
		});
}

/**
 * Adds each balance's quantity to its offer's (`offers`: offerKey → row, quantity 0 to start), then rounds the totals
 * to 3 fraction digits (a negative total becomes 0); balances of offers outside the catalog are left out. Balances
 * without a characteristic of the items in `characteristicsOf` (kept by characteristics) go by `rule`; the notes say
 * where. The sums go straight into the rows: a map of totals held a second key string per offer (300,000 at
 * 300,000 offers) through the price read.
 */
export async function addStock(
	client: OneCClient,
	warehouses: readonly Warehouse[],
	offers: ReadonlyMap<string, CatalogOffer>,
	period?: string,
	characteristicsOf: ReadonlyMap<string, readonly string[]> = new Map(),
	rule: ItemLevelStockRule = 'singleOffer',
): Promise<ItemLevelStockNote[]> {
	const notes: ItemLevelStockNote[] = [];
	for (const register of STOCK_REGISTERS) {
		const refs = warehouses.filter((w) => w.register === register).map((w) => w.ref);
		// Page by page: each page's rows are placed and summed, then let go.
		for await (const page of readBalancePages(client, register, refs, { period })) {
			const placed = placeItemLevelStock(page, characteristicsOf, rule);
			appendAll(notes, placed.notes);
			for (const row of placed.rows) {
				const item = normalizeRef(row.Номенклатура_Key);
				if (item === null) continue;
				const offer = offers.get(offerKey(item, row.ХарактеристикаНоменклатуры_Key));
				if (offer !== undefined) offer.quantity = (offer.quantity as number) + row.КоличествоBalance;
			}
		}
	}
	for (const offer of offers.values()) offer.quantity = Math.max(0, Math.round((offer.quantity as number) * 1000) / 1000);
	return notes;
}

/** The catalog's characteristic offers as (characteristic, owner) pairs, for characteristicRefsByOwner. */
function* characteristicsOfOffers(offers: readonly CatalogOffer[]): Generator<{ Ref_Key: string; Owner_Key: string }> {
	for (const offer of offers) if (offer.characteristicRef !== null) yield { Ref_Key: offer.characteristicRef, Owner_Key: offer.ref };
}

/** What the output shows of how a price was made. */
function priceDetails(p: CalculatedPrice): PriceDetails {
	const out: PriceDetails = { typePrice: p.typePrice, typeCurrencyRef: p.typeCurrencyRef, typeIncludesVat: p.typeIncludesVat };
	if (p.exchangeRate !== undefined) out.exchangeRate = p.exchangeRate;
	if (p.vatAdded !== undefined) out.vatAdded = p.vatAdded;
	return out;
}

/** Fills quantity, price and purchasePrice of `offers` in place (and drops unpriced ones if asked); returns what went wrong or moved. */
export async function joinStockAndPrices(client: OneCClient, offers: CatalogOffer[], items: readonly ItemRecord[], options: StockPriceJoinOptions): Promise<JoinResult> {
	const warehouses =
		options.warehouseRefs !== undefined && options.warehouseRefs.length > 0
			? await readWarehouses(client, options.warehouseRefs, options.registerByKind)
			: await readAllWarehouses(client, options.registerByKind);
	const sale = normalizeRef(options.salePriceTypeRef);
	const purchase = normalizeRef(options.purchasePriceTypeRef);
	const typeRefs = [sale, purchase].filter((ref): ref is string => ref !== null);
	// Every offer gets its fields in one order (quantity, price, purchasePrice, then the details present), whatever
	// prices it has: the output rows keep one shape. Each price then goes straight into its offer as it is made
	// (pricesOfOffers keeps none).
	const withDetails = options.priceDetails !== false;
	const byKey = new Map<string, CatalogOffer>();
	for (const offer of offers) {
		offer.quantity = 0;
		offer.price = null;
		offer.purchasePrice = null;
		byKey.set(offer.offerKey, offer);
	}
	const itemLevelStock = await addStock(client, warehouses, byKey, options.period, characteristicRefsByOwner(characteristicsOfOffers(offers)), options.itemLevelStock);
	const problems = await pricesOfOffers(
		client,
		items,
		offers,
		typeRefs,
		{ period: options.period, maxWhereInRequests: options.maxWhereInRequests, currencyRef: options.currencyRef, vat: options.vat },
		(price) => {
			const offer = byKey.get(price.offerKey);
			if (offer === undefined) return;
			if (price.priceTypeRef === sale) {
				offer.price = price.price;
				if (withDetails) offer.priceDetails = priceDetails(price);
			}
			if (price.priceTypeRef === purchase) {
				offer.purchasePrice = price.price;
				if (withDetails) offer.purchasePriceDetails = priceDetails(price);
			}
		},
	);
	byKey.clear();
	if (options.dropUnpriced && sale !== null) {
		// In place and without a spread of the whole list (offers are the catalog: 100,000 rows).
		let kept = 0;
		for (const offer of offers) if (typeof offer.price === 'number') offers[kept++] = offer;
		offers.length = kept;
	}
	return { problems, itemLevelStock };
}
