/** Page/limit pagination and the history sinceId cursor over many records. */
import { SandboxHarness } from './sandbox-harness';
import { collectItems } from '../../../nodes/core/retailcrm/pagination';

const h = new SandboxHarness();
const SITE = 'test-crm10';

beforeAll(async () => {
	await h.start('seed');
	await h.configure({ rateLimit: false });
	// 45 extra orders → 48 in all: 3 pages of 20; each create adds one history record.
	const { client } = h.client();
	for (let i = 0; i < 45; i++) await client.createOrder({ firstName: `Покупатель ${i}`, items: [{ offer: { id: 1 }, quantity: 1, initialPrice: 300 }] }, { site: SITE });
});
afterAll(() => h.stop());
beforeEach(() => h.clearRequests());

describe('page/limit pagination', () => {
	it('walks every page of orders while currentPage < totalPageCount', async () => {
		const { client } = h.client();
		const pages: number[] = [];
		const ids: number[] = [];
		for await (const page of client.iterateOrders({}, 20)) {
			pages.push(page.pagination.currentPage);
			ids.push(...page.items.map((o) => o.id));
		}
		expect(pages).toEqual([1, 2, 3]);
		expect(ids).toHaveLength(48);
		expect(new Set(ids).size).toBe(48);
		expect(ids).toEqual([...ids].sort((a, b) => b - a));
		expect((await h.requests()).map((r) => r.query.page)).toEqual(['1', '2', '3']);
	});

	it('collects customers across pages', async () => {
		const { client } = h.client();
		const all = await collectItems(client.iterateOrders({ sites: [SITE] }, 50));
		expect(all).toHaveLength(48);
		expect(await h.requests()).toHaveLength(1);
	});
});

describe('history cursor', () => {
	it('a history request with a sinceId and a page goes out without the page (the API answers 400 to both)', async () => {
		const { client } = h.client();
		const result = await client.ordersHistory({ filter: { sinceId: 1 }, page: 2, limit: 20 });
		expect(result.records[0].id).toBeGreaterThan(1);
		const [req] = await h.requests();
		expect(req.query.page).toBeUndefined();
		expect(req.status).toBe(200);
	});

	it('reads history from a sinceId across pages without repeating or skipping a record', async () => {
		const { client } = h.client();
		const first = await client.ordersHistory({ limit: 20 });
		const start = first.records[1].id;
		const seen: number[] = [];
		const lastIds: number[] = [];
		for await (const page of client.iterateHistory({ sinceId: start, limit: 20 })) {
			seen.push(...page.records.map((r) => r.id));
			lastIds.push(page.lastId);
		}
		const total = 3 + 45;
		expect(seen).toEqual(Array.from({ length: total - start }, (_, i) => start + 1 + i));
		expect(lastIds[lastIds.length - 1]).toBe(total);
		const log = await h.requests();
		// 1 probe + ceil(46/20) = 3 pages; the last one is short, so no empty extra request.
		expect(log).toHaveLength(4);
		expect(log.slice(1).map((r) => (r.query.filter as Record<string, string>).sinceId)).toEqual([String(start), String(start + 20), String(start + 40)]);
		expect(log.slice(1).every((r) => r.query.page === undefined)).toBe(true);
	});

	it('picks up later changes from the saved cursor and marks our own changes apiKey.current', async () => {
		const { client } = h.client();
		let cursor = 0;
		for await (const page of client.iterateHistory({ filter: { startDate: '2000-01-01 00:00:00' }, limit: 100 })) cursor = page.lastId;
		await h.setStatus(101, 'send-to-assembling');
		await client.editOrder(102, { by: 'id' }, { status: 'send-to-assembling' });
		const changes = [];
		for await (const page of client.iterateHistory({ sinceId: cursor, limit: 100 })) changes.push(...page.records);
		expect(changes.map((r) => [r.order?.id, r.field, r.source, r.apiKey?.current])).toEqual([
			[101, 'status', 'user', undefined],
			[102, 'status', 'api', true],
		]);
		const { client: siteClient } = h.client(h.keys.site);
		const seenBySite = [];
		for await (const page of siteClient.iterateHistory({ sinceId: cursor, limit: 20 })) seenBySite.push(...page.records);
		expect(seenBySite.find((r) => r.order?.id === 102)?.apiKey?.current).toBe(false);
	});
});

describe('latestHistoryId', () => {
	it('returns the newest record id, so a first run starts from now', async () => {
		const { client } = h.client();
		const latest = await client.latestHistoryId();
		const walked: number[] = [];
		for await (const page of client.iterateHistory({ sinceId: 0, limit: 20 })) walked.push(page.lastId);
		expect(latest).toBe(walked[walked.length - 1]);
		const after = [];
		for await (const page of client.iterateHistory({ sinceId: latest, limit: 20 })) after.push(...page.records);
		expect(after).toEqual([]);
	});
});
