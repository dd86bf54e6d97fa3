/**
 * The push row of the shipped orders template (workflows/retailcrm-orders-to-1c.json): a retailCRM trigger calls the
 * webhook, *Get Pushed Order* reads the order by id and classifies it, and the same 1C, write-back and Confirm nodes as
 * the scheduled row handle it. Run through n8n-core's engine from *Get Pushed Order* on (the secret check and the HTTP
 * answers are n8n-nodes-base nodes: test/e2e/orders-push.e2e.ts runs them in the real n8n), with the webhook's item as
 * n8n builds it. docs/order-lifecycle.md "Push".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { TRIGGER_STATUS, SEED_ORDER_IDS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { createShipment } from '../sandboxes/onec/progress/control';
import type { Rec } from '../sandboxes/onec/filter/evaluator';
import { PUSH_RECHECK_NOTE } from '../../nodes/core/sync/orders/cursor-state';
import {
	CONFIRM,
	DOCS,
	ORDERS_TEMPLATE,
	GET,
	ONEC,
	PUSH_GET,
	PUSH_TRIGGER,
	WRITE_BACK,
	editAsShop,
	unknownOffer,
	patches,
	resetSandboxes,
	retryNow,
	syncState,
	templateRunner,
	useSeedSandboxes,
	withParameters,
	type Patch,
} from '../helpers/orders-template';

const [O5488, O5489, O5490] = [SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5489'], SEED_ORDER_IDS['5490']];
const CANCEL = 'cancel-other';

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

const sandboxes = useSeedSandboxes();
beforeAll(() => {
	({ crm, onec, credentials } = sandboxes);
});
beforeEach(() => {
	resetSandboxes(crm, onec);
	crm.configureTriggers([]);
});

const runner = templateRunner(() => credentials);
const scheduled = (staticData: IDataObject, patch: Patch = retryNow) => runner.run(staticData, patch);
/** What n8n's Webhook node emits for a form-encoded POST `id=<orderId>` to `…/retailcrm-order?secret=…`. */
const webhookItem = (orderId: number | string): INodeExecutionData => ({
	json: { headers: { 'content-type': 'application/x-www-form-urlencoded' }, params: {}, query: { secret: 'the-secret' }, body: { id: String(orderId) } },
});
const pushed = (staticData: IDataObject, orderId: number | string, patch: Patch = {}) =>
	runner.run(staticData, patch, { trigger: PUSH_TRIGGER, startAt: PUSH_GET, mode: 'webhook', triggerItems: [webhookItem(orderId)] });

/** Static data is n8n's change-tracking proxy: copied as JSON, as n8n stores it. */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const allDocs = (): Rec[] => onec.state.store.rows(DOCS).filter((d) => d.Ref_Key !== SEED_IDS.orders.existing);
const liveDocsOf = (orderId: number): Rec[] =>
	allDocs().filter((d) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === `crm#${orderId}` && d.DeletionMark !== true);
const crmOrder = (id: number) => crm.state.orders.find((o) => o.id === id)!;
const summary = (result: Awaited<ReturnType<typeof scheduled>>) => result.output(CONFIRM)[0]?.json as IDataObject;
const writesTo1C = () => onec.state.log.filter((r) => r.method !== 'GET');
const crmWrites = () => crm.requests().filter((r) => r.method === 'POST');

/** A first scheduled run sets the cursor at "now", as an active workflow's first run does. */
async function started(): Promise<IDataObject> {
	const staticData: IDataObject = {};
	expect((await scheduled(staticData)).error()).toBeUndefined();
	return staticData;
}

describe('the push row in the template', () => {
	it('is wired webhook → secret check → 200 (then the order) or 401 (nothing else) and ships with no secret, so every call is refused until one is set', () => {
		const byName = Object.fromEntries(ORDERS_TEMPLATE.nodes.map((n) => [n.name, n]));
		expect(byName[PUSH_TRIGGER]).toMatchObject({ type: 'n8n-nodes-base.webhook', parameters: { httpMethod: 'POST', path: 'retailcrm-order', responseMode: 'responseNode' } });
		const c = ORDERS_TEMPLATE.connections;
		expect(c[PUSH_TRIGGER].main[0].map((x) => x.node)).toEqual(['Secret Correct?']);
		expect(c['Secret Correct?'].main.map((branch) => branch.map((x) => x.node))).toEqual([['Accepted'], ['Unauthorized (401)']]);
		expect(c['Unauthorized (401)']).toBeUndefined();
		expect(byName['Unauthorized (401)'].parameters).toMatchObject({ options: { responseCode: 401 } });
		expect(c.Accepted.main[0].map((x) => x.node)).toEqual([PUSH_GET]);
		expect(c[PUSH_GET].main[0].map((x) => x.node)).toEqual([ONEC]);
		const check = (byName['Secret Correct?'].parameters.conditions as { conditions: Array<{ rightValue: string; operator: { operation: string } }>; combinator: string });
		expect(check.combinator).toBe('and');
		expect(check.conditions.map((x) => [x.operator.operation, x.rightValue])).toEqual([['equals', ''], ['notEmpty', '']]);
		expect(byName[PUSH_GET].parameters).toMatchObject({ operation: 'get', by: 'id', classify: true, statuses: "={{ $('Get Changed Orders').params.statuses }}", sites: "={{ $('Get Changed Orders').params.options.sites ?? [] }}" });
	});
});

describe('push row: one order within one execution', () => {
	it('loads a pushed order, writes the link back, and changes only the retry list: the order is to be read once more by the next scheduled run', async () => {
		const staticData = await started();
		const before = clone(staticData);
		crm.setStatus(O5488, TRIGGER_STATUS);
		crm.clearRequests();
		const run = await pushed(staticData, O5488);
		expect(run.error()).toBeUndefined();
		// retailCRM: the trigger status codes checked against the account, the cancel status group (chosen by group in the
		// template), the order, the write-back's re-read of the order (an external ID set meanwhile is kept), its external
		// ID and custom field (onec_number). Nothing else: no history, no other order.
		expect(crm.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /api/v5/reference/statuses',
			'GET /api/v5/reference/status-groups',
			`GET /api/v5/orders/${O5488}`,
			'GET /api/v5/orders',
			'POST /api/v5/orders/fix-external-ids',
			`POST /api/v5/orders/${O5488}/edit`,
		]);
		expect(run.output(PUSH_GET).map((i) => [i.json.id, i.json.syncIntent, i.json.syncReason])).toEqual([[O5488, 'load', 'triggerStatus']]);
		expect(run.output(ONEC)[0].json).toMatchObject({ action: 'created', posted: true, crmOrderId: O5488 });
		expect(liveDocsOf(O5488)).toHaveLength(1);
		expect(crmOrder(O5488).externalId).toBe(liveDocsOf(O5488)[0].Ref_Key);
		expect(summary(run)).toMatchObject({ settled: 'ordersOnly', advanced: false, processed: [O5488], failed: [] });
		// Neither the cursor nor `pending` changed. The order it wrote goes on the retry list as a recheck (due at once, no
		// attempt counted): a change a scheduled run handled while the push wrote its copy is read again (see the race
		// tests below). So a push that wrote saves static data.
		const after = syncState(staticData);
		const recheck = { attempts: 0, lastError: PUSH_RECHECK_NOTE, firstFailedAt: expect.any(String), lastTriedAt: '', site: 'test-crm10', number: '5488' };
		expect({ ...after, updatedAt: undefined }).toEqual({ ...syncState(before), updatedAt: undefined, retry: { [String(O5488)]: recheck } });
		expect((run.workflow.staticData as IDataObject).__dataChanged).toBe(true);
		expect(run.ran(GET)).toBe(false);
	});

	it('then the scheduled row sees the manager\'s status change, finds the document unchanged and writes nothing (no echo)', async () => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		await pushed(staticData, O5488);
		onec.state.log.length = 0;
		crm.clearRequests();
		const next = await scheduled(staticData);
		expect(next.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[O5488, 'unchanged']]);
		expect(writesTo1C()).toEqual([]);
		expect(crmWrites()).toEqual([]);
		expect(summary(next)).toMatchObject({ settled: 'history', advanced: true });
		// The write-back's own history records are ignored: the run after that has nothing at all.
		const quiet = await scheduled(staticData);
		expect(quiet.output(GET)).toEqual([]);
	});

	it('a push of an order whose document is already in step writes nothing and saves no static data (no recheck)', async () => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		expect((await scheduled(staticData)).error()).toBeUndefined();
		expect(liveDocsOf(O5488)[0].Posted).toBe(true);
		const before = clone(staticData);
		onec.state.log.length = 0;
		const again = await pushed(staticData, O5488);
		expect(again.error()).toBeUndefined();
		expect(again.output(ONEC)[0].json).toMatchObject({ action: 'unchanged', posted: true });
		expect(again.output(ONEC)[0].json.postedInRun).toBeUndefined();
		expect(writesTo1C()).toEqual([]);
		expect(clone(staticData)).toEqual(before);
		expect((again.workflow.staticData as IDataObject).__dataChanged).not.toBe(true);
	});

	it('a push that posts a document a refused posting left unposted counts as a write: the order is rechecked', async () => {
		const staticData = await started();
		onec.state.faults.postingRefusal.push({ message: 'Период закрыт для изменений.', count: 1 });
		crm.setStatus(O5488, TRIGGER_STATUS);
		expect((await scheduled(staticData)).error()).toBeUndefined();
		expect(liveDocsOf(O5488)[0].Posted).toBe(false);
		const run = await pushed(staticData, O5488);
		expect(run.error()).toBeUndefined();
		expect(run.output(ONEC)[0].json).toMatchObject({ action: 'unchanged', posted: true, postedInRun: true });
		expect(liveDocsOf(O5488)[0].Posted).toBe(true);
		expect((syncState(staticData).retry as IDataObject)[String(O5488)]).toMatchObject({ attempts: 0, lastError: PUSH_RECHECK_NOTE });
	});

	it('leaves out an order that does not concern 1C (not in a trigger status, never loaded): nothing reaches 1C', async () => {
		const staticData = await started();
		onec.state.log.length = 0;
		const run = await pushed(staticData, O5489);
		expect(run.error()).toBeUndefined();
		expect(run.output(PUSH_GET)).toEqual([]);
		expect(run.ran(ONEC)).toBe(false);
		expect(onec.state.log).toEqual([]);
	});

	it('an order that already moved on from the trigger status when the push reads it is left out by the push and loaded by the next scheduled run (Load Orders That Passed Through a Trigger Status)', async () => {
		// README, push: "judges it by the same rule as Get Changed" on the order as it is when read; the passage through
		// the trigger status is in the order history only, which the scheduled row reads ("whatever happens to a call …
		// the next scheduled run reads the status change from the order history and loads the order").
		const staticData = await started();
		crm.setStatus(O5489, TRIGGER_STATUS);
		crm.setStatus(O5489, 'assembling');
		onec.state.log.length = 0;
		const push = await pushed(staticData, O5489);
		expect(push.error()).toBeUndefined();
		expect(push.output(PUSH_GET)).toEqual([]);
		expect(push.ran(ONEC)).toBe(false);
		expect(onec.state.log).toEqual([]);
		const next = await scheduled(staticData);
		expect(next.output(ONEC).map((i) => [i.json.crmOrderId, i.json.intent, i.json.action, i.json.posted])).toEqual([[O5489, 'load', 'created', true]]);
		expect(liveDocsOf(O5489)).toHaveLength(1);
	});

	it('gives an order the intent Get Changed gives it: load, follow after the status moved on, cancel in a cancel status', async () => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		crm.setStatus(O5490, TRIGGER_STATUS);
		await scheduled(staticData);
		crm.setStatus(O5488, 'assembling');
		crm.setStatus(O5490, CANCEL);
		crm.setStatus(O5489, TRIGGER_STATUS);
		// The scheduled row's judgement, read without settling anything (a dry run of the whole row).
		const dry = await scheduled(clone(staticData), patches(retryNow, withParameters(ONEC, { dryRun: true })));
		const fromHistory = Object.fromEntries(dry.output(GET).map((i) => [i.json.id, i.json.syncIntent]));
		expect(fromHistory).toEqual({ [O5488]: 'follow', [O5489]: 'load', [O5490]: 'cancel' });
		for (const id of [O5488, O5489, O5490]) {
			const run = await pushed(clone(staticData), id, withParameters(ONEC, { dryRun: true }));
			expect([id, run.output(PUSH_GET)[0]?.json.syncIntent]).toEqual([id, fromHistory[id]]);
		}
		// And for real: the cancelled order's document is released by the push.
		const cancel = await pushed(staticData, O5490);
		expect(cancel.output(ONEC)[0].json).toMatchObject({ action: 'cancelled', posted: false });
		expect(liveDocsOf(O5490)[0].Posted).toBe(false);
	});

	it.each([
		['send-to-delivery', 'shipped in 1C'],
		['complete', 'shipped in 1C'],
		['complete', 'not shipped'],
	])('a call for a loaded order in a status the progress workflow sets (%s, %s) finds its document unchanged and writes nothing', async (status, shipped) => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		expect((await scheduled(staticData)).error()).toBeUndefined();
		const [doc] = liveDocsOf(O5488);
		if (shipped === 'shipped in 1C') createShipment(onec.state, { order: String(doc.Ref_Key) });
		crm.setStatus(O5488, status);
		const snapshot = clone(crmOrder(O5488));
		onec.state.log.length = 0;
		crm.clearRequests();
		const run = await pushed(staticData, O5488);
		expect(run.error()).toBeUndefined();
		expect(run.output(PUSH_GET).map((i) => i.json.syncIntent)).toEqual(['follow']);
		expect(run.output(ONEC).map((i) => i.json.action)).toEqual(['unchanged']);
		expect(run.output(ONEC, 1)).toEqual([]);
		expect(writesTo1C()).toEqual([]);
		expect(crmWrites()).toEqual([]);
		expect(crmOrder(O5488)).toEqual(snapshot);
		expect(liveDocsOf(O5488)).toEqual([expect.objectContaining({ Ref_Key: doc.Ref_Key, Posted: true, СуммаДокумента: doc.СуммаДокумента })]);
	});

	it('a call for a loaded order the progress workflow cancelled (cancel-other: a 1C user marked its document for deletion) writes nothing', async () => {
		// README, push: "the statuses the order progress workflow sets (shipped, complete, cancelled) … if a call came
		// anyway the push would find the document unchanged and write nothing". The progress template maps a
		// deletion-marked document to `cancel-other` (workflows/1c-order-progress-to-retailcrm.json).
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		expect((await scheduled(staticData)).error()).toBeUndefined();
		const [doc] = liveDocsOf(O5488);
		onec.state.store.put(DOCS, { ...doc, DeletionMark: true, Posted: false });
		crm.setStatus(O5488, CANCEL);
		const snapshot = clone(crmOrder(O5488));
		onec.state.log.length = 0;
		crm.clearRequests();
		const run = await pushed(staticData, O5488);
		expect(run.error()).toBeUndefined();
		expect(run.output(PUSH_GET).map((i) => i.json.syncIntent)).toEqual(['cancel']);
		expect(run.output(ONEC).map((i) => [i.json.action, i.json.skipReason])).toEqual([['skipped', 'cancelled']]);
		expect(run.output(ONEC, 1)).toEqual([]);
		expect(writesTo1C()).toEqual([]);
		expect(crmWrites()).toEqual([]);
		expect(crmOrder(O5488)).toEqual(snapshot);
		expect(allDocs()).toEqual([expect.objectContaining({ Ref_Key: doc.Ref_Key, Posted: false, DeletionMark: true, Комментарий: doc.Комментарий })]);
	});

	it('reads the statuses from Get Changed Orders: another trigger status chosen there applies to the push too', async () => {
		const staticData = await started();
		crm.setStatus(O5489, 'assembling');
		const patch = withParameters(GET, { statuses: ['assembling'] });
		const run = await pushed(staticData, O5489, patch);
		expect(run.output(PUSH_GET).map((i) => i.json.syncIntent)).toEqual(['load']);
		expect(liveDocsOf(O5489)).toHaveLength(1);
	});
});

describe('push row: the sites chosen in Get Changed Orders', () => {
	const sites = (list: string[]) => withParameters(GET, { options: { retryDelayMinutes: 0, sites: list } });

	it('leaves out an order of a site not chosen there, with a hint: nothing reaches 1C, and the scheduled row agrees', async () => {
		const staticData = await started();
		const other = sites(['some-other-shop']);
		crm.setStatus(O5488, TRIGGER_STATUS);
		onec.state.log.length = 0;
		const run = await pushed(staticData, O5488, other);
		expect(run.error()).toBeUndefined();
		expect(run.output(PUSH_GET)).toEqual([]);
		expect(run.ran(ONEC)).toBe(false);
		expect(onec.state.log).toEqual([]);
		const hints = run.run.data.resultData.runData[PUSH_GET][0].hints ?? [];
		expect(hints.map((h) => h.message).join(' ')).toMatch(new RegExp(`not among the chosen sites\\): order ${O5488} \\(test-crm10\\)`));
		// The scheduled row, with the same setting, leaves it out too.
		const next = await scheduled(staticData, other);
		expect(next.output(GET)).toEqual([]);
		expect(allDocs()).toEqual([]);
	});

	it('loads an order of a site chosen there', async () => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		const run = await pushed(staticData, O5488, sites(['some-other-shop', crmOrder(O5488).site]));
		expect(run.output(PUSH_GET).map((i) => [i.json.id, i.json.syncIntent])).toEqual([[O5488, 'load']]);
		expect(run.output(ONEC)[0].json).toMatchObject({ action: 'created', crmOrderId: O5488 });
		expect(liveDocsOf(O5488)).toHaveLength(1);
	});
});

describe('push row: failures go to the retry list, the cursor stays', () => {
	it('a pushed order that fails goes on the retry list only; the scheduled row retries it once fixed', async () => {
		const staticData = await started();
		const restore = unknownOffer(crm);
		crm.setStatus(O5489, TRIGGER_STATUS);
		const before = clone(syncState(staticData));
		const run = await pushed(staticData, O5489);
		expect(run.error()).toBeUndefined();
		expect(summary(run)).toMatchObject({ settled: 'ordersOnly', advanced: false, failed: [{ orderId: O5489, error: expect.stringContaining('5489') }] });
		expect((run.workflow.staticData as IDataObject).__dataChanged).toBe(true);
		const after = syncState(staticData);
		expect(after.retry).toEqual({ [String(O5489)]: expect.objectContaining({ attempts: 1, intent: 'load' }) });
		expect({ sinceId: after.sinceId, pending: after.pending, quarantine: after.quarantine }).toEqual({ sinceId: before.sinceId, pending: before.pending, quarantine: before.quarantine });

		restore();
		const next = await scheduled(staticData);
		expect(next.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[O5489, 'created']]);
		expect(syncState(staticData).retry).toEqual({});
		expect(liveDocsOf(O5489)).toHaveLength(1);
	});

	it('a pushed order that loads takes it out of quarantine (no release needed); one whose document 1C moved on is listed as a conflict', async () => {
		const staticData = await started();
		const restore = unknownOffer(crm);
		crm.setStatus(O5489, TRIGGER_STATUS);
		await scheduled(staticData, patches(retryNow, withParameters(CONFIRM, { maxAttempts: 1 })));
		expect(Object.keys(syncState(staticData).quarantine as IDataObject)).toEqual([String(O5489)]);
		restore();
		const run = await pushed(staticData, O5489);
		expect(run.output(ONEC)[0].json).toMatchObject({ crmOrderId: O5489, action: 'created', posted: true });
		expect(syncState(staticData).quarantine).toEqual({});
		expect(syncState(staticData).retry).toEqual({ [String(O5489)]: expect.objectContaining({ attempts: 0, lastError: PUSH_RECHECK_NOTE }) });

		// A 1C user marks the document for deletion; the manager edits the order and it is pushed again.
		const [doc] = liveDocsOf(O5489);
		onec.state.store.put(DOCS, { ...doc, DeletionMark: true, Posted: false });
		await editAsShop(crm, O5489, { delivery: { cost: 300 } });
		const conflict = await pushed(staticData, O5489);
		expect(conflict.output(ONEC)[0].json).toMatchObject({ action: 'conflict', conflict: { reason: 'markedInOneC' } });
		expect(summary(conflict)).toMatchObject({ settled: 'ordersOnly', conflicts: [expect.objectContaining({ orderId: O5489, reason: 'markedInOneC' })] });
		expect(syncState(staticData).conflicts).toEqual({ [String(O5489)]: expect.objectContaining({ reason: 'markedInOneC' }) });
	});

	/** A scheduled run leaves 5489 on the retry list (its offer was unknown to 1C then; it is known again). */
	async function withO5489OnRetryList(): Promise<IDataObject> {
		const staticData = await started();
		const restore = unknownOffer(crm);
		crm.setStatus(O5489, TRIGGER_STATUS);
		await scheduled(staticData);
		expect(Object.keys(syncState(staticData).retry as IDataObject)).toEqual([String(O5489)]);
		restore();
		return staticData;
	}

	it('a successful push replaces the order\'s retry entry by a recheck (no attempt counted); a pending run recorded by Get Changed stays as it was', async () => {
		const staticData = await withO5489OnRetryList();
		// A scheduled execution that stopped after Get Changed left `pending` in the saved state.
		const state = syncState(staticData);
		state.pending = { fromSinceId: state.sinceId, candidateSinceId: Number(state.sinceId) + 5, orderIds: [O5490], recordedAt: '2026-01-01T00:00:00.000Z' };
		const pendingBefore = clone(state.pending);
		const sinceBefore = state.sinceId;
		const run = await pushed(staticData, O5489);
		expect(summary(run)).toMatchObject({ settled: 'ordersOnly', processed: [O5489] });
		expect(syncState(staticData).retry).toEqual({ [String(O5489)]: expect.objectContaining({ attempts: 0, lastError: PUSH_RECHECK_NOTE, lastTriedAt: '' }) });
		expect(syncState(staticData).pending).toEqual(pendingBefore);
		expect(syncState(staticData).sinceId).toBe(sinceBefore);
	});

	it('a dry run of the push row writes nothing to either system and leaves the static data exactly as it was', async () => {
		const staticData = await withO5489OnRetryList();
		crm.setStatus(O5488, TRIGGER_STATUS);
		const before = clone(staticData);
		const dryRun = withParameters(ONEC, { dryRun: true });
		onec.state.log.length = 0;
		crm.clearRequests();

		// 5489 waits on the retry list and would now be loaded (a real push takes it off the list).
		const waiting = await pushed(staticData, O5489, dryRun);
		expect(waiting.error()).toBeUndefined();
		expect(waiting.output(ONEC)[0].json).toMatchObject({ action: 'created', crmOrderId: O5489, dryRun: expect.any(Object) });
		expect(waiting.output(WRITE_BACK)[0].json).toMatchObject({ writeBack: { skipped: 'dry run' } });
		expect(summary(waiting)).toMatchObject({ dryRun: true });
		// 5488 would fail (it holds the unknown offer again; a real push puts it on the retry list).
		const breakAgain = unknownOffer(crm);
		const failing = await pushed(staticData, O5488, dryRun);
		expect(failing.error()).toBeUndefined();
		expect(failing.output(ONEC)[0].json).toMatchObject({ action: 'error', dryRun: true });
		expect(summary(failing)).toMatchObject({ dryRun: true });

		expect(writesTo1C()).toEqual([]);
		expect(crmWrites()).toEqual([]);
		expect(allDocs()).toEqual([]);
		expect(clone(staticData)).toEqual(before);
		for (const r of [waiting, failing]) expect((r.workflow.staticData as IDataObject).__dataChanged).not.toBe(true);

		// The same pushes for real do settle: 5488 goes on the retry list, 5489 stays on it only as a recheck (written).
		await pushed(staticData, O5488);
		breakAgain();
		await pushed(staticData, O5489);
		expect(syncState(staticData).retry).toEqual({
			[String(O5488)]: expect.objectContaining({ attempts: 1 }),
			[String(O5489)]: expect.objectContaining({ attempts: 0, lastError: PUSH_RECHECK_NOTE }),
		});
		expect(liveDocsOf(O5489)).toHaveLength(1);
	});

	it('an order retailCRM deleted after the call is released when it waits on the retry list, else reported', async () => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		await scheduled(staticData);
		const state = syncState(staticData);
		(state.retry as IDataObject)[String(O5488)] = { attempts: 1, lastError: 'x', firstFailedAt: '2026-01-01T00:00:00.000Z', lastTriedAt: '2026-01-01T00:00:00.000Z', intent: 'load' };
		crm.deleteOrder(O5488);
		const run = await pushed(staticData, O5488);
		expect(run.output(PUSH_GET).map((i) => i.json)).toEqual([{ id: O5488, deleted: true, syncIntent: 'cancel', syncReason: 'deleted' }]);
		expect(run.output(ONEC)[0].json).toMatchObject({ action: 'cancelled' });
		// Released: read once more by the next scheduled run, which finds it released and settles it.
		expect(syncState(staticData).retry).toEqual({ [String(O5488)]: expect.objectContaining({ attempts: 0, lastError: PUSH_RECHECK_NOTE }) });
		const next = await scheduled(staticData);
		expect(next.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[O5488, 'skipped']]);
		expect(syncState(staticData).retry).toEqual({});

		const unknown = await pushed(staticData, 999_999);
		expect(unknown.error()?.message).toMatch(/Not found|not found/);
		expect(unknown.ran(ONEC)).toBe(false);
	});

	it('with Several Shops, an order deleted while 1C was down is released by the push: the retry list kept its site', async () => {
		const shops = withParameters(ONEC, { options: { counterpartyFolder: SEED_IDS.counterparties.buyersFolder, numberMode: 'prefix', numberPrefix: 'ЦРМ', severalShops: true } });
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		await scheduled(staticData, patches(retryNow, shops));
		const key = `${crmOrder(O5488).site}#${O5488}`;
		crm.deleteOrder(O5488);
		onec.state.faults.status.push({ status: 500, count: 1000 });
		await scheduled(staticData, patches(retryNow, shops));
		onec.state.faults.status.length = 0;
		expect(syncState(staticData).retry).toEqual({ [String(O5488)]: expect.objectContaining({ site: 'test-crm10' }) });

		const run = await pushed(staticData, O5488, shops);
		expect(run.output(PUSH_GET).map((i) => i.json)).toEqual([{ id: O5488, deleted: true, site: 'test-crm10', syncIntent: 'cancel', syncReason: 'deleted' }]);
		expect(run.output(ONEC)[0].json).toMatchObject({ action: 'cancelled', posted: false });
		expect(allDocs().filter((d) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === key)).toEqual([expect.objectContaining({ Posted: false })]);
		// The recheck keeps the site too: the next scheduled run finds the released document under its key and settles it.
		expect(syncState(staticData).retry).toEqual({ [String(O5488)]: expect.objectContaining({ attempts: 0, lastError: PUSH_RECHECK_NOTE, site: 'test-crm10' }) });
		const next = await scheduled(staticData, patches(retryNow, shops));
		expect(next.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[O5488, 'skipped']]);
		expect(syncState(staticData).retry).toEqual({});
	});
});

/** A stand-in for n8n's webhook URL: counts the calls retailCRM's trigger makes. */
async function callCounter(): Promise<{ url: string; count(): number; close(): Promise<void> }> {
	let n = 0;
	const server: Server = createServer((req, res) => {
		n++;
		req.resume();
		res.end('{}');
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/retailcrm-order`,
		count: () => n,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}

describe('push row and scheduled row over the same order at once', () => {
	for (const numberMode of ['prefix', 'onec'] as const) {
		it(`end with one document per order and no echo (${numberMode} numbering)`, async () => {
			const counter = await callCounter();
			try {
				crm.configureTriggers([{ statuses: [TRIGGER_STATUS], url: counter.url, delayMs: 0 }]);
				const oneC = withParameters(ONEC, { options: { counterpartyFolder: SEED_IDS.counterparties.buyersFolder, numberMode, numberPrefix: 'ЦРМ' } });
				const patch = patches(retryNow, oneC);
				const staticData = await started();
				for (const id of [O5488, O5489, O5490]) crm.setStatus(id, TRIGGER_STATUS);
				await crm.triggersIdle();
				expect(counter.count()).toBe(3);
				// Both executions start from the same saved state, as n8n loads it for each.
				const forSchedule = clone(staticData);
				const forPush = [O5488, O5489, O5490].map(() => clone(staticData));
				const results = await Promise.all([scheduled(forSchedule, patch), ...[O5488, O5489, O5490].map((id, i) => pushed(forPush[i], id, oneC))]);
				for (const r of results) expect(r.error()).toBeUndefined();
				for (const id of [O5488, O5489, O5490]) {
					expect(liveDocsOf(id)).toHaveLength(1);
					expect(liveDocsOf(id)[0]).toMatchObject({ Posted: true, СуммаДокумента: crmOrder(id).totalSumm });
				}
				// n8n saves an execution's static data only when it changed; whichever of those saved last, the next runs
				// settle everything and write nothing anywhere.
				const savers = [forSchedule, ...forPush.filter((_copy, i) => (results[i + 1].workflow.staticData as IDataObject).__dataChanged === true)];
				for (const saved of savers) {
					const next = clone(saved);
					await scheduled(next, patch);
					onec.state.log.length = 0;
					crm.clearRequests();
					const quiet = await scheduled(next, patch);
					expect(writesTo1C()).toEqual([]);
					expect(crmWrites()).toEqual([]);
					expect(quiet.output(GET)).toEqual([]);
				}
				for (const id of [O5488, O5489, O5490]) expect(crmOrder(id).externalId).toBe(liveDocsOf(id)[0].Ref_Key);
				// The write-backs changed no status: retailCRM's trigger did not fire again.
				await crm.triggersIdle();
				expect(counter.count()).toBe(3);
			} finally {
				await counter.close();
			}
		});
	}

	it('an edit the shop makes right after the push reaches 1C through the scheduled row', async () => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		await pushed(staticData, O5488);
		await editAsShop(crm, O5488, { delivery: { cost: 100 } });
		const next = await scheduled(staticData);
		expect(next.output(ONEC)[0].json).toMatchObject({ crmOrderId: O5488, action: 'updated' });
		expect(liveDocsOf(O5488)[0].СуммаДокумента).toBe(crmOrder(O5488).totalSumm);
		expect(next.ran(WRITE_BACK)).toBe(true);
	});
});

/**
 * The push reads the order, then (1C slow for its first request) a manager changes the order and a scheduled run handles
 * that change, ending before the push writes. The push's copy is older than the order: n8n stores the static data of
 * whichever execution ends last, the push's when it changed it (it wrote to 1C: its order goes back on the retry list).
 */
describe('push row: a change handled by a scheduled run while the push writes its older copy', () => {
	const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

	async function race(change: () => Promise<void> | void) {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		onec.state.log.length = 0;
		crm.clearRequests();
		onec.state.faults.latency.push({ ms: 3000 });
		const forPush = clone(staticData);
		const push = pushed(forPush, O5488);
		while (!crm.requests().some((r) => r.path === `/api/v5/orders/${O5488}`) || onec.state.log.length === 0) await sleep(5);
		onec.state.faults.latency.length = 0;
		await change();
		const s = await scheduled(staticData);
		expect(s.error()).toBeUndefined();
		const p = await push;
		expect(p.error()).toBeUndefined();
		// The push ended last: n8n stores its static data if it changed any, else the scheduled run's stays.
		const pushSaved = (p.workflow.staticData as IDataObject).__dataChanged === true;
		return { saved: pushSaved ? forPush : staticData, s, p, pushSaved };
	}

	it('a cancellation: the push creates and posts a document for the cancelled order; the next scheduled run releases it', async () => {
		const { saved, s, p, pushSaved } = await race(() => crm.setStatus(O5488, CANCEL));
		expect(s.output(ONEC).map((i) => [i.json.crmOrderId, i.json.intent, i.json.action])).toEqual([[O5488, 'cancel', 'skipped']]);
		expect(p.output(ONEC)[0].json).toMatchObject({ crmOrderId: O5488, action: 'created', posted: true });
		const retryAfterPush = clone(syncState(saved).retry);
		const next = await scheduled(saved);
		expect(crmOrder(O5488).status).toBe(CANCEL);
		expect(liveDocsOf(O5488).map((d) => d.Posted)).toEqual([false]);
		expect(next.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[O5488, 'cancelled']]);
		// What carried it: the push saved its recheck (with the key fields of the order).
		expect(pushSaved).toBe(true);
		expect(retryAfterPush).toEqual({ [String(O5488)]: expect.objectContaining({ attempts: 0, lastError: PUSH_RECHECK_NOTE, site: 'test-crm10' }) });
		expect(syncState(saved).retry).toEqual({});
	});

	it('an edit: the push writes the order as it was before; the next scheduled run brings the edit', async () => {
		const { saved, s, p } = await race(() => editAsShop(crm, O5488, { delivery: { cost: 100 } }));
		expect(s.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[O5488, 'created']]);
		expect(p.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[O5488, 'updated']]);
		expect(liveDocsOf(O5488)[0].СуммаДокумента).not.toBe(crmOrder(O5488).totalSumm);
		const next = await scheduled(saved);
		expect(next.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[O5488, 'updated']]);
		expect(liveDocsOf(O5488)).toHaveLength(1);
		expect(liveDocsOf(O5488)[0].СуммаДокумента).toBe(crmOrder(O5488).totalSumm);
		onec.state.log.length = 0;
		await scheduled(saved);
		expect(writesTo1C()).toEqual([]);
	});
});
