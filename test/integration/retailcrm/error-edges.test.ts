/** More test/sandboxes/retailcrm/README.md edge answers, each surfacing as a typed error through the client. */
import axios from 'axios';
import { RetailCrmApiError } from '../../../nodes/core/retailcrm/errors';
import { SandboxHarness } from './sandbox-harness';

const h = new SandboxHarness();

beforeAll(() => h.start('seed'));
afterAll(() => h.stop());
beforeEach(async () => {
	await h.reset('seed');
	await h.configure({ rateLimit: false });
});

async function failure(promise: Promise<unknown>): Promise<RetailCrmApiError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(RetailCrmApiError);
	return error as RetailCrmApiError;
}

it('fix-external-ids with an unknown order id → validation', async () => {
	const e = await failure(h.client().client.fixExternalIds([{ id: 987654, externalId: 'x' }]));
	expect(e).toMatchObject({ kind: 'validation', status: 400 });
	expect(e.errorMsg).toMatch(/Invalid input parameters|Errors/);
});

it('a history startDate without time → validation naming children[startDate]', async () => {
	const e = await failure(h.client().client.ordersHistory({ filter: { startDate: '2024-01-01' }, limit: 20 }));
	expect(e).toMatchObject({ kind: 'validation', status: 400 });
	expect(Object.keys(e.errors)).toEqual(['children[startDate]']);
});

it('more than 250 offers in one upload → validation with the collection message', async () => {
	const offers = Array.from({ length: 251 }, (_, i) => ({ externalId: `o${i}`, stores: [{ code: 'main', available: 1 }] }));
	const e = await failure(h.client().client.uploadInventories(offers));
	expect(e.kind).toBe('validation');
	expect(e.errors.offers).toMatch(/250 elements or less/);
});

it('an unknown store code in an upload → validation, and nothing is written', async () => {
	const { client } = h.client();
	const e = await failure(client.uploadInventories([{ id: 1, stores: [{ code: 'main', available: 3 }] }, { id: 2, stores: [{ code: 'nope', available: 1 }] }]));
	expect(e.kind).toBe('validation');
	expect(Object.keys(e.errors).join(' ')).toContain('offers[1].stores[0].code');
	const inv = await client.listInventories({ filter: { ids: [1], details: true } });
	expect(inv.items[0].quantity).toBe(23);
});

it('an unknown status in an edit → a typed error carrying the field', async () => {
	const e = await failure(h.client().client.editOrder(101, { by: 'id' }, { status: 'no-such-status' }));
	expect(e.status).toBe(400);
	expect(e.errors).toHaveProperty('status');
});

it('by=externalId for an order without that externalId → notFound', async () => {
	const e = await failure(h.client().client.getOrder(101, { by: 'externalId' }));
	expect(e.kind).toBe('notFound');
});

it('a site outside the key → accessDenied', async () => {
	const e = await failure(h.client(h.keys.site).client.listOrders({ filter: { sites: ['other-shop'] } }));
	expect(e.kind).toBe('accessDenied');
});

it('the sandbox answers JSON with charset and a wrong verb with 405 JSON (client-independent contract)', async () => {
	const res = await axios.get(`${h.url}/api/v5/orders/create`, { headers: { 'X-API-KEY': h.keys.integration }, validateStatus: () => true });
	expect(res.status).toBe(405);
	expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/i);
	expect(res.data).toEqual({ success: false, errorMsg: 'Method Not Allowed' });
});
