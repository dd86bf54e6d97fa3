/**
 * Flow 4's template (rcrm1cProgress) in the real n8n CLI (2.41.1 and 1.123.50, see majors.ts): the package installed as the Community Nodes panel
 * installs it, the orders loaded into 1C by the order template first, then the seed scenario in 1C (5488 shipped and
 * paid, 5489 shipped in part, 5490 cancelled) and the progress template executed with `n8n execute`; outcomes read from
 * the retailCRM sandbox. A second run sends nothing; a shipment posted later moves 5489 on. The static data (what was
 * reported) lives in n8n's database between the CLI runs, as in production.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { icmlFileOf, prepareInstance, type N8nInstance } from '../../scripts/harness/instance';
import { EXPECTED_PROGRESS, PROGRESS_WORKFLOW, progressInCrm, runProgressScenario, type ProgressReport } from '../../scripts/harness/progress-scenario';
import { executeWorkflow, runScenario } from '../../scripts/harness/scenario';
import { createShipment } from '../sandboxes/onec/progress/control';
import { unpostDocument } from '../sandboxes/onec/posting';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { e2ePort, majorsToRun } from './majors';

describe.each(majorsToRun())('order progress template in the real n8n %i.x CLI (%s)', (major) => {
	let root: string;
	let retailCrm: RetailCrmSandbox;
	let oneC: OneCSandbox;
	let instance: N8nInstance;
	let report: ProgressReport;
	const lines: string[] = [];

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'rcrm1c-e2e-progress-'));
		retailCrm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		oneC = await startOneCSandbox({ port: 0, fixture: 'seed' });
		instance = await prepareInstance(
			root,
			e2ePort(),
			{ retailCrm: { url: retailCrm.url, apiKey: retailCrm.keys.integration }, oneC: { url: oneC.url, user: oneC.user, password: oneC.password } },
			(line) => lines.push(line),
			undefined,
			{ major },
		);
		const loaded = await runScenario(instance, { retailCrm, oneC }, (line) => lines.push(line), icmlFileOf(instance));
		if (!loaded.ok) console.log(lines.join('\n'));
		expect(loaded.problems).toEqual([]);
		report = await runProgressScenario(instance, { retailCrm, oneC }, (line) => lines.push(line));
		if (!report.ok) console.log(lines.join('\n'));
	});

	afterAll(async () => {
		await Promise.all([retailCrm?.close(), oneC?.close()]);
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it('imports the template and executes it twice successfully', () => {
		expect(instance.workflowIds).toContain(PROGRESS_WORKFLOW);
		expect(report.executions.map((e) => [e.workflowId, e.status])).toEqual([
			[PROGRESS_WORKFLOW, 'success'],
			[PROGRESS_WORKFLOW, 'success'],
		]);
		expect(report.problems).toEqual([]);
	});

	it('ends the seed scenario with the mapped statuses, shipped flag and payments in retailCRM', () => {
		const byNumber = Object.fromEntries(report.orders.map((o) => [o.crmNumber, o]));
		for (const [number, want] of Object.entries(EXPECTED_PROGRESS)) expect(byNumber[number]).toMatchObject(want);
		expect(byNumber['5488']).toMatchObject({ from1C: 1, shipmentNumber: expect.stringMatching(/\S/) });
		expect(byNumber['5489'].shipmentNumber).toMatch(/\S/);
		expect(byNumber['5490'].shipmentNumber).toBeUndefined();
	});

	it('sends nothing on a second run, and moves 5489 on when the rest is shipped', async () => {
		retailCrm.clearRequests();
		const again = await executeWorkflow(instance, PROGRESS_WORKFLOW);
		expect({ ok: again.ok, error: again.error }).toEqual({ ok: true, error: undefined });
		expect(retailCrm.requests()).toEqual([]);

		createShipment(oneC.state, { order: { keys: ['crm#102', '5489', 'test-crm10#102', 'test-crm10:5489'] } });
		const moved = await executeWorkflow(instance, PROGRESS_WORKFLOW);
		expect({ ok: moved.ok, error: moved.error }).toEqual({ ok: true, error: undefined });
		const order = progressInCrm({ retailCrm, oneC }).find((o) => o.crmNumber === '5489');
		expect(order).toMatchObject({ status: 'send-to-delivery', shipped: true });
		expect(retailCrm.requests().filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/api/v5/orders/102/edit']);
	});

	it('a cash receipt unposted in 1C turns its payment back to not-paid; the next run sends nothing', async () => {
		const payment = retailCrm.state.orders.find((o) => o.id === 101)!.payments!.find((p) => p.externalId)!;
		expect(payment.status).toBe('paid');
		const set = oneC.state.store.model.sets.get('Document_ПриходныйКассовыйОрдер')!;
		unpostDocument(oneC.state, set, oneC.state.store.get(set.name, String(payment.externalId))!);
		retailCrm.clearRequests();
		const undone = await executeWorkflow(instance, PROGRESS_WORKFLOW);
		expect({ ok: undone.ok, error: undone.error }).toEqual({ ok: true, error: undefined });
		expect(retailCrm.state.orders.find((o) => o.id === 101)!.payments!.find((p) => p.id === payment.id)).toMatchObject({ status: 'not-paid', externalId: payment.externalId });
		expect(retailCrm.requests().filter((r) => r.method === 'POST').map((r) => r.path)).toContain(`/api/v5/orders/payments/${payment.id}/edit`);
		retailCrm.clearRequests();
		const quiet = await executeWorkflow(instance, PROGRESS_WORKFLOW);
		expect({ ok: quiet.ok, error: quiet.error }).toEqual({ ok: true, error: undefined });
		expect(retailCrm.requests().filter((r) => r.method === 'POST')).toEqual([]);
	});
});
