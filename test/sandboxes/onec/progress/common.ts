import type { Rec } from '../filter/evaluator';
import { EMPTY_GUID } from '../model';
import type { Sandbox } from '../sandbox';

/** Small helpers shared by the shipment, payment and order-settlement rules of the sandbox. */
export const ORDER_SET = 'Document_ЗаказПокупателя';
export const SHIPMENT_SET = 'Document_РеализацияТоваровУслуг';
export const CASH_SET = 'Document_ПриходныйКассовыйОрдер';
export const BANK_SET = 'Document_ПлатежноеПоручениеВходящее';
export const CARD_SET = 'Document_ОплатаОтПокупателяПлатежнойКартой';
export const PAYMENT_SETS = [CASH_SET, BANK_SET, CARD_SET] as const;

export const ORDERS_REGISTER = 'AccumulationRegister_ЗаказыПокупателей_RecordType';
export const SETTLEMENTS_REGISTER = 'AccumulationRegister_РасчетыСКонтрагентами_RecordType';
export const MUTUAL_REGISTER = 'AccumulationRegister_ВзаиморасчетыСКонтрагентами_RecordType';
export const STOCK_REGISTER = 'AccumulationRegister_ТоварыНаСкладах_RecordType';
export const RETAIL_REGISTER = 'AccumulationRegister_ТоварыВРознице_RecordType';
export const RESERVE_REGISTER = 'AccumulationRegister_ТоварыВРезервеНаСкладах_RecordType';

export const typeOf = (set: string): string => `StandardODATA.${set}`;
export const UNDEFINED = 'StandardODATA.Undefined';

export const round2 = (n: number): number => Math.round(n * 100) / 100;
export const round3 = (n: number): number => Math.round(n * 1000) / 1000;
export const filled = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && v !== EMPTY_GUID && v !== 0;
export const rows = (doc: Rec, section: string): Rec[] => (doc[section] as Rec[] | undefined) ?? [];

/** Rate in percent of a СтавкиНДС value name (`НДС20`, `НДС20_120` → 20; `БезНДС` → 0). */
export function vatPercent(rate: unknown): number {
	const m = /^НДС(\d+)/.exec(String(rate ?? ''));
	return m ? Number(m[1]) : 0;
}

/**
 * Row quantity in the item's storage unit: `Количество * Коэффициент / Номенклатура.ЕдиницаХраненияОстатков.Коэффициент`
 * (rf-bessome/ut10_3_22_percent: src/Documents/ЗаказПокупателя/Ext/ObjectModule.bsl, ОбработкаПроведения).
 */
export function storageQuantity(sb: Sandbox, row: Rec): number {
	const item = sb.store.get('Catalog_Номенклатура', String(row.Номенклатура_Key));
	const unit = item ? sb.store.get('Catalog_ЕдиницыИзмерения', String(item.ЕдиницаХраненияОстатков_Key)) : undefined;
	const k = Number(row.Коэффициент) || 1;
	const ks = Number(unit?.Коэффициент) || 1;
	return round3((Number(row.Количество) * k) / ks);
}

/**
 * Row amount in the settlement currency with VAT: `Сумма (+ СуммаНДС when VAT is on top)`, converted with the
 * document's КурсВзаиморасчетов/Кратность when the contract's currency differs from the document's.
 * Simplification: the document currency is taken as the base currency (the sandbox keeps no rate history for it).
 */
export function settlementAmount(sb: Sandbox, doc: Rec, sum: number, vat: number): number {
	const withVat = sum + (doc.УчитыватьНДС === true && doc.СуммаВключаетНДС !== true ? vat : 0);
	const contract = sb.store.get('Catalog_ДоговорыКонтрагентов', String(doc.ДоговорКонтрагента_Key));
	const same = !contract || !filled(contract.ВалютаВзаиморасчетов_Key) || contract.ВалютаВзаиморасчетов_Key === doc.ВалютаДокумента_Key;
	if (same) return round2(withVat);
	const rate = Number(doc.КурсВзаиморасчетов) || 1;
	const mult = Number(doc.КратностьВзаиморасчетов) || 1;
	return round2((withVat * mult) / rate);
}

/** Register records of one recorder: standard columns filled, LineNumber 1..n per register. */
export function records(doc: Rec, set: string, recordType: 'Receipt' | 'Expense', list: Rec[]): Rec[] {
	return list.map((r, i) => ({
		Recorder: doc.Ref_Key,
		Recorder_Type: typeOf(set),
		Period: doc.Date,
		LineNumber: i + 1,
		Active: true,
		RecordType: recordType,
		...r,
	}));
}

export function refuse(reason: string): never {
	// Same wording as the order's posting refusal (posting.ts).
	throw Object.assign(new Error(`Документ не проведен! ${reason}`), { refusal: true });
}
