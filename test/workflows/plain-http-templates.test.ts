/**
 * README, Credentials, Plain HTTP: "the nodes refuse an `http://` URL to a **public host** before any request, naming
 * the credential and the field … Hosts that cannot be reached from the Internet stay allowed (`localhost`,
 * `127.0.0.0/8`, …) … For a public host behind a VPN or a tunnel, switch on the credential's **Allow Plain HTTP to a
 * Public Host**." Through the shipped stock template (workflows/1c-stock-and-prices-to-retailcrm.json, both
 * credentials) in n8n-core's engine against both sandboxes. The full list of private ranges is pinned by
 * test/unit/http/plain-http.test.ts; a run can only reach the loopback ones.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import template from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import type { OneCSandbox } from '../sandboxes/onec/server';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { crmWithCatalogOnly } from '../unit/stock-upload/seed-catalog';
import { closeSandboxes, startTemplateSandboxes } from '../helpers/template-sandboxes';

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => ({ crm, onec, credentials } = await startTemplateSandboxes({ rateLimit: false })));
afterAll(async () => await closeSandboxes(crm, onec));
beforeEach(() => {
	crmWithCatalogOnly(crm);
	onec.state.reset('seed');
	onec.state.log.length = 0;
});

const run = (patch: Record<string, ICredentialDataDecryptedObject>) => runWorkflow(template, { credentials: { ...credentials, ...patch }, staticData: {}, trigger: 'Run Now' });
/** Everything n8n shows of the run's error. */
const shown = (result: RunResult): string => {
	const e = result.error() as (Error & { description?: string | null }) | undefined;
	return e ? `${e.message}\n${e.description ?? ''}` : '';
};

it('a public host over http:// in the 1C credential: the run fails naming the credential and the field, and shows no password', async () => {
	const result = await run({ oneCUt10Api: { url: 'http://1c.example.com/trade/odata/standard.odata', user: onec.user, password: 'secret-password-1' } });
	expect(shown(result)).toMatch(/1C UT10 API credential, field "OData URL": plain http:\/\/ to 1c\.example\.com would send the secrets in clear text/);
	expect(JSON.stringify(result.run.data)).not.toContain('secret-password-1');
	expect(crm.requests().filter((r) => r.method === 'POST')).toEqual([]);
});

it('a public host over http:// in the retailCRM credential: the run fails naming the credential and the field, before any upload, and shows no key', async () => {
	const result = await run({ retailCrmApi: { url: 'http://myshop.retailcrm.ru', apiKey: crm.keys.integration } });
	expect(shown(result)).toMatch(/RetailCRM API credential, field "Account URL": plain http:\/\/ to myshop\.retailcrm\.ru/);
	expect(JSON.stringify(result.run.data)).not.toContain(crm.keys.integration);
});

it('`localhost` and 127.0.0.1 over http:// are allowed: the template runs and uploads', async () => {
	const local = (url: string) => url.replace('127.0.0.1', 'localhost');
	const result = await run({
		retailCrmApi: { url: local(crm.url), apiKey: crm.keys.integration },
		oneCUt10Api: { url: local(onec.url), user: onec.user, password: onec.password },
	});
	expect(result.error()).toBeUndefined();
	expect(crm.requests().map((r) => `${r.method} ${r.path}`)).toContain('POST /api/v5/store/inventories/upload');
});

it('Allow Plain HTTP to a Public Host: the request is sent (here it finds no server), no refusal', async () => {
	const result = await run({ oneCUt10Api: { url: 'http://1c.example.invalid/trade/odata/standard.odata', user: onec.user, password: onec.password, allowPlainHttp: true } });
	expect(result.error()).toBeDefined();
	expect(shown(result)).not.toMatch(/plain http/);
	expect(shown(result)).toMatch(/1c\.example\.invalid/);
}, 60_000);
