/**
 * The `/api/…` pipeline, in the order a real edge would apply it:
 * injected fault → "account does not exist" → rate limit → route (404/405) → key (401/403) → scope → handler.
 * Faults, account-missing and rate-limited requests never reach a handler, so they never change state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestContext } from './context';
import { ApiError, errorReply, sendHtml, sendJson, type JsonReply } from './envelope';
import type { FaultInjector } from './faults';
import type { RandomFaults } from '../random-faults';
import { parsePhpQuery, type PhpParams } from './php-query';
import type { RateLimiter } from './rate-limiter';
import { redactKey, type LoggedRequest, type RequestLog } from './request-log';
import type { Router } from './router';
import type { StateStore } from './state-store';

export interface ApiDeps {
	store: StateStore;
	router: Router;
	faults: FaultInjector;
	limiter: RateLimiter;
	log: RequestLog;
	now: () => number;
	/** Seeded random faults (the chaos suite), after the scripted ones; none unless turned on. */
	randomFaults?: () => RandomFaults | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function keyFrom(req: IncomingMessage, query: PhpParams, form: PhpParams): string | undefined {
	const header = req.headers['x-api-key'];
	const h = Array.isArray(header) ? header[0] : header;
	if (h) return h;
	if (typeof query.apiKey === 'string' && query.apiKey) return query.apiKey;
	if (typeof form.apiKey === 'string' && form.apiKey) return form.apiKey;
	return undefined;
}

export async function handleApi(deps: ApiDeps, req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string, body: Buffer): Promise<void> {
	const { store } = deps;
	const method = (req.method ?? 'GET').toUpperCase();
	const query = parsePhpQuery(rawQuery);
	const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
	// Only form bodies carry parameters; a JSON body is invisible to the server (docs/retailcrm-api.md#encoding).
	const form = method !== 'GET' && contentType.startsWith('application/x-www-form-urlencoded') ? parsePhpQuery(body.toString('utf8')) : {};
	const keyValue = keyFrom(req, query, form);
	const keyConfig = keyValue ? store.state.apiKeys.find((k) => k.key === keyValue) : undefined;
	const keyLabel = keyConfig?.label ?? (keyValue ? 'unknown' : 'none');
	const config = store.state.config;

	const record = (status: number, outcome: LoggedRequest['outcome']) =>
		deps.log.add({ method, path, query: redactKey(query), form: redactKey(form), key: keyLabel, status, outcome, time: new Date(deps.now()).toISOString() });
	let reply = (r: JsonReply, outcome: LoggedRequest['outcome'] = 'handled') => {
		record(r.status, outcome);
		sendJson(res, r, store.state.config.emptyMapStyle);
	};

	const fault = deps.faults.take(method, path);
	if (fault) {
		if (fault.delayMs) await sleep(fault.delayMs);
		if (fault.drop) {
			record(0, 'dropped');
			req.socket.destroy();
			return;
		}
		if (!fault.passThrough && fault.status !== undefined) {
			const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
			const html = fault.body ? fault.body === 'html' : fault.status === 502 || fault.status === 504;
			record(fault.status, 'fault');
			if (html) {
				sendHtml(res, fault.status, fault.status === 502 ? 'Bad Gateway' : fault.status === 504 ? 'Gateway Time-out' : 'Error', headers);
			} else {
				const errorMsg = fault.status === 503 || fault.status === 429 ? 'Rate limit exceeded' : 'Internal Server Error';
				sendJson(res, { status: fault.status, body: { success: false, errorMsg }, headers }, config.emptyMapStyle);
			}
			return;
		}
	}

	// Seeded random faults (test/sandboxes/random-faults.ts): never reach a handler, except a lost answer, which is
	// handled and then not sent.
	let loseAnswer = false;
	const random = deps.randomFaults?.();
	if (random) {
		const decision = random.decide(method, rawQuery ? `${path}?${rawQuery}` : path, body, path, deps.now());
		if (decision.delayMs) await sleep(decision.delayMs);
		switch (decision.kind) {
			case 'unavailable':
				record(503, 'fault');
				sendHtml(res, 503, 'Service Temporarily Unavailable');
				return;
			case 'serverErrorHtml':
				record(500, 'fault');
				sendHtml(res, 500, 'Internal Server Error');
				return;
			case 'tooManyRequests':
				record(429, 'fault');
				sendJson(res, { status: 429, body: { success: false, errorMsg: 'Rate limit exceeded' }, headers: { 'Retry-After': String(random.retryAfterSeconds) } }, config.emptyMapStyle);
				return;
			case 'timeout':
				record(0, 'timeout');
				await sleep(random.timeoutMs);
				req.socket.destroy();
				return;
			case 'drop':
				record(0, 'dropped');
				req.socket.destroy();
				return;
			case 'lostAnswer':
				loseAnswer = true;
				break;
			default:
		}
	}
	if (loseAnswer) {
		reply = (r: JsonReply) => {
			record(r.status, 'lost-answer');
			req.socket.destroy();
		};
	}

	if (config.accountMissing) {
		// The PHP client maps a POST answered 405 text/html to "Account does not exist." (docs/retailcrm-api.md#answers-and-errors).
		const status = method === 'GET' ? 404 : 405;
		record(status, 'account-missing');
		sendHtml(res, status, status === 405 ? 'Not Allowed' : 'Not Found');
		return;
	}

	if (config.rateLimit && !deps.limiter.take(keyValue ?? `anonymous:${req.socket.remoteAddress}`, config.rateLimitPerSecond, config.rateLimitBurst)) {
		reply({ status: config.rateLimitStatus, body: { success: false, errorMsg: 'Rate limit exceeded' }, headers: config.retryAfter ? { 'Retry-After': '1' } : {} }, 'rate-limited');
		return;
	}

	try {
		const routePath = path.replace(/^\/api\//, '').replace(/\/+$/, '');
		const match = path.startsWith('/api/') ? deps.router.match(method, routePath) : ({ kind: 'not-found' } as const);
		if (match.kind === 'not-found') throw new ApiError(404, 'Method not found');
		if (match.kind === 'method-not-allowed') throw new ApiError(405, 'Method Not Allowed');
		if (!keyValue) throw new ApiError(401, '"apiKey" is missing.');
		if (!keyConfig) throw new ApiError(403, 'Wrong "apiKey" value.');
		if (match.route.scope && !keyConfig.scopes.includes(match.route.scope)) throw new ApiError(403, 'Access denied.');
		const ctx = new RequestContext(store, keyConfig, method, query, form, match.params, match.route.limits);
		reply(await match.route.handler(ctx));
	} catch (e) {
		if (e instanceof ApiError) reply(errorReply(e, config.errorsStyle));
		else {
			process.stderr.write(`[retailcrm-sandbox] ${method} ${path}: ${(e as Error).stack ?? String(e)}\n`);
			reply({ status: 500, body: { success: false, errorMsg: 'Internal Server Error' } });
		}
	}
}
