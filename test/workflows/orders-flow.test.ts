/**
 * The Flow 1 template (workflows/retailcrm-orders-to-1c.json) run as a scheduled execution through n8n-core's
 * engine, against both sandboxes, with one static-data object shared across runs as n8n keeps it.
 *
 * The seed's retailCRM offers carry no externalId until the catalog flow's ICML import sets them; here they are set
 * to the 1C GUIDs directly (what that import would do), since the template matches offers by external ID.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { TRIGGER_STATUS, SEED_ORDER_IDS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { runWorkflow } from '../helpers/run-workflow';
import {
	CONFIRM,
	DOCS,
	GET,
	ONEC,
	ORDERS_TEMPLATE as TEMPLATE,
	WRITE_BACK as UPDATE,
	resetSandboxes as reset,
	retryNow,
	syncState as state,
	templateRunner,
	withParameters,
	type Patch,
	useSeedSandboxes,
} from '../helpers/orders-template';

const IDS = Object.values(SEED_ORDER_IDS);

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

const sandboxes = useSeedSandboxes();
beforeAll(() => {
	({ crm, onec, credentials } = sandboxes);
});

const resetSandboxes = () => reset(crm, onec);
const runner = templateRunner(() => credentials);
const run = (staticData: IDataObject, patch: Patch = retryNow) => runner.run(staticData, patch);

/** Documents written by the flow (the seed has one older document of its own). */
const docs = () => onec.state.store.rows(DOCS).filter((d) => d.Ref_Key !== SEED_IDS.orders.existing);
const crmOrder = (id: number) => crm.state.orders.find((o) => o.id === id)!;


/** The shop (site key) changes the first order's delivery to 250; a manager moves it out of and back into the status. */
async function shopEditsDeliveryAndManagerRetriggers(): Promise<void> {
	const edit = await fetch(`${crm.url}/api/v5/orders/${IDS[0]}/edit`, {
		method: 'POST',
		headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ by: 'id', site: 'test-crm10', order: JSON.stringify({ delivery: { cost: 250 } }) }).toString(),
	});
	expect(edit.status).toBe(200);
	crm.setStatus(IDS[0], 'new');
	crm.setStatus(IDS[0], TRIGGER_STATUS);
}
describe('template retailcrm-orders-to-1c.json', () => {
	it('has the fixed id, the wiring of the flow and credentials by name', () => {
		expect(TEMPLATE.id).toBe('rcrm1cOrders');
		const byName = Object.fromEntries(TEMPLATE.nodes.map((n) => [n.name, n]));
		expect(byName[ONEC].onError).toBe('continueErrorOutput');
		expect(byName[ONEC].parameters).toMatchObject({ resource: 'customerOrder', operation: 'upsertFromRetailCrm' });
		expect(byName[GET].parameters.statuses).toEqual([TRIGGER_STATUS]);
		// README, The workflows: "every 5 minutes"; the push section's catch-up "within one interval (5 minutes)".
		expect(byName['Every 5 Minutes'].parameters).toEqual({ rule: { interval: [{ field: 'minutes', minutesInterval: 5 }] } });
		const c = TEMPLATE.connections;
		expect(c['Every 5 Minutes'].main[0][0].node).toBe(GET);
		expect(c['Run Now'].main[0][0].node).toBe(GET);
		expect(c[ONEC].main[0].map((x) => x.node)).toEqual([UPDATE]);
		expect(c[ONEC].main[1].map((x) => x.node)).toEqual([CONFIRM]);
		expect(c[UPDATE].main[0].map((x) => x.node)).toEqual([CONFIRM]);
		for (const node of TEMPLATE.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				expect(ref.id).toBeNull();
				expect(ref.name).toBe(type === 'retailCrmApi' ? 'RetailCRM account' : '1C UT10 account');
			}
		}
		const notes = TEMPLATE.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters.content));
		expect(notes.join('\n')).toMatch(/manual run/i);
	});
});

describe('Flow 1 against both sandboxes', () => {
	beforeEach(resetSandboxes);

	it('seed orders moved into the trigger status arrive in 1C once; a second run changes nothing', async () => {
		const staticData: IDataObject = {};
		const first = await run(staticData);
		expect(first.error()).toBeUndefined();
		expect(first.output(GET)).toHaveLength(0);
		expect(first.ran(ONEC)).toBe(false);

		for (const id of IDS) crm.setStatus(id, TRIGGER_STATUS);
		const second = await run(staticData);
		expect(second.error()).toBeUndefined();
		const all = docs();
		expect(all.map((d) => d.Number).sort()).toEqual(['ЦРМ00005488', 'ЦРМ00005489', 'ЦРМ00005490']);
		const byNumber = Object.fromEntries(all.map((d) => [d.Number, d]));
		expect([1990, 1070, 1390]).toEqual(['ЦРМ00005488', 'ЦРМ00005489', 'ЦРМ00005490'].map((n) => byNumber[n].СуммаДокумента));
		// Int64 sent as strings: the sandbox, like a real base, ignores a JSON number (int64Numbers 'ignored').
		expect(all.map((d) => d.КратностьВзаиморасчетов)).toEqual([1, 1, 1]);
		const counterparty = onec.state.store.get('Catalog_Контрагенты', String(byNumber['ЦРМ00005488'].Контрагент_Key));
		expect(counterparty?.Description).toBe('покупатель Розничный');
		expect(onec.state.store.get('Catalog_Организации', String(byNumber['ЦРМ00005488'].Организация_Key))?.Description).toBe('ИП Иванов И.И.');
		expect(onec.state.store.get('Catalog_Склады', String(byNumber['ЦРМ00005488'].СкладГруппа))?.Description).toBe('Основной склад');

		// Written back: external ID = 1C Ref_Key, the 1C number in the custom field.
		expect(crmOrder(IDS[0]).externalId).toBe(byNumber['ЦРМ00005488'].Ref_Key);
		expect(crmOrder(IDS[2]).customFields.onec_number).toBe('ЦРМ00005490');
		expect(second.output(CONFIRM)[0].json).toMatchObject({ advanced: true, processed: IDS, quarantined: [] });

		onec.state.log.length = 0;
		const third = await run(staticData);
		expect(third.error()).toBeUndefined();
		expect(third.output(GET)).toHaveLength(0);
		expect(onec.state.log).toHaveLength(0);
		expect(docs()).toHaveLength(3);
	});

	it('a status change of a loaded order updates its document; a change made with our own key triggers nothing', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		crm.setStatus(IDS[0], TRIGGER_STATUS);
		await run(staticData);
		const [created] = docs();
		expect(created.СуммаДокумента).toBe(1990);

		await shopEditsDeliveryAndManagerRetriggers();
		const result = await run(staticData);
		expect(result.error()).toBeUndefined();
		expect(result.output(ONEC)[0].json).toMatchObject({ action: 'updated', ref: created.Ref_Key });
		expect(docs()).toHaveLength(1);
		expect(docs()[0].СуммаДокумента).toBe(2050);

		// Our own key moves another order into the trigger status: not loaded.
		const own = await fetch(`${crm.url}/api/v5/orders/${IDS[1]}/edit`, {
			method: 'POST',
			headers: { 'X-API-KEY': crm.keys.integration, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ by: 'id', order: JSON.stringify({ status: TRIGGER_STATUS }) }).toString(),
		});
		expect(own.status).toBe(200);
		const quiet = await run(staticData);
		expect(quiet.output(GET)).toHaveLength(0);
		expect(docs()).toHaveLength(1);
	});

	it('a 1C that answers PATCH with an empty 204 (patchAnswer empty): documents are written and updated, and the next run finds them unchanged', async () => {
		onec.state.config.patchAnswer = 'empty';
		try {
			const staticData: IDataObject = {};
			await run(staticData);
			crm.setStatus(IDS[0], TRIGGER_STATUS);
			crm.setStatus(IDS[1], TRIGGER_STATUS);
			const first = await run(staticData);
			expect(first.error()).toBeUndefined();
			expect(first.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action, i.json.posted])).toEqual([
				[IDS[0], 'created', true],
				[IDS[1], 'created', true],
			]);
			const [created] = docs().filter((d) => d.Number === 'ЦРМ00005488');

			await shopEditsDeliveryAndManagerRetriggers();
			onec.state.log.length = 0;
			const updated = await run(staticData);
			expect(updated.error()).toBeUndefined();
			expect(updated.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action, i.json.ref, i.json.posted])).toEqual([[IDS[0], 'updated', created.Ref_Key, true]]);
			const patches = onec.state.log.filter((r) => r.method === 'PATCH');
			expect(patches.length).toBeGreaterThan(0);
			expect(patches.every((r) => r.status === 204)).toBe(true);
			expect(docs()).toHaveLength(2);
			expect(onec.state.store.get(DOCS, created.Ref_Key as string)).toMatchObject({ СуммаДокумента: 2050, Posted: true });

			crm.setStatus(IDS[0], 'new');
			crm.setStatus(IDS[0], TRIGGER_STATUS);
			onec.state.log.length = 0;
			const again = await run(staticData);
			expect(again.error()).toBeUndefined();
			expect(again.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[IDS[0], 'unchanged']]);
			expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
			expect(docs()).toHaveLength(2);
		} finally {
			onec.state.config.patchAnswer = 'entity';
		}
	});

	// n8n saves no static data after a manual run (execution-lifecycle-hooks), so the manual run works on state that is
	// thrown away and the next scheduled run reads what the last scheduled one saved. What it starts from depends on the
	// major (test/queue pins both in the real n8n): 1.x's editor sends the workflow without its static data and 1.x
	// loads it only for production runs; 2.x runs the workflow as saved, static data included.
	it.each([
		{
			major: 'n8n 1.x (started without the saved state): it reads the last 24 hours',
			startState: (): IDataObject => ({}),
			hint: /^Manual run without a saved cursor \(n8n 1\.x starts every manual execution without the workflow's saved state.*history of the last 24 hours\. The writes/,
		},
		{
			major: 'n8n 2.x (which loads the saved cursor)',
			startState: (saved: IDataObject) => JSON.parse(JSON.stringify(saved)) as IDataObject,
			hint: /^Manual run: the writes happen, but n8n does not save the cursor/,
		},
	])('Run Now on $major, writes to 1C and retailCRM; n8n keeps no static data after it, so the next scheduled run finds the orders unchanged and writes nothing', async ({ startState, hint }) => {
		const staticData: IDataObject = {};
		await run(staticData);
		crm.setStatus(IDS[0], TRIGGER_STATUS);
		crm.setStatus(IDS[1], TRIGGER_STATUS);
		const manualState = startState(staticData);
		const manual = await runner.run(manualState, retryNow, { mode: 'manual', trigger: 'Run Now' });
		expect(manual.error()).toBeUndefined();
		expect(manual.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action, i.json.posted])).toEqual([
			[IDS[0], 'created', true],
			[IDS[1], 'created', true],
		]);
		expect(docs()).toHaveLength(2);
		expect(crmOrder(IDS[0]).externalId).toBe(docs().find((d) => d.Number === 'ЦРМ00005488')?.Ref_Key);
		const savedCursor = state(staticData).sinceId as number;
		const hints = manual.run.data.resultData.runData[GET][0].hints ?? [];
		expect(hints.map((h) => h.message).join(' ')).toMatch(hint);
		// The run itself settled its orders (in the state n8n does not save).
		expect(state(manualState).sinceId).toBeGreaterThan(savedCursor);

		onec.state.log.length = 0;
		crm.clearRequests();
		const next = await run(staticData);
		expect(next.error()).toBeUndefined();
		expect(next.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([
			[IDS[0], 'unchanged'],
			[IDS[1], 'unchanged'],
		]);
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(crm.requests().filter((r) => r.method === 'POST')).toEqual([]);
		expect(docs()).toHaveLength(2);
		expect(next.output(CONFIRM)[0].json).toMatchObject({ advanced: true, processed: [IDS[0], IDS[1]] });
		// It moves past them (and past the write-back's own history records, which trigger nothing).
		expect(state(staticData).sinceId).toBeGreaterThanOrEqual(state(manualState).sinceId as number);
	});

	// n8n 1.x starts every manual run without the saved state (see above): Get Changed then reads the history from 24
	// hours before n8n's clock, written in the workflow's time zone and read by retailCRM in the account's.
	describe('Run Now without the saved state (n8n 1.x) reads the order history of the last 24 hours', () => {
		const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
		/** The order's move into the trigger status, as if a manager had made it `h` hours ago. */
		const movedHoursAgo = (id: number, h: number) => {
			const from = crm.state.history.length;
			crm.setStatus(id, TRIGGER_STATUS);
			for (const r of crm.state.history.slice(from)) r.createdAt = hoursAgo(h);
		};
		/** The template in the account's time zone (Settings → Timezone), Run Now with an empty static data. */
		const runNow = (patch: Patch = retryNow, timezone = crm.state.config.timezone) =>
			runWorkflow({ ...TEMPLATE, settings: { executionOrder: 'v1', timezone } }, { credentials, staticData: {}, patch, mode: 'manual', trigger: 'Run Now' });

		it('an order moved 25 hours ago is not loaded, one moved 23 hours ago is (workflow in the account\'s time zone)', async () => {
			movedHoursAgo(IDS[0], 25);
			movedHoursAgo(IDS[1], 23);
			const manual = await runNow();
			expect(manual.error()).toBeUndefined();
			expect(manual.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[IDS[1], 'created']]);
			expect(docs().map((d) => d.Number)).toEqual(['ЦРМ00005489']);
		});

		it('with the workflow in another time zone than the account\'s, the window is longer or shorter by the difference (Vladivostok against Moscow: 17 hours)', async () => {
			expect(crm.state.config.timezone).toBe('Europe/Moscow');
			movedHoursAgo(IDS[0], 18);
			movedHoursAgo(IDS[1], 16);
			const manual = await runNow(retryNow, 'Asia/Vladivostok');
			expect(manual.error()).toBeUndefined();
			expect(manual.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([[IDS[1], 'created']]);
		});

		it('with Load Orders Changed Since, from that date instead', async () => {
			movedHoursAgo(IDS[0], 40);
			movedHoursAgo(IDS[1], 23);
			const since = withParameters(GET, { startFrom: hoursAgo(48).slice(0, 19), options: { retryDelayMinutes: 0 } });
			const manual = await runNow(since);
			expect(manual.error()).toBeUndefined();
			expect(manual.output(ONEC).map((i) => [i.json.crmOrderId, i.json.action])).toEqual([
				[IDS[0], 'created'],
				[IDS[1], 'created'],
			]);
		});
	});

	it('orders in other statuses are not loaded; an order moved into a trigger status later is', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		crm.setStatus(IDS[0], 'complete');
		crm.setStatus(IDS[1], 'assembling');
		await run(staticData);
		expect(docs()).toHaveLength(0);
		crm.setStatus(IDS[1], TRIGGER_STATUS);
		await run(staticData);
		expect(docs().map((d) => d.Number)).toEqual(['ЦРМ00005489']);
	});

	it('1C down for one run (500s), up for the next: every order arrives exactly once', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		for (const id of IDS) crm.setStatus(id, TRIGGER_STATUS);
		onec.state.faults.status.push({ status: 500, count: 1000 });
		const down = await run(staticData);
		expect(down.error()).toBeUndefined(); // the 1C step's error output carries the failure
		expect(docs()).toHaveLength(0);
		const summary = down.output(CONFIRM)[0].json as { failed: Array<{ orderId: number }> };
		expect(summary.failed.map((f) => f.orderId).sort()).toEqual(IDS);

		onec.state.faults.status.length = 0;
		const up = await run(staticData);
		expect(up.error()).toBeUndefined();
		expect(docs().map((d) => d.Number).sort()).toEqual(['ЦРМ00005488', 'ЦРМ00005489', 'ЦРМ00005490']);
		expect(state(staticData).retry).toEqual({});
		await run(staticData);
		expect(docs()).toHaveLength(3);
	});

	it('1C answering 502 for one run is absorbed the same way', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		for (const id of IDS) crm.setStatus(id, TRIGGER_STATUS);
		onec.state.faults.status.push({ status: 502, count: 1000 });
		await run(staticData);
		expect(docs()).toHaveLength(0);
		onec.state.faults.status.length = 0;
		await run(staticData);
		await run(staticData);
		expect(docs().map((d) => d.Number).sort()).toEqual(['ЦРМ00005488', 'ЦРМ00005489', 'ЦРМ00005490']);
	});

	it('1C stopped for one run (connection refused) and started again: every order arrives exactly once', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		for (const id of IDS) crm.setStatus(id, TRIGGER_STATUS);
		const port = onec.port;
		await onec.close();
		const down = await run(staticData);
		expect(down.error()).toBeUndefined();
		const summary = down.output(CONFIRM)[0].json as { failed: Array<{ orderId: number }>; advanced: boolean };
		expect(summary.failed.map((f) => f.orderId).sort()).toEqual(IDS);

		onec = await startOneCSandbox({ port, fixture: 'seed' });
		sandboxes.onec = onec; // closed after the file by useSeedSandboxes
		await run(staticData);
		await run(staticData);
		expect(docs().map((d) => d.Number).sort()).toEqual(['ЦРМ00005488', 'ЦРМ00005489', 'ЦРМ00005490']);
		expect(state(staticData).retry).toEqual({});
	});

	it('a failure between the 1C write and Confirm Processed creates no duplicate on the next run', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		for (const id of IDS) crm.setStatus(id, TRIGGER_STATUS);
		// The write-back fails hard (stop the workflow): Confirm never runs, the cursor stays.
		crm.injectFault({ status: 500, count: 1, match: { path: '^/api/v5/orders/\\d+/edit$' } });
		const before = state(staticData).sinceId;
		const broken = await run(staticData, { ...retryNow, [UPDATE]: { onError: 'stopWorkflow' } });
		expect(broken.error()).toBeDefined();
		expect(broken.ran(CONFIRM)).toBe(false);
		expect(docs()).toHaveLength(3);
		expect(state(staticData).sinceId).toBe(before);

		const again = await run(staticData, retryNow);
		expect(again.error()).toBeUndefined();
		expect(docs()).toHaveLength(3);
		expect(again.output(ONEC).map((i) => i.json.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
	});

	it('with the template\'s own error handling, a retailCRM 500 on the write-back puts the order on the retry list; the retry creates no duplicate', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		crm.setStatus(IDS[0], TRIGGER_STATUS);
		crm.injectFault({ status: 500, count: 1, match: { path: '^/api/v5/orders/\\d+/edit$' } });
		const first = await run(staticData);
		expect(first.error()).toBeUndefined();
		expect(docs()).toHaveLength(1);
		expect((state(staticData).retry as IDataObject)[String(IDS[0])]).toMatchObject({ attempts: 1 });
		const second = await run(staticData);
		expect(second.output(ONEC).map((i) => i.json.action)).toEqual(['unchanged']);
		expect(docs()).toHaveLength(1);
		expect(state(staticData).retry).toEqual({});
		expect(crmOrder(IDS[0]).customFields.onec_number).toBe('ЦРМ00005488');
	});

	it('the 1C number custom field missing in retailCRM: the write-back is an error item naming the order and the field, the external ID is set, and the order is retried until the field exists', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		const defs = crm.state.customFieldDefinitions!;
		crm.state.customFieldDefinitions = defs.filter((d) => d.code !== 'onec_number');
		try {
			crm.setStatus(IDS[0], TRIGGER_STATUS);
			const first = await run(staticData);
			expect(first.error()).toBeUndefined();
			expect(docs()).toHaveLength(1);
			const [item] = first.output(UPDATE).map((i) => i.json);
			expect(String(item.error)).toMatch(/customFields\[onec_number\]: Custom field with code "onec_number" does not exist/);
			expect(String(item.error)).toContain(String(IDS[0]));
			expect(crmOrder(IDS[0]).externalId).toBe(docs()[0].Ref_Key);
			expect((state(staticData).retry as IDataObject)[String(IDS[0])]).toMatchObject({ attempts: 1 });
			crm.state.customFieldDefinitions = defs;
			const second = await run(staticData);
			expect(second.output(ONEC).map((i) => i.json.action)).toEqual(['unchanged']);
			expect(docs()).toHaveLength(1);
			expect(state(staticData).retry).toEqual({});
			expect(crmOrder(IDS[0]).customFields.onec_number).toBe('ЦРМ00005488');
		} finally {
			crm.state.customFieldDefinitions = defs;
		}
	});

	it('an unmatchable offer: an error item naming it while the other orders load, retries, quarantine after N runs', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		const bad = crm.state.offers.find((o) => o.id === 2)!;
		bad.externalId = '00000000-0000-4000-8000-0000000000ff';
		crm.reindex();
		for (const id of IDS) crm.setStatus(id, TRIGGER_STATUS);
		const first = await run(staticData);
		expect(first.error()).toBeUndefined();
		// 5488 and 5489 hold the unknown offer; 5490 only the good one.
		expect(docs().map((d) => d.Number)).toEqual(['ЦРМ00005490']);
		const errors = first.output(ONEC, 1);
		expect(errors).toHaveLength(2);
		expect(String(errors[0].json.error)).toMatch(/5488.*00000000-0000-4000-8000-0000000000ff/);
		expect(String(errors[1].json.error)).toMatch(/5489.*00000000-0000-4000-8000-0000000000ff/);
		// n8n keeps only the message on error items; Confirm Processed finds the order through the paired item.
		expect((first.output(CONFIRM)[0].json.failed as Array<{ orderId: number }>).map((f) => f.orderId)).toEqual([IDS[0], IDS[1]]);

		const patch = { ...retryNow, ...withParameters(CONFIRM, { maxAttempts: 3 }) };
		let last = first;
		for (let i = 0; i < 2; i++) last = await run(staticData, patch);
		const summary = last.output(CONFIRM)[0].json as { quarantined: Array<{ orderId: number; attempts: number; lastError: string }> };
		expect(summary.quarantined.map((q) => q.orderId)).toEqual([IDS[0], IDS[1]]);
		expect(summary.quarantined[0].lastError).toContain('0000000000ff');
		const quiet = await run(staticData, patch);
		expect(quiet.output(GET)).toHaveLength(0);
		expect(docs()).toHaveLength(1);
	});

	it('retailCRM 503 bursts are absorbed', async () => {
		const staticData: IDataObject = {};
		await run(staticData);
		for (const id of IDS) crm.setStatus(id, TRIGGER_STATUS);
		crm.injectFault({ status: 503, count: 2, match: { path: '/api/v5/orders/history' } });
		crm.injectFault({ status: 503, count: 2, match: { path: '^/api/v5/orders$' } });
		crm.injectFault({ status: 503, count: 2, match: { path: '/api/v5/orders/fix-external-ids' } });
		const result = await run(staticData);
		expect(result.error()).toBeUndefined();
		expect(docs()).toHaveLength(3);
		expect(crm.requests().filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(4);
	});
});
