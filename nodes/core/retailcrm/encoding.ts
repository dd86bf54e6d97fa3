/**
 * Wire encoding for retailCRM API v5 (docs/retailcrm-api.md#encoding).
 * GET: every parameter in the query string, nested values in PHP bracket notation (`filter[ids][]=1`).
 * POST: `application/x-www-form-urlencoded`; a nested value is a JSON string inside its form field
 * (`order={"status":"new"}`), scalars (`by`, `site`) are plain fields.
 * Spaces are written `%20` (RFC 3986, like PHP's rawurlencode), never `+`.
 */

export type QueryValue = string | number | boolean | null | undefined | QueryValue[] | { [key: string]: QueryValue };
export type QueryParams = Record<string, QueryValue>;

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** encodeURIComponent plus the four characters it leaves alone, so the output matches PHP's rawurlencode. */
export function encodeComponent(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function scalarText(value: string | number | boolean): string {
	// PHP reads booleans in filters as 1/0 (e.g. filter[details]=1).
	if (typeof value === 'boolean') return value ? '1' : '0';
	return String(value);
}

function isScalar(value: QueryValue): value is string | number | boolean {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function appendPairs(pairs: Array<[string, string]>, key: string, value: QueryValue): void {
	if (value === undefined || value === null) return;
	if (isScalar(value)) {
		pairs.push([key, scalarText(value)]);
		return;
	}
	if (Array.isArray(value)) {
		// Lists of scalars use empty brackets like the Go client (`filter[ids][]=1`); lists of
		// objects need indexes so that PHP keeps each element's fields together.
		const allScalar = value.every((v) => v === undefined || v === null || isScalar(v));
		value.forEach((item, index) => appendPairs(pairs, allScalar ? `${key}[]` : `${key}[${index}]`, item));
		return;
	}
	for (const [sub, subValue] of Object.entries(value)) appendPairs(pairs, `${key}[${sub}]`, subValue);
}

/** Flattens nested parameters to PHP bracket pairs, unencoded (useful for assertions and logs). */
export function toBracketPairs(params: QueryParams): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	for (const [key, value] of Object.entries(params)) appendPairs(pairs, key, value);
	return pairs;
}

/** `filter[ids][]=1&limit=100` with keys and values percent-encoded (brackets as %5B %5D, as PHP and Go send them). */
export function toQueryString(params: QueryParams): string {
	return toBracketPairs(params)
		.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`)
		.join('&');
}

export type FormValue = string | number | boolean | null | undefined | object;

/**
 * Form body: scalars plain, objects and arrays as JSON text. `undefined` fields are left out;
 * numbers keep zeros (a zero stock must reach the CRM, see docs/retailcrm-api.md#stock-and-prices).
 */
export function toFormBody(fields: Record<string, FormValue>): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		let text: string;
		if (value === null) text = '';
		else if (typeof value === 'object') text = JSON.stringify(value);
		else text = scalarText(value as string | number | boolean);
		parts.push(`${encodeComponent(key)}=${encodeComponent(text)}`);
	}
	return parts.join('&');
}
