/**
 * Security in the real n8n CLI (scripts/harness): n8n at log level debug runs the shipped templates against the
 * sandboxes — good runs, then failing ones (retailCRM refuses the key; 1C answers 401) — and everything those runs
 * leave is scanned for the retailCRM API key, the 1C password and the Basic header (plain and URL-encoded): each
 * `n8n execute` process's whole stdout and stderr (its debug log and the run's JSON: node outputs, errors with their
 * descriptions), and every file of the n8n user folder (the SQLite database with the saved executions, logs, the
 * catalog file). One major (E2E_N8N_MAJORS, default 1: the faster start); E2E_N8N_PORT as the other e2e files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { prepareInstance, type N8nInstance } from '../../scripts/harness/instance';
import { runN8n } from '../../scripts/harness/n8n-cli';
import { e2ePort } from './majors';
import { SEED_ORDER_IDS, TRIGGER_STATUS, startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { secretForms, secretsIn } from '../hostile/world';

const MAJOR = Number((process.env.E2E_N8N_MAJORS ?? '1').split(',')[0]) as 1 | 2;
/** The 1C password of this test: long and unusual, so a hit can only be a leak. */
const ONEC_PASSWORD = 'E2e-Secret-1C-pw-5Rt8';

/** Every file under `dir`, as bytes decoded as UTF-8 (SQLite keeps text as UTF-8). */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
	const out: Array<{ path: string; text: string }> = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		const info = statSync(path);
		if (info.isDirectory()) {
			if (name !== 'node_modules' && name !== 'nodes') out.push(...filesUnder(path)); // the installed package itself is no output
		} else if (info.size < 200 * 1024 * 1024) {
			out.push({ path, text: readFileSync(path).toString('utf8') });
		}
	}
	return out;
}

describe(`no secret in anything the real n8n ${MAJOR}.x CLI produces at log level debug`, () => {
	let root: string;
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let instance: N8nInstance;
	let secrets: string[];
	const outputs: Array<{ what: string; text: string; code: number }> = [];

	const execute = async (what: string, id: string) => {
		const res = await runN8n(instance, ['execute', `--id=${id}`, '--rawOutput'], 240_000);
		outputs.push({ what, text: `${res.stdout}\n${res.stderr}`, code: res.code });
		return res;
	};

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'rcrm1c-e2e-secrets-'));
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		const user = onec.state.store.users.find((u) => u.name === onec.user);
		if (!user) throw new Error('the 1C sandbox has no user');
		user.password = ONEC_PASSWORD;
		secrets = secretForms(crm.keys.integration, onec.user, ONEC_PASSWORD);
		instance = await prepareInstance(
			root,
			e2ePort(),
			{ retailCrm: { url: crm.url, apiKey: crm.keys.integration }, oneC: { url: onec.url, user: onec.user, password: ONEC_PASSWORD } },
			() => undefined,
			undefined,
			{ major: MAJOR },
		);
		// As a user chasing a problem would set it: everything n8n and our nodes log, down to debug.
		instance.env = { ...instance.env, N8N_LOG_LEVEL: 'debug' };

		// Good runs: every template; the orders template twice, the second loading the seed orders.
		await execute('catalog', 'rcrm1cIcml');
		await execute('stock', 'rcrm1cStock');
		await execute('orders (cursor starts)', 'rcrm1cOrders');
		for (const id of Object.values(SEED_ORDER_IDS)) crm.setStatus(id, TRIGGER_STATUS);
		await execute('orders', 'rcrm1cOrders');
		await execute('progress', 'rcrm1cProgress');
		// 1C refuses the login (401): the credential still holds the password the scan looks for.
		user.password = 'changed-by-the-1c-admin';
		await execute('stock, 1C 401', 'rcrm1cStock');
		await execute('catalog, 1C 401', 'rcrm1cIcml');
		user.password = ONEC_PASSWORD;
		// retailCRM refuses the key (deactivated in the account): every call answers 403 "Wrong apiKey value".
		crm.state.apiKeys = crm.state.apiKeys.filter((k) => k.key !== crm.keys.integration);
		await execute('orders, key refused', 'rcrm1cOrders');
		await execute('stock, key refused', 'rcrm1cStock');
	});

	afterAll(async () => {
		await Promise.all([crm?.close(), onec?.close()]);
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it('ran at debug level, good runs and failing ones', () => {
		const text = outputs.map((o) => o.text).join('\n');
		expect(text).toMatch(/debug/i);
		expect(onec.state.log.some((r) => r.status === 401)).toBe(true);
		expect(outputs.find((o) => o.what === 'orders, key refused')?.text).toMatch(/Wrong "apiKey" value|rejected the API key|403/);
		expect(outputs.find((o) => o.what === 'stock, 1C 401')?.text).toMatch(/401|user or password/i);
		expect(outputs.find((o) => o.what === 'orders')?.code).toBe(0);
	});

	it('no secret in any n8n execute output (debug log, node outputs, errors with descriptions)', () => {
		expect(outputs.map((o) => ({ run: o.what, found: secretsIn(o.text, secrets) }))).toEqual(outputs.map((o) => ({ run: o.what, found: [] })));
	});

	it('no secret in any file n8n wrote (its database with the saved executions, logs, the catalog file)', () => {
		const files = filesUnder(instance.userFolder);
		expect(files.some((f) => f.path.endsWith('.sqlite'))).toBe(true);
		expect(files.map((f) => ({ file: f.path.slice(root.length), found: secretsIn(f.text, secrets) })).filter((f) => f.found.length > 0)).toEqual([]);
	});
});
