/**
 * The sandboxes' seeded random-fault mode (test/sandboxes/random-faults.ts), which the chaos suite runs both sandboxes
 * in: the share and mix of faults, replay by seed whatever the arrival order, and what each kind does to the request
 * (a lost answer is applied, every other fault changes nothing).
 */
import axios from 'axios';
import { RandomFaults, RANDOM_FAULT_KINDS, describeFaults } from '../sandboxes/random-faults';
import { startRetailCrmSandbox, SEED_ORDER_IDS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';

const requests = (n: number) => Array.from({ length: n }, (_x, i) => `/api/v5/orders?filter[ids][]=${i}`);

describe('RandomFaults', () => {
	it('fails about `rate` of the requests, with every kind in the mix', () => {
		const faults = new RandomFaults({ seed: 7, rate: 0.1 });
		for (const url of requests(6000)) faults.decide('GET', url, '');
		const report = faults.report();
		const total = RANDOM_FAULT_KINDS.reduce((n, k) => n + report.faults[k], 0);
		expect(report.requests).toBe(6000);
		expect(total).toBeGreaterThan(480);
		expect(total).toBeLessThan(720);
		for (const kind of RANDOM_FAULT_KINDS) expect([kind, report.faults[kind]]).toEqual([kind, expect.any(Number)]);
		for (const kind of RANDOM_FAULT_KINDS) expect(report.faults[kind]).toBeGreaterThan(40);
		expect(describeFaults(report)).toMatch(/^\d+ of 6000 requests \(\d+\.\d %; 0 on writes\): 503 ×\d+, 500 html ×\d+, 429 ×\d+, timeout ×\d+, dropped ×\d+, answer lost ×\d+$/);
	});

	it('replays by seed: the same requests fail the same way in any arrival order; another seed differs', () => {
		const urls = requests(500);
		const decide = (seed: number, order: string[]) => {
			const faults = new RandomFaults({ seed });
			const out = new Map<string, string | undefined>();
			for (const url of order) out.set(url, faults.decide('GET', url, '').kind);
			return urls.map((u) => out.get(u));
		};
		const forward = decide(11, urls);
		expect(decide(11, [...urls].reverse())).toEqual(forward);
		expect(decide(12, urls)).not.toEqual(forward);
		expect(forward.filter(Boolean).length).toBeGreaterThan(20);
	});

	it('gives a repeated request (a retry) a draw of its own, and a body is part of the request', () => {
		const faults = new RandomFaults({ seed: 3, rate: 0.5 });
		const first = Array.from({ length: 40 }, () => faults.decide('POST', '/api/v5/orders/1/edit', 'order=a').kind);
		expect(new Set(first.map(Boolean)).size).toBe(2);
		const other = new RandomFaults({ seed: 3, rate: 0.5 });
		const second = Array.from({ length: 40 }, () => other.decide('POST', '/api/v5/orders/1/edit', 'order=b').kind);
		expect(second).not.toEqual(first);
		expect(other.report().writes).toBe(40);
	});

	it('caps timeouts (each costs a client its whole timeout): past the cap a timeout is a dropped connection', () => {
		const faults = new RandomFaults({ seed: 5, rate: 1, weights: { timeout: 1, unavailable: 0, serverErrorHtml: 0, tooManyRequests: 0, drop: 0, lostAnswer: 0 }, maxTimeouts: 2 });
		const kinds = requests(5).map((u) => faults.decide('GET', u, '').kind);
		expect(kinds).toEqual(['timeout', 'timeout', 'drop', 'drop', 'drop']);
	});

	it('slows the first request after a quiet spell (a new 1C session), and only that one', () => {
		const faults = new RandomFaults({ seed: 1, rate: 0, slowStartMs: 1500, quietGapMs: 2000 });
		expect(faults.decide('GET', '/a', '', '/a', 10_000).delayMs).toBe(1500);
		expect(faults.decide('GET', '/b', '', '/b', 10_500).delayMs).toBe(0);
		expect(faults.decide('GET', '/c', '', '/c', 13_000).delayMs).toBe(1500);
		expect(faults.report().slowStarts).toBe(2);
	});

	it('refuses a rate outside 0…1 and a seed that is not an integer', () => {
		expect(() => new RandomFaults({ seed: 1, rate: 1.5 })).toThrow('rate must be between 0 and 1');
		expect(() => new RandomFaults({ seed: 0.5 })).toThrow('seed must be an integer');
	});
});

const only = (kind: (typeof RANDOM_FAULT_KINDS)[number]) => Object.fromEntries(RANDOM_FAULT_KINDS.map((k) => [k, k === kind ? 1 : 0]));

describe('retailCRM sandbox in random-fault mode', () => {
	let crm: RetailCrmSandbox;
	const id = SEED_ORDER_IDS['5488'];
	const edit = (comment: string, timeout = 5000) =>
		axios.post(`${crm.url}/api/v5/orders/${id}/edit`, new URLSearchParams({ by: 'id', site: 'test-crm10', order: JSON.stringify({ managerComment: comment }) }).toString(), {
			headers: { 'X-API-KEY': crm.keys.integration, 'Content-Type': 'application/x-www-form-urlencoded' },
			validateStatus: () => true,
			timeout,
		});
	beforeAll(async () => (crm = await startRetailCrmSandbox({ port: 0, config: { rateLimit: false } })));
	afterAll(() => crm.close());
	beforeEach(() => crm.reset('seed'));

	it('answers 503 and 500 with HTML pages and 429 with Retry-After, and changes nothing', async () => {
		for (const [kind, status] of [
			['unavailable', 503],
			['serverErrorHtml', 500],
			['tooManyRequests', 429],
		] as const) {
			crm.randomFaults({ seed: 1, rate: 1, weights: only(kind) });
			const res = await edit(kind);
			expect([kind, res.status]).toEqual([kind, status]);
			if (kind === 'tooManyRequests') expect(res.headers['retry-after']).toBe('1');
			else expect(String(res.headers['content-type'])).toContain('text/html');
		}
		expect(crm.state.orders.find((o) => o.id === id)!.managerComment ?? '').not.toMatch(/unavailable|serverErrorHtml|tooManyRequests/);
		expect(crm.randomFaultReport()).toMatchObject({ requests: 1, writes: 1, writeFaults: 1, faults: { tooManyRequests: 1 } });
	});

	it('a lost answer is applied and never answered; a dropped or timed-out request is not applied', async () => {
		crm.randomFaults({ seed: 1, rate: 1, weights: only('lostAnswer') });
		await expect(edit('applied, answer lost')).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(crm.state.orders.find((o) => o.id === id)!.managerComment).toBe('applied, answer lost');
		crm.randomFaults({ seed: 1, rate: 1, weights: only('drop') });
		await expect(edit('dropped')).rejects.toThrow(/socket hang up|ECONNRESET/);
		crm.randomFaults({ seed: 1, rate: 1, weights: only('timeout'), timeoutMs: 400 });
		await expect(edit('timed out', 150)).rejects.toThrow(/timeout/);
		expect(crm.state.orders.find((o) => o.id === id)!.managerComment).toBe('applied, answer lost');
		expect(crm.requests().map((r) => r.outcome)).toEqual(['lost-answer', 'dropped', 'timeout']);
		crm.randomFaults(null);
		expect((await edit('after')).status).toBe(200);
	});

	it('reset() turns the mode off', async () => {
		crm.randomFaults({ seed: 1, rate: 1 });
		crm.reset('seed');
		expect(crm.randomFaultReport()).toBeUndefined();
		expect((await edit('quiet')).status).toBe(200);
	});
});

describe('1C sandbox in random-fault mode', () => {
	let onec: OneCSandbox;
	const auth = () => ({ Authorization: `Basic ${Buffer.from(`${onec.user}:${onec.password}`).toString('base64')}` });
	const create = (name: string, timeout = 5000) =>
		axios.post(`${onec.url}Catalog_Контрагенты?$format=json`, { Description: name }, { headers: { ...auth(), 'Content-Type': 'application/json' }, validateStatus: () => true, timeout });
	const named = (name: string) => onec.state.store.rows('Catalog_Контрагенты').filter((r) => String(r.Description).trim() === name);
	beforeAll(async () => (onec = await startOneCSandbox({ port: 0 })));
	afterAll(() => onec.close());
	beforeEach(() => {
		onec.state.reset('seed');
		onec.state.log.length = 0;
	});

	it('answers 503, a 500 HTML page of the web server and 429 with Retry-After, and writes nothing', async () => {
		for (const [kind, status] of [
			['unavailable', 503],
			['serverErrorHtml', 500],
			['tooManyRequests', 429],
		] as const) {
			onec.state.randomFaults = new RandomFaults({ seed: 2, rate: 1, weights: only(kind) });
			const res = await create(kind);
			expect([kind, res.status]).toEqual([kind, status]);
			expect(String(res.headers['content-type'])).toContain('text/html');
			if (kind === 'serverErrorHtml') expect(String(res.data)).toContain('Ошибка при выполнении операции с информационной базой');
			if (kind === 'tooManyRequests') expect(res.headers['retry-after']).toBe('1');
			expect(named(kind)).toEqual([]);
		}
	});

	it('a lost answer creates the object and answers nothing; a drop and a timeout create nothing; statuses say which', async () => {
		onec.state.randomFaults = new RandomFaults({ seed: 2, rate: 1, weights: only('lostAnswer') });
		await expect(create('lost')).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(named('lost')).toHaveLength(1);
		onec.state.randomFaults = new RandomFaults({ seed: 2, rate: 1, weights: only('drop') });
		await expect(create('dropped')).rejects.toThrow(/socket hang up|ECONNRESET/);
		onec.state.randomFaults = new RandomFaults({ seed: 2, rate: 1, weights: only('timeout'), timeoutMs: 400 });
		await expect(create('timed out', 150)).rejects.toThrow(/timeout/);
		expect(named('dropped')).toEqual([]);
		expect(named('timed out')).toEqual([]);
		expect(onec.state.log.map((r) => r.status)).toEqual([-2, -1, -3]);
	});

	it('slows the first request after a quiet spell, and reset turns the mode off', async () => {
		// A slow start well above what a local request costs even on a loaded CI machine, so "fast" stays unambiguous.
		onec.state.randomFaults = new RandomFaults({ seed: 2, rate: 0, slowStartMs: 1_500, quietGapMs: 60_000 });
		const started = Date.now();
		expect((await create('slow')).status).toBe(201);
		const first = Date.now() - started;
		const again = Date.now();
		expect((await create('fast')).status).toBe(201);
		expect(first).toBeGreaterThanOrEqual(1_490);
		expect(Date.now() - again).toBeLessThan(1_000);
		onec.state.reset('seed');
		expect(onec.state.randomFaults).toBeUndefined();
	});
});
