/**
 * Price → Get Prices, without n8n: SliceLast of ЦеныНоменклатуры for the chosen price types (and the base types
 * of calculated ones) on a date, the offers those rows price (characteristics of items priced without one), the
 * units and currencies the calculation needs, then core/sync/prices/price-calc.ts does what UT does.
 *
 * Requests (P(n) = pages of n rows; K = "keyed read": ≤ maxWhereInRequests OR-chains, else P(whole set)):
 *   1 (price types) + S (SliceLast, one per Condition chunk of types; usually 1) + 1 (currencies)
 *   + [folder scope: P(folders) + K(items in folders)] or K(items priced)
 *   + K(characteristics of items priced without a characteristic and kept by characteristics)
 *   + K(units, only those of rows whose unit differs from the item's storage unit)
 *   + 1 (КурсыВалют SliceLast) only when a currency is converted: a calculated type's currency differs from its base
 *     rows', or a price is in another currency than the one asked for (`currencyRef`).
 * VAT (`vat: 'gross'`) and the currency conversion are price-calc.ts's (UT's order: unit, rounding, currency, VAT).
 */
import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import { OneCODataError, passOn } from '../../onec/errors';
import { datetimeLiteral, guidLiteral, inListChunks, queryParams } from '../../onec/query';
import { calculatePrices, type CurrencyRate, type PriceProblem, type PriceSliceRow, type PriceTypeRecord } from '../prices/price-calc';
import { vatPercent } from '../catalog-read/vat';
import { normalizeRef, offerKey } from '../offer-key';
import { characteristicRefsByOwner, descendantFolders, indexItems, readCharacteristics, readItemsByRefs, readItemsInFolders, type ItemRow } from '../stock-read/catalog';
import { readByKeys } from '../stock-read/keyed-read';
import { readVirtualTablePages } from '../stock-read/virtual-pages';

const Prices = UT.InformationRegister_ЦеныНоменклатуры;

export interface GetPricesOptions {
	/** Catalog_ТипыЦенНоменклатуры Ref_Keys (stored or calculated). */
	priceTypeRefs: readonly string[];
	/** Prices valid at this local date-time (`YYYY-MM-DDTHH:MM:SS`, 1C's wall clock). Omit: 1C's latest rows. */
	period?: string;
	/** Limit to items in these folders and all folders below them. */
	folderRefs?: readonly string[];
	maxWhereInRequests?: number;
	/** Rows per SliceLast request; 0 or absent: one request per Condition chunk (see stock-read/virtual-pages.ts). */
	slicePageSize?: number;
	/** Convert every price to this currency (Catalog_Валюты Ref_Key) at 1C's rate on the price date; omit to keep each type's. */
	currencyRef?: string | null;
	/** `gross`: prices of types without VAT (ЦенаВключаетНДС off) get the item's VAT; `asIs` (default): as the types hold them. */
	vat?: 'gross' | 'asIs';
}

/** One output row: an offer's price of one type. Field names are the contract with the Stock Upload node. */
export interface PriceItem {
	offerKey: string;
	itemRef: string;
	characteristicRef: string | null;
	itemCode: string;
	itemArticle: string;
	itemName: string;
	priceTypeRef: string;
	priceTypeCode: string;
	priceTypeName: string;
	/** Per the item's storage unit, rounded as the price type says. */
	price: number;
	currencyRef: string | null;
	/** Catalog_Валюты Code (ISO 4217 numeric, e.g. '643'). */
	currencyCode: string;
	/** Catalog_Валюты Description (e.g. 'руб.'). */
	currencyName: string;
	/** The price as the type holds it (its currency, with or without VAT as the type says), before conversion and VAT. */
	typePrice: number;
	typeCurrencyCode: string;
	/** Units of the output currency per unit of the type's, when converted (1C's rate on the price date); else null. */
	exchangeRate: number | null;
	/** The type's ЦенаВключаетНДС. */
	priceIncludesVat: boolean;
	/** VAT percent added to a net price (Options → VAT "Add to Net Prices"); null when nothing was added. */
	vatAdded: number | null;
}

export interface PriceReadProblem extends PriceProblem {
	priceTypeName: string;
}

export interface GetPricesResult {
	items: PriceItem[];
	/** Offers or types that got no price, and why. */
	problems: PriceReadProblem[];
}

export class CurrencyNotFoundError extends Error {
	constructor(readonly ref: string) {
		super(`Currency not found in 1C: ${ref}. Choose the currency from the list again.`);
		this.name = 'CurrencyNotFoundError';
	}
}

export class PriceTypeNotFoundError extends Error {
	constructor(readonly refs: string[]) {
		super(`Price type(s) not found in 1C: ${refs.join(', ')}. Choose price types from the list again.`);
		this.name = 'PriceTypeNotFoundError';
	}
}

/** The price type fields price-calc.ts needs (also read by catalog-read's join). */
export const PRICE_TYPE_SELECT = [
	'Ref_Key',
	'Code',
	'Description',
	'ВалютаЦены_Key',
	'БазовыйТипЦен_Key',
	'Рассчитывается',
	'ПроцентСкидкиНаценки',
	'ЦенаВключаетНДС',
	'ПорядокОкругления',
	'ОкруглятьВБольшуюСторону',
	'СпособРасчетаЦены',
] as const;

/** SliceLast Condition chunks on ТипЦен_Key that keep each URL within the client's limit. */
export function priceTypeConditions(client: OneCClient, typeRefs: readonly string[]): string[] {
	const base = client.url([`${Prices.set}_RecordType`, 'SliceLast'], queryParams({ select: Object.keys(Prices.slice.specs) }, [['Period', "datetime'2000-01-01T00:00:00'"]]));
	const budget = Math.max(200, client.maxUrlLength - base.length - '&Condition='.length);
	return inListChunks('ТипЦен_Key', typeRefs, budget, (v) => guidLiteral(String(v)));
}

export async function getPrices(client: OneCClient, options: GetPricesOptions): Promise<GetPricesResult> {
	const requested = [...new Set(options.priceTypeRefs.map((ref) => normalizeRef(ref)).filter((ref): ref is string => ref !== null))];
	if (requested.length === 0) throw new Error('Choose at least one price type');
	const keyed = { maxWhereInRequests: options.maxWhereInRequests };

	// Price types are a short catalog: one read gives the requested ones and their bases.
	const types = new Map((await client.readAll(UT.Catalog_ТипыЦенНоменклатуры, { select: PRICE_TYPE_SELECT })).map((t) => [t.Ref_Key, t]));
	const missing = requested.filter((ref) => !types.has(ref));
	if (missing.length > 0) throw new PriceTypeNotFoundError(missing);
	const sliceTypes = new Set(requested);
	for (const ref of requested) {
		const type = types.get(ref);
		const base = type?.Рассчитывается ? normalizeRef(type.БазовыйТипЦен_Key) : null;
		if (base !== null) sliceTypes.add(base);
	}

	let rows: PriceSliceRow[] = [];
	for (const condition of priceTypeConditions(client, [...sliceTypes])) {
		rows.push(
			...(options.slicePageSize !== undefined && options.slicePageSize > 0
				? await readSlicePaged(client, condition, options.period, options.slicePageSize)
				: await client.sliceLast(Prices, { condition, period: options.period })),
		);
	}

	let scope: Map<string, ItemRow> | null = null;
	if (options.folderRefs !== undefined && options.folderRefs.length > 0) {
		scope = indexItems(await readItemsInFolders(client, await descendantFolders(client, options.folderRefs), keyed));
		const kept = scope;
		rows = rows.filter((row) => kept.has(normalizeRef(row.Номенклатура_Key) ?? ''));
	}
	const pricedItems = new Set<string>();
	for (const row of rows) {
		const item = normalizeRef(row.Номенклатура_Key);
		if (item !== null) pricedItems.add(item);
	}
	const items = scope ?? indexItems(await readItemsByRefs(client, pricedItems, keyed));

	// Characteristics are needed only where an item-level row must reach them (items kept by characteristics).
	const itemLevel = new Set<string>();
	for (const row of rows) if (normalizeRef(row.ХарактеристикаНоменклатуры_Key) === null) itemLevel.add(normalizeRef(row.Номенклатура_Key) as string);
	const owners = [...itemLevel].filter((ref) => items.get(ref)?.ВестиУчетПоХарактеристикам === true);
	const characteristics = await readCharacteristics(client, owners, keyed);
	const offers = pricedOffers(rows, items, characteristics);

	// Units: only rows priced in another unit than the item's storage unit need coefficients.
	const unitRefs = new Set<string>();
	for (const row of rows) {
		const rowUnit = normalizeRef(row.ЕдиницаИзмерения_Key);
		const storage = normalizeRef(items.get(normalizeRef(row.Номенклатура_Key) ?? '')?.ЕдиницаХраненияОстатков_Key);
		if (rowUnit !== null && storage !== null && rowUnit !== storage) {
			unitRefs.add(rowUnit);
			unitRefs.add(storage);
		}
	}
	const units = new Map(
		(await readByKeys(client, UT.Catalog_ЕдиницыИзмерения, 'Ref_Key', unitRefs, { select: ['Ref_Key', 'Коэффициент'], ...keyed })).map((u) => [u.Ref_Key, u]),
	);

	const currencies = new Map((await client.readAll(UT.Catalog_Валюты, { select: ['Ref_Key', 'Code', 'Description'] })).map((c) => [c.Ref_Key, c]));
	const target = normalizeRef(options.currencyRef);
	if (target !== null && !currencies.has(target)) throw new CurrencyNotFoundError(target);
	const currencyRates = needsRates(requested, types, rows, target) ? await readRates(client, options.period) : undefined;

	const priceTypes: PriceTypeRecord[] = [...types.values()];
	const itemTable = new Map<string, { ЕдиницаХраненияОстатков_Key: string | null }>();
	const vatRates = new Map<string, number | null>();
	for (const [ref, item] of items) {
		itemTable.set(ref, { ЕдиницаХраненияОстатков_Key: item.ЕдиницаХраненияОстатков_Key });
		vatRates.set(ref, vatPercent(item.СтавкаНДС));
	}
	const result = calculatePrices({
		priceTypeRefs: requested,
		priceTypes,
		sliceRows: rows,
		offers,
		items: itemTable,
		units,
		currencyRates,
		targetCurrencyRef: target ?? undefined,
		vat: { mode: options.vat ?? 'asIs', rates: vatRates },
	});

	const out: PriceItem[] = result.prices.map((price) => {
		const item = items.get(price.itemRef);
		const type = types.get(price.priceTypeRef);
		const currency = price.currencyRef === null ? undefined : currencies.get(price.currencyRef);
		return {
			offerKey: price.offerKey,
			itemRef: price.itemRef,
			characteristicRef: price.characteristicRef,
			itemCode: item?.Code ?? '',
			itemArticle: item?.Артикул ?? '',
			itemName: item?.Description ?? '',
			priceTypeRef: price.priceTypeRef,
			priceTypeCode: type?.Code ?? '',
			priceTypeName: type?.Description ?? '',
			price: price.price,
			currencyRef: price.currencyRef,
			currencyCode: currency?.Code ?? '',
			currencyName: currency?.Description ?? '',
			typePrice: price.typePrice,
			typeCurrencyCode: (price.typeCurrencyRef === null ? undefined : currencies.get(price.typeCurrencyRef))?.Code ?? '',
			exchangeRate: price.exchangeRate ?? null,
			priceIncludesVat: price.typeIncludesVat,
			vatAdded: price.vatAdded ?? null,
		};
	});
	const problems = result.problems.map((p) => ({ ...p, priceTypeName: types.get(p.priceTypeRef)?.Description ?? '' }));
	return { items: out, problems };
}

/**
 * The offers the rows price: every characteristic of an item kept by characteristics that has an item-level row
 * (its price reaches them), the item key for the other items, and every characteristic that has a row of its own.
 */
function pricedOffers(
	rows: readonly PriceSliceRow[],
	items: ReadonlyMap<string, ItemRow>,
	characteristics: ReadonlyArray<{ Ref_Key: string; Owner_Key: string | null }>,
): Array<{ itemRef: string; characteristicRef: string | null }> {
	const byOwner = characteristicRefsByOwner(characteristics);
	const offers = new Map<string, { itemRef: string; characteristicRef: string | null }>();
	const add = (itemRef: string, characteristicRef: string | null) => offers.set(offerKey(itemRef, characteristicRef), { itemRef, characteristicRef });
	for (const row of rows) {
		const itemRef = normalizeRef(row.Номенклатура_Key);
		if (itemRef === null) continue;
		const item = items.get(itemRef);
		if (item === undefined || item.DeletionMark) continue; // not an item in scope (a folder, deleted or outside the folders)
		const characteristicRef = normalizeRef(row.ХарактеристикаНоменклатуры_Key);
		if (characteristicRef !== null) {
			add(itemRef, characteristicRef);
			continue;
		}
		const chars = item.ВестиУчетПоХарактеристикам ? byOwner.get(itemRef) : undefined;
		if (chars === undefined || chars.length === 0) add(itemRef, null);
		else for (const ch of chars) add(itemRef, ch);
	}
	return [...offers.values()];
}

/**
 * Rates are needed only when a price changes currency: a requested calculated type converts its base rows into its
 * own currency, or a row's (or calculated type's) currency is not the target currency.
 */
export function needsRates(requested: readonly string[], types: ReadonlyMap<string, PriceTypeRecord>, rows: readonly PriceSliceRow[], target: string | null = null): boolean {
	const baseCurrency = new Map<string, string>(); // base type → its calculated type's currency
	for (const ref of requested) {
		const type = types.get(ref);
		const base = normalizeRef(type?.БазовыйТипЦен_Key);
		const currency = normalizeRef(type?.ВалютаЦены_Key);
		if (type?.Рассчитывается && base !== null && currency !== null) {
			baseCurrency.set(base, currency);
			if (target !== null && currency !== target) return true;
		}
	}
	const wanted = new Set(requested);
	return rows.some((row) => {
		const typeRef = normalizeRef(row.ТипЦен_Key) ?? '';
		const currency = normalizeRef(row.Валюта_Key);
		if (currency === null) return false;
		const calculated = baseCurrency.get(typeRef);
		if (calculated !== undefined && currency !== calculated) return true;
		return target !== null && wanted.has(typeRef) && currency !== target;
	});
}

/** Exchange rates (КурсыВалют, SliceLast on the price date) by currency Ref_Key. */
export async function readRates(client: OneCClient, period: string | undefined): Promise<Map<string, CurrencyRate>> {
	const rows = await client.sliceLast(UT.InformationRegister_КурсыВалют, { period });
	const rates = new Map<string, CurrencyRate>();
	for (const row of rows) if (row.Валюта_Key !== null) rates.set(row.Валюта_Key, { Курс: row.Курс, Кратность: row.Кратность });
	return rates;
}


/**
 * SliceLast in pages. ЦеныНоменклатуры is recorder-subordinate: the slice lives on `_RecordType` per 1C's docs, some
 * platforms answer only the plain set (docs/1c-odata.md#virtual-tables) — the form the client remembered is used, else `_RecordType` is tried
 * first and the plain set on "not found".
 */
async function readSlicePaged(client: OneCClient, condition: string, period: string | undefined, pageSize: number): Promise<PriceSliceRow[]> {
	const params: Array<readonly [string, string]> = [['Condition', condition]];
	if (period !== undefined) params.unshift(['Period', datetimeLiteral(period)]);
	const read = async (form: 'recordType' | 'plain') =>
		await readVirtualTablePages(client, {
			set: form === 'recordType' ? `${Prices.set}_RecordType` : Prices.set,
			fn: 'SliceLast',
			params,
			specs: Prices.slice.specs,
			select: Object.keys(Prices.slice.specs) as Array<keyof typeof Prices.slice.specs & string>,
			orderby: ['ТипЦен_Key', 'Номенклатура_Key', 'ХарактеристикаНоменклатуры_Key'],
			pageSize,
		});
	const remembered = client.rememberedSliceLastForm(Prices);
	if (remembered !== undefined) return await read(remembered);
	let failure: unknown;
	try {
		return await read('recordType');
	} catch (error) {
		failure = error;
	}
	if (failure instanceof OneCODataError && (failure.code === '6' || failure.status === 404)) return await read('plain');
	throw passOn(failure);
}
