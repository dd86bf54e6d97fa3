import type { Rec } from '../filter/evaluator';
import type { Sandbox } from '../sandbox';
import { ORDERS_REGISTER, ORDER_SET, SETTLEMENTS_REGISTER, records, rows, settlementAmount, storageQuantity, typeOf } from './common';

/**
 * What a posted ЗаказПокупателя leaves besides its reserve (rf-bessome/ut10_3_22_percent:
 * src/Documents/ЗаказПокупателя/Ext/ObjectModule.bsl, ДвиженияПоРегистрамУпр):
 * - ЗаказыПокупателей, Receipt: one record per row of Товары and Услуги (quantity in the storage unit,
 *   settlement amount with VAT), `ЗаказПокупателя` = the order — what shipments then take away;
 * - РасчетыСКонтрагентами, Receipt: the document total with `Сделка` = the order (ДвиженияПоРасчетамСКонтрагентами,
 *   skipped for a zero total) — what payments then settle.
 */
export function orderLineColumns(doc: Rec, row: Rec): Rec {
	return {
		ДоговорКонтрагента_Key: doc.ДоговорКонтрагента_Key,
		СтатусПартии: 'Купленный',
		Номенклатура_Key: row.Номенклатура_Key,
		ХарактеристикаНоменклатуры_Key: row.ХарактеристикаНоменклатуры_Key,
		Цена: row.Цена,
		ПроцентСкидкиНаценки: row.ПроцентСкидкиНаценки,
		ЕдиницаИзмерения_Key: row.ЕдиницаИзмерения_Key,
		ПроцентАвтоматическихСкидок: row.ПроцентАвтоматическихСкидок,
		СтавкаНДС: row.СтавкаНДС,
	};
}

export function orderSettlementMovements(sb: Sandbox, doc: Rec): Array<[string, Rec[]]> {
	const lines: Rec[] = [];
	for (const row of rows(doc, 'Товары')) {
		const amount = settlementAmount(sb, doc, Number(row.Сумма ?? 0), Number(row.СуммаНДС ?? 0));
		lines.push({ ...orderLineColumns(doc, row), ЗаказПокупателя_Key: doc.Ref_Key, Количество: storageQuantity(sb, row), СуммаВзаиморасчетов: amount, СуммаУпр: amount });
	}
	for (const row of rows(doc, 'Услуги')) {
		const amount = settlementAmount(sb, doc, Number(row.Сумма ?? 0), Number(row.СуммаНДС ?? 0));
		lines.push({ ...orderLineColumns(doc, row), ЗаказПокупателя_Key: doc.Ref_Key, Количество: Number(row.Количество), СуммаВзаиморасчетов: amount, СуммаУпр: amount });
	}
	const out: Array<[string, Rec[]]> = [[ORDERS_REGISTER, records(doc, ORDER_SET, 'Receipt', lines)]];
	const total = Number(doc.СуммаДокумента ?? 0);
	if (total !== 0) {
		const due = settlementAmount(sb, { ...doc, УчитыватьНДС: false }, total, 0);
		out.push([
			SETTLEMENTS_REGISTER,
			records(doc, ORDER_SET, 'Receipt', [
				{
					РасчетыВозврат: 'Расчеты',
					ДоговорКонтрагента_Key: doc.ДоговорКонтрагента_Key,
					Контрагент_Key: doc.Контрагент_Key,
					Организация_Key: doc.Организация_Key,
					Сделка: doc.Ref_Key,
					Сделка_Type: typeOf(ORDER_SET),
					СуммаВзаиморасчетов: due,
					СуммаУпр: due,
				},
			]),
		]);
	}
	return out;
}
