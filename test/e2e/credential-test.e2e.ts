/**
 * The credentials' Test buttons in a running n8n (2.41.1 and 1.123.50, see majors.ts), called as the editor calls
 * them (POST /rest/credentials/test as the signed-in owner): n8n itself picks the retailCRM test function the nodes
 * name (`testedBy`), runs it in its CredentialTestContext, and shows its message. A key that serves no node fails
 * naming what each lacks; the key never appears in an answer.
 */
import type { ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { prepareInstance, type N8nInstance } from '../../scripts/harness/instance';
import { startN8n, stopN8n, waitForHealth } from '../../scripts/harness/n8n-cli';
import { loginOwner, setupOwner } from '../../scripts/harness/owner';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { e2ePort, majorsToRun } from './majors';

interface TestAnswer {
	status: string;
	message: string;
}

describe.each(majorsToRun())('credential Test buttons in a running n8n %i.x (%s)', (major) => {
	let root: string;
	let retailCrm: RetailCrmSandbox;
	let oneC: OneCSandbox;
	let instance: N8nInstance;
	let n8n: ChildProcess | undefined;
	let cookie = '';
	const lines: string[] = [];
	const port = e2ePort();

	async function rest<T>(path: string, body: unknown): Promise<T> {
		const res = await fetch(`http://127.0.0.1:${port}/rest/${path}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', cookie },
			body: JSON.stringify(body),
		});
		return dataOf<T>(`POST /rest/${path}`, res);
	}

	/**
	 * n8n's `{ data }` from an answer, or an error with everything a CI log needs to tell what answered: the status,
	 * the content type, the start of the body, and whether our n8n still runs, with its last lines. (A CI run once got
	 * a 200 whose body was not JSON, in milliseconds, right after a login that worked.)
	 */
	async function dataOf<T>(call: string, res: Response): Promise<T> {
		const text = await res.text();
		if (res.ok) {
			try {
				return (JSON.parse(text) as { data: T }).data;
			} catch {
				// not n8n's JSON: named below
			}
		}
		const alive = n8n && n8n.exitCode === null && n8n.signalCode === null;
		throw new Error(
			`${call} answered ${res.status} (${res.headers.get('content-type') ?? 'no content type'}${res.ok ? ', not JSON' : ''}): ${JSON.stringify(text.slice(0, 300))}\n` +
				`n8n ${major}.x process ${alive ? 'running' : 'exited'}; its last lines:\n${lines.slice(-40).join('\n')}`,
		);
	}

	/**
	 * Waits until the signed-in owner's GET /rest/credentials answers n8n's JSON list (up to 60 s): /rest/settings and the
	 * login answer first, and a test must not take an early answer for the Test button's.
	 */
	async function waitForCredentialsRoute(): Promise<void> {
		const until = Date.now() + 60_000;
		for (;;) {
			try {
				const res = await fetch(`http://127.0.0.1:${port}/rest/credentials`, { headers: { cookie } });
				if (Array.isArray(await dataOf<unknown>('GET /rest/credentials', res))) return;
			} catch (error) {
				if (Date.now() > until) throw error;
			}
			await new Promise((r) => setTimeout(r, 500));
		}
	}

	/** As the editor: the credential is saved, then its Test button sends it with its id (n8n 2.x requires the id). */
	async function testButton(type: string, data: Record<string, string>): Promise<TestAnswer> {
		const name = `Test ${type} ${Math.random().toString(36).slice(2, 8)}`;
		const saved = await rest<{ id: string }>('credentials', { name, type, data });
		return await rest<TestAnswer>('credentials/test', { credentials: { id: saved.id, name, type, data } });
	}

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'rcrm1c-e2e-credentials-'));
		retailCrm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		oneC = await startOneCSandbox({ port: 0, fixture: 'seed' });
		instance = await prepareInstance(
			root,
			port,
			{ retailCrm: { url: retailCrm.url, apiKey: retailCrm.keys.integration }, oneC: { url: oneC.url, user: oneC.user, password: oneC.password } },
			(line) => lines.push(line),
			undefined,
			{ major },
		);
		n8n = await startN8n(instance, (line) => lines.push(line));
		await waitForHealth(port, undefined, n8n);
		await setupOwner(port);
		cookie = await loginOwner(port);
		await waitForCredentialsRoute();
	});

	afterAll(async () => {
		if (n8n) await stopN8n(n8n);
		await Promise.all([retailCrm?.close(), oneC?.close()]);
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it('passes retailCRM\'s integration key with one GET /api/credentials', async () => {
		retailCrm.clearRequests();
		const answer = await testButton('retailCrmApi', { url: retailCrm.url, apiKey: retailCrm.keys.integration });
		expect(answer).toEqual({ status: 'OK', message: `Connected to retailCRM at ${retailCrm.url} (all stores); the key serves RetailCRM Orders, Stock Upload, Stock Upload → Register Warehouse System, retailCRM 1C Reconcile. It has every scope the nodes use.` });
		expect(retailCrm.requests().map((r) => `${r.method} ${r.path} ${r.key}`)).toEqual(['GET /api/credentials integration']);
	});

	it('fails a key that serves no node (order_read, reference_read), naming per node what it lacks, and never shows the key', async () => {
		const answer = await testButton('retailCrmApi', { url: retailCrm.url, apiKey: retailCrm.keys.readonly });
		expect(answer.status).toBe('Error');
		expect(answer.message).toContain('Stock Upload needs store_write; Stock Upload → Register Warehouse System needs integration_read, integration_write');
		expect(answer.message).not.toContain(retailCrm.keys.readonly);
		const wrong = await testButton('retailCrmApi', { url: retailCrm.url, apiKey: 'Wrong0123456789abcdefghijABCDEF' });
		expect(wrong).toMatchObject({ status: 'Error', message: expect.stringContaining('the API key is not valid') });
		expect(wrong.message).not.toContain('Wrong0123456789');
	});

	it('runs 1C\'s test function: passes the sandbox login, fails a wrong password', async () => {
		expect(await testButton('oneCUt10Api', { url: oneC.url, user: oneC.user, password: oneC.password })).toMatchObject({ status: 'OK' });
		const wrong = await testButton('oneCUt10Api', { url: oneC.url, user: oneC.user, password: 'wrong-secret' });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).not.toContain('wrong-secret');
	});
});
