/**
 * Input items → IcmlOffer. The node evaluates one expression per field and per item (any source:
 * 1C, a spreadsheet, an HTTP call) and hands the raw values here; this module turns them into the
 * typed offer without judging them: a value that cannot be read as the field's type is passed on
 * as it is, so validation (validate.ts) reports it with the offer and field instead of it being
 * silently dropped. Only "nothing" (undefined, null, '') means "field not given".
 */
import type { IcmlDimensions, IcmlOffer, IcmlParam, IcmlUnit } from './types';
import type { IcmlIssue } from './validate';

/** Raw values of one item, one per mapped field, as the expressions returned them. */
export interface OfferFieldValues {
	id?: unknown;
	name?: unknown;
	productName?: unknown;
	price?: unknown;
	purchasePrice?: unknown;
	quantity?: unknown;
	categoryId?: unknown;
	xmlId?: unknown;
	article?: unknown;
	vendor?: unknown;
	unit?: unknown;
	vatRate?: unknown;
	weight?: unknown;
	dimensions?: unknown;
	barcodes?: unknown;
	url?: unknown;
	pictures?: unknown;
	productActivity?: unknown;
	type?: unknown;
	/** Value of the grouping field (grouping mode `field`), stored under `groupFields[GROUP_FIELD]`. */
	productGroupKey?: unknown;
	params?: Array<{ name?: unknown; code?: unknown; value?: unknown }>;
}

/** Key of IcmlOffer.groupFields that carries the mapped product id for grouping mode `field`. */
export const GROUP_FIELD = 'productGroupKey';

export function isBlank(v: unknown): boolean {
	return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** A string field: numbers become strings (1C codes, numeric ids); other kinds are kept for validation to name. */
export function toText(v: unknown): string | undefined {
	if (isBlank(v)) return undefined;
	if (typeof v === 'string') return v.trim();
	if (typeof v === 'number' || typeof v === 'bigint') return String(v);
	return v as string;
}

/**
 * A number field. Numeric strings are read (spreadsheets give "300" or "1 299,50"); a string that
 * is not a number is kept as-is so validation reports `"abc" is not a finite number`.
 */
export function toNumber(v: unknown): number | undefined {
	if (isBlank(v)) return undefined;
	if (typeof v === 'number') return v;
	if (typeof v === 'string') {
		// Spaces (also NBSP) as thousands separators, a decimal comma: "1 299,50".
		const s = v.trim().replace(/[\s\u00a0]/g, '').replace(',', '.');
		if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return Number(s);
	}
	return v as number;
}

export function toBoolean(v: unknown): boolean | undefined {
	if (isBlank(v)) return undefined;
	if (typeof v === 'boolean') return v;
	if (typeof v === 'number') return v !== 0;
	if (typeof v === 'string') {
		const s = v.trim().toLowerCase();
		if (['y', 'yes', 'true', '1', 'да'].includes(s)) return true;
		if (['n', 'no', 'false', '0', 'нет'].includes(s)) return false;
	}
	return v as boolean;
}

/** A list of strings: an array (blank entries dropped), or one string split on commas/semicolons/newlines. */
export function toTextList(v: unknown): string[] | undefined {
	if (isBlank(v)) return undefined;
	const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,;\n]/) : [v];
	const out: string[] = [];
	for (const entry of list) {
		const t = toText(entry);
		if (t !== undefined) out.push(t);
	}
	return out.length > 0 ? out : undefined;
}

/** Units read from an input object: offers that share one unit object (Get Items gives one per unit) share the result. */
const unitsRead = new WeakMap<object, IcmlUnit>();

/** `{code, name, sym}` (1C Get Items' unit); codes may be numbers (OKEI 796). Not an object: passed on for validation. */
export function toUnit(v: unknown): IcmlUnit | undefined {
	if (isBlank(v)) return undefined;
	if (typeof v !== 'object' || Array.isArray(v)) return { code: v as string, name: '', sym: '' };
	const known = unitsRead.get(v as object);
	if (known !== undefined) return known;
	const u = v as Record<string, unknown>;
	const unit = { code: toText(u.code) ?? '', name: toText(u.name) ?? '', sym: toText(u.sym) ?? '' };
	unitsRead.set(v as object, unit);
	return unit;
}

function toDimensions(v: unknown): IcmlDimensions | undefined {
	if (isBlank(v)) return undefined;
	if (typeof v === 'string') {
		// ICML's own form: "length/width/height".
		const [length, width, height] = v.split('/').map((x) => toNumber(x) as number);
		return { length, width, height };
	}
	const d = v as Record<string, unknown>;
	return { length: toNumber(d.length) as number, width: toNumber(d.width) as number, height: toNumber(d.height) as number };
}

/** 1C Get Items gives vatRate 20, 10, 0 or 'none'; strings like "20%" or "НДС20" are read too. */
export function toVatRate(v: unknown): string | number | undefined {
	if (isBlank(v)) return undefined;
	if (typeof v === 'number') return v;
	if (typeof v === 'string') {
		const s = v.trim();
		const lower = s.toLowerCase();
		if (lower === 'none' || lower === 'без ндс') return 'none';
		const m = /^(?:ндс\s*)?(\d{1,2}(?:[.,]\d+)?)\s*%?$/i.exec(s);
		if (m) return Number(m[1].replace(',', '.'));
		return s;
	}
	return v as string;
}

function toType(v: unknown): IcmlOffer['type'] | undefined {
	if (isBlank(v)) return undefined;
	if (typeof v === 'boolean') return v ? 'service' : 'product';
	return (typeof v === 'string' ? v.trim().toLowerCase() : v) as IcmlOffer['type'];
}

function toParams(list: OfferFieldValues['params']): IcmlParam[] | undefined {
	if (list === undefined || list.length === 0) return undefined;
	const out: IcmlParam[] = [];
	for (const p of list) {
		// A param whose value expression gives nothing is skipped: not every offer has every property.
		if (isBlank(p.value)) continue;
		const value = typeof p.value === 'number' ? p.value : (toText(p.value) as string);
		const code = toText(p.code);
		out.push(code !== undefined ? { name: toText(p.name) as string, code, value } : { name: toText(p.name) as string, value });
	}
	return out.length > 0 ? out : undefined;
}

/** Sets `key` only when the value is given, so absent fields stay absent in the offer (and in the XML). */
function put<K extends keyof IcmlOffer>(offer: IcmlOffer, key: K, value: IcmlOffer[K] | undefined): void {
	if (value !== undefined) offer[key] = value;
}

export function offerFromValues(v: OfferFieldValues): IcmlOffer {
	const offer = { id: toText(v.id), name: toText(v.name) } as IcmlOffer;
	put(offer, 'productName', toText(v.productName));
	put(offer, 'price', toNumber(v.price));
	put(offer, 'purchasePrice', toNumber(v.purchasePrice));
	put(offer, 'quantity', toNumber(v.quantity));
	put(offer, 'categoryId', toText(v.categoryId));
	put(offer, 'xmlId', toText(v.xmlId));
	put(offer, 'article', toText(v.article));
	put(offer, 'vendor', toText(v.vendor));
	put(offer, 'unit', toUnit(v.unit));
	put(offer, 'vatRate', toVatRate(v.vatRate));
	const weight = toNumber(v.weight);
	// 1C gives weight 0 or null for "not filled"; <weight>0</weight> would tell retailCRM the item weighs nothing.
	if (weight !== 0) put(offer, 'weight', weight);
	put(offer, 'dimensions', toDimensions(v.dimensions));
	put(offer, 'barcodes', toTextList(v.barcodes));
	put(offer, 'url', toText(v.url));
	put(offer, 'pictures', toTextList(v.pictures));
	put(offer, 'productActivity', toBoolean(v.productActivity));
	put(offer, 'type', toType(v.type));
	put(offer, 'params', toParams(v.params));
	const groupKey = toText(v.productGroupKey);
	if (groupKey !== undefined) offer.groupFields = { [GROUP_FIELD]: groupKey };
	if (offer.id === undefined) delete (offer as Partial<IcmlOffer>).id;
	// A blank name stays '' (not absent): validation reports "name required" and grouping still places the
	// offer, instead of a second, confusing "no product id" error.
	if (offer.name === undefined) offer.name = '';
	return offer;
}

/**
 * "Offers Without Price → Leave Out": 1C bases hold items nobody priced (kits, archived goods); leaving
 * them out (retailCRM then deactivates them) is often better than stopping the whole catalog. Each
 * one left out becomes a warning naming the offer. A price of 0 is not "without price" and stays
 * for validation to judge.
 */
export function dropOffersWithoutPrice(
	offers: readonly IcmlOffer[],
	itemOfOffer: readonly number[],
): { offers: IcmlOffer[]; itemOfOffer: number[]; skipped: IcmlIssue[] } {
	const kept: IcmlOffer[] = [];
	const keptItems: number[] = [];
	const skipped: IcmlIssue[] = [];
	for (let i = 0; i < offers.length; i++) {
		const o = offers[i];
		if (o.price === undefined) {
			const id = typeof o.id === 'string' ? o.id : undefined;
			const where = id !== undefined ? `Offer #${i} (id "${id}")` : `Offer #${i}`;
			skipped.push({ severity: 'warning', code: 'no-price-left-out', field: 'price', message: `${where}, price: no price; left out of the file`, offerIndex: i, offerId: id });
			continue;
		}
		kept.push(o);
		if (i < itemOfOffer.length) keptItems.push(itemOfOffer[i]);
	}
	return { offers: kept, itemOfOffer: keptItems, skipped };
}
