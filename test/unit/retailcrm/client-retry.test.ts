import { Pacer } from '../../../nodes/core/http/pacer';
import { TransportError, type HttpRequest, type HttpResponse } from '../../../nodes/core/http/transport';
import { RetailCrmApiError } from '../../../nodes/core/retailcrm/errors';
import { RetailCrmClient, WRITE_SAFE_TO_REPEAT, clampRate, sharedPacer } from '../../../nodes/core/retailcrm/client';
import { fakeClock } from '../../helpers/axios-transport';
import { fakeTransport, html, json } from './fake-transport';

const KEY = 'Zx81Qw72Er63Ty54Ui45Op36As27Df18';
const rateLimited = (status = 503, headers: Record<string, string> = {}) => json(status, { success: false, errorMsg: 'Rate limit exceeded' }, headers);
const okUpload = () => json(200, { success: true, processedOffersCount: 1, notFoundOffers: [] });
const okOrder = () => json(200, { success: true, order: { id: 1, items: [] } });

function setup(handler: (req: HttpRequest, i: number) => HttpResponse | Promise<HttpResponse>, maxAttempts = 5) {
	const transport = fakeTransport(handler);
	const clock = fakeClock();
	const lines: string[] = [];
	const client = new RetailCrmClient({
		baseUrl: 'https://shop.retailcrm.ru',
		transport,
		clock,
		pacer: new Pacer(8, clock),
		retry: { maxAttempts, random: () => 1 },
		logger: (m) => lines.push(m),
	});
	return { client, transport, clock, lines };
}

async function rejection(promise: Promise<unknown>): Promise<RetailCrmApiError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(RetailCrmApiError);
		return error as RetailCrmApiError;
	}
	throw new Error('expected a rejection');
}

describe('retry on 503 and 429', () => {
	it('retries a read through a 503/429 burst and logs each retry', async () => {
		const { client, transport, lines } = setup((_, i) => (i < 2 ? rateLimited(i === 0 ? 503 : 429) : okOrder()));
		expect((await client.getOrder(1, { by: 'id' })).id).toBe(1);
		expect(transport.requests).toHaveLength(3);
		expect(lines).toEqual([
			'retailCRM answered 503 on GET /api/v5/orders/1, retry 2/5 in 300 ms',
			'retailCRM answered 429 on GET /api/v5/orders/1, retry 3/5 in 600 ms',
		]);
	});

	it('honours Retry-After', async () => {
		const { client, clock } = setup((_, i) => (i === 0 ? rateLimited(429, { 'retry-after': '2' }) : okOrder()));
		await client.getOrder(1, { by: 'id' });
		expect(clock.slept).toContain(2000);
	});

	it('gives up after maxAttempts with a rateLimited error', async () => {
		const { client, transport } = setup(() => rateLimited(503), 4);
		const e = await rejection(client.getOrder(1, { by: 'id' }));
		expect(transport.requests).toHaveLength(4);
		expect(e.kind).toBe('rateLimited');
		expect(e.status).toBe(503);
		expect(e.message).toContain('Rate limit exceeded');
	});

	it('retries even an unsafe write on 503/429: the server did nothing', async () => {
		const { client, transport } = setup((_, i) => (i < 2 ? rateLimited(503) : json(201, { success: true, id: 9, order: { id: 9, items: [] } })));
		expect((await client.createOrder({ status: 'new' }, { site: 'shop' })).id).toBe(9);
		expect(transport.requests).toHaveLength(3);
	});

	it('does not retry other errors (400, 404, 500 JSON)', async () => {
		for (const answer of [
			json(400, { success: false, errorMsg: 'Errors in the input parameters' }),
			json(404, { success: false, errorMsg: 'Not found' }),
			json(500, { success: false, errorMsg: 'Internal error' }),
		]) {
			const { client, transport } = setup(() => answer);
			await rejection(client.getOrder(1, { by: 'id' }));
			expect(transport.requests).toHaveLength(1);
		}
	});
});

describe('lost connections: only safe requests are repeated', () => {
	const drop = () => {
		throw new TransportError('connection', 'ECONNRESET: socket hang up');
	};

	it('repeats a read after a reset', async () => {
		const { client, transport } = setup((_, i) => (i < 2 ? drop() : okOrder()));
		await client.getOrder(1, { by: 'id' });
		expect(transport.requests).toHaveLength(3);
	});

	it.each([
		['createOrder', (c: RetailCrmClient) => c.createOrder({ status: 'new' })],
		['editOrder', (c: RetailCrmClient) => c.editOrder(1, { by: 'id' }, { status: 'complete' })],
		['createPayment', (c: RetailCrmClient) => c.createPayment({ order: { id: 1 }, type: 'cash', amount: 1 })],
		['editPayment', (c: RetailCrmClient) => c.editPayment('ext', { by: 'externalId' }, { status: 'paid' })],
	])('does not repeat %s after a reset or timeout', async (_name, call) => {
		for (const kind of ['connection', 'timeout'] as const) {
			const { client, transport } = setup(() => {
				throw new TransportError(kind, kind === 'timeout' ? 'ECONNABORTED: timeout of 30000ms exceeded' : 'ECONNRESET');
			});
			const e = await rejection(call(client));
			expect(transport.requests).toHaveLength(1);
			expect(e.kind).toBe('network');
			expect(e.hint).toMatch(/not repeated automatically/);
		}
	});

	it.each([
		['uploadInventories', (c: RetailCrmClient) => c.uploadInventories([{ externalId: 'a', stores: [{ code: 'm', available: 1 }] }])],
		['uploadPrices', (c: RetailCrmClient) => c.uploadPrices([{ externalId: 'a', prices: [{ code: 'base', price: 1 }] }])],
		['fixExternalIds', (c: RetailCrmClient) => c.fixExternalIds([{ id: 1, externalId: 'x' }])],
	])('repeats the idempotent %s after a reset', async (_name, call) => {
		const { client, transport } = setup((_, i) => (i < 1 ? drop() : okUpload()));
		await call(client);
		expect(transport.requests).toHaveLength(2);
	});

	it('declares safety per write endpoint', () => {
		expect(WRITE_SAFE_TO_REPEAT).toEqual({
			'orders/create': false,
			'orders/edit': false,
			'orders/fix-external-ids': true,
			'store/inventories/upload': true,
			'store/prices/upload': true,
			'integration-modules/edit': true,
			'orders/payments/create': false,
			'orders/payments/edit': false,
		});
	});

	it('stops repeating a read after maxAttempts and reports a network error with a DNS hint', async () => {
		const { client, transport } = setup(() => {
			throw new TransportError('dns', 'ENOTFOUND shop.retailcrm.ru');
		}, 3);
		const e = await rejection(client.credentials());
		expect(transport.requests).toHaveLength(3);
		expect(e.kind).toBe('network');
		expect(e.hint).toMatch(/host name/);
	});
});

describe('pacing and secrecy', () => {
	it('paces every attempt, retries included, per base URL', async () => {
		const { client, clock } = setup((_, i) => (i === 0 ? rateLimited(503) : okOrder()));
		await client.getOrder(1, { by: 'id' });
		await client.getOrder(1, { by: 'id' });
		// 300 ms back-off; the 503 cut the pace to 70 % (8/s → 5.6/s), so after the retry's slot at 300 ms the next
		// request waits one interval of that pace.
		expect(clock.slept).toHaveLength(2);
		expect(clock.slept[0]).toBe(300);
		expect(clock.slept[1]).toBeCloseTo(1000 / 5.6, 6);
	});

	it('adapts the pace: a 503 or 429 cuts it to 70 %, accepted requests win it back up to the target', async () => {
		let refuse = 2;
		const { client, clock } = setup(() => (refuse-- > 0 ? rateLimited(429) : okOrder()));
		const pacer = (client as unknown as { pacer: Pacer }).pacer;
		await client.getOrder(1, { by: 'id' });
		const cut = 8 * 0.7 * 0.7;
		expect(pacer.rate('https://shop.retailcrm.ru')).toBeCloseTo(cut + (8 - cut) * 0.2 + 0.05, 5);
		for (let i = 0; i < 60; i++) await client.getOrder(1, { by: 'id' });
		expect(pacer.rate('https://shop.retailcrm.ru')).toBe(8);
		// After the recovery the slots are 125 ms apart again.
		const before = clock.now();
		await client.getOrder(1, { by: 'id' });
		await client.getOrder(1, { by: 'id' });
		expect(clock.now() - before).toBe(250);
	});

	it('a credential share below the limit is the target (requests per second), never above 10', async () => {
		const transport = fakeTransport(() => okOrder());
		const clock = fakeClock();
		const client = new RetailCrmClient({ baseUrl: 'https://shop.retailcrm.ru', transport, clock, pacer: new Pacer(10, clock), ratePerSecond: 4 });
		for (let i = 0; i < 5; i++) await client.getOrder(1, { by: 'id' });
		expect(clock.now()).toBe(1000);
		expect(clampRate(25)).toBe(10);
		expect(clampRate('2.5')).toBe(2.5);
		expect(clampRate(undefined)).toBe(10);
		expect(clampRate(0)).toBe(10);
		expect(clampRate(0.1)).toBe(0.5);
	});

	it('shares one pacer per clock between clients of the same account', () => {
		const clock = fakeClock();
		expect(sharedPacer(clock)).toBe(sharedPacer(clock));
		expect(sharedPacer(clock)).not.toBe(sharedPacer(fakeClock()));
	});

	it('keeps a key out of error messages, hints and log lines', async () => {
		const { client, lines } = setup((_, i) => {
			if (i === 0) throw new TransportError('connection', `ECONNRESET for https://shop.retailcrm.ru/api/v5/orders?apiKey=${KEY} X-API-KEY: ${KEY}`);
			if (i === 1) return rateLimited(503);
			return html(502, `<h1>Bad gateway</h1><p>upstream said key=${KEY}</p>`);
		});
		const e = await rejection(client.getOrder(1, { by: 'id' }));
		const everything = [e.message, e.hint, e.errorMsg ?? '', JSON.stringify(e.errors), ...lines].join('\n');
		// A drop, a 503, then the error page on each remaining attempt (a read retries it): four retry lines, none with the key.
		expect(lines).toHaveLength(4);
		expect(e.kind).toBe('server');
		expect(everything).not.toContain(KEY);
	});

	it('uses a caller-supplied redactor for a known key of any shape', async () => {
		const transport = fakeTransport(() => json(400, { success: false, errorMsg: 'bad key short-key-1' }));
		const clock = fakeClock();
		const client = new RetailCrmClient({
			baseUrl: 'https://shop.retailcrm.ru',
			transport,
			clock,
			pacer: new Pacer(8, clock),
			redact: (t) => t.split('short-key-1').join('***'),
		});
		const e = await rejection(client.credentials());
		expect(e.message).toBe('retailCRM GET /api/credentials: bad key *** [HTTP 400]');
	});
});
