import type { Rec } from '../filter/evaluator';
import type { Sandbox } from '../sandbox';
import { CARD_SET, MUTUAL_REGISTER, ORDER_SET, SETTLEMENTS_REGISTER, UNDEFINED, filled, records, refuse, round2, rows, typeOf } from './common';

/**
 * Incoming payments from buyers: ПриходныйКассовыйОрдер (cash), ПлатежноеПоручениеВходящее (bank),
 * ОплатаОтПокупателяПлатежнойКартой (card), operation ОплатаПокупателя. Per row of РасшифровкаПлатежа they settle
 * a contract and a deal (`Сделка`, e.g. a customer order):
 * - РасчетыСКонтрагентами, Expense, `Сделка` = the row's deal — for cash and bank only when the document is
 *   ОтраженоВОперУчете (rf-bessome/ut10_3_22_percent: src/CommonModules/УправлениеДенежнымиСредствами/Ext/Module.bsl,
 *   ПровестиПоступлениеДенежныхСредствУпр), always for card payments (src/Documents/ОплатаОтПокупателяПлатежнойКартой/Ext/ObjectModule.bsl);
 * - ВзаиморасчетыСКонтрагентами, Expense, the deal only for contracts kept by orders (УправлениеВзаиморасчетами.ОпределитьСделку),
 *   for cash and bank only when Оплачено.
 * Not modelled: the money registers (ДенежныеСредства…), the card acquirer's own settlement, VAT on advances.
 */
export function beforeWritePayment(_sb: Sandbox, own: Rec): void {
	if (!filled(own.ВидОперации)) own.ВидОперации = 'ОплатаПокупателя';
	let total = 0;
	for (const row of rows(own, 'РасшифровкаПлатежа')) {
		if (!filled(row.ДоговорКонтрагента_Key) && filled(own.ДоговорКонтрагента_Key)) row.ДоговорКонтрагента_Key = own.ДоговорКонтрагента_Key;
		if (!filled(row.КурсВзаиморасчетов)) row.КурсВзаиморасчетов = 1;
		if (!filled(row.КратностьВзаиморасчетов)) row.КратностьВзаиморасчетов = 1;
		if (!filled(row.СуммаВзаиморасчетов)) row.СуммаВзаиморасчетов = row.СуммаПлатежа;
		total += Number(row.СуммаПлатежа ?? 0);
	}
	own.СуммаДокумента = round2(total);
}

/** The buyer a payment is from: `Контрагент_Key`, or the composite `Контрагент` of the cash receipt. */
function buyerOf(doc: Rec): unknown {
	return doc.Контрагент_Key ?? (doc.Контрагент_Type === 'StandardODATA.Catalog_Контрагенты' ? doc.Контрагент : undefined);
}

function checkPayment(sb: Sandbox, doc: Rec): void {
	if (doc.DeletionMark === true) refuse('Помеченный на удаление документ не может быть проведен.');
	for (const [value, title] of [
		[doc.Организация_Key, 'Организация'],
		[doc.ВалютаДокумента_Key, 'Валюта документа'],
		[buyerOf(doc), 'Контрагент'],
	] as const) {
		if (!filled(value)) refuse(`Не заполнено значение реквизита "${title}".`);
	}
	const lines = rows(doc, 'РасшифровкаПлатежа');
	if (doc.ВидОперации === 'ОплатаПокупателя' && lines.length === 0) refuse('Не заполнена табличная часть "Расшифровка платежа".');
	for (const row of lines) {
		const at = `Строка ${String(row.LineNumber)} табличной части "Расшифровка платежа": `;
		if (!filled(row.ДоговорКонтрагента_Key)) refuse(`${at}не заполнено значение реквизита "Договор контрагента".`);
		if (!filled(row.СуммаПлатежа)) refuse(`${at}не заполнено значение реквизита "Сумма платежа".`);
		const contract = sb.store.get('Catalog_ДоговорыКонтрагентов', String(row.ДоговорКонтрагента_Key));
		if (contract && contract.Owner_Key !== buyerOf(doc)) refuse(`${at}договор "${String(contract.Description).trim()}" не принадлежит контрагенту документа.`);
	}
}

function paymentMovements(sb: Sandbox, doc: Rec, set: string): Array<[string, Rec[]]> {
	if (doc.ВидОперации !== 'ОплатаПокупателя') return [];
	const card = set === CARD_SET;
	const settles = card || doc.ОтраженоВОперУчете === true;
	const paid = card || doc.Оплачено === true;
	const settlements: Rec[] = [];
	const mutual: Rec[] = [];
	for (const row of rows(doc, 'РасшифровкаПлатежа')) {
		const amount = Number(row.СуммаВзаиморасчетов ?? 0);
		const party = { ДоговорКонтрагента_Key: row.ДоговорКонтрагента_Key, Организация_Key: doc.Организация_Key, Контрагент_Key: buyerOf(doc) };
		const deal = filled(row.Сделка) ? { Сделка: row.Сделка, Сделка_Type: row.Сделка_Type } : { Сделка: '', Сделка_Type: UNDEFINED };
		if (settles) settlements.push({ ...party, ...deal, РасчетыВозврат: 'Расчеты', СуммаВзаиморасчетов: amount, СуммаУпр: Number(row.СуммаПлатежа ?? amount) });
		if (paid) {
			const contract = sb.store.get('Catalog_ДоговорыКонтрагентов', String(row.ДоговорКонтрагента_Key));
			const byOrders = contract?.ВедениеВзаиморасчетов === 'ПоЗаказам' || contract?.ВедениеВзаиморасчетов === 'ПоСчетам';
			mutual.push({ ...party, ...(byOrders ? deal : { Сделка: '', Сделка_Type: UNDEFINED }), СуммаВзаиморасчетов: amount, СуммаУпр: Number(row.СуммаПлатежа ?? amount) });
		}
	}
	const out: Array<[string, Rec[]]> = [
		[SETTLEMENTS_REGISTER, records(doc, set, 'Expense', settlements)],
		[MUTUAL_REGISTER, records(doc, set, 'Expense', mutual)],
	];
	return out.filter(([, list]) => list.length > 0);
}

export function paymentRules(set: string) {
	return { beforeWrite: beforeWritePayment, check: (sb: Sandbox, doc: Rec) => checkPayment(sb, doc), movements: (sb: Sandbox, doc: Rec) => paymentMovements(sb, doc, set) };
}

/** The order a payment row settles, when it is one. */
export const settlesOrder = (row: Rec): boolean => row.Сделка_Type === typeOf(ORDER_SET) && filled(row.Сделка);
