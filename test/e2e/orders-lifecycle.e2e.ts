/**
 * The orders template's promises where state and timing matter, in the real n8n CLI: the cursor and the retry list
 * live in workflow static data saved by n8n between `n8n execute` runs (mode `cli`), and two executions really run at
 * once as two n8n processes over one database, as a long run and the next scheduled one, or two queue-mode workers,
 * would. Outcomes are read from both sandboxes (docs/order-lifecycle.md).
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { importWorkflow, prepareInstance, type N8nInstance, type SandboxEndpoints, type TemplateJson } from '../../scripts/harness/instance';
import { createOrderInTrigger, executeWorkflow, nodeOutput } from '../../scripts/harness/scenario';
import { e2ePort, majorsToRun } from './majors';
import { startOrderSandboxes } from './order-sandboxes';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_ORDER_IDS, TRIGGER_STATUS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';

const ORDERS = 'rcrm1cOrders';
/** A second copy of the template whose 1C node leaves numbering to 1C (no number guards its creates). */
// n8n saves static data only for workflow ids of at most 16 characters (isWorkflowIdValid).
const ORDERS_ONEC_NUMBERING = 'rcrm1cOrdersOneC';
/** A third copy with the 1C node's Post off (documents written unposted; posted ones are posted again after a change). */
const ORDERS_POST_OFF = 'rcrm1cOrdPostOff';
const [O5488, O5489, O5490] = [SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5489'], SEED_ORDER_IDS['5490']];

interface Execution {
	ok: boolean;
	error?: string;
	output(node: string, index?: number): Array<{ json: Record<string, unknown> }>;
}

async function execute(instance: N8nInstance, id: string): Promise<Execution> {
	const summary = await executeWorkflow(instance, id);
	return { ok: summary.ok, ...(summary.error ? { error: summary.error } : {}), output: (node, index = 0) => nodeOutput(summary, node, index) };
}

describe.each(majorsToRun())('orders template: an order\'s later life in the real n8n %i.x CLI (%s)', (major) => {
	let root: string;
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let instance: N8nInstance;

	const docs = () => onec.state.store.rows('Document_ЗаказПокупателя').filter((d) => d.Ref_Key !== SEED_IDS.orders.existing);
	const liveDocsOf = (id: number) => docs().filter((d) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === `crm#${id}` && d.DeletionMark !== true);
	const order = (id: number) => crm.state.orders.find((o) => o.id === id)!;

	const createInTrigger = (number: string) => createOrderInTrigger(crm, number);

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'rcrm1c-e2e-orders-'));
		let endpoints: SandboxEndpoints;
		({ crm, onec, endpoints } = await startOrderSandboxes());
		// Retries due at once (the shipped template waits 4 minutes), nothing else changed.
		const retryNow = (workflow: TemplateJson): TemplateJson => {
			if (workflow.id !== ORDERS) return workflow;
			for (const node of workflow.nodes) {
				if (node.name === 'Get Changed Orders') (node.parameters.options as Record<string, unknown>).retryDelayMinutes = 0;
			}
			return workflow;
		};
		instance = await prepareInstance(
			root,
			e2ePort(),
			endpoints,
			() => undefined,
			retryNow,
			{ major },
		);
		// The second copy, with 1C numbering; the third with Post off.
		const template = () => JSON.parse(readFileSync(join(__dirname, '../../workflows/retailcrm-orders-to-1c.json'), 'utf8')) as TemplateJson & { name: string };
		const copy = template();
		copy.id = ORDERS_ONEC_NUMBERING;
		copy.name = `${copy.name} (1C numbering)`;
		for (const node of retryNow({ ...copy, id: ORDERS }).nodes) {
			if (node.name === 'Create or Update in 1C') (node.parameters.options as Record<string, unknown>).numberMode = 'onec';
		}
		await importWorkflow(instance, copy);
		const postOff = template();
		postOff.id = ORDERS_POST_OFF;
		postOff.name = `${postOff.name} (Post off)`;
		for (const node of retryNow({ ...postOff, id: ORDERS }).nodes) {
			if (node.name === 'Create or Update in 1C') node.parameters.post = false;
		}
		await importWorkflow(instance, postOff);
	}, 20 * 60_000);

	afterAll(async () => {
		await Promise.all([crm?.close(), onec?.close()]);
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it('keeps its cursor and retry list across executions: refusal retried, edit and cancellation reach 1C, a shop-owned external ID stays', async () => {
		expect((await execute(instance, ORDERS)).ok).toBe(true); // the cursor starts now
		order(O5488).externalId = 'bitrix-5488';
		crm.reindex();
		for (const id of [O5488, O5489, O5490]) crm.setStatus(id, TRIGGER_STATUS);
		onec.state.faults.postingRefusal.push({ message: 'Период закрыт для изменений.', count: 1 });
		const first = await execute(instance, ORDERS);
		expect(first.error).toBeUndefined();
		// The first posting of the run (5488's) is refused: the order leaves through the error output.
		expect(first.output('Create or Update in 1C', 1).map((i) => i.json.id)).toEqual([O5488]);
		expect(liveDocsOf(O5488)).toEqual([expect.objectContaining({ Posted: false })]);
		expect(liveDocsOf(O5489)).toEqual([expect.objectContaining({ Posted: true, СуммаДокумента: 1070 })]);
		expect(order(O5489).externalId).toBe(liveDocsOf(O5489)[0].Ref_Key);

		crm.setStatus(O5489, 'cancel-other');
		crm.setStatus(O5490, 'assembling');
		await fetch(`${crm.url}/api/v5/orders/${O5490}/edit`, {
			method: 'POST',
			headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ by: 'id', site: 'test-crm10', order: JSON.stringify({ delivery: { cost: 300 } }) }).toString(),
		});
		const second = await execute(instance, ORDERS);
		expect(second.error).toBeUndefined();
		const actions = Object.fromEntries(second.output('Create or Update in 1C').map((i) => [i.json.crmOrderId, i.json.action]));
		expect(actions).toEqual({ [O5488]: 'unchanged', [O5489]: 'cancelled', [O5490]: 'updated' });
		expect(liveDocsOf(O5488)).toEqual([expect.objectContaining({ Posted: true, СуммаДокумента: 1990 })]);
		expect(liveDocsOf(O5489)).toEqual([expect.objectContaining({ Posted: false })]);
		expect(liveDocsOf(O5490)).toEqual([expect.objectContaining({ Posted: true, СуммаДокумента: 1500 })]);
		expect(order(O5488).externalId).toBe('bitrix-5488');
		expect(order(O5488).customFields).toMatchObject({ onec_ref: liveDocsOf(O5488)[0].Ref_Key, onec_number: 'ЦРМ00005488' });

		// Nothing changed since: no write to 1C, none to retailCRM.
		onec.state.log.length = 0;
		crm.clearRequests();
		expect((await execute(instance, ORDERS)).ok).toBe(true);
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(crm.requests().filter((r) => r.method === 'POST')).toEqual([]);
	});

	it('a document a 1C user marked for deletion is a conflict, listed and not retried; a deleted order has its document released', async () => {
		const [doc5488] = liveDocsOf(O5488);
		onec.state.store.put('Document_ЗаказПокупателя', { ...doc5488, DeletionMark: true, Posted: false });
		await fetch(`${crm.url}/api/v5/orders/${O5488}/edit`, {
			method: 'POST',
			headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ by: 'id', site: 'test-crm10', order: JSON.stringify({ customerComment: 'после пометки в 1С' }) }).toString(),
		});
		crm.deleteOrder(O5490);
		const run = await execute(instance, ORDERS);
		expect(run.error).toBeUndefined();
		const actions = Object.fromEntries(run.output('Create or Update in 1C').map((i) => [i.json.crmOrderId, i.json.action]));
		expect(actions).toEqual({ [O5488]: 'conflict', [O5490]: 'cancelled' });
		const summary = run.output('Confirm Processed')[0].json as { conflicts: Array<{ orderId: number; reason: string }>; retrying: unknown[] };
		expect(summary.conflicts.map((c) => [c.orderId, c.reason])).toEqual([[O5488, 'markedInOneC']]);
		expect(summary.retrying).toEqual([]);
		expect(liveDocsOf(O5488)).toEqual([]);
		expect(docs().filter((d) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === `crm#${O5490}`)).toEqual([expect.objectContaining({ Posted: false })]);
	});

	for (const [workflowId, numbering] of [
		[ORDERS, 'prefix'],
		[ORDERS_ONEC_NUMBERING, '1C'],
	] as const) {
		it(`two n8n processes executing at once over the same backlog leave one live document per order (${numbering} numbering)`, async () => {
			expect((await execute(instance, workflowId)).ok).toBe(true); // settle this workflow's cursor first
			const ids: number[] = [];
			for (let i = 0; i < 4; i++) ids.push(await createInTrigger(`${numbering === 'prefix' ? 71 : 72}0${i}`));
			// Slow 1C document requests make sure both executions read before either writes.
			onec.state.faults.latency.push({ ms: 2500, match: 'Document_' });
			onec.state.log.length = 0;
			const both = await Promise.all([execute(instance, workflowId), execute(instance, workflowId)]);
			onec.state.faults.latency.length = 0;
			for (const run of both) expect(run.error).toBeUndefined();
			const creates = onec.state.log.filter((r) => r.method === 'POST' && r.path.endsWith('/Document_ЗаказПокупателя'));
			// The race really happened: both created (1C numbering, then one was retired) or 1C refused the second
			// create because its number was taken (prefix numbering).
			expect(creates.length).toBeGreaterThan(ids.length);
			if (numbering === 'prefix') expect(creates.filter((r) => r.status === 500).length).toBeGreaterThan(0);
			else expect(docs().filter((d) => ids.some((id) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === `crm#${id}`) && d.DeletionMark === true).length).toBeGreaterThan(0);
			for (const id of ids) expect(liveDocsOf(id)).toHaveLength(1);
			// Whichever saved its state last, the next run converges the write-back and then nothing changes.
			expect((await execute(instance, workflowId)).ok).toBe(true);
			onec.state.log.length = 0;
			expect((await execute(instance, workflowId)).ok).toBe(true);
			expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
			for (const id of ids) {
				const [doc] = liveDocsOf(id);
				expect(doc).toMatchObject({ Posted: true, СуммаДокумента: 300 });
				expect(order(id).externalId).toBe(doc.Ref_Key);
			}
		});
	}

	it('Post off: a posted document whose re-post after an edit 1C refuses is kept in the saved static data and posted by the next execution', async () => {
		// Last in this file: the other workflows' later runs would converge this order too (they post).
		const ONEC = 'Create or Update in 1C';
		const postAgainSaved = (run: { staticData?: Record<string, unknown> }) =>
			((run.staticData?.[`node:${ONEC}`] as { postAgain?: { refs?: Record<string, number> } } | undefined)?.postAgain?.refs ?? {});
		expect((await execute(instance, ORDERS_POST_OFF)).ok).toBe(true); // the cursor starts now
		const id = await createInTrigger('7300');
		const loaded = await execute(instance, ORDERS_POST_OFF);
		expect(loaded.error).toBeUndefined();
		expect(loaded.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action, i.json.posted])).toEqual([[id, 'created', false]]);
		const [doc] = liveDocsOf(id);
		expect(doc).toMatchObject({ Posted: false, СуммаДокумента: 300 });
		// A 1C user posts it; then the shop edits the order, and 1C refuses the re-post after the change once.
		doc.Posted = true;
		await fetch(`${crm.url}/api/v5/orders/${id}/edit`, {
			method: 'POST',
			headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ by: 'id', site: 'test-crm10', order: JSON.stringify({ delivery: { cost: 300 } }) }).toString(),
		});
		onec.state.faults.postingRefusal.push({ message: 'Недостаточно свободного остатка на складе.', count: 1 });
		const refused = await executeWorkflow(instance, ORDERS_POST_OFF);
		expect(refused.error).toBeUndefined();
		const failed = nodeOutput(refused, ONEC, 1);
		expect(failed.map((i) => i.json.id)).toEqual([id]);
		expect(String(failed[0].json.error)).toMatch(/1C refused to post ЦРМ00007300: .*Недостаточно свободного остатка на складе\. The document is written and stays unposted; a later run posts it/s);
		expect(liveDocsOf(id)).toEqual([expect.objectContaining({ Ref_Key: doc.Ref_Key, Posted: false, СуммаДокумента: 600 })]);
		// n8n saved the 1C node's list with the execution (mode cli), in the database the next process reads.
		expect(postAgainSaved(refused)).toEqual({ [String(doc.Ref_Key).toLowerCase()]: id });

		const next = await executeWorkflow(instance, ORDERS_POST_OFF);
		expect(next.error).toBeUndefined();
		expect(nodeOutput(next, ONEC).map((i) => i.json)).toEqual([expect.objectContaining({ crmOrderId: id, action: 'unchanged', posted: true, postedInRun: true })]);
		expect(liveDocsOf(id)).toEqual([expect.objectContaining({ Ref_Key: doc.Ref_Key, Posted: true, СуммаДокумента: 600 })]);
		expect(postAgainSaved(next)).toEqual({});
		onec.state.log.length = 0;
		expect((await execute(instance, ORDERS_POST_OFF)).ok).toBe(true);
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
	});
});
