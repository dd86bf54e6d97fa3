/** Typed errors with clear messages from the sandbox, and the key never shown anywhere. */
import { RetailCrmApiError } from '../../../nodes/core/retailcrm/errors';
import { credentialsCheck } from '../../../nodes/core/retailcrm/credentials-check';
import { RetailCrmClient } from '../../../nodes/core/retailcrm/client';
import { Pacer } from '../../../nodes/core/http/pacer';
import { createAxiosTransport, realClock } from '../../helpers/axios-transport';
import { SandboxHarness } from './sandbox-harness';

const h = new SandboxHarness();
const WRONG_KEY = 'Wr0ngKeyWr0ngKeyWr0ngKeyWr0ngKey';
const texts: string[] = [];

beforeAll(() => h.start('seed'));
afterAll(async () => {
	// The final guard: no key in any error text, hint or log line produced in this file.
	const all = [...texts, ...h.logLines].join('\n');
	for (const key of [h.keys.integration, h.keys.site, WRONG_KEY]) expect(all).not.toContain(key);
	await h.stop();
});
beforeEach(async () => {
	await h.reset('seed');
	await h.configure({ rateLimit: false });
});

async function failure(promise: Promise<unknown>): Promise<RetailCrmApiError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(RetailCrmApiError);
		const e = error as RetailCrmApiError;
		texts.push(e.message, e.hint, e.errorMsg ?? '', JSON.stringify(e.errors), String(e.stack));
		return e;
	}
	throw new Error('expected a RetailCrmApiError');
}

it('a wrong key → invalidKey with a hint about the key, not the URL', async () => {
	const { client } = h.client(WRONG_KEY);
	const e = await failure(client.listOrders());
	expect(e).toMatchObject({ kind: 'invalidKey', status: 403, errorMsg: 'Wrong "apiKey" value.' });
	expect(e.message).toBe('retailCRM GET /api/v5/orders: Wrong "apiKey" value. [HTTP 403]');
	expect(e.hint).toMatch(/API key is wrong/);
	expect(e.message).not.toContain(WRONG_KEY);
});

it('no key at all → missingKey', async () => {
	const client = new RetailCrmClient({ baseUrl: h.url, transport: createAxiosTransport({}), clock: realClock, pacer: new Pacer(1000, realClock) });
	expect((await failure(client.credentials())).kind).toBe('missingKey');
});

it('a key without store scopes → accessDenied naming the scopes to enable', async () => {
	const readonly = (h.keys as Record<string, string>).readonly;
	if (!readonly) return; // the sandbox exports only integration/site keys in its contract
	const { client } = h.client(readonly);
	const e = await failure(client.uploadInventories([{ id: 1, stores: [{ code: 'main', available: 1 }] }]));
	expect(e.kind).toBe('accessDenied');
	expect(e.hint).toMatch(/store_write/);
});

it('a missing parameter → missingParameter', async () => {
	// orders/statuses without ids or externalIds.
	const { client } = h.client();
	const e = await failure(client.orderStatuses({}));
	expect(e.kind).toBe('missingParameter');
	expect(e.message).toMatch(/Parameter '\w+' is missing \[HTTP 400\]$/);
});

it('an invalid limit → validation with the field error in the message', async () => {
	const { client } = h.client();
	const e = await failure(client.listOrders({ limit: 30 }));
	expect(e).toMatchObject({ kind: 'validation', status: 400, errorMsg: 'Errors in the input parameters' });
	expect(e.errors).toHaveProperty('limit');
	expect(e.message).toContain('limit: ');
});

it('an unknown filter → validation naming the field', async () => {
	const { client } = h.client();
	const e = await failure(client.listOrders({ filter: { updatedAtFrom: '2024-01-01' } }));
	expect(e.kind).toBe('validation');
	expect(Object.keys(e.errors)).toEqual(['children[updatedAtFrom]']);
});

it('an unknown route → unknownMethod with a URL hint', async () => {
	const { client } = h.client(h.keys.integration, { baseUrl: `${h.url}/crm` });
	const e = await failure(client.listOrders());
	expect(e).toMatchObject({ kind: 'unknownMethod', status: 404, errorMsg: 'Method not found' });
	expect(e.hint).toMatch(/URL/);
	const missingOrder = await failure(h.client().client.getOrder(424242, { by: 'id' }));
	expect(missingOrder).toMatchObject({ kind: 'notFound', status: 404 });
});

it('a non-JSON 5xx on a read (a web server\'s error page) is retried; one that persists → server error with the status in a readable message', async () => {
	await h.fault({ status: 502, count: 1, match: { path: '/api/v5/orders' } });
	const once = h.client();
	await expect(once.client.listOrders()).resolves.toBeDefined();
	expect(once.transport.count).toBe(2);

	await h.fault({ status: 502, count: 10, match: { path: '/api/v5/orders' } });
	const { client, transport } = h.client();
	const e = await failure(client.listOrders());
	expect(e).toMatchObject({ kind: 'server', status: 502 });
	expect(e.message).toMatch(/^retailCRM GET \/api\/v5\/orders: server error, HTTP 502 with a non-JSON body/);
	expect(e.message).not.toMatch(/<[a-z]/i);
	expect(transport.count).toBe(5);
});

it('an HTML 500 on a write that may have been applied is reported, not repeated; on an idempotent write it is retried', async () => {
	await h.fault({ status: 500, body: 'html', count: 1, match: { path: '/api/v5/orders/101/edit' } });
	const edit = h.client();
	const e = await failure(edit.client.editOrder(101, { by: 'id' }, { managerComment: 'x' }));
	expect(e).toMatchObject({ kind: 'server', status: 500 });
	expect(edit.transport.count).toBe(1);

	await h.fault({ status: 500, body: 'html', count: 1, match: { path: '/api/v5/orders/fix-external-ids' } });
	const fix = h.client();
	await fix.client.fixExternalIds([{ id: 101, externalId: 'x-101' }]);
	expect(fix.transport.count).toBe(2);
	expect((await fix.client.getOrder(101, { by: 'id' })).externalId).toBe('x-101');
});

it('a JSON 500 → server error', async () => {
	await h.fault({ status: 500, count: 1, match: { path: '/api/v5/orders' } });
	const e = await failure(h.client().client.listOrders());
	expect(e).toMatchObject({ kind: 'server', status: 500 });
});

it('an account that does not exist → accountMissing on a write', async () => {
	await h.configure({ accountMissing: true });
	const e = await failure(h.client().client.fixExternalIds([{ id: 101, externalId: 'x' }]));
	expect(e.kind).toBe('accountMissing');
	expect(e.hint).toMatch(/Check the URL/);
});

it('a timeout on a write is reported, not repeated', async () => {
	await h.fault({ delayMs: 400, passThrough: true, count: 1, match: { path: '/api/v5/orders/101/edit' } });
	const { client, transport } = h.client(h.keys.integration, { timeoutMs: 100 });
	const e = await failure(client.editOrder(101, { by: 'id' }, { managerComment: 'x' }));
	expect(e.kind).toBe('network');
	expect(e.message).toContain('no answer within 100 ms');
	expect(transport.count).toBe(1);
});

describe('credentialsCheck against the sandbox', () => {
	it('accepts the integration key', async () => {
		const { client } = h.client();
		const r = await credentialsCheck(client);
		expect(r.ok).toBe(true);
		// Outputs too: what a node would hand on must not carry the key either.
		texts.push(r.message, JSON.stringify(r.credentials), JSON.stringify(await client.getOrder(101, { by: 'id' })));
	});

	it('reports the site key as lacking scopes', async () => {
		const r = await credentialsCheck(h.client(h.keys.site).client);
		expect(r).toMatchObject({ ok: false, problem: 'missingScopes' });
		expect(r.missingScopes).toEqual(expect.arrayContaining(['store_write', 'reference_read']));
		texts.push(r.message);
	});

	it('reports a wrong key and a wrong URL differently', async () => {
		const wrongKey = await credentialsCheck(h.client(WRONG_KEY).client);
		expect(wrongKey).toMatchObject({ ok: false, problem: 'wrongKey' });
		const wrongUrl = await credentialsCheck(h.client(h.keys.integration, { baseUrl: `${h.url}/shop` }).client);
		expect(wrongUrl).toMatchObject({ ok: false, problem: 'wrongUrl' });
		const nothingThere = await credentialsCheck(h.client(h.keys.integration, { baseUrl: 'http://127.0.0.1:1', retry: { maxAttempts: 1 } }).client);
		expect(nothingThere.ok).toBe(false);
		texts.push(wrongKey.message, wrongUrl.message, nothingThere.message);
	});
});
