/**
 * Name patterns of product grouping: which part of an offer name is the product and which the variant
 * (`Джинсы Элегантность (48)` → product `Джинсы Элегантность`, variant `48`).
 */
import * as crypto from 'node:crypto';

/**
 * Any trailing parenthesised suffix: `Футболка базовая (Белый, M)` → `Футболка базовая`. What 1C's own offer names
 * for characteristics look like (`<item> (<characteristic>)`); too wide to decide which separate items are variants.
 */
export const DEFAULT_NAME_PATTERN = '\\s*\\([^()]*\\)\\s*$';

/**
 * The default variant suffix: a size in parentheses at the end of the name: a number or a range of numbers
 * (`(48)`, `(48-50)`, `(42/170)`, `(39,5)`) or a letter size (`(M)`, `(XL)`, `(3XL)`). `Клей ПВА (0,5 л)` is no
 * variant (a volume with its unit), so it keeps its whole name and stays a product of its own.
 */
export const DEFAULT_VARIANT_PATTERN =
	'\\s*\\(\\s*(?:\\d{1,3}(?:[.,]\\d{1,2})?(?:\\s*[-/\u2013]\\s*\\d{1,3}(?:[.,]\\d{1,2})?)*|(?:[Xx]{0,4}|\\d[Xx])[SsLl]|[Mm])\\s*\\)\\s*$';

export class IcmlConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'IcmlConfigError';
	}
}

/** Compiles a name pattern once; a bad regex is a configuration error with the pattern in the message. */
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
 * DEFAULT_NAME_PATTERN by hand (same result as the regex, checked by a randomised test): the regex engine tries
 * every start position, and this runs once per offer on catalogs of 100,000. undefined when nothing is cut.
 */
function cutTrailingParentheses(name: string): string | undefined {
	// JS trim and regex \s use the same whitespace set, so trimming replaces the pattern's \s* parts.
	const t = name.trimEnd();
	const open = t.lastIndexOf('(');
	// A match needs: t ends with `)`, and the only `)` after the last `(` is that final one.
	if (open === -1 || t.charCodeAt(t.length - 1) !== 41 || t.indexOf(')', open) !== t.length - 1) return undefined;
	const cut = t.slice(0, open).trim();
	return cut === '' ? undefined : cut;
}

/**
 * The product part of a name the pattern matches (the named group `product`, or the name with the match cut),
 * trimmed; undefined when the pattern does not match or would leave nothing.
 */
export function stemByPattern(name: string, re: RegExp): string | undefined {
	if (re.source === DEFAULT_NAME_PATTERN && re.flags === '') return cutTrailingParentheses(name);
	const m = re.exec(name);
	if (!m) return undefined;
	const named = m.groups?.product;
	const cut = (named !== undefined ? named : name.slice(0, m.index) + name.slice(m.index + m[0].length)).trim();
	return cut === '' ? undefined : cut;
}

/** Product name under a pattern: the stem, or the whole (trimmed) name when the pattern does not apply. */
export function productNameByPattern(name: string, re: RegExp): string {
	return stemByPattern(name, re) ?? name.trim();
}

/** prefix + the first 20 hex digits of SHA-1(categoryId, NUL, product name). */
export function hashedProductId(categoryId: string, productName: string, prefix: string): string {
	const data = `${categoryId}\u0000${productName}`;
	// crypto.hash (Node ≥ 20.12) is the one-shot form of the same SHA-1, about twice as fast.
	const hex = typeof crypto.hash === 'function' ? crypto.hash('sha1', data, 'hex') : crypto.createHash('sha1').update(data).digest('hex');
	return prefix + hex.slice(0, 20);
}

/** Offer ids of 1C characteristics: `<item GUID>#<characteristic GUID>`. */
export const DEFAULT_CHARACTERISTIC_SEPARATOR = '#';
