import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_ORDER_IDS } from '../../sandboxes/retailcrm/server';
import { control, get, postForm, start } from './helpers';

describe('config toggles and the state control API', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('empty maps are PHP [] by default and {} when toggled; filled maps stay objects', async () => {
		const path = `/api/v5/orders/${SEED_ORDER_IDS['5490']}?by=id`;
		const php = await get(sb, path);
		expect(php.raw).toContain('"customFields":[]');
		expect(php.data.order.customFields).toEqual([]);
		expect(php.data.order.items[0].properties).toEqual([]);
		expect(php.data.order.payments).toEqual([]);
		await control(sb, 'POST', 'config', { emptyMapStyle: '{}' });
		const js = await get(sb, path);
		expect(js.data.order.customFields).toEqual({});
		expect(js.data.order.payments).toEqual({});
		await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5490']}/edit`, { by: 'id', order: { customFields: { onec_number: 'ЦРМ00005490' } } });
		await control(sb, 'POST', 'config', { emptyMapStyle: '[]' });
		const filled = await get(sb, path);
		expect(filled.data.order.customFields).toEqual({ onec_number: 'ЦРМ00005490' });
		const byField = await get(sb, `/api/v5/orders?filter[customFields][onec_number]=${encodeURIComponent('ЦРМ00005490')}`);
		expect(byField.data.orders.map((o: any) => o.number)).toEqual(['5490']);
		// A string value that merely looks like an empty map is left alone.
		await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5490']}/edit`, { by: 'id', order: { managerComment: '{"customFields":{}}' } });
		expect((await get(sb, path)).data.order.managerComment).toBe('{"customFields":{}}');
	});

	it('errorsStyle list sends field errors as ["field: message"], as retailCRM\'s upload methods do; map (default) as an object', async () => {
		const bad = { by: 'id', order: { status: 'no-such' } };
		expect((await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, bad)).data.errors).toEqual({ status: 'Status "no-such" does not exist.' });
		sb.configure({ errorsStyle: 'list' });
		try {
			const r = await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, bad);
			expect(r.status).toBe(400);
			expect(r.data).toEqual({ success: false, errorMsg: 'Order is not loaded', errors: ['status: Status "no-such" does not exist.'] });
		} finally {
			sb.configure({ errorsStyle: 'map' });
		}
	});

	it('renders dates in the configured account timezone, without offset', async () => {
		const path = `/api/v5/orders/${SEED_ORDER_IDS['5488']}?by=id`;
		expect((await get(sb, path)).data.order.createdAt).toBe('2015-10-12 16:55:10');
		await control(sb, 'POST', 'config', { timezone: 'UTC' });
		expect((await get(sb, path)).data.order.createdAt).toBe('2015-10-12 13:55:10');
		// Filters are read in the same timezone.
		const r = await get(sb, `/api/v5/orders?filter[createdAtFrom]=${encodeURIComponent('2015-10-12 13:55:10')}&filter[createdAtTo]=${encodeURIComponent('2015-10-12 13:55:10')}`);
		expect(r.data.orders.map((o: any) => o.number)).toEqual(['5488']);
		expect((await control(sb, 'POST', 'config', { timezone: 'Mars/Olympus' })).status).toBe(400);
		expect((await control(sb, 'POST', 'config', { bogus: true })).status).toBe(400);
		expect((await control(sb, 'POST', 'config', { rateLimit: 'maybe' })).status).toBe(400);
		expect((await control(sb, 'POST', 'config', { rateLimitStatus: 500 })).status).toBe(400);
		const on = await control(sb, 'POST', 'config', { rateLimit: 'on', retryAfter: 'off', rateLimitPerSecond: '5' });
		expect(on.data.config).toMatchObject({ rateLimit: true, retryAfter: false, rateLimitPerSecond: 5 });
	});

	it('GET state / POST reset {state} round-trip; reset {fixture} restores the seed', async () => {
		await postForm(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}/edit`, { by: 'id', order: { status: 'complete' } });
		const state = (await control(sb, 'GET', 'state')).data;
		expect(state.orders.find((o: any) => o.id === SEED_ORDER_IDS['5488']).status).toBe('complete');
		await control(sb, 'POST', 'reset', { fixture: 'seed' });
		expect(sb.state.orders.find((o) => o.id === SEED_ORDER_IDS['5488'])!.status).toBe('new');
		await control(sb, 'POST', 'reset', { state });
		expect((await get(sb, `/api/v5/orders/${SEED_ORDER_IDS['5488']}?by=id`)).data.order.status).toBe('complete');
		expect(JSON.parse(JSON.stringify(sb.state))).toEqual(state);
		expect((await control(sb, 'POST', 'reset', { fixture: 'huge' })).status).toBe(400);
		expect((await control(sb, 'GET', 'nothing-here')).status).toBe(404);
	});

	it('history ids stay global and monotonic across create, edit, user status change and fix-external-ids', async () => {
		const c = await postForm(sb, '/api/v5/orders/create', { order: { items: [{ offer: { id: 1 }, quantity: 1 }] } }, sb.keys.site);
		await postForm(sb, `/api/v5/orders/${c.data.id}/edit`, { by: 'id', order: { status: 'client-confirmed' } });
		await control(sb, 'POST', `orders/${SEED_ORDER_IDS['5489']}/status`, { status: 'send-to-assembling' });
		await postForm(sb, '/api/v5/orders/fix-external-ids', { orders: [{ id: c.data.id, externalId: 'X-1' }] });
		const h = (await get(sb, '/api/v5/orders/history?filter[sinceId]=3')).data.history;
		expect(h.map((r: any) => [r.id, r.field, r.source])).toEqual([
			[4, 'status', 'api'],
			[5, 'status', 'api'],
			[6, 'status', 'user'],
			[7, 'external_id', 'api'],
		]);
		expect(h[0].created).toBe(true);
		expect(h.map((r: any) => r.apiKey?.current)).toEqual([false, true, undefined, true]);
	});
});
