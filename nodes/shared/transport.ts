import type { IExecuteFunctions, IHttpRequestMethods, ILoadOptionsFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import type { Clock, HttpRequest, HttpResponse, Transport, TransportErrorKind } from '../core/http/transport';
import { TransportError, bytesResponse } from '../core/http/transport';

type RequestContext = IExecuteFunctions | ILoadOptionsFunctions;

/** Time for core modules inside n8n: n8n-workflow's sleep instead of raw timers (n8n lint rule). */
export const n8nClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms: number) => await sleep(ms),
};

const NETWORK_CODES: Record<string, TransportErrorKind> = {
	ECONNABORTED: 'timeout',
	ETIMEDOUT: 'timeout',
	ESOCKETTIMEDOUT: 'timeout',
	ECONNREFUSED: 'connection',
	ECONNRESET: 'connection',
	EPIPE: 'connection',
	EHOSTUNREACH: 'connection',
	ENOTFOUND: 'dns',
	EAI_AGAIN: 'dns',
};

function networkCode(error: unknown): string | undefined {
	const e = error as { code?: unknown; cause?: { code?: unknown }; context?: { code?: unknown } };
	for (const candidate of [e?.cause?.code, e?.code, e?.context?.code]) {
		if (typeof candidate === 'string' && candidate !== '') return candidate;
	}
	return undefined;
}

function toTransportError(error: unknown): TransportError {
	const code = networkCode(error);
	const kind: TransportErrorKind = (code && NETWORK_CODES[code]) || 'other';
	const message = (error as Error)?.message ?? 'request failed';
	return new TransportError(kind, code ? `${code}: ${message}` : message);
}

/** axios in Node answers `arraybuffer` with a Buffer; an ArrayBuffer is taken too. */
function bytesOf(body: unknown): Buffer | undefined {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	return undefined;
}

/**
 * Transport over n8n's `httpRequestWithAuthentication`: the credential adds auth (X-API-KEY or
 * Basic), n8n adds proxy and TLS settings. HTTP statuses never throw here (the client reads them);
 * only a missing response becomes a TransportError.
 */
export function createN8nTransport(context: RequestContext, credentialType: string): Transport {
	return {
		async request(req: HttpRequest): Promise<HttpResponse> {
			let failure: unknown;
			try {
				const response = (await context.helpers.httpRequestWithAuthentication.call(context, credentialType, {
					method: req.method as IHttpRequestMethods,
					url: req.url,
					headers: req.headers,
					body: req.body,
					timeout: req.timeoutMs,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					// A redirect would carry the API key or the 1C login to another address, past the plain-http rule
					// (n8n re-adds credentials on cross-origin redirects); the client names the target instead.
					disableFollowRedirect: true,
					// Bytes when asked (a 1C page of 50,000 rows is not decoded into one string: core/onec/value-pieces.ts).
					encoding: req.bytes === true ? 'arraybuffer' : 'text',
					json: false,
				})) as { body: unknown; headers: Record<string, unknown>; statusCode: number };
				const headers: Record<string, string> = {};
				for (const [name, value] of Object.entries(response.headers ?? {})) {
					if (value !== undefined && value !== null) {
						headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
					}
				}
				const raw = response.body;
				const bytes = bytesOf(raw);
				if (bytes !== undefined) return bytesResponse(response.statusCode, headers, bytes);
				const body = typeof raw === 'string' ? raw : JSON.stringify(raw ?? '');
				return { status: response.statusCode, headers, body };
			} catch (error) {
				failure = error;
			}
			// No HTTP answer at all. The retry layer needs to recognise this case, so it becomes a
			// TransportError here; nodes wrap every error into NodeApiError at their boundary (errors.ts).
			throw toTransportError(failure);
		},
	};
}
