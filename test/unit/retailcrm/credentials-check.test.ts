import { Pacer } from '../../../nodes/core/http/pacer';
import { TransportError, type HttpResponse } from '../../../nodes/core/http/transport';
import { RetailCrmClient } from '../../../nodes/core/retailcrm/client';
import { DEFAULT_REQUIRED_SCOPES, SCOPES_BY_NODE, credentialsCheck, credentialsCheckAnyNode } from '../../../nodes/core/retailcrm/credentials-check';
import { fakeClock } from '../../helpers/axios-transport';
import { fakeTransport, html, json } from './fake-transport';

function clientOf(answer: () => HttpResponse) {
	const clock = fakeClock();
	return new RetailCrmClient({
		baseUrl: 'https://shop.retailcrm.ru',
		transport: fakeTransport(answer),
		clock,
		pacer: new Pacer(8, clock),
		retry: { maxAttempts: 2 },
	});
}

function check(answer: () => HttpResponse, scopes?: readonly string[]) {
	return credentialsCheck(clientOf(answer), scopes);
}

const creds = (scopes: string[]) => json(200, { success: true, scopes, siteAccess: 'access_selective', sitesAvailable: ['shop'], credentials: [] });

describe('credentialsCheck', () => {
	it('passes with every required scope', async () => {
		const r = await check(() => creds([...DEFAULT_REQUIRED_SCOPES, 'customer_write']));
		expect(r.ok).toBe(true);
		expect(r.message).toBe('Connected to retailCRM at https://shop.retailcrm.ru (stores: shop); the key has every required permission.');
	});

	it('lists missing scopes, with a custom required list', async () => {
		const r = await check(() => creds(['order_read', 'store_read']));
		expect(r).toMatchObject({ ok: false, problem: 'missingScopes', missingScopes: DEFAULT_REQUIRED_SCOPES.filter((s) => s !== 'order_read' && s !== 'store_read') });
		expect(r.message).toContain('lacks these permissions: order_write, reference_read');
		expect(DEFAULT_REQUIRED_SCOPES).not.toContain('customer_read');
		const narrow = await check(() => creds(['order_read', 'store_read']), ['order_read']);
		expect(narrow.ok).toBe(true);
	});

	it('recognises a wrong or missing key', async () => {
		const wrong = await check(() => json(403, { success: false, errorMsg: 'Wrong "apiKey" value.' }));
		expect(wrong).toMatchObject({ ok: false, problem: 'wrongKey', errorKind: 'invalidKey' });
		expect(wrong.message).toContain('the API key is not valid');
		const missing = await check(() => json(401, { success: false, errorMsg: '"apiKey" is missing.' }));
		expect(missing).toMatchObject({ ok: false, problem: 'wrongKey', errorKind: 'missingKey' });
	});

	it('recognises a wrong URL: HTML page, JSON without success, unknown route, missing account, unknown host', async () => {
		const answers: Array<() => HttpResponse> = [
			() => html(404, '<html><body>Not Found</body></html>'),
			() => html(200, '<html><body>Welcome to my shop</body></html>'),
			() => json(200, { hello: 'world' }),
			() => json(404, { success: false, errorMsg: 'Method not found' }),
			() => json(200, { success: false, errorMsg: 'Account does not exist.' }),
			() => {
				throw new TransportError('dns', 'ENOTFOUND nosuch.retailcrm.ru');
			},
		];
		for (const answer of answers) {
			const r = await check(answer);
			expect(r).toMatchObject({ ok: false, problem: 'wrongUrl' });
			expect(r.message).toContain('No retailCRM API answers at https://shop.retailcrm.ru');
		}
	});

	it('reports an unreachable or failing server as unavailable', async () => {
		const r = await check(() => html(500, '<h1>oops</h1>'));
		expect(r).toMatchObject({ ok: false, problem: 'unavailable', errorKind: 'server' });
	});
});

describe('credentialsCheckAnyNode (the credential Test button)', () => {
	const anyNode = (scopes: string[]) => credentialsCheckAnyNode(clientOf(() => creds(scopes)));

	it('passes a key made for one workflow, saying which nodes it serves and what the others need', async () => {
		const stock = await anyNode(['store_write', 'reference_read']);
		expect(stock.ok).toBe(true);
		expect(stock.message).toContain('the key serves Stock Upload.');
		expect(stock.message).toContain('RetailCRM Orders needs order_read, order_write;');
		const orders = await anyNode(['order_read', 'order_write', 'reference_read']);
		expect(orders.ok).toBe(true);
		expect(orders.message).toContain('the key serves RetailCRM Orders.');
		expect(orders.message).toContain('Stock Upload needs store_write;');
	});

	it('passes a key with every node\'s scopes without naming any other need', async () => {
		const r = await anyNode([...new Set(Object.values(SCOPES_BY_NODE).flat())]);
		expect(r.ok).toBe(true);
		expect(r.message).toMatch(/It has every scope the nodes use\.$/);
	});

	it('fails a key that serves no node, naming per node what it lacks, and reference_read that every node reads', async () => {
		const r = await anyNode(['customer_read', 'order_read', 'store_read']);
		expect(r).toMatchObject({ ok: false, problem: 'missingScopes' });
		expect(r.message).toContain(
			'serves none of the nodes: RetailCRM Orders needs order_write, reference_read; Stock Upload needs store_write, reference_read; Stock Upload → Register Warehouse System needs integration_read, integration_write; retailCRM 1C Reconcile needs reference_read.',
		);
		expect(r.message).toContain('Every node reads the reference books (reference_read)');
	});

	it('tells a wrong key as the strict check does', async () => {
		const r = await credentialsCheckAnyNode(clientOf(() => json(403, { success: false, errorMsg: 'Wrong "apiKey" value.' })));
		expect(r).toMatchObject({ ok: false, problem: 'wrongKey' });
	});
});
