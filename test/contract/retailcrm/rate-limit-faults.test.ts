import axios from 'axios';
import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_ORDER_IDS } from '../../sandboxes/retailcrm/server';
import { control, get, postForm, changedParts, snapshot, start } from './helpers';

const EDIT = `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`;

describe('rate limit (token bucket per key, fake clock)', () => {
	let sb: RetailCrmSandbox;
	let now = 1_700_000_000_000;
	beforeAll(async () => (sb = await start({ now: () => now, config: { rateLimit: true, rateLimitPerSecond: 10, rateLimitBurst: 3 } })));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('answers 503 Rate limit exceeded once the burst is spent, and the limited request changes nothing', async () => {
		for (let i = 0; i < 3; i++) expect((await get(sb, '/api/v5/reference/sites')).status).toBe(200);
		const before = snapshot(sb);
		const limited = await postForm(sb, EDIT, { by: 'id', order: { status: 'complete' } });
		expect(limited.status).toBe(503);
		expect(limited.data).toEqual({ success: false, errorMsg: 'Rate limit exceeded' });
		expect(limited.headers['retry-after']).toBeUndefined();
		expect(changedParts(before, sb)).toEqual([]);
		// Another key has its own bucket.
		expect((await get(sb, '/api/v5/orders', sb.keys.site)).status).toBe(200);
		// 100 ms later one token is back.
		now += 100;
		expect((await postForm(sb, EDIT, { by: 'id', order: { status: 'complete' } })).status).toBe(200);
		expect(sb.state.orders.find((o) => o.id === SEED_ORDER_IDS['5488'])!.status).toBe('complete');
		expect((await get(sb, '/api/v5/orders')).status).toBe(503);
		const log = sb.requests().map((r) => r.outcome);
		expect(log.filter((o) => o === 'rate-limited')).toHaveLength(2);
	});

	it('switches to 429 and adds Retry-After: 1 when configured', async () => {
		await control(sb, 'POST', 'config', { rateLimitStatus: 429, retryAfter: true });
		let last;
		for (let i = 0; i < 4; i++) last = await get(sb, '/api/v5/reference/sites');
		expect(last!.status).toBe(429);
		expect(last!.headers['retry-after']).toBe('1');
		expect(last!.data.errorMsg).toBe('Rate limit exceeded');
	});

	it('can be switched off', async () => {
		await control(sb, 'POST', 'config', { rateLimit: false });
		for (let i = 0; i < 20; i++) expect((await get(sb, '/api/v5/reference/sites')).status).toBe(200);
	});
});

describe('fault injection', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('injects N consecutive 503s on matching requests only, and faults never change state', async () => {
		const f = await control(sb, 'POST', 'faults', { status: 503, count: 2, match: { method: 'POST', path: '/api/v5/orders/' } });
		expect(f.status).toBe(200);
		expect((await get(sb, '/api/v5/orders')).status).toBe(200);
		const before = snapshot(sb);
		const a = await postForm(sb, EDIT, { by: 'id', order: { status: 'complete' } });
		const b = await postForm(sb, EDIT, { by: 'id', order: { status: 'complete' } });
		expect([a.status, b.status]).toEqual([503, 503]);
		expect(a.data).toEqual({ success: false, errorMsg: 'Rate limit exceeded' });
		expect(changedParts(before, sb)).toEqual([]);
		expect((await postForm(sb, EDIT, { by: 'id', order: { status: 'complete' } })).status).toBe(200);
		expect(sb.requests().map((r) => r.outcome)).toEqual(['handled', 'fault', 'fault', 'handled']);
	});

	it('500 with a JSON body, 502 and 504 with HTML, Retry-After when asked', async () => {
		await control(sb, 'POST', 'faults', { status: 500, count: 1 });
		await control(sb, 'POST', 'faults', { status: 502, count: 1 });
		await control(sb, 'POST', 'faults', { status: 504, count: 1 });
		await control(sb, 'POST', 'faults', { status: 429, count: 1, retryAfter: 2 });
		const r500 = await get(sb, '/api/v5/orders');
		expect(r500.status).toBe(500);
		expect(r500.data.success).toBe(false);
		const r502 = await get(sb, '/api/v5/orders');
		expect(r502.status).toBe(502);
		expect(r502.headers['content-type']).toMatch(/text\/html/);
		const r504 = await get(sb, '/api/v5/orders');
		expect(r504.status).toBe(504);
		expect(String(r504.data)).toContain('504');
		const r429 = await get(sb, '/api/v5/orders');
		expect(r429.status).toBe(429);
		expect(r429.headers['retry-after']).toBe('2');
		expect((await get(sb, '/api/v5/orders')).status).toBe(200);
	});

	it('matches a path regex, drops a connection, and delays', async () => {
		await control(sb, 'POST', 'faults', { drop: true, count: 1, match: { path: '^/api/v5/store/.*upload$' } });
		expect((await get(sb, '/api/v5/store/inventories')).status).toBe(200);
		const before = snapshot(sb);
		await expect(
			axios.post(`${sb.url}/api/v5/store/inventories/upload`, 'offers=%5B%5D', { headers: { 'X-API-KEY': sb.keys.integration, 'Content-Type': 'application/x-www-form-urlencoded' } }),
		).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED|socket hang up/) });
		expect(changedParts(before, sb)).toEqual([]);
		await control(sb, 'POST', 'faults', { status: 500, delayMs: 50, count: 1 });
		const delayed = await get(sb, '/api/v5/orders');
		expect(delayed.status).toBe(500);
		// A client timeout shorter than the delay aborts.
		await control(sb, 'POST', 'faults', { status: 500, delayMs: 1000, count: 1 });
		await expect(axios.get(`${sb.url}/api/v5/orders`, { timeout: 50, headers: { 'X-API-KEY': sb.keys.integration } })).rejects.toMatchObject({ code: 'ECONNABORTED' });
	});

	it('rejects a malformed fault and lists/clears pending ones', async () => {
		expect((await control(sb, 'POST', 'faults', { status: 418 })).status).toBe(400);
		expect((await control(sb, 'POST', 'faults', { count: 1 })).status).toBe(400);
		await control(sb, 'POST', 'faults', { status: 503, count: 5 });
		expect((await control(sb, 'GET', 'faults')).data.faults).toEqual([expect.objectContaining({ status: 503, remaining: 5 })]);
		await control(sb, 'DELETE', 'faults');
		expect((await get(sb, '/api/v5/orders')).status).toBe(200);
	});
});
