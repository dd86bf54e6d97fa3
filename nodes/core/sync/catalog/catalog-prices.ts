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
import { lowerCaseLatin } from '../../onec/query';

export interface OfferPriceProblem {
	offerKey: string | null;
	priceTypeRef: string;
	priceTypeName: string;
	reason: string;
}

export interface OfferPriceOptions {
	period?: string;
	maxWhereInRequests?: number;
	/** Convert every price to this currency at 1C's rate on `period` (see price-calc.ts). */
	currencyRef?: string | null;
	/** `gross`: types without VAT get the item's VAT added; `asIs` (default): as the types hold them. */
	vat?: 'gross' | 'asIs';
}

/**
 * Computes the price of each offer and type and hands it to `visit` as it is made (by type, then by offer key), per
 * storage unit, in `currencyRef` when given, else in the type's currency. Nothing is kept here: the join writes each
 * price into its offer. Maps of prices by type and offer were 600,000 entries and as many price objects at 300,000
 * offers, all alive at the join's peak (README "Large catalogs"). Returns the prices that could not be computed.
 */
export async function pricesOfOffers(
	client: OneCClient,
	items: readonly ItemRecord[],
	offers: ReadonlyArray<{ ref: string; characteristicRef: string | null }>,
	priceTypeRefs: readonly string[],
	options: OfferPriceOptions,
	visit: (price: CalculatedPrice) => void,
): Promise<OfferPriceProblem[]> {
	const requested = [...new Set(priceTypeRefs.map((ref) => normalizeRef(ref)).filter((ref): ref is string => ref !== null))];
	if (requested.length === 0) return [];
	const { types, sliceTypes } = await readPriceTypes(client, requested);

	const byRef = new Map(items.map((item) => [item.ref, item]));
	// Rows of items outside the catalog read (other folders, folders themselves, deleted items) are dropped as their pages come.
	const keep = sliceRowKeeper(
		(itemRef) => byRef.get(itemRef)?.ref,
		(itemRef) => byRef.get(itemRef)?.storageUnitRef,
	);
	const rows = await readSliceRows(client, types, sliceTypes, keep, { period: options.period });

	// Coefficients, only for rows priced in another unit than their item's storage unit (price-calc.ts convertUnit):
	// the storage unit's came with the item, the row's is read by key. A price row's unit is one of its own item's
	// units (ЕдиницыИзмерения is subordinate to Номенклатура in UT 10.3), never another item's storage unit, so no
	// unit read is saved by holding every item's storage unit here (300,000 entries at 300,000 offers).
	const units = new Map<string, UnitRecord>();
	const unitRefs = new Set<string>();
	for (const row of rows) {
		const rowUnit = normalizeRef(row.ЕдиницаИзмерения_Key);
		const item = byRef.get(normalizeRef(row.Номенклатура_Key) ?? '');
		const storage = item?.storageUnitRef ?? null;
		if (item === undefined || rowUnit === null || storage === null || rowUnit === storage) continue;
		if (item.storageUnit !== null) units.set(item.storageUnit.ref, { Коэффициент: item.storageUnit.coefficient });
		unitRefs.add(rowUnit);
	}
	for (const ref of units.keys()) unitRefs.delete(ref);
	for (const unit of await readByKeys(client, UT.Catalog_ЕдиницыИзмерения, 'Ref_Key', unitRefs, { select: ['Ref_Key', 'Коэффициент'], maxWhereInRequests: options.maxWhereInRequests })) {
		units.set(lowerCaseLatin(unit.Ref_Key), { Коэффициент: unit.Коэффициент });
	}

	const target = normalizeRef(options.currencyRef);
	const currencyRates = needsRates(requested, types, rows, target) ? await readRates(client, options.period) : undefined;
	// Storage units and VAT rates looked up in the items' own index: two tables of the catalog's size fewer at the
	// join's peak (300,000 entries each and an object per item at 300,000 offers).
	const itemOf = (ref: string) => {
		const item = byRef.get(ref);
		return item === undefined ? undefined : { ЕдиницаХраненияОстатков_Key: item.storageUnitRef };
	};
	const vatRateOf = (ref: string) => {
		const item = byRef.get(ref);
		return item === undefined ? undefined : vatPercent(item.vat);
	};
	const priceProblems = visitPrices(
		{
			priceTypeRefs: requested,
			priceTypes: [...types.values()] as PriceTypeRecord[],
			sliceRows: rows,
			// One small object at a time, not an array of them beside the offers.
			offers: (function* () {
				for (const o of offers) yield { itemRef: o.ref, characteristicRef: o.characteristicRef };
			})(),
			items: itemOf,
			units,
			currencyRates,
			targetCurrencyRef: target ?? undefined,
			vat: { mode: options.vat ?? 'asIs', rates: vatRateOf },
		},
		visit,
	);
	return priceProblems.map((p) => ({ ...p, priceTypeName: types.get(p.priceTypeRef)?.Description ?? '' }));
}

