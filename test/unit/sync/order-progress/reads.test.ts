/**
 * The batched 1C reads of order progress against the UT 10.3 sandbox: shipments through ЗаказыПокупателей, payments
 * through РасчетыСКонтрагентами, with the exact number of requests (counted by the sandbox).
 */
import { readOrderMovements, readShipments } from '../../../../nodes/core/sync/order-progress/shipments';
import { readPayments } from '../../../../nodes/core/sync/order-progress/payments';
import { I } from '../../../contract/onec/order-bodies';
import { useOrderSandbox } from './sandbox-orders';

const { ctx, post, orders, client: newClient } = useOrderSandbox();

async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; requests: Array<{ path: string; status: number }> }> {
	await ctx.ctl.clearRequests();
	const result = await fn();
	return { result, requests: await ctx.ctl.requests() };
}

describe('readShipments', () => {
	it('gives each order its posted shipments with number, date and lines; two requests for a few orders', async () => {
		const [a, b, c] = await orders(3);
		const first = await post('shipments', { order: a, date: '2024-06-21T10:00:00', lines: [{ Номенклатура_Key: I.items.jeans48, Количество: 1 }] });
		const second = await post('shipments', { order: a, date: '2024-06-22T10:00:00' });
		const unposted = await post('shipments', { order: c, post: false });
		const client = newClient();
		const { result, requests } = await counted(() => readShipments(client, [a, b, c]));
		expect(requests).toHaveLength(2);
		expect(requests.map((r) => r.path)).toEqual([expect.stringContaining('AccumulationRegister_ЗаказыПокупателей_RecordType'), expect.stringContaining('Document_РеализацияТоваровУслуг')]);
		expect(result.get(a)).toEqual([
			{ ref: first.ref, number: first.number, date: '2024-06-21T10:00:00', posted: true, lines: [{ item: I.items.jeans48, characteristic: null, quantity: 1, amount: 300 }] },
			{ ref: second.ref, number: second.number, date: '2024-06-22T10:00:00', posted: true, lines: [{ item: I.items.jeans48, characteristic: null, quantity: 3, amount: 900 }] },
		]);
		expect(result.get(b)).toEqual([]);
		expect(result.get(c)).toEqual([]);
		expect(unposted.posted).toBe(false);
	});

	it('has what is ordered, shipped and left per order, the register\'s balance', async () => {
		const [a, b] = await orders(2);
		await post('shipments', { order: a, lines: [{ Номенклатура_Key: I.items.jeans48, Количество: 3 }] });
		const client = newClient();
		const m = await readOrderMovements(client, [a, b]);
		expect(m.get(a)).toMatchObject({ orderedQuantity: 4, orderedAmount: 1200, shippedQuantity: 3, shippedAmount: 900, remainingQuantity: 1, remainingAmount: 300 });
		expect(m.get(b)).toMatchObject({ orderedQuantity: 4, shippedQuantity: 0, remainingQuantity: 4, shipments: [] });
	});

	it('splits a shipment that serves two orders into each order\'s lines', async () => {
		const [a, b] = await orders(2);
		const client = newClient();
		const line = (order: string, n: number, q: number) => ({ LineNumber: n, Номенклатура_Key: I.items.jeans48, ЕдиницаИзмерения_Key: I.units.jeans48Pcs, Коэффициент: 1, Количество: q, Цена: 300, Сумма: 300 * q, СтавкаНДС: 'НДС20', СуммаНДС: 50 * q, ЗаказПокупателя_Key: order });
		const body = {
			Организация_Key: I.organizations.ivanov,
			Контрагент_Key: I.counterparties.retailBuyer,
			ДоговорКонтрагента_Key: I.contracts.retailBuyerMain,
			ВалютаДокумента_Key: I.currencies.rub,
			КурсВзаиморасчетов: 1,
			КратностьВзаиморасчетов: '1',
			Склад_Key: I.warehouses.main,
			УчитыватьНДС: true,
			СуммаВключаетНДС: true,
			Товары: [line(a, 1, 1), line(b, 2, 2)],
		};
		const doc = (await client.request('POST', client.url(['Document_РеализацияТоваровУслуг'], [['$format', 'json']]), { body, safeToRepeat: false })) as { Ref_Key: string };
		await client.post({ set: 'Document_РеализацияТоваровУслуг' }, doc.Ref_Key);
		const result = await readShipments(client, [a, b]);
		expect(result.get(a)?.map((s) => [s.ref, s.lines.map((l) => l.quantity)])).toEqual([[doc.Ref_Key, [1]]]);
		expect(result.get(b)?.map((s) => [s.ref, s.lines.map((l) => l.quantity)])).toEqual([[doc.Ref_Key, [2]]]);
	});

	it('reads 40 orders, 30 of them shipped, in 6 + 2 requests at a 2,000-character URL (never one per order)', async () => {
		const refs = await orders(40);
		for (const ref of refs.slice(0, 30)) await post('shipments', { order: ref });
		const client = newClient();
		expect(client.maxUrlLength).toBe(2000);
		const { result, requests } = await counted(() => readShipments(client, refs));
		expect([...result.values()].filter((s) => s.length === 1)).toHaveLength(30);
		const records = requests.filter((r) => r.path.includes('_RecordType'));
		const documents = requests.filter((r) => r.path.includes('Document_РеализацияТоваровУслуг'));
		expect(records).toHaveLength(6); // ⌈40 / 7⌉
		expect(documents).toHaveLength(2); // ⌈30 / 25⌉
		expect(requests).toHaveLength(8);
		for (const r of requests) expect(r.status).toBe(200);
	});

	it('costs nothing for no orders', async () => {
		const client = newClient();
		const { result, requests } = await counted(() => readShipments(client, []));
		expect(result.size).toBe(0);
		expect(requests).toHaveLength(0);
	});
});

describe('readPayments', () => {
	it('gives each order what is due and each payment by cash, bank or card with number, date and amount', async () => {
		const [a, b] = await orders(2);
		const cash = await post('payments', { order: a, kind: 'cash', amount: 200, date: '2024-06-21T11:00:00' });
		const bank = await post('payments', { order: a, kind: 'bank', amount: 300, date: '2024-06-22T11:00:00' });
		const card = await post('payments', { order: b, kind: 'card', date: '2024-06-23T11:00:00' });
		await post('payments', { order: b, kind: 'cash', amount: 5, post: false });
		const client = newClient();
		const { result, requests } = await counted(() => readPayments(client, [{ ref: a }, { ref: b }]));
		// One register read, one read per payment document type found.
		expect(requests.map((r) => r.path.replace(/^.*standard\.odata\//, ''))).toEqual([
			'AccumulationRegister_РасчетыСКонтрагентами_RecordType',
			'Document_ПриходныйКассовыйОрдер',
			'Document_ПлатежноеПоручениеВходящее',
			'Document_ОплатаОтПокупателяПлатежнойКартой',
		]);
		expect(result.get(a)).toEqual({
			due: 1200,
			paid: 500,
			payments: [
				{ ref: cash.ref, document: 'Document_ПриходныйКассовыйОрдер', kind: 'cash', number: cash.number, date: '2024-06-21T11:00:00', amount: 200 },
				{ ref: bank.ref, document: 'Document_ПлатежноеПоручениеВходящее', kind: 'bank', number: bank.number, date: '2024-06-22T11:00:00', amount: 300 },
			],
		});
		expect(result.get(b)).toMatchObject({ due: 1200, paid: 1200, payments: [{ ref: card.ref, kind: 'card', amount: 1200 }] });
	});

	it('on a platform that refuses cast() falls back once to the orders\' contracts and remembers it', async () => {
		const [a] = await orders(1);
		await post('payments', { order: a, kind: 'cash', amount: 100 });
		await ctx.ctl.config({ compositeFilters: false });
		const client = newClient();
		const first = await counted(() => readPayments(client, [{ ref: a, contract: I.contracts.retailBuyerMain }]));
		expect(first.requests.map((r) => r.status)).toEqual([400, 200, 200]);
		expect(first.requests[1].path).toContain('РасчетыСКонтрагентами_RecordType');
		expect(first.result.get(a)).toMatchObject({ due: 1200, paid: 100 });
		const again = await counted(() => readPayments(client, [{ ref: a, contract: I.contracts.retailBuyerMain }]));
		expect(again.requests.map((r) => r.status)).toEqual([200, 200]);
		expect(again.result.get(a)).toEqual(first.result.get(a));
	});

	it('reads 30 orders\' payments in ⌈30 / 6⌉ register requests plus one per document type', async () => {
		const refs = await orders(30);
		for (const ref of refs.slice(0, 20)) await post('payments', { order: ref, kind: 'cash' });
		const client = newClient();
		const { result, requests } = await counted(() => readPayments(client, refs.map((ref) => ({ ref }))));
		expect(requests.filter((r) => r.path.includes('_RecordType'))).toHaveLength(5);
		expect(requests.filter((r) => r.path.includes('ПриходныйКассовыйОрдер'))).toHaveLength(1);
		expect(requests).toHaveLength(6);
		expect([...result.values()].filter((p) => p.paid === 1200)).toHaveLength(20);
	});
});
