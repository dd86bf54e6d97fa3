/**
 * orders/history for a key limited to some stores, when retailCRM leaves the other stores' records out after paging
 * (sandbox `historySiteFilter: 'afterPaging'`; retailcrm/bitrix-module#25): pages come back short or empty while more
 * follow. A short page is followed; an empty one is an error naming the gap instead of a cursor that never moves.
 */
import { SandboxHarness } from './sandbox-harness';

const h = new SandboxHarness();
const SITE = 'test-crm10';
const OTHER = 'other-shop';

beforeAll(async () => {
	await h.start('seed');
	await h.configure({ rateLimit: false });
	const sites = h.sandbox.state.sites as Record<string, unknown>;
	sites[OTHER] = { ...(sites[SITE] as object), id: 2, code: OTHER, name: 'Другой магазин', url: 'https://other.example.ru', defaultForCrm: false };
});
afterAll(() => h.stop());

async function walk(key: string, sinceId: number): Promise<number[]> {
	const { client } = h.client(key);
	const ids: number[] = [];
	for await (const page of client.iterateHistory({ sinceId, limit: 20 })) ids.push(...page.records.map((r) => r.id));
	return ids;
}

it('walks past short pages, and fails naming the gap on an empty one (the cursor stays)', async () => {
	const { client } = h.client();
	const start = (await client.latestHistoryId()) ?? 0;
	// 25 orders of the other store, then one of ours: with paging first, the site key's page 1 has 0 of 20 records.
	for (let i = 0; i < 25; i++) await client.createOrder({ firstName: `Другой ${i}`, items: [{ offer: { id: 1 }, quantity: 1, initialPrice: 300 }] }, { site: OTHER });
	await client.createOrder({ firstName: 'Наш', items: [{ offer: { id: 1 }, quantity: 1, initialPrice: 300 }] }, { site: SITE });
	const ours = start + 26;

	await h.configure({ historySiteFilter: 'beforePaging' });
	expect(await walk(h.keys.site, start)).toEqual([ours]);

	await h.configure({ historySiteFilter: 'afterPaging' });
	await expect(walk(h.keys.site, start)).rejects.toThrow(/an empty page after record \d+, while retailCRM counts 26 records on 2 pages/);
	// A short page (5 of ours among 20) is followed to the end.
	expect(await walk(h.keys.site, start + 15)).toEqual([ours]);
	expect(await walk(h.keys.integration, start)).toHaveLength(26);
});
