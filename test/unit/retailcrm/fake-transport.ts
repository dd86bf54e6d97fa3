import type { HttpRequest, HttpResponse, Transport } from '../../../nodes/core/http/transport';

/** A scripted transport: answers come from `handler`, every request is recorded. */
export function fakeTransport(handler: (req: HttpRequest, index: number) => HttpResponse | Promise<HttpResponse>) {
	const requests: HttpRequest[] = [];
	const transport: Transport & { requests: HttpRequest[] } = {
		requests,
		async request(req) {
			requests.push(req);
			return handler(req, requests.length - 1);
		},
	};
	return transport;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
	return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function html(status: number, body: string): HttpResponse {
	return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

/** Decoded query pairs of a request URL, in order. */
export function queryPairs(url: string): Array<[string, string]> {
	return [...new URL(url).searchParams.entries()];
}

/** Decoded form pairs of a request body, in order. */
export function formPairs(body: string | undefined): Array<[string, string]> {
	return (body ?? '').split('&').filter(Boolean).map((p) => {
		const [k, v = ''] = p.split('=');
		return [decodeURIComponent(k), decodeURIComponent(v)];
	});
}

export const pagination = (currentPage: number, totalPageCount: number, limit = 20, totalCount = totalPageCount * limit) => ({
	limit,
	totalCount,
	currentPage,
	totalPageCount,
});
