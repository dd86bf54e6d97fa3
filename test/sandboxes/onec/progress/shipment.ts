import type { Rec } from '../filter/evaluator';
import { EMPTY_GUID } from '../model';
import type { Sandbox } from '../sandbox';
import {
	MUTUAL_REGISTER,
	ORDERS_REGISTER,
	ORDER_SET,
	RESERVE_REGISTER,
	RETAIL_REGISTER,
	SETTLEMENTS_REGISTER,
	SHIPMENT_SET,
	STOCK_REGISTER,
	UNDEFINED,
	filled,
	records,
	refuse,
	round2,
	round3,
	rows,
	settlementAmount,
	storageQuantity,
	typeOf,
} from './common';
import { orderLineColumns } from './order-settlements';

/**
 * РеализацияТоваровУслуг as UT 10.3 writes and posts it (rf-bessome/ut10_3_22_percent:
 * src/Documents/РеализацияТоваровУслуг/Ext/ObjectModule.bsl, ПередЗаписью / ОбработкаПроведения / ДвиженияПоРегистрамУпр;
 * src/CommonModules/УправлениеЗаказами, ЗаполнитьЗаказПокупателяВТЧ; src/CommonModules/УправлениеВзаиморасчетами,
 * ПодготовитьТаблицуПоРасчетам). Only the "from the warehouse" transfer (ВидПередачи = СоСклада) is modelled.
 */
const ORDER_TYPE = typeOf(ORDER_SET);

/** ПередЗаписью: operation defaults, rows' order and warehouse from the header, the document total. */
export function beforeWriteShipment(sb: Sandbox, own: Rec): void {
	if (!filled(own.ВидОперации)) own.ВидОперации = 'ПродажаКомиссия';
	if (!filled(own.ВидПередачи)) own.ВидПередачи = 'СоСклада';
	const orderFromHeader = own.Сделка_Type === ORDER_TYPE && filled(own.Сделка) ? own.Сделка : undefined;
	const quality = sb.store.rows('Catalog_Качество').find((q) => q.PredefinedDataName === 'Новый' || String(q.Description).trim() === 'Новый');
	let total = 0;
	const vatOnTop = own.УчитыватьНДС === true && own.СуммаВключаетНДС !== true;
	for (const row of rows(own, 'Товары')) {
		// ЗаполнитьЗаказПокупателяВТЧ: the header's order goes to every row unless the base keeps orders per row.
		if (!filled(row.ЗаказПокупателя_Key) && orderFromHeader) row.ЗаказПокупателя_Key = orderFromHeader;
		if (!filled(row.Склад_Key) && filled(own.Склад_Key)) row.Склад_Key = own.Склад_Key;
		// "Качество обязательно Новый" unless the operation is Брак.
		if (own.ВидОперации !== 'Брак' && quality) row.Качество_Key = quality.Ref_Key;
		if (!filled(row.ЗаказПокупателя_Key) && row.СпособСписанияОстаткаТоваров === 'ИзРезерва') row.СпособСписанияОстаткаТоваров = 'СоСклада';
		total += Number(row.Сумма ?? 0) + (vatOnTop ? Number(row.СуммаНДС ?? 0) : 0);
	}
	for (const row of rows(own, 'Услуги')) {
		if (!filled(row.ЗаказПокупателя_Key) && orderFromHeader) row.ЗаказПокупателя_Key = orderFromHeader;
		total += Number(row.Сумма ?? 0) + (vatOnTop ? Number(row.СуммаНДС ?? 0) : 0);
	}
	own.СуммаДокумента = round2(total);
}

/** What is left to ship per (order, item, characteristic), from ЗаказыПокупателей records other than `exceptRecorder`. */
export function remainingByLine(sb: Sandbox, order: string, exceptRecorder?: string): Map<string, number> {
	const left = new Map<string, number>();
	for (const r of sb.store.rows(ORDERS_REGISTER)) {
		if (r.ЗаказПокупателя_Key !== order || r.Active === false || r.Recorder === exceptRecorder) continue;
		const key = `${String(r.Номенклатура_Key)}|${String(r.ХарактеристикаНоменклатуры_Key ?? EMPTY_GUID)}`;
		left.set(key, round3((left.get(key) ?? 0) + (r.RecordType === 'Expense' ? -1 : 1) * Number(r.Количество ?? 0)));
	}
	return left;
}

function checkShipment(sb: Sandbox, doc: Rec, operational: boolean): void {
	if (doc.DeletionMark === true) refuse('Помеченный на удаление документ не может быть проведен.');
	const header: [string, string][] = [
		['Организация_Key', 'Организация'],
		['Контрагент_Key', 'Контрагент'],
		['ДоговорКонтрагента_Key', 'Договор контрагента'],
		['ВалютаДокумента_Key', 'Валюта документа'],
	];
	for (const [field, title] of header) if (!filled(doc[field])) refuse(`Не заполнено значение реквизита "${title}".`);
	const contract = sb.store.get('Catalog_ДоговорыКонтрагентов', String(doc.ДоговорКонтрагента_Key));
	if (!contract) refuse('Договор контрагента не найден (битая ссылка).');
	if (contract.Owner_Key !== doc.Контрагент_Key) refuse(`Договор "${String(contract.Description).trim()}" не принадлежит контрагенту документа.`);
	if (contract.Организация_Key !== doc.Организация_Key) refuse('Организация в договоре контрагента не совпадает с организацией документа.');
	for (const row of rows(doc, 'Товары')) {
		const at = `Строка ${String(row.LineNumber)} табличной части "Товары": `;
		if (!filled(row.Номенклатура_Key)) refuse(`${at}не заполнено значение реквизита "Номенклатура".`);
		if (!filled(row.Количество)) refuse(`${at}не заполнено значение реквизита "Количество".`);
		if (!filled(row.Склад_Key)) refuse(`${at}не заполнено значение реквизита "Склад".`);
		const item = sb.store.get('Catalog_Номенклатура', String(row.Номенклатура_Key));
		if (item?.Услуга === true) refuse(`${at}содержится услуга. Услуг здесь быть не должно!`);
	}
	if (!operational) return;
	// Оперативное проведение: ЗаказыПокупателей.КонтрольПревышенияОбъемаЗаказа — no more than the order has left.
	const byOrder = new Map<string, Map<string, number>>();
	for (const row of rows(doc, 'Товары')) {
		if (!filled(row.ЗаказПокупателя_Key)) continue;
		const order = String(row.ЗаказПокупателя_Key);
		if (!byOrder.has(order)) byOrder.set(order, remainingByLine(sb, order, String(doc.Ref_Key)));
		const key = `${String(row.Номенклатура_Key)}|${String(row.ХарактеристикаНоменклатуры_Key ?? EMPTY_GUID)}`;
		const left = byOrder.get(order)!;
		const wanted = storageQuantity(sb, row);
		if (wanted > (left.get(key) ?? 0) + 1e-9) refuse(`Строка ${String(row.LineNumber)} табличной части "Товары": превышение количества по заказу покупателя (осталось ${left.get(key) ?? 0}).`);
		left.set(key, round3((left.get(key) ?? 0) - wanted));
	}
}

function shipmentMovements(sb: Sandbox, doc: Rec): Array<[string, Rec[]]> {
	const stock: Rec[] = [];
	const retail: Rec[] = [];
	const orders: Rec[] = [];
	const reserve: Rec[] = [];
	for (const row of rows(doc, 'Товары')) {
		const quantity = storageQuantity(sb, row);
		const wh = sb.store.get('Catalog_Склады', String(row.Склад_Key));
		const place = {
			Склад_Key: row.Склад_Key,
			Номенклатура_Key: row.Номенклатура_Key,
			ХарактеристикаНоменклатуры_Key: row.ХарактеристикаНоменклатуры_Key,
			СерияНоменклатуры_Key: row.СерияНоменклатуры_Key,
		};
		// Goods of Оптовый warehouses leave ТоварыНаСкладах, of Розничный ones ТоварыВРознице (НТТ is refused by the order already).
		if (wh?.ВидСклада === 'Розничный') retail.push({ ...place, Качество_Key: row.Качество_Key, Количество: quantity });
		else stock.push({ ...place, Качество_Key: row.Качество_Key, Количество: quantity });
		if (filled(row.ЗаказПокупателя_Key)) {
			const amount = settlementAmount(sb, doc, Number(row.Сумма ?? 0), Number(row.СуммаНДС ?? 0));
			orders.push({ ...orderLineColumns(doc, row), ЗаказПокупателя_Key: row.ЗаказПокупателя_Key, Количество: quantity, СуммаВзаиморасчетов: amount, СуммаУпр: amount });
			if (row.СпособСписанияОстаткаТоваров === 'ИзРезерва') {
				reserve.push({ ...place, ДокументРезерва: row.ЗаказПокупателя_Key, ДокументРезерва_Type: typeOf(ORDER_SET), Количество: quantity });
			}
		}
	}
	for (const row of rows(doc, 'Услуги')) {
		if (!filled(row.ЗаказПокупателя_Key)) continue;
		const amount = settlementAmount(sb, doc, Number(row.Сумма ?? 0), Number(row.СуммаНДС ?? 0));
		orders.push({ ...orderLineColumns(doc, row), ЗаказПокупателя_Key: row.ЗаказПокупателя_Key, Количество: Number(row.Количество), СуммаВзаиморасчетов: amount, СуммаУпр: amount });
	}
	const contract = sb.store.get('Catalog_ДоговорыКонтрагентов', String(doc.ДоговорКонтрагента_Key));
	const byOrders = contract?.ВедениеВзаиморасчетов === 'ПоЗаказам' || contract?.ВедениеВзаиморасчетов === 'ПоСчетам';
	const due = settlementAmount(sb, { ...doc, УчитыватьНДС: false }, Number(doc.СуммаДокумента ?? 0), 0);
	const party = { ДоговорКонтрагента_Key: doc.ДоговорКонтрагента_Key, Организация_Key: doc.Организация_Key, Контрагент_Key: doc.Контрагент_Key };
	const deal = filled(doc.Сделка) ? { Сделка: doc.Сделка, Сделка_Type: doc.Сделка_Type } : { Сделка: '', Сделка_Type: UNDEFINED };
	const out: Array<[string, Rec[]]> = [
		[STOCK_REGISTER, records(doc, SHIPMENT_SET, 'Expense', stock)],
		[RETAIL_REGISTER, records(doc, SHIPMENT_SET, 'Expense', retail)],
		[ORDERS_REGISTER, records(doc, SHIPMENT_SET, 'Expense', orders)],
		[RESERVE_REGISTER, records(doc, SHIPMENT_SET, 'Expense', reserve)],
	];
	if (due !== 0) {
		// ОпределитьСделку: the deal reaches ВзаиморасчетыСКонтрагентами only for contracts kept by orders or invoices.
		out.push([MUTUAL_REGISTER, records(doc, SHIPMENT_SET, 'Receipt', [{ ...party, ...(byOrders ? deal : { Сделка: '', Сделка_Type: UNDEFINED }), СуммаВзаиморасчетов: due, СуммаУпр: due }])]);
		// ПодготовитьТаблицуПоРасчетам: a shipment against an order leaves РасчетыСКонтрагентами alone (the order wrote it).
		if (doc.Сделка_Type !== ORDER_TYPE || !filled(doc.Сделка)) {
			out.push([SETTLEMENTS_REGISTER, records(doc, SHIPMENT_SET, 'Receipt', [{ ...party, ...deal, РасчетыВозврат: 'Расчеты', СуммаВзаиморасчетов: due, СуммаУпр: due }])]);
		}
	}
	return out.filter(([, list]) => list.length > 0);
}

export const shipmentRules = { beforeWrite: beforeWriteShipment, check: checkShipment, movements: shipmentMovements };
