/**
 * The orders template's form row *Release Quarantined Orders* in a running n8n (`n8n start`, the workflow active; both
 * majors, see majors.ts): the form's production URL is submitted as a browser submits it, and the form's own
 * execution (Release → Get Changed → 1C → Write Back → Confirm) tries the released orders at once. With a scheduled
 * run under way that loaded the state before the release and ends after it (a second n8n process, `n8n execute`), the
 * release still takes effect: the order is in 1C although the state n8n keeps lists it in quarantine again, and a
 * second submission clears that without a write (docs/order-lifecycle.md, "Retries and quarantine").
 *
 * Set-up only: quarantine after one failure and retries due at once (Confirm's Max Attempts 1, Get Changed's Retry
 * Delay 0), the schedule trigger off (its run every 5 minutes would be a third execution saving the state).
 */
import type { ChildProcess } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readStaticData } from '../../scripts/harness/database';
import { prepareInstance, type N8nInstance, type SandboxEndpoints, type TemplateJson } from '../../scripts/harness/instance';
import { ORDERS_WORKFLOW, prepareActiveOrders, startActiveN8n, stopN8n, withPushSecret } from '../../scripts/harness/push';
import { createOrderInTrigger, executeWorkflow, nodeOutput } from '../../scripts/harness/scenario';
import { e2ePort, majorsToRun } from './majors';
import { startOrderSandboxes } from './order-sandboxes';
import type { OneCSandbox } from '../sandboxes/onec/server';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';

const FORM = 'Release Quarantined Orders (Form)';
const DOCS = 'Document_ЗаказПокупателя';

const template = JSON.parse(readFileSync(join(__dirname, '../../workflows/retailcrm-orders-to-1c.json'), 'utf8')) as { nodes: Array<{ name: string; webhookId?: string }> };
const formWebhookId = template.nodes.find((n) => n.name === FORM)?.webhookId;

/** Quarantine after one failure, retries due at once, no schedule; the form row as shipped. */
function forRelease(workflow: TemplateJson): TemplateJson {
	if (workflow.id !== ORDERS_WORKFLOW) return workflow;
	for (const node of workflow.nodes as Array<TemplateJson['nodes'][number] & { disabled?: boolean }>) {
		if (node.name === 'Get Changed Orders') (node.parameters.options as Record<string, unknown>).retryDelayMinutes = 0;
		if (node.name === 'Confirm Processed') node.parameters.maxAttempts = 1;
		if (node.name === 'Every 5 Minutes') node.disabled = true;
	}
	return withPushSecret('not-used-here')(workflow);
}

interface SyncState {
	retry: Record<string, unknown>;
	quarantine: Record<string, unknown>;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 60_000): Promise<T> {
	const until = Date.now() + ms;
	for (;;) {
		const value = probe();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

describe.each(majorsToRun())('orders template: the release form in a running n8n %i.x (%s)', (major) => {
	let root: string;
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let instance: N8nInstance;
	let n8n: ChildProcess | undefined;
	const quarantined: number[] = [];

	const liveDocsOf = (id: number) => onec.state.store.rows(DOCS).filter((d) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === `crm#${id}` && d.DeletionMark !== true);
	const saved = (): SyncState => {
		const global = readStaticData(instance, ORDERS_WORKFLOW)?.global as { orderSync?: SyncState } | undefined;
		return { retry: global?.orderSync?.retry ?? {}, quarantine: global?.orderSync?.quarantine ?? {} };
	};
	/** Submits the form's production URL as the browser does (multipart, the first field is `field-0`). */
	const submit = async (ids: string): Promise<number> => {
		const body = new FormData();
		body.append('field-0', ids);
		const res = await fetch(`http://127.0.0.1:${instance.port}/form/${formWebhookId}`, { method: 'POST', body });
		await res.text();
		return res.status;
	};

	beforeAll(async () => {
		expect(formWebhookId).toBeDefined();
		root = mkdtempSync(join(tmpdir(), 'rcrm1c-e2e-release-'));
		let endpoints: SandboxEndpoints;
		({ crm, onec, endpoints } = await startOrderSandboxes());
		instance = await prepareInstance(
			root,
			e2ePort(),
			endpoints,
			() => undefined,
			forRelease,
			{ major },
		);
		await prepareActiveOrders(instance, () => undefined);
		// Two orders whose posting 1C refuses once: written unposted, failed, quarantined (Max Attempts 1).
		for (const number of ['7500', '7501']) quarantined.push(await createOrderInTrigger(crm, number));
		onec.state.faults.postingRefusal.push({ message: 'Период закрыт для изменений.', count: 2 });
		const failing = await executeWorkflow(instance, ORDERS_WORKFLOW);
		expect(failing.error).toBeUndefined();
		expect(nodeOutput(failing, 'Create or Update in 1C', 1)).toHaveLength(2);
		n8n = await startActiveN8n(instance);
	}, 20 * 60_000);

	afterAll(async () => {
		if (n8n) await stopN8n(n8n);
		await Promise.all([crm?.close(), onec?.close()]);
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it('the form\'s production URL releases a quarantined order and its own execution posts it; the saved state lists it nowhere', async () => {
		const [id] = quarantined;
		expect(Object.keys(saved().quarantine).sort()).toEqual(quarantined.map(String).sort());
		expect(liveDocsOf(id)).toEqual([expect.objectContaining({ Posted: false })]);
		expect(await submit(String(id))).toBe(200);
		await waitFor('the released order posted in 1C', () => liveDocsOf(id)[0]?.Posted === true);
		const state = await waitFor('the form execution\'s state saved', () => {
			const now = saved();
			return now.quarantine[String(id)] === undefined ? now : undefined;
		});
		expect(state.retry[String(id)]).toBeUndefined();
		expect(liveDocsOf(id)).toHaveLength(1);
	});

	it('a scheduled run under way that ends after the release lists the order in quarantine again, yet the release took effect; submitting again clears it without a write', async () => {
		const id = quarantined[1];
		// The scheduled run (a second n8n process) has an order of its own to load; 1C answers its first document
		// request after 12 s, so that it loads the state before the release and saves after the form's execution.
		const own = await createOrderInTrigger(crm, '7502');
		const from = onec.state.log.length;
		const slow = { ms: 12_000, match: DOCS };
		onec.state.faults.latency.push(slow);
		const scheduled = executeWorkflow(instance, ORDERS_WORKFLOW);
		try {
			await waitFor('the scheduled run asking 1C for documents', () => onec.state.log.slice(from).some((e) => e.path.includes(DOCS)), 120_000);
		} finally {
			onec.state.faults.latency.splice(onec.state.faults.latency.indexOf(slow), 1);
		}
		expect(await submit(String(id))).toBe(200);
		await waitFor('the released order posted in 1C', () => liveDocsOf(id)[0]?.Posted === true);
		// The form's execution ends and saves first (the scheduled run still waits on 1C).
		await waitFor('the form execution\'s state saved', () => saved().quarantine[String(id)] === undefined);
		const run = await scheduled;
		expect(run.error).toBeUndefined();
		// The release took effect: the document is posted, one per order, the scheduled run's order loaded once.
		expect(liveDocsOf(id)).toEqual([expect.objectContaining({ Posted: true })]);
		expect(liveDocsOf(own)).toEqual([expect.objectContaining({ Posted: true })]);
		// The state n8n keeps is the scheduled run's, loaded before the release.
		expect(Object.keys(saved().quarantine)).toEqual([String(id)]);

		const before = onec.state.log.length;
		expect(await submit(String(id))).toBe(200);
		await waitFor('the second release saved', () => saved().quarantine[String(id)] === undefined);
		expect(saved().retry[String(id)]).toBeUndefined();
		expect(onec.state.log.slice(before).filter((e) => e.method !== 'GET')).toEqual([]);
		expect(liveDocsOf(id)).toHaveLength(1);
	});
});
