/**
 * Stock and prices: what the stock flow would send (1C's Get Balances / Get Prices reads, mapped to retailCRM stores
 * and price types by the same code as Upload Stock / Upload Prices) against what retailCRM holds now
 * (`store/inventories` with the per-store breakdown, `store/offers` with prices per type).
 *
 * Requests (F = offers retailCRM holds, of the site when one is given):
 *   retailCRM stock:  1 (reference/stores) + ⌈F / 250⌉ (store/inventories, details=1, 250 a page);
 *   retailCRM prices: 1 (reference/price-types) + ⌈F / 100⌉ (store/offers, 100 a page);
 *   1C: Get Balances' reads with Include Zero Stock (stock/get-balances.ts) and Get Prices' reads
 *       (prices/get-prices.ts), formulas stated there.
 */
import type { OneCClient } from '../../onec/client';
import type { RetailCrmClient } from '../../retailcrm/client';
import { collectItems, paginate } from '../../retailcrm/pagination';
import { getPrices, type GetPricesOptions } from '../prices/get-prices';
import { buildPriceOffers } from '../prices/price-batches';
import { checkCodes, PRICE_TYPE_MAPPING, STORE_MAPPING } from '../crm-upload/reference-check';
import { buildInventoryOffers, type StoreInventoryType } from '../stock/inventory-batches';
import { identityValue, type OfferIdentity } from '../crm-upload/offer-identifier';
import { getBalances, type GetBalancesOptions } from '../stock/get-balances';
import type { Discrepancy } from './types';

export type OfferIdentifierKind = 'externalId' | 'xmlId';

interface CommonOptions {
	/** Which retailCRM offer field carries the 1C offer key (what the catalog flow writes: externalId). */
	identifierKind: OfferIdentifierKind;
	/** Only offers of this site; needed when the key serves several. */
	site?: string;
}

export interface StockReconcileOptions extends CommonOptions, Omit<GetBalancesOptions, 'warehouseRefs' | 'includeZeroStock'> {
	/** 1C warehouse Ref_Key → retailCRM store code (the stock template's mapping). */
	storeCodeByWarehouse: ReadonlyMap<string, string>;
}

export interface PricesReconcileOptions extends CommonOptions, Omit<GetPricesOptions, 'priceTypeRefs'> {
	/** 1C price type Ref_Key → retailCRM price-type code. */
	priceCodeByType: ReadonlyMap<string, string>;
}

export interface CatalogReconcileResult {
	discrepancies: Discrepancy[];
	/** Offers × stores (or × price types) compared. */
	rows: number;
	offers: number;
	/** Identifiers of offers 1C has and retailCRM lacks (reported once by the caller across stock and prices). */
	missing: Map<string, Discrepancy>;
}

const EPSILON = 1e-9;

function offerMissing(id: string, kind: OfferIdentifierKind, oneC: Record<string, unknown>): Discrepancy {
	return {
		kind: 'offerMissingInCrm',
		severity: 'warning',
		subject: `offer ${id}`,
		offer: id,
		crm: null,
		oneC,
		fix: `retailCRM has no offer with ${kind === 'xmlId' ? 'XML ID' : 'external ID'} ${id}: run the catalog (ICML) workflow and let retailCRM load the file, or narrow the folders compared.`,
	};
}

interface CompareOptions {
	names: ReadonlyMap<string, string>;
	identifierKind: OfferIdentifierKind;
	what: 'stock' | 'prices';
	/** Whether retailCRM's value (undefined: it has none) differs from 1C's. */
	differs(crm: number | undefined, oneC: number): boolean;
	discrepancy(id: string, name: string | undefined, code: string, crm: number | undefined, oneC: number): Discrepancy;
}

/** Per offer and code (store or price type): 1C's value against retailCRM's; offers retailCRM lacks, once each. */
function compareValues(
	expected: ReadonlyArray<{ id: string; values: Array<[string, number]> }>,
	held: ReadonlyMap<string, ReadonlyMap<string, number>>,
	options: CompareOptions,
): CatalogReconcileResult {
	const discrepancies: Discrepancy[] = [];
	const missing = new Map<string, Discrepancy>();
	let rows = 0;
	for (const offer of expected) {
		const name = options.names.get(offer.id);
		const crmValues = held.get(offer.id);
		if (!crmValues) {
			missing.set(offer.id, offerMissing(offer.id, options.identifierKind, { name, [options.what]: Object.fromEntries(offer.values) }));
			continue;
		}
		for (const [code, oneC] of offer.values) {
			rows++;
			const crm = crmValues.get(code);
			if (options.differs(crm, oneC)) discrepancies.push(options.discrepancy(offer.id, name, code, crm, oneC));
		}
	}
	return { discrepancies, rows, offers: expected.length, missing };
}

/** Stock of every offer in scope (zeros included: a sold-out offer must read 0 in retailCRM) per mapped store. */
export async function reconcileStock(crm: RetailCrmClient, onec: OneCClient, options: StockReconcileOptions): Promise<CatalogReconcileResult> {
	const stores = await crm.stores();
	checkCodes('store', [...options.storeCodeByWarehouse.values()], stores, STORE_MAPPING);
	const inventoryTypes = new Map<string, StoreInventoryType>(stores.map((s) => [s.code, s.inventoryType === 'available' ? 'available' : 'integer']));
	const balances = await getBalances(onec, { ...options, warehouseRefs: [...options.storeCodeByWarehouse.keys()], includeZeroStock: true, rowFields: 'all' });
	const names = new Map(balances.items.map((b) => [b.offerKey, b.itemName]));
	const expected = buildInventoryOffers(
		balances.items.map((b) => ({ offerKey: b.offerKey, warehouseRef: b.warehouseRef, quantity: b.quantity })),
		{ identifierKind: options.identifierKind, storeCodeByWarehouse: options.storeCodeByWarehouse, storeInventoryTypes: inventoryTypes, site: options.site },
	);

	const filter = { details: true, ...(options.site ? { sites: [options.site] } : {}) };
	const held = new Map<string, Map<string, number>>();
	for (const offer of await collectItems(crm.iterateInventories(filter, 250))) {
		const id = options.identifierKind === 'xmlId' ? offer.xmlId : offer.externalId;
		if (!id) continue;
		held.set(id, new Map((offer.stores ?? []).map((s) => [String(s.store ?? ''), Number(s.quantity ?? 0)])));
	}

	return compareValues(
		expected.offers.map((offer) => ({ id: identityValue(offer as OfferIdentity), values: offer.stores.map((st): [string, number] => [st.code, st.available]) })),
		held,
		{
			names,
			identifierKind: options.identifierKind,
			what: 'stock',
			// A store without a row holds nothing: 0.
			differs: (crm, oneC) => Math.abs((crm ?? 0) - oneC) > EPSILON,
			discrepancy: (id, name, store, crm, oneC) => ({
				kind: 'stockDiffers',
				severity: 'warning',
				subject: `${name ? `"${name}" ` : ''}offer ${id} on store ${store}`,
				offer: id,
				store,
				crm: { quantity: crm ?? 0 },
				oneC: { quantity: oneC, ...(name ? { name } : {}) },
				fix: 'Run the stock workflow once with "Only Changed" off (a full resend); if it comes back, find who edits stock in retailCRM (turn off stock editing there).',
			}),
		},
	);
}

/** Prices of every offer 1C prices in the mapped types, per retailCRM price type. */
export async function reconcilePrices(crm: RetailCrmClient, onec: OneCClient, options: PricesReconcileOptions): Promise<CatalogReconcileResult> {
	const types = await crm.priceTypes();
	checkCodes('price type', [...options.priceCodeByType.values()], types, PRICE_TYPE_MAPPING);
	const read = await getPrices(onec, { ...options, priceTypeRefs: [...options.priceCodeByType.keys()], rowFields: 'all' });
	const names = new Map(read.items.map((p) => [p.offerKey, p.itemName]));
	const expected = buildPriceOffers(
		read.items.map((p) => ({ offerKey: p.offerKey, priceTypeRef: p.priceTypeRef, price: p.price })),
		{ identifierKind: options.identifierKind, priceCodeByType: options.priceCodeByType, site: options.site },
	);

	const filter = options.site ? { sites: [options.site] } : {};
	const held = new Map<string, Map<string, number>>();
	for await (const page of paginate((page) => crm.listOffers({ filter, page, limit: 100 }))) {
		for (const offer of page.items) {
			const id = options.identifierKind === 'xmlId' ? offer.xmlId : offer.externalId;
			if (!id) continue;
			held.set(id, new Map((offer.prices ?? []).map((p) => [String(p.priceType ?? ''), Number(p.price ?? NaN)])));
		}
	}

	return compareValues(
		expected.offers.map((offer) => ({
			id: identityValue(offer as OfferIdentity),
			values: offer.prices.filter((p): p is { code: string; price: number } => 'price' in p).map((p): [string, number] => [p.code, p.price]),
		})),
		held,
		{
			names,
			identifierKind: options.identifierKind,
			what: 'prices',
			// Money: equal to the kopeck; no price of the type in retailCRM differs too.
			differs: (crm, oneC) => crm === undefined || Number.isNaN(crm) || Math.abs(crm - oneC) >= 0.005,
			discrepancy: (id, name, priceType, crm, oneC) => ({
				kind: 'priceDiffers',
				severity: 'warning',
				subject: `${name ? `"${name}" ` : ''}offer ${id}, price type ${priceType}`,
				offer: id,
				priceType,
				crm: { price: crm ?? null },
				oneC: { price: oneC, ...(name ? { name } : {}) },
				fix: 'Run the stock and prices workflow once with "Only Changed" off on Upload Prices (a full resend); if it comes back, find who edits prices in retailCRM.',
			}),
		},
	);
}
