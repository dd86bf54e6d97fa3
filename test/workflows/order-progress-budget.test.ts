/**
 * Flow 4's request budget with 1,000 orders loaded into 1C, of which 50 change (20 shipped in full, 10 in part,
 * 15 paid, 5 cancelled): the template as a scheduled execution against both sandboxes, requests counted from their
 * logs. The 1C orders are written straight into the sandbox (as the order flow would leave them: key crm#<id>,
 * posted, 1C number written back to retailCRM's onec_number), dated yesterday so the look-back walk reads them.
 *
 * 1C requests = ⌊W/1000⌋ + 1 + 2 + ⌈H/25⌉ + (K > 0: the key look-up) + ⌈Cs/7⌉ + ⌈S/25⌉ + ⌈Cp/6⌉ + Σ⌈P_t/25⌉
 * (see get-progress.ts); for W = 1,000, K = 5 (the cancelled ones: marked, so whether another live document holds
 * their key is looked up, crm#46…crm#50 in one range), Cs = S = 30, Cp = 15, P_cash = 15, H = 0:
 * 2 + 2 + 1 + 5 + 2 + 3 + 1 = 16 ≤ ⌈1000/100⌉ × k with k = 2. (15 before the key look-up was added.)
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';
import { runWorkflow } from '../helpers/run-workflow';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { createEntity } from '../sandboxes/onec/writes';
import { postDocument } from '../sandboxes/onec/posting';
import { cancelOrder, createPayment, createShipment } from '../sandboxes/onec/progress/control';
import { localIsoDate } from '../sandboxes/onec/sandbox';
import { I, orderBody, row } from '../contract/onec/order-bodies';

const TEMPLATE = JSON.parse(readFileSync(join(__dirname, '../../workflows/1c-order-progress-to-retailcrm.json'), 'utf8')) as { id: string; nodes: INode[]; connections: Record<string, unknown> };
const GET = '1C: Get Progress';
const UPDATE = 'retailCRM: Update From 1C Progress';
const LOADED = 1000;

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;
const refs: string[] = [];

beforeAll(async () => {
	crm = await startRetailCrmSandbox({ port: 0, fixture: 'large', config: { rateLimit: false } });
	onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	credentials = {
		retailCrmApi: { url: crm.url, apiKey: crm.keys.integration },
		oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password },
	};
	const sb = onec.state;
	const def = sb.store.model.sets.get('Document_ЗаказПокупателя')!;
	const yesterday = localIsoDate(new Date(Date.now() - 86_400_000));
	for (let id = 1; id <= LOADED; id++) {
		const body = orderBody({ Date: yesterday, НомерВходящегоДокументаЭлектронногоОбмена: `crm#${id}`, Товары: [row(1, { Количество: 4, Сумма: 1200, СуммаНДС: 200 })] });
		const doc = createEntity(sb, def, JSON.stringify(body), {});
		postDocument(sb, def, doc, false);
		refs.push(String(doc.Ref_Key));
		crm.state.orders[id - 1].customFields.onec_number = String(doc.Number).trim();
	}
}, 120_000);
afterAll(async () => {
	await crm.close();
	await onec.close();
});

const run = (staticData: IDataObject) => runWorkflow(TEMPLATE, { credentials, staticData, mode: 'trigger', trigger: 'Every 10 Minutes' });
const onecRequests = () => onec.state.log.map((r) => r.path.replace(/^.*standard\.odata\//, ''));
const crmWrites = () => crm.requests().filter((r) => r.method === 'POST');

it('1,000 loaded orders, 50 changed: 16 1C requests and 50 retailCRM writes; unchanged runs cost 4 reads and no write', async () => {
	const staticData: IDataObject = {};
	onec.state.log.length = 0;
	const first = await run(staticData);
	expect(first.error()).toBeUndefined();
	expect(first.output(GET)).toHaveLength(0);
	// The walk (2 pages), the two balances, and once the header of the seed's own open order dated before the look-back.
	expect(onecRequests()).toEqual([
		'Document_ЗаказПокупателя',
		'Document_ЗаказПокупателя',
		'AccumulationRegister_ЗаказыПокупателей/Balance',
		'AccumulationRegister_РасчетыСКонтрагентами/Balance',
		'Document_ЗаказПокупателя',
	]);

	const sb = onec.state;
	refs.slice(0, 20).forEach((order) => createShipment(sb, { order }));
	refs.slice(20, 30).forEach((order) => createShipment(sb, { order, lines: [{ Номенклатура_Key: I.items.jeans48, Количество: 1 }] }));
	refs.slice(30, 45).forEach((order) => createPayment(sb, { order, kind: 'cash' }));
	refs.slice(45, 50).forEach((order) => cancelOrder(sb, { order }));
	onec.state.log.length = 0;
	crm.clearRequests();

	const started = Date.now();
	const changed = await run(staticData);
	const ms = Date.now() - started;
	expect(changed.error()).toBeUndefined();
	const items = changed.output(UPDATE).map((i) => i.json);
	expect(items).toHaveLength(50);
	expect(items.filter((i) => i.error)).toEqual([]);

	const requests = onecRequests();
	const count = (part: string) => requests.filter((p) => p.includes(part)).length;
	expect(count('Document_ЗаказПокупателя')).toBe(3); // ⌊1000/1000⌋ + 1, and the cancelled orders' keys looked up once
	expect(count('/Balance')).toBe(2);
	expect(count('ЗаказыПокупателей_RecordType')).toBe(5); // ⌈30/7⌉
	expect(count('Document_РеализацияТоваровУслуг')).toBe(2); // ⌈30/25⌉
	expect(count('РасчетыСКонтрагентами_RecordType')).toBe(3); // ⌈15/6⌉
	expect(count('Document_ПриходныйКассовыйОрдер')).toBe(1); // ⌈15/25⌉
	expect(requests).toHaveLength(16);
	const k = 2;
	expect(requests.length).toBeLessThanOrEqual(Math.ceil(LOADED / 100) * k);

	const writes = crmWrites();
	expect(writes).toHaveLength(50); // ≤ one per changed order: 35 orders/edit + 15 payment writes
	expect(writes.filter((w) => /\/orders\/\d+\/edit$/.test(w.path))).toHaveLength(35);
	expect(writes.filter((w) => w.path.includes('/payments/'))).toHaveLength(15);
	const reads = crm.requests().filter((r) => r.method === 'GET');
	// The 50 orders, one list page of up to 100; then, as orders in a status the mapping does not name change status
	// (send-to-assembling), the account's statuses and groups once (Keep Later retailCRM Statuses).
	expect(reads.map((r) => r.path)).toEqual(['/api/v5/orders', '/api/v5/reference/statuses', '/api/v5/reference/status-groups']);
	expect([reads[0].path, reads[0].query.limit, (reads[0].query.filter as { ids: string[] }).ids]).toEqual(['/api/v5/orders', '100', expect.arrayContaining(['1', '50'])]);
	expect((reads[0].query.filter as { ids: string[] }).ids).toHaveLength(50);
	for (const w of writes) expect(w.key).toBe('integration');
	expect(crm.state.orders[0]).toMatchObject({ status: 'send-to-delivery', shipped: true });
	expect(crm.state.orders[20].status).toBe('assembling-complete');
	expect(crm.state.orders[30].payments.filter((p) => p.status === 'paid' && p.externalId)).toHaveLength(1);
	expect(crm.state.orders[45].status).toBe('cancel-other');
	// Printed for the report (in-process engine, both sandboxes on this machine).
	console.log(`order progress: 1,000 loaded, 50 changed → ${requests.length} 1C requests, ${writes.length} retailCRM writes, ${ms} ms`);

	onec.state.log.length = 0;
	crm.clearRequests();
	const unchanged = await run(staticData);
	expect(unchanged.output(GET)).toHaveLength(0);
	expect(onecRequests()).toHaveLength(4);
	expect(crm.requests()).toHaveLength(0);
}, 120_000);
