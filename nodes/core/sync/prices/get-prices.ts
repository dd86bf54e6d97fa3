/**
 * Price → Get Prices, without n8n: SliceLast of ЦеныНоменклатуры for the chosen price types (and the base types
 * of calculated ones) on a date, the offers those rows price (characteristics of items priced without one), the
 * units and currencies the calculation needs, then core/sync/prices/price-calc.ts does what UT does.
 *
 * Requests (P(n) = pages of n rows; K = "keyed read": ≤ maxWhereInRequests OR-chains, else the whole set in
 * pages of onec-read/keyed-read.ts wholeSetPageSize, 3,000 characteristics or 5,000 units a page;
 * V(n) = pages of n SliceLast rows, 50,000 a page by default):
 *   1 (price types) + S·V (SliceLast, per Condition chunk of types; usually 1 chunk) + 1 (currencies)
 *   + [folder scope: P(folders) + K(items in folders)] or K(items priced)
 *   + K(characteristics of items priced without a characteristic and kept by characteristics)
 *   + K(units, only those of rows whose unit differs from the item's storage unit)
 *   + 1 (КурсыВалют SliceLast) only when a currency is converted: a calculated type's currency differs from its base
 *     rows', or a price is in another currency than the one asked for (`currencyRef`).
 * VAT (`vat: 'gross'`) and the currency conversion are price-calc.ts's (UT's order: unit, rounding, currency, VAT).
 * With `share`, a folder scope Get Balances of the same run already read costs nothing (and its characteristics, when
 * Include Zero Stock read them, none either).
 * Memory: SliceLast rows outside the scope are dropped as their pages come, the others keep only what the calculation
 * reads, and each price becomes its output row as it is computed. Time: the passes over the rows take a turn of the
 * event loop every STEP_ROWS rows (common/steps.ts), so a stock upload running meanwhile keeps its pace.
 */
import { StringPool } from '../../common/string-pool';
import type { OneCClient, SliceLastPageOptions } from '../../onec/client';
import { runStepsTakingTurns, StepCounter, type Steps } from '../../common/steps';
import type { Decoded } from '../../onec/codecs';
import { UT } from '../../onec/model';
import { guidLiteral, inListChunksWithin } from '../../onec/query';
import { visitPriceSteps, type CurrencyRate, type PriceProblem, type PriceSliceRow, type PriceTypeRecord } from './price-calc';
import { vatPercent } from '../catalog/vat';
import { normalizeRef, offerKey, type RefValue } from '../offer-key';
import {
	characteristicRefsByOwner,
	indexItems,
	readCharacteristics,
	readItemsByRefs,
	type ScopeItemRow,
	type OfferColumns,
} from '../onec-read/items';
import { readCatalogScope } from '../onec-read/catalog-scope';
import { readByKeys } from '../onec-read/keyed-read';
import { leaveScope, refuseNamelessForAllFields, takeScope, type CatalogScope, type ScopeShare } from '../onec-read/scope-cache';
import type { RowFields } from '../row-fields';

const Prices = UT.InformationRegister_ЦеныНоменклатуры;

export interface GetPricesOptions {
	/** Catalog_ТипыЦенНоменклатуры Ref_Keys (stored or calculated). */
	priceTypeRefs: readonly string[];
	/** Prices valid at this local date-time (`YYYY-MM-DDTHH:MM:SS`, 1C's wall clock). Omit: 1C's latest rows. */
	period?: string;
	/** Limit to items in these folders and all folders below them. */
	folderRefs?: readonly string[];
	maxWhereInRequests?: number;
	/** Rows per SliceLast page (default 50,000, the client's virtualPageSize); 0: one request per Condition chunk. */
	slicePageSize?: number;
	/** Convert every price to this currency (Catalog_Валюты Ref_Key) at 1C's rate on the price date; omit to keep each type's. */
	currencyRef?: string | null;
	/** `gross`: prices of types without VAT (ЦенаВключаетНДС off) get the item's VAT; `asIs` (default): as the types hold them. */
	vat?: 'gross' | 'asIs';
	/** Share this run's catalog read with Get Balances (onec-read/scope-cache.ts). */
	share?: ScopeShare;
	/** The scope of `folderRefs` the caller already read (onec-read/catalog-scope.ts); not left for sharing. */
	scope?: CatalogScope;
	/** `upload`: rows of UploadPriceItem only (row-fields.ts); default `all`: PriceItem. */
	rowFields?: RowFields;
	/** readPriceTypes' answer for these `priceTypeRefs`, when the caller read it before (then not read again). */
	priceTypes?: PriceTypesRead;
}

/** One output row: an offer's price of one type. Field names are the contract with the Stock Upload node. */
export interface PriceItem extends OfferColumns {
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

/** A row with the fields Stock Upload reads (Row Fields "Upload Fields Only"); the same values as PriceItem's. */
export interface UploadPriceItem {
	offerKey: string;
	priceTypeRef: string;
	/** For Stock Upload's "not mapped" message. */
	priceTypeName: string;
	price: number;
}

export interface GetPricesResult<Row = PriceItem> {
	items: Row[];
	/** The currencies of the rows (each one's name, else its code), in the order the rows first name them. */
	currencies: string[];
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

/** The price type fields price-calc.ts needs (also read by the catalog's join). */
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

/**
 * SliceLast Condition chunks on ТипЦен_Key that keep each read's whole URL (a later page's $orderby/$top/$skip
 * included) within the client's limit; `read` is the rest of the read (period, page size, order, columns).
 */
export function priceTypeConditions(client: OneCClient, typeRefs: readonly string[], read: Omit<SliceLastPageOptions<string>, 'condition'> = {}): string[] {
	const urlLength = (condition: string) => client.sliceLastUrlLength(Prices, { ...read, condition });
	return inListChunksWithin('ТипЦен_Key', typeRefs, client.maxUrlLength, urlLength, (v) => guidLiteral(String(v)));
}

export interface PriceTypesRead {
	types: Map<string, PriceTypeRow>;
	/** The requested types and the bases of the calculated ones. */
	sliceTypes: Set<string>;
}

type PriceTypeRow = Pick<Decoded<(typeof UT.Catalog_ТипыЦенНоменклатуры)['specs']>, (typeof PRICE_TYPE_SELECT)[number]>;

/**
 * The price types (a short catalog: one read gives the requested ones and their bases), refusing requested types
 * 1C does not have, and the types SliceLast must read: the requested ones and the bases of calculated ones.
 * Keys are lower case (the Ref_Key codec lowers them), as `requested` must be.
 */
export async function readPriceTypes(client: OneCClient, requested: readonly string[]): Promise<PriceTypesRead> {
	const types = new Map((await client.readAll(UT.Catalog_ТипыЦенНоменклатуры, { select: PRICE_TYPE_SELECT })).map((t) => [t.Ref_Key, t]));
	const missing = requested.filter((ref) => !types.has(ref));
	if (missing.length > 0) throw new PriceTypeNotFoundError(missing);
	const sliceTypes = new Set(requested);
	for (const ref of requested) {
		const type = types.get(ref);
		const base = type?.Рассчитывается ? normalizeRef(type.БазовыйТипЦен_Key) : null;
		if (base !== null) sliceTypes.add(base);
	}
	return { types, sliceTypes };
}

export async function getPrices(client: OneCClient, options: GetPricesOptions & { rowFields: 'upload' }): Promise<GetPricesResult<UploadPriceItem>>;
export async function getPrices(client: OneCClient, options: GetPricesOptions & { rowFields?: 'all' }): Promise<GetPricesResult>;
export async function getPrices(client: OneCClient, options: GetPricesOptions): Promise<GetPricesResult<PriceItem | UploadPriceItem>>;
export async function getPrices(client: OneCClient, options: GetPricesOptions): Promise<GetPricesResult<PriceItem | UploadPriceItem>> {
	const requested = requestedPriceTypes(options.priceTypeRefs);
	const keyed = { maxWhereInRequests: options.maxWhereInRequests };

	const { types, sliceTypes } = options.priceTypes ?? (await readPriceTypes(client, requested));

	// The folder scope first (Get Balances of the same run may have read it already), so that the SliceLast rows of
	// other items are dropped as their pages come.
	const folderRefs = options.folderRefs ?? [];
	let scope: CatalogScope | null = null;
	if (folderRefs.length > 0) {
		scope = options.scope ?? takeScope(options.share, client.rootUrl, folderRefs) ?? (await readCatalogScope(client, { folderRefs, ...keyed }));
		refuseNamelessForAllFields(scope, options.rowFields);
	}
	const rows = await readSliceRows(
		client,
		types,
		sliceTypes,
		sliceRowKeeper(
			scope === null ? undefined : (itemRef) => scope.items.get(itemRef)?.Ref_Key,
			scope === null ? undefined : (itemRef) => scope.items.get(itemRef)?.ЕдиницаХраненияОстатков_Key,
		),
		{ period: options.period, pageSize: options.slicePageSize },
	);
	// The passes over the rows below take a turn of the event loop every STEP_ROWS rows (common/steps.ts).
	const step = new StepCounter();
	const turn = () => client.turn();
	const pricedItems = new Set<string>();
	if (scope === null) {
		for (const row of rows) {
			const item = normalizeRef(row.Номенклатура_Key);
			if (item !== null) pricedItems.add(item);
			if (step.due()) await turn();
		}
	}
	const items = scope?.items ?? indexItems(await readItemsByRefs(client, pricedItems, keyed));

	// Characteristics are needed only where an item-level row must reach them (items kept by characteristics).
	const itemLevel = new Set<string>();
	for (const row of rows) {
		if (normalizeRef(row.ХарактеристикаНоменклатуры_Key) === null) itemLevel.add(normalizeRef(row.Номенклатура_Key) as string);
		if (step.due()) await turn();
	}
	const owners = [...itemLevel].filter((ref) => items.get(ref)?.ВестиУчетПоХарактеристикам === true);
	const known = scope?.characteristics;
	const wanted = new Set(owners);
	const characteristics = known !== undefined ? known.filter((ch) => wanted.has(normalizeRef(ch.Owner_Key) ?? '')) : await readCharacteristics(client, owners, keyed);
	if (scope !== null && options.scope === undefined) leaveScope(options.share, client.rootUrl, folderRefs, scope);
	const offers = await runStepsTakingTurns(pricedOfferSteps(rows, items, characteristics), turn);

	// Units: only rows priced in another unit than the item's storage unit need coefficients.
	const unitRefs = new Set<string>();
	for (const row of rows) {
		const rowUnit = normalizeRef(row.ЕдиницаИзмерения_Key);
		const storage = normalizeRef(items.get(normalizeRef(row.Номенклатура_Key) ?? '')?.ЕдиницаХраненияОстатков_Key);
		if (rowUnit !== null && storage !== null && rowUnit !== storage) {
			unitRefs.add(rowUnit);
			unitRefs.add(storage);
		}
		if (step.due()) await turn();
	}
	const units = new Map(
		(await readByKeys(client, UT.Catalog_ЕдиницыИзмерения, 'Ref_Key', unitRefs, { select: ['Ref_Key', 'Коэффициент'], ...keyed })).map((u) => [u.Ref_Key, u]),
	);

	const currencies = new Map((await client.readAll(UT.Catalog_Валюты, { select: ['Ref_Key', 'Code', 'Description'] })).map((c) => [c.Ref_Key, c]));
	const target = normalizeRef(options.currencyRef);
	if (target !== null && !currencies.has(target)) throw new CurrencyNotFoundError(target);
	const currencyRates = needsRates(requested, types, rows, target) ? await readRates(client, options.period) : undefined;

	const vatRates = new Map<string, number | null>();
	for (const [ref, item] of items) {
		vatRates.set(ref, vatPercent(item.СтавкаНДС));
		if (step.due()) await turn();
	}
	const currencyLabels = new Set<string>();
	let lastCurrency: string | null | undefined;
	const noteCurrency = (ref: string | null, currency: { Code: string; Description: string } | undefined) => {
		if (ref === lastCurrency) return;
		lastCurrency = ref;
		currencyLabels.add(currency?.Description || currency?.Code || '');
	};
	const narrow = options.rowFields === 'upload';
	const out: Array<PriceItem | UploadPriceItem> = [];
	const calculation = visitPriceSteps(
		{
			priceTypeRefs: requested,
			priceTypes: [...types.values()],
			sliceRows: rows,
			offers,
			items,
			units,
			currencyRates,
			targetCurrencyRef: target ?? undefined,
			vat: { mode: options.vat ?? 'asIs', rates: vatRates },
		},
		(price) => {
			const type = types.get(price.priceTypeRef);
			const currency = price.currencyRef === null ? undefined : currencies.get(price.currencyRef);
			noteCurrency(price.currencyRef, currency);
			if (narrow) {
				// Built narrow: the offer key and the type's strings are the ones every row of that offer / type shares.
				out.push({ offerKey: price.offerKey, priceTypeRef: price.priceTypeRef, priceTypeName: type?.Description ?? '', price: price.price });
				return;
			}
			// One flat literal (no spread of the offer's columns), as Get Balances' rows.
			const item = items.get(price.itemRef);
			out.push({
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
			});
		},
	);
	const problems = await runStepsTakingTurns(calculation, turn);
	return {
		items: out,
		currencies: [...currencyLabels],
		problems: problems.map((p) => ({ ...p, priceTypeName: types.get(p.priceTypeRef)?.Description ?? '' })),
	};
}

/** The chosen price types, normalized and each once; none is refused. */
export function requestedPriceTypes(priceTypeRefs: readonly string[]): string[] {
	const requested = [...new Set(priceTypeRefs.map((ref) => normalizeRef(ref)).filter((ref): ref is string => ref !== null))];
	if (requested.length === 0) throw new Error('Choose at least one price type');
	return requested;
}

/** The order SliceLast pages are read in: the register's dimensions. */
const SLICE_ORDER = ['ТипЦен_Key', 'Номенклатура_Key', 'ХарактеристикаНоменклатуры_Key'];

/** The SliceLast columns price-calc.ts reads from a row of a stored type: not Period, not the percent or the method. */
const STORED_TYPE_COLUMNS = ['ТипЦен_Key', 'Номенклатура_Key', 'ХарактеристикаНоменклатуры_Key', 'Цена', 'Валюта_Key', 'ЕдиницаИзмерения_Key'] as const;
/** With a calculated type's rows: its per-item ПроцентСкидкиНаценки and СпособРасчетаЦены (price-calc.ts priceCalculated). */
const CALCULATED_TYPE_COLUMNS = [...STORED_TYPE_COLUMNS, 'ПроцентСкидкиНаценки', 'СпособРасчетаЦены'] as const;

/**
 * The SliceLast rows of `sliceTypes` that `keep` keeps, read per Condition chunk of types. Only the columns the
 * calculation reads are asked for: without a calculated type among them, the percent, the method and Period stay in
 * 1C. They were almost a quarter of the bytes 1C writes and this package decodes on every run: the 600,012 rows of
 * bench:stock-memory's 300,000 offers came as 253.6 MB of JSON with them, 194.4 MB without (the sandbox's answers).
 */
export async function readSliceRows(
	client: OneCClient,
	types: ReadonlyMap<string, PriceTypeRecord>,
	sliceTypes: ReadonlySet<string>,
	keep: (row: PriceSliceRow) => PriceSliceRow | undefined,
	options: { period?: string; pageSize?: number },
): Promise<PriceSliceRow[]> {
	const rows: PriceSliceRow[] = [];
	for (const read of sliceReads(client, types, sliceTypes, options)) {
		for await (const page of client.sliceLastPages(Prices, read)) {
			for (const row of page) {
				const kept = keep(row);
				if (kept !== undefined) rows.push(kept);
			}
		}
	}
	return rows;
}

/** The SliceLast reads of readSliceRows: one per Condition chunk of types. */
function sliceReads(client: OneCClient, types: ReadonlyMap<string, PriceTypeRecord>, sliceTypes: ReadonlySet<string>, options: { period?: string; pageSize?: number }) {
	const columns = [...sliceTypes].some((ref) => types.get(ref)?.Рассчитывается === true) ? CALCULATED_TYPE_COLUMNS : STORED_TYPE_COLUMNS;
	const read = { period: options.period, pageSize: options.pageSize, orderby: SLICE_ORDER, columns };
	return priceTypeConditions(client, [...sliceTypes], read).map((condition) => ({ condition, ...read }));
}

/**
 * Asks 1C for the first SliceLast page a later getPrices with these price types and options reads (the client's
 * startSliceLastPages), so that 1C computes the slice while the caller does other work; `period` must be fixed
 * (client.slicePeriod), as getPrices must then be given the same.
 */
export function startPriceRead(client: OneCClient, priceTypes: PriceTypesRead, options: { period: string; slicePageSize?: number }): void {
	const [first] = sliceReads(client, priceTypes.types, priceTypes.sliceTypes, { period: options.period, pageSize: options.slicePageSize });
	if (first !== undefined) client.startSliceLastPages(Prices, first);
}

/**
 * A SliceLast row as the calculation keeps it, or undefined for a row of an item outside the scope: only the fields
 * the calculation reads, each reference string shared by every row that names it (a page decodes fresh strings for
 * every row; 500,000 rows would otherwise hold two million of them). `scopeRef` (none: every item) gives an item's
 * reference as the caller's index of the scope holds it, or undefined for an item outside it. `storageUnitOf` gives
 * an item's storage unit as the caller holds it: a row priced in that unit (almost every row) shares that string.
 * Units belong to one item each (ЕдиницыИзмерения is subordinate to Номенклатура), so pooling them saved nothing
 * and held a pool entry and a string per item.
 */
export function sliceRowKeeper(
	scopeRef: ((itemRef: string) => string | undefined) | undefined,
	storageUnitOf?: (itemRef: string) => RefValue,
): (row: PriceSliceRow) => PriceSliceRow | undefined {
	const pool = new StringPool();
	const unitOf = (row: PriceSliceRow, itemRef: string | null): RefValue => {
		const storage = itemRef === null || storageUnitOf === undefined ? null : normalizeRef(storageUnitOf(itemRef));
		return storage !== null && normalizeRef(row.ЕдиницаИзмерения_Key) === storage ? storage : pool.of(row.ЕдиницаИзмерения_Key);
	};
	return (row) => {
		const itemRef = normalizeRef(row.Номенклатура_Key);
		let item: string | null;
		if (scopeRef !== undefined) {
			// Rows of items outside the folders (other folders, folders themselves, deleted items) are not needed.
			const inScope = itemRef === null ? undefined : scopeRef(itemRef);
			if (inScope === undefined) return undefined;
			item = inScope;
		} else item = pool.of(itemRef);
		return {
			ТипЦен_Key: pool.of(row.ТипЦен_Key),
			Номенклатура_Key: item,
			ХарактеристикаНоменклатуры_Key: pool.of(row.ХарактеристикаНоменклатуры_Key),
			Цена: row.Цена,
			Валюта_Key: pool.of(row.Валюта_Key),
			ЕдиницаИзмерения_Key: unitOf(row, item),
			ПроцентСкидкиНаценки: row.ПроцентСкидкиНаценки,
			СпособРасчетаЦены: row.СпособРасчетаЦены === undefined || row.СпособРасчетаЦены === null ? row.СпособРасчетаЦены : pool.of(row.СпособРасчетаЦены),
		};
	};
}

/**
 * The offers the rows price: every characteristic of an item kept by characteristics that has an item-level row
 * (its price reaches them), the item key for the other items, and every characteristic that has a row of its own.
 */
function* pricedOfferSteps(
	rows: readonly PriceSliceRow[],
	items: ReadonlyMap<string, ScopeItemRow>,
	characteristics: ReadonlyArray<{ Ref_Key: string; Owner_Key: string | null }>,
): Steps<Array<{ itemRef: string; characteristicRef: string | null }>> {
	const step = new StepCounter();
	const byOwner = characteristicRefsByOwner(characteristics);
	const offers = new Map<string, { itemRef: string; characteristicRef: string | null }>();
	const add = (itemRef: string, characteristicRef: string | null) => offers.set(offerKey(itemRef, characteristicRef), { itemRef, characteristicRef });
	for (const row of rows) {
		if (step.due()) yield;
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
