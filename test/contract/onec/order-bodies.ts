import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';

/** Request bodies for ЗаказПокупателя built from the seed fixture (shared by writes and posting tests). */
export const I = SEED_IDS;
export const EMPTY = '00000000-0000-0000-0000-000000000000';

export function row(n: number | string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		...(n === undefined ? {} : { LineNumber: n }),
		Номенклатура_Key: I.items.jeans48,
		ХарактеристикаНоменклатуры_Key: EMPTY,
		ЕдиницаИзмерения_Key: I.units.jeans48Pcs,
		Коэффициент: 1,
		Количество: 2,
		Цена: 300,
		Сумма: 600,
		СтавкаНДС: 'НДС20',
		СуммаНДС: 100,
		Размещение: I.warehouses.main,
		Размещение_Type: 'StandardODATA.Catalog_Склады',
		...extra,
	};
}

export function orderBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		Date: '2024-06-20T10:00:00',
		Организация_Key: I.organizations.ivanov,
		Контрагент_Key: I.counterparties.retailBuyer,
		ДоговорКонтрагента_Key: I.contracts.retailBuyerMain,
		ВалютаДокумента_Key: I.currencies.rub,
		КурсВзаиморасчетов: 1,
		КратностьВзаиморасчетов: '1',
		ТипЦен_Key: I.priceTypes.retail,
		СкладГруппа: I.warehouses.main,
		СкладГруппа_Type: 'StandardODATA.Catalog_Склады',
		УчитыватьНДС: true,
		СуммаВключаетНДС: true,
		НомерВходящегоДокументаЭлектронногоОбмена: '5488',
		Товары: [row(1)],
		...extra,
	};
}
