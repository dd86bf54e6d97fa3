/**
 * Product grouping: decides which offers are variants of one product (same `productId`) and the
 * product's name. retailCRM folds offers that share `offer@productId` into one product card
 * (docs/retailcrm-api.md#icml), e.g. `Джинсы Элегантность (48)` and `(50)` into `Джинсы Элегантность`.
 *
 * The result is two arrays aligned with the offers (no copies of the offers, which matters at
 * 100,000 offers): the writer and the validator read them by index.
 */
import { compileNamePattern, DEFAULT_CHARACTERISTIC_SEPARATOR, IcmlConfigError, productNameByPattern } from './name-pattern';
import type { IcmlOffer } from './types';
import { groupByVariantName, type NamePatternRule, type VariantGroup } from './variant-groups';

export {
	compileNamePattern,
	DEFAULT_CHARACTERISTIC_SEPARATOR,
	DEFAULT_NAME_PATTERN,
	DEFAULT_VARIANT_PATTERN,
	IcmlConfigError,
	productNameByPattern,
	stemByPattern,
} from './name-pattern';
export type { NamePatternRule, VariantGroup } from './variant-groups';

export type GroupingRule =
	/** Product = offer: `productId` = offer id. */
	| { mode: 'none' }
	/**
	 * 1C УТ 10.3 with характеристики: offer id `<itemGUID>#<characteristicGUID>` belongs to product
	 * `<itemGUID>`; an id without the separator is its own product.
	 */
	| { mode: 'characteristics'; separator?: string }
	/** Separate 1C items that are variants of one product (same category, names differing by a variant suffix); see variant-groups.ts. */
	| NamePatternRule
	/** An explicit product id field: an IcmlOffer property (default `productId`) or a key of `groupFields`. */
	| { mode: 'field'; field?: string; whenMissing?: 'offerId' | 'leaveEmpty' };

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
	/** `namePattern` only: the products made of several items. */
	groups?: VariantGroup[];
	/** `namePattern` only: item key → product id of every item whose name has a variant suffix, to pass as `remembered` next time. */
	remember?: Map<string, string>;
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
	if (rule.mode === 'namePattern') return { ...groupByVariantName(offers, rule, isGroupable), namesConsistent: true };
	const n = offers.length;
	const productIds = new Array<string | undefined>(n);
	const productNames = new Array<string>(n).fill('');
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

	const distinct = new Set<string>();
	for (let i = 0; i < n; i++) {
		const id = productIds[i];
		if (id !== undefined) distinct.add(id);
	}
	return { productIds, productNames, products: distinct.size, namesConsistent };
}
