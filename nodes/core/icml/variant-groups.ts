/**
 * Name-pattern grouping: separate 1C items that are variants of one product (`Джинсы Элегантность (48)` and
 * `(50)`, each its own Номенклатура item) become one retailCRM product card.
 *
 * The rule (README, "Catalog: products that stay put"):
 * - The unit is the item: offers `<itemKey>#<characteristic>` of one item always stay in one product; the item key
 *   is the offer id up to the separator.
 * - An item is a variant when its name matches the variant pattern (default: a size suffix such as `(48)`, `(XL)`).
 *   Variants with the same product name (the name without the suffix) in the same category form one product.
 * - Everything else is a product of its own and keeps its whole name: `Клей ПВА (0,5 л)`, or a lone `Пальто (46)`
 *   whose other sizes are not in the file.
 * - Product id: the id the group's items had on earlier runs (`remembered`, the most of them win), else the
 *   smallest item key of the group, i.e. a 1C GUID of one of its items. Both survive renaming and moving the items
 *   in 1C (retailCRM keeps the card with its photos and descriptions); the memory also keeps the id when the item
 *   whose key it is leaves the group or a new item with a smaller key joins it. A product of one item has that
 *   item's key, unless it remembers another.
 */
import { compileNamePattern, DEFAULT_CHARACTERISTIC_SEPARATOR, DEFAULT_VARIANT_PATTERN, hashedProductId, IcmlConfigError, productNameByPattern, stemByPattern } from './name-pattern';
import type { IcmlOffer } from './types';

export interface NamePatternRule {
	mode: 'namePattern';
	/**
	 * Regex source: the variant suffix (cut from the end of the name to get the product name), or a pattern with a
	 * named group `product` that captures the product name. Default DEFAULT_VARIANT_PATTERN.
	 */
	pattern?: string;
	flags?: string;
	/**
	 * Product id of a group: `memberKey` (default, see the module comment) or `hash` = prefix + SHA-1(category,
	 * product name), which changes when the product is renamed or moved (for catalogs built with it before).
	 */
	productIdFrom?: 'memberKey' | 'hash';
	/** Prefix of hashed product ids. Default `p-`. */
	productIdPrefix?: string;
	/** Separates the item key from the characteristic in offer ids. Default `#`. */
	separator?: string;
	/** Item key → product id given on earlier runs (the `remember` of the previous build). */
	remembered?: ReadonlyMap<string, string>;
}

/** A product made of several items (listed in the node's output). */
export interface VariantGroup {
	productId: string;
	productName: string;
	categoryId: string;
	/** Item keys, sorted. */
	items: string[];
	offers: number;
	/** How the id was chosen: kept from an earlier run, the smallest item key, or the hash. */
	productIdFrom: 'remembered' | 'memberKey' | 'hash';
}

export interface VariantGrouping {
	productIds: Array<string | undefined>;
	productNames: string[];
	products: number;
	groups: VariantGroup[];
	/** Item key → product id, for every item with a variant suffix or an id other than its own key. */
	remember: Map<string, string>;
}

interface Item {
	key: string;
	offers: number[];
	/** Product name when the item is a product of its own. */
	name: string;
	/** Product name when it is a variant; undefined when its name has no variant suffix. */
	stem: string | undefined;
	category: string;
}

interface Product {
	members: Item[];
	name: string;
	category: string;
	id?: string;
	from?: VariantGroup['productIdFrom'];
}

function firstCategory(offer: IcmlOffer): string {
	return offer.categoryId ?? offer.categoryIds?.[0] ?? '';
}

/** `isGroupable` offers only (see grouping.ts); the others get no product and are left to validation. */
export function groupByVariantName(offers: readonly IcmlOffer[], rule: NamePatternRule, isGroupable: (o: IcmlOffer | null | undefined) => o is IcmlOffer): VariantGrouping {
	const separator = rule.separator ?? DEFAULT_CHARACTERISTIC_SEPARATOR;
	if (separator === '') throw new IcmlConfigError('Characteristic separator must not be empty');
	const variant = compileNamePattern(rule.pattern ?? DEFAULT_VARIANT_PATTERN, rule.flags);
	// 1C names a characteristic offer "<item> (<characteristic>)" when the source gives no item name.
	const characteristicCut = compileNamePattern();

	const items = new Map<string, Item>();
	for (let i = 0; i < offers.length; i++) {
		const o = offers[i];
		if (!isGroupable(o)) continue;
		const at = o.id.indexOf(separator);
		const key = at > 0 ? o.id.slice(0, at) : o.id;
		const item = items.get(key);
		if (item !== undefined) {
			item.offers.push(i);
			continue;
		}
		const given = typeof o.productName === 'string' && o.productName.trim() !== '' ? o.productName.trim() : undefined;
		const name = given ?? (at > 0 ? productNameByPattern(o.name, characteristicCut) : o.name.trim());
		items.set(key, { key, offers: [i], name, stem: stemByPattern(at > 0 ? name : o.name, variant), category: firstCategory(o) });
	}

	// Variants of one category and product name: a product when there are at least two items.
	const byCategory = new Map<string, Map<string, Item[]>>();
	const products: Product[] = [];
	for (const item of items.values()) {
		if (item.stem === undefined) {
			products.push({ members: [item], name: item.name, category: item.category });
			continue;
		}
		let byStem = byCategory.get(item.category);
		if (byStem === undefined) byCategory.set(item.category, (byStem = new Map()));
		const list = byStem.get(item.stem);
		if (list === undefined) byStem.set(item.stem, [item]);
		else list.push(item);
	}
	for (const byStem of byCategory.values()) {
		for (const [stem, members] of byStem) {
			if (members.length === 1) products.push({ members, name: members[0].name, category: members[0].category });
			else products.push({ members: members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), name: stem, category: members[0].category });
		}
	}

	assignProductIds(products, rule);

	const n = offers.length;
	const productIds = new Array<string | undefined>(n);
	const productNames = new Array<string>(n).fill('');
	const groups: VariantGroup[] = [];
	const remember = new Map<string, string>();
	for (const p of products) {
		let count = 0;
		for (const m of p.members) {
			for (const i of m.offers) {
				productIds[i] = p.id;
				productNames[i] = p.name; // one string per product: less memory, cheap equality later
			}
			count += m.offers.length;
			if (m.stem !== undefined || p.id !== m.key) remember.set(m.key, p.id as string);
		}
		if (p.members.length > 1) {
			groups.push({ productId: p.id as string, productName: p.name, categoryId: p.category, items: p.members.map((m) => m.key), offers: count, productIdFrom: p.from as VariantGroup['productIdFrom'] });
		}
	}
	groups.sort((a, b) => a.productName.localeCompare(b.productName, 'ru') || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
	return { productIds, productNames, products: products.length, groups, remember };
}

function smallestKey(p: Product): string {
	let min = p.members[0].key;
	for (const m of p.members) if (m.key < min) min = m.key;
	return min;
}

/**
 * Products whose items remember ids claim them first (most votes first; ties to the smallest key), so an id
 * stays with the product that carries most of the items it was given to. The others take their smallest item key
 * that no one claimed (or the hash), which no other product can hold: item keys belong to one product each.
 */
function assignProductIds(products: Product[], rule: NamePatternRule): void {
	const taken = new Set<string>();
	const remembered = rule.remembered;
	if (remembered !== undefined && remembered.size > 0) {
		const claims: Array<{ p: Product; votes: Array<[string, number]>; key: string }> = [];
		for (const p of products) {
			const counts = new Map<string, number>();
			for (const m of p.members) {
				const id = remembered.get(m.key);
				if (typeof id === 'string' && id !== '') counts.set(id, (counts.get(id) ?? 0) + 1);
			}
			if (counts.size === 0) continue;
			const votes = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
			claims.push({ p, votes, key: smallestKey(p) });
		}
		claims.sort((a, b) => b.votes[0][1] - a.votes[0][1] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
		for (const claim of claims) {
			const free = claim.votes.find(([id]) => !taken.has(id));
			if (free === undefined) continue;
			claim.p.id = free[0];
			claim.p.from = 'remembered';
			taken.add(free[0]);
		}
	}
	const prefix = rule.productIdPrefix ?? 'p-';
	for (const p of products) {
		if (p.id !== undefined) continue;
		if (rule.productIdFrom === 'hash' && p.members.length > 1) {
			const id = hashedProductId(p.category, p.name, prefix);
			if (!taken.has(id)) {
				p.id = id;
				p.from = 'hash';
				taken.add(id);
				continue;
			}
		}
		const keys = p.members.map((m) => m.key).sort();
		const free = keys.find((key) => !taken.has(key));
		p.id = free ?? hashedProductId(p.category, p.name, prefix);
		p.from = free !== undefined ? 'memberKey' : 'hash';
		taken.add(p.id);
	}
}
