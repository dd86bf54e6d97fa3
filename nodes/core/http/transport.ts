/**
 * The one seam between our clients and the network. Clients build requests; a transport sends them.
 * In nodes the transport runs over n8n's `httpRequestWithAuthentication` (auth added by n8n);
 * in tests, benchmarks and tools it runs over axios (see test/helpers/axios-transport.ts).
 *
 * A transport never throws for an HTTP status: it returns the status and the raw body text,
 * so each client decides what a 4xx/5xx means. It throws `TransportError` only when no HTTP
 * response arrived (refused, reset, timeout, DNS).
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface HttpRequest {
	method: HttpMethod;
	/** Absolute URL, query string included (clients encode it themselves). */
	url: string;
	headers?: Record<string, string>;
	/** Already serialised body (form-encoded or JSON text). */
	body?: string;
	/** Per-request timeout; the transport enforces it. */
	timeoutMs?: number;
	/**
	 * A 2xx answer may come as bytes (HttpResponse.bytes) instead of text: a large JSON answer is then read in pieces
	 * and never held as one string (onec/value-pieces.ts). A transport may ignore it.
	 */
	bytes?: boolean;
}

export interface HttpResponse {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string>;
	/** The body as text; '' when it came as `bytes`. */
	body: string;
	/** Only for a request that asked for bytes, and only with a 2xx status (an error's body is always text). */
	bytes?: Buffer;
}

/** A response whose body came as bytes: kept as bytes with a 2xx status, as text otherwise (HttpResponse.bytes). */
export function bytesResponse(status: number, headers: Record<string, string>, bytes: Buffer): HttpResponse {
	return status >= 200 && status < 300 ? { status, headers, body: '', bytes } : { status, headers, body: bytes.toString('utf8') };
}

export interface Transport {
	request(req: HttpRequest): Promise<HttpResponse>;
}

export type TransportErrorKind = 'timeout' | 'connection' | 'dns' | 'other';

export class TransportError extends Error {
	constructor(readonly kind: TransportErrorKind, message: string) {
		super(message);
		this.name = 'TransportError';
	}
}

/** Injected time source, so core code needs no timers (n8n lint bans them) and tests need no waiting. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}
