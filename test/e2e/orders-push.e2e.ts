/**
 * The orders template's push row in a running n8n (`n8n start`, the workflow active; n8n 2.41.1 and 1.123.50, see majors.ts): the retailCRM sandbox's
 * trigger calls the production webhook when an order enters the trigger status. Proves the secret check (401, nothing
 * done), the latency of 50 pushed orders (median ≤ 5 s), that calls the sandbox drops (20 %) arrive through the
 * scheduled row within one interval, and that the push and the scheduled row seeing one order at once leave one
 * document and no echo. Figures are printed.
 */
import type { ChildProcess } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { prepareInstance, type N8nInstance, type SandboxEndpoints } from '../../scripts/harness/instance';
import { executeWorkflow } from '../../scripts/harness/scenario';
import { ORDERS_WORKFLOW, measurePush, prepareActiveOrders, printPush, pushUrl, startActiveN8n, stopN8n, withPushSecret, type PushMeasurement } from '../../scripts/harness/push';
import { e2ePort, majorsToRun } from './majors';
import { startOrderSandboxes } from './order-sandboxes';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_ORDER_IDS, TRIGGER_STATUS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';

const [O5488, O5489, O5490] = [SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5489'], SEED_ORDER_IDS['5490']];

describe.each(majorsToRun())('orders template: the push row in a running n8n %i.x (%s)', (major) => {
	const secret = randomBytes(18).toString('base64url');
	let root: string;
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let instance: N8nInstance;
	let n8n: ChildProcess | undefined;
	const n8nLines: string[] = [];

	const liveDocsOf = (id: number) =>
		onec.state.store.rows('Document_ЗаказПокупателя').filter((d) => String(d['НомерВходящегоДокументаЭлектронногоОбмена']).trim() === `crm#${id}` && d.DeletionMark !== true);
	const writesTo1C = (from: number) => onec.state.log.slice(from).filter((e) => e.method !== 'GET');

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'rcrm1c-e2e-push-'));
		let endpoints: SandboxEndpoints;
		({ crm, onec, endpoints } = await startOrderSandboxes());
		instance = await prepareInstance(
			root,
			e2ePort(),
			endpoints,
			() => undefined,
			withPushSecret(secret),
			{ major },
		);
		await prepareActiveOrders(instance, () => undefined);
		n8n = await startActiveN8n(instance, (line) => n8nLines.push(line));
	}, 20 * 60_000);

	afterAll(async () => {
		if (n8n) await stopN8n(n8n);
		await Promise.all([crm?.close(), onec?.close()]);
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it('answers 401 to a call without the secret or with a wrong one (URL, header, form field), and does nothing; the right one in a header or the form field loads the order', async () => {
		crm.clearRequests();
		const oneCFrom = onec.state.log.length;
		const answers: number[] = [];
		for (const url of [pushUrl(instance), pushUrl(instance, 'wrong'), pushUrl(instance, '')]) {
			const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `id=${O5488}` });
			answers.push(res.status);
		}
		const inHeader = await fetch(pushUrl(instance), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Trigger-Secret': 'wrong' }, body: `id=${O5488}` });
		answers.push(inHeader.status);
		const inForm = await fetch(pushUrl(instance), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `id=${O5488}&secret=wrong` });
		answers.push(inForm.status);
		expect(answers).toEqual([401, 401, 401, 401, 401]);
		await new Promise((r) => setTimeout(r, 1500));
		// Nothing read the order (the scheduled row, every 5 minutes, may read the history meanwhile), nothing written.
		expect(crm.requests().filter((r) => r.path.includes(`/orders/${O5488}`) || r.method === 'POST')).toEqual([]);
		expect(writesTo1C(oneCFrom)).toEqual([]);
		expect(liveDocsOf(O5488)).toEqual([]);
		crm.setStatus(O5488, TRIGGER_STATUS);
		// The secret in a header works as well as in the URL.
		const ok = await fetch(pushUrl(instance), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Trigger-Secret': secret }, body: `id=${O5488}` });
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({ accepted: true, orderId: String(O5488) });
		const until = Date.now() + 30_000;
		// Created and posted are two requests: wait for the posting, not only the document.
		while (!liveDocsOf(O5488).some((d) => d.Posted === true) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
		expect(liveDocsOf(O5488)).toEqual([expect.objectContaining({ Posted: true, СуммаДокумента: 1990 })]);
		// And as the form field `secret` of the call's body.
		crm.setStatus(O5490, TRIGGER_STATUS);
		const formOk = await fetch(pushUrl(instance), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `id=${O5490}&secret=${encodeURIComponent(secret)}` });
		expect(formOk.status).toBe(200);
		expect(await formOk.json()).toEqual({ accepted: true, orderId: String(O5490) });
		const formUntil = Date.now() + 30_000;
		while (!liveDocsOf(O5490).some((d) => d.Posted === true) && Date.now() < formUntil) await new Promise((r) => setTimeout(r, 100));
		expect(liveDocsOf(O5490)).toEqual([expect.objectContaining({ Posted: true })]);
	});

	it('the push and the scheduled row seeing one order at once leave one document; the next run writes nothing and the trigger fires once', async () => {
		crm.configureTriggers([{ code: 'at-once', statuses: [TRIGGER_STATUS], url: pushUrl(instance, secret), delayMs: 0 }]);
		crm.setStatus(O5489, TRIGGER_STATUS);
		// The CLI execution (the scheduled row's work, a second n8n process) starts while the trigger call is under way.
		const [scheduled] = await Promise.all([executeWorkflow(instance, ORDERS_WORKFLOW), crm.triggersIdle()]);
		expect(scheduled.error).toBeUndefined();
		const until = Date.now() + 30_000;
		while (liveDocsOf(O5489).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
		await new Promise((r) => setTimeout(r, 2000));
		expect(liveDocsOf(O5489)).toEqual([expect.objectContaining({ Posted: true, СуммаДокумента: 1070 })]);
		const from = onec.state.log.length;
		crm.clearRequests();
		const again = await executeWorkflow(instance, ORDERS_WORKFLOW);
		expect(again.error).toBeUndefined();
		expect(writesTo1C(from)).toEqual([]);
		expect(crm.requests().filter((r) => r.method === 'POST')).toEqual([]);
		expect(crm.triggerCalls().filter((c) => c.orderId === O5489)).toEqual([expect.objectContaining({ outcome: 'sent', httpStatus: 200 })]);
	});

	describe('50 orders pushed, 20 % of the calls dropped by the sandbox', () => {
		let m: PushMeasurement;
		beforeAll(async () => {
			m = await measurePush(instance, crm, onec, { orders: 50, dropRate: 0.2, secret, log: () => undefined });
			printPush(m, (line) => console.log(line));
		}, 15 * 60_000);

		it('gets each pushed order into 1C with a median of at most 5 s', () => {
			expect(m.delivered).toBe(40);
			expect(m.latencies).toHaveLength(40);
			expect(m.median).toBeLessThanOrEqual(5);
		});

		it('gets every dropped order into 1C through the scheduled row within one schedule interval', () => {
			expect(m.dropped).toBe(10);
			expect(m.catchUp).toHaveLength(10);
			expect(m.catchUpWorst).toBeLessThanOrEqual(360);
		});

		it('leaves one posted document per order and no echo', () => {
			expect(m.problems).toEqual([]);
			expect(m.triggerCalls).toBe(50);
		});
	});
});
