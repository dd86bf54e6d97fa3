/**
 * The credentials' "Test" buttons, run as n8n runs them against the sandboxes: both are test functions (named by the
 * nodes with `testedBy`), called with n8n-core's CredentialTestContext. Each failure names its cause, and secrets never appear in the message.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testCredential } from '../helpers/credential-tester';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { SITE_CODE } from '../sandboxes/retailcrm/fixtures/reference-data';

/** A local web server answering every request with `status`, `contentType` and `body`. */
async function answering(status: number, contentType: string, body: string): Promise<{ url: string; close: () => Promise<void> }> {
	const server = http.createServer((_req, res) => {
		res.writeHead(status, { 'content-type': contentType });
		res.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('RetailCRM API credential test', () => {
	let sandbox: RetailCrmSandbox;
	beforeAll(async () => {
		sandbox = await startRetailCrmSandbox({ port: 0 });
	});
	afterAll(async () => sandbox.close());

	it('passes with the integration key and calls GET /api/credentials once, with the key in the header only', async () => {
		sandbox.clearRequests();
		const result = await testCredential('retailCrmApi', { url: sandbox.url, apiKey: sandbox.keys.integration });
		expect(result).toEqual({
			status: 'OK',
			message: `Connected to retailCRM at ${sandbox.url} (all stores); the key serves RetailCRM Orders, Stock Upload, Stock Upload → Register Warehouse System, retailCRM 1C Reconcile. It has every scope the nodes use.`,
		});
		const calls = sandbox.requests();
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ method: 'GET', path: '/api/credentials', key: 'integration' });
		expect(calls[0].query).toEqual({});
	});

	it('passes a least-privilege key of the stock templates (store_write, reference_read), naming what the other nodes would need', async () => {
		const key = 'StockOnlyKey0123456789abcdefABCDEF';
		sandbox.state.apiKeys.push({ label: 'stock', key, scopes: ['store_write', 'reference_read'], siteAccess: 'access_full', sitesAvailable: [] });
		try {
			const result = await testCredential('retailCrmApi', { url: sandbox.url, apiKey: key });
			expect(result).toEqual({
				status: 'OK',
				message:
					`Connected to retailCRM at ${sandbox.url} (all stores); the key serves Stock Upload. Other nodes would need more scopes: ` +
					'RetailCRM Orders needs order_read, order_write; Stock Upload → Register Warehouse System needs integration_read, integration_write; retailCRM 1C Reconcile needs order_read, store_read.',
			});
		} finally {
			sandbox.state.apiKeys = sandbox.state.apiKeys.filter((k) => k.key !== key);
		}
	});

	it('fails a valid key that serves no node, naming per node what it lacks', async () => {
		const readonly = await testCredential('retailCrmApi', { url: sandbox.url, apiKey: sandbox.keys.readonly });
		expect(readonly.status).toBe('Error');
		expect(readonly.message).toContain(
			'serves none of the nodes: RetailCRM Orders needs order_write; Stock Upload needs store_write; Stock Upload → Register Warehouse System needs integration_read, integration_write; retailCRM 1C Reconcile needs store_read.',
		);
		// A shop website's key: orders of one store, but no reference books, which every node reads.
		const site = await testCredential('retailCrmApi', { url: sandbox.url, apiKey: sandbox.keys.site });
		expect(site.status).toBe('Error');
		expect(site.message).toContain(`(stores: ${SITE_CODE})`);
		expect(site.message).toContain('RetailCRM Orders needs reference_read; Stock Upload needs store_write, reference_read');
		expect(site.message).toContain('Every node reads the reference books (reference_read)');
		for (const result of [readonly, site]) {
			expect(result.message).not.toContain(sandbox.keys.readonly);
			expect(result.message).not.toContain(sandbox.keys.site);
		}
	});

	it('refuses plain http:// to a public host before sending the key, unless the credential allows it', async () => {
		sandbox.clearRequests();
		const refused = await testCredential('retailCrmApi', { url: 'http://shop.retailcrm.ru', apiKey: sandbox.keys.integration });
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/RetailCRM API credential, field "Account URL": plain http:\/\/ to shop\.retailcrm\.ru/);
		expect(refused.message).not.toContain(sandbox.keys.integration);
		const allowed = await testCredential('retailCrmApi', { url: 'http://127.0.0.1:1', apiKey: sandbox.keys.integration, allowPlainHttp: true });
		expect(allowed.message).not.toMatch(/plain http/);
	});

	it('tells an address where nothing answers, without waiting for the nodes\' back-off', async () => {
		const started = Date.now();
		const result = await testCredential('retailCrmApi', { url: 'http://127.0.0.1:1', apiKey: sandbox.keys.integration });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/127\.0\.0\.1:1/);
		expect(result.message).toMatch(/proxy/);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it('accepts a URL pasted with /api/v5 and a trailing slash', async () => {
		const result = await testCredential('retailCrmApi', { url: `${sandbox.url}/api/v5/`, apiKey: sandbox.keys.integration });
		expect(result.status).toBe('OK');
	});

	it('tells a wrong key', async () => {
		const result = await testCredential('retailCrmApi', { url: sandbox.url, apiKey: 'WrongKey0123456789abcdefABCDEFxyz' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/answered, but the API key is not valid/);
		expect(result.message).not.toContain('WrongKey0123');
	});

	it('tells a missing key', async () => {
		const result = await testCredential('retailCrmApi', { url: sandbox.url, apiKey: '' });
		expect(result.message).toMatch(/answered, but no API key was sent/);
	});

	it('tells a wrong URL (no retailCRM API there)', async () => {
		const result = await testCredential('retailCrmApi', { url: `${sandbox.url}/some/where`, apiKey: sandbox.keys.integration });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/No retailCRM API answers at .*\/some\/where/);
	});

	it('an account that does not exist (retailCRM\'s HTML 404 for any GET) is told as the wrong account address, not as a key problem', async () => {
		sandbox.configure({ accountMissing: true });
		try {
			const result = await testCredential('retailCrmApi', { url: sandbox.url, apiKey: sandbox.keys.integration });
			// retailCRM answers a missing account with its web server's HTML page, as any host that is not retailCRM does:
			// the Test names the address and what answered there, and points at the account address.
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(new RegExp(`^No retailCRM API answers at ${sandbox.url.replace(/[.]/g, '\\.')} \\(.*HTTP 404 with a non-JSON body \\(text/html\\).*\\)\\. Use the account address`));
			expect(result.message).not.toMatch(/key/i);
		} finally {
			sandbox.configure({ accountMissing: false });
		}
	});

	it('tells a host that answers but is not retailCRM', async () => {
		const oneC = await startOneCSandbox({ port: 0 });
		try {
			const origin = new URL(oneC.url).origin;
			const result = await testCredential('retailCrmApi', { url: origin, apiKey: 'x' });
			expect(result).toEqual({
				status: 'Error',
				message: `No retailCRM API answers at ${origin} (retailCRM GET /api/credentials: not a retailCRM API answer, HTTP 404 with a non-JSON body (text/html): "404 Not Found"). Use the account address, e.g. https://<your-account>.retailcrm.ru.`,
			});
		} finally {
			await oneC.close();
		}
	});
});

describe('1C UT10 API credential test', () => {
	let sandbox: OneCSandbox;
	beforeAll(async () => {
		sandbox = await startOneCSandbox({ port: 0 });
	});
	afterAll(async () => sandbox.close());

	it('passes with a Cyrillic login', async () => {
		const result = await testCredential('oneCUt10Api', { url: sandbox.url, user: sandbox.user, password: sandbox.password });
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/^Connected to 1C at .*\/odata\/standard\.odata: the OData interface publishes \d+ sets\./);
		expect(result.message).not.toContain(sandbox.password);
	});

	it('refuses plain http:// to a public host without sending any request, unless the credential allows it', async () => {
		const fetchSpy = jest.spyOn(globalThis, 'fetch');
		try {
			const refused = await testCredential('oneCUt10Api', { url: 'http://1c.example.com/trade/odata/standard.odata', user: sandbox.user, password: 'secret-password' });
			expect(refused.status).toBe('Error');
			expect(refused.message).toMatch(/1C UT10 API credential, field "OData URL": plain http:\/\/ to 1c\.example\.com/);
			expect(refused.message).not.toContain('secret-password');
			expect(fetchSpy).not.toHaveBeenCalled();
			// A local host (the sandbox) may use plain HTTP; so may a public one the credential allows.
			expect((await testCredential('oneCUt10Api', { url: sandbox.url, user: sandbox.user, password: sandbox.password })).status).toBe('OK');
			expect(fetchSpy).toHaveBeenCalledTimes(1);
		} finally {
			fetchSpy.mockRestore();
		}
		const allowed = await testCredential('oneCUt10Api', { url: 'http://127.0.0.1:1/ut', user: 'a', password: 'b', allowPlainHttp: true });
		expect(allowed.message).not.toMatch(/plain http/);
	});

	it('accepts the publication base URL without /odata/standard.odata, as the client does', async () => {
		const base = sandbox.url.replace(/\/odata\/standard\.odata\/?$/, '');
		const result = await testCredential('oneCUt10Api', { url: base, user: sandbox.user, password: sandbox.password });
		expect(result.status).toBe('OK');
	});

	it('accepts the URLs the nodes accept: with /$metadata pasted, with a query string, with a trailing slash', async () => {
		const root = sandbox.url.replace(/\/+$/, '');
		for (const url of [`${root}/$metadata`, `${root}/?$format=json`, `${root}/`, `${root}/$metadata#Catalog_Склады`]) {
			const result = await testCredential('oneCUt10Api', { url, user: sandbox.user, password: sandbox.password });
			expect([url, result.status]).toEqual([url, 'OK']);
		}
	});

	it('tells a wrong password', async () => {
		const result = await testCredential('oneCUt10Api', { url: sandbox.url, user: sandbox.user, password: 'wrong-secret' });
		expect(result.status).toBe('Error');
		expect(result.message).toBe('1C rejected the user or password. Check the login exactly as in the 1C user list.');
		expect(result.message).not.toContain('wrong-secret');
	});

	it('tells a wrong URL', async () => {
		const result = await testCredential('oneCUt10Api', {
			url: `${new URL(sandbox.url).origin}/nothing/odata/standard.odata`,
			user: sandbox.user,
			password: sandbox.password,
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^No standard OData interface at this URL/);
		expect(result.message).not.toMatch(/Authorization/);
	});

	it('tells an empty OData composition (every new publication) from a wrong login and a wrong URL', async () => {
		sandbox.state.config.published = [];
		try {
			const result = await testCredential('oneCUt10Api', { url: sandbox.url, user: sandbox.user, password: sandbox.password });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^Connected to 1C, but its OData composition is empty .*Catalog_Организации, Catalog_Номенклатура/);
		} finally {
			sandbox.state.config.published = null;
		}
	});

	it('does not call a composition without Catalog_Организации a wrong URL (a real base answers 404 for it): the test passes, Check Setup names the set', async () => {
		sandbox.state.config.published = ['Catalog_Номенклатура'];
		try {
			const result = await testCredential('oneCUt10Api', { url: sandbox.url, user: sandbox.user, password: sandbox.password });
			expect(result).toMatchObject({ status: 'OK', message: expect.stringContaining('publishes 1 set.') });
		} finally {
			sandbox.state.config.published = null;
		}
	});

	it('tells a 1C or web-server failure page (licence limit) as such and points to Check Setup for 1C\'s own text', async () => {
		const server = await answering(500, 'text/plain; charset=utf-8', 'Превышено максимальное количество лицензий на клиентские подключения');
		try {
			const result = await testCredential('oneCUt10Api', { url: `${server.url}/trade/odata/standard.odata`, user: 'a', password: 'secret-b' });
			expect(result).toEqual({
				status: 'Error',
				message: "1C or its web server failed (licence limit, sessions locked for maintenance, the 1C server cluster down). 1C UT10 Store → Setup → Check Setup shows 1C's own text.",
			});
		} finally {
			await server.close();
		}
	});

	it('tells a 403 on the service document as a user who may not use the OData interface', async () => {
		const server = await answering(403, 'text/html; charset=utf-8', '<html><body>403 Forbidden</body></html>');
		try {
			const result = await testCredential('oneCUt10Api', { url: `${server.url}/trade/odata/standard.odata`, user: 'a', password: 'b' });
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The 1C user may not use the OData interface\./) });
		} finally {
			await server.close();
		}
	});

	it('tells an address where nothing answers, naming it, and that the Test does not use n8n\'s proxy', async () => {
		const started = Date.now();
		const result = await testCredential('oneCUt10Api', { url: 'http://127.0.0.1:1/trade/odata/standard.odata', user: 'a', password: 'secret-b' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^No answer from http:\/\/127\.0\.0\.1:1\/trade\/odata\/standard\.odata: /);
		expect(result.message).toMatch(/proxy: this test cannot use it .*Check Setup/);
		expect(result.message).not.toContain('secret-b');
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it.each([
		['an HTML page', 'text/html; charset=utf-8', '<html><body><h1>IIS Windows Server</h1></body></html>'],
		['JSON that is not OData', 'application/json', '{"status":"ok","version":"2.4"}'],
	])('tells a server that answers 200 with %s, not with OData', async (_what, contentType, body) => {
		const server = await answering(200, contentType, body);
		try {
			const result = await testCredential('oneCUt10Api', { url: `${server.url}/trade/odata/standard.odata`, user: 'a', password: 'b' });
			expect(result).toEqual({
				status: 'Error',
				message: 'The server answered, but not with 1C OData JSON. Check that the URL ends with /odata/standard.odata and that OData is published for this base.',
			});
		} finally {
			await server.close();
		}
	});
});
