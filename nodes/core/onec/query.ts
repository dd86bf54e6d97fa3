import { encodeQueryComponent } from './url';

/**
 * OData v3 query pieces for 1C: typed literals, `$filter` helpers and the query options of a read.
 * Filters are plain strings (what 1C parses), built only through these helpers so quoting is right.
 */

const LOCAL_DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** 1 for the characters of a hexadecimal digit (either case), by character code below 128. */
const HEX_DIGIT = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEX_DIGIT[c.charCodeAt(0)] = 1;

/**
 * `/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i`, by character codes: a 300,000-offer stock run
 * checks about five million references as it decodes 1C's rows, and the regular expression took twice as long
 * (0.2 µs a test on Node 24). test/unit/onec/url-query.test.ts holds the two to the same answers.
 */
const UPPER_CASE_LATIN = /[A-Z]/;

/**
 * A GUID (or other Latin text) in lower case: the same string when it already is, as 1C answers GUIDs. Node 24's
 * `toLowerCase` returns a new string even then (Node 20's returns the same one), so every key lower-cased again
 * was held twice: 18 MB for 300,000 GUIDs, measured on Node 24 (docs/large-catalogs.md, *The catalog read's second copies*).
 */
export function lowerCaseLatin(value: string): string {
	return UPPER_CASE_LATIN.test(value) ? value.toLowerCase() : value;
}

export function isGuid(value: string): boolean {
	if (value.length !== 36) return false;
	for (let i = 0; i < 36; i++) {
		const c = value.charCodeAt(i);
		if (i === 8 || i === 13 || i === 18 || i === 23) {
			if (c !== 45) return false;
		} else if (c >= 128 || HEX_DIGIT[c] === 0) return false;
	}
	return true;
}

/** `guid'…'`; refuses anything that is not a GUID so a filter can never be injected through a key. */
export function guidLiteral(value: string): string {
	if (!isGuid(value)) throw new Error(`Not a GUID: "${value}"`);
	return `guid'${value.toLowerCase()}'`;
}

/** `datetime'YYYY-MM-DDTHH:MM:SS'`. 1C has no time zone: pass a local date-time string (or a Date read in UTC parts). */
export function datetimeLiteral(value: string | Date): string {
	const text = typeof value === 'string' ? value.replace(/\.\d+$/, '') : formatLocalDateTime(value);
	const normalised = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text;
	if (!LOCAL_DATETIME_RE.test(normalised)) throw new Error(`Not a local date-time (YYYY-MM-DDTHH:MM:SS): "${text}"`);
	return `datetime'${normalised}'`;
}

/** Formats a Date by its UTC fields (callers shift to the 1C base's wall clock before, if needed). */
export function formatLocalDateTime(date: Date): string {
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** `'text'` with inner quotes doubled (OData v3 escaping). */
export function stringLiteral(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}

export type Literal = { readonly literal: string };

/** Wraps a value into the literal its form calls for: GUID → guid'…', string → '…', number, boolean. */
export function lit(value: string | number | boolean | Literal): string {
	if (typeof value === 'object') return value.literal;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
		return String(value);
	}
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return stringLiteral(value);
}

export const guid = (value: string): Literal => ({ literal: guidLiteral(value) });
export const datetime = (value: string | Date): Literal => ({ literal: datetimeLiteral(value) });

/** `field eq <literal>`; plain strings are compared as strings (enums included: `СтавкаНДС eq 'НДС20'`). */
export function eq(field: string, value: string | number | boolean | Literal): string {
	return `${field} eq ${lit(value)}`;
}

export function ne(field: string, value: string | number | boolean | Literal): string {
	return `${field} ne ${lit(value)}`;
}

export function compare(field: string, op: 'gt' | 'ge' | 'lt' | 'le', value: string | number | Literal): string {
	return `${field} ${op} ${lit(value)}`;
}

function group(parts: readonly (string | undefined)[], op: 'and' | 'or'): string | undefined {
	const kept = parts.filter((p): p is string => p !== undefined && p !== '');
	if (kept.length === 0) return undefined;
	if (kept.length === 1) return kept[0];
	return kept.map((p) => `(${p})`).join(` ${op} `);
}

/** Joins conditions with `and`, each parenthesised; undefined parts are skipped. */
export function and(...parts: (string | undefined)[]): string | undefined {
	return group(parts, 'and');
}

export function or(...parts: (string | undefined)[]): string | undefined {
	return group(parts, 'or');
}

export function not(part: string): string {
	return `not (${part})`;
}

/**
 * An "in list" as OR-chains (OData v3 has no `in`), split so that each chain, percent-encoded,
 * stays within `maxEncodedLength` characters. Values are de-duplicated; order is kept.
 */
export function inListChunks(
	field: string,
	values: readonly (string | number | Literal)[],
	maxEncodedLength: number,
	toLiteral: (value: string | number | Literal) => string = lit,
): string[] {
	const seen = new Set<string>();
	const terms: string[] = [];
	for (const value of values) {
		const term = `${field} eq ${toLiteral(value)}`;
		if (!seen.has(term)) {
			seen.add(term);
			terms.push(term);
		}
	}
	const chunks: string[] = [];
	let current: string[] = [];
	let currentLength = 0;
	const separatorLength = encodeQueryComponent(' or ').length;
	for (const term of terms) {
		const termLength = encodeQueryComponent(term).length;
		if (termLength > maxEncodedLength) throw new Error(`A single filter term is longer than ${maxEncodedLength} characters: ${term}`);
		const added = current.length === 0 ? termLength : separatorLength + termLength;
		if (current.length > 0 && currentLength + added > maxEncodedLength) {
			chunks.push(current.join(' or '));
			current = [];
			currentLength = 0;
		}
		currentLength += current.length === 0 ? termLength : separatorLength + termLength;
		current.push(term);
	}
	if (current.length > 0) chunks.push(current.join(' or '));
	return chunks;
}

/**
 * OR-chains (inListChunks) for a read whose whole URL must stay within `maxUrlLength`: `urlLength(chain)` is the longest
 * URL that read sends with it (the client's balanceUrlLength / sliceLastUrlLength). Starts from the room an empty chain
 * leaves and narrows it by the overshoot until every URL fits (a Condition's quotes may be doubled, a page adds
 * `$orderby`, `$top`, `$skip`); at least one term per chain.
 */
export function inListChunksWithin(
	field: string,
	values: readonly (string | number | Literal)[],
	maxUrlLength: number,
	urlLength: (chain: string) => number,
	toLiteral: (value: string | number | Literal) => string = lit,
): string[] {
	const MIN = 200;
	let budget = Math.max(MIN, maxUrlLength - urlLength(''));
	for (;;) {
		const chunks = inListChunks(field, values, budget, toLiteral);
		let over = 0;
		for (const c of chunks) over = Math.max(over, urlLength(c) - maxUrlLength);
		if (over === 0 || budget === MIN) return chunks;
		budget = Math.max(MIN, budget - over);
	}
}

export interface QueryOptions {
	/** Fields to return; 1C returns everything (slow, large) without it, so reads always name them. */
	select: readonly string[];
	filter?: string;
	/** e.g. ['Ref_Key'] or ['Code asc', 'Ref_Key']. */
	orderby?: readonly string[];
	top?: number;
	skip?: number;
	expand?: readonly string[];
}

/** Query parameters of a read, `$format=json` first (without it 1C answers Atom XML). */
export function queryParams(options: Partial<QueryOptions>, extra: ReadonlyArray<readonly [string, string | undefined]> = []): Array<readonly [string, string | undefined]> {
	const params: Array<readonly [string, string | undefined]> = [['$format', 'json']];
	if (options.select && options.select.length > 0) params.push(['$select', options.select.join(',')]);
	if (options.expand && options.expand.length > 0) params.push(['$expand', options.expand.join(',')]);
	if (options.filter) params.push(['$filter', options.filter]);
	if (options.orderby && options.orderby.length > 0) params.push(['$orderby', options.orderby.join(',')]);
	if (options.top !== undefined) params.push(['$top', String(options.top)]);
	if (options.skip !== undefined && options.skip > 0) params.push(['$skip', String(options.skip)]);
	for (const param of extra) params.push(param);
	return params;
}
