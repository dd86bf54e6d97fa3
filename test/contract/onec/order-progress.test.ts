import { EMPTY, I, orderBody, row } from './order-bodies';
import { odataError, odataPath, startClient, type Client } from './helpers';

/**
 * Shipments, payments and order settlements in the UT 10.3 sandbox (test/sandboxes/onec/progress): the register
 * movements each document leaves when posted, as UT 10.3.88 writes them, and the control API that enters them
 * "based on" an order. Plain HTTP, not our client.
 */
let c: Client;
beforeAll(async () => {
	c = await startClient();
});
afterAll(() => c.sb.close());
beforeEach(async () => {
	await c.control('POST', 'reset', { fixture: 'seed' });
});

const ORDER = 'Document_ЗаказПокупателя';
const SHIPMENT = 'Document_РеализацияТоваровУслуг';
const ORDER_TYPE = 'StandardODATA.Document_ЗаказПокупателя';

const post = (set: string, ref: string, operational = false) =>
	c.raw('POST', odataPath(`${set}(guid'${ref}')/Post`, { PostingModeOperational: String(operational) }));
const unpost = (set: string, ref: string) => c.raw('POST', odataPath(`${set}(guid'${ref}')/Unpost`));

/** An order of 2 jeans (48) reserved on the main warehouse and 1 delivery service, total 600 + 300 = 900, posted. */
async function postedOrder(extra: Record<string, unknown> = {}): Promise<string> {
	const body = orderBody({
		Товары: [row(1, { Количество: 2 })],
		Услуги: [{ LineNumber: 1, Номенклатура_Key: I.items.delivery, Содержание: 'Доставка', Количество: 1, Цена: 300, Сумма: 300, СтавкаНДС: 'НДС20', СуммаНДС: 50 }],
		...extra,
	});
	const r = await c.post(ORDER, body);
	expect(r.status).toBe(201);
	const ref = JSON.parse(r.data).Ref_Key as string;
	expect((await post(ORDER, ref)).status).toBe(200);
	return ref;
}

const records = async (register: string, filter: string) => (await c.json(`AccumulationRegister_${register}_RecordType`, { $filter: filter })).value as Array<Record<string, any>>;
const orderBalance = async (ref: string) =>
	(await c.json(`AccumulationRegister_ЗаказыПокупателей/Balance(Dimensions='ЗаказПокупателя')`, { $filter: `ЗаказПокупателя_Key eq guid'${ref}'` })).value[0];
const dueBalance = async (ref: string) =>
	(await c.json(`AccumulationRegister_РасчетыСКонтрагентами/Balance(Dimensions='Сделка')`, { $filter: `Сделка eq cast(guid'${ref}', 'Document_ЗаказПокупателя')` })).value[0];
const stockOf = async (item: string) =>
	(await c.json(`AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Склад,Номенклатура')`, { $filter: `Номенклатура_Key eq guid'${item}' and Склад_Key eq guid'${I.warehouses.main}'` })).value[0]?.КоличествоBalance ?? 0;
const reserveOf = async (item: string) =>
	(await c.json(`AccumulationRegister_ТоварыВРезервеНаСкладах/Balance(Dimensions='Номенклатура')`, { $filter: `Номенклатура_Key eq guid'${item}'` })).value[0]?.КоличествоBalance ?? 0;

describe('posting a customer order', () => {
	it('writes ЗаказыПокупателей receipts per row and a РасчетыСКонтрагентами receipt of its total, deal = the order', async () => {
		const ref = await postedOrder();
		const lines = await records('ЗаказыПокупателей', `ЗаказПокупателя_Key eq guid'${ref}'`);
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatchObject({ Recorder: ref, Recorder_Type: ORDER_TYPE, RecordType: 'Receipt', Номенклатура_Key: I.items.jeans48, Количество: 2, СуммаВзаиморасчетов: 600, СтатусПартии: 'Купленный', ДоговорКонтрагента_Key: I.contracts.retailBuyerMain });
		expect(lines[1]).toMatchObject({ Номенклатура_Key: I.items.delivery, Количество: 1, СуммаВзаиморасчетов: 300 });
		expect(await orderBalance(ref)).toMatchObject({ КоличествоBalance: 3, СуммаВзаиморасчетовBalance: 900 });
		const due = await records('РасчетыСКонтрагентами', `Recorder eq cast(guid'${ref}', 'Document_ЗаказПокупателя')`);
		expect(due).toEqual([expect.objectContaining({ RecordType: 'Receipt', Сделка: ref, Сделка_Type: ORDER_TYPE, РасчетыВозврат: 'Расчеты', СуммаВзаиморасчетов: 900, Контрагент_Key: I.counterparties.retailBuyer })]);
		expect(await dueBalance(ref)).toMatchObject({ СуммаВзаиморасчетовBalance: 900 });
	});

	it('counts the quantity in the storage unit (a box of 10 is 10 pieces) and VAT on top into the amount', async () => {
		const ref = await postedOrder({ СуммаВключаетНДС: false, Товары: [row(1, { ЕдиницаИзмерения_Key: I.units.jeans48Box, Коэффициент: 10, Количество: 1, Цена: 3000, Сумма: 3000, СуммаНДС: 600 })], Услуги: [] });
		const [line] = await records('ЗаказыПокупателей', `ЗаказПокупателя_Key eq guid'${ref}'`);
		expect(line).toMatchObject({ Количество: 10, СуммаВзаиморасчетов: 3600 });
		expect(await dueBalance(ref)).toMatchObject({ СуммаВзаиморасчетовBalance: 3600 });
	});

	it('unposting or the deletion mark removes them', async () => {
		const ref = await postedOrder();
		expect((await unpost(ORDER, ref)).status).toBe(200);
		expect(await orderBalance(ref)).toBeUndefined();
		expect(await dueBalance(ref)).toBeUndefined();
	});
});

/** A shipment of the order as a client writes it through OData: rows without their order (ПередЗаписью fills it). */
function shipmentBody(order: string, quantity: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		Date: '2024-06-21T09:00:00',
		Организация_Key: I.organizations.ivanov,
		Контрагент_Key: I.counterparties.retailBuyer,
		ДоговорКонтрагента_Key: I.contracts.retailBuyerMain,
		ВалютаДокумента_Key: I.currencies.rub,
		КурсВзаиморасчетов: 1,
		КратностьВзаиморасчетов: '1',
		Склад_Key: I.warehouses.main,
		Сделка: order,
		Сделка_Type: ORDER_TYPE,
		УчитыватьНДС: true,
		СуммаВключаетНДС: true,
		Товары: [
			{
				LineNumber: 1,
				Номенклатура_Key: I.items.jeans48,
				ЕдиницаИзмерения_Key: I.units.jeans48Pcs,
				Коэффициент: 1,
				Количество: quantity,
				Цена: 300,
				Сумма: 300 * quantity,
				СтавкаНДС: 'НДС20',
				СуммаНДС: 50 * quantity,
				СпособСписанияОстаткаТоваров: 'ИзРезерва',
			},
		],
		...extra,
	};
}

describe('РеализацияТоваровУслуг', () => {
	it('takes the order onto its rows and sums itself before writing (ПередЗаписью)', async () => {
		const order = await postedOrder();
		const r = await c.post(SHIPMENT, shipmentBody(order, 1));
		expect(r.status).toBe(201);
		const doc = JSON.parse(r.data);
		expect(doc).toMatchObject({ Posted: false, СуммаДокумента: 300, ВидОперации: 'ПродажаКомиссия', ВидПередачи: 'СоСклада', Сделка: order, Сделка_Type: ORDER_TYPE });
		expect(doc.Number.trim()).toHaveLength(11);
		expect(doc.Товары[0]).toMatchObject({ ЗаказПокупателя_Key: order, Склад_Key: I.warehouses.main, Качество_Key: I.quality.new });
	});

	it('posting takes the goods off the warehouse and the reserve and the quantity off the order; the deal goes to no РасчетыСКонтрагентами record', async () => {
		const order = await postedOrder();
		const stockBefore = await stockOf(I.items.jeans48);
		const ref = JSON.parse((await c.post(SHIPMENT, shipmentBody(order, 1))).data).Ref_Key as string;
		expect((await post(SHIPMENT, ref)).status).toBe(200);
		expect(await stockOf(I.items.jeans48)).toBe(stockBefore - 1);
		expect(await reserveOf(I.items.jeans48)).toBe(1);
		const shipped = await records('ЗаказыПокупателей', `RecordType eq 'Expense' and ЗаказПокупателя_Key eq guid'${order}'`);
		expect(shipped).toEqual([expect.objectContaining({ Recorder: ref, Recorder_Type: 'StandardODATA.Document_РеализацияТоваровУслуг', Количество: 1, СуммаВзаиморасчетов: 300 })]);
		expect(await orderBalance(order)).toMatchObject({ КоличествоBalance: 2, СуммаВзаиморасчетовBalance: 600 });
		expect(await records('РасчетыСКонтрагентами', `Recorder eq cast(guid'${ref}', 'Document_РеализацияТоваровУслуг')`)).toEqual([]);
		const debt = await records('ВзаиморасчетыСКонтрагентами', `Recorder eq cast(guid'${ref}', 'Document_РеализацияТоваровУслуг')`);
		// "По договору в целом": the deal is not kept in mutual settlements (УправлениеВзаиморасчетами.ОпределитьСделку).
		expect(debt).toEqual([expect.objectContaining({ RecordType: 'Receipt', СуммаВзаиморасчетов: 300, Сделка_Type: 'StandardODATA.Undefined' })]);
		expect(await dueBalance(order)).toMatchObject({ СуммаВзаиморасчетовBalance: 900 });
	});

	it('without an order it owes its own amount in РасчетыСКонтрагентами (deal empty)', async () => {
		const r = await c.post(SHIPMENT, shipmentBody('', 1, { Сделка: '', Сделка_Type: 'StandardODATA.Undefined', Товары: [{ ...(shipmentBody('', 1).Товары as any[])[0], СпособСписанияОстаткаТоваров: 'СоСклада' }] }));
		const ref = JSON.parse(r.data).Ref_Key as string;
		expect((await post(SHIPMENT, ref)).status).toBe(200);
		const due = await records('РасчетыСКонтрагентами', `Recorder eq cast(guid'${ref}', 'Document_РеализацияТоваровУслуг')`);
		expect(due).toEqual([expect.objectContaining({ RecordType: 'Receipt', СуммаВзаиморасчетов: 300, Сделка_Type: 'StandardODATA.Undefined' })]);
	});

	it('refuses to post without a contract, and in operational mode beyond what the order has left', async () => {
		const order = await postedOrder();
		const noContract = JSON.parse((await c.post(SHIPMENT, shipmentBody(order, 1, { ДоговорКонтрагента_Key: EMPTY }))).data).Ref_Key;
		let r = await post(SHIPMENT, noContract);
		expect(r.status).toBe(500);
		expect(odataError(r)).toEqual({ code: '-1', message: expect.stringMatching(/Документ не проведен! Не заполнено значение реквизита "Договор контрагента"/) });
		await c.control('POST', 'config', { today: '2024-06-21' });
		const tooMany = JSON.parse((await c.post(SHIPMENT, shipmentBody(order, 3))).data).Ref_Key;
		r = await post(SHIPMENT, tooMany, true);
		expect(odataError(r).message).toMatch(/превышение количества по заказу покупателя \(осталось 2\)/);
		expect(await orderBalance(order)).toMatchObject({ КоличествоBalance: 3 });
	});

	it('unposting gives the order its quantity back', async () => {
		const order = await postedOrder();
		const ref = JSON.parse((await c.post(SHIPMENT, shipmentBody(order, 2))).data).Ref_Key as string;
		await post(SHIPMENT, ref);
		expect(await orderBalance(order)).toMatchObject({ КоличествоBalance: 1 });
		await unpost(SHIPMENT, ref);
		expect(await orderBalance(order)).toMatchObject({ КоличествоBalance: 3 });
	});
});

describe('payments', () => {
	const payment = (order: string, amount: number, extra: Record<string, unknown> = {}) => ({
		Date: '2024-06-21T12:00:00',
		ВидОперации: 'ОплатаПокупателя',
		Организация_Key: I.organizations.ivanov,
		Контрагент_Key: I.counterparties.retailBuyer,
		ДоговорКонтрагента_Key: I.contracts.retailBuyerMain,
		ВалютаДокумента_Key: I.currencies.rub,
		РасшифровкаПлатежа: [{ LineNumber: 1, Сделка: order, Сделка_Type: ORDER_TYPE, СуммаПлатежа: amount }],
		...extra,
	});

	it('a bank receipt reflected in operational accounting settles the order in РасчетыСКонтрагентами', async () => {
		const order = await postedOrder();
		const r = await c.post('Document_ПлатежноеПоручениеВходящее', payment(order, 400, { Оплачено: true, ОтраженоВОперУчете: true }));
		const doc = JSON.parse(r.data);
		expect(doc).toMatchObject({ СуммаДокумента: 400 });
		expect(doc.РасшифровкаПлатежа[0]).toMatchObject({ ДоговорКонтрагента_Key: I.contracts.retailBuyerMain, СуммаВзаиморасчетов: 400, КурсВзаиморасчетов: 1 });
		expect((await post('Document_ПлатежноеПоручениеВходящее', doc.Ref_Key)).status).toBe(200);
		const settled = await records('РасчетыСКонтрагентами', `RecordType eq 'Expense' and Сделка eq cast(guid'${order}', 'Document_ЗаказПокупателя')`);
		expect(settled).toEqual([expect.objectContaining({ Recorder: doc.Ref_Key, Recorder_Type: 'StandardODATA.Document_ПлатежноеПоручениеВходящее', СуммаВзаиморасчетов: 400 })]);
		expect(await dueBalance(order)).toMatchObject({ СуммаВзаиморасчетовBalance: 500 });
	});

	it('a bank receipt not reflected in operational accounting leaves РасчетыСКонтрагентами alone, as UT does', async () => {
		const order = await postedOrder();
		const doc = JSON.parse((await c.post('Document_ПлатежноеПоручениеВходящее', payment(order, 400))).data);
		expect((await post('Document_ПлатежноеПоручениеВходящее', doc.Ref_Key)).status).toBe(200);
		expect(await dueBalance(order)).toMatchObject({ СуммаВзаиморасчетовBalance: 900 });
	});

	it('a card payment settles without the flags; a payment for another buyer\'s contract is refused', async () => {
		const order = await postedOrder();
		const card = JSON.parse((await c.post('Document_ОплатаОтПокупателяПлатежнойКартой', payment(order, 900, { ДоговорКонтрагента_Key: undefined }))).data);
		expect(card.РасшифровкаПлатежа[0].ДоговорКонтрагента_Key).toBe(EMPTY);
		let r = await post('Document_ОплатаОтПокупателяПлатежнойКартой', card.Ref_Key);
		expect(odataError(r).message).toMatch(/не заполнено значение реквизита "Договор контрагента"/);
		const ok = JSON.parse(
			(await c.post('Document_ОплатаОтПокупателяПлатежнойКартой', payment(order, 900, { РасшифровкаПлатежа: [{ LineNumber: 1, ДоговорКонтрагента_Key: I.contracts.retailBuyerMain, Сделка: order, Сделка_Type: ORDER_TYPE, СуммаПлатежа: 900 }] }))).data,
		);
		expect((await post('Document_ОплатаОтПокупателяПлатежнойКартой', ok.Ref_Key)).status).toBe(200);
		expect(await dueBalance(order)).toBeUndefined();
		const foreign = JSON.parse((await c.post('Document_ПлатежноеПоручениеВходящее', payment(order, 1, { ДоговорКонтрагента_Key: I.contracts.romashkaByOrders }))).data);
		r = await post('Document_ПлатежноеПоручениеВходящее', foreign.Ref_Key);
		expect(odataError(r).message).toMatch(/не принадлежит контрагенту документа/);
	});
});

describe('control API', () => {
	it('ships what is left, in part or in full, and posts it', async () => {
		const order = await postedOrder();
		const part = await c.control('POST', 'shipments', { order, lines: [{ Номенклатура_Key: I.items.jeans48, Количество: 1 }] });
		expect(part).toMatchObject({ posted: true, total: 300 });
		expect(await orderBalance(order)).toMatchObject({ КоличествоBalance: 2 });
		const rest = await c.control('POST', 'shipments', { order: { key: '5488' } });
		expect(rest).toMatchObject({ posted: true, total: 600 }); // 1 jeans and the delivery
		expect(await orderBalance(order)).toBeUndefined();
		expect(await c.control('POST', 'shipments', { order })).toEqual({ error: 'nothing left to ship on this order' });
	});

	it('takes a payment of what is left to pay, by cash, bank or card', async () => {
		const order = await postedOrder();
		expect(await c.control('POST', 'payments', { order, kind: 'bank', amount: 100 })).toMatchObject({ posted: true, total: 100 });
		expect(await c.control('POST', 'payments', { order, kind: 'cash' })).toMatchObject({ posted: true, total: 800 });
		expect(await dueBalance(order)).toBeUndefined();
		expect(await c.control('POST', 'payments', { order, kind: 'card' })).toEqual({ error: 'nothing left to pay on this order' });
	});

	it('cancels an order by the deletion mark (unposting it) and names an unknown order', async () => {
		const order = await postedOrder();
		expect(await c.control('POST', 'cancel', { order })).toMatchObject({ posted: false, deletionMark: true });
		expect(await orderBalance(order)).toBeUndefined();
		expect(await c.control('POST', 'cancel', { order: { key: 'nope' } })).toEqual({ error: 'order not found: {"key":"nope"}' });
	});

	it('plays the seed scenario on the orders the order flow wrote: 5488 shipped and paid, 5489 half shipped, 5490 cancelled', async () => {
		const refs: Record<string, string> = {};
		for (const [number, id] of [['5488', 101], ['5489', 102], ['5490', 103]] as const) {
			refs[number] = await postedOrder({ НомерВходящегоДокументаЭлектронногоОбмена: `crm#${id}`, Товары: [row(1, { Количество: 4, Сумма: 1200, СуммаНДС: 200 })], Услуги: [] });
		}
		const out = await c.control('POST', 'scenarios/order-progress', {});
		expect(out['5488'].shipment).toMatchObject({ posted: true, total: 1200 });
		expect(out['5488'].payment).toMatchObject({ posted: true, total: 1200 });
		expect(out['5489'].shipment).toMatchObject({ posted: true, total: 600 });
		expect(out['5490'].cancelled).toMatchObject({ deletionMark: true, posted: false });
		expect(await orderBalance(refs['5488'])).toBeUndefined();
		expect(await dueBalance(refs['5488'])).toBeUndefined();
		expect(await orderBalance(refs['5489'])).toMatchObject({ КоличествоBalance: 2 });
		expect(await orderBalance(refs['5490'])).toBeUndefined();
	});
});

describe('composite filters by platform', () => {
	it('cast() and X_Type in $filter are refused when the platform predates 8.3.8.1652; $select of X_Type still works', async () => {
		const order = await postedOrder();
		await c.control('POST', 'config', { compositeFilters: false });
		let r = await c.get('AccumulationRegister_РасчетыСКонтрагентами_RecordType', { $filter: `Сделка eq cast(guid'${order}', 'Document_ЗаказПокупателя')` });
		expect(r.status).toBe(400);
		expect(odataError(r).code).toBe('14');
		r = await c.get('AccumulationRegister_РасчетыСКонтрагентами_RecordType', { $filter: `Сделка_Type eq '${ORDER_TYPE}'` });
		expect(r.status).toBe(400);
		r = await c.get('AccumulationRegister_ЗаказыПокупателей_RecordType', { $filter: `ЗаказПокупателя_Key eq guid'${order}'`, $select: 'Recorder,Recorder_Type' });
		expect(r.status).toBe(200);
		expect(JSON.parse(r.data).value[0]).toEqual({ Recorder: order, Recorder_Type: ORDER_TYPE });
		await c.control('POST', 'config', { compositeFilters: true });
		expect((await c.get('AccumulationRegister_РасчетыСКонтрагентами_RecordType', { $filter: `Сделка eq cast(guid'${order}', 'Document_ЗаказПокупателя')` })).status).toBe(200);
	});
});
