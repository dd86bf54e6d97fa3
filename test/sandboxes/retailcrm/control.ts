/**
 * The control API under `/__sandbox/` (no key, not rate limited, not logged):
 * reset, state, manager status changes, ICML import, request log, faults, config.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errorReply, sendJson, type JsonReply } from './envelope';
import type { FaultSpec } from './faults';
import type { TriggerSpec } from './triggers';
import type { SandboxConfig, SandboxState } from './types';
import type { SandboxInternals } from './sandbox-internals';
import { changeStatus, deleteOrder } from './orders-domain';
import { renderOrder } from './render';
import { IcmlError } from './icml/parse';

function parseJson(body: Buffer): Record<string, unknown> {
	const text = body.toString('utf8').trim();
	if (!text) return {};
	try {
		const v = JSON.parse(text);
		if (v && typeof v === 'object' && !Array.isArray(v)) return v;
	} catch {
		/* fall through */
	}
	throw new ApiError(400, 'Control API expects a JSON object body');
}

const CONFIG_KEYS: (keyof SandboxConfig)[] = ['emptyMapStyle', 'rateLimit', 'rateLimitPerSecond', 'rateLimitBurst', 'rateLimitStatus', 'retryAfter', 'accountMissing', 'timezone', 'ignorePageParameter', 'numbersFilter', 'forbiddenTransitions', 'historySiteFilter', 'errorsStyle'];

const BOOLEAN_KEYS = new Set(['rateLimit', 'retryAfter', 'accountMissing', 'ignorePageParameter']);
const NUMBER_KEYS = new Set(['rateLimitPerSecond', 'rateLimitBurst', 'rateLimitStatus']);

/** Accepts true/false, 'on'/'off', 'true'/'false', 1/0 for switches. */
function toBoolean(key: string, v: unknown): boolean {
	if (v === true || v === 'on' || v === 'true' || v === 1 || v === '1') return true;
	if (v === false || v === 'off' || v === 'false' || v === 0 || v === '0') return false;
	throw new ApiError(400, `${key} must be a boolean (or "on"/"off")`);
}

export function validateConfigPatch(patch: Record<string, unknown>): Partial<SandboxConfig> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(patch)) {
		if (!CONFIG_KEYS.includes(k as keyof SandboxConfig)) throw new ApiError(400, `Unknown config key "${k}"`);
		if (BOOLEAN_KEYS.has(k)) out[k] = toBoolean(k, v);
		else if (NUMBER_KEYS.has(k)) {
			const n = Number(v);
			if (!Number.isFinite(n) || n <= 0) throw new ApiError(400, `${k} must be a positive number`);
			out[k] = n;
		} else out[k] = v;
	}
	if (out.emptyMapStyle !== undefined && out.emptyMapStyle !== '[]' && out.emptyMapStyle !== '{}') throw new ApiError(400, 'emptyMapStyle must be "[]" or "{}"');
	if (out.rateLimitStatus !== undefined && out.rateLimitStatus !== 503 && out.rateLimitStatus !== 429) throw new ApiError(400, 'rateLimitStatus must be 503 or 429');
	if (out.numbersFilter !== undefined && out.numbersFilter !== 'contains' && out.numbersFilter !== 'exact') throw new ApiError(400, 'numbersFilter must be "contains" or "exact"');
	if (out.forbiddenTransitions !== undefined) {
		const list = out.forbiddenTransitions;
		if (!Array.isArray(list) || !list.every((t) => t && typeof t.from === 'string' && typeof t.to === 'string')) {
			throw new ApiError(400, 'forbiddenTransitions must be an array of {from, to} status codes ("*" for any)');
		}
	}
	if (out.timezone !== undefined) {
		try {
			new Intl.DateTimeFormat('en-US', { timeZone: String(out.timezone) });
		} catch {
			throw new ApiError(400, `Unknown timezone "${String(out.timezone)}"`);
		}
	}
	return out as Partial<SandboxConfig>;
}

export async function handleControl(sb: SandboxInternals, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, body: Buffer): Promise<void> {
	const method = (req.method ?? 'GET').toUpperCase();
	const route = path.replace(/^\/__sandbox\/?/, '').replace(/\/+$/, '');
	const ok = (extra: Record<string, unknown> = {}): JsonReply => ({ status: 200, body: { success: true, ...extra } });
	let reply: JsonReply;
	try {
		reply = await dispatch();
	} catch (e) {
		reply = e instanceof ApiError ? errorReply(e) : { status: 500, body: { success: false, errorMsg: String((e as Error).message ?? e) } };
	}
	// Plain JSON here: the state is shown as stored, not PHP-styled.
	sendJson(res, reply, '{}');

	async function dispatch(): Promise<JsonReply> {
		const key = `${method} ${route}`;
		if (key === 'POST reset') {
			const b = parseJson(body);
			if (b.state !== undefined) sb.resetTo(b.state as SandboxState);
			else if (b.fixture === undefined || b.fixture === 'seed' || b.fixture === 'large') sb.reset((b.fixture as 'seed' | 'large') ?? 'seed');
			else throw new ApiError(400, 'fixture must be "seed" or "large"');
			return ok();
		}
		if (key === 'GET state') return { status: 200, body: sb.store.state };
		if (key === 'GET config') return ok({ config: sb.store.state.config });
		if (key === 'POST config') {
			sb.configure(validateConfigPatch(parseJson(body)));
			return ok({ config: sb.store.state.config });
		}
		if (key === 'GET requests') return ok({ requests: sb.log.list(Number(query.get('since') ?? 0) || 0) });
		if (key === 'DELETE requests') {
			sb.log.clear();
			return ok();
		}
		if (key === 'GET faults') return ok({ faults: sb.faults.list() });
		if (key === 'DELETE faults') {
			sb.faults.clear();
			return ok();
		}
		if (key === 'POST faults') {
			const spec = parseJson(body) as FaultSpec;
			if (spec.status !== undefined && ![503, 429, 500, 502, 504].includes(spec.status)) throw new ApiError(400, 'status must be one of 503, 429, 500, 502, 504');
			try {
				return ok({ fault: sb.faults.add(spec) });
			} catch (e) {
				throw new ApiError(400, (e as Error).message);
			}
		}
		if (key === 'POST icml') {
			const site = query.get('site') ?? undefined;
			let xml = body.toString('utf8');
			if (!xml.trim()) {
				// No body: pull the file from the site's ymlUrl, as retailCRM does every 3 hours (docs/retailcrm-api.md#icml).
				const code = site ?? Object.keys(sb.store.state.sites)[0];
				const ymlUrl = sb.store.state.sites[code]?.ymlUrl;
				if (!ymlUrl) throw new ApiError(400, `Site "${code}" has no ymlUrl; send the ICML as the body`);
				const r = await fetch(ymlUrl).catch((e: Error) => {
					throw new ApiError(502, `Fetching ymlUrl failed: ${e.message}`);
				});
				if (!r.ok) throw new ApiError(502, `Fetching ymlUrl answered HTTP ${r.status}`);
				xml = await r.text();
			}
			try {
				return ok({ ...sb.importIcml(xml, site) });
			} catch (e) {
				if (e instanceof IcmlError) throw new ApiError(400, e.message);
				throw e;
			}
		}
		if (key === 'GET triggers') return ok({ triggers: sb.triggers.list(), calls: sb.triggers.calls() });
		if (key === 'POST triggers') {
			const b = parseJson(body);
			try {
				sb.triggers.configure(Array.isArray(b.triggers) ? (b.triggers as TriggerSpec[]) : []);
			} catch (e) {
				throw new ApiError(400, (e as Error).message);
			}
			return ok({ triggers: sb.triggers.list() });
		}
		if (key === 'DELETE triggers/calls') {
			sb.triggers.clearCalls();
			return ok();
		}
		const removed = /^orders\/(\d+)\/delete$/.exec(route);
		if (removed && method === 'POST') {
			const order = sb.store.order(Number(removed[1]));
			if (!order) throw new ApiError(404, 'Not found');
			deleteOrder(sb.store, order, { source: 'user', userId: 1 });
			return ok();
		}
		const status = /^orders\/(\d+)\/status$/.exec(route);
		if (status && method === 'POST') {
			const b = parseJson(body);
			const order = sb.store.order(Number(status[1]));
			if (!order) throw new ApiError(404, 'Not found');
			if (typeof b.status !== 'string') throw new ApiError(400, 'status is required');
			const actor = b.source === 'code' ? ({ source: 'code' } as const) : ({ source: 'user', userId: typeof b.userId === 'number' ? b.userId : 1 } as const);
			changeStatus(sb.store, order, b.status, actor);
			return ok({ order: renderOrder(sb.store, order, 'keyed') });
		}
		throw new ApiError(404, `Unknown control route ${method} /__sandbox/${route}`);
	}
}
