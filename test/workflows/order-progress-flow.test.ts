/**
 * Flow 4, workflows/1c-order-progress-to-retailcrm.json, run as scheduled executions through n8n-core's engine against
 * both sandboxes, with one static-data object kept across runs as n8n keeps it. The orders reach 1C through the
 * Flow 1 template first (workflows/retailcrm-orders-to-1c.json), as in the demo.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import axios from 'axios';
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';
import { runWorkflow } from '../helpers/run-workflow';
import { TRIGGER_STATUS, SEED_ORDER_IDS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { postDocument, unpostDocument } from '../sandboxes/onec/posting';
import { createEntity, patchEntity } from '../sandboxes/onec/writes';
import { findOrder } from '../sandboxes/onec/progress/control';
import { localIsoDate } from '../sandboxes/onec/sandbox';
import { forgetSliceLastForms } from '../../nodes/core/onec/client';
import { forgetDealFilterForms } from '../../nodes/core/sync/order-progress/payments';
import { PROGRESS_STATE_KEY, type ProgressState } from '../../nodes/core/sync/order-progress/state';
import { closeSandboxes, startTemplateSandboxes } from '../helpers/template-sandboxes';

type Template = { id: string; nodes: INode[]; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
const load = (file: string) => JSON.parse(readFileSync(join(__dirname, '../../workflows', file), 'utf8')) as Template;
const PROGRESS = load('1c-order-progress-to-retailcrm.json');
const ORDERS = load('retailcrm-orders-to-1c.json');
const GET = '1C: Get Progress';
const UPDATE = 'retailCRM: Update From 1C Progress';
const IDS = SEED_ORDER_IDS;

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => ({ crm, onec, credentials } = await startTemplateSandboxes({ rateLimit: false })));
afterAll(async () => await closeSandboxes(crm, onec));

const crmOrder = (id: number) => crm.state.orders.find((o) => o.id === id)!;
const control = (action: string, body: unknown) => axios.post(`${onec.controlUrl}${action}`, body).then((r) => r.data);
const runProgress = (staticData: IDataObject) => runWorkflow(PROGRESS, { credentials, staticData, mode: 'trigger', trigger: 'Every 10 Minutes' });
const runOrders = (staticData: IDataObject) => runWorkflow(ORDERS, { credentials, staticData, mode: 'trigger', trigger: 'Every 5 Minutes' });
const crmWrites = () => crm.requests().filter((r) => r.method === 'POST');

/** Both sandboxes at their seeds, the seed orders loaded into 1C by Flow 1, and Flow 4 run once (nothing to report). */
async function loaded(): Promise<{ orders: IDataObject; progress: IDataObject }> {
	crm.reset('seed');
	const guids: Record<number, string> = { 1: SEED_IDS.items.jeans48, 2: SEED_IDS.items.jeans50 };
	for (const offer of crm.state.offers) if (guids[offer.id]) offer.externalId = guids[offer.id];
	crm.reindex();
	onec.state.reset('seed');
	const orders: IDataObject = {};
	await runOrders(orders);
	for (const id of Object.values(IDS)) crm.setStatus(id, TRIGGER_STATUS);
	const load1 = await runOrders(orders);
	expect(load1.error()).toBeUndefined();
	const progress: IDataObject = {};
	const first = await runProgress(progress);
	expect(first.error()).toBeUndefined();
	expect(first.output(GET)).toHaveLength(0);
	onec.state.log.length = 0;
	crm.clearRequests();
	return { orders, progress };
}

describe('template 1c-order-progress-to-retailcrm.json', () => {
	it('has the fixed id, the schedule and manual triggers, credentials by name and notes', () => {
		expect(PROGRESS.id).toBe('rcrm1cProgress');
		const byName = Object.fromEntries(PROGRESS.nodes.map((n) => [n.name, n]));
		expect(byName['Every 10 Minutes'].parameters).toEqual({ rule: { interval: [{ field: 'minutes', minutesInterval: 10 }] } });
		expect(byName[GET].parameters).toMatchObject({ resource: 'customerOrder', operation: 'getProgress' });
		expect(byName[UPDATE].parameters).toMatchObject({ resource: 'order', operation: 'updateFromProgress', paymentType: 'cash', paidStatus: 'paid' });
		expect(byName[UPDATE].onError).toBe('continueRegularOutput');
		const c = PROGRESS.connections;
		expect(c['Every 10 Minutes'].main[0].map((x) => x.node)).toEqual([GET]);
		expect(c['Run Now'].main[0].map((x) => x.node)).toEqual([GET]);
		expect(c[GET].main[0].map((x) => x.node)).toEqual([UPDATE]);
		for (const node of PROGRESS.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				expect(ref).toEqual({ id: null, name: type === 'retailCrmApi' ? 'RetailCRM account' : '1C UT10 account' });
			}
		}
		const notes = PROGRESS.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content)).join('\n');
		// Run Now is no preview: it writes to retailCRM (the next test); only what was reported is not saved.
		expect(notes).toMatch(/\*\*Run Now\*\* writes to retailCRM like a scheduled run; only what was reported is not saved/);
		expect(notes).not.toMatch(/preview/i);
		expect(notes).toMatch(/onec_shipment_number/);
	});
});

describe('Flow 4 against both sandboxes', () => {
	it('the seed scenario ends with 5488 complete and paid, 5489 partly shipped, 5490 cancelled; a second run sends nothing', async () => {
		const { progress } = await loaded();
		const story = await control('scenarios/order-progress', { date: '2024-06-21T10:00:00' });
		const result = await runProgress(progress);
		expect(result.error()).toBeUndefined();
		const items = result.output(UPDATE).map((i) => i.json);
		expect(items.map((i) => [i.crmOrderId, i.kinds, i.error])).toEqual(
			expect.arrayContaining([
				[IDS['5488'], ['shippedAndPaid', 'shipped', 'paid'], undefined],
				[IDS['5489'], ['partlyShipped'], undefined],
				[IDS['5490'], ['cancelled'], undefined],
			]),
		);
		expect(items).toHaveLength(3);

		const full = crmOrder(IDS['5488']);
		expect(full).toMatchObject({ status: 'complete', shipped: true, shipmentDate: '2024-06-21' });
		expect(full.customFields.onec_shipment_number).toBe(story['5488'].shipment.number);
		// The shop's unpaid cash payment is taken over by the 1C cash receipt, not doubled.
		expect(full.payments).toEqual([expect.objectContaining({ id: 1, type: 'cash', status: 'paid', amount: 1990, externalId: story['5488'].payment.ref })]);
		const part = crmOrder(IDS['5489']);
		expect(part).toMatchObject({ status: 'assembling-complete', shipped: false, shipmentDate: '2024-06-21' });
		expect(part.payments).toEqual([expect.objectContaining({ id: 2, status: 'paid', amount: 1070 })]);
		expect(crmOrder(IDS['5490']).status).toBe('cancel-other');
		// One edit per order, one payment write: 4 writes for 3 changed orders.
		expect(crmWrites().map((r) => r.path)).toEqual(expect.arrayContaining(['/api/v5/orders/101/edit', '/api/v5/orders/102/edit', '/api/v5/orders/103/edit', '/api/v5/orders/payments/1/edit']));
		expect(crmWrites()).toHaveLength(4);
		for (const w of crmWrites()) expect(w.key).toBe('integration');

		crm.clearRequests();
		onec.state.log.length = 0;
		const again = await runProgress(progress);
		expect(again.error()).toBeUndefined();
		expect(again.output(GET)).toHaveLength(0);
		expect(again.ran(UPDATE)).toBe(false);
		expect(crm.requests()).toHaveLength(0);
		// Headers of recent orders (none: the seed orders are from 2015), what is left to ship, what is left to pay.
		expect(onec.state.log.map((r) => r.path.replace(/^.*standard\.odata\//, ''))).toEqual([
			'Document_ЗаказПокупателя',
			'AccumulationRegister_ЗаказыПокупателей/Balance',
			'AccumulationRegister_РасчетыСКонтрагентами/Balance',
		]);
	});

	it('on a platform older than 8.3.8.1652 (1C refuses cast() in $filter) the payments are found by contract instead: the seed scenario ends the same (README, First contact)', async () => {
		const { progress } = await loaded();
		await control('scenarios/order-progress', { date: '2024-06-21T10:00:00' });
		forgetDealFilterForms();
		onec.state.config.compositeFilters = false;
		try {
			onec.state.log.length = 0;
			const result = await runProgress(progress);
			expect(result.error()).toBeUndefined();
			expect(result.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.kinds])).toEqual(
				expect.arrayContaining([
					[IDS['5488'], ['shippedAndPaid', 'shipped', 'paid']],
					[IDS['5489'], ['partlyShipped']],
					[IDS['5490'], ['cancelled']],
				]),
			);
			expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, type: 'cash', status: 'paid', amount: 1990 })]);
			expect(crmOrder(IDS['5489']).payments).toEqual([expect.objectContaining({ id: 2, status: 'paid', amount: 1070 })]);
			// The cast() read was refused once, then the register was read by contract.
			const records = onec.state.log.filter((r) => decodeURIComponent(r.path).endsWith('AccumulationRegister_РасчетыСКонтрагентами_RecordType'));
			expect(records.filter((r) => r.status === 400).length).toBe(1);
			expect(records.filter((r) => r.status === 200).every((r) => /ДоговорКонтрагента_Key/.test(String(r.query.$filter)))).toBe(true);
		} finally {
			onec.state.config.compositeFilters = true;
			forgetDealFilterForms();
		}
	});

	it('Run Now on n8n 1.x (started without the saved state) is a first run: it reports the orders still open in 1C, not those closed since the last scheduled run, which that run reports; nothing is written twice', async () => {
		const { progress } = await loaded();
		await control('scenarios/order-progress', { date: '2024-06-21T10:00:00' });
		// n8n 1.x's editor sends the workflow without its static data and n8n saves none after a manual run (test/queue
		// pins both in the real n8n): the manual run starts from nothing, and what it reports is thrown away. The seed orders'
		// documents are dated 2015, outside the look-back window: a first run finds only the one still open (5489, part
		// paid); 5488 (shipped and paid) and 5490 (cancelled) are closed, so only the saved state follows them.
		const manual = await runWorkflow(PROGRESS, { credentials, staticData: {}, mode: 'manual', trigger: 'Run Now' });
		expect(manual.error()).toBeUndefined();
		expect(manual.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.error])).toEqual([[IDS['5489'], undefined]]);
		expect(crmWrites().length).toBeGreaterThan(0);
		const hints = manual.run.data.resultData.runData[GET][0].hints ?? [];
		expect(hints.map((h) => h.message).join(' ')).toMatch(
			/^Manual run without saved state \(n8n 1\.x starts every manual execution without the workflow's saved state.*\), so this run is a first run: it reports the orders whose 1C document is dated in the last \d+ days or that are still open/,
		);

		crm.clearRequests();
		const next = await runProgress(progress);
		expect(next.error()).toBeUndefined();
		expect(next.output(GET).map((i) => i.json.crmOrderId).sort()).toEqual([IDS['5488'], IDS['5489'], IDS['5490']].sort());
		// 5489 was written by the manual run: found in step, no write; the two closed orders are written now.
		const writes = Object.fromEntries(next.output(UPDATE).map((i) => [i.json.crmOrderId, (i.json.crmWrites as string[]).length > 0]));
		expect(writes).toEqual({ [IDS['5488']]: true, [IDS['5489']]: false, [IDS['5490']]: true });
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'complete', shipped: true });
		expect(crmOrder(IDS['5490']).status).toBe('cancel-other');
		// Now it is saved: the run after that reports nothing.
		crm.clearRequests();
		const quiet = await runProgress(progress);
		expect(quiet.output(GET)).toHaveLength(0);
		expect(crmWrites()).toEqual([]);
	});

	it('Run Now on n8n 2.x (which loads the saved state for a manual run) writes to retailCRM like a scheduled run; n8n keeps no static data after it, so the next scheduled run reports the orders again, finds them written and writes nothing', async () => {
		const { progress } = await loaded();
		await control('scenarios/order-progress', { date: '2024-06-21T10:00:00' });
		// n8n 2.x runs a manual execution on the workflow as saved, static data included (WorkflowsController.runManually
		// → executeManually(dbWorkflow)), and saves none after it: the manual run works on a copy that is thrown away.
		const manual = await runWorkflow(PROGRESS, { credentials, staticData: JSON.parse(JSON.stringify(progress)) as IDataObject, mode: 'manual', trigger: 'Run Now' });
		expect(manual.error()).toBeUndefined();
		expect(manual.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.error])).toEqual(
			expect.arrayContaining([
				[IDS['5488'], undefined],
				[IDS['5489'], undefined],
				[IDS['5490'], undefined],
			]),
		);
		expect(crmWrites()).toHaveLength(4);
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'complete', shipped: true });
		expect(crmOrder(IDS['5490']).status).toBe('cancel-other');
		const hints = manual.run.data.resultData.runData[GET][0].hints ?? [];
		expect(hints.map((h) => h.message).join(' ')).toMatch(/^Manual run: Update From 1C Progress writes these orders to retailCRM as in a scheduled run.*finds them written/);

		crm.clearRequests();
		const next = await runProgress(progress);
		expect(next.error()).toBeUndefined();
		expect(next.output(GET).map((i) => i.json.crmOrderId).sort()).toEqual([IDS['5488'], IDS['5489'], IDS['5490']].sort());
		expect(crmWrites()).toEqual([]);
		// Now it is saved: the run after that reports nothing.
		const quiet = await runProgress(progress);
		expect(quiet.output(GET)).toHaveLength(0);
	});

	it('a shipment posted later moves the order on; its writes do not come back to the order flow', async () => {
		const { orders, progress } = await loaded();
		const ref = (await control('shipments', { order: { keys: ['crm#102', '5489'] }, lines: [{ Номенклатура_Key: SEED_IDS.items.jeans50, Количество: 1 }], date: '2024-06-20T09:00:00' })) as { number: string };
		let result = await runProgress(progress);
		expect(result.output(UPDATE).map((i) => i.json.kinds)).toEqual([['partlyShipped']]);
		expect(crmOrder(IDS['5489']).status).toBe('assembling-complete');
		const rest = (await control('shipments', { order: { keys: ['crm#102', '5489'] }, date: '2024-06-22T09:00:00' })) as { number: string };
		result = await runProgress(progress);
		// Paid by card in retailCRM, not in 1C: shipped, not "shipped and paid".
		expect(result.output(UPDATE).map((i) => [i.json.kinds, i.json.crmWrites])).toEqual([[['shipped'], ['orders/edit: status, shipmentDate, shipped, customFields']]]);
		expect(crmOrder(IDS['5489'])).toMatchObject({ status: 'send-to-delivery', shipped: true, shipmentDate: '2024-06-22' });
		expect(crmOrder(IDS['5489']).customFields.onec_shipment_number).toBe(`${ref.number}, ${rest.number}`);

		// The order flow reads the history with the same key: our edits are its own, nothing is exported again.
		onec.state.log.length = 0;
		const echo = await runOrders(orders);
		expect(echo.error()).toBeUndefined();
		expect(echo.output('Get Changed Orders')).toHaveLength(0);
		expect(onec.state.log).toHaveLength(0);
	});

	it('a transition the account forbids is an error item naming it; the other orders are updated and it is retried', async () => {
		const { progress } = await loaded();
		crm.configure({ forbiddenTransitions: [{ from: TRIGGER_STATUS, to: 'cancel-other' }] });
		try {
			await control('scenarios/order-progress', {});
			const result = await runProgress(progress);
			expect(result.error()).toBeUndefined();
			const items = Object.fromEntries(result.output(UPDATE).map((i) => [i.json.crmOrderId, i.json]));
			expect(items[IDS['5490']].error).toMatch(/retailCRM order 5490 \(id 103\), 1C ЦРМ00005490: retailCRM refused the status change "send-to-assembling" → "cancel-other"/);
			expect(items[IDS['5488']].error).toBeUndefined();
			expect(crmOrder(IDS['5488']).status).toBe('complete');
			expect(crmOrder(IDS['5489']).status).toBe('assembling-complete');
			expect(crmOrder(IDS['5490']).status).toBe(TRIGGER_STATUS);

			const retry = await runProgress(progress);
			expect(retry.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.attempts])).toEqual([[IDS['5490'], 1]]);
			crm.configure({ forbiddenTransitions: [] });
			const fixed = await runProgress(progress);
			expect(fixed.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.error])).toEqual([[IDS['5490'], undefined]]);
			expect(crmOrder(IDS['5490']).status).toBe('cancel-other');
			expect((await runProgress(progress)).output(GET)).toHaveLength(0);
		} finally {
			crm.configure({ forbiddenTransitions: [] });
		}
	});

	it('as shipped, a refused order is reported 5 times at most, then waits for its next change in 1C', async () => {
		const { progress } = await loaded();
		crm.configure({ forbiddenTransitions: [{ from: TRIGGER_STATUS, to: 'cancel-other' }] });
		try {
			const cancelled = (await control('cancel', { order: { keys: [`crm#${IDS['5490']}`] } })) as { ref: string };
			const attempts: unknown[] = [];
			for (let run = 0; run < 7; run++) {
				const result = await runProgress(progress);
				expect(result.error()).toBeUndefined();
				attempts.push(result.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.attempts, Boolean(i.json.error)]));
			}
			const tried = (n: number) => [[IDS['5490'], n, true]];
			expect(attempts).toEqual([tried(0), tried(1), tried(2), tried(3), tried(4), [], []]);
			// Allowed now, but nothing in 1C changed: it still waits. A new change in 1C (a payment) reports it again.
			crm.configure({ forbiddenTransitions: [] });
			expect((await runProgress(progress)).output(GET)).toHaveLength(0);
			await control('payments', { order: cancelled.ref, kind: 'cash', amount: 100 });
			const changed = await runProgress(progress);
			expect(changed.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.error])).toEqual([[IDS['5490'], undefined]]);
			expect(crmOrder(IDS['5490']).status).toBe('cancel-other');
		} finally {
			crm.configure({ forbiddenTransitions: [] });
		}
	});

	it('1C down for a run and up for the next loses nothing', async () => {
		const { progress } = await loaded();
		await control('scenarios/order-progress', {});
		// The publication answers 503 to the first request and its two retries: the run fails.
		await axios.post(`${onec.controlUrl}faults`, { status: 503, count: 3 });
		const down = await runProgress(progress);
		expect(down.error()?.message).toMatch(/1C/);
		expect(down.ran(UPDATE)).toBe(false);
		expect(crmWrites()).toHaveLength(0);
		const up = await runProgress(progress);
		expect(up.error()).toBeUndefined();
		expect(up.output(UPDATE).map((i) => i.json.crmOrderId).sort()).toEqual(Object.values(IDS));
		expect(crmOrder(IDS['5488']).status).toBe('complete');
	});

	it('a run whose retailCRM step never happened reports the orders again (confirmation by the update node)', async () => {
		const { progress } = await loaded();
		await control('scenarios/order-progress', {});
		const crashed = await runWorkflow(PROGRESS, { credentials, staticData: progress, mode: 'trigger', trigger: 'Every 10 Minutes', patch: { [UPDATE]: { disabled: true } } });
		expect(crashed.output(GET)).toHaveLength(3);
		expect(crmWrites()).toHaveLength(0);
		const next = await runProgress(progress);
		expect(next.output(UPDATE)).toHaveLength(3);
		expect(crmOrder(IDS['5490']).status).toBe('cancel-other');
	});

	it('a 1C card receipt for an order already paid by card in retailCRM is linked to that payment, not paid twice', async () => {
		const { progress } = await loaded();
		expect(crmOrder(IDS['5489']).payments).toEqual([expect.objectContaining({ id: 2, status: 'paid', amount: 1070 })]);
		await control('payments', { order: { keys: [`crm#${IDS['5489']}`] }, kind: 'card', amount: 1070 });
		const run = await runProgress(progress);
		expect(run.error()).toBeUndefined();
		const payments = crmOrder(IDS['5489']).payments ?? [];
		expect(payments).toHaveLength(1);
		expect(payments[0]).toMatchObject({ id: 2, status: 'paid', amount: 1070, type: 'bank-card' });
		expect(payments[0].externalId).toMatch(/^[0-9a-f-]{36}$/);
		expect((await runProgress(progress)).output(UPDATE)).toHaveLength(0);
	});

	it('a shipment undone in 1C after it was reported takes the shipped flag and the 1C number off the order', async () => {
		const { progress } = await loaded();
		const shipment = (await control('shipments', { order: { keys: [`crm#${IDS['5488']}`] }, date: '2024-06-20T09:00:00' })) as { ref: string };
		await runProgress(progress);
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'send-to-delivery', shipped: true });
		expect(crmOrder(IDS['5488']).customFields?.onec_shipment_number).not.toBe('');
		const sales = onec.state.store.model.sets.get('Document_РеализацияТоваровУслуг')!;
		unpostDocument(onec.state, sales, onec.state.store.get('Document_РеализацияТоваровУслуг', shipment.ref)!);
		const undone = await runProgress(progress);
		expect(undone.error()).toBeUndefined();
		// The status stays where a manager or the earlier report put it: nothing in 1C says where it should go back to.
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'send-to-delivery', shipped: false });
		expect(crmOrder(IDS['5488']).customFields?.onec_shipment_number).toBe('');
		expect((await runProgress(progress)).output(UPDATE)).toHaveLength(0);
	});

	it('a payment unposted in 1C after it was reported is no longer paid in retailCRM; posted again, it is paid again', async () => {
		const { progress } = await loaded();
		const receipt = (await control('payments', { order: { keys: [`crm#${IDS['5488']}`] }, kind: 'cash', date: '2024-06-20T09:00:00' })) as { ref: string };
		const card = (await control('payments', { order: { keys: [`crm#${IDS['5489']}`] }, kind: 'card', amount: 1070 })) as { ref: string };
		await runProgress(progress);
		// 5488: the shop's unpaid cash payment was taken over; 5489: the shop's card payment was linked.
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'paid', amount: 1990, externalId: receipt.ref })]);
		expect(crmOrder(IDS['5489']).payments).toEqual([expect.objectContaining({ id: 2, status: 'paid', externalId: card.ref })]);
		const set = (name: string) => onec.state.store.model.sets.get(name)!;
		unpostDocument(onec.state, set('Document_ПриходныйКассовыйОрдер'), onec.state.store.get('Document_ПриходныйКассовыйОрдер', receipt.ref)!);
		unpostDocument(onec.state, set('Document_ОплатаОтПокупателяПлатежнойКартой'), onec.state.store.get('Document_ОплатаОтПокупателяПлатежнойКартой', card.ref)!);
		crm.clearRequests();
		const undone = await runProgress(progress);
		expect(undone.error()).toBeUndefined();
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'not-paid', amount: 1990, externalId: receipt.ref })]);
		// The card money was taken by the shop itself: 1C undoing its record of it does not make it unpaid.
		expect(crmOrder(IDS['5489']).payments).toEqual([expect.objectContaining({ id: 2, status: 'paid', externalId: card.ref })]);
		expect(crmWrites().map((r) => r.path)).toContain('/api/v5/orders/payments/1/edit');
		expect(crmWrites().map((r) => r.path)).not.toContain('/api/v5/orders/payments/2/edit');
		expect((await runProgress(progress)).output(UPDATE)).toHaveLength(0);
		const cash = onec.state.store.get('Document_ПриходныйКассовыйОрдер', receipt.ref)!;
		postDocument(onec.state, set('Document_ПриходныйКассовыйОрдер'), cash, true);
		const reposted = await runProgress(progress);
		expect(reposted.error()).toBeUndefined();
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'paid', amount: 1990, externalId: receipt.ref })]);
	});
});

/**
 * What an outside review reproduced through this template: a retired second document of an order cancelling it,
 * undone progress and refunds moving the status back, a refused status holding back the shipment fields.
 */
describe('Flow 4: second documents, undone progress, refunds and a refused status', () => {
	const ORDER_SET = 'Document_ЗаказПокупателя';
	const setOf = (name: string) => onec.state.store.model.sets.get(name)!;
	const onecPaths = () => onec.state.log.map((r) => r.path.replace(/^.*standard\.odata\//, ''));

	/** 5488 shipped in full and paid in cash in 1C, reported: `complete`, shipped, paid. */
	async function completed() {
		const { orders, progress } = await loaded();
		const doc = findOrder(onec.state, { keys: [`crm#${IDS['5488']}`] });
		const shipment = (await control('shipments', { order: doc.Ref_Key, date: '2024-06-20T09:00:00' })) as { ref: string; number: string };
		const receipt = (await control('payments', { order: doc.Ref_Key, kind: 'cash', date: '2024-06-20T10:00:00' })) as { ref: string };
		expect((await runProgress(progress)).error()).toBeUndefined();
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'complete', shipped: true });
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'paid', amount: 1990, externalId: receipt.ref })]);
		onec.state.log.length = 0;
		crm.clearRequests();
		return { orders, progress, doc, shipment, receipt };
	}

	it('a second 1C document with the order\'s key, unposted and marked for deletion as the order flow retires a duplicate, is not the order\'s progress: nothing is written and it is no longer followed', async () => {
		const { progress, doc } = await completed();
		const snapshot = JSON.parse(JSON.stringify(crmOrder(IDS['5488']))) as unknown;
		// A copy with the same key dated today (a lost race of two order-flow executions, or a 1C user's copy), posted.
		const def = setOf(ORDER_SET);
		// Int64 goes over the wire as a string, as 1C answers it.
		const body: Record<string, unknown> = { ...doc, Date: localIsoDate(new Date()), КратностьВзаиморасчетов: String(doc.КратностьВзаиморасчетов) };
		for (const k of Object.keys(body)) if (['Ref_Key', 'Number', 'DataVersion', 'Posted', 'DeletionMark'].includes(k) || k.endsWith('@navigationLinkUrl')) delete body[k];
		const copy = createEntity(onec.state, def, JSON.stringify(body), {});
		postDocument(onec.state, def, onec.state.store.get(ORDER_SET, String(copy.Ref_Key))!, false);
		expect((await runProgress(progress)).output(GET)).toHaveLength(0);
		// The order flow retires it (document-writes.ts retireDuplicate): unposted, then marked for deletion.
		unpostDocument(onec.state, def, onec.state.store.get(ORDER_SET, String(copy.Ref_Key))!);
		patchEntity(onec.state, def, onec.state.store.get(ORDER_SET, String(copy.Ref_Key))!, JSON.stringify({ DeletionMark: true }), {});
		onec.state.log.length = 0;
		crm.clearRequests();
		const retired = await runProgress(progress);
		expect(retired.error()).toBeUndefined();
		expect(retired.output(GET)).toHaveLength(0);
		expect(retired.ran(UPDATE)).toBe(false);
		expect(crmOrder(IDS['5488'])).toEqual(snapshot);
		expect(crm.requests()).toHaveLength(0);
		// The walk, the two balances and one look-up of the key's documents.
		expect(onecPaths()).toEqual([ORDER_SET, 'AccumulationRegister_ЗаказыПокупателей/Balance', 'AccumulationRegister_РасчетыСКонтрагентами/Balance', ORDER_SET]);
		onec.state.log.length = 0;
		expect((await runProgress(progress)).output(GET)).toHaveLength(0);
		expect(onec.state.log).toHaveLength(3);
	});

	it('a second 1C document with the order\'s key that a 1C user only unposts (no deletion mark) is not the order\'s progress either: the shipped flag, the shipment and 1C numbers stay', async () => {
		const { progress, doc } = await completed();
		const snapshot = JSON.parse(JSON.stringify(crmOrder(IDS['5488']))) as unknown;
		const def = setOf(ORDER_SET);
		const body: Record<string, unknown> = { ...doc, Date: localIsoDate(new Date()), КратностьВзаиморасчетов: String(doc.КратностьВзаиморасчетов) };
		for (const k of Object.keys(body)) if (['Ref_Key', 'Number', 'DataVersion', 'Posted', 'DeletionMark'].includes(k) || k.endsWith('@navigationLinkUrl')) delete body[k];
		const copy = createEntity(onec.state, def, JSON.stringify(body), {});
		postDocument(onec.state, def, onec.state.store.get(ORDER_SET, String(copy.Ref_Key))!, false);
		expect((await runProgress(progress)).output(GET)).toHaveLength(0);
		unpostDocument(onec.state, def, onec.state.store.get(ORDER_SET, String(copy.Ref_Key))!);
		crm.clearRequests();
		const unposted = await runProgress(progress);
		expect(unposted.error()).toBeUndefined();
		expect(unposted.output(GET)).toHaveLength(0);
		expect(crm.requests()).toHaveLength(0);
		expect(crmOrder(IDS['5488'])).toEqual(snapshot);
		expect((await runProgress(progress)).output(GET)).toHaveLength(0);
	});

	it('a cancellation in 1C sets its status over one further on (`complete` → `cancel-other`); restored in 1C, the order gets its progress\'s status again', async () => {
		const { progress, doc } = await completed();
		const cancelled = (await control('cancel', { order: doc.Ref_Key })) as { deletionMark: boolean };
		expect(cancelled.deletionMark).toBe(true);
		const run = await runProgress(progress);
		expect(run.error()).toBeUndefined();
		expect(run.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.kinds, i.json.error])).toEqual([[IDS['5488'], expect.arrayContaining(['cancelled']), undefined]]);
		expect(crmOrder(IDS['5488']).status).toBe('cancel-other');
		expect((await runProgress(progress)).output(UPDATE)).toHaveLength(0);

		// A 1C user takes the deletion mark off and posts the order again: it is shipped and paid as before.
		const def = setOf(ORDER_SET);
		patchEntity(onec.state, def, onec.state.store.get(ORDER_SET, String(doc.Ref_Key))!, JSON.stringify({ DeletionMark: false }), {});
		postDocument(onec.state, def, onec.state.store.get(ORDER_SET, String(doc.Ref_Key))!, false);
		const restored = await runProgress(progress);
		expect(restored.error()).toBeUndefined();
		expect(restored.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.error])).toEqual([[IDS['5488'], undefined]]);
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'complete', shipped: true });
		expect((await runProgress(progress)).output(UPDATE)).toHaveLength(0);
	});

	it('a cash receipt unposted on a shipped and paid order turns its payment unpaid; the status stays `complete`', async () => {
		const { progress, receipt } = await completed();
		unpostDocument(onec.state, setOf('Document_ПриходныйКассовыйОрдер'), onec.state.store.get('Document_ПриходныйКассовыйОрдер', receipt.ref)!);
		const undone = await runProgress(progress);
		expect(undone.error()).toBeUndefined();
		expect(undone.output(UPDATE).map((i) => [i.json.kinds, i.json.crmWrites])).toEqual([[['shipped'], [`payments/edit: ${receipt.ref}`]]]);
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'complete', shipped: true });
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'not-paid', externalId: receipt.ref })]);
	});

	it('the second of two shipments unposted takes the shipped flag and its number off; the status stays `send-to-delivery`', async () => {
		const { progress } = await loaded();
		const doc = findOrder(onec.state, { keys: [`crm#${IDS['5489']}`] });
		const first = (await control('shipments', { order: doc.Ref_Key, lines: [{ Номенклатура_Key: SEED_IDS.items.jeans50, Количество: 1 }], date: '2024-06-20T09:00:00' })) as { number: string };
		const second = (await control('shipments', { order: doc.Ref_Key, date: '2024-06-21T09:00:00' })) as { ref: string };
		await runProgress(progress);
		expect(crmOrder(IDS['5489'])).toMatchObject({ status: 'send-to-delivery', shipped: true });
		unpostDocument(onec.state, setOf('Document_РеализацияТоваровУслуг'), onec.state.store.get('Document_РеализацияТоваровУслуг', second.ref)!);
		const undone = await runProgress(progress);
		expect(undone.error()).toBeUndefined();
		expect(undone.output(UPDATE).map((i) => [i.json.kinds, i.json.crmWrites])).toEqual([[['partlyShipped'], ['orders/edit: shipmentDate, shipped, customFields']]]);
		expect(crmOrder(IDS['5489'])).toMatchObject({ status: 'send-to-delivery', shipped: false, shipmentDate: '2024-06-20' });
		expect(crmOrder(IDS['5489']).customFields.onec_shipment_number).toBe(first.number);
	});

	// Refunds are not written to retailCRM (README): what is pinned is that a refund neither turns the still-posted
	// payment unpaid nor moves the status back. A full refund leaves nothing paid in 1C; a part one leaves it part paid.
	it.each([
		['in full', 1990, ['shipped'], 'none'],
		['in part', 500, ['shipped', 'partlyPaid'], 'partial'],
	])('a card refund %s (UT 10.3 posts it as a receipt, РасчетыВозврат = Возврат) keeps the cash payment paid and the status `complete`', async (_how, amount, kinds, paid) => {
		const { progress, doc, receipt } = await completed();
		// ОплатаОтПокупателяПлатежнойКартой, ВидОперации ВозвратДенежныхСредствПокупателю: its ObjectModule writes a Receipt
		// into РасчетыСКонтрагентами with Сделка = the order (ДвиженияПоРегистрамУпр).
		const set = 'Document_ОплатаОтПокупателяПлатежнойКартой';
		const refund = (await control('payments', { order: doc.Ref_Key, kind: 'card', amount, date: '2024-06-25T10:00:00', post: false })) as { ref: string };
		onec.state.store.load('AccumulationRegister_РасчетыСКонтрагентами_RecordType', [
			{
				Recorder: refund.ref,
				Recorder_Type: `StandardODATA.${set}`,
				Period: '2024-06-25T10:00:00',
				LineNumber: 1,
				Active: true,
				RecordType: 'Receipt',
				РасчетыВозврат: 'Возврат',
				ДоговорКонтрагента_Key: doc.ДоговорКонтрагента_Key,
				Контрагент_Key: doc.Контрагент_Key,
				Организация_Key: doc.Организация_Key,
				Сделка: doc.Ref_Key,
				Сделка_Type: `StandardODATA.${ORDER_SET}`,
				СуммаВзаиморасчетов: amount,
				СуммаУпр: amount,
			},
		]);
		onec.state.store.put(set, { ...onec.state.store.get(set, refund.ref)!, ВидОперации: 'ВозвратДенежныхСредствПокупателю', Posted: true, DataVersion: onec.state.store.nextDataVersion() });
		const result = await runProgress(progress);
		expect(result.error()).toBeUndefined();
		const [item] = result.output(UPDATE).map((i) => i.json as { kinds: string[]; payment: { status: string; payments: Array<{ ref: string; amount: number }> }; crmWrites: string[] });
		expect([item.kinds, item.payment.status]).toEqual([kinds, paid]);
		expect(item.payment.payments.map((p) => [p.ref, p.amount])).toEqual([
			[receipt.ref, 1990],
			[refund.ref, -amount],
		]);
		expect(item.crmWrites).toEqual([]);
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'complete', shipped: true });
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'paid', amount: 1990, externalId: receipt.ref })]);
	});

	it('a status the account refuses does not hold back the shipped flag, the shipment date and number: they are sent without it, and the refusal is an error item', async () => {
		const { progress } = await loaded();
		crm.setStatus(IDS['5488'], 'assembling');
		crm.configure({ forbiddenTransitions: [{ from: 'assembling', to: 'send-to-delivery' }] });
		try {
			const shipment = (await control('shipments', { order: { keys: [`crm#${IDS['5488']}`] }, date: '2024-06-20T09:00:00' })) as { number: string };
			const first = await runProgress(progress);
			expect(first.error()).toBeUndefined();
			const [item] = first.output(UPDATE).map((i) => i.json);
			expect(item.error).toMatch(/retailCRM order 5488 \(id 101\), 1C ЦРМ00005488: retailCRM refused the status change "assembling" → "send-to-delivery"/);
			expect(item.crmWrites).toEqual(['orders/edit: shipmentDate, shipped, customFields']);
			expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'assembling', shipped: true, shipmentDate: '2024-06-20' });
			expect(crmOrder(IDS['5488']).customFields.onec_shipment_number).toBe(shipment.number);
			// The attempt counts: the status alone is tried again next run (one refused edit), up to Max Attempts.
			crm.clearRequests();
			const retry = await runProgress(progress);
			expect(retry.output(UPDATE).map((i) => [i.json.attempts, i.json.crmWrites, Boolean(i.json.error)])).toEqual([[1, [], true]]);
			expect(crmWrites()).toHaveLength(1);
		} finally {
			crm.configure({ forbiddenTransitions: [] });
		}
	});
	it('an order a manager moved on to a later status the mapping does not name (delivering, a cancel reason) keeps it when a payment arrives in 1C; with Keep Later retailCRM Statuses off it gets its progress\'s status', async () => {
		const { progress } = await loaded();
		const doc = findOrder(onec.state, { keys: [`crm#${IDS['5488']}`] });
		await control('shipments', { order: doc.Ref_Key, date: '2024-06-20T09:00:00' });
		expect((await runProgress(progress)).error()).toBeUndefined();
		expect(crmOrder(IDS['5488']).status).toBe('send-to-delivery');
		// The courier has it: the manager's status, later in the delivery group than the mapped send-to-delivery.
		crm.setStatus(IDS['5488'], 'delivering');
		await control('payments', { order: doc.Ref_Key, kind: 'cash', amount: 500, date: '2024-06-21T10:00:00' });
		crm.clearRequests();
		const part = await runProgress(progress);
		expect(part.output(UPDATE).map((i) => [i.json.kinds, i.json.crmStatus, i.json.error])).toEqual([[['shipped', 'partlyPaid'], undefined, undefined]]);
		expect(crmOrder(IDS['5488']).status).toBe('delivering');
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ status: 'paid', amount: 500 })]);
		expect(crm.requests().filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(['/api/v5/orders', '/api/v5/reference/statuses', '/api/v5/reference/status-groups']);
		// A cancel reason the manager chose (cancel group, not in the mapping) stays too.
		crm.setStatus(IDS['5488'], 'no-product');
		await control('payments', { order: doc.Ref_Key, kind: 'cash', amount: 400, date: '2024-06-22T10:00:00' });
		await runProgress(progress);
		expect(crmOrder(IDS['5488']).status).toBe('no-product');
		// The option off: the order in a status the mapping does not name gets the status of its progress.
		const parameters = { ...PROGRESS.nodes.find((n) => n.name === UPDATE)!.parameters, options: { ...(PROGRESS.nodes.find((n) => n.name === UPDATE)!.parameters.options as IDataObject), keepLaterStatuses: false } };
		crm.setStatus(IDS['5488'], 'delivering');
		await control('payments', { order: doc.Ref_Key, kind: 'cash', amount: 300, date: '2024-06-23T10:00:00' });
		crm.clearRequests();
		const off = await runWorkflow(PROGRESS, { credentials, staticData: progress, mode: 'trigger', trigger: 'Every 10 Minutes', patch: { [UPDATE]: { parameters } } });
		expect(off.output(UPDATE).map((i) => i.json.crmStatus)).toEqual([{ from: 'delivering', to: 'send-to-delivery' }]);
		expect(crmOrder(IDS['5488']).status).toBe('send-to-delivery');
		expect(crm.requests().filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(['/api/v5/orders']);
	});

	it('a custom field the account does not define does not hold back the status, the shipped flag and the date: they are sent without it, and the error item names the field', async () => {
		const { progress } = await loaded();
		const defs = crm.state.customFieldDefinitions!;
		crm.state.customFieldDefinitions = defs.filter((d) => d.code !== 'onec_shipment_number');
		try {
			await control('shipments', { order: { keys: [`crm#${IDS['5488']}`] }, date: '2024-06-20T09:00:00' });
			const first = await runProgress(progress);
			expect(first.error()).toBeUndefined();
			const [item] = first.output(UPDATE).map((i) => i.json);
			expect(item.error).toMatch(/retailCRM order 5488 \(id 101\), 1C ЦРМ00005488: retailCRM refused the order custom field "onec_shipment_number": Custom field with code "onec_shipment_number" does not exist/);
			expect(item.crmWrites).toEqual(['orders/edit: status, shipmentDate, shipped']);
			expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'send-to-delivery', shipped: true, shipmentDate: '2024-06-20' });
			expect(crmOrder(IDS['5488']).customFields.onec_shipment_number).toBeUndefined();
			// Created in retailCRM, the number is written by the retry.
			crm.state.customFieldDefinitions = defs;
			const retry = await runProgress(progress);
			expect(retry.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.error])).toEqual([[IDS['5488'], undefined]]);
			expect(crmOrder(IDS['5488']).customFields.onec_shipment_number).toEqual(expect.any(String));
		} finally {
			crm.state.customFieldDefinitions = defs;
		}
	});
	it('a mapped status switched off in retailCRM is an error item naming it; the shipped flag, date and number are written without it', async () => {
		const { progress } = await loaded();
		crm.state.statuses['send-to-delivery'].active = false;
		try {
			await control('shipments', { order: { keys: [`crm#${IDS['5488']}`] }, date: '2024-06-20T09:00:00' });
			const first = await runProgress(progress);
			expect(first.error()).toBeUndefined();
			const [item] = first.output(UPDATE).map((i) => i.json);
			expect(item.error).toMatch(/retailCRM order 5488 \(id 101\), 1C ЦРМ00005488: retailCRM refused the status change "send-to-assembling" → "send-to-delivery": Status "send-to-delivery" is not active/);
			expect(item.crmWrites).toEqual(['orders/edit: shipmentDate, shipped, customFields']);
			expect(crmOrder(IDS['5488'])).toMatchObject({ status: TRIGGER_STATUS, shipped: true, shipmentDate: '2024-06-20' });
		} finally {
			crm.state.statuses['send-to-delivery'].active = true;
		}
	});
	it('with field errors sent as a "field: message" list (as retailCRM\'s upload methods answer), a refused status and custom field are still told apart: the rest is written and both are named', async () => {
		const { progress } = await loaded();
		crm.setStatus(IDS['5488'], 'assembling');
		crm.configure({ forbiddenTransitions: [{ from: 'assembling', to: 'send-to-delivery' }], errorsStyle: 'list' });
		const defs = crm.state.customFieldDefinitions!;
		crm.state.customFieldDefinitions = defs.filter((d) => d.code !== 'onec_shipment_number');
		try {
			await control('shipments', { order: { keys: [`crm#${IDS['5488']}`] }, date: '2024-06-20T09:00:00' });
			const first = await runProgress(progress);
			expect(first.error()).toBeUndefined();
			const [item] = first.output(UPDATE).map((i) => i.json);
			expect(item.error).toMatch(/refused the status change "assembling" → "send-to-delivery": Status transition from "assembling" to "send-to-delivery" is forbidden; retailCRM refused the order custom field "onec_shipment_number": Custom field with code "onec_shipment_number" does not exist/);
			expect(item.crmWrites).toEqual(['orders/edit: shipmentDate, shipped']);
			expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'assembling', shipped: true, shipmentDate: '2024-06-20' });
			const [refused] = crm.requests().filter((r) => r.method === 'POST' && r.status === 400);
			expect(refused).toBeDefined();
		} finally {
			crm.configure({ forbiddenTransitions: [], errorsStyle: 'map' });
			crm.state.customFieldDefinitions = defs;
		}
	});
});

/**
 * README "Order progress: reported once, never lost.", promise by promise: what the tests above do not pin yet.
 */
describe('Flow 4: the README promises on deletions, retries, release 0.1 keys and older platforms', () => {
	const ORDER_SET = 'Document_ЗаказПокупателя';
	const setOf = (name: string) => onec.state.store.model.sets.get(name)!;
	/** What a 1C user does to a posted document: marks it for deletion (which unposts it), or deletes it outright. */
	function undo(set: string, ref: string, how: 'marked for deletion' | 'deleted') {
		const doc = onec.state.store.get(set, ref)!;
		if (how === 'marked for deletion') {
			patchEntity(onec.state, setOf(set), doc, JSON.stringify({ DeletionMark: true }), {});
			expect(onec.state.store.get(set, ref)).toMatchObject({ Posted: false, DeletionMark: true });
		} else {
			unpostDocument(onec.state, setOf(set), doc);
			onec.state.store.removeWhere(set, (r) => r.Ref_Key === ref);
			expect(onec.state.store.get(set, ref)).toBeUndefined();
		}
	}

	it.each(['marked for deletion', 'deleted'] as const)('a shipment %s in 1C after it was reported takes the shipped flag and the 1C number off; the status stays', async (how) => {
		const { progress } = await loaded();
		const shipment = (await control('shipments', { order: { keys: [`crm#${IDS['5488']}`] }, date: '2024-06-20T09:00:00' })) as { ref: string; number: string };
		await runProgress(progress);
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'send-to-delivery', shipped: true });
		expect(crmOrder(IDS['5488']).customFields.onec_shipment_number).toBe(shipment.number);
		undo('Document_РеализацияТоваровУслуг', shipment.ref, how);
		const undone = await runProgress(progress);
		expect(undone.error()).toBeUndefined();
		expect(undone.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.crmWrites, i.json.error])).toEqual([[IDS['5488'], ['orders/edit: shipped, customFields'], undefined]]);
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'send-to-delivery', shipped: false });
		expect(crmOrder(IDS['5488']).customFields.onec_shipment_number).toBe('');
		expect((await runProgress(progress)).output(GET)).toHaveLength(0);
	});

	it.each(['marked for deletion', 'deleted'] as const)('a payment %s in 1C after it was reported turns the payment written from it back to `not-paid`', async (how) => {
		const { progress } = await loaded();
		const receipt = (await control('payments', { order: { keys: [`crm#${IDS['5488']}`] }, kind: 'cash', date: '2024-06-20T09:00:00' })) as { ref: string };
		await runProgress(progress);
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'paid', amount: 1990, externalId: receipt.ref })]);
		undo('Document_ПриходныйКассовыйОрдер', receipt.ref, how);
		crm.clearRequests();
		const undone = await runProgress(progress);
		expect(undone.error()).toBeUndefined();
		expect(undone.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.crmWrites])).toEqual([[IDS['5488'], [`payments/edit: ${receipt.ref}`]]]);
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'not-paid', amount: 1990, externalId: receipt.ref })]);
		expect(crmWrites().map((r) => r.path)).toEqual(['/api/v5/orders/payments/1/edit']);
		expect((await runProgress(progress)).output(GET)).toHaveLength(0);
	});

	it('a refused order waiting after Max Attempts is reported again when a shipment is posted in 1C', async () => {
		const { progress } = await loaded();
		crm.configure({ forbiddenTransitions: [{ from: TRIGGER_STATUS, to: 'assembling-complete' }] });
		try {
			const doc = findOrder(onec.state, { keys: [`crm#${IDS['5489']}`] });
			await control('shipments', { order: doc.Ref_Key, lines: [{ Номенклатура_Key: SEED_IDS.items.jeans50, Количество: 1 }], date: '2024-06-20T09:00:00' });
			const attempts: unknown[] = [];
			for (let run = 0; run < 6; run++) attempts.push((await runProgress(progress)).output(UPDATE).map((i) => [i.json.crmOrderId, i.json.attempts, Boolean(i.json.error)]));
			expect(attempts).toEqual([0, 1, 2, 3, 4].map((n) => [[IDS['5489'], n, true]]).concat([[]]));
			await control('shipments', { order: doc.Ref_Key, date: '2024-06-22T09:00:00' });
			const shipped = await runProgress(progress);
			expect(shipped.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.kinds, i.json.error])).toEqual([[IDS['5489'], ['shipped'], undefined]]);
			expect(crmOrder(IDS['5489'])).toMatchObject({ status: 'send-to-delivery', shipped: true, shipmentDate: '2024-06-22' });
		} finally {
			crm.configure({ forbiddenTransitions: [] });
		}
	});

	it('within Look Back, a 1C user writing the document reports a waiting order again; a write that changes no progress reports nothing', async () => {
		const { progress } = await loaded();
		const def = setOf(ORDER_SET);
		const ref = String(findOrder(onec.state, { keys: [`crm#${IDS['5490']}`] }).Ref_Key);
		const write = (change: Record<string, unknown>) => patchEntity(onec.state, def, onec.state.store.get(ORDER_SET, ref)!, JSON.stringify(change), {});
		// Dated yesterday by a 1C user: now within Look Back, its header is read every run. The date is part of what a
		// report carries, so it is reported once (nothing to write: retailCRM holds no 1C date).
		write({ Date: localIsoDate(new Date(Date.now() - 86_400_000)) });
		crm.clearRequests();
		const dated = await runProgress(progress);
		expect(dated.error()).toBeUndefined();
		expect(dated.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.kinds, i.json.crmWrites])).toEqual([[IDS['5490'], [], []]]);
		expect(crmWrites()).toEqual([]);
		// A write that changes nothing a report carries (a comment): its signal changed, its progress did not.
		write({ Комментарий: 'перезвонить' });
		onec.state.log.length = 0;
		const commented = await runProgress(progress);
		expect(commented.error()).toBeUndefined();
		expect(commented.output(GET)).toHaveLength(0);
		expect(commented.ran(UPDATE)).toBe(false);
		crm.configure({ forbiddenTransitions: [{ from: TRIGGER_STATUS, to: 'cancel-other' }] });
		try {
			await control('cancel', { order: ref });
			const attempts: unknown[] = [];
			for (let run = 0; run < 6; run++) attempts.push((await runProgress(progress)).output(UPDATE).map((i) => [i.json.crmOrderId, i.json.attempts]));
			expect(attempts).toEqual([0, 1, 2, 3, 4].map((n) => [[IDS['5490'], n]]).concat([[]]));
			crm.configure({ forbiddenTransitions: [] });
			expect((await runProgress(progress)).output(GET)).toHaveLength(0);
			// A 1C user writes the cancelled document (a comment): its DataVersion changes, the same progress is tried again.
			write({ Комментарий: 'отказ покупателя' });
			const again = await runProgress(progress);
			expect(again.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.kinds, i.json.attempts, i.json.error])).toEqual([[IDS['5490'], ['cancelled'], 0, undefined]]);
			expect(crmOrder(IDS['5490']).status).toBe('cancel-other');
			expect((await runProgress(progress)).output(GET)).toHaveLength(0);
		} finally {
			crm.configure({ forbiddenTransitions: [] });
		}
	});

	it('a document written by release 0.1 (key = the retailCRM number) is found by number and reported to that order', async () => {
		const { progress } = await loaded();
		const def = setOf(ORDER_SET);
		const doc = findOrder(onec.state, { keys: [`crm#${IDS['5488']}`] });
		patchEntity(onec.state, def, doc, JSON.stringify({ НомерВходящегоДокументаЭлектронногоОбмена: '5488' }), {});
		expect((await runProgress(progress)).output(GET)).toHaveLength(0);
		const shipment = (await control('shipments', { order: doc.Ref_Key, date: '2024-06-20T09:00:00' })) as { number: string };
		crm.clearRequests();
		const result = await runProgress(progress);
		expect(result.error()).toBeUndefined();
		expect(result.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.kinds, i.json.error])).toEqual([[IDS['5488'], ['shipped'], undefined]]);
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'send-to-delivery', shipped: true });
		expect(crmOrder(IDS['5488']).customFields.onec_shipment_number).toBe(shipment.number);
		// Looked up by its number, not by id (then, as its status send-to-assembling is not in the mapping, the account's statuses).
		expect(crm.requests().filter((r) => r.method === 'GET' && r.path === '/api/v5/orders').map((r) => [r.path, r.query.filter])).toEqual([['/api/v5/orders', expect.objectContaining({ numbers: ['5488'] })]]);
	});

	it('an order unposted in 1C (no deletion mark) is reported as unposted; the template maps no status to it, so the order keeps its status, shipped flag and payment', async () => {
		const { progress } = await loaded();
		const doc = findOrder(onec.state, { keys: [`crm#${IDS['5488']}`] });
		await control('shipments', { order: doc.Ref_Key, date: '2024-06-20T09:00:00' });
		await control('payments', { order: doc.Ref_Key, kind: 'cash', date: '2024-06-20T10:00:00' });
		await runProgress(progress);
		const reported = JSON.parse(JSON.stringify(crmOrder(IDS['5488']))) as { status: string };
		expect(reported).toMatchObject({ status: 'complete', shipped: true });
		await control('cancel', { order: doc.Ref_Key, how: 'unpost' });
		crm.clearRequests();
		const unposted = await runProgress(progress);
		expect(unposted.error()).toBeUndefined();
		expect(unposted.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.kinds, i.json.crmWrites, i.json.error])).toEqual([[IDS['5488'], ['unposted'], [], undefined]]);
		expect(crmWrites()).toEqual([]);
		expect(crmOrder(IDS['5488'])).toEqual(reported);
	});

	it('with paid and unposted mapped too, the status only moves forward (partly shipped before paid), unposted always applies, and an order in its status follows 1C again', async () => {
		const { progress } = await loaded();
		const mapping = (PROGRESS.nodes.find((n) => n.name === UPDATE)!.parameters.statusMapping as { mapping: Array<{ progress: string; status: string }> }).mapping;
		const parameters = {
			...PROGRESS.nodes.find((n) => n.name === UPDATE)!.parameters,
			statusMapping: { mapping: [...mapping, { progress: 'unposted', status: 'availability-confirmed' }, { progress: 'paid', status: 'prepayed' }] },
			// The mapping's own order alone: these statuses lie before send-to-assembling in retailCRM's process.
			options: { ...(PROGRESS.nodes.find((n) => n.name === UPDATE)!.parameters.options as IDataObject), keepLaterStatuses: false },
		};
		const run = () => runWorkflow(PROGRESS, { credentials, staticData: progress, mode: 'trigger', trigger: 'Every 10 Minutes', patch: { [UPDATE]: { parameters } } });
		const status = () => crmOrder(IDS['5488']).status;
		const doc = findOrder(onec.state, { keys: [`crm#${IDS['5488']}`] });
		await control('payments', { order: doc.Ref_Key, kind: 'cash', date: '2024-06-20T10:00:00' });
		expect((await run()).error()).toBeUndefined();
		expect(status()).toBe('prepayed');
		const part = (await control('shipments', { order: doc.Ref_Key, lines: [{ Номенклатура_Key: SEED_IDS.items.jeans48, Количество: 1 }], date: '2024-06-21T09:00:00' })) as { ref: string };
		await run();
		expect(status()).toBe('assembling-complete');
		// The part shipment undone: paid alone again, whose status (prepayed) is behind partly shipped's. It stays.
		unpostDocument(onec.state, setOf('Document_РеализацияТоваровУслуг'), onec.state.store.get('Document_РеализацияТоваровУслуг', part.ref)!);
		const undone = await run();
		expect(undone.output(UPDATE).map((i) => [i.json.kinds, i.json.error])).toEqual([[['paid'], undefined]]);
		expect(status()).toBe('assembling-complete');
		// Unposted in 1C: its status applies whatever the order's status.
		await control('cancel', { order: doc.Ref_Key, how: 'unpost' });
		await run();
		expect(status()).toBe('availability-confirmed');
		// Posted again: the order, in the unposted status, gets the status of its progress.
		postDocument(onec.state, setOf(ORDER_SET), onec.state.store.get(ORDER_SET, String(doc.Ref_Key))!, false);
		const restored = await run();
		expect(restored.output(UPDATE).map((i) => [i.json.kinds, i.json.error])).toEqual([[['paid'], undefined]]);
		expect(status()).toBe('prepayed');
	});

	it('an order whose 1C payment was reported by an earlier release (no mark of 1C payments in the saved state) is protected from its next payment read on: two refunds back to the total keep the payment paid', async () => {
		const { progress } = await loaded();
		const doc = findOrder(onec.state, { keys: [`crm#${IDS['5488']}`] });
		await control('shipments', { order: doc.Ref_Key, date: '2024-06-20T09:00:00' });
		const receipt = (await control('payments', { order: doc.Ref_Key, kind: 'cash', date: '2024-06-20T10:00:00' })) as { ref: string };
		await runProgress(progress);
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'paid', amount: 1990, externalId: receipt.ref })]);
		// The saved state as an earlier release left it: no `m` (holds 1C payments) on the order's entry.
		const saved = (progress.global as IDataObject)[PROGRESS_STATE_KEY] as unknown as ProgressState;
		expect(saved.orders[String(doc.Ref_Key)].m).toBe(1);
		delete saved.orders[String(doc.Ref_Key)].m;
		/** A card refund as UT 10.3 posts it: a Receipt into РасчетыСКонтрагентами against the order, РасчетыВозврат = Возврат. */
		const refund = async (amount: number, date: string) => {
			const set = 'Document_ОплатаОтПокупателяПлатежнойКартой';
			const made = (await control('payments', { order: doc.Ref_Key, kind: 'card', amount, date, post: false })) as { ref: string };
			onec.state.store.load('AccumulationRegister_РасчетыСКонтрагентами_RecordType', [
				{
					Recorder: made.ref,
					Recorder_Type: `StandardODATA.${set}`,
					Period: date,
					LineNumber: 1,
					Active: true,
					RecordType: 'Receipt',
					РасчетыВозврат: 'Возврат',
					ДоговорКонтрагента_Key: doc.ДоговорКонтрагента_Key,
					Контрагент_Key: doc.Контрагент_Key,
					Организация_Key: doc.Организация_Key,
					Сделка: doc.Ref_Key,
					Сделка_Type: `StandardODATA.${ORDER_SET}`,
					СуммаВзаиморасчетов: amount,
					СуммаУпр: amount,
				},
			]);
			onec.state.store.put(set, { ...onec.state.store.get(set, made.ref)!, ВидОперации: 'ВозвратДенежныхСредствПокупателю', Posted: true, DataVersion: onec.state.store.nextDataVersion() });
		};
		// A part refund leaves something to pay: the payments are read, and from now on they are read every time.
		await refund(500, '2024-06-25T10:00:00');
		const part = await runProgress(progress);
		expect(part.output(UPDATE).map((i) => [i.json.kinds, i.json.crmWrites])).toEqual([[['shipped', 'partlyPaid'], []]]);
		// The rest refunded: left to pay is back at the total, and the payments are still read.
		await refund(1490, '2024-06-26T10:00:00');
		const rest = await runProgress(progress);
		expect(rest.error()).toBeUndefined();
		expect(rest.output(UPDATE).map((i) => [i.json.kinds, (i.json.payment as { payments: unknown[] }).payments.length, i.json.crmWrites])).toEqual([[['shipped'], 3, []]]);
		expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'complete', shipped: true });
		expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, status: 'paid', amount: 1990, externalId: receipt.ref })]);
	});

	it('on a platform before 8.3.8.1652, which refuses cast() in filters, payments are read by the orders\' contracts (detected once) and written as on a newer one', async () => {
		const { progress } = await loaded();
		// Which filter form a base takes is remembered per OData root: start as a base never seen.
		forgetDealFilterForms();
		forgetSliceLastForms();
		await control('config', { compositeFilters: false });
		try {
			const story = await control('scenarios/order-progress', { date: '2024-06-21T10:00:00' });
			const result = await runProgress(progress);
			expect(result.error()).toBeUndefined();
			expect(result.output(UPDATE).map((i) => [i.json.crmOrderId, i.json.kinds, i.json.error])).toEqual(
				expect.arrayContaining([
					[IDS['5488'], ['shippedAndPaid', 'shipped', 'paid'], undefined],
					[IDS['5489'], ['partlyShipped'], undefined],
				]),
			);
			expect(crmOrder(IDS['5488'])).toMatchObject({ status: 'complete', shipped: true });
			expect(crmOrder(IDS['5488']).payments).toEqual([expect.objectContaining({ id: 1, type: 'cash', status: 'paid', amount: 1990, externalId: story['5488'].payment.ref })]);
			const records = () => onec.state.log.filter((r) => r.path.endsWith('AccumulationRegister_РасчетыСКонтрагентами_RecordType'));
			// One refusal of the cast filter, then the orders' contracts.
			expect(records().map((r) => [r.status, /cast\(/.test(r.query.$filter ?? ''), /ДоговорКонтрагента_Key/.test(r.query.$filter ?? '')])).toEqual([
				[400, true, false],
				[200, false, true],
			]);
			onec.state.log.length = 0;
			// Detected once: the next payment is read by contract straight away.
			const card = (await control('payments', { order: { keys: [`crm#${IDS['5489']}`] }, kind: 'card', amount: 1070 })) as { ref: string };
			const next = await runProgress(progress);
			expect(next.error()).toBeUndefined();
			expect(records().map((r) => [r.status, /cast\(/.test(r.query.$filter ?? '')])).toEqual([[200, false]]);
			expect(crmOrder(IDS['5489']).payments).toEqual([expect.objectContaining({ id: 2, status: 'paid', amount: 1070, externalId: card.ref })]);
		} finally {
			await control('config', { compositeFilters: true });
			forgetDealFilterForms();
			forgetSliceLastForms();
		}
	});
});
