/**
 * Checks the catalog before a byte is written. Errors stop the build (retailCRM replaces the whole
 * catalog on each load, so a broken file does real damage); warnings are reported and do not.
 * Every issue names the offer (index and id) or category and the field.
 */
import type { ProductAssignment } from './grouping';
import { formatIcmlDate, ICML_DATE_PATTERN } from './format';
import { isTopLevelParent, type IcmlCategory, type IcmlInput, type IcmlOffer } from './types';

export type IcmlIssueSeverity = 'error' | 'warning';

export interface IcmlIssue {
	severity: IcmlIssueSeverity;
	/** Stable machine code, e.g. `duplicate-offer-id`. */
	code: string;
	/** Field of the offer/category/document, e.g. `price`, `categoryIds[1]`, `shop.name`. */
	field: string;
	message: string;
	offerIndex?: number;
	offerId?: string;
	categoryIndex?: number;
	categoryId?: string;
}

export interface IcmlValidationOptions {
	/** Offers must have a price > 0 (default true). When false, a missing price is fine and 0 is a warning. */
	requirePrice?: boolean;
	/** Negative stock: `error` (default), or `zero` = write 0 and warn (1C can hold negative balances). */
	negativeQuantity?: 'error' | 'zero';
	/** Must match the writer's option: with `integer`, fractional stock is floored and warned about. */
	quantityFormat?: 'integer' | 'decimal';
	/**
	 * An empty offer list is an error by default: retailCRM replaces the catalog with the file,
	 * so an empty file produced by a failed 1C query would empty the shop.
	 */
	allowEmptyCatalog?: boolean;
	/** Issues kept per severity (counts go on). Default 1,000. */
	maxIssues?: number;
	/** The writer's zone for a Date `date`; checked here so a typo fails before writing starts. */
	timeZone?: string;
}

export interface IcmlValidationResult {
	errors: IcmlIssue[];
	warnings: IcmlIssue[];
	/** Totals, including issues beyond `maxIssues`. */
	errorCount: number;
	warningCount: number;
}

const MAX_MONEY = 1e15;

function isNonEmptyString(v: unknown): v is string {
	// Fast path without trim() (called several times per offer): a first char above space is enough.
	return typeof v === 'string' && v.length > 0 && (v.charCodeAt(0) > 32 || v.trim() !== '');
}

function isFiniteNumber(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

class IssueList {
	readonly result: IcmlValidationResult = { errors: [], warnings: [], errorCount: 0, warningCount: 0 };

	constructor(private readonly max: number) {}

	add(issue: IcmlIssue): void {
		if (issue.severity === 'error') {
			this.result.errorCount++;
			if (this.result.errors.length < this.max) this.result.errors.push(issue);
		} else {
			this.result.warningCount++;
			if (this.result.warnings.length < this.max) this.result.warnings.push(issue);
		}
	}

	offer(severity: IcmlIssueSeverity, code: string, index: number, offer: IcmlOffer, field: string, message: string): void {
		const id = typeof offer?.id === 'string' ? offer.id : undefined;
		const where = id !== undefined ? `Offer #${index} (id "${id}")` : `Offer #${index}`;
		this.add({ severity, code, field, message: `${where}, ${field}: ${message}`, offerIndex: index, offerId: id });
	}

	category(severity: IcmlIssueSeverity, code: string, index: number, c: IcmlCategory, field: string, message: string): void {
		const id = typeof c?.id === 'string' ? c.id : undefined;
		const where = id !== undefined ? `Category #${index} (id "${id}")` : `Category #${index}`;
		this.add({ severity, code, field, message: `${where}, ${field}: ${message}`, categoryIndex: index, categoryId: id });
	}

	document(severity: IcmlIssueSeverity, code: string, field: string, message: string): void {
		this.add({ severity, code, field, message: `${field}: ${message}` });
	}
}

/** "is required" for nothing, "must be a string" for a value of another type (e.g. a number from JSON). */
function stringProblem(v: unknown, what: string): string {
	if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return `${what} is required`;
	return `${what} must be a string, got ${typeof v} ${JSON.stringify(v)}`;
}

function validateDocument(input: IcmlInput, timeZone: string | undefined, issues: IssueList): void {
	if (!isNonEmptyString(input.shop?.name)) issues.document('error', 'missing-shop-name', 'shop.name', 'the shop name is required');
	if (!isNonEmptyString(input.shop?.company)) issues.document('error', 'missing-shop-company', 'shop.company', 'the company name is required');
	const d = input.date;
	if (typeof d === 'string') {
		if (!ICML_DATE_PATTERN.test(d)) issues.document('error', 'bad-date', 'date', `"${d}" is not in the form YYYY-MM-DD HH:mm:ss`);
	} else if (!(d instanceof Date) || Number.isNaN(d.getTime())) {
		issues.document('error', 'bad-date', 'date', 'must be a valid Date or a YYYY-MM-DD HH:mm:ss string');
	} else if (timeZone !== undefined) {
		try {
			formatIcmlDate(d, timeZone);
		} catch {
			issues.document('error', 'bad-time-zone', 'timeZone', `"${timeZone}" is not a known IANA time zone`);
		}
	}
}

/** Returns the set of valid category ids. */
function validateCategories(categories: readonly IcmlCategory[], issues: IssueList): Set<string> {
	const firstIndex = new Map<string, number>();
	for (let i = 0; i < categories.length; i++) {
		const c = categories[i];
		if (!isNonEmptyString(c?.id)) {
			issues.category('error', 'missing-category-id', i, c, 'id', stringProblem(c?.id, 'the category id'));
			continue;
		}
		const seen = firstIndex.get(c.id);
		if (seen !== undefined) issues.category('error', 'duplicate-category-id', i, c, 'id', `duplicates category #${seen}`);
		else firstIndex.set(c.id, i);
		if (!isNonEmptyString(c.name)) issues.category('error', 'missing-category-name', i, c, 'name', stringProblem(c.name, 'the category name'));
	}
	const parentOf = new Map<string, string>();
	for (let i = 0; i < categories.length; i++) {
		const c = categories[i];
		if (!isNonEmptyString(c?.id) || isTopLevelParent(c.parentId)) continue;
		if (typeof c.parentId !== 'string') {
			issues.category('error', 'bad-category-parent', i, c, 'parentId', 'must be a string');
		} else if (c.parentId === c.id) {
			issues.category('error', 'category-cycle', i, c, 'parentId', 'a category cannot be its own parent');
		} else if (!firstIndex.has(c.parentId)) {
			issues.category('error', 'unknown-category-parent', i, c, 'parentId', `parent "${c.parentId}" is not in the category list`);
		} else {
			parentOf.set(c.id, c.parentId);
		}
	}
	// Cycles through several categories (A → B → A): walk up from each category once.
	const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = known to reach a root
	for (const start of parentOf.keys()) {
		const path: string[] = [];
		let cur: string | undefined = start;
		while (cur !== undefined && state.get(cur) !== 2) {
			if (state.get(cur) === 1) {
				const i = firstIndex.get(cur)!;
				issues.category('error', 'category-cycle', i, categories[i], 'parentId', `parent chain loops back to "${cur}"`);
				break;
			}
			state.set(cur, 1);
			path.push(cur);
			cur = parentOf.get(cur);
		}
		for (const id of path) state.set(id, 2);
	}
	return new Set(firstIndex.keys());
}

function checkMoney(issues: IssueList, i: number, o: IcmlOffer, field: 'price' | 'purchasePrice', requirePositive: boolean): void {
	const v = o[field] as unknown;
	if (v === undefined || v === null) {
		if (requirePositive) issues.offer('error', 'missing-price', i, o, field, 'a price is required');
		return;
	}
	if (!isFiniteNumber(v)) {
		issues.offer('error', 'bad-number', i, o, field, `${JSON.stringify(v)} is not a finite number`);
	} else if (v < 0) {
		issues.offer('error', 'negative-number', i, o, field, `${v} is negative`);
	} else if (v >= MAX_MONEY) {
		issues.offer('error', 'bad-number', i, o, field, `${v} is too large`);
	} else if (v === 0 && field === 'price') {
		issues.offer(requirePositive ? 'error' : 'warning', 'zero-price', i, o, field, 'the price is 0');
	}
}

function checkMeasure(issues: IssueList, i: number, o: IcmlOffer, field: string, v: unknown): void {
	if (!isFiniteNumber(v)) issues.offer('error', 'bad-number', i, o, field, `${JSON.stringify(v)} is not a finite number`);
	else if (v < 0) issues.offer('error', 'negative-number', i, o, field, `${v} is negative`);
}

const HTTP_URL = /^https?:\/\/\S+$/i;

const OPTIONAL_TEXT_FIELDS = ['xmlId', 'vendor', 'article', 'productName'] as const;

function validateOffer(o: IcmlOffer, i: number, categoryIds: Set<string>, opts: Required<Omit<IcmlValidationOptions, 'maxIssues' | 'timeZone'>>, issues: IssueList): void {
	if (!isNonEmptyString(o.name)) issues.offer('error', 'missing-name', i, o, 'name', stringProblem(o.name, 'the offer name'));

	checkMoney(issues, i, o, 'price', opts.requirePrice);
	checkMoney(issues, i, o, 'purchasePrice', false);

	const q = o.quantity as unknown;
	if (q !== undefined && q !== null) {
		if (!isFiniteNumber(q)) issues.offer('error', 'bad-number', i, o, 'quantity', `${JSON.stringify(q)} is not a finite number`);
		else if (q < 0) {
			if (opts.negativeQuantity === 'zero') issues.offer('warning', 'negative-quantity', i, o, 'quantity', `${q} is negative; written as 0`);
			else issues.offer('error', 'negative-quantity', i, o, 'quantity', `${q} is negative`);
		} else if (opts.quantityFormat === 'integer' && !Number.isInteger(q)) {
			issues.offer('warning', 'fractional-quantity', i, o, 'quantity', `${q} is written as ${Math.floor(q)}`);
		}
	}

	let categories = 0;
	const cid = o.categoryId as unknown;
	if (cid !== undefined) {
		categories++;
		if (typeof cid !== 'string') issues.offer('error', 'bad-field', i, o, 'categoryId', `must be a string, got ${typeof cid} ${JSON.stringify(cid)}`);
		else if (!categoryIds.has(cid)) issues.offer('error', 'unknown-category', i, o, 'categoryId', `category ${JSON.stringify(cid)} is not in the category list`);
	}
	const cids = o.categoryIds as unknown;
	if (cids !== undefined) {
		if (!Array.isArray(cids)) issues.offer('error', 'bad-field', i, o, 'categoryIds', 'must be an array');
		else {
			for (let k = 0; k < cids.length; k++) {
				const ref = cids[k] as unknown;
				categories++;
				if (typeof ref !== 'string') issues.offer('error', 'bad-field', i, o, `categoryIds[${k}]`, `must be a string, got ${typeof ref} ${JSON.stringify(ref)}`);
				else if (!categoryIds.has(ref)) issues.offer('error', 'unknown-category', i, o, `categoryIds[${k}]`, `category ${JSON.stringify(ref)} is not in the category list`);
			}
		}
	}
	if (categories === 0) issues.offer('warning', 'no-category', i, o, 'categoryId', 'the offer has no category');

	if (o.weight !== undefined) checkMeasure(issues, i, o, 'weight', o.weight);
	if (o.dimensions !== undefined) {
		checkMeasure(issues, i, o, 'dimensions.length', o.dimensions?.length);
		checkMeasure(issues, i, o, 'dimensions.width', o.dimensions?.width);
		checkMeasure(issues, i, o, 'dimensions.height', o.dimensions?.height);
	}

	if (o.vatRate !== undefined) {
		const v = o.vatRate as unknown;
		const ok = typeof v === 'number' ? Number.isFinite(v) && v >= 0 && v <= 100 : typeof v === 'string' && /^(none|\d{1,2}(\.\d+)?)$/.test(v.trim());
		if (!ok) issues.offer('error', 'bad-vat-rate', i, o, 'vatRate', `${JSON.stringify(v)} is neither "none" nor a rate 0–100`);
	}

	if (o.unit !== undefined) {
		if (!isNonEmptyString(o.unit?.code)) issues.offer('error', 'bad-unit', i, o, 'unit.code', 'the unit code is required');
		if (!isNonEmptyString(o.unit?.name)) issues.offer('warning', 'bad-unit', i, o, 'unit.name', 'the unit name is empty');
		if (!isNonEmptyString(o.unit?.sym)) issues.offer('warning', 'bad-unit', i, o, 'unit.sym', 'the unit symbol is empty');
	}

	if (o.params !== undefined) {
		if (!Array.isArray(o.params)) issues.offer('error', 'bad-field', i, o, 'params', 'must be an array');
		else {
			for (let k = 0; k < o.params.length; k++) {
				const p = o.params[k];
				if (!isNonEmptyString(p?.name)) issues.offer('error', 'bad-param', i, o, `params[${k}].name`, 'the param name is required');
				const value = p?.value as unknown;
				if (value === undefined || value === null) issues.offer('error', 'bad-param', i, o, `params[${k}].value`, 'the param value is required');
				else if (typeof value !== 'string' && !isFiniteNumber(value)) {
					issues.offer('error', 'bad-param', i, o, `params[${k}].value`, `must be a string or a number, got ${JSON.stringify(value)}`);
				}
				if (p?.code === 'article' && isNonEmptyString(o.article)) {
					issues.offer('warning', 'duplicate-article', i, o, `params[${k}]`, 'an article param is written twice (article field and params)');
				}
			}
		}
	}

	// Optional text fields: a number or object here would be written as "123" or "[object Object]".
	for (let k = 0; k < OPTIONAL_TEXT_FIELDS.length; k++) {
		const field = OPTIONAL_TEXT_FIELDS[k];
		const v = o[field] as unknown;
		if (v !== undefined && typeof v !== 'string') issues.offer('error', 'bad-field', i, o, field, `must be a string, got ${typeof v} ${JSON.stringify(v)}`);
	}
	for (const field of ['productActivity', 'markable'] as const) {
		const v = o[field] as unknown;
		// 'N' would be truthy and come out as Y: the mapping must turn Y/N into booleans.
		if (v !== undefined && typeof v !== 'boolean') issues.offer('error', 'bad-field', i, o, field, `must be true or false, got ${JSON.stringify(v)}`);
	}
	if (o.type !== undefined && o.type !== 'product' && o.type !== 'service') {
		issues.offer('error', 'bad-type', i, o, 'type', `${JSON.stringify(o.type)} is neither "product" nor "service"`);
	}
	if (o.url !== undefined && !(typeof o.url === 'string' && HTTP_URL.test(o.url))) {
		issues.offer('warning', 'bad-url', i, o, 'url', 'not an http(s) URL');
	}
	if (o.pictures !== undefined) {
		if (!Array.isArray(o.pictures)) issues.offer('error', 'bad-field', i, o, 'pictures', 'must be an array');
		else {
			for (let k = 0; k < o.pictures.length; k++) {
				const p = o.pictures[k] as unknown;
				if (!(typeof p === 'string' && HTTP_URL.test(p))) issues.offer('warning', 'bad-url', i, o, `pictures[${k}]`, 'not an http(s) URL');
			}
		}
	}
	if (o.barcodes !== undefined) {
		if (!Array.isArray(o.barcodes)) issues.offer('error', 'bad-field', i, o, 'barcodes', 'must be an array');
		else {
			for (let k = 0; k < o.barcodes.length; k++) {
				const b = o.barcodes[k] as unknown;
				if (typeof b !== 'string' && b !== undefined && b !== null) issues.offer('error', 'bad-field', i, o, `barcodes[${k}]`, `must be a string, got ${typeof b} ${JSON.stringify(b)}`);
				else if (!isNonEmptyString(b)) issues.offer('warning', 'empty-barcode', i, o, `barcodes[${k}]`, 'empty barcode');
			}
		}
	}
}

export function validateIcml(input: IcmlInput, products: ProductAssignment, options: IcmlValidationOptions = {}): IcmlValidationResult {
	const issues = new IssueList(options.maxIssues ?? 1000);
	const opts = {
		requirePrice: options.requirePrice ?? true,
		negativeQuantity: options.negativeQuantity ?? 'error',
		quantityFormat: options.quantityFormat ?? 'integer',
		allowEmptyCatalog: options.allowEmptyCatalog ?? false,
	} as const;

	validateDocument(input, options.timeZone, issues);
	if (!Array.isArray(input.categories)) {
		issues.document('error', 'bad-field', 'categories', 'must be an array');
		return issues.result;
	}
	if (!Array.isArray(input.offers)) {
		issues.document('error', 'bad-field', 'offers', 'must be an array');
		return issues.result;
	}
	const categoryIds = validateCategories(input.categories, issues);

	const offers = input.offers;
	if (offers.length === 0 && !opts.allowEmptyCatalog) {
		issues.document('error', 'empty-catalog', 'offers', 'no offers: retailCRM would replace the catalog with an empty one');
	}
	const seenIds = new Set<string>();
	const productNameOf = new Map<string, string>();
	for (let i = 0; i < offers.length; i++) {
		const o = offers[i];
		if (o === null || typeof o !== 'object') {
			issues.add({ severity: 'error', code: 'bad-offer', field: '', message: `Offer #${i}: not an object`, offerIndex: i });
			continue;
		}
		if (!isNonEmptyString(o.id)) {
			issues.offer('error', 'missing-offer-id', i, o, 'id', stringProblem(o.id, 'the offer id'));
		} else {
			// A Set is cheaper than a Map of indexes at 100,000 ids; the first index is searched only for a duplicate.
			if (seenIds.has(o.id)) issues.offer('error', 'duplicate-offer-id', i, o, 'id', `duplicates offer #${offers.findIndex((x) => x?.id === o.id)}`);
			else seenIds.add(o.id);
		}
		const productId = products.productIds[i];
		if (!isNonEmptyString(productId)) {
			issues.offer('error', 'missing-product-id', i, o, 'productId', 'no product id after grouping');
		} else if (!products.namesConsistent) {
			const name = products.productNames[i];
			const known = productNameOf.get(productId);
			if (known === undefined) productNameOf.set(productId, name);
			else if (known !== name) {
				issues.offer('warning', 'product-name-mismatch', i, o, 'productName', `"${name}" differs from "${known}" given by another offer of product "${productId}"`);
			}
		}
		validateOffer(o, i, categoryIds, opts, issues);
	}
	return issues.result;
}
