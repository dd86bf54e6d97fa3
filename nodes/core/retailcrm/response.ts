import { redirectAdvice, redirectOf } from '../http/redirect';
import type { z } from 'zod';
import type { HttpResponse } from '../http/transport';
import {
	RetailCrmApiError,
	classifyErrorMsg,
	hintFor,
	normaliseErrorList,
	summariseErrors,
	type RetailCrmErrorKind,
} from './errors';

/**
 * Turns a raw HTTP answer into validated data or a typed RetailCrmApiError (docs/retailcrm-api.md#answers-and-errors).
 * `redact` scrubs every text taken from the wire before it lands in an error message.
 */
export interface InterpretContext {
	method: string;
	path: string;
	redact: (text: string) => string;
}

function snippet(body: string, redact: (text: string) => string): string {
	const text = body
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return redact(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

function fail(
	ctx: InterpretContext,
	kind: RetailCrmErrorKind,
	status: number,
	detail: string,
	extra: { errorMsg?: string; errors?: Record<string, string> } = {},
): RetailCrmApiError {
	return new RetailCrmApiError({
		kind,
		status,
		message: `retailCRM ${ctx.method} ${ctx.path}: ${detail}`,
		hint: hintFor(kind, status),
		method: ctx.method,
		path: ctx.path,
		errorMsg: extra.errorMsg,
		errors: extra.errors,
	});
}

function parseJson(body: string): unknown {
	const trimmed = body.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
	try {
		return JSON.parse(trimmed);
	} catch {
		return undefined;
	}
}

/**
 * A 5xx page that is not the API's JSON answer: the web server or a balancer in front of retailCRM failing (an nginx
 * 500/502/504 page), not the API deciding. Worth another try where the request is safe to repeat
 * (docs/retailcrm-api.md#rate-limits).
 */
export function isErrorPage(response: HttpResponse): boolean {
	return response.status >= 500 && parseJson(response.body) === undefined;
}

export function interpretResponse<S extends z.ZodTypeAny>(response: HttpResponse, schema: S, ctx: InterpretContext): z.infer<S> {
	const { status } = response;
	const contentType = response.headers['content-type'] ?? '';
	const json = parseJson(response.body);
	const redirect = redirectOf(response);
	if (redirect) {
		const to = redirect.location ? ` to ${ctx.redact(redirect.location)}` : '';
		throw fail(ctx, 'badResponse', status, `not a retailCRM API answer: the server redirects${to} (HTTP ${status}). ${redirectAdvice(redirect.location && ctx.redact(redirect.location))}`);
	}

	if (json === undefined) {
		const shown = snippet(response.body, ctx.redact);
		const what = `HTTP ${status} with a non-JSON body${contentType ? ` (${contentType.split(';')[0]})` : ''}${shown ? `: "${shown}"` : ''}`;
		// The PHP client's rule: 405 + text/html on a non-GET means the subdomain has no account.
		// The Go client treats any body starting with "<" that way; we keep it to non-GET 405 so a
		// wrong host that serves a web page is reported as a wrong URL instead.
		if (status === 405 && ctx.method !== 'GET' && (/text\/html/i.test(contentType) || response.body.trim().startsWith('<'))) {
			throw fail(ctx, 'accountMissing', status, `Account does not exist (${what})`, { errorMsg: 'Account does not exist.' });
		}
		if (status === 503 || status === 429) throw fail(ctx, 'rateLimited', status, `rate limited, ${what}`);
		if (status >= 500) throw fail(ctx, 'server', status, `server error, ${what}`);
		throw fail(ctx, 'badResponse', status, `not a retailCRM API answer, ${what}`);
	}

	const envelope = json as { success?: unknown; errorMsg?: unknown; errors?: unknown };
	if (typeof json !== 'object' || json === null || Array.isArray(json) || typeof envelope.success !== 'boolean') {
		throw fail(ctx, 'badResponse', status, `not a retailCRM API answer (HTTP ${status}, JSON without a "success" field)`);
	}

	if (envelope.success !== true || status >= 400) {
		const errorMsg = typeof envelope.errorMsg === 'string' ? ctx.redact(envelope.errorMsg) : undefined;
		const errors = normaliseErrorList(envelope.errors);
		for (const key of Object.keys(errors)) errors[key] = ctx.redact(errors[key]);
		let kind = classifyErrorMsg(errorMsg, status);
		if (status === 503 || status === 429) kind = 'rateLimited';
		const details = summariseErrors(errors);
		const text = `${errorMsg ?? 'request failed'}${details ? ` (${details})` : ''} [HTTP ${status}]`;
		throw fail(ctx, kind, status, text, { errorMsg, errors });
	}

	const parsed = schema.safeParse(json);
	if (!parsed.success) {
		const issues = parsed.error.issues
			.slice(0, 3)
			.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
			.join('; ');
		throw fail(ctx, 'badResponse', status, `unexpected answer shape (${ctx.redact(issues)})`);
	}
	return parsed.data;
}
