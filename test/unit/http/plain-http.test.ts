import { assertSecureUrl, isLocalHost } from '../../../nodes/core/http/plain-http';
import { OneCUt10Api } from '../../../credentials/OneCUt10Api.credentials';
import { RetailCrmApi } from '../../../credentials/RetailCrmApi.credentials';

const where = { credential: 'RetailCRM API', field: 'Account URL' };

describe('plain http:// is refused for public hosts (the secrets would travel in clear text)', () => {
	it.each([
		'localhost',
		'api.localhost',
		'127.0.0.1',
		'10.1.2.3',
		'172.16.0.9',
		'172.31.255.1',
		'192.168.1.10',
		'169.254.0.1',
		'100.64.1.1',
		'[::1]',
		'[fd12:3456::1]',
		'[fe80::1]',
		'[::ffff:192.168.0.5]',
		'srv1c',
		'1c.office.lan',
		'erp.corp.internal',
		'router.local',
		'nas.home.arpa',
		'sandbox.test',
	])('%s is local', (host) => {
		expect(isLocalHost(new URL(`http://${host}/`).hostname)).toBe(true);
		expect(() => assertSecureUrl(`http://${host}:8080/odata`, where)).not.toThrow();
	});

	it.each(['myshop.retailcrm.ru', '1c.example.com', '8.8.8.8', '172.32.0.1', '192.169.0.1', '11.0.0.1', '[2001:db8::1]', '[::ffff:8.8.8.8]'])('%s is public: refused naming the credential and the field', (host) => {
		expect(isLocalHost(new URL(`http://${host}/`).hostname)).toBe(false);
		expect(() => assertSecureUrl(` http://${host}/api `, where)).toThrow(
			new RegExp(`^RetailCRM API credential, field "Account URL": plain http:// to ${new URL(`http://${host}/`).hostname.replace(/[[\].]/g, '\\$&')} would send the secrets in clear text`),
		);
	});

	it('https:// is always fine; plain http:// to a public host only with the explicit option', () => {
		expect(() => assertSecureUrl('https://myshop.retailcrm.ru', where)).not.toThrow();
		expect(() => assertSecureUrl('HTTP://MYSHOP.RETAILCRM.RU', where)).toThrow(/plain http:\/\/ to myshop\.retailcrm\.ru/);
		expect(() => assertSecureUrl('http://myshop.retailcrm.ru', { ...where, allowPlainHttp: true })).not.toThrow();
		expect(() => assertSecureUrl('http://myshop.retailcrm.ru', { ...where, allowPlainHttp: false })).toThrow(/Allow Plain HTTP to a Public Host/);
	});
});

describe('the "Allow Plain HTTP to a Public Host" field of both credentials', () => {
	it.each([
		['1C UT10 API', new OneCUt10Api()],
		['RetailCRM API', new RetailCrmApi()],
	])('%s: its description lists the local hosts README lists', (_name, credential) => {
		const description = String(credential.properties.find((p) => p.name === 'allowPlainHttp')?.description);
		for (const host of ['localhost', '127.x', '::1', '10.x', '172.16–31.x', '192.168.x', '100.64–127.x (CGNAT)', '169.254.x', 'fe80::', 'fc00::/7', 'names without a dot', '.local', '.lan', '.internal', '.home.arpa', '.localhost', '.test']) {
			expect(description).toContain(host);
		}
	});
});
