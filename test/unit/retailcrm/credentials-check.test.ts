import { Pacer } from '../../../nodes/core/http/pacer';
import { TransportError, type HttpResponse } from '../../../nodes/core/http/transport';
import { RetailCrmClient } from '../../../nodes/core/retailcrm/client';
import { DEFAULT_REQUIRED_SCOPES, credentialsCheck } from '../../../nodes/core/retailcrm/credentials-check';
import { fakeClock } from '../../helpers/axios-transport';
import { fakeTransport, html, json } from './fake-transport';

function check(answer: () => HttpResponse, scopes?: readonly string[]) {
	const clock = fakeClock();
	const client = new RetailCrmClient({
		baseUrl: 'https://shop.retailcrm.ru',
		transport: fakeTransport(answer),
		clock,
		pacer: new Pacer(8, clock),
		retry: { maxAttempts: 2 },
	});
	return credentialsCheck(client, scopes);
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
		expect(r.message).toContain('lacks these permissions: order_write, customer_read');
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
