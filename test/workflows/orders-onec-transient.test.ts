/**
 * Passing troubles of 1C (and of the web server in front of retailCRM) in the orders flow. README, Troubleshooting, "1C refuses to post an order": «Конфликт
 * блокировок» / «Объект уже заблокирован» mean someone had the document open: the next retry posts it; README,
 * Reliability: a 429 or an HTML 5xx from 1C on a read is read again instead of failing the run. Through the shipped orders template
 * (workflows/retailcrm-orders-to-1c.json) in n8n-core's engine against both sandboxes; the 1C sandbox answers a held
 * object and a lock timeout with the platform's own texts (test/sandboxes/onec/odata.ts, checkLock).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { TRIGGER_STATUS, SEED_ORDER_IDS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import type { Rec } from '../sandboxes/onec/filter/evaluator';
import { CONFIRM, DOCS, ONEC, editAsShop, resetSandboxes, syncState, templateRunner, useSeedSandboxes } from '../helpers/orders-template';

const O5488 = SEED_ORDER_IDS['5488'];

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

const sandboxes = useSeedSandboxes();
beforeAll(() => {
	({ crm, onec, credentials } = sandboxes);
});
beforeEach(() => resetSandboxes(crm, onec));

const runner = templateRunner(() => credentials);
const run = (staticData: IDataObject) => runner.run(staticData);

const liveDocsOf = (orderId: number): Rec[] =>
	onec.state.store
		.rows(DOCS)
		.filter((d) => d.Ref_Key !== SEED_IDS.orders.existing && d.DeletionMark !== true)
		.filter((d) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === `crm#${orderId}`);
const summary = (result: Awaited<ReturnType<typeof run>>) => result.output(CONFIRM)[0]?.json as IDataObject;
const crmOrder = (id: number) => crm.state.orders.find((o) => o.id === id)!;

async function started(): Promise<IDataObject> {
	const staticData: IDataObject = {};
	expect((await run(staticData)).error()).toBeUndefined();
	return staticData;
}

describe('lock conflicts in 1C: the next retry posts the order', () => {
	it('a document a 1C user holds open («Объект уже заблокирован»): the edit waits on the retry list with 1C\'s text, the document is left as it was; once released, the retry writes and posts it', async () => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		expect((await run(staticData)).error()).toBeUndefined();
		const [doc] = liveDocsOf(O5488);
		expect(doc.Posted).toBe(true);
		const linesBefore = (doc.Товары as Rec[]).map((r) => r.Количество);

		onec.state.config.lockedObjects = [String(doc.Ref_Key)];
		try {
			await editAsShop(crm, O5488, { items: [{ offer: { id: 1 }, quantity: 3, initialPrice: 300 }] });
			const held = await run(staticData);
			expect(held.error()).toBeUndefined();
			const failed = summary(held).failed as Array<{ orderId: number; error: string }>;
			expect(failed.map((f) => f.orderId)).toEqual([O5488]);
			expect(failed[0].error).toMatch(/Объект уже заблокирован/);
			expect((syncState(staticData).retry as IDataObject)[String(O5488)]).toMatchObject({ attempts: 1 });
			// README, Troubleshooting, "An order keeps failing": Confirm Processed lists retrying orders with their last error.
			expect(summary(held).retrying).toEqual([{ orderId: O5488, attempts: 1, lastError: expect.stringMatching(/Объект уже заблокирован/) }]);
			const [untouched] = liveDocsOf(O5488);
			expect(untouched).toMatchObject({ Ref_Key: doc.Ref_Key, Posted: true });
			expect((untouched.Товары as Rec[]).map((r) => r.Количество)).toEqual(linesBefore);
		} finally {
			onec.state.config.lockedObjects = [];
		}

		const retried = await run(staticData);
		expect(retried.error()).toBeUndefined();
		expect(retried.output(ONEC)[0].json).toMatchObject({ action: 'updated', ref: doc.Ref_Key, posted: true });
		const [after] = liveDocsOf(O5488);
		expect(after).toMatchObject({ Ref_Key: doc.Ref_Key, Posted: true });
		expect((after.Товары as Rec[]).map((r) => r.Количество)).toEqual([3]);
		expect(after.СуммаДокумента).toBe(crmOrder(O5488).totalSumm);
		expect(syncState(staticData).retry).toEqual({});
	});

	it('a lock timeout («Конфликт блокировок») while posting a new order: written and unposted, on the retry list with 1C\'s text; the retry posts the same document and writes the link back', async () => {
		const staticData = await started();
		onec.state.faults.lockTimeout.push({ count: 1 });
		crm.setStatus(O5488, TRIGGER_STATUS);
		const first = await run(staticData);
		expect(first.error()).toBeUndefined();
		const [doc] = liveDocsOf(O5488);
		expect(doc.Posted).toBe(false);
		const failed = summary(first).failed as Array<{ orderId: number; error: string }>;
		expect(failed.map((f) => f.orderId)).toEqual([O5488]);
		expect(failed[0].error).toMatch(/Конфликт блокировок/);
		expect((syncState(staticData).retry as IDataObject)[String(O5488)]).toMatchObject({ attempts: 1 });
		expect(crmOrder(O5488).customFields.onec_number).toBeUndefined();

		const second = await run(staticData);
		expect(second.error()).toBeUndefined();
		expect(second.output(ONEC)[0].json).toMatchObject({ posted: true, ref: doc.Ref_Key });
		expect(liveDocsOf(O5488)).toEqual([expect.objectContaining({ Ref_Key: doc.Ref_Key, Posted: true })]);
		expect(syncState(staticData).retry).toEqual({});
		expect(crmOrder(O5488).customFields.onec_number).toBe(doc.Number);
	});
});

describe('a 1C web server page on a read of the orders run (README, Reliability: "both clients now retry such pages on reads")', () => {
	it('an HTML 500 on the batched look-up of documents and a 429 on the buyer look-up are read again; the order is loaded in the same run', async () => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		onec.state.faults.status.push(
			{ status: 500, count: 1, match: DOCS, body: '<html><body><h1>500 Internal Server Error</h1><p>nginx</p></body></html>', contentType: 'text/html' },
			{ status: 429, count: 1, match: 'Catalog_Контрагенты', body: '<html><body><h1>429 Too Many Requests</h1></body></html>', contentType: 'text/html' },
		);
		onec.state.log.length = 0;
		const result = await run(staticData);
		expect(result.error()).toBeUndefined();
		// Both pages were answered, each to a read.
		expect(onec.state.log.filter((r) => r.status === 500 || r.status === 429).map((r) => [r.method, r.status])).toEqual([
			['GET', 500],
			['GET', 429],
		]);
		expect(summary(result).failed).toEqual([]);
		expect(liveDocsOf(O5488)).toEqual([expect.objectContaining({ Posted: true })]);
		expect(syncState(staticData).retry).toEqual({});
	});
});

describe('a web server page in front of retailCRM on the order history (README, Reliability)', () => {
	it('an HTML 500 on orders/history is read again; the order is loaded in the same run and the cursor moves', async () => {
		const staticData = await started();
		crm.setStatus(O5488, TRIGGER_STATUS);
		crm.injectFault({ status: 500, body: 'html', count: 1, match: { method: 'GET', path: '/api/v5/orders/history' } });
		crm.clearRequests();
		const result = await run(staticData);
		expect(result.error()).toBeUndefined();
		expect(crm.requests().filter((r) => r.status === 500).map((r) => r.path)).toEqual(['/api/v5/orders/history']);
		expect(summary(result)).toMatchObject({ failed: [], advanced: true });
		expect(liveDocsOf(O5488)).toEqual([expect.objectContaining({ Posted: true })]);
	});
});
