/**
 * ICML categories from what the input gives:
 * - each offer's folder chain (1C Get Items' `folders`: root first, `{ref, name}`), falling back to the
 *   offer's own `categoryId` + `categoryName` when there is no chain;
 * - input items that are categories (1C Get Folders' `ref, name, parentRef`);
 * - a JSON list `[{id, name, parentId?}]` typed into the node.
 * Categories are collected in first-seen order, parents before children when chains are used, and
 * each id once (the first name wins), so 100,000 offers of 300 folders give 300 categories.
 */
import { isBlank, toText } from './from-items';
import type { IcmlCategory, IcmlOffer } from './types';

export class IcmlCategoryListError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'IcmlCategoryListError';
	}
}

/** Raw values of a category, as the expressions returned them. */
export interface CategoryFieldValues {
	id?: unknown;
	name?: unknown;
	parentId?: unknown;
	picture?: unknown;
}

export function categoryFromValues(v: CategoryFieldValues): IcmlCategory {
	const c = { id: toText(v.id), name: toText(v.name) } as IcmlCategory;
	const parent = toText(v.parentId);
	if (parent !== undefined) c.parentId = parent;
	const picture = toText(v.picture);
	if (picture !== undefined) c.picture = picture;
	return c;
}

export class CategoryCollector {
	private readonly byId = new Map<string, IcmlCategory>();
	private readonly order: IcmlCategory[] = [];

	/** Adds a category as given (Get Folders items, the JSON list). A repeated id is added again so validation reports the duplicate. */
	add(c: IcmlCategory): void {
		// Kept even without a usable id, so validation reports it.
		if (typeof c.id === 'string' && c.id !== '' && !this.byId.has(c.id)) this.byId.set(c.id, c);
		this.order.push(c);
	}

	/**
	 * Adds an offer's folder chain, root first: each folder becomes a category whose parent is the
	 * folder before it. Entries with no ref are skipped; a folder seen before is not repeated.
	 * Returns the id of the last folder (the offer's own category), or undefined for an empty chain.
	 */
	addChain(chain: unknown): string | undefined {
		if (!Array.isArray(chain)) return undefined;
		let parentId: string | undefined;
		for (const entry of chain) {
			if (entry === null || typeof entry !== 'object') continue;
			const f = entry as Record<string, unknown>;
			const id = toText(f.ref ?? f.id);
			if (typeof id !== 'string') continue;
			if (!this.byId.has(id)) {
				const c: IcmlCategory = { id, name: toText(f.name) ?? '' };
				if (parentId !== undefined) c.parentId = parentId;
				this.byId.set(id, c);
				this.order.push(c);
			}
			parentId = id;
		}
		return parentId;
	}

	/**
	 * Adds the offer's own category when no chain named it: `categoryId` + `categoryName`, top level.
	 * Without a name nothing is added, so validation reports the offer's unknown category.
	 */
	addLeaf(id: unknown, name: unknown): void {
		const key = toText(id);
		if (typeof key !== 'string' || this.byId.has(key) || isBlank(name)) return;
		const c: IcmlCategory = { id: key, name: toText(name) as string };
		this.byId.set(key, c);
		this.order.push(c);
	}

	/**
	 * An offer's folder chain (root first) and the name of its own category: an offer without a category gets the
	 * chain's last folder; one with a category names it, added as a leaf when the chain did not give it.
	 */
	placeOffer(offer: IcmlOffer, chain: unknown, leafName: unknown): void {
		const last = this.addChain(chain);
		if (offer.categoryId === undefined && last !== undefined) offer.categoryId = last;
		else if (offer.categoryId !== undefined) this.addLeaf(offer.categoryId, leafName);
	}

	has(id: string): boolean {
		return this.byId.has(id);
	}

	get size(): number {
		return this.order.length;
	}

	list(): IcmlCategory[] {
		return this.order;
	}
}

/** Parses the node's "Categories (JSON)" field: an array of `{id, name, parentId?, picture?}` (ids may be numbers). */
export function parseCategoryList(json: unknown): IcmlCategory[] {
	let value = json;
	if (typeof json === 'string') {
		if (json.trim() === '') return [];
		let parseError: string | undefined;
		try {
			value = JSON.parse(json);
		} catch (e) {
			parseError = (e as Error).message;
		}
		if (parseError !== undefined) throw new IcmlCategoryListError(`Categories (JSON) is not valid JSON: ${parseError}`);
	}
	if (!Array.isArray(value)) throw new IcmlCategoryListError('Categories (JSON) must be an array of {"id", "name", "parentId"} objects');
	return value.map((entry, i) => {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			throw new IcmlCategoryListError(`Categories (JSON) entry #${i} is not an object`);
		}
		const e = entry as Record<string, unknown>;
		return categoryFromValues({ id: e.id, name: e.name, parentId: e.parentId, picture: e.picture });
	});
}
