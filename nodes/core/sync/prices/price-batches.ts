/**
 * Price rows → `store/prices/upload` elements (docs/retailcrm-api.md#stock-and-prices):
 * `{ externalId|xmlId|id, site?, prices: [{ code, price }] }`, one element per offer with all its price types,
 * deterministic order, batches of at most 250. Optionally `{ code, remove: true }` for offers in scope that have
 * no price of a mapped type (what the Bitrix module does), so a price deleted in 1C disappears from the CRM.
 */
import { compareStrings } from '../../common/compare-strings';
import { describeRefs, lowerCaseKeys, type Table } from '../crm-upload/lookup-table';
import { validateIdentifierOptions, type IdentifierOptions, type OfferIdentity } from '../crm-upload/offer-identifier';
import { roundHalfAwayFromZero } from './price-rounding';
import { forEachOfferSteps, UploadElements } from '../crm-upload/offer-order';
import { runSteps, StepCounter, type Steps } from '../../common/steps';
import { batched } from '../crm-upload/upload-batches';
import type { ChangeSelector } from '../crm-upload/change-hashes';

export type PriceEntry = { code: string; price: number } | { code: string; remove: true };

export interface PriceOffer extends OfferIdentity {
	site?: string;
	prices: PriceEntry[];
}

/** A price as price-calc.ts produces it (extra fields are ignored). */
export interface PriceInputRow {
	offerKey: string;
	/** Catalog_ТипыЦенНоменклатуры Ref_Key. */
	priceTypeRef: string;
	price: number;
}

export interface PriceOptions extends IdentifierOptions {
	/** 1C price type GUID → CRM price-type code (`reference/price-types`). */
	priceCodeByType: Table<string>;
	/** Price type GUID → name, only to make the "unmapped price type" error readable. */
	priceTypeNames?: Table<string>;
	site?: string;
	/**
	 * Offer keys in scope. When given, each of them gets `{ code, remove: true }` for every mapped price type it has
	 * no price for. Off by default: removing is destructive and only right when the scope is the whole catalog.
	 */
	removeMissingFor?: readonly string[];
	/** "Only Changed" (crm-upload/planned-upload.ts changeSelector): unchanged offers are left out without becoming elements. */
	changes?: ChangeSelector;
	/** Price type codes gone from the mapping (ChangeHashState.codes): every offer gets `{ code, remove: true }` for each, once. */
	clearedPriceCodes?: readonly string[];
}

export interface PriceBuildResult {
	offers: PriceOffer[];
	unresolvedOfferKeys: string[];
}

export class UnmappedPriceTypeError extends Error {
	readonly priceTypeRefs: string[];

	constructor(priceTypeRefs: string[], names: ReadonlyMap<string, string> | undefined) {
		super(`No retailCRM price-type code is mapped for 1C price type(s): ${describeRefs(priceTypeRefs, names)}`);
		this.name = 'UnmappedPriceTypeError';
		this.priceTypeRefs = priceTypeRefs;
	}
}

/** CRM prices are money: 2 fraction digits, as 1C stores them (num(15,2)). */
export function roundMoney(value: number): number {
	return roundHalfAwayFromZero(value, 2);
}

export function buildPriceOffers(rows: readonly PriceInputRow[], options: PriceOptions): PriceBuildResult {
	return runSteps(buildPriceOfferSteps(rows, options));
}

/** buildPriceOffers in steps of STEP_ROWS offers (common/steps.ts). */
export function* buildPriceOfferSteps(rows: readonly PriceInputRow[], options: PriceOptions): Steps<PriceBuildResult> {
	validateIdentifierOptions(options);
	const codes = lowerCaseKeys(options.priceCodeByType);
	const unmapped = new Set<string>();
	const step = new StepCounter();
	for (const row of rows) {
		const code = codes.get(row.priceTypeRef.toLowerCase());
		if (code === undefined || code === '') unmapped.add(row.priceTypeRef);
		if (step.due()) yield;
	}
	if (unmapped.size > 0) {
		const names = options.priceTypeNames === undefined ? undefined : lowerCaseKeys(options.priceTypeNames);
		throw new UnmappedPriceTypeError([...unmapped].sort(compareStrings), names);
	}

	// Rows in offer-key order (as 1C gives them, or through a sorted index); a later row for the same offer and code
	// overrides an earlier one.
	const allCodes = [...new Set(codes.values())].filter((code) => code !== '').sort(compareStrings);
	const removeMissing = options.removeMissingFor !== undefined;
	const cleared = options.clearedPriceCodes ?? [];
	const priced = new Set<string>();
	const elements = new UploadElements<{ prices: PriceEntry[] }>(options);
	const add = (key: string, prices: ReadonlyMap<string, number>) =>
		elements.add(key, () => {
			const entries: PriceEntry[] = [];
			for (const code of removeMissing ? allCodes : [...prices.keys()].sort(compareStrings)) {
				const price = prices.get(code);
				entries.push(price === undefined ? { code, remove: true } : { code, price });
			}
			// Cleared codes are no mapped ones, so no price of this run has them.
			for (const code of cleared) entries.push({ code, remove: true });
			if (cleared.length > 0) entries.sort((a, b) => compareStrings(a.code, b.code));
			return entries.length === 0 ? undefined : { prices: entries };
		});
	// Offers in scope without any row, for "remove missing": merged into the key order below.
	const missing = removeMissing ? [...new Set(options.removeMissingFor)].sort(compareStrings) : [];
	let m = 0;
	yield* forEachOfferSteps(rows, (key, offerRows) => {
		const prices = new Map<string, number>();
		for (const r of offerRows) {
			if (!Number.isFinite(r.price)) continue;
			prices.set(codes.get(r.priceTypeRef.toLowerCase()) as string, roundMoney(r.price));
		}
		while (m < missing.length && compareStrings(missing[m], key) < 0) {
			if (!priced.has(missing[m])) add(missing[m], new Map());
			m++;
		}
		if (prices.size === 0) return; // only rows without a price: as if the offer had none (see "remove missing")
		priced.add(key);
		add(key, prices);
	});
	for (; m < missing.length; m++) if (!priced.has(missing[m])) add(missing[m], new Map());
	return elements.result();
}

/** Rows → elements → batches of at most `batchSize` offers (validated before any work). */
export const buildPriceBatches = batched(buildPriceOffers);
