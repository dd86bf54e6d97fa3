/**
 * Security, in n8n's engine: every shipped template run with good credentials and with failing ones (a refused
 * retailCRM key, a 1C 401, plain http:// to a public host), and everything those runs put out scanned for the
 * secrets: node outputs on every output, error messages and descriptions, the whole execution data, and n8n's log
 * lines at debug level (n8n's logger writes through winston's console transport, so console output is captured).
 * The secrets are the API key, the 1C password and the Basic header value, plain and URL-encoded (world.ts).
 * test/e2e/secrets.e2e.ts does the same in the real n8n CLI with N8N_LOG_LEVEL=debug.
 */
import catalogTemplate from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import directCatalogTemplate from '../../workflows/1c-catalog-to-retailcrm-icml-direct.json';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import progressTemplate from '../../workflows/1c-order-progress-to-retailcrm.json';
import directStockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm-direct.json';
import reconcileTemplate from '../../workflows/reconcile-retailcrm-1c.json';
import setupCheckTemplate from '../../workflows/setup-check.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import { GET, templateRunner, withParameters } from '../helpers/orders-template';
import { SEED_ORDER_IDS, TRIGGER_STATUS } from '../sandboxes/retailcrm/server';
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';
import winston from 'winston';
import Transport from 'winston-transport';
import { everythingOf, secretForms, secretsIn, startWorld, type World } from './world';

// n8n's logger reads its level once, when first built: debug, as a user chasing a problem would set it.
process.env.N8N_LOG_LEVEL = 'debug';

let world: World;
let logged: string[] = [];
beforeAll(async () => {
	world = await startWorld();
	// Every line n8n's logger writes (nodes' this.logger included), with its metadata, into `logged`.
	// level and setInternalLogger are private in the types, public at run time.
	const logger = Container.get(Logger) as unknown as { level: string; setInternalLogger(internal: winston.Logger): void };
	expect(logger.level).toBe('debug');
	const capture = new Transport({ level: 'debug' });
	capture.log = (info: unknown, done: () => void) => {
		logged.push(JSON.stringify(info));
		done();
	};
	logger.setInternalLogger(winston.createLogger({ level: 'debug', transports: [capture] }));
});
afterAll(async () => world?.close());
beforeEach(() => {
	world.reset();
	logged = [];
});

/** A wrong key and a wrong password of their own: what a failing run must not print either. */
const WRONG_KEY = 'Wrong-Key-Zx81qLmN0pQr';
const WRONG_PASSWORD = 'Wrong-1C-pw-Hq27';

type Credentials = ReturnType<World['credentials']>;
const crmCredentials = (overrides: Record<string, string | boolean> = {}): Credentials => ({ ...world.credentials(), retailCrmApi: { ...world.credentials().retailCrmApi, ...overrides } });
const onecCredentials = (overrides: Record<string, string | boolean> = {}): Credentials => ({ ...world.credentials(), oneCUt10Api: { ...world.credentials().oneCUt10Api, ...overrides } });

/** Fails naming each secret found in the run's data or in the log lines written during it. */
function expectClean(result: RunResult, secrets: string[]): void {
	expect(logged.length).toBeGreaterThan(0); // the capture works: a run logs something
	expect({ runData: secretsIn(everythingOf(result), secrets), logs: secretsIn(logged.join('\n'), secrets) }).toEqual({ runData: [], logs: [] });
}

const allSecrets = (...extra: string[][]) => [...world.secrets(), ...extra.flat()];
const errorText = (result: RunResult) => {
	const e = result.error() as (Error & { description?: string }) | undefined;
	return e ? `${e.message} ${e.description ?? ''}` : '';
};

async function ordersRun(credentials: () => ReturnType<World['credentials']>): Promise<RunResult> {
	const runner = templateRunner(credentials);
	const staticData = {};
	await runner.run(staticData);
	for (const id of [SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5490']]) world.crm.setStatus(id, TRIGGER_STATUS);
	return await runner.run(staticData, withParameters(GET, { options: { retryDelayMinutes: 0 } }));
}

describe('no secret in anything a run puts out (outputs, errors, execution data, debug logs)', () => {
	it('the orders template, a run that loads two orders into 1C and writes back', async () => {
		const result = await ordersRun(() => world.credentials());
		expect(result.error()).toBeUndefined();
		expect(world.onec.state.log.length).toBeGreaterThan(0);
		// n8n logs at debug level during a run (the engine's "Start executing node" lines): the level took effect.
		expect(logged.filter((line) => line.includes('"level":"debug"')).length).toBeGreaterThan(0);
		expectClean(result, allSecrets());
	});

	it('the stock template and the catalog templates (schedule row), good runs', async () => {
		for (const [template, trigger] of [
			[stockTemplate, 'Every 15 Minutes'],
			[catalogTemplate, 'Run Now'],
			[directCatalogTemplate, 'Run Now'],
			[progressTemplate, undefined],
		] as const) {
			const result = await runWorkflow(template, { credentials: world.credentials(), trigger, staticData: {} });
			expectClean(result, allSecrets());
		}
	});

	it('a refused retailCRM key: the orders template fails with retailCRM\'s answer, without the key', async () => {
		const result = await ordersRun(() => crmCredentials({ apiKey: WRONG_KEY }));
		expect(errorText(result)).toMatch(/apiKey|API key|401|403|Wrong/i);
		expectClean(result, allSecrets([WRONG_KEY, encodeURIComponent(WRONG_KEY)]));
	});

	it('a 1C 401 (wrong password): the stock template fails naming 1C, without the password or the Basic header', async () => {
		const result = await runWorkflow(stockTemplate, { credentials: onecCredentials({ password: WRONG_PASSWORD }), trigger: 'Every 15 Minutes', staticData: {} });
		expect(errorText(result)).toMatch(/401|user or password|Authoriz/i);
		expect(world.onec.state.log.some((r) => r.status === 401)).toBe(true);
		expectClean(result, allSecrets(secretForms('', world.onec.user, WRONG_PASSWORD).filter((s) => s !== '')));
	});

	it.each([
		['the reconciliation template', reconcileTemplate, 'Run Now'],
		['the direct stock template', directStockTemplate, undefined],
		['the setup-check template', setupCheckTemplate, undefined],
	] as const)('%s: a good run, a refused retailCRM key, a 1C 401', async (_name, template, trigger) => {
		const good = await runWorkflow(template, { credentials: world.credentials(), trigger, staticData: {}, mode: 'manual' });
		expect(good.error()).toBeUndefined();
		expectClean(good, allSecrets());
		logged = [];
		const wrongKey = await runWorkflow(template, { credentials: crmCredentials({ apiKey: WRONG_KEY }), trigger, staticData: {}, mode: 'manual' });
		expectClean(wrongKey, allSecrets([WRONG_KEY, encodeURIComponent(WRONG_KEY)]));
		logged = [];
		const wrongPassword = await runWorkflow(template, { credentials: onecCredentials({ password: WRONG_PASSWORD }), trigger, staticData: {}, mode: 'manual' });
		expectClean(wrongPassword, allSecrets(secretForms('', world.onec.user, WRONG_PASSWORD).filter((s) => s !== '')));
		expect(world.onec.state.log.some((r) => r.status === 401)).toBe(true);
	});

	it('a 1C 401 in the orders template: every order waits on the retry list, nothing printed holds the password', async () => {
		const result = await ordersRun(() => onecCredentials({ password: WRONG_PASSWORD }));
		expectClean(result, allSecrets(secretForms('', world.onec.user, WRONG_PASSWORD).filter((s) => s !== '')));
	});
});

describe('plain http:// to a public host is refused before any request, naming the credential field', () => {
	it('retailCRM Account URL http://myshop.retailcrm.ru: the orders template stops at its first node', async () => {
		const runner = templateRunner(() => crmCredentials({ url: 'http://myshop.retailcrm.ru' }));
		const result = await runner.run({});
		expect(errorText(result)).toMatch(/RetailCRM API credential, field "Account URL": plain http:\/\/ to myshop\.retailcrm\.ru would send the secrets in clear text/);
		expectClean(result, allSecrets());
	});

	it('1C OData URL http://1c.example.com/…: the catalog template stops before any request', async () => {
		const result = await runWorkflow(catalogTemplate, { credentials: onecCredentials({ url: 'http://1c.example.com/trade/odata/standard.odata' }), trigger: 'Run Now' });
		expect(errorText(result)).toMatch(/1C UT10 API credential, field "OData URL": plain http:\/\/ to 1c\.example\.com/);
		expect(world.onec.state.log).toEqual([]);
	});

	it('the credential option "Allow Plain HTTP to a Public Host" lets the URL through (the request then fails on DNS, not on the check)', async () => {
		const result = await runWorkflow(catalogTemplate, {
			credentials: onecCredentials({ url: 'http://1c.example.invalid/trade/odata/standard.odata', allowPlainHttp: true }),
			trigger: 'Run Now',
		});
		expect(errorText(result)).not.toMatch(/plain http/);
		expect(errorText(result)).not.toBe('');
	});

	it('the sandboxes on 127.0.0.1 over plain http:// (as tests and the demo use them) are fine', async () => {
		expect(world.credentials().oneCUt10Api.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
		const result = await runWorkflow(catalogTemplate, { credentials: world.credentials(), trigger: 'Run Now' });
		expect(result.error()).toBeUndefined();
	});
});
