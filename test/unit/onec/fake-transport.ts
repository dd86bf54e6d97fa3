import type { HttpRequest, HttpResponse, Transport } from '../../../nodes/core/http/transport';

/** A scripted transport: each request goes to `handler`, every request is recorded (exact counts in tests). */
export function fakeTransport(handler: (req: HttpRequest, index: number) => HttpResponse | Promise<HttpResponse>): Transport & { requests: HttpRequest[] } {
	const requests: HttpRequest[] = [];
	return {
		requests,
		async request(req: HttpRequest): Promise<HttpResponse> {
			requests.push(req);
			return handler(req, requests.length - 1);
		},
	};
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
	status,
	headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
	body: JSON.stringify(body),
});

export const odataError = (status: number, code: string, message: string): HttpResponse =>
	json(status, { 'odata.error': { code, message: { lang: 'ru', value: message } } });

export const collection = (rows: unknown[]): HttpResponse => json(200, { 'odata.metadata': 'x', value: rows });

/** Decoded URL for readable assertions. */
export const decoded = (url: string): string => decodeURIComponent(url);
