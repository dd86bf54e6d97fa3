/**
 * Prices of the catalog's offers for the join, computed by prices/price-calc.ts (what UT's
 * Ценообразование.ПолучитьЦенуНоменклатуры does) from Get Prices' SliceLast chunks — without reading the items
 * and characteristics again: Get Items already holds them, with each storage unit's coefficient.
 * prices/get-prices.ts' getPrices would re-read them (about P(items) + P₃(characteristics) more on a whole catalog).
 *
 * Requests: price types 1 + SliceLast per Condition chunk of types (usually 1; pages of 50,000 rows) + units of rows
 * priced in another unit than the storage unit (≤ maxWhereInRequests OR-chains, else the whole set in pages of 5,000:
 * onec-read/keyed-read.ts wholeSetPageSize) + КурсыВалют SliceLast 1, only when a price changes currency (a calculated
 * type across currencies, or a type in another currency than `currencyRef`).
 * Equivalence with getPrices is checked in test/unit/sync/catalog/catalog-prices.test.ts.
 */
import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import { needsRates, readPriceTypes, readRates, readSliceRows, sliceRowKeeper } from '../prices/get-prices';
import { visitPrices, type CalculatedPrice, type PriceTypeRecord, type UnitRecord } from '../prices/price-calc';
import { readByKeys } from '../onec-read/keyed-read';
import { normalizeRef } from '../offer-key';
import type { ItemRecord } from '../onec-read/items';
import { vatPercent } from './vat';

export interface OfferPriceProblem {
	offerKey: string | null;
	priceTypeRef: string;
	priceTypeName: string;
	reason: string;
}

/** A price of the join and how it was made: the type's own figure, the conversion and the VAT added. */
export type OfferPrice = Pick<CalculatedPrice, 'price' | 'currencyRef' | 'typePrice' | 'typeCurrencyRef' | 'exchangeRate' | 'typeIncludesVat' | 'vatAdded'>;

export interface OfferPrices {
	/**
	 * Price type → offer key → price per storage unit, in `currencyRef` when given, else in the type's currency. By type
	 * first, so a look-up makes no key string: a joined key per offer and type was 600,000 strings at 300,000 offers.
	 */
	prices: Map<string, Map<string, OfferPrice>>;
	problems: OfferPriceProblem[];
}

export interface OfferPriceOptions {
	period?: string;
	maxWhereInRequests?: number;
	/** Convert every price to this currency at 1C's rate on `period` (see price-calc.ts). */
	currencyRef?: string | null;
	/** `gross`: types without VAT get the item's VAT added; `asIs` (default): as the types hold them. */
	vat?: 'gross' | 'asIs';
}

export async function pricesOfOffers(
	client: OneCClient,
	items: readonly ItemRecord[],
	offers: ReadonlyArray<{ ref: string; characteristicRef: string | null }>,
	priceTypeRefs: readonly string[],
	options: OfferPriceOptions = {},
): Promise<OfferPrices> {
	const requested = [...new Set(priceTypeRefs.map((ref) => normalizeRef(ref)).filter((ref): ref is string => ref !== null))];
	if (requested.length === 0) return { prices: new Map(), problems: [] };
	const { types, sliceTypes } = await readPriceTypes(client, requested);

	const byRef = new Map(items.map((item) => [item.ref, item]));
	// Rows of items outside the catalog read (other folders, folders themselves, deleted items) are dropped as their pages come.
	const keep = sliceRowKeeper((itemRef) => byRef.get(itemRef)?.ref);
	const rows = await readSliceRows(client, types, sliceTypes, keep, { period: options.period });

	// Coefficients: storage units came with the items; only rows priced in another unit need a read.
	const units = new Map<string, UnitRecord>();
	for (const item of items) if (item.storageUnit !== null) units.set(item.storageUnit.ref, { Коэффициент: item.storageUnit.coefficient });
	const unitRefs = new Set<string>();
	for (const row of rows) {
		const rowUnit = normalizeRef(row.ЕдиницаИзмерения_Key);
		const storage = byRef.get(normalizeRef(row.Номенклатура_Key) ?? '')?.storageUnitRef ?? null;
		if (rowUnit !== null && storage !== null && rowUnit !== storage && !units.has(rowUnit)) unitRefs.add(rowUnit);
	}
	for (const unit of await readByKeys(client, UT.Catalog_ЕдиницыИзмерения, 'Ref_Key', unitRefs, { select: ['Ref_Key', 'Коэффициент'], maxWhereInRequests: options.maxWhereInRequests })) {
		units.set(unit.Ref_Key.toLowerCase(), { Коэффициент: unit.Коэффициент });
	}

	const target = normalizeRef(options.currencyRef);
	const currencyRates = needsRates(requested, types, rows, target) ? await readRates(client, options.period) : undefined;
	const itemTable = new Map<string, { ЕдиницаХраненияОстатков_Key: string | null }>();
	const vatRates = new Map<string, number | null>();
	for (const item of items) {
		itemTable.set(item.ref, { ЕдиницаХраненияОстатков_Key: item.storageUnitRef });
		vatRates.set(item.ref, vatPercent(item.vat));
	}
	const prices = new Map<string, Map<string, OfferPrice>>();
	for (const ref of requested) prices.set(ref, new Map());
	// Each price goes into its type's map as it is made, as the few fields the join reads: the calculation's own
	// object (with its keys and refs) dies young, and no list of them is held.
	const priceProblems = visitPrices(
		{
			priceTypeRefs: requested,
			priceTypes: [...types.values()] as PriceTypeRecord[],
			sliceRows: rows,
			offers: offers.map((o) => ({ itemRef: o.ref, characteristicRef: o.characteristicRef })),
			items: itemTable,
			units,
			currencyRates,
			targetCurrencyRef: target ?? undefined,
			vat: { mode: options.vat ?? 'asIs', rates: vatRates },
		},
		(price: CalculatedPrice) => {
			const { price: value, currencyRef, typePrice, typeCurrencyRef, exchangeRate, typeIncludesVat, vatAdded } = price;
			prices.get(price.priceTypeRef)?.set(price.offerKey, { price: value, currencyRef, typePrice, typeCurrencyRef, exchangeRate, typeIncludesVat, vatAdded });
		},
	);
	const problems = priceProblems.map((p) => ({ ...p, priceTypeName: types.get(p.priceTypeRef)?.Description ?? '' }));
	return { prices, problems };
}

