/**
 * Security, in n8n's engine: a credential URL whose server answers a redirect to another address. n8n's request
 * helper would follow it and send the API key (X-API-KEY) and the 1C login (Authorization, re-added by n8n on a
 * cross-origin redirect) to that address, plain http:// included, past the plain-http rule. The nodes do not follow
 * redirects (nodes/shared/transport.ts): the target receives nothing and the error names where the server points.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import setupTemplate from '../../workflows/setup-check.json';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow } from '../helpers/run-workflow';

const API_KEY = 'SecretKey1234567890abcdefABCDEF12';
let target: http.Server;
let redirector: http.Server;
let seen: string[] = [];
let targetUrl = '';
let redirectorUrl = '';

const listen = async (server: http.Server) => {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as AddressInfo).port;
};
beforeAll(async () => {
	// Another origin (localhost, not 127.0.0.1) that records what reaches it.
	target = http.createServer((req, res) => {
		seen.push(`${req.method} ${req.url} authorization=${req.headers.authorization ?? '-'} x-api-key=${req.headers['x-api-key'] ?? '-'}`);
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{}');
	});
	targetUrl = `http://localhost:${await listen(target)}`;
	redirector = http.createServer((req, res) => {
		res.writeHead(302, { location: `${targetUrl}${req.url}` });
		res.end();
	});
	redirectorUrl = `http://127.0.0.1:${await listen(redirector)}`;
});
afterAll(() => {
	target.close();
	redirector.close();
});
beforeEach(() => (seen = []));

const credentials = () => ({
	retailCrmApi: { url: redirectorUrl, apiKey: API_KEY },
	oneCUt10Api: { url: `${redirectorUrl}/trade/odata/standard.odata`, user: 'Администратор', password: 'pw-Secret-42' },
});

it('the setup check: nothing reaches the redirect target, and both reports name the redirect', async () => {
	const run = await runWorkflow(setupTemplate, { mode: 'manual', credentials: credentials() });
	expect(seen).toEqual([]);
	const onec = run.output('1C: Check Setup').map((i) => i.json);
	expect(onec.find((i) => i.check === 'connection')).toMatchObject({ status: 'fail', message: expect.stringContaining("1C's web server redirects elsewhere (HTTP 302 to http://localhost:") });
	const crm = run.output('retailCRM: Check Setup').map((i) => i.json);
	expect(JSON.stringify(crm)).toMatch(/the server redirects to http:\/\/localhost:\d+\/api\/.* \(HTTP 302\)/);
});

it('a scheduled stock run fails naming the redirect, and nothing reaches its target', async () => {
	const run = await runWorkflow(stockTemplate, { mode: 'trigger', trigger: 'Every 15 Minutes', credentials: credentials() });
	expect(seen).toEqual([]);
	expect(run.error()?.message).toMatch(/redirects elsewhere \(HTTP 302 to http:\/\/localhost:\d+\/trade\/odata\/standard\.odata\//);
});
