/**
 * Two executions of the orders template creating the same new buyer at once (a run longer than the schedule
 * interval, or two queue-mode workers): one 1C counterparty per retailCRM customer in the end, the rule the documents
 * follow (docs/order-lifecycle.md "Concurrency", docs/orders-buyers-and-lines.md): write, re-read by the CRM-id record,
 * keep the deterministic winner (lowest code), mark the loser for deletion, and check once more the orders whose
 * documents were written with the loser. Shipped template, n8n-core's engine, both sandboxes.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { TRIGGER_STATUS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { OneCSandbox } from '../sandboxes/onec/server';
import type { Rec } from '../sandboxes/onec/filter/evaluator';
import { CONFIRM, ONEC, resetSandboxes, retryNow, syncState, templateRunner, useSeedSandboxes } from '../helpers/orders-template';

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

const sandboxes = useSeedSandboxes();
beforeAll(() => {
	({ crm, onec, credentials } = sandboxes);
});
beforeEach(() => resetSandboxes(crm, onec));

const runner = templateRunner(() => credentials);
const run = (staticData: IDataObject) => runner.run(staticData, retryNow);
const text = (v: unknown) => String(v ?? '').trim();
const crmOrder = (id: number) => crm.state.orders.find((o) => o.id === id)!;
const liveDocOf = (id: number): Rec | undefined =>
	onec.state.store.rows('Document_ЗаказПокупателя').find((d) => text(d.НомерВходящегоДокументаЭлектронногоОбмена) === `crm#${id}` && d.DeletionMark !== true);
const counterparty = (ref: unknown): Rec | undefined => onec.state.store.rows('Catalog_Контрагенты').find((c) => c.Ref_Key === ref);
/** Counterparties linked to a CRM customer by its КонтактнаяИнформация record, live ones first. */
function linkedTo(customerId: number): { live: string[]; marked: string[] } {
	const refs = onec.state.store
		.rows('InformationRegister_КонтактнаяИнформация')
		.filter((r) => r.Поле1 === `retailCRM:${customerId}`)
		.map((r) => String(r.Объект));
	const unique = [...new Set(refs)];
	return { live: unique.filter((r) => counterparty(r)?.DeletionMark !== true), marked: unique.filter((r) => counterparty(r)?.DeletionMark === true) };
}

async function crmPost(path: string, fields: Record<string, unknown>): Promise<{ id: number }> {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) body.append(k, typeof v === 'string' ? v : JSON.stringify(v));
	const response = await fetch(`${crm.url}/api/v5/${path}`, { method: 'POST', headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
	return (await response.json()) as { id: number };
}

/** A new CRM customer (never seen by 1C) and orders of it, created in the trigger status. */
async function newBuyerWithOrders(customer: Record<string, unknown>, count: number, firstNumber: number, contragent?: Record<string, unknown>): Promise<{ customerId: number; orders: number[] }> {
	const { id: customerId } = await crmPost('customers/create', { site: 'test-crm10', customer: { ...customer, ...(contragent ? { contragent } : {}) } });
	const orders: number[] = [];
	for (let i = 0; i < count; i++) {
		const order = { number: String(firstNumber + i), status: TRIGGER_STATUS, customer: { id: customerId }, items: [{ offer: { id: 1 + (i % 2) }, quantity: 1 + i, initialPrice: 300 }], ...(contragent ? { orderType: 'eshop-legal', contragent } : {}) };
		orders.push((await crmPost('orders/create', { site: 'test-crm10', order })).id);
	}
	return { customerId, orders };
}

async function started(): Promise<IDataObject> {
	const staticData: IDataObject = {};
	expect((await run(staticData)).error()).toBeUndefined();
	return staticData;
}

describe('two executions create the same new buyer at once', () => {
	it('keep one counterparty per retailCRM customer (the lowest code), mark the other, and every document ends on the winner', async () => {
		const staticData = await started();
		const person = await newBuyerWithOrders({ firstName: 'Павел', lastName: 'Гонкин', phones: [{ number: '+79161112233' }] }, 2, 8101);
		const company = await newBuyerWithOrders({ firstName: 'Ирина', lastName: 'Бухова', email: 'buh@gonka.example.ru' }, 2, 8201, { contragentType: 'legal-entity', legalName: 'ООО "Гонка"', INN: '7712345678', KPP: '771201001' });
		// Slow 1C reads of the catalogs: both executions look the buyers up before either creates them.
		onec.state.faults.latency.push({ ms: 600, match: 'Catalog_' });
		const copies = [0, 1].map(() => JSON.parse(JSON.stringify(staticData)) as IDataObject);
		const both = await Promise.all(copies.map((copy) => run(copy)));
		onec.state.faults.latency.length = 0;
		for (const r of both) expect(r.error()).toBeUndefined();
		const creates = onec.state.log.filter((r) => r.method === 'POST' && r.path.endsWith('/Catalog_Контрагенты'));
		// The race happened: each execution created both buyers.
		expect(creates).toHaveLength(4);

		for (const buyer of [person, company]) {
			const { live, marked } = linkedTo(buyer.customerId);
			expect(live).toHaveLength(1);
			expect(marked).toHaveLength(1);
			// The winner is the counterparty 1C gave the lower code.
			expect(text(counterparty(live[0])?.Code) < text(counterparty(marked[0])?.Code)).toBe(true);
		}
		const liveWithInn = onec.state.store.rows('Catalog_Контрагенты').filter((c) => c.ИНН === '7712345678' && c.DeletionMark !== true);
		expect(liveWithInn).toHaveLength(1);

		// Whichever state was saved last, the next runs put every document on the winner and then change nothing.
		const next = copies[1];
		expect((await run(next)).error()).toBeUndefined();
		expect((await run(next)).error()).toBeUndefined();
		for (const buyer of [person, company]) {
			const [winner] = linkedTo(buyer.customerId).live;
			for (const id of buyer.orders) {
				expect(liveDocOf(id)).toMatchObject({ Контрагент_Key: winner, Posted: true, СуммаДокумента: crmOrder(id).totalSumm });
				expect(crmOrder(id).externalId).toBe(liveDocOf(id)?.Ref_Key);
			}
		}
		onec.state.log.length = 0;
		expect((await run(next)).error()).toBeUndefined();
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(syncState(next).retry).toEqual({});
	});

	it('when one execution saw only its own counterparty, the next look-up marks it, and the orders whose documents name it move to the winner', async () => {
		const staticData = await started();
		const buyer = await newBuyerWithOrders({ firstName: 'Олег', lastName: 'Поздний', phones: [{ number: '+79163334455' }] }, 2, 8301);
		expect((await run(staticData)).error()).toBeUndefined();
		const [first] = linkedTo(buyer.customerId).live;
		// The other execution: it did not see the first counterparty (its record, and its name for the name match), so it
		// created the buyer again and wrote a third order with it (hidden from it here, then back).
		const isLink = (r: Rec) => r.Поле1 === `retailCRM:${buyer.customerId}`;
		const links = onec.state.store.rows('InformationRegister_КонтактнаяИнформация').filter(isLink).map((r) => ({ ...r }));
		onec.state.store.removeWhere('InformationRegister_КонтактнаяИнформация', isLink);
		const firstRow = counterparty(first) as Rec;
		const name = firstRow.Description;
		onec.state.store.put('Catalog_Контрагенты', { ...firstRow, Description: 'скрыт' });
		const late = (await crmPost('orders/create', { site: 'test-crm10', order: { number: '8399', status: TRIGGER_STATUS, customer: { id: buyer.customerId }, items: [{ offer: { id: 1 }, quantity: 1, initialPrice: 300 }] } })).id;
		expect((await run(staticData)).error()).toBeUndefined();
		const second = String(liveDocOf(late)?.Контрагент_Key);
		expect(second).not.toBe(first);
		onec.state.store.load('InformationRegister_КонтактнаяИнформация', links);
		onec.state.store.put('Catalog_Контрагенты', { ...(counterparty(first) as Rec), Description: name });
		expect(linkedTo(buyer.customerId).live.sort()).toEqual([first, second].sort());

		// An edit of the first order: its look-up finds both, keeps the lower code, marks the other and asks for the
		// late order (its document names the loser) to be checked once more.
		await crmPost(`orders/${buyer.orders[0]}/edit`, { by: 'id', site: 'test-crm10', order: { customerComment: 'позвонить' } });
		const edited = await run(staticData);
		expect(edited.error()).toBeUndefined();
		expect(edited.output(ONEC)[0].json).toMatchObject({ crmOrderId: buyer.orders[0], recheck: true, recheckOrders: [late] });
		expect(linkedTo(buyer.customerId)).toEqual({ live: [first], marked: [second] });
		expect((edited.output(CONFIRM)[0].json as { retrying: Array<{ orderId: number; attempts: number }> }).retrying).toEqual(
			expect.arrayContaining([expect.objectContaining({ orderId: late, attempts: 0 })]),
		);

		expect((await run(staticData)).error()).toBeUndefined();
		expect(liveDocOf(late)).toMatchObject({ Контрагент_Key: first, Posted: true });
		expect((await run(staticData)).error()).toBeUndefined();
		onec.state.log.length = 0;
		expect((await run(staticData)).error()).toBeUndefined();
		expect(onec.state.log.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(syncState(staticData).retry).toEqual({});
	});
});

describe('a new buyer whose creation answer was lost', () => {
	it('is not created again in the same run; the next run\'s look-up (e-mail, name) finds the counterparty and loads the orders on it', async () => {
		const staticData = await started();
		const buyer = await newBuyerWithOrders({ firstName: 'Вера', lastName: 'Потерянная', email: 'vera@lost.example.ru' }, 2, 8501);
		// 1C writes the counterparty, the proxy in front of it answers 502 (the client cannot tell it was written).
		onec.state.faults.rewrite.push({
			count: 1,
			match: 'Catalog_Контрагенты',
			method: 'POST',
			apply: () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }),
		});
		const lost = await run(staticData);
		expect(lost.error()).toBeUndefined();
		const creates = () => onec.state.log.filter((r) => r.method === 'POST' && r.path.endsWith('/Catalog_Контрагенты'));
		expect(creates()).toHaveLength(1);
		const named = () => onec.state.store.rows('Catalog_Контрагенты').filter((c) => c.Description === 'Потерянная Вера');
		expect(named()).toHaveLength(1);
		for (const id of buyer.orders) expect(liveDocOf(id)).toBeUndefined();
		expect(Object.keys(syncState(staticData).retry as IDataObject).sort()).toEqual(buyer.orders.map(String).sort());

		const next = await run(staticData);
		expect(next.error()).toBeUndefined();
		expect(next.output(ONEC, 1)).toEqual([]);
		expect(creates()).toHaveLength(1);
		const [vera] = named();
		expect(vera).toMatchObject({ АдресЭП: 'vera@lost.example.ru', DeletionMark: false });
		for (const id of buyer.orders) expect(liveDocOf(id)).toMatchObject({ Контрагент_Key: vera.Ref_Key, Posted: true });
		expect(linkedTo(buyer.customerId)).toEqual({ live: [vera.Ref_Key], marked: [] });
		expect(syncState(staticData).retry).toEqual({});
	});
});
