import axios from 'axios';
import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_ORDER_IDS } from '../../sandboxes/retailcrm/server';
import { control, get, postForm, changedParts, snapshot, start } from './helpers';

describe('authentication, scopes and routing', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('401 when no key is sent, 403 for an unknown key', async () => {
		const none = await get(sb, '/api/v5/orders', null);
		expect(none.status).toBe(401);
		expect(none.data).toEqual({ success: false, errorMsg: '"apiKey" is missing.' });
		const wrong = await get(sb, '/api/v5/orders', 'nope');
		expect(wrong.status).toBe(403);
		expect(wrong.data).toEqual({ success: false, errorMsg: 'Wrong "apiKey" value.' });
	});

	it('takes the key from a lower-case header, the apiKey query parameter, or the apiKey form field', async () => {
		const header = await get(sb, '/api/v5/reference/sites', null, { 'x-api-key': sb.keys.integration });
		expect(header.status).toBe(200);
		const query = await get(sb, `/api/v5/reference/sites?apiKey=${sb.keys.integration}`, null);
		expect(query.status).toBe(200);
		const form = await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, { apiKey: sb.keys.integration, by: 'id', order: { managerComment: 'x' } }, null);
		expect(form.status).toBe(200);
	});

	it('403 Access denied when the key lacks the scope, and nothing changes', async () => {
		const before = snapshot(sb);
		const r = await postForm(sb, '/api/v5/store/inventories/upload', { offers: [{ id: 1, stores: [{ code: 'main', available: 1 }] }] }, sb.keys.readonly);
		expect(r.status).toBe(403);
		expect(r.data).toEqual({ success: false, errorMsg: 'Access denied.' });
		expect(changedParts(before, sb)).toEqual([]);
		const site = await get(sb, '/api/v5/reference/statuses', sb.keys.site);
		expect(site.status).toBe(403);
	});

	it('403 Access denied for a site outside the key', async () => {
		const r = await get(sb, '/api/v5/orders/x?site=other-shop', sb.keys.site);
		expect(r.status).toBe(403);
		expect(r.data.errorMsg).toBe('Access denied.');
	});

	it('credentials reflect each key', async () => {
		const full = await get(sb, '/api/credentials');
		expect(full.data).toMatchObject({ success: true, siteAccess: 'access_full', sitesAvailable: ['test-crm10'] });
		expect(full.data.scopes).toEqual(expect.arrayContaining(['order_read', 'order_write', 'store_write', 'integration_write']));
		expect(full.data.credentials).toContain('/api/v5/store/inventories/upload');
		const site = await get(sb, '/api/credentials', sb.keys.site);
		expect(site.data).toMatchObject({ siteAccess: 'access_selective', sitesAvailable: ['test-crm10'], scopes: ['order_read', 'order_write', 'customer_read', 'customer_write'] });
		expect(site.data.credentials).not.toContain('/api/v5/store/inventories/upload');
		const versions = await get(sb, '/api/api-versions');
		expect(versions.data).toEqual({ success: true, versions: ['3.0', '4.0', '5.0'] });
	});

	it('404 Method not found for an unknown route, 405 for the wrong verb', async () => {
		const unknown = await get(sb, '/api/v5/orders/by/the/way');
		expect(unknown.status).toBe(404);
		expect(unknown.data).toEqual({ success: false, errorMsg: 'Method not found' });
		const verb = await get(sb, '/api/v5/orders/create');
		expect(verb.status).toBe(405);
		expect(verb.data).toEqual({ success: false, errorMsg: 'Method Not Allowed' });
		const verb2 = await postForm(sb, '/api/v5/orders', {});
		expect(verb2.status).toBe(405);
	});

	it('"account does not exist": POST answers 405 with an nginx HTML page, and state is untouched', async () => {
		await control(sb, 'POST', 'config', { accountMissing: true });
		const before = snapshot(sb);
		const r = await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, { by: 'id', order: { status: 'complete' } });
		expect(r.status).toBe(405);
		expect(r.headers['content-type']).toMatch(/^text\/html/);
		expect(String(r.data).startsWith('<html>')).toBe(true);
		expect(changedParts(before, sb)).toEqual([]);
	});

	it('logs requests with key labels, never key values', async () => {
		sb.clearRequests();
		await get(sb, `/api/v5/orders?apiKey=${sb.keys.site}`, null);
		await get(sb, '/api/v5/orders', 'some-unknown-key');
		await postForm(sb, '/api/v5/orders/fix-external-ids', { apiKey: sb.keys.integration, orders: [{ id: SEED_ORDER_IDS['5488'], externalId: 'E1' }] }, null);
		const log = await control(sb, 'GET', 'requests');
		expect(log.data.requests.map((r: { key: string; status: number }) => [r.key, r.status])).toEqual([
			['site', 200],
			['unknown', 403],
			['integration', 200],
		]);
		const text = JSON.stringify(log.data);
		for (const k of Object.values(sb.keys)) expect(text).not.toContain(k);
		expect(text).not.toContain('some-unknown-key');
		const since = await control(sb, 'GET', `requests?since=${log.data.requests[1].seq}`);
		expect(since.data.requests).toHaveLength(1);
		expect(since.data.requests[0].form.orders).toContain('E1');
		await control(sb, 'DELETE', 'requests');
		expect((await control(sb, 'GET', 'requests')).data.requests).toEqual([]);
	});

	it('closes cleanly with keep-alive connections open', async () => {
		const other = await start();
		const agent = new (require('node:http').Agent)({ keepAlive: true });
		await axios.get(`${other.url}/api/api-versions`, { httpAgent: agent, headers: { 'X-API-KEY': other.keys.integration } });
		await other.close();
		agent.destroy();
		await expect(axios.get(`${other.url}/api/api-versions`, { timeout: 2000 })).rejects.toThrow();
	});
});
