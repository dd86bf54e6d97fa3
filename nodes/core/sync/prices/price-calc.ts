/**
 * Prices per offer and price type from UT 10.3 data (docs/1c-odata.md#virtual-tables, #ut-103-objects, #prices), following what
 * `Ценообразование.ПолучитьЦенуНоменклатуры` does in UT 10.3:
 *
 * - Row choice: for an offer (item, characteristic) the row of that characteristic wins; otherwise the item's
 *   row with the empty characteristic applies (to the item itself and to every characteristic without its own).
 * - Stored type: price = row.Цена in row.Валюта.
 * - Calculated type (`Рассчитывается`, no rows of its own): the base type's row as above; its price is converted
 *   to the calculated type's currency (ВалютаЦены), then multiplied by (1 + ПроцентСкидкиНаценки / 100). The
 *   percent is the type's, unless a ЦеныНоменклатуры row of the calculated type itself carries a per-item percent
 *   (UT reads `ЕСТЬNULL(row percent, type percent)`). UT reads only rows of the base type, so a calculated type
 *   based on another calculated type gets no price there either — reported, not chained.
 *   `ПоВхождениюБазовойЦеныВДиапазон` (price ranges) is out of scope (docs/1c-odata.md#prices) and reported.
 * - Unit: the price is per row.ЕдиницаИзмерения; CRM quantities are in the item's storage unit
 *   (ЕдиницаХраненияОстатков), so:   price per storage unit = price per row unit × Коэффициент(storage unit)
 *   ÷ Коэффициент(row unit)   (Коэффициент = base units in that unit; e.g. 1200 per box of 12, storage unit
 *   "pcs" with 1 → 1200 × 1 ÷ 12 = 100 per pcs). Same as UT's ПересчитатьЦенуПриИзмененииЕдиницы.
 * - Rounding: after the unit conversion, by the type's ПорядокОкругления / ОкруглятьВБольшуюСторону (UT rounds
 *   stored types too; an empty order means 0.01) — price-rounding.ts.
 * - Optional final conversion to one target currency (e.g. the CRM site currency), rounded to 0.01 as UT's
 *   ПересчитатьИзВалютыВВалюту does: sum × rate(from) × multiplicity(to) ÷ (rate(to) × multiplicity(from)).
 *   Rates (InformationRegister_КурсыВалют SliceLast: Курс, Кратность) come from the caller; a missing rate is
 *   reported and the price skipped — never sent unconverted.
 *
 * - VAT (optional, `vat.mode: 'gross'`): a price of a type whose ЦенаВключаетНДС is off is net; it gets the item's
 *   rate added last, as UT fills a document line whose amounts include VAT from such a type:
 *   price × (100 + rate) ÷ 100, after the unit, the rounding and the currency conversion, rounded to 0.01 as the
 *   document's Цена holds it (rf-bessome/ut10_3_22_percent: src/CommonModules/Ценообразование/Ext/Module.bsl,
 *   ЗаполнитьЦенуВСтрокеТабличнойЧасти → ПересчитатьЦенуПриИзмененииФлаговНалогов; the rate is
 *   УчетНДС.ПолучитьСтавкуНДС of Номенклатура.СтавкаНДС, 0 for БезНДС, НДС0 and an empty rate). A calculated type
 *   is judged by its own flag, as UT does (the document's type is the calculated one).
 *
 * Deviations (documented, lenient): a row with an empty unit is taken as per storage unit (UT would yield 0 for
 * goods, which is a data error we do not want to publish as a zero price).
 */
import { compareStrings } from '../../common/compare-strings';
import { runSteps, StepCounter, type Steps } from '../../common/steps';
import { lowerCaseKeys, type Table } from '../crm-upload/lookup-table';
import { normalizeRef, offerKey, type RefValue } from '../offer-key';
import { isRoundingOrder, roundHalfAwayFromZero, roundPrice, snapDecimal } from './price-rounding';

/** Catalog_ТипыЦенНоменклатуры after codecs. */
export interface PriceTypeRecord {
	Ref_Key: string;
	Description?: string;
	ВалютаЦены_Key?: RefValue;
	БазовыйТипЦен_Key?: RefValue;
	Рассчитывается: boolean;
	ПроцентСкидкиНаценки?: number | null;
	/** Prices of the type include VAT (UT's default for new types: true). */
	ЦенаВключаетНДС?: boolean;
	/** Enum ПорядкиОкругления value name (Окр0_01 … Окр100) or ''. */
	ПорядокОкругления?: string | null;
	ОкруглятьВБольшуюСторону?: boolean;
	/** Enum СпособыРасчетаЦены value name or ''. */
	СпособРасчетаЦены?: string | null;
}

/** One row of InformationRegister_ЦеныНоменклатуры(_RecordType)/SliceLast after codecs. */
export interface PriceSliceRow {
	ТипЦен_Key: RefValue;
	Номенклатура_Key: RefValue;
	ХарактеристикаНоменклатуры_Key?: RefValue;
	Цена: number;
	Валюта_Key?: RefValue;
	ЕдиницаИзмерения_Key?: RefValue;
	ПроцентСкидкиНаценки?: number | null;
	СпособРасчетаЦены?: string | null;
}

/** Catalog_Номенклатура fields the calculation needs. */
export interface ItemRecord {
	ЕдиницаХраненияОстатков_Key?: RefValue;
}

/** Catalog_ЕдиницыИзмерения fields the calculation needs. */
export interface UnitRecord {
	Коэффициент: number;
}

/** InformationRegister_КурсыВалют SliceLast resources. */
export interface CurrencyRate {
	Курс: number;
	Кратность: number;
}

/** A lookup by lower-case Ref_Key over the caller's own data. */
export type Lookup<V> = (ref: string) => V | undefined;

/** A table (keys in any case) or a lookup, as a lookup. */
function lookupOf<V>(table: Table<V> | Lookup<V>): Lookup<V> {
	if (typeof table === 'function') return table;
	const map = lowerCaseKeys(table);
	return (ref) => map.get(ref);
}

export interface PriceCalcInput {
	/** The price types to produce (stored or calculated). */
	priceTypeRefs: readonly string[];
	/** All price types involved (the requested ones and their base types), keyed by Ref_Key or as a list. */
	priceTypes: Table<PriceTypeRecord> | readonly PriceTypeRecord[];
	/** SliceLast rows of the requested stored types, of the base types of calculated ones, and of calculated ones (per-item percents). */
	sliceRows: readonly PriceSliceRow[];
	/**
	 * Offers to price (items and characteristics). Without it, only offers that have rows are priced (an item row
	 * then prices the item key only); pass the catalog's offers so item prices reach characteristics.
	 */
	offers?: Iterable<{ itemRef: string; characteristicRef?: RefValue }>;
	/**
	 * Item Ref_Key → storage unit; an offer whose item is missing here gets no price and is reported. A function
	 * looks the item up in the caller's own index (lower-case keys): no table of 300,000 entries beside it.
	 */
	items: Table<ItemRecord> | Lookup<ItemRecord>;
	/** Unit Ref_Key → Коэффициент. */
	units: Table<UnitRecord>;
	/** Currency Ref_Key → rate; needed only when currencies differ. */
	currencyRates?: Table<CurrencyRate>;
	/** Convert every price to this currency (Catalog_Валюты Ref_Key). Omit to keep each type's currency. */
	targetCurrencyRef?: string;
	/** Add VAT to prices of types without it (see the module comment). Omit: prices as the types hold them. */
	vat?: VatHandling;
}

export interface VatHandling {
	/** `gross`: prices of types whose ЦенаВключаетНДС is off get the item's VAT; `asIs`: as the types hold them. */
	mode: 'gross' | 'asIs';
	/** Item Ref_Key → VAT rate in percent (0 for БезНДС / НДС0); null or missing: the rate is not known (no VAT added). */
	rates: Table<number | null> | Lookup<number | null>;
}

export interface CalculatedPrice {
	offerKey: string;
	itemRef: string;
	characteristicRef: string | null;
	priceTypeRef: string;
	price: number;
	/** Currency of `price` (null when the row had none). */
	currencyRef: string | null;
	/** The price in the type's own currency and VAT treatment, per storage unit and rounded (before conversion and VAT). */
	typePrice: number;
	typeCurrencyRef: string | null;
	/** Units of `currencyRef` per unit of `typeCurrencyRef` (1C rates and multiplicities), when the price was converted. */
	exchangeRate?: number;
	/** The type's ЦенаВключаетНДС. */
	typeIncludesVat: boolean;
	/** Percent added to a net price (VAT mode gross); undefined when nothing was added. */
	vatAdded?: number;
}

export interface PriceProblem {
	/** null when the whole price type cannot be computed (reported once, not per offer). */
	offerKey: string | null;
	priceTypeRef: string;
	reason: string;
}

export interface PriceCalcResult {
	prices: CalculatedPrice[];
	/** Offers and types that got no price, and why (for the node's output / logs). */
	problems: PriceProblem[];
}

const PERCENT_METHOD = 'ПоПроцентнойНаценкеНаБазовыйТип';
const RANGE_METHOD = 'ПоВхождениюБазовойЦеныВДиапазон';

/** Why one offer × price type got no price; collected into `problems` (a value, not an exception). */
export interface NotComputable {
	problem: string;
}

function notComputable(problem: string): NotComputable {
	return { problem };
}

export function isNotComputable(value: unknown): value is NotComputable {
	return typeof value === 'object' && value !== null && 'problem' in value;
}

export function calculatePrices(input: PriceCalcInput): PriceCalcResult {
	const prices: CalculatedPrice[] = [];
	const problems = visitPrices(input, (price) => prices.push(price));
	return { prices, problems };
}

/**
 * calculatePrices without collecting the prices: each goes to `visit` as it is made (by price type, then by offer key),
 * so a caller that turns them into its own rows never holds both lists. Returns the problems.
 */
export function visitPrices(input: PriceCalcInput, visit: (price: CalculatedPrice) => void): PriceProblem[] {
	return runSteps(visitPriceSteps(input, visit));
}

/** visitPrices in steps of STEP_ROWS rows or offers (common/steps.ts), for a caller that lets the event loop run between them. */
export function* visitPriceSteps(input: PriceCalcInput, visit: (price: CalculatedPrice) => void): Steps<PriceProblem[]> {
	const step = new StepCounter();
	const types = indexPriceTypes(input.priceTypes);
	const itemOf = lookupOf(input.items);
	const units = lowerCaseKeys(input.units);
	const rates = input.currencyRates === undefined ? new Map<string, CurrencyRate>() : lowerCaseKeys(input.currencyRates);
	const targetCurrency = normalizeRef(input.targetCurrencyRef);

	// Rows by type, then by offer key (`item` or `item#characteristic`); the last row wins if SliceLast ever returned
	// duplicates. An item-level row's key is the item ref itself, so 500,000 rows add no key strings of their own.
	const rows = new Map<string, Map<string, PriceSliceRow>>();
	const offersFromRows = input.offers === undefined ? new Map<string, Offer>() : undefined;
	for (const row of input.sliceRows) {
		const typeRef = normalizeRef(row.ТипЦен_Key);
		const itemRef = normalizeRef(row.Номенклатура_Key);
		if (typeRef === null || itemRef === null) continue;
		const characteristicRef = normalizeRef(row.ХарактеристикаНоменклатуры_Key);
		const key = offerKey(itemRef, characteristicRef);
		let ofType = rows.get(typeRef);
		if (ofType === undefined) rows.set(typeRef, (ofType = new Map()));
		ofType.set(key, row);
		offersFromRows?.set(key, { key, itemRef, characteristicRef });
		if (step.due()) yield;
	}
	const offers: Offer[] = [];
	if (offersFromRows !== undefined) {
		for (const offer of offersFromRows.values()) offers.push(offer);
	} else {
		for (const offer of input.offers ?? []) {
			const itemRef = normalizeRef(offer.itemRef);
			if (itemRef === null) continue;
			const characteristicRef = normalizeRef(offer.characteristicRef);
			offers.push({ key: offerKey(itemRef, characteristicRef), itemRef, characteristicRef });
			if (step.due()) yield;
		}
	}
	offers.sort((a, b) => compareStrings(a.key, b.key));
	// An offer given twice is priced once: the sort is stable, so the first of equal keys stays (no set of 300,000
	// keys beside the list; its growth doubled a table at the join's peak).
	let kept = 0;
	for (let i = 0; i < offers.length; i++) if (kept === 0 || offers[i].key !== offers[kept - 1].key) offers[kept++] = offers[i];
	offers.length = kept;

	// The offer's own key is the row key of its characteristic: no key string is made per offer and type.
	const findRow: FindRow = (typeRef, offer) => {
		const ofType = rows.get(typeRef);
		if (ofType === undefined) return undefined;
		return (offer.characteristicRef === null ? undefined : ofType.get(offer.key)) ?? ofType.get(offer.itemRef);
	};
	const ownRow: OwnRow = (typeRef, offer, characteristicRef) =>
		rows.get(typeRef)?.get(characteristicRef === null ? offer.itemRef : characteristicRef === offer.characteristicRef ? offer.key : `${offer.itemRef}#${characteristicRef}`);

	const vatRateOf = input.vat === undefined ? undefined : lookupOf(input.vat.rates);
	const grossVat = input.vat?.mode === 'gross';

	// The price is made in its final object (no spread of a partial one per price: 200,000 prices are 200,000 fewer objects).
	const priceOffer = (type: PriceTypeRecord, typeRef: string, offer: Offer): CalculatedPrice | NotComputable | null => {
		const priced = type.Рассчитывается
			? priceCalculated(type, types.get(normalizeRef(type.БазовыйТипЦен_Key) as string) as PriceTypeRecord, offer, findRow, ownRow, rates)
			: priceStored(type, offer, findRow);
		if (priced === null || isNotComputable(priced)) return priced;
		const item = itemOf(offer.itemRef);
		if (item === undefined) return notComputable('item is not in the item table (storage unit unknown)');
		const perStorageUnit = convertUnit(priced.price, priced.unitRef, normalizeRef(item.ЕдиницаХраненияОстатков_Key), units);
		if (isNotComputable(perStorageUnit)) return perStorageUnit;
		const rounded = roundPrice(perStorageUnit, type.ПорядокОкругления, type.ОкруглятьВБольшуюСторону === true);
		const includesVat = type.ЦенаВключаетНДС !== false;
		const out: CalculatedPrice = {
			offerKey: offer.key,
			itemRef: offer.itemRef,
			characteristicRef: offer.characteristicRef,
			priceTypeRef: typeRef,
			price: rounded,
			currencyRef: priced.currencyRef,
			typePrice: rounded,
			typeCurrencyRef: priced.currencyRef,
			typeIncludesVat: includesVat,
		};
		if (targetCurrency !== null && priced.currencyRef !== targetCurrency) {
			const converted = convertCurrency(rounded, priced.currencyRef, targetCurrency, rates);
			if (isNotComputable(converted)) return converted;
			out.price = converted;
			out.currencyRef = targetCurrency;
			out.exchangeRate = exchangeRate(priced.currencyRef as string, targetCurrency, rates);
		}
		if (grossVat && !includesVat) {
			const rate = vatRateOf?.(offer.itemRef);
			if (typeof rate === 'number' && rate > 0) {
				out.price = roundHalfAwayFromZero((out.price * (100 + rate)) / 100, 2);
				out.vatAdded = rate;
			}
		}
		return out;
	};

	const problems: PriceProblem[] = [];
	const requested = [...new Set(input.priceTypeRefs.map((ref) => normalizeRef(ref)).filter((ref): ref is string => ref !== null))];
	for (const typeRef of requested) {
		const type = types.get(typeRef);
		if (type === undefined) throw new Error(`Price type ${typeRef} is not among the price types given to calculatePrices`);
		const typeProblem = checkType(type, types);
		if (typeProblem !== null) {
			problems.push({ offerKey: null, priceTypeRef: typeRef, reason: typeProblem });
			continue;
		}
		for (const offer of offers) {
			if (step.due()) yield;
			const outcome = priceOffer(type, typeRef, offer);
			if (outcome === null) continue; // no row: the offer simply has no price of this type
			if (isNotComputable(outcome)) {
				problems.push({ offerKey: offer.key, priceTypeRef: typeRef, reason: outcome.problem });
				continue;
			}
			visit(outcome);
		}
	}
	return problems;
}

/** An offer to price, with its key. */
interface Offer {
	key: string;
	itemRef: string;
	characteristicRef: string | null;
}

function indexPriceTypes(table: PriceCalcInput['priceTypes']): Map<string, PriceTypeRecord> {
	const out = new Map<string, PriceTypeRecord>();
	const list: Iterable<PriceTypeRecord> = Array.isArray(table)
		? (table as readonly PriceTypeRecord[])
		: table instanceof Map
			? table.values()
			: Object.values(table as Readonly<Record<string, PriceTypeRecord>>);
	for (const type of list) {
		const ref = normalizeRef(type.Ref_Key);
		if (ref !== null) out.set(ref, type);
	}
	return out;
}

/** A reason this type cannot be priced at all, or null. */
function checkType(type: PriceTypeRecord, types: ReadonlyMap<string, PriceTypeRecord>): string | null {
	const name = type.Description ?? type.Ref_Key;
	if (!isRoundingOrder(type.ПорядокОкругления)) {
		return `price type "${name}" has an unknown ПорядокОкругления "${String(type.ПорядокОкругления)}"`;
	}
	if (!type.Рассчитывается) return null;
	const baseRef = normalizeRef(type.БазовыйТипЦен_Key);
	if (baseRef === null) return `calculated price type "${name}" has no БазовыйТипЦен`;
	const base = types.get(baseRef);
	if (base === undefined) return `base price type ${baseRef} of "${name}" was not given`;
	if (base.Рассчитывается) return `base price type of "${name}" is itself calculated; UT 10.3 does not chain calculated types`;
	if (type.СпособРасчетаЦены === RANGE_METHOD) return `price type "${name}" uses price ranges (${RANGE_METHOD}), which is not supported`;
	return null;
}

interface PricedInUnit {
	price: number;
	unitRef: string | null;
	currencyRef: string | null;
}

/** The offer's row of a type: its characteristic's, else its item's. */
type FindRow = (typeRef: string, offer: Offer) => PriceSliceRow | undefined;
/** The row of exactly this type, the offer's item and `characteristicRef` (no fall-back to the item's row). */
type OwnRow = (typeRef: string, offer: Offer, characteristicRef: string | null) => PriceSliceRow | undefined;

function priceStored(type: PriceTypeRecord, offer: Offer, findRow: FindRow): PricedInUnit | null {
	const row = findRow(normalizeRef(type.Ref_Key) as string, offer);
	if (row === undefined) return null;
	return { price: Number(row.Цена), unitRef: normalizeRef(row.ЕдиницаИзмерения_Key), currencyRef: normalizeRef(row.Валюта_Key) };
}

function priceCalculated(
	type: PriceTypeRecord,
	base: PriceTypeRecord,
	offer: Offer,
	findRow: FindRow,
	ownRow: OwnRow,
	rates: ReadonlyMap<string, CurrencyRate>,
): PricedInUnit | NotComputable | null {
	const baseRow = findRow(normalizeRef(base.Ref_Key) as string, offer);
	if (baseRow === undefined) return null;
	// A row of the calculated type itself (same item and characteristic as the base row) may override percent and method.
	const own = ownRow(normalizeRef(type.Ref_Key) as string, offer, normalizeRef(baseRow.ХарактеристикаНоменклатуры_Key));
	const method = nonEmpty(own?.СпособРасчетаЦены) ?? nonEmpty(type.СпособРасчетаЦены) ?? PERCENT_METHOD;
	if (method !== PERCENT_METHOD) return notComputable(`calculation method ${method} is not supported`);
	const percent = own?.ПроцентСкидкиНаценки ?? type.ПроцентСкидкиНаценки ?? 0;
	const typeCurrency = normalizeRef(type.ВалютаЦены_Key);
	const baseCurrency = normalizeRef(baseRow.Валюта_Key);
	let price = Number(baseRow.Цена);
	let currencyRef = baseCurrency;
	if (typeCurrency !== null && baseCurrency !== typeCurrency) {
		const converted = convertCurrency(price, baseCurrency, typeCurrency, rates);
		if (isNotComputable(converted)) return converted;
		price = converted;
		currencyRef = typeCurrency;
	}
	price = snapDecimal(price * (1 + Number(percent) / 100));
	return { price, unitRef: normalizeRef(baseRow.ЕдиницаИзмерения_Key), currencyRef };
}

function nonEmpty(value: string | null | undefined): string | undefined {
	return value === null || value === undefined || value === '' ? undefined : value;
}

/** price per row unit → price per storage unit: × Коэффициент(storage) ÷ Коэффициент(row unit). */
export function convertUnit(
	price: number,
	priceUnitRef: string | null,
	storageUnitRef: string | null,
	units: ReadonlyMap<string, UnitRecord>,
): number | NotComputable {
	if (priceUnitRef === null || storageUnitRef === null || priceUnitRef === storageUnitRef) return price;
	const from = units.get(priceUnitRef)?.Коэффициент;
	const to = units.get(storageUnitRef)?.Коэффициент;
	if (from === undefined || !(Number(from) > 0)) return notComputable(`unit ${priceUnitRef} of the price has no coefficient`);
	if (to === undefined || !(Number(to) > 0)) return notComputable(`storage unit ${storageUnitRef} has no coefficient`);
	return snapDecimal((price * Number(to)) / Number(from));
}

/** Units of `toRef` per unit of `fromRef` (the factor convertCurrency applies), for the output; both rates are known. */
function exchangeRate(fromRef: string, toRef: string, rates: ReadonlyMap<string, CurrencyRate>): number {
	const from = rates.get(fromRef) as CurrencyRate;
	const to = rates.get(toRef) as CurrencyRate;
	return snapDecimal((from.Курс * to.Кратность) / (to.Курс * from.Кратность));
}

/** UT ПересчитатьИзВалютыВВалюту: sum × rate(from) × multiplicity(to) ÷ (rate(to) × multiplicity(from)), rounded to 0.01. */
export function convertCurrency(
	price: number,
	fromRef: string | null,
	toRef: string,
	rates: ReadonlyMap<string, CurrencyRate>,
): number | NotComputable {
	if (fromRef === toRef) return price;
	if (fromRef === null) return notComputable('the price has no currency, cannot convert it');
	const from = rates.get(fromRef);
	const to = rates.get(toRef);
	if (from === undefined || !(from.Курс > 0) || !(from.Кратность > 0)) return notComputable(`no exchange rate for currency ${fromRef}`);
	if (to === undefined || !(to.Курс > 0) || !(to.Кратность > 0)) return notComputable(`no exchange rate for currency ${toRef}`);
	return roundHalfAwayFromZero((price * from.Курс * to.Кратность) / (to.Курс * from.Кратность), 2);
}
