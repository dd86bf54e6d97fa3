import axios, { type AxiosResponse } from 'axios';
import { startOneCSandbox, type OneCSandbox, type OneCSandboxOptions } from '../../sandboxes/onec/server';

/**
 * Plain-HTTP helpers for the sandbox contract tests (deliberately NOT our OData client): every URL
 * is percent-encoded here by hand (`%20` for spaces, as 1C requires) and every status is returned.
 */
export type Res = AxiosResponse<string>;

export function basic(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** `Catalog_X?$format=json&…` with each query value encoded by encodeURIComponent. */
export function odataPath(resource: string, params: Record<string, string | number> = {}, format = true): string {
	const all: Record<string, string | number> = format ? { $format: 'json', ...params } : params;
	const qs = Object.entries(all)
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
		.join('&');
	return encodeURI(resource) + (qs ? `?${qs}` : '');
}

export interface Client {
	sb: OneCSandbox;
	raw(method: string, pathAndQuery: string, body?: unknown, headers?: Record<string, string>): Promise<Res>;
	get(resource: string, params?: Record<string, string | number>): Promise<Res>;
	json<T = any>(resource: string, params?: Record<string, string | number>): Promise<T>;
	post(resource: string, body: unknown, params?: Record<string, string | number>): Promise<Res>;
	patch(resource: string, body: unknown): Promise<Res>;
	control(method: string, action: string, body?: unknown): Promise<any>;
}

export async function startClient(opts: OneCSandboxOptions = {}): Promise<Client> {
	const sb = await startOneCSandbox({ port: 0, ...opts });
	const auth = basic(sb.user, sb.password);
	const raw = async (method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> =>
		axios.request<string>({
			method,
			url: sb.url + pathAndQuery,
			headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
			data: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			responseType: 'text',
			transformResponse: [(d: unknown) => d],
			validateStatus: () => true,
		});
	const client: Client = {
		sb,
		raw,
		get: (resource, params = {}) => raw('GET', odataPath(resource, params)),
		json: async (resource, params = {}) => {
			const r = await raw('GET', odataPath(resource, params));
			if (r.status !== 200) throw new Error(`GET ${resource} → ${r.status} ${r.data}`);
			return JSON.parse(r.data);
		},
		post: (resource, body, params = {}) => raw('POST', odataPath(resource, params), body),
		patch: (resource, body) => raw('PATCH', odataPath(resource), body),
		control: async (method, action, body) => {
			const r = await axios.request({ method, url: sb.controlUrl + action, data: body, validateStatus: () => true });
			return r.data;
		},
	};
	return client;
}

export function odataError(r: Res): { code: string; message: string } {
	const e = JSON.parse(r.data)['odata.error'];
	return { code: e.code, message: e.message.value };
}
