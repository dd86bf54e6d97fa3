/** Plain-HTTP helpers for the sandbox contract tests (deliberately NOT our retailCRM client). */
import axios, { type AxiosResponse } from 'axios';
import { startRetailCrmSandbox, type RetailCrmSandbox, type StartOptions } from '../../sandboxes/retailcrm/server';

export type Res = AxiosResponse<any> & { raw: string };

export async function start(opts: StartOptions = {}): Promise<RetailCrmSandbox> {
	return startRetailCrmSandbox({ port: 0, ...opts, config: { rateLimit: false, ...(opts.config ?? {}) } });
}

/** GET with a raw query string, so tests control the exact encoding. */
export function get(sb: RetailCrmSandbox, pathAndQuery: string, key: string | null = sb.keys.integration, headers: Record<string, string> = {}): Promise<Res> {
	return axios.get(sb.url + pathAndQuery, {
		headers: { ...(key ? { 'X-API-KEY': key } : {}), ...headers },
		validateStatus: () => true,
		transformResponse: (d) => d,
	}).then(parse);
}

/** POST an x-www-form-urlencoded body; object values are sent as JSON strings (docs/retailcrm-api.md#encoding). */
export function postForm(sb: RetailCrmSandbox, path: string, fields: Record<string, unknown>, key: string | null = sb.keys.integration): Promise<Res> {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) body.append(k, typeof v === 'string' ? v : JSON.stringify(v));
	return postRaw(sb, path, body.toString(), 'application/x-www-form-urlencoded', key);
}

export function postRaw(sb: RetailCrmSandbox, path: string, body: string, contentType: string, key: string | null = sb.keys.integration): Promise<Res> {
	return axios
		.post(sb.url + path, body, {
			headers: { 'Content-Type': contentType, ...(key ? { 'X-API-KEY': key } : {}) },
			validateStatus: () => true,
			transformResponse: (d) => d,
		})
		.then(parse);
}

/** Control API call (JSON body). */
export function control(sb: RetailCrmSandbox, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, contentType = 'application/json'): Promise<Res> {
	return axios
		.request({
			method,
			url: `${sb.url}/__sandbox/${path}`,
			data: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			headers: { 'Content-Type': contentType },
			transformRequest: [(d) => d],
			validateStatus: () => true,
			transformResponse: (d) => d,
		})
		.then(parse);
}

/** Keeps the raw text in `raw` and parses JSON into `data` when the body is JSON. */
function parse(r: AxiosResponse<string>): Res {
	const raw = r.data;
	let data: unknown = raw;
	if (String(r.headers['content-type'] ?? '').includes('application/json')) data = JSON.parse(raw);
	return Object.assign(r, { data, raw });
}

/** A serialised copy of the state, to prove that a rejected request changed nothing (see `changedParts`). */
export const snapshot = (sb: RetailCrmSandbox) => JSON.stringify(sb.state);

/** Top-level parts of the state (orders, history, counters, …) that differ from a `snapshot`; [] when unchanged. */
export function changedParts(before: string, sb: RetailCrmSandbox): string[] {
	const old = JSON.parse(before) as Record<string, unknown>;
	const now = JSON.parse(JSON.stringify(sb.state)) as Record<string, unknown>;
	return [...new Set([...Object.keys(old), ...Object.keys(now)])].filter((k) => JSON.stringify(old[k]) !== JSON.stringify(now[k]));
}
