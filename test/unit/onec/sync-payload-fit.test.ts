import type { CustomerOrderPayload } from '../../../nodes/core/sync/orders/document-types';
import { encodeEntityBody, type WriteValues } from '../../../nodes/core/onec/client';
import { UT } from '../../../nodes/core/onec/model';

/** The order body core/sync builds must be accepted, unchanged, by OneCClient.create/update (types and values). */
type Order = typeof UT.Document_ЗаказПокупателя;

const G = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const EMPTY = '00000000-0000-0000-0000-000000000000';

const payload: CustomerOrderPayload = {
	Date: '2024-06-20T12:30:00',
	Number: 'ЦРМ00005488',
	Организация_Key: G,
	Контрагент_Key: G,
	ДоговорКонтрагента_Key: G,
	ВалютаДокумента_Key: G,
	КурсВзаиморасчетов: 1,
	КратностьВзаиморасчетов: '1',
	ТипЦен_Key: G,
	СкладГруппа: G,
	СкладГруппа_Type: 'StandardODATA.Catalog_Склады',
	УчитыватьНДС: true,
	СуммаВключаетНДС: true,
	СуммаДокумента: 300,
	Комментарий: 'retailCRM №5488',
	ДатаОтгрузки: '2024-06-21T00:00:00',
	АдресДоставки: 'Москва',
	ДополнениеКАдресуДоставки: '',
	НомерВходящегоДокументаЭлектронногоОбмена: '5488',
	ДатаВходящегоДокументаЭлектронногоОбмена: '2024-06-20T12:29:10',
	Товары: [
		{
			LineNumber: '1',
			Номенклатура_Key: G,
			ХарактеристикаНоменклатуры_Key: EMPTY,
			ЕдиницаИзмерения_Key: G,
			Коэффициент: 1,
			Количество: 1,
			Цена: 300,
			ПроцентСкидкиНаценки: 0,
			ПроцентАвтоматическихСкидок: 0,
			Сумма: 300,
			СтавкаНДС: 'НДС20',
			СуммаНДС: 50,
			Размещение: '',
			Размещение_Type: 'StandardODATA.Undefined',
		},
	],
	Услуги: [],
};

it('CustomerOrderPayload from core/sync passes through encodeEntityBody unchanged', () => {
	const values: WriteValues<Order['specs'], Order['tabular']> = payload;
	expect(encodeEntityBody(UT.Document_ЗаказПокупателя, values as Record<string, unknown>)).toEqual(payload);
});
