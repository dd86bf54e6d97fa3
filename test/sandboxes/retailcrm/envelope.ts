/** The JSON envelope: `{success:true,…}` or `{success:false,errorMsg,errors?}`, with PHP-style empty maps. */
import type { ServerResponse } from 'node:http';
import type { EmptyMapStyle } from './types';

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly errorMsg: string,
		readonly errors?: Record<string, string> | string[],
		readonly headers: Record<string, string> = {},
	) {
		super(errorMsg);
	}
}

export const notFound = () => new ApiError(404, 'Not found');
export const missingParameter = (name: string) => new ApiError(400, `Parameter '${name}' is missing`);
export const accessDenied = () => new ApiError(403, 'Access denied.');
export const inputErrors = (errors: Record<string, string>) => new ApiError(400, 'Errors in the input parameters', errors);
export const entityFormat = (errors?: Record<string, string>) => new ApiError(400, 'Errors in the entity format', errors);

/**
 * Map-valued fields that PHP serialises as `[]` when empty (docs/retailcrm-api.md#answers-and-errors): entity maps, the
 * keyed reference books and integration-modules `info` (docs/retailcrm-api.md#reference-books: an empty book may be `[]`). Rewritten on the JSON text:
 * a structural key is always preceded by `{` or `,`, while quotes inside string values are escaped,
 * so this cannot touch data (and it is much faster than a JSON.stringify replacer on large pages).
 */
const EMPTY_MAP = /([{,])"(customFields|properties|errors|payments|info|statuses|statusGroups|orderTypes|orderMethods|deliveryTypes|paymentTypes|paymentStatuses|units|sites)":\{\}/g;

export function serialize(body: unknown, style: EmptyMapStyle): string {
	const text = JSON.stringify(body);
	return style === '{}' ? text : text.replace(EMPTY_MAP, '$1"$2":[]');
}

export interface JsonReply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export function sendJson(res: ServerResponse, reply: JsonReply, style: EmptyMapStyle): void {
	const text = serialize(reply.body, style);
	res.writeHead(reply.status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...(reply.headers ?? {}),
	});
	res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, title: string, headers: Record<string, string> = {}): void {
	const html = `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
	res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(html), ...headers });
	res.end(html);
}

/** `style: 'list'` sends field errors as `["field: message", …]` (config errorsStyle). */
export function errorReply(e: ApiError, style: 'map' | 'list' = 'map'): JsonReply {
	const body: Record<string, unknown> = { success: false, errorMsg: e.errorMsg };
	if (e.errors !== undefined) body.errors = style === 'list' && !Array.isArray(e.errors) ? Object.entries(e.errors).map(([k, v]) => `${k}: ${v}`) : e.errors;
	return { status: e.status, body, headers: e.headers };
}
