/**
 * URL building for the 1C standard OData interface.
 * 1C object names are Cyrillic: every path segment and query value is percent-encoded as UTF-8,
 * spaces as `%20` (never `+`: a stub that accepted `+` proved more lenient than 1C, docs/1c-odata.md#urls-and-authentication).
 */

/**
 * Characters left readable in query values: RFC 3986 allows them there and 1C reads them literally.
 * `'` is encoded (%27) because Node's URL parser (under axios and n8n) re-encodes it in queries anyway,
 * and the URL-length budget must count what goes on the wire.
 */
const QUERY_SAFE = new Set([',', '(', ')', '/', ':', '$', '@', '!', '*', '~', '-', '_', '.']);

/** Percent-encodes a query value (or name) as UTF-8; `+`, `&`, `=`, `#`, `%` and spaces are always encoded. */
export function encodeQueryComponent(value: string): string {
	let out = '';
	for (const char of value) {
		if (/^[A-Za-z0-9]$/.test(char) || QUERY_SAFE.has(char)) out += char;
		else if (char === "'") out += '%27'; // encodeURIComponent leaves it
		else out += encodeURIComponent(char);
	}
	return out;
}

/** Percent-encodes one path segment (entity set, function name); keeps key syntax `(guid'…')` readable. */
export function encodePathSegment(segment: string): string {
	let out = '';
	for (const char of segment) {
		if (/^[A-Za-z0-9]$/.test(char) || "-_.~'(),=:".includes(char)) out += char;
		else out += encodeURIComponent(char);
	}
	return out;
}

/** Encodes only what a user may have typed unencoded (non-ASCII, spaces) in a root URL; keeps existing `%xx`. */
function encodeLooseUrl(url: string): string {
	let out = '';
	for (const char of url) {
		const code = char.codePointAt(0) ?? 0;
		out += code > 0x7e || code <= 0x20 ? encodeURIComponent(char) : char;
	}
	return out;
}

/**
 * Normalises what a user enters as the 1C address into the OData root without a trailing slash.
 * Accepts the OData root itself (`…/odata/standard.odata[/]`) or the publication base (`https://host/base`),
 * to which `/odata/standard.odata` is appended.
 */
export function normalizeRootUrl(input: string): string {
	let url = encodeLooseUrl(input.trim());
	url = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
	if (url.endsWith('/$metadata')) url = url.slice(0, -'/$metadata'.length);
	if (!/\/odata\/standard\.odata$/i.test(url)) url += '/odata/standard.odata';
	return url;
}

export type QueryParams = ReadonlyArray<readonly [string, string | number | boolean | undefined]>;

/** Joins root, encoded path segments and query parameters (undefined values are skipped). */
export function buildUrl(rootUrl: string, segments: readonly string[], params: QueryParams = []): string {
	const path = segments.map(encodePathSegment).join('/');
	const query = params
		.filter(([, value]) => value !== undefined)
		.map(([name, value]) => `${encodeQueryComponent(name)}=${encodeQueryComponent(String(value))}`)
		.join('&');
	return `${rootUrl}/${path}${query ? `?${query}` : ''}`;
}

/** Removes anything that looks like credentials from a URL before it goes into a message. */
export function redactUrl(url: string): string {
	return url.replace(/\/\/[^/@]*@/, '//');
}
