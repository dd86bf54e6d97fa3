import type { HttpRequest, HttpResponse, Transport, TransportErrorKind } from '../core/http/transport';
import { TransportError } from '../core/http/transport';

const NETWORK_CODES: Record<string, TransportErrorKind> = {
	UND_ERR_CONNECT_TIMEOUT: 'timeout',
	UND_ERR_HEADERS_TIMEOUT: 'timeout',
	ETIMEDOUT: 'timeout',
	ECONNREFUSED: 'connection',
	ECONNRESET: 'connection',
	UND_ERR_SOCKET: 'connection',
	EHOSTUNREACH: 'connection',
	ENOTFOUND: 'dns',
	EAI_AGAIN: 'dns',
};

function toTransportError(error: unknown): TransportError {
	const e = error as { name?: string; message?: string; cause?: { code?: string } };
	const code = e.cause?.code ?? '';
	const kind: TransportErrorKind = e.name === 'TimeoutError' ? 'timeout' : (NETWORK_CODES[code] ?? 'other');
	return new TransportError(kind, code ? `${code}: ${e.message ?? 'request failed'}` : (e.message ?? 'request failed'));
}

/**
 * Transport over the platform's `fetch`, for the one place n8n gives no request helper but the deprecated
 * `helpers.request`: a credential test function (ICredentialTestFunctions). `headers` carry the credential's auth.
 * Unlike n8n's helpers it does not use n8n's proxy settings, which the credential test's message says.
 */
export function createFetchTransport(headers: Record<string, string>, timeoutMs = 20_000): Transport {
	return {
		async request(req: HttpRequest): Promise<HttpResponse> {
			let response: Response;
			try {
				response = await fetch(req.url, {
					method: req.method,
					headers: { ...headers, ...(req.headers ?? {}) },
					body: req.body,
					redirect: 'manual',
					signal: AbortSignal.timeout(req.timeoutMs ?? timeoutMs),
				});
			} catch (error) {
				// No HTTP answer: the retry layer and the check recognise a TransportError (as in transport.ts).
				throw toTransportError(error);
			}
			const out: Record<string, string> = {};
			response.headers.forEach((value, name) => {
				out[name.toLowerCase()] = value;
			});
			return { status: response.status, headers: out, body: await response.text() };
		},
	};
}
