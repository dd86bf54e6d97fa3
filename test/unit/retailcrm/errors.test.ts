import { z } from 'zod';
import { classifyErrorMsg, hintFor, RetailCrmApiError } from '../../../nodes/core/retailcrm/errors';
import { interpretResponse } from '../../../nodes/core/retailcrm/response';
import { redactSecrets } from '../../../nodes/core/retailcrm/redact';
import { html, json } from './fake-transport';

const ctx = (method = 'GET') => ({ method, path: '/api/v5/orders', redact: (t: string) => redactSecrets(t) });
const ok = z.object({ success: z.literal(true) }).passthrough();

function errorOf(fn: () => unknown): RetailCrmApiError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(RetailCrmApiError);
		return error as RetailCrmApiError;
	}
	throw new Error('expected an error');
}

describe('classifyErrorMsg (by text first, like the official clients)', () => {
	it.each([
		['"apiKey" is missing.', 401, 'missingKey'],
		['Wrong "apiKey" value.', 403, 'invalidKey'],
		['Access denied.', 403, 'accessDenied'],
		['Account does not exist.', 200, 'accountMissing'],
		['Errors in the entity format', 400, 'validation'],
		['Validation error', 400, 'validation'],
		['Errors in the input parameters', 400, 'validation'],
		['Not found', 404, 'notFound'],
		['Method not found', 404, 'unknownMethod'],
		["Parameter 'site' is missing", 400, 'missingParameter'],
		["Parameter 'filter[ids]' is missing", 400, 'missingParameter'],
		['Rate limit exceeded', 503, 'rateLimited'],
		['Something broke', 500, 'server'],
		['Order is not loaded', 400, 'validation'],
		['Method Not Allowed', 405, 'other'],
	])('%s (HTTP %d) → %s', (msg, status, kind) => {
		expect(classifyErrorMsg(msg, status)).toBe(kind);
	});

	it('uses the text even when the status says otherwise', () => {
		expect(classifyErrorMsg('Wrong "apiKey" value.', 400)).toBe('invalidKey');
	});
});

describe('interpretResponse', () => {
	it('builds a typed error with field errors in the message and a hint', () => {
		const e = errorOf(() =>
			interpretResponse(
				json(400, { success: false, errorMsg: 'Errors in the input parameters', errors: { limit: 'The value you selected is not a valid choice.' } }),
				ok,
				ctx(),
			),
		);
		expect(e.kind).toBe('validation');
		expect(e.status).toBe(400);
		expect(e.errors).toEqual({ limit: 'The value you selected is not a valid choice.' });
		expect(e.message).toBe(
			'retailCRM GET /api/v5/orders: Errors in the input parameters (limit: The value you selected is not a valid choice.) [HTTP 400]',
		);
		expect(e.hint).toMatch(/rejected/);
	});

	it('normalises errors given as a list or []', () => {
		expect(errorOf(() => interpretResponse(json(400, { success: false, errorMsg: 'Validation error', errors: ['a', 'b'] }), ok, ctx())).errors).toEqual({ 0: 'a', 1: 'b' });
		expect(errorOf(() => interpretResponse(json(404, { success: false, errorMsg: 'Not found', errors: [] }), ok, ctx())).errors).toEqual({});
	});

	it('a redirect is not followed: the error names its target, never a key in it', () => {
		const e = errorOf(() => interpretResponse({ status: 301, headers: { location: 'http://shop.example.com/api/v5/orders?apiKey=SecretKey1234567890abcdefABCDEF12' }, body: '<html>Moved</html>' }, ok, ctx()));
		expect(e.kind).toBe('badResponse');
		expect(e.message).toMatch(/the server redirects to http:\/\/shop\.example\.com\/api\/v5\/orders.* \(HTTP 301\)\. Put the address it redirects to/);
		expect(e.message).not.toContain('SecretKey1234567890');
	});

	it('tells a wrong key from a wrong URL in the hint', () => {
		const key = errorOf(() => interpretResponse(json(403, { success: false, errorMsg: 'Wrong "apiKey" value.' }), ok, ctx()));
		expect(key.kind).toBe('invalidKey');
		expect(key.hint).toMatch(/API key is wrong/);
		const url = errorOf(() => interpretResponse(html(404, '<html><body><h1>404 Not Found</h1></body></html>'), ok, ctx()));
		expect(url.kind).toBe('badResponse');
		expect(url.message).toContain('HTTP 404 with a non-JSON body (text/html): "404 Not Found"');
		expect(url.hint).toMatch(/Check the URL/);
		const scopes = errorOf(() => interpretResponse(json(403, { success: false, errorMsg: 'Access denied.' }), ok, ctx()));
		expect(scopes.kind).toBe('accessDenied');
		expect(scopes.hint).toMatch(/order_read/);
	});

	it('reads 405 text/html on a POST as a missing account, but not on a GET', () => {
		const page = '<html><head><title>405 Not Allowed</title></head><body>nginx</body></html>';
		const post = errorOf(() => interpretResponse(html(405, page), ok, ctx('POST')));
		expect(post.kind).toBe('accountMissing');
		expect(post.errorMsg).toBe('Account does not exist.');
		expect(errorOf(() => interpretResponse(html(405, page), ok, ctx('GET'))).kind).toBe('badResponse');
	});

	it('reports a non-JSON 5xx as a server error with the status and a readable snippet', () => {
		const e = errorOf(() => interpretResponse(html(502, '<html><body><h1>502 Bad Gateway</h1><script>x()</script></body></html>'), ok, ctx()));
		expect(e.kind).toBe('server');
		expect(e.status).toBe(502);
		expect(e.message).toBe('retailCRM GET /api/v5/orders: server error, HTTP 502 with a non-JSON body (text/html): "502 Bad Gateway"');
	});

	it('reports JSON without success and a schema mismatch as badResponse', () => {
		expect(errorOf(() => interpretResponse(json(200, { hello: 'world' }), ok, ctx())).kind).toBe('badResponse');
		const shape = z.object({ success: z.literal(true), orders: z.array(z.number()) });
		const e = errorOf(() => interpretResponse(json(200, { success: true, orders: 'x' }), shape, ctx()));
		expect(e.kind).toBe('badResponse');
		expect(e.message).toContain('orders:');
	});

	it('classifies a final 503/429 as rateLimited even with another text', () => {
		expect(errorOf(() => interpretResponse(json(429, { success: false, errorMsg: 'Too Many Requests' }), ok, ctx())).kind).toBe('rateLimited');
		expect(errorOf(() => interpretResponse(html(503, '<h1>busy</h1>'), ok, ctx())).kind).toBe('rateLimited');
	});

	it('never lets a key through from an echoed body', () => {
		const e = errorOf(() =>
			interpretResponse(json(400, { success: false, errorMsg: 'Bad url /api/v5/orders?apiKey=TOPsecret99', errors: { apiKey: 'apiKey=TOPsecret99 invalid' } }), ok, ctx()),
		);
		expect(e.message).not.toContain('TOPsecret99');
		expect(JSON.stringify(e.errors)).not.toContain('TOPsecret99');
		expect(e.errorMsg).not.toContain('TOPsecret99');
	});

	it('accepts 201 success answers', () => {
		expect(interpretResponse(json(201, { success: true, id: 5 }), ok, ctx('POST'))).toEqual({ success: true, id: 5 });
	});
});

describe('hintFor', () => {
	it('names the keys page by the menu README and the setup check use (Administration → Integration)', () => {
		for (const kind of ['invalidKey', 'accessDenied'] as const) expect(hintFor(kind)).toMatch(/ Administration → Integration → API access keys/);
	});
});
