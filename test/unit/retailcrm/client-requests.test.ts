import { Pacer } from '../../../nodes/core/http/pacer';
import { RetailCrmClient, normaliseBaseUrl } from '../../../nodes/core/retailcrm/client';
import { fakeClock } from '../../helpers/axios-transport';
import { fakeTransport, formPairs, json, pagination, queryPairs } from './fake-transport';
import type { HttpRequest, HttpResponse } from '../../../nodes/core/http/transport';

function clientWith(handler: (req: HttpRequest, i: number) => HttpResponse) {
	const transport = fakeTransport(handler);
	const clock = fakeClock();
	const client = new RetailCrmClient({ baseUrl: 'https://shop.retailcrm.ru/api/v5/', transport, clock, pacer: new Pacer(1000, clock) });
	return { client, transport };
}

const order = (id: number, extra: Record<string, unknown> = {}) => ({ id, number: `${id}C`, site: 'shop', status: 'new', items: [], ...extra });

describe('normaliseBaseUrl', () => {
	it.each([
		['https://shop.retailcrm.ru', 'https://shop.retailcrm.ru'],
		['https://shop.retailcrm.ru/', 'https://shop.retailcrm.ru'],
		['https://shop.retailcrm.ru/api', 'https://shop.retailcrm.ru'],
		['https://shop.retailcrm.ru/api/v5/', 'https://shop.retailcrm.ru'],
		['  shop.simla.com/API/V5  ', 'https://shop.simla.com'],
		['http://127.0.0.1:8080/api/', 'http://127.0.0.1:8080'],
	])('%s → %s', (raw, expected) => expect(normaliseBaseUrl(raw)).toBe(expected));
});

describe('RetailCrmClient requests', () => {
	it('lists orders with bracket filters, page and limit, no key anywhere', async () => {
		const { client, transport } = clientWith(() => json(200, { success: true, pagination: pagination(1, 1), orders: [order(1)] }));
		const page = await client.listOrders({
			filter: { ids: [1, 2], extendedStatus: ['new'], sites: ['shop'], createdAtFrom: '2024-01-01', statusUpdatedAtTo: '2024-01-31 23:59:59' },
			page: 1,
			limit: 100,
		});
		expect(page.items.map((o) => o.id)).toEqual([1]);
		const req = transport.requests[0];
		expect(req.method).toBe('GET');
		expect(req.url.startsWith('https://shop.retailcrm.ru/api/v5/orders?')).toBe(true);
		expect(queryPairs(req.url)).toEqual([
			['filter[ids][]', '1'],
			['filter[ids][]', '2'],
			['filter[extendedStatus][]', 'new'],
			['filter[sites][]', 'shop'],
			['filter[createdAtFrom]', '2024-01-01'],
			['filter[statusUpdatedAtTo]', '2024-01-31 23:59:59'],
			['page', '1'],
			['limit', '100'],
		]);
		expect(req.url).toContain('2024-01-31%2023%3A59%3A59');
		expect(req.url.toLowerCase()).not.toContain('apikey');
		expect(req.body).toBeUndefined();
		expect(req.timeoutMs).toBe(30_000);
	});

	it('uses unversioned paths for credentials and api-versions', async () => {
		const { client, transport } = clientWith((req) =>
			req.url.endsWith('/api/credentials')
				? json(200, { success: true, scopes: ['order_read'], siteAccess: 'access_full', sitesAvailable: ['shop'] })
				: json(200, { success: true, versions: ['3.0', '4.0', '5.0'] }),
		);
		expect((await client.credentials()).scopes).toEqual(['order_read']);
		expect(await client.apiVersions()).toEqual(['3.0', '4.0', '5.0']);
		expect(transport.requests.map((r) => r.url)).toEqual(['https://shop.retailcrm.ru/api/credentials', 'https://shop.retailcrm.ru/api/api-versions']);
	});

	it('gets an order with an explicit by and site, encoding the identifier', async () => {
		const { client, transport } = clientWith(() => json(200, { success: true, order: order(7, { externalId: 'УТ 1/2' }) }));
		const o = await client.getOrder('УТ 1/2', { by: 'externalId', site: 'shop' });
		expect(o.externalId).toBe('УТ 1/2');
		const url = new URL(transport.requests[0].url);
		expect(url.pathname).toBe('/api/v5/orders/%D0%A3%D0%A2%201%2F2');
		expect(queryPairs(transport.requests[0].url)).toEqual([['by', 'externalId'], ['site', 'shop']]);
		await client.getOrder(7, { by: 'id' });
		expect(queryPairs(transport.requests[1].url)).toEqual([['by', 'id']]);
	});

	it('edits an order with a form body: by and site plain, order as JSON', async () => {
		const { client, transport } = clientWith(() => json(200, { success: true, id: 7, order: order(7, { status: 'complete' }) }));
		const result = await client.editOrder(7, { by: 'id', site: 'shop' }, { status: 'complete', customFields: { onec: 'УТ-1' } });
		expect(result.order?.status).toBe('complete');
		const req = transport.requests[0];
		expect(req.method).toBe('POST');
		expect(req.url).toBe('https://shop.retailcrm.ru/api/v5/orders/7/edit');
		expect(req.headers?.['Content-Type']).toBe('application/x-www-form-urlencoded');
		expect(formPairs(req.body)).toEqual([
			['by', 'id'],
			['site', 'shop'],
			['order', '{"status":"complete","customFields":{"onec":"УТ-1"}}'],
		]);
	});

	it('sends fix-external-ids, uploads and integration modules as JSON form fields', async () => {
		const { client, transport } = clientWith((req) => {
			if (req.url.includes('upload')) return json(200, { success: true, processedOffersCount: 1, notFoundOffers: [{ externalId: 'zz' }] });
			if (req.url.includes('integration-modules')) return json(200, { success: true, info: [] });
			return json(200, { success: true });
		});
		await client.fixExternalIds([{ id: 1, externalId: 'УТ-1' }]);
		const inv = await client.uploadInventories([{ externalId: 'a', stores: [{ code: 'main', available: 0, purchasePrice: 10 }] }], { site: 'shop' });
		const prices = await client.uploadPrices([{ xmlId: 'x', site: 'shop', prices: [{ code: 'base', price: 99.9 }, { code: 'old', remove: true }] }]);
		const info = await client.editIntegrationModule({ code: 'onec-wh', integrationCode: 'onec-wh', active: true, name: '1C' });
		expect(inv).toEqual({ processedOffersCount: 1, notFoundOffers: [{ externalId: 'zz' }] });
		expect(prices.processedOffersCount).toBe(1);
		expect(info).toEqual({});
		expect(transport.requests.map((r) => [r.url.replace('https://shop.retailcrm.ru', ''), formPairs(r.body)])).toEqual([
			['/api/v5/orders/fix-external-ids', [['orders', '[{"id":1,"externalId":"УТ-1"}]']]],
			['/api/v5/store/inventories/upload', [['offers', '[{"externalId":"a","stores":[{"code":"main","available":0,"purchasePrice":10}]}]'], ['site', 'shop']]],
			['/api/v5/store/prices/upload', [['prices', '[{"xmlId":"x","site":"shop","prices":[{"code":"base","price":99.9},{"code":"old","remove":true}]}]']]],
			['/api/v5/integration-modules/onec-wh/edit', [['integrationModule', '{"code":"onec-wh","integrationCode":"onec-wh","active":true,"name":"1C"}']]],
		]);
	});

	it('asks orders/statuses with top-level ids[] and externalIds[]', async () => {
		const { client, transport } = clientWith(() => json(200, { success: true, orders: [{ id: 1, externalId: 'a', status: 'new', group: 'new' }] }));
		expect(await client.orderStatuses({ ids: [1, 2], externalIds: ['a'] })).toEqual([{ id: 1, externalId: 'a', status: 'new', group: 'new' }]);
		expect(queryPairs(transport.requests[0].url)).toEqual([['ids[]', '1'], ['ids[]', '2'], ['externalIds[]', 'a']]);
	});

	it('returns reference books as arrays whatever their shape', async () => {
		const { client } = clientWith((req) =>
			req.url.endsWith('statuses')
				? json(200, { success: true, statuses: { a: { code: 'a', name: 'A', group: 'g' }, b: { code: 'b', name: 'B', group: 'g' } } })
				: json(200, { success: true, priceTypes: [] }),
		);
		expect((await client.statuses()).map((s) => s.code)).toEqual(['a', 'b']);
		expect(await client.priceTypes()).toEqual([]);
	});
});

describe('pagination helpers', () => {
	it('follows pages while currentPage < totalPageCount', async () => {
		const { client, transport } = clientWith((req) => {
			const page = Number(new URL(req.url).searchParams.get('page'));
			return json(200, { success: true, pagination: pagination(page, 3, 20, 45), orders: [order(page)] });
		});
		const pages = [];
		for await (const p of client.iterateOrders({ extendedStatus: ['new'] }, 20)) pages.push(p.items[0].id);
		expect(pages).toEqual([1, 2, 3]);
		expect(transport.requests).toHaveLength(3);
	});

	it('batches getOrdersByIds 100 ids per request and keeps the asked order', async () => {
		const ids = Array.from({ length: 250 }, (_, i) => 250 - i);
		const { client, transport } = clientWith((req) => {
			const asked = new URL(req.url).searchParams.getAll('filter[ids][]').map(Number);
			// Unknown id 1 is skipped by the server; answer newest first like the API.
			const found = asked.filter((id) => id !== 1).sort((a, b) => b - a);
			return json(200, { success: true, pagination: pagination(1, 1, 100, found.length), orders: found.map((id) => order(id)) });
		});
		const orders = await client.getOrdersByIds([...ids, 5]);
		expect(transport.requests).toHaveLength(3);
		expect(transport.requests.map((r) => new URL(r.url).searchParams.getAll('filter[ids][]').length)).toEqual([100, 100, 50]);
		expect(transport.requests.every((r) => new URL(r.url).searchParams.get('limit') === '100')).toBe(true);
		expect(orders.map((o) => o.id)).toEqual(ids.filter((id) => id !== 1));
	});
});

describe('iterateHistory', () => {
	const record = (id: number) => ({ id, createdAt: '2024-01-01 10:00:00', source: 'user', field: 'status', order: { id: 100 + id, site: 'shop', status: 'new' } });

	it('walks the sinceId cursor, drops startDate after the first page, never sends page', async () => {
		const all = Array.from({ length: 230 }, (_, i) => record(i + 1));
		const { client, transport } = clientWith((req) => {
			const params = new URL(req.url).searchParams;
			const sinceId = Number(params.get('filter[sinceId]') ?? 0);
			const limit = Number(params.get('limit'));
			const rest = all.filter((r) => r.id > sinceId);
			return json(200, { success: true, generatedAt: '2024-01-02 00:00:00', history: rest.slice(0, limit), pagination: pagination(1, Math.ceil(rest.length / limit), limit, rest.length) });
		});
		const lastIds: number[] = [];
		let count = 0;
		for await (const page of client.iterateHistory({ filter: { startDate: '2024-01-01 00:00:00' }, limit: 100 })) {
			lastIds.push(page.lastId);
			count += page.records.length;
		}
		expect(lastIds).toEqual([100, 200, 230]);
		expect(count).toBe(230);
		expect(transport.requests.map((r) => queryPairs(r.url))).toEqual([
			[['filter[startDate]', '2024-01-01 00:00:00'], ['limit', '100']],
			[['filter[sinceId]', '100'], ['limit', '100']],
			[['filter[sinceId]', '200'], ['limit', '100']],
		]);
	});

	it('starts from a saved cursor and stops on an empty page', async () => {
		const { client, transport } = clientWith((req, i) => {
			expect(new URL(req.url).searchParams.has('page')).toBe(false);
			return json(200, { success: true, history: i === 0 ? Array.from({ length: 20 }, (_, k) => record(51 + k)) : [], pagination: pagination(1, i === 0 ? 1 : 0, 20, i === 0 ? 20 : 0) });
		});
		const pages = [];
		for await (const page of client.iterateHistory({ sinceId: 50, limit: 20 })) pages.push(page.lastId);
		expect(pages).toEqual([70]);
		expect(transport.requests).toHaveLength(2);
		expect(new URL(transport.requests[1].url).searchParams.get('filter[sinceId]')).toBe('70');
	});

	it('follows a short page that retailCRM says is not the last (records of stores the key may not see left out after paging)', async () => {
		const { client, transport } = clientWith((req, i) => {
			const sinceId = Number(new URL(req.url).searchParams.get('filter[sinceId]'));
			if (i === 0) return json(200, { success: true, history: [record(51), record(60)], pagination: pagination(1, 3, 20, 45) });
			return json(200, { success: true, history: [record(sinceId + 5)], pagination: pagination(1, 1, 20, 1) });
		});
		const pages = [];
		for await (const page of client.iterateHistory({ sinceId: 50, limit: 20 })) pages.push(page.lastId);
		expect(pages).toEqual([60, 65]);
		expect(transport.requests).toHaveLength(2);
	});

	it('an empty page while more pages follow is an error naming the gap, not a cursor that silently never moves', async () => {
		const { client } = clientWith(() => json(200, { success: true, history: [], pagination: pagination(1, 3, 100, 250) }));
		const walk = async () => {
			for await (const _page of client.iterateHistory({ sinceId: 1000, limit: 100 })) void _page;
		};
		await expect(walk()).rejects.toMatchObject({
			message: expect.stringMatching(/^retailCRM GET \/api\/v5\/orders\/history: an empty page after record 1000, while retailCRM counts 250 records on 3 pages/),
			hint: expect.stringMatching(/Give the key access to every store/),
		});
	});

	it('drops page from a history request that has a sinceId', async () => {
		const { client, transport } = clientWith(() => json(200, { success: true, history: [] }));
		await client.ordersHistory({ filter: { sinceId: 5 }, page: 3, limit: 20 });
		expect(queryPairs(transport.requests[0].url)).toEqual([['filter[sinceId]', '5'], ['limit', '20']]);
	});
});

describe('orderStatuses batching', () => {
	it('splits ids and externalIds into batches of the given size', async () => {
		const { client, transport } = clientWith((req) => {
			const params = new URL(req.url).searchParams;
			const orders = params.getAll('ids[]').map((id) => ({ id: Number(id), status: 'new', group: 'new' }));
			return json(200, { success: true, orders });
		});
		const rows = await client.orderStatuses({ ids: [1, 2, 3, 4, 5], externalIds: ['a', 'b'] }, 3);
		expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
		expect(transport.requests.map((r) => queryPairs(r.url))).toEqual([
			[['ids[]', '1'], ['ids[]', '2'], ['ids[]', '3']],
			[['ids[]', '4'], ['ids[]', '5'], ['externalIds[]', 'a']],
			[['externalIds[]', 'b']],
		]);
	});
});

describe('latestHistoryId', () => {
	const rec = (id: number) => ({ id, field: 'status', source: 'user' });

	it('reads page 1 for the count, then the last page, and returns its last id', async () => {
		const { client, transport } = clientWith((req) => {
			const page = Number(new URL(req.url).searchParams.get('page'));
			const history = page === 1 ? Array.from({ length: 100 }, (_, i) => rec(i + 1)) : [rec(201), rec(202)];
			return json(200, { success: true, history, pagination: pagination(page, 3, 100, 202) });
		});
		expect(await client.latestHistoryId({ startDate: '2024-01-01 00:00:00' })).toBe(202);
		expect(transport.requests.map((r) => queryPairs(r.url))).toEqual([
			[['filter[startDate]', '2024-01-01 00:00:00'], ['page', '1'], ['limit', '100']],
			[['filter[startDate]', '2024-01-01 00:00:00'], ['page', '3'], ['limit', '100']],
		]);
	});

	it('needs one request for a single page and gives undefined for no history', async () => {
		const { client, transport } = clientWith(() => json(200, { success: true, history: [], pagination: pagination(1, 0, 100, 0) }));
		expect(await client.latestHistoryId()).toBeUndefined();
		expect(transport.requests).toHaveLength(1);
	});
});

describe('base URL secrecy', () => {
	it('drops a query string (where a pasted apiKey would live) from the base URL', () => {
		expect(normaliseBaseUrl('https://shop.retailcrm.ru/api/v5?apiKey=abc#x')).toBe('https://shop.retailcrm.ru');
	});
});
