/**
 * Product grouping: decides which offers are variants of one product (same `productId`) and the
 * product's name. retailCRM folds offers that share `offer@productId` into one product card
 * (reference §9.2), e.g. `Джинсы Элегантность (48)` and `(50)` into `Джинсы Элегантность`.
 *
 * The result is two arrays aligned with the offers (no copies of the offers, which matters at
 * 100,000 offers): the writer and the validator read them by index.
 */
import * as crypto from 'node:crypto';
import type { IcmlOffer } from './types';

export type GroupingRule =
	/** Product = offer: `productId` = offer id. */
	| { mode: 'none' }
	/**
	 * 1C УТ 10.3 with характеристики: offer id `<itemGUID>#<characteristicGUID>` belongs to product
	 * `<itemGUID>`; an id without the separator is its own product.
	 */
	| { mode: 'characteristics'; separator?: string }
	/** Offers whose names differ only by a variant suffix (cut by `pattern`) and share a category form one product. */
	| {
			mode: 'namePattern';
			/**
			 * Regex source. Either the part to cut from the end of the offer name, or a pattern with a
			 * named group `product` that captures the product name. Default: a trailing `( … )` suffix.
			 */
			pattern?: string;
			flags?: string;
			/** How the product id is made; see `productIdFor`. Default `hash`. */
			productIdFrom?: 'hash' | 'smallestOfferId';
			/** Prefix of hashed product ids. Default `p-`. */
			productIdPrefix?: string;
	  }
	/** An explicit product id field: an IcmlOffer property (default `productId`) or a key of `groupFields`. */
	| { mode: 'field'; field?: string; whenMissing?: 'offerId' | 'leaveEmpty' };

/** Cuts a trailing parenthesised suffix: `Джинсы Элегантность (48)` → `Джинсы Элегантность`. */
export const DEFAULT_NAME_PATTERN = '\\s*\\([^()]*\\)\\s*$';
export const DEFAULT_CHARACTERISTIC_SEPARATOR = '#';

export interface ProductAssignment {
	/** productId per offer index; undefined only with `field` + `whenMissing: 'leaveEmpty'`. */
	productIds: Array<string | undefined>;
	/** productName per offer index. */
	productNames: string[];
	/** Distinct product ids. */
	products: number;
	/**
	 * True when the rule makes every offer of a product carry the same productName by construction
	 * (`none`, `namePattern`), so validation can skip its per-product name comparison.
	 */
	namesConsistent: boolean;
}

export class IcmlConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'IcmlConfigError';
	}
}

/** Compiles the name pattern once; a bad regex is a configuration error with the pattern in the message. */
export function compileNamePattern(pattern: string = DEFAULT_NAME_PATTERN, flags = ''): RegExp {
	let reason: string;
	try {
		return new RegExp(pattern, flags.replace(/g/g, ''));
	} catch (e) {
		reason = (e as Error).message;
	}
	// Thrown outside the catch: n8n's lint (require-node-api-error) rejects non-n8n errors thrown in catch blocks.
	throw new IcmlConfigError(`Invalid product name pattern /${pattern}/${flags}: ${reason}`);
}

/**
 * The default pattern by hand (same result as the regex, checked by a randomised test): the regex
 * engine tries every start position, and this runs once per offer on catalogs of 100,000.
 */
function cutTrailingParentheses(name: string): string {
	// JS trim and regex \s use the same whitespace set, so trimming replaces the pattern's \s* parts.
	const t = name.trimEnd();
	const open = t.lastIndexOf('(');
	// A match needs: t ends with `)`, and the only `)` after the last `(` is that final one.
	if (open === -1 || t.charCodeAt(t.length - 1) !== 41 || t.indexOf(')', open) !== t.length - 1) return name.trim();
	const cut = t.slice(0, open).trim();
	return cut === '' ? name.trim() : cut;
}

/** Product name of an offer under a name pattern: the named group `product`, or the name with the match cut. */
export function productNameByPattern(name: string, re: RegExp): string {
	if (re.source === DEFAULT_NAME_PATTERN && re.flags === '') return cutTrailingParentheses(name);
	const m = re.exec(name);
	if (!m) return name.trim();
	const named = m.groups?.product;
	const cut = named !== undefined ? named : name.slice(0, m.index) + name.slice(m.index + m[0].length);
	const trimmed = cut.trim();
	// A pattern that eats the whole name would leave the product nameless: keep the offer name.
	return trimmed === '' ? name.trim() : trimmed;
}

function firstCategory(offer: IcmlOffer): string {
	return offer.categoryId ?? offer.categoryIds?.[0] ?? '';
}

/**
 * Product id for name-pattern grouping. Default `hash`: prefix + first 20 hex digits of
 * SHA-1(first categoryId, NUL, product name). It does not depend on which offers exist or on their
 * order, so deleting or adding a size in 1C keeps the product's externalId in retailCRM (with the
 * smallest-offer-id alternative, removing that offer would re-key the product and retailCRM would
 * create a new one). It changes when the product is renamed or moved to another category.
 */
function hashedProductId(categoryId: string, productName: string, prefix: string): string {
	const data = `${categoryId}\u0000${productName}`;
	// crypto.hash (Node ≥ 20.12) is the one-shot form of the same SHA-1, about twice as fast.
	const hex = typeof crypto.hash === 'function' ? crypto.hash('sha1', data, 'hex') : crypto.createHash('sha1').update(data).digest('hex');
	return prefix + hex.slice(0, 20);
}

const OFFER_STRING_FIELDS = new Set(['productId', 'xmlId', 'vendor', 'article', 'name', 'productName', 'categoryId', 'url']);

function fieldValue(offer: IcmlOffer, field: string): string | undefined {
	let v: unknown;
	if (OFFER_STRING_FIELDS.has(field)) v = (offer as unknown as Record<string, unknown>)[field];
	else v = offer.groupFields?.[field];
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	if (typeof v === 'string' && v.trim() !== '') return v;
	return undefined;
}

/** Entries validation will reject (no string id or name) get no product instead of crashing grouping. */
function isGroupable(o: IcmlOffer | null | undefined): o is IcmlOffer {
	return o !== null && typeof o === 'object' && typeof o.id === 'string' && o.id !== '' && typeof o.name === 'string';
}

export function groupOffers(offers: readonly IcmlOffer[], rule: GroupingRule): ProductAssignment {
	const n = offers.length;
	const productIds = new Array<string | undefined>(n);
	const productNames = new Array<string>(n).fill('');
	let products = -1; // counted below unless the rule already knows it
	let namesConsistent = false;

	switch (rule.mode) {
		case 'none':
			for (let i = 0; i < n; i++) {
				const o = offers[i];
				if (!isGroupable(o)) continue;
				productIds[i] = o.id;
				productNames[i] = o.productName ?? o.name;
			}
			namesConsistent = true;
			break;
		case 'characteristics': {
			const sep = rule.separator ?? DEFAULT_CHARACTERISTIC_SEPARATOR;
			if (sep === '') throw new IcmlConfigError('Characteristic separator must not be empty');
			const re = compileNamePattern();
			for (let i = 0; i < n; i++) {
				const o = offers[i];
				if (!isGroupable(o)) continue;
				const at = o.id.indexOf(sep);
				productIds[i] = at > 0 ? o.id.slice(0, at) : o.id;
				// 1C names a characteristic offer "<item> (<characteristic>)" when the source gives no item name.
				productNames[i] = o.productName ?? (at > 0 ? productNameByPattern(o.name, re) : o.name);
			}
			break;
		}
		case 'namePattern': {
			const re = compileNamePattern(rule.pattern, rule.flags);
			const prefix = rule.productIdPrefix ?? 'p-';
			const bySmallestId = rule.productIdFrom === 'smallestOfferId';
			// category → product name → product; nested maps avoid building 100,000 concatenated keys.
			const byCategory = new Map<string, Map<string, { id: string; name: string }>>();
			const entries = new Array<{ id: string; name: string } | undefined>(n);
			for (let i = 0; i < n; i++) {
				const o = offers[i];
				if (!isGroupable(o)) continue;
				const name = productNameByPattern(o.name, re);
				const category = firstCategory(o);
				let byName = byCategory.get(category);
				if (byName === undefined) byCategory.set(category, (byName = new Map()));
				let entry = byName.get(name);
				if (entry === undefined) {
					entry = { id: bySmallestId ? o.id : hashedProductId(category, name, prefix), name };
					byName.set(name, entry);
				} else if (bySmallestId && o.id < entry.id) {
					entry.id = o.id;
				}
				entries[i] = entry;
				productNames[i] = entry.name; // one string per product: less memory, cheap equality later
			}
			for (let i = 0; i < n; i++) productIds[i] = entries[i]?.id;
			products = 0;
			for (const byName of byCategory.values()) products += byName.size;
			namesConsistent = true;
			break;
		}
		case 'field': {
			const field = rule.field ?? 'productId';
			for (let i = 0; i < n; i++) {
				const o = offers[i];
				if (!isGroupable(o)) continue;
				const v = fieldValue(o, field);
				productIds[i] = v ?? (rule.whenMissing === 'leaveEmpty' ? undefined : o.id);
				productNames[i] = o.productName ?? o.name;
			}
			break;
		}
		default:
			throw new IcmlConfigError(`Unknown grouping mode ${JSON.stringify((rule as { mode: unknown }).mode)}`);
	}

	if (products < 0) {
		const distinct = new Set<string>();
		for (let i = 0; i < n; i++) {
			const id = productIds[i];
			if (id !== undefined) distinct.add(id);
		}
		products = distinct.size;
	}
	return { productIds, productNames, products, namesConsistent };
}
