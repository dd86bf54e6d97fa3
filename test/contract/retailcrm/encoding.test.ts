import { parsePhpQuery } from '../../sandboxes/retailcrm/php-query';
import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_ORDER_IDS } from '../../sandboxes/retailcrm/server';
import { get, postForm, postRaw, changedParts, snapshot, start } from './helpers';

describe('PHP bracket parsing', () => {
	it('reads a[]= and a[0]= the same way, nests, and keeps maps as maps', () => {
		expect(parsePhpQuery('filter[ids][]=1&filter[ids][]=2')).toEqual({ filter: { ids: ['1', '2'] } });
		expect(parsePhpQuery('filter[ids][0]=1&filter[ids][1]=2')).toEqual({ filter: { ids: ['1', '2'] } });
		expect(parsePhpQuery('filter[customFields][nps][min]=5&limit=20')).toEqual({ filter: { customFields: { nps: { min: '5' } } }, limit: '20' });
		expect(parsePhpQuery('a[1]=x&a[0]=y')).toEqual({ a: { '1': 'x', '0': 'y' } });
	});

	it('decodes + and %20 as spaces, UTF-8 percent escapes, and encoded brackets', () => {
		expect(parsePhpQuery('n=a+b&m=a%20b')).toEqual({ n: 'a b', m: 'a b' });
		expect(parsePhpQuery('name=%D0%94%D0%B6%D0%B8%D0%BD%D1%81%D1%8B')).toEqual({ name: 'Джинсы' });
		expect(parsePhpQuery('filter%5Bids%5D%5B%5D=7')).toEqual({ filter: { ids: ['7'] } });
		expect(parsePhpQuery('bad=%E0%A4%A&ok=1')).toEqual({ bad: '%E0%A4%A', ok: '1' });
	});
});

describe('encodings over the wire', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('filters orders the same with filter[ids][]= and filter[ids][0]=', async () => {
		const a = await get(sb, `/api/v5/orders?filter[ids][]=${SEED_ORDER_IDS['5488']}&filter[ids][]=${SEED_ORDER_IDS['5490']}`);
		const b = await get(sb, `/api/v5/orders?filter%5Bids%5D%5B0%5D=${SEED_ORDER_IDS['5488']}&filter%5Bids%5D%5B1%5D=${SEED_ORDER_IDS['5490']}`);
		expect(a.status).toBe(200);
		expect(a.data.orders.map((o: { number: string }) => o.number)).toEqual(['5490', '5488']);
		expect(b.data.orders).toEqual(a.data.orders);
	});

	it('accepts + and %20 and Cyrillic in filter values', async () => {
		const plus = await get(sb, `/api/v5/customers?filter[name]=${encodeURIComponent('покупатель')}+${encodeURIComponent('Розничный')}`);
		const pct = await get(sb, `/api/v5/customers?filter[name]=${encodeURIComponent('покупатель Розничный')}`);
		expect(plus.status).toBe(200);
		expect(plus.data.customers).toHaveLength(1);
		expect(plus.data.customers[0].firstName).toBe('Розничный');
		expect(pct.data.customers).toEqual(plus.data.customers);
	});

	it('takes a form body with a JSON field, Cyrillic included', async () => {
		const r = await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, { by: 'id', order: { managerComment: 'Позвонить после 18:00 & уточнить' } });
		expect(r.status).toBe(200);
		expect(r.data.order.managerComment).toBe('Позвонить после 18:00 & уточнить');
	});

	it('rejects a JSON request body as a missing parameter, without touching state', async () => {
		const before = snapshot(sb);
		const r = await postRaw(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit?by=id`, JSON.stringify({ order: { status: 'complete' } }), 'application/json');
		expect(r.status).toBe(400);
		expect(r.data).toEqual({ success: false, errorMsg: "Parameter 'order' is missing" });
		expect(changedParts(before, sb)).toEqual([]);
	});

	it('reads a POST\'s parameters from the form body only: `by` or `order` in the query string are not seen', async () => {
		const before = snapshot(sb);
		const order = encodeURIComponent(JSON.stringify({ managerComment: 'x' }));
		const inQuery = await postRaw(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit?by=id&order=${order}`, '', 'application/x-www-form-urlencoded');
		expect(inQuery.data).toEqual({ success: false, errorMsg: "Parameter 'order' is missing" });
		// `by=id` in the query is not read: the id is taken as an externalId, which no order has.
		const byInQuery = await postRaw(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit?by=id`, `order=${order}`, 'application/x-www-form-urlencoded');
		expect(byInQuery.status).toBe(404);
		expect(changedParts(before, sb)).toEqual([]);
	});

	it('rejects unparseable JSON in a form field as an entity-format error', async () => {
		const r = await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, { by: 'id', order: '{"status":' });
		expect(r.status).toBe(400);
		expect(r.data.errorMsg).toBe('Errors in the entity format');
	});

	it('rejects an unknown filter key', async () => {
		const r = await get(sb, '/api/v5/orders?filter[updatedAtFrom]=2015-01-01');
		expect(r.status).toBe(400);
		expect(r.data).toEqual({ success: false, errorMsg: 'Errors in the input parameters', errors: { 'children[updatedAtFrom]': 'This form should not contain extra fields.' } });
	});

	it('answers JSON with charset utf-8', async () => {
		const r = await get(sb, '/api/v5/reference/stores');
		expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(r.data.stores.find((s: { code: string }) => s.code === 'main').name).toBe('Основной склад');
	});
});
