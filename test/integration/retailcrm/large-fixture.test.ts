/** The client over the large deterministic fixture: long page walks stay complete and ordered. */
import { SandboxHarness } from './sandbox-harness';

const h = new SandboxHarness();

beforeAll(async () => {
	await h.start('large');
	await h.configure({ rateLimit: false });
});
afterAll(() => h.stop());
beforeEach(() => h.clearRequests());

it('walks all orders 100 per page: as many as totalCount, newest first, no duplicates', async () => {
	const { client } = h.client();
	let total = -1;
	const ids: number[] = [];
	for await (const page of client.iterateOrders({}, 100)) {
		total = page.pagination.totalCount;
		ids.push(...page.items.map((o) => o.id));
	}
	expect(ids).toHaveLength(total);
	expect(total).toBeGreaterThan(1000);
	expect(ids.every((id, i) => i === 0 || id < ids[i - 1])).toBe(true);
	expect(await h.requests()).toHaveLength(Math.ceil(total / 100));
});

it('walks a long history by sinceId: ascending, complete against the total, one request per 100 records', async () => {
	const { client } = h.client();
	const all = await client.ordersHistory({ limit: 20 });
	const total = all.pagination?.totalCount as number;
	expect(total).toBeGreaterThan(3000);
	// Start 2,050 records before the end (ids are global and increasing) to keep the walk short.
	const sinceId = total - 2050;
	const remaining = (await client.ordersHistory({ filter: { sinceId }, limit: 20 })).pagination?.totalCount as number;
	await h.clearRequests();
	const ids: number[] = [];
	let pages = 0;
	for await (const page of client.iterateHistory({ sinceId, limit: 100 })) {
		pages++;
		ids.push(...page.records.map((r) => r.id));
		expect(page.lastId).toBe(page.records[page.records.length - 1].id);
	}
	expect(ids).toHaveLength(remaining);
	expect(ids[0]).toBeGreaterThan(sinceId);
	expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
	// One more request only when the remainder is an exact multiple of the limit (then the last page is empty).
	expect(pages).toBe(Math.ceil(remaining / 100));
	expect(await h.requests()).toHaveLength(pages + (remaining % 100 === 0 ? 1 : 0));
});

it('reads a batch of orders by ids across batches from the large set', async () => {
	const { client } = h.client();
	const first = await client.listOrders({ limit: 100, page: 3 });
	const wanted = first.items.map((o) => o.id).reverse().concat([999_999]);
	await h.clearRequests();
	const orders = await client.getOrdersByIds(wanted, { batchSize: 40 });
	expect(orders.map((o) => o.id)).toEqual(wanted.slice(0, -1));
	expect(await h.requests()).toHaveLength(3);
});
