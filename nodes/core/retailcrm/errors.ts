/**
 * Typed errors of the retailCRM client. Like the official PHP and Go clients, the kind is decided by
 * the `errorMsg` text first and the HTTP status only second (docs/retailcrm-api.md#answers-and-errors).
 */

export type RetailCrmErrorKind =
	| 'missingKey'
	| 'invalidKey'
	| 'accessDenied'
	| 'accountMissing'
	| 'validation'
	| 'notFound'
	/** The route does not exist ("Method not found"): usually a wrong base URL path. */
	| 'unknownMethod'
	| 'missingParameter'
	| 'rateLimited'
	| 'server'
	/** The answer is not a retailCRM API answer (HTML, no `success` field, schema mismatch). */
	| 'badResponse'
	| 'network'
	/** Any other `success:false` answer (e.g. "Method Not Allowed", "Order is not loaded"). */
	| 'other';

export interface RetailCrmErrorInit {
	kind: RetailCrmErrorKind;
	message: string;
	hint: string;
	status?: number;
	errorMsg?: string;
	errors?: Record<string, string>;
	method?: string;
	/** Path without query string (the query may hold customer data; it never holds the key). */
	path?: string;
	/** For kind 'network': what went wrong below HTTP ('timeout', 'connection', 'dns', 'other'). */
	networkKind?: string;
}

export class RetailCrmApiError extends Error {
	readonly kind: RetailCrmErrorKind;
	/** HTTP status, 0 when no response arrived. */
	readonly status: number;
	/** retailCRM's own text, when it sent one. */
	readonly errorMsg?: string;
	/** Field errors, keyed by field path; a plain list of messages is keyed "0", "1", … */
	readonly errors: Record<string, string>;
	/** What the user should do about it, in English. */
	readonly hint: string;
	readonly method?: string;
	readonly path?: string;
	readonly networkKind?: string;

	constructor(init: RetailCrmErrorInit) {
		super(init.message);
		this.name = 'RetailCrmApiError';
		this.kind = init.kind;
		this.status = init.status ?? 0;
		this.errorMsg = init.errorMsg;
		this.errors = init.errors ?? {};
		this.hint = init.hint;
		this.method = init.method;
		this.path = init.path;
		this.networkKind = init.networkKind;
	}

	/** True for errors caused by credentials or address, which no retry will fix. */
	get isConfigurationError(): boolean {
		return ['missingKey', 'invalidKey', 'accessDenied', 'accountMissing', 'unknownMethod'].includes(this.kind);
	}
}

export function isRetailCrmApiError(error: unknown): error is RetailCrmApiError {
	return error instanceof RetailCrmApiError;
}

const MISSING_PARAMETER = /^Parameter '[\w\][_-]+' is missing$/;

/** Classifies an error body by its `errorMsg` text (exact texts from the official clients), then by status. */
export function classifyErrorMsg(errorMsg: string | undefined, status: number): RetailCrmErrorKind {
	const text = (errorMsg ?? '').trim();
	switch (text) {
		case '"apiKey" is missing.':
			return 'missingKey';
		case 'Wrong "apiKey" value.':
			return 'invalidKey';
		case 'Access denied.':
			return 'accessDenied';
		case 'Account does not exist.':
			return 'accountMissing';
		case 'Errors in the entity format':
		case 'Validation error':
		case 'Errors in the input parameters':
		case 'Invalid input parameters':
			return 'validation';
		case 'Not found':
			return 'notFound';
		case 'Method not found':
			return 'unknownMethod';
		case 'Rate limit exceeded':
			return 'rateLimited';
	}
	if (MISSING_PARAMETER.test(text)) return 'missingParameter';
	if (status === 503 || status === 429) return 'rateLimited';
	if (status >= 500) return 'server';
	if (status === 404) return 'notFound';
	if (status === 400) return 'validation';
	return 'other';
}

export const REQUIRED_SCOPES_HINT =
	'order_read, order_write, reference_read, store_read, store_write, integration_read, integration_write';

/** An English sentence telling the user what to fix for each kind. */
export function hintFor(kind: RetailCrmErrorKind, status = 0): string {
	switch (kind) {
		case 'missingKey':
			return 'No API key reached retailCRM. Enter the key in the credential (it is sent in the X-API-KEY header).';
		case 'invalidKey':
			return 'The address is right (the retailCRM account answered) but the API key is wrong or was deleted. Copy an active key from Administration → Integration → API access keys.';
		case 'accessDenied':
			return `The API key works but may not call this method or reach this store (site). In Administration → Integration → API access keys, allow the scopes this node needs (${REQUIRED_SCOPES_HINT}) and the store.`;
		case 'accountMissing':
			return 'No retailCRM account lives at this address. Check the URL: it should look like https://<your-account>.retailcrm.ru (or .simla.com / .retailcrm.pro).';
		case 'unknownMethod':
			return 'retailCRM does not know this API method. Check that the URL is only the account address (https://<account>.retailcrm.ru) with no extra path.';
		case 'validation':
			return 'retailCRM rejected the data or filter values; see the field errors in the message.';
		case 'notFound':
			return 'The requested entity does not exist in retailCRM (check the id, the "by" setting id/externalId and the store).';
		case 'missingParameter':
			return 'A required parameter was not sent; with a key that reaches several stores, set the store (site) code.';
		case 'rateLimited':
			return 'retailCRM kept answering "too many requests" (10 requests per second per key) after all retries. Run fewer workflows at once on this key, or retry later.';
		case 'server':
			return `retailCRM had an internal problem (HTTP ${status}). Retry later; if it persists, contact retailCRM support.`;
		case 'badResponse':
			return 'The answer does not look like the retailCRM API. Check the URL: it should be the account address, e.g. https://<your-account>.retailcrm.ru.';
		case 'network':
			return 'retailCRM could not be reached. Check the URL (host name), the network and any proxy or firewall.';
		case 'other':
			return 'retailCRM refused the request; see the message.';
	}
}

/** `errors` may be a map (field path → message), a list of messages, `[]` or absent; values may nest. */
export function normaliseErrorList(raw: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (raw === null || raw === undefined) return out;
	const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
	if (Array.isArray(raw)) raw.forEach((v, i) => (out[String(i)] = text(v)));
	else if (typeof raw === 'object') for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[k] = text(v);
	else out['0'] = text(raw);
	return out;
}

/**
 * Field errors keyed by field path whatever form they came in: a map as is, and list entries written `field: message`
 * (the form retailCRM's upload methods answer with, docs/retailcrm-api.md#answers-and-errors) under their field.
 * Entries without a field keep their index.
 */
export function errorsByField(errors: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, message] of Object.entries(errors)) {
		const named = /^\d+$/.test(key) ? /^([A-Za-z_][\w.[\]-]*): ([\s\S]+)$/.exec(message) : null;
		if (named && out[named[1]] === undefined) out[named[1]] = named[2];
		else out[key] = message;
	}
	return out;
}

/** "field: message; field2: message2" (at most `max` entries) for one-line error messages. */
export function summariseErrors(errors: Record<string, string>, max = 5): string {
	const entries = Object.entries(errors);
	const shown = entries.slice(0, max).map(([k, v]) => (/^\d+$/.test(k) ? v : `${k}: ${v}`));
	if (entries.length > max) shown.push(`… ${entries.length - max} more`);
	return shown.join('; ');
}
