import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { LARGE_COUNTS, largeCountsFromEnv, largeState } from '../../sandboxes/retailcrm/fixtures/large';
import { get, start } from './helpers';

describe('pagination and history on the large fixture', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start({ fixture: 'large' })));
	afterAll(() => sb.close());

	it('the large fixture is deterministic and has the advertised size', () => {
		const a = largeState();
		expect(a.orders).toHaveLength(LARGE_COUNTS.orders);
		expect(a.offers).toHaveLength(LARGE_COUNTS.offers);
		expect(a.products).toHaveLength(LARGE_COUNTS.products);
		expect(new Set(a.offers.map((o) => o.externalId)).size).toBe(LARGE_COUNTS.offers);
		expect(a.history.length).toBeGreaterThan(LARGE_COUNTS.orders);
		expect(JSON.stringify(sb.state.history.slice(0, 50))).toBe(JSON.stringify(a.history.slice(0, 50)));
	});

	it('is resized by option or SANDBOX_LARGE_OFFERS / _CUSTOMERS / _ORDERS, its default unchanged', () => {
		expect(largeCountsFromEnv({})).toEqual({});
		expect(largeCountsFromEnv({ SANDBOX_LARGE_OFFERS: '3000', SANDBOX_LARGE_ORDERS: '10' })).toEqual({ products: 1000, orders: 10 });
		expect(() => largeCountsFromEnv({ SANDBOX_LARGE_CUSTOMERS: '0' })).toThrow(/SANDBOX_LARGE_CUSTOMERS must be a whole number above 0/);
		const small = largeState(undefined, { products: 300, customers: 20, orders: 40 });
		expect(small.products).toHaveLength(300);
		expect(small.offers).toHaveLength(900);
		expect(small.customers).toHaveLength(20);
		expect(small.orders).toHaveLength(40);
	});

	it('default limit 20, pages sorted by id descending, totalPageCount = ceil(total/limit)', async () => {
		const r = await get(sb, '/api/v5/orders');
		expect(r.data.pagination).toEqual({ limit: 20, totalCount: 3000, currentPage: 1, totalPageCount: 150 });
		expect(r.data.orders.map((o: any) => o.id)).toEqual(Array.from({ length: 20 }, (_, i) => 3000 - i));
		const last = await get(sb, '/api/v5/orders?limit=100&page=30');
		expect(last.data.pagination).toEqual({ limit: 100, totalCount: 3000, currentPage: 30, totalPageCount: 30 });
		expect(last.data.orders.at(-1).id).toBe(1);
	});

	it('a page past the end is 200 with an empty list; an empty result has totalPageCount 0', async () => {
		const past = await get(sb, '/api/v5/orders?limit=100&page=31');
		expect(past.status).toBe(200);
		expect(past.data.orders).toEqual([]);
		expect(past.data.pagination).toEqual({ limit: 100, totalCount: 3000, currentPage: 31, totalPageCount: 30 });
		const none = await get(sb, '/api/v5/orders?filter[numbers][]=nope');
		expect(none.data.pagination).toEqual({ limit: 20, totalCount: 0, currentPage: 1, totalPageCount: 0 });
	});

	it.each([
		['/api/v5/orders?limit=30', 'limit'],
		['/api/v5/orders?limit=250', 'limit'],
		['/api/v5/orders?limit=abc', 'limit'],
		['/api/v5/orders?page=0', 'page'],
		['/api/v5/orders?page=x', 'page'],
		['/api/v5/orders/history?limit=250', 'limit'],
		['/api/v5/store/inventories?limit=500', 'limit'],
	])('%s → 400 Errors in the input parameters', async (path, field) => {
		const r = await get(sb, path);
		expect(r.status).toBe(400);
		expect(r.data.errorMsg).toBe('Errors in the input parameters');
		expect(Object.keys(r.data.errors)).toEqual([field]);
	});

	it('store/inventories accepts limit 250', async () => {
		const r = await get(sb, '/api/v5/store/inventories?limit=250&page=120');
		expect(r.status).toBe(200);
		expect(r.data.pagination).toEqual({ limit: 250, totalCount: 30000, currentPage: 120, totalPageCount: 120 });
		expect(r.data.offers).toHaveLength(250);
	});

	it('history is ascending by id; sinceId is exclusive; walking with sinceId sees every record exactly once', async () => {
		const first = await get(sb, '/api/v5/orders/history?limit=100');
		const ids = first.data.history.map((h: any) => h.id);
		expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
		expect(first.data.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		const next = await get(sb, `/api/v5/orders/history?limit=100&filter[sinceId]=${ids[49]}`);
		expect(next.data.history[0].id).toBe(ids[50]);

		let sinceId = 0;
		let seen = 0;
		let requests = 0;
		for (;;) {
			const page = await get(sb, `/api/v5/orders/history?limit=100&filter[sinceId]=${sinceId}`);
			requests++;
			const h = page.data.history;
			if (h.length === 0) break;
			expect(h[0].id).toBeGreaterThan(sinceId);
			seen += h.length;
			sinceId = h.at(-1).id;
			if (page.data.pagination.currentPage >= page.data.pagination.totalPageCount) break;
		}
		expect(seen).toBe(sb.state.history.length);
		expect(requests).toBe(Math.ceil(sb.state.history.length / 100));
	});

	it('history refuses filter[sinceId] together with page, even page=1 (400, since 2023-05-15); page alone or sinceId alone pass', async () => {
		for (const q of ['limit=100&page=1&filter[sinceId]=5', 'limit=100&page=2&filter[sinceId]=0']) {
			const r = await get(sb, `/api/v5/orders/history?${q}`);
			expect(r.status).toBe(400);
			expect(r.data.success).toBe(false);
			expect(r.data.errors.page).toMatch(/sinceId/);
		}
		expect((await get(sb, '/api/v5/orders/history?limit=100&page=2')).status).toBe(200);
		expect((await get(sb, '/api/v5/orders/history?limit=100&filter[sinceId]=5')).status).toBe(200);
	});

	it('history startDate/endDate are inclusive Y-m-d H:i:s; other formats are 400', async () => {
		const sample = sb.state.history[500];
		const { toLocal } = await import('../../sandboxes/retailcrm/dates');
		const local = toLocal(sample.createdAt, 'Europe/Moscow');
		const r = await get(sb, `/api/v5/orders/history?limit=100&filter[startDate]=${encodeURIComponent(local)}&filter[endDate]=${encodeURIComponent(local)}`);
		expect(r.data.history.length).toBeGreaterThanOrEqual(1);
		expect(r.data.history.every((h: any) => h.createdAt === local)).toBe(true);
		expect(r.data.history.map((h: any) => h.id)).toContain(sample.id);
		const bad = await get(sb, '/api/v5/orders/history?filter[startDate]=2025-10-01');
		expect(bad.status).toBe(400);
		expect(bad.data).toEqual({ success: false, errorMsg: 'Errors in the input parameters', errors: { 'children[startDate]': 'This value is not valid.' } });
	});

	it('history records are api with apiKey or user with user, and created records carry a full snapshot', async () => {
		const r = await get(sb, '/api/v5/orders/history?limit=100');
		for (const h of r.data.history) {
			if (h.source === 'api') expect(typeof h.apiKey.current).toBe('boolean');
			else expect(h.user.id).toEqual(expect.any(Number));
			if (h.created) expect(h.order.items.length).toBeGreaterThan(0);
			else expect(Object.keys(h.order).sort()).toEqual(expect.arrayContaining(['id', 'site', 'status']));
		}
	});
});
