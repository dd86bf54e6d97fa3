import { withRetry, parseRetryAfter, DEFAULT_RETRY_POLICY } from '../../../nodes/core/http/retry';
import { Pacer } from '../../../nodes/core/http/pacer';
import { TransportError, type HttpResponse } from '../../../nodes/core/http/transport';
import { fakeClock } from '../../helpers/axios-transport';

const res = (status: number, headers: Record<string, string> = {}): HttpResponse => ({ status, headers, body: '' });

describe('withRetry', () => {
	it('retries 503 and 429 until success, with growing bounded delays', async () => {
		const clock = fakeClock();
		const answers = [res(503), res(429), res(503), res(200)];
		const out = await withRetry(async () => answers.shift()!, { ...DEFAULT_RETRY_POLICY, random: () => 1 }, clock, true);
		expect(out.status).toBe(200);
		expect(clock.slept).toEqual([300, 600, 1200]);
	});

	it('honours Retry-After in seconds', async () => {
		const clock = fakeClock();
		const answers = [res(429, { 'retry-after': '2' }), res(200)];
		await withRetry(async () => answers.shift()!, DEFAULT_RETRY_POLICY, clock, true);
		expect(clock.slept).toEqual([2000]);
	});

	it('stops after maxAttempts and returns the last response', async () => {
		const clock = fakeClock();
		let calls = 0;
		const out = await withRetry(async () => (calls++, res(503)), { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }, clock, true);
		expect(out.status).toBe(503);
		expect(calls).toBe(3);
		expect(clock.slept).toHaveLength(2);
	});

	it('does not resend an unsafe write after a lost connection', async () => {
		let calls = 0;
		await expect(
			withRetry(async () => { calls++; throw new TransportError('connection', 'ECONNRESET'); }, DEFAULT_RETRY_POLICY, fakeClock(), false),
		).rejects.toThrow('ECONNRESET');
		expect(calls).toBe(1);
	});

	it('resends a safe read after a lost connection', async () => {
		let calls = 0;
		const out = await withRetry(async () => {
			calls++;
			if (calls < 3) throw new TransportError('connection', 'ECONNRESET');
			return res(200);
		}, DEFAULT_RETRY_POLICY, fakeClock(), true);
		expect(out.status).toBe(200);
		expect(calls).toBe(3);
	});
});

describe('parseRetryAfter', () => {
	it('reads seconds and HTTP dates, ignores junk', () => {
		expect(parseRetryAfter('3', 0)).toBe(3000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
		expect(parseRetryAfter('soon', 0)).toBeUndefined();
		expect(parseRetryAfter(undefined, 0)).toBeUndefined();
	});
});

describe('Pacer', () => {
	it('spaces requests of one key and leaves other keys alone', async () => {
		const clock = fakeClock(1000);
		const pacer = new Pacer(8, clock);
		for (let i = 0; i < 4; i++) await pacer.acquire('a');
		await pacer.acquire('b');
		expect(clock.slept).toEqual([125, 125, 125]);
	});
});
