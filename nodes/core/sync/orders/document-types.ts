import type { VatRateName } from './ut103-model';

/**
 * The `Document_ЗаказПокупателя` body we send (docs/1c-odata.md#ut-103-objects, #customer-orders example), field names
 * exactly as 1C spells them. Int64 values (`КратностьВзаиморасчетов`, `LineNumber`) are strings, as 1C
 * itself serialises them; decimals are JSON numbers. RowAmountColumns: the quantity and money columns Товары and
 * Услуги rows share.
 */
export interface RowAmountColumns {
	Количество: number;
	Цена: number;
	ПроцентСкидкиНаценки: number;
	ПроцентАвтоматическихСкидок: number;
	Сумма: number;
	СтавкаНДС: VatRateName;
	СуммаНДС: number;
}

export interface GoodsRow extends RowAmountColumns {
	LineNumber: string;
	Номенклатура_Key: string;
	ХарактеристикаНоменклатуры_Key: string;
	ЕдиницаИзмерения_Key: string;
	Коэффициент: number;
	/** Composite: a warehouse GUID reserves stock on posting; empty + Undefined type means no reservation. */
	Размещение: string;
	Размещение_Type: string;
}

export interface ServiceRow extends RowAmountColumns {
	LineNumber: string;
	Номенклатура_Key: string;
	Содержание: string;
}

export interface CustomerOrderPayload {
	Date: string;
	/** Absent when 1C numbers the document itself. */
	Number?: string;
	Организация_Key: string;
	Контрагент_Key: string;
	ДоговорКонтрагента_Key: string;
	ВалютаДокумента_Key: string;
	КурсВзаиморасчетов: number;
	КратностьВзаиморасчетов: string;
	ТипЦен_Key?: string;
	СкладГруппа: string;
	СкладГруппа_Type: string;
	УчитыватьНДС: boolean;
	СуммаВключаетНДС: boolean;
	СуммаДокумента: number;
	Ответственный_Key?: string;
	Подразделение_Key?: string;
	Комментарий: string;
	ДатаОтгрузки: string;
	АдресДоставки: string;
	ДополнениеКАдресуДоставки: string;
	НомерВходящегоДокументаЭлектронногоОбмена: string;
	ДатаВходящегоДокументаЭлектронногоОбмена: string;
	Товары: GoodsRow[];
	Услуги: ServiceRow[];
}
