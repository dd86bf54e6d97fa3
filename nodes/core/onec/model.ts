/**
 * The slice of the UT 10.3 (10.3.88) data model this package reads and writes, as typed constants.
 * Names are spelled exactly as 1C's OData spells them (docs/1c-odata.md#values-on-the-wire, #ut-103-objects); every field here is
 * checked against test/sandboxes/onec/ut103-metadata.json by test/unit/onec/metadata-conformance.test.ts.
 * Code elsewhere refers to `UT.Document_ЗаказПокупателя.fields.Контрагент_Key`, never to loose strings.
 */

/** How one OData property is represented (drives decoding, encoding and the conformance test). */
export type FieldSpec =
	/** The object's own key (`Ref_Key`). */
	| { readonly kind: 'guid' }
	/** Reference to one type: OData `<Name>_Key` (Edm.Guid). `to` = 1C metadata name, e.g. `Catalog.Склады`. */
	| { readonly kind: 'ref'; readonly to: string }
	/** Composite reference: OData `<Name>` (value) with a companion `<Name>_Type`. */
	| { readonly kind: 'composite'; readonly to: readonly string[] }
	/** The `_Type` companion of a composite (`StandardODATA.Catalog_Склады`). */
	| { readonly kind: 'type'; readonly of: string }
	/** String; `length` 0 = unlimited; fixed-length strings come space-padded. */
	| { readonly kind: 'string'; readonly length: number; readonly fixed?: boolean }
	/** Number with fraction digits (Edm.Double on the wire). */
	| { readonly kind: 'number'; readonly digits: number; readonly fraction: number }
	/** Integer (0 fraction digits): Int64 comes and goes as a JSON string. */
	| { readonly kind: 'int'; readonly digits: number }
	| { readonly kind: 'boolean' }
	/** Edm.DateTime, local time without zone; `0001-01-01T00:00:00` is empty. */
	| { readonly kind: 'date' }
	/** Enum value name as a string, `''` when empty. */
	| { readonly kind: 'enum'; readonly enum: EnumName }
	/** Platform strings with no 1C attribute behind them (DataVersion, PredefinedDataName). */
	| { readonly kind: 'opaque' };

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** Field spec constructors (keep literal types so decoded shapes follow the model). */
export const field = {
	guid: (): { kind: 'guid' } => ({ kind: 'guid' }),
	ref: (to: string): { kind: 'ref'; to: string } => ({ kind: 'ref', to }),
	composite: (...to: string[]): { kind: 'composite'; to: string[] } => ({ kind: 'composite', to }),
	type: (of: string): { kind: 'type'; of: string } => ({ kind: 'type', of }),
	string: (length: number, fixed = false): { kind: 'string'; length: number; fixed: boolean } => ({ kind: 'string', length, fixed }),
	number: (digits: number, fraction: number): { kind: 'number'; digits: number; fraction: number } => ({ kind: 'number', digits, fraction }),
	int: (digits: number): { kind: 'int'; digits: number } => ({ kind: 'int', digits }),
	boolean: (): { kind: 'boolean' } => ({ kind: 'boolean' }),
	date: (): { kind: 'date' } => ({ kind: 'date' }),
	enum: <E extends EnumName>(name: E): { kind: 'enum'; enum: E } => ({ kind: 'enum', enum: name }),
	opaque: (): { kind: 'opaque' } => ({ kind: 'opaque' }),
};

/** Enum value lists (the UT 10.3.88 dump); enums without listed values are passed through as strings. */
export const ENUMS = {
	СтавкиНДС: ['НДС20', 'НДС20_120', 'НДС18', 'НДС18_118', 'НДС10', 'НДС10_110', 'НДС0', 'БезНДС', 'НДС5', 'НДС5_105', 'НДС7', 'НДС7_107', 'НДС22', 'НДС22_122'],
	ТипыНоменклатуры: ['Товар', 'Услуга', 'Набор', 'Комплект'],
	ВидыСкладов: ['Оптовый', 'Розничный', 'НТТ'],
	ЮрФизЛицо: ['ЮрЛицо', 'ФизЛицо'],
	ВидыДоговоровКонтрагентов: ['СПоставщиком', 'СПокупателем', 'СКомитентом', 'СКомиссионером', 'Прочее'],
	ВедениеВзаиморасчетовПоДоговорам: ['ПоДоговоруВЦелом', 'УдалитьПоРасчетнымДокументам', 'ПоЗаказам', 'ПоСчетам'],
	ПорядкиОкругления: ['Окр0_01', 'Окр0_05', 'Окр0_1', 'Окр0_5', 'Окр1', 'Окр5', 'Окр10', 'Окр50', 'Окр100'],
	СпособыРасчетаЦены: ['ПоПроцентнойНаценкеНаБазовыйТип', 'ПоВхождениюБазовойЦеныВДиапазон'],
	ТипыКонтактнойИнформации: ['Адрес', 'Телефон', 'АдресЭлектроннойПочты', 'ВебСтраница', 'Другое', 'Факс'],
	/** rf-bessome/ut10_3_22_percent: src/Enums/ВидыОбъектовКонтактнойИнформации.xml */
	ВидыОбъектовКонтактнойИнформации: ['КонтактныеЛица', 'Контрагенты', 'Организации', 'Пользователи', 'ФизическиеЛица', 'КонтактныеЛицаКонтрагентов', 'ЛичныеКонтакты', 'Склады'],
	/** Not in the metadata extract: values unchecked, passed through. */
	ВидыУсловийДоговоровВзаиморасчетов: [] as string[],
	// Shipments, payments and settlements (order progress); value lists from the 10.3.88 dump's Enums/*.xml.
	ВидыОперацийРеализацияТоваров: ['ПродажаКомиссия', 'Брак', 'АктВыполненныхРабот', 'АктНаПередачуПрав'],
	ВидыПередачиТоваров: ['СоСклада', 'ПоОрдеру'],
	СпособыСписанияОстаткаТоваров: ['СоСклада', 'ИзРезерва'],
	СтатусыПартийТоваров: ['Купленный', 'НаКомиссию', 'ВозвратнаяТара', 'ПоОрдеру', 'ВозвратнаяТараОтложеннаяОтгрузка', 'КупленныйОтложеннаяОтгрузка'],
	РасчетыВозврат: ['Расчеты', 'Возврат'],
	ВидыОперацийПКО: [
		'ОплатаПокупателя',
		'ПриходДенежныхСредствРозничнаяВыручка',
		'ВозвратДенежныхСредствПодотчетником',
		'ВозвратДенежныхСредствПоставщиком',
		'ПолучениеНаличныхДенежныхСредствВБанке',
		'РасчетыПоКредитамИЗаймамСКонтрагентами',
		'ПриходДенежныхСредствПрочее',
		'ПрочиеРасчетыСКонтрагентами',
	],
	ВидыОперацийПоступлениеБезналичныхДенежныхСредств: [
		'ОплатаПокупателя',
		'ВозвратДенежныхСредствПоставщиком',
		'РасчетыПоКредитамИЗаймам',
		'ПрочиеРасчетыСКонтрагентами',
		'ПрочееПоступлениеБезналичныхДенежныхСредств',
		'ПриобретениеИностраннойВалюты',
		'ПоступленияОтПродажиИностраннойВалюты',
		'ПоступлениеОплатыПоПлатежнымКартам',
		'ПоступлениеОплатыПоБанковскимКредитам',
	],
	ВидыОперацийОплатаОтПокупателяПлатежнойКартой: ['ОплатаПокупателя', 'ВозвратДенежныхСредствПокупателю'],
} as const satisfies Record<string, readonly string[]>;

export type EnumName = keyof typeof ENUMS;
export type EnumValue<E extends EnumName> = (typeof ENUMS)[E] extends readonly (infer V)[] ? V : string;

type Names<S> = { readonly [K in keyof S]: K };

function names<S extends FieldSpecs>(specs: S): Names<S> {
	const out: Record<string, string> = {};
	for (const key of Object.keys(specs)) out[key] = key;
	return out as Names<S>;
}

export interface TabularDef<S extends FieldSpecs = FieldSpecs> {
	/** Property name inside the parent (`Товары`). */
	readonly name: string;
	/** Own entity set, read-only (writing rows there → code 13). */
	readonly set: string;
	readonly specs: S;
	readonly fields: Names<S>;
}

export interface EntityDef<S extends FieldSpecs = FieldSpecs, T extends Readonly<Record<string, TabularDef>> = Readonly<Record<string, TabularDef>>> {
	readonly set: string;
	/** 1C metadata name (`Catalog.Склады`), the key in ut103-metadata.json. */
	readonly meta: string;
	readonly kind: 'Catalog' | 'Document';
	readonly specs: S;
	readonly fields: Names<S>;
	readonly tabular: T;
}

function tabular<S extends FieldSpecs>(parentSet: string, name: string, specs: S): TabularDef<S> {
	return { name, set: `${parentSet}_${name}`, specs, fields: names(specs) };
}

function entity<S extends FieldSpecs, T extends Readonly<Record<string, TabularDef>> = Record<never, never>>(
	kind: 'Catalog' | 'Document',
	name: string,
	specs: S,
	tabularSections?: T,
): EntityDef<S, T> {
	return { set: `${kind}_${name}`, meta: `${kind}.${name}`, kind, specs, fields: names(specs), tabular: (tabularSections ?? {}) as T };
}

/** Standard catalog properties; Code only when the catalog has a code. */
function catalogStandard(codeLength: number, descriptionLength: number) {
	return {
		Ref_Key: field.guid(),
		DataVersion: field.opaque(),
		DeletionMark: field.boolean(),
		...(codeLength > 0 ? { Code: field.string(codeLength, true) } : {}),
		Description: field.string(descriptionLength),
		Predefined: field.boolean(),
		PredefinedDataName: field.opaque(),
	};
}

function hierarchy(self: string) {
	return { Parent_Key: field.ref(self), IsFolder: field.boolean() };
}

// ---------------------------------------------------------------- catalogs

const Номенклатура = entity('Catalog', 'Номенклатура', {
	...catalogStandard(11, 100),
	Code: field.string(11, true),
	...hierarchy('Catalog.Номенклатура'),
	Артикул: field.string(25),
	НаименованиеПолное: field.string(0),
	Комментарий: field.string(0),
	ВидНоменклатуры_Key: field.ref('Catalog.ВидыНоменклатуры'),
	Услуга: field.boolean(),
	Набор: field.boolean(),
	Комплект: field.boolean(),
	ВестиУчетПоХарактеристикам: field.boolean(),
	ВестиУчетПоСериям: field.boolean(),
	Весовой: field.boolean(),
	БазоваяЕдиницаИзмерения_Key: field.ref('Catalog.КлассификаторЕдиницИзмерения'),
	ЕдиницаХраненияОстатков_Key: field.ref('Catalog.ЕдиницыИзмерения'),
	ЕдиницаДляОтчетов_Key: field.ref('Catalog.ЕдиницыИзмерения'),
	СтавкаНДС: field.enum('СтавкиНДС'),
	НоменклатурнаяГруппа_Key: field.ref('Catalog.НоменклатурныеГруппы'),
	ОсновноеИзображение_Key: field.ref('Catalog.ХранилищеДополнительнойИнформации'),
	Производитель_Key: field.ref('Catalog.Контрагенты'),
	СтранаПроисхождения_Key: field.ref('Catalog.КлассификаторСтранМира'),
	ВесовойКоэффициентВхождения: field.int(10),
	ДополнительноеОписаниеНоменклатуры: field.string(0),
});

const ХарактеристикиНоменклатуры = entity('Catalog', 'ХарактеристикиНоменклатуры', {
	...catalogStandard(0, 100),
	Owner_Key: field.ref('Catalog.Номенклатура'),
});

const ЕдиницыИзмерения = entity('Catalog', 'ЕдиницыИзмерения', {
	...catalogStandard(9, 50),
	Code: field.string(9, true),
	// Two owner types (Номенклатура, НоменклатурныеГруппы) → a composite `Owner` (by 1C\'s naming rules, docs/1c-odata.md#ut-103-objects).
	Owner: field.composite('Catalog.Номенклатура', 'Catalog.НоменклатурныеГруппы'),
	Owner_Type: field.type('Owner'),
	ЕдиницаПоКлассификатору_Key: field.ref('Catalog.КлассификаторЕдиницИзмерения'),
	Вес: field.number(15, 3),
	Объем: field.number(15, 3),
	Коэффициент: field.number(10, 3),
});

const КлассификаторЕдиницИзмерения = entity('Catalog', 'КлассификаторЕдиницИзмерения', {
	...catalogStandard(4, 25),
	Code: field.string(4, true),
	НаименованиеПолное: field.string(100),
	МеждународноеСокращение: field.string(3),
});

const Склады = entity('Catalog', 'Склады', {
	...catalogStandard(9, 50),
	Code: field.string(9, true),
	...hierarchy('Catalog.Склады'),
	Комментарий: field.string(0),
	ТипЦенРозничнойТорговли_Key: field.ref('Catalog.ТипыЦенНоменклатуры'),
	Подразделение_Key: field.ref('Catalog.Подразделения'),
	ВидСклада: field.enum('ВидыСкладов'),
	НомерСекции: field.int(1),
	РасчетРозничныхЦенПоТорговойНаценке: field.boolean(),
});

const Контрагенты = entity('Catalog', 'Контрагенты', {
	...catalogStandard(9, 100),
	Code: field.string(9, true),
	...hierarchy('Catalog.Контрагенты'),
	НаименованиеПолное: field.string(0),
	ЮрФизЛицо: field.enum('ЮрФизЛицо'),
	ИНН: field.string(12),
	КПП: field.string(9),
	ОГРН: field.string(15),
	КодПоОКПО: field.string(10),
	Комментарий: field.string(0),
	Покупатель: field.boolean(),
	Поставщик: field.boolean(),
	ГоловнойКонтрагент_Key: field.ref('Catalog.Контрагенты'),
	ОсновнойДоговорКонтрагента_Key: field.ref('Catalog.ДоговорыКонтрагентов'),
	ОсновнойМенеджерПокупателя_Key: field.ref('Catalog.Пользователи'),
	АдресЭП: field.string(100),
	НеЯвляетсяРезидентом: field.boolean(),
});

const ДоговорыКонтрагентов = entity('Catalog', 'ДоговорыКонтрагентов', {
	...catalogStandard(9, 50),
	Code: field.string(9, true),
	...hierarchy('Catalog.ДоговорыКонтрагентов'),
	Owner_Key: field.ref('Catalog.Контрагенты'),
	Организация_Key: field.ref('Catalog.Организации'),
	ВидДоговора: field.enum('ВидыДоговоровКонтрагентов'),
	ВедениеВзаиморасчетов: field.enum('ВедениеВзаиморасчетовПоДоговорам'),
	ВалютаВзаиморасчетов_Key: field.ref('Catalog.Валюты'),
	ТипЦен: field.composite('Catalog.ТипыЦенНоменклатуры', 'Catalog.ТипыЦенНоменклатурыКонтрагентов'),
	ТипЦен_Type: field.type('ТипЦен'),
	ВидУсловийДоговора: field.enum('ВидыУсловийДоговоровВзаиморасчетов'),
	РасчетыВУсловныхЕдиницах: field.boolean(),
	Номер: field.string(20),
	Дата: field.date(),
	СрокДействия: field.date(),
	ПроцентПредоплаты: field.number(5, 2),
	Комментарий: field.string(0),
});

const ТипыЦенНоменклатуры = entity('Catalog', 'ТипыЦенНоменклатуры', {
	...catalogStandard(9, 25),
	Code: field.string(9, true),
	ВалютаЦены_Key: field.ref('Catalog.Валюты'),
	БазовыйТипЦен_Key: field.ref('Catalog.ТипыЦенНоменклатуры'),
	Рассчитывается: field.boolean(),
	ПроцентСкидкиНаценки: field.number(5, 2),
	ЦенаВключаетНДС: field.boolean(),
	ПорядокОкругления: field.enum('ПорядкиОкругления'),
	ОкруглятьВБольшуюСторону: field.boolean(),
	СпособРасчетаЦены: field.enum('СпособыРасчетаЦены'),
	Комментарий: field.string(0),
});

const Организации = entity('Catalog', 'Организации', {
	...catalogStandard(9, 50),
	Code: field.string(9, true),
	Префикс: field.string(3),
	ИНН: field.string(12),
	КПП: field.string(9),
	ОГРН: field.string(15),
	НаименованиеПолное: field.string(0),
	ЮрФизЛицо: field.enum('ЮрФизЛицо'),
	ОсновнойБанковскийСчет_Key: field.ref('Catalog.БанковскиеСчета'),
});

const Валюты = entity('Catalog', 'Валюты', {
	...catalogStandard(3, 10),
	Code: field.string(3, true),
	НаименованиеПолное: field.string(50),
});

const Пользователи = entity('Catalog', 'Пользователи', {
	...catalogStandard(50, 100),
	Code: field.string(50, true),
	...hierarchy('Catalog.Пользователи'),
	ФизЛицо_Key: field.ref('Catalog.ФизическиеЛица'),
});

/**
 * Kinds of contact information (rf-bessome/ut10_3_22_percent: src/Catalogs/ВидыКонтактнойИнформации.xml):
 * the predefined items (`PredefinedDataName`, e.g. `ТелефонКонтрагента`) are what UT's own forms and site
 * exchange write into КонтактнаяИнформация.Вид.
 */
const ВидыКонтактнойИнформации = entity('Catalog', 'ВидыКонтактнойИнформации', {
	...catalogStandard(9, 100),
	Code: field.string(9, true),
	Тип: field.enum('ТипыКонтактнойИнформации'),
	ВидОбъектаКонтактнойИнформации: field.enum('ВидыОбъектовКонтактнойИнформации'),
});

// ---------------------------------------------------------------- documents

function documentStandard(numberLength: number) {
	return {
		Ref_Key: field.guid(),
		DataVersion: field.opaque(),
		DeletionMark: field.boolean(),
		Number: field.string(numberLength, true),
		Date: field.date(),
		Posted: field.boolean(),
	};
}

/** Who sells to whom on which terms: the same header fields in ЗаказПокупателя and РеализацияТоваровУслуг. */
const SALE_TERMS = {
	Организация_Key: field.ref('Catalog.Организации'),
	Контрагент_Key: field.ref('Catalog.Контрагенты'),
	ДоговорКонтрагента_Key: field.ref('Catalog.ДоговорыКонтрагентов'),
	ВалютаДокумента_Key: field.ref('Catalog.Валюты'),
	КурсВзаиморасчетов: field.number(10, 4),
	КратностьВзаиморасчетов: field.int(10),
	ТипЦен_Key: field.ref('Catalog.ТипыЦенНоменклатуры'),
};

/** Quantity and money columns of the Товары and Услуги rows of both sale documents. */
const SALE_ROW_AMOUNTS = {
	Количество: field.number(15, 3),
	Цена: field.number(15, 2),
	Сумма: field.number(15, 2),
	СтавкаНДС: field.enum('СтавкиНДС'),
	СуммаНДС: field.number(15, 2),
	ПроцентСкидкиНаценки: field.number(5, 2),
};

/** The Услуги row both sale documents start with. */
const SERVICE_ROW = {
	LineNumber: field.int(5),
	Номенклатура_Key: field.ref('Catalog.Номенклатура'),
	Содержание: field.string(0),
	...SALE_ROW_AMOUNTS,
};

const ORDER_SET = 'Document_ЗаказПокупателя';

const ЗаказПокупателя = entity(
	'Document',
	'ЗаказПокупателя',
	{
		...documentStandard(11),
		...SALE_TERMS,
		СкладГруппа: field.composite('Catalog.Склады', 'Catalog.ГруппыДоступностиСкладов'),
		СкладГруппа_Type: field.type('СкладГруппа'),
		СуммаДокумента: field.number(15, 2),
		СуммаВключаетНДС: field.boolean(),
		УчитыватьНДС: field.boolean(),
		Комментарий: field.string(0),
		ДатаОтгрузки: field.date(),
		ДатаОплаты: field.date(),
		Ответственный_Key: field.ref('Catalog.Пользователи'),
		Подразделение_Key: field.ref('Catalog.Подразделения'),
		АдресДоставки: field.string(0),
		ДополнениеКАдресуДоставки: field.string(0),
		КонтактноеЛицоКонтрагента_Key: field.ref('Catalog.КонтактныеЛицаКонтрагентов'),
		Грузополучатель_Key: field.ref('Catalog.Контрагенты'),
		ДокументОснование: field.composite('Document.ЗаказПоставщику', 'Document.Событие', 'Document.СчетНаОплатуПокупателю'),
		ДокументОснование_Type: field.type('ДокументОснование'),
		НомерВходящегоДокументаЭлектронногоОбмена: field.string(20),
		ДатаВходящегоДокументаЭлектронногоОбмена: field.date(),
	},
	{
		Товары: tabular(ORDER_SET, 'Товары', {
			LineNumber: field.int(5),
			Номенклатура_Key: field.ref('Catalog.Номенклатура'),
			ХарактеристикаНоменклатуры_Key: field.ref('Catalog.ХарактеристикиНоменклатуры'),
			СерияНоменклатуры_Key: field.ref('Catalog.СерииНоменклатуры'),
			ЕдиницаИзмерения_Key: field.ref('Catalog.ЕдиницыИзмерения'),
			Коэффициент: field.number(10, 3),
			...SALE_ROW_AMOUNTS,
			ПроцентАвтоматическихСкидок: field.number(5, 2),
			Размещение: field.composite('Document.ЗаказПоставщику', 'Document.ВнутреннийЗаказ', 'Catalog.Склады'),
			Размещение_Type: field.type('Размещение'),
			КлючСтроки: field.int(5),
		}),
		Услуги: tabular(ORDER_SET, 'Услуги', {
			...SERVICE_ROW,
			ПроцентАвтоматическихСкидок: field.number(5, 2),
		}),
	},
);

/**
 * Documents a settlement can be about (`Сделка`): one composite of 28 document types, the same in
 * РеализацияТоваровУслуг, the payment documents' РасшифровкаПлатежа and the settlement registers
 * (rf-bessome/ut10_3_22_percent: src/Documents/РеализацияТоваровУслуг.xml, src/AccumulationRegisters/РасчетыСКонтрагентами.xml).
 * Comparing it in `$filter` needs `cast(guid'…','Document_ЗаказПокупателя')`, which older 8.3 platforms refuse;
 * readers use single-type fields (ЗаказыПокупателей.ЗаказПокупателя, Товары.ЗаказПокупателя) where they can.
 */
const DEAL_DOCUMENTS = [
	'АвансовыйОтчет', 'АккредитивПереданный', 'АккредитивПолученный', 'ВозвратТоваровОтПокупателя', 'ВозвратТоваровПоставщику',
	'ВозвратТоваровПоставщикуИзНТТ', 'ЗаказПокупателя', 'ЗаказПоставщику', 'ИнкассовоеПоручениеПереданное', 'ИнкассовоеПоручениеПолученное',
	'КорректировкаДолга', 'КорректировкаДолгаПоВозвратнойТаре', 'ОтчетКомиссионераОПродажах', 'ОтчетКомитентуОПродажах', 'ПлатежноеПоручениеВходящее',
	'ПлатежноеПоручениеИсходящее', 'ПлатежноеТребованиеВыставленное', 'ПлатежноеТребованиеПолученное', 'ПлатежныйОрдерПоступлениеДенежныхСредств',
	'ПлатежныйОрдерСписаниеДенежныхСредств', 'ПоступлениеДопРасходов', 'ПоступлениеТоваровУслуг', 'ПоступлениеТоваровУслугВНТТ', 'ПриходныйКассовыйОрдер',
	'РасходныйКассовыйОрдер', 'РеализацияТоваровУслуг', 'СчетНаОплатуПокупателю', 'СчетНаОплатуПоставщика',
].map((name) => `Document.${name}`);
/** The card payment's РасшифровкаПлатежа.Сделка lists itself instead of ПриходныйКассовыйОрдер (its own .xml). */
const CARD_DEAL_DOCUMENTS = [...DEAL_DOCUMENTS.filter((d) => d !== 'Document.ПриходныйКассовыйОрдер'), 'Document.ОплатаОтПокупателяПлатежнойКартой'];

const SHIPMENT_SET = 'Document_РеализацияТоваровУслуг';

/**
 * Shipment (отгрузка) — rf-bessome/ut10_3_22_percent: src/Documents/РеализацияТоваровУслуг.xml. Rows of Товары/Услуги
 * carry the order they ship (`ЗаказПокупателя`, single type); ПередЗаписью fills it from `Сделка` when the base does
 * not keep orders per row (УправлениеЗаказами.ЗаполнитьЗаказПокупателяВТЧ).
 */
const РеализацияТоваровУслуг = entity(
	'Document',
	'РеализацияТоваровУслуг',
	{
		...documentStandard(11),
		ВидОперации: field.enum('ВидыОперацийРеализацияТоваров'),
		ВидПередачи: field.enum('ВидыПередачиТоваров'),
		...SALE_TERMS,
		Склад_Key: field.ref('Catalog.Склады'),
		Сделка: field.composite(...DEAL_DOCUMENTS),
		Сделка_Type: field.type('Сделка'),
		СуммаДокумента: field.number(15, 2),
		СуммаВключаетНДС: field.boolean(),
		УчитыватьНДС: field.boolean(),
		ОтражатьВУправленческомУчете: field.boolean(),
		Ответственный_Key: field.ref('Catalog.Пользователи'),
		Подразделение_Key: field.ref('Catalog.Подразделения'),
		Комментарий: field.string(0),
	},
	{
		Товары: tabular(SHIPMENT_SET, 'Товары', {
			LineNumber: field.int(5),
			Номенклатура_Key: field.ref('Catalog.Номенклатура'),
			ХарактеристикаНоменклатуры_Key: field.ref('Catalog.ХарактеристикиНоменклатуры'),
			СерияНоменклатуры_Key: field.ref('Catalog.СерииНоменклатуры'),
			Качество_Key: field.ref('Catalog.Качество'),
			ЕдиницаИзмерения_Key: field.ref('Catalog.ЕдиницыИзмерения'),
			Коэффициент: field.number(10, 3),
			...SALE_ROW_AMOUNTS,
			ПроцентАвтоматическихСкидок: field.number(5, 2),
			Склад_Key: field.ref('Catalog.Склады'),
			СпособСписанияОстаткаТоваров: field.enum('СпособыСписанияОстаткаТоваров'),
			ЗаказПокупателя_Key: field.ref('Document.ЗаказПокупателя'),
			КлючСтроки: field.int(5),
		}),
		Услуги: tabular(SHIPMENT_SET, 'Услуги', {
			...SERVICE_ROW,
			ЗаказПокупателя_Key: field.ref('Document.ЗаказПокупателя'),
		}),
	},
);

/** Rows of РасшифровкаПлатежа: which contract and deal (`Сделка`, e.g. a customer order) a payment settles. */
function paymentBreakdown(parentSet: string, deals: string[]) {
	return tabular(parentSet, 'РасшифровкаПлатежа', {
		LineNumber: field.int(5),
		ДоговорКонтрагента_Key: field.ref('Catalog.ДоговорыКонтрагентов'),
		Сделка: field.composite(...deals),
		Сделка_Type: field.type('Сделка'),
		КурсВзаиморасчетов: field.number(10, 4),
		КратностьВзаиморасчетов: field.int(10),
		СуммаПлатежа: field.number(15, 2),
		СуммаВзаиморасчетов: field.number(15, 2),
		СтавкаНДС: field.enum('СтавкиНДС'),
		СуммаНДС: field.number(15, 2),
	});
}

/** Cash receipt — rf-bessome/ut10_3_22_percent: src/Documents/ПриходныйКассовыйОрдер.xml (Контрагент is composite there). */
const ПриходныйКассовыйОрдер = entity(
	'Document',
	'ПриходныйКассовыйОрдер',
	{
		...documentStandard(11),
		ВидОперации: field.enum('ВидыОперацийПКО'),
		Организация_Key: field.ref('Catalog.Организации'),
		Касса_Key: field.ref('Catalog.Кассы'),
		Контрагент: field.composite('Catalog.КассыККМ', 'Catalog.Контрагенты', 'Catalog.Склады', 'Catalog.ФизическиеЛица'),
		Контрагент_Type: field.type('Контрагент'),
		ДоговорКонтрагента_Key: field.ref('Catalog.ДоговорыКонтрагентов'),
		ВалютаДокумента_Key: field.ref('Catalog.Валюты'),
		СуммаДокумента: field.number(15, 2),
		ПринятоОт: field.string(0),
		Основание: field.string(0),
		Оплачено: field.boolean(),
		ОтраженоВОперУчете: field.boolean(),
		ОтражатьВУправленческомУчете: field.boolean(),
		Комментарий: field.string(0),
	},
	{ РасшифровкаПлатежа: paymentBreakdown('Document_ПриходныйКассовыйОрдер', DEAL_DOCUMENTS) },
);

/** Bank receipt — rf-bessome/ut10_3_22_percent: src/Documents/ПлатежноеПоручениеВходящее.xml. */
const ПлатежноеПоручениеВходящее = entity(
	'Document',
	'ПлатежноеПоручениеВходящее',
	{
		...documentStandard(11),
		ВидОперации: field.enum('ВидыОперацийПоступлениеБезналичныхДенежныхСредств'),
		Организация_Key: field.ref('Catalog.Организации'),
		Контрагент_Key: field.ref('Catalog.Контрагенты'),
		ДоговорКонтрагента_Key: field.ref('Catalog.ДоговорыКонтрагентов'),
		ВалютаДокумента_Key: field.ref('Catalog.Валюты'),
		СуммаДокумента: field.number(15, 2),
		НомерВходящегоДокумента: field.string(30),
		ДатаВходящегоДокумента: field.date(),
		ДатаОплаты: field.date(),
		Оплачено: field.boolean(),
		ОтраженоВОперУчете: field.boolean(),
		НазначениеПлатежа: field.string(0),
		Комментарий: field.string(0),
	},
	{ РасшифровкаПлатежа: paymentBreakdown('Document_ПлатежноеПоручениеВходящее', DEAL_DOCUMENTS) },
);

/** Card payment — rf-bessome/ut10_3_22_percent: src/Documents/ОплатаОтПокупателяПлатежнойКартой.xml (no header contract). */
const ОплатаОтПокупателяПлатежнойКартой = entity(
	'Document',
	'ОплатаОтПокупателяПлатежнойКартой',
	{
		...documentStandard(11),
		ВидОперации: field.enum('ВидыОперацийОплатаОтПокупателяПлатежнойКартой'),
		Организация_Key: field.ref('Catalog.Организации'),
		Контрагент_Key: field.ref('Catalog.Контрагенты'),
		ВалютаДокумента_Key: field.ref('Catalog.Валюты'),
		СуммаДокумента: field.number(15, 2),
		ОтражатьВУправленческомУчете: field.boolean(),
		Комментарий: field.string(0),
	},
	{ РасшифровкаПлатежа: paymentBreakdown('Document_ОплатаОтПокупателяПлатежнойКартой', CARD_DEAL_DOCUMENTS) },
);

// ---------------------------------------------------------------- registers

type DimSpec = { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] } | { kind: 'enum'; enum: EnumName } | { kind: 'string'; length: number; fixed: boolean };
type DimSpecs = Readonly<Record<string, DimSpec>>;

/** Columns of a virtual table: reference dimensions as `<Name>_Key`, composites as `<Name>` + `<Name>_Type`, enums as `<Name>`. */
type DimColumns<D extends DimSpecs> = {
	[K in keyof D & string as D[K] extends { kind: 'ref' } ? `${K}_Key` : K]: D[K];
} & { [K in keyof D & string as D[K] extends { kind: 'composite' } ? `${K}_Type` : never]: { kind: 'type'; of: string } };

type ResourceColumns<R extends FieldSpecs> = {
	[K in keyof R & string as R[K] extends { kind: 'ref' } ? `${K}_Key` : K]: R[K];
};

type BalanceColumns<D extends DimSpecs, R extends FieldSpecs> = DimColumns<D> & { [K in keyof R & string as `${K}Balance`]: R[K] };

function dimColumns(dims: DimSpecs): Record<string, FieldSpec> {
	const out: Record<string, FieldSpec> = {};
	for (const [name, spec] of Object.entries(dims)) {
		if (spec.kind === 'ref') out[`${name}_Key`] = spec;
		else if (spec.kind === 'enum') out[name] = spec;
		else if (spec.kind === 'string') out[name] = spec;
		else {
			out[name] = spec;
			out[`${name}_Type`] = field.type(name);
		}
	}
	return out;
}

export interface AccumulationRegisterDef<D extends DimSpecs = DimSpecs, R extends FieldSpecs = FieldSpecs> {
	readonly set: string;
	readonly meta: string;
	readonly kind: 'AccumulationRegister';
	readonly dimensions: D;
	readonly resources: R;
	/** Columns of `Balance` (`Склад_Key`, …, `КоличествоBalance`). */
	readonly balance: { readonly specs: BalanceColumns<D, R>; readonly fields: Names<BalanceColumns<D, R>> };
}

function accumulationRegister<D extends DimSpecs, R extends FieldSpecs>(name: string, dimensions: D, resources: R): AccumulationRegisterDef<D, R> {
	const specs: Record<string, FieldSpec> = dimColumns(dimensions);
	for (const [res, spec] of Object.entries(resources)) specs[`${res}Balance`] = spec;
	return {
		set: `AccumulationRegister_${name}`,
		meta: `AccumulationRegister.${name}`,
		kind: 'AccumulationRegister',
		dimensions,
		resources,
		balance: { specs: specs as BalanceColumns<D, R>, fields: names(specs) as Names<BalanceColumns<D, R>> },
	};
}

type SliceColumns<D extends DimSpecs, R extends FieldSpecs> = { Period: { kind: 'date' } } & DimColumns<D> & ResourceColumns<R>;

export interface InformationRegisterDef<D extends DimSpecs = DimSpecs, R extends FieldSpecs = FieldSpecs> {
	readonly set: string;
	readonly meta: string;
	readonly kind: 'InformationRegister';
	readonly periodic: boolean;
	/** Recorder-subordinate registers expose slices on `<set>_RecordType` (docs/1c-odata.md#virtual-tables). */
	readonly recorderSubordinate: boolean;
	readonly dimensions: D;
	readonly resources: R;
	/** Columns of `SliceLast` (periodic) or of the register set itself (non-periodic, `Period` absent). */
	readonly slice: { readonly specs: SliceColumns<D, R>; readonly fields: Names<SliceColumns<D, R>> };
	/** The register's own record set, readable with `pages`/`readAll` (needs an explicit `orderby`: no Ref_Key). */
	readonly records: { readonly set: string; readonly specs: SliceColumns<D, R>; readonly fields: Names<SliceColumns<D, R>> };
}

function informationRegister<D extends DimSpecs, R extends FieldSpecs>(
	name: string,
	options: { periodic: boolean; recorderSubordinate: boolean },
	dimensions: D,
	resources: R,
): InformationRegisterDef<D, R> {
	const specs: Record<string, FieldSpec> = options.periodic ? { Period: field.date() } : {};
	Object.assign(specs, dimColumns(dimensions));
	for (const [res, spec] of Object.entries(resources)) specs[spec.kind === 'ref' ? `${res}_Key` : res] = spec;
	const columns = { specs: specs as SliceColumns<D, R>, fields: names(specs) as Names<SliceColumns<D, R>> };
	return {
		set: `InformationRegister_${name}`,
		meta: `InformationRegister.${name}`,
		kind: 'InformationRegister',
		...options,
		dimensions,
		resources,
		slice: columns,
		records: { set: `InformationRegister_${name}`, ...columns },
	};
}

const stockDims = {
	Склад: field.ref('Catalog.Склады'),
	Номенклатура: field.ref('Catalog.Номенклатура'),
	Качество: field.ref('Catalog.Качество'),
	ХарактеристикаНоменклатуры: field.ref('Catalog.ХарактеристикиНоменклатуры'),
	СерияНоменклатуры: field.ref('Catalog.СерииНоменклатуры'),
};

const ТоварыНаСкладах = accumulationRegister('ТоварыНаСкладах', stockDims, { Количество: field.number(15, 3) });

const ТоварыВРезервеНаСкладах = accumulationRegister(
	'ТоварыВРезервеНаСкладах',
	{
		Склад: field.ref('Catalog.Склады'),
		Номенклатура: field.ref('Catalog.Номенклатура'),
		ХарактеристикаНоменклатуры: field.ref('Catalog.ХарактеристикиНоменклатуры'),
		ДокументРезерва: field.composite('Document.ЗаказПокупателя', 'Document.ПриходныйОрдерНаТовары', 'Document.ВнутреннийЗаказ'),
		СерияНоменклатуры: field.ref('Catalog.СерииНоменклатуры'),
	},
	{ Количество: field.number(15, 3) },
);

const ТоварыКПередачеСоСкладов = accumulationRegister(
	'ТоварыКПередачеСоСкладов',
	{
		...stockDims,
		ДокументПередачи: field.composite('Document.ВозвратТоваровПоставщику', 'Document.ПеремещениеТоваров', 'Document.РеализацияТоваровУслуг'),
		ДокументРезерва: field.composite('Document.ЗаказПокупателя', 'Document.ПриходныйОрдерНаТовары', 'Document.ВнутреннийЗаказ'),
	},
	{ Количество: field.number(15, 3) },
);

const ТоварыВРознице = accumulationRegister('ТоварыВРознице', stockDims, {
	Количество: field.number(15, 3),
	СуммаПродажная: field.number(15, 2),
});

/**
 * Goods of НТТ warehouses (non-automated retail points): UT 10.3 posts them here, by retail price, not to ТоварыВРознице
 * (rf-bessome/ut10_3_22_percent: src/AccumulationRegisters/ТоварыВНТТ.xml; written by
 * src/Documents/ПоступлениеТоваровУслугВНТТ/Ext/ObjectModule.bsl and ПеремещениеТоваров). Its dimensions ТоварТара
 * and ЦенаВРознице are aggregated away by every read here, so the model leaves them out.
 */
const ТоварыВНТТ = accumulationRegister(
	'ТоварыВНТТ',
	{
		Склад: field.ref('Catalog.Склады'),
		Номенклатура: field.ref('Catalog.Номенклатура'),
		ХарактеристикаНоменклатуры: field.ref('Catalog.ХарактеристикиНоменклатуры'),
		СерияНоменклатуры: field.ref('Catalog.СерииНоменклатуры'),
	},
	{ Количество: field.number(15, 3) },
);

/**
 * Physical records of an accumulation register (`<register>_RecordType`): one row per movement with its recorder
 * (composite `Recorder` + `Recorder_Type`), `RecordType` "Receipt"/"Expense", `Active`, dimensions and resources.
 * Only posted documents have movements (unposting removes them). Read with `pages`/`readAll`, ordered by
 * `Recorder`, `LineNumber` (no Ref_Key). Columns besides the standard ones name dimensions or resources.
 */
export interface AccumulationRecordsDef<S extends FieldSpecs = FieldSpecs> {
	readonly set: string;
	readonly specs: S;
	readonly fields: Names<S>;
}

const RECORD_STANDARD = {
	Recorder: field.composite(),
	Recorder_Type: field.type('Recorder'),
	Period: field.date(),
	LineNumber: field.int(10),
	Active: field.boolean(),
	/** "Receipt" or "Expense". */
	RecordType: field.opaque(),
};

function withRecords<D extends DimSpecs, R extends FieldSpecs, C extends FieldSpecs>(register: AccumulationRegisterDef<D, R>, columns: C) {
	const specs = { ...RECORD_STANDARD, ...columns };
	const records: AccumulationRecordsDef<typeof specs> = { set: `${register.set}_RecordType`, specs, fields: names(specs) };
	return { ...register, records };
}

/**
 * What is left to ship of each customer order — rf-bessome/ut10_3_22_percent: src/AccumulationRegisters/ЗаказыПокупателей.xml.
 * The order's posting writes a Receipt per row, shipments (РеализацияТоваровУслуг) and closings write Expenses.
 */
const ЗаказыПокупателей = withRecords(
	accumulationRegister(
		'ЗаказыПокупателей',
		{
			ДоговорКонтрагента: field.ref('Catalog.ДоговорыКонтрагентов'),
			ЗаказПокупателя: field.ref('Document.ЗаказПокупателя'),
			Номенклатура: field.ref('Catalog.Номенклатура'),
			ХарактеристикаНоменклатуры: field.ref('Catalog.ХарактеристикиНоменклатуры'),
			ЕдиницаИзмерения: field.ref('Catalog.ЕдиницыИзмерения'),
		},
		{ Количество: field.number(15, 3), СуммаВзаиморасчетов: field.number(15, 2), СуммаУпр: field.number(15, 2) },
	),
	{
		ДоговорКонтрагента_Key: field.ref('Catalog.ДоговорыКонтрагентов'),
		ЗаказПокупателя_Key: field.ref('Document.ЗаказПокупателя'),
		СтатусПартии: field.enum('СтатусыПартийТоваров'),
		Номенклатура_Key: field.ref('Catalog.Номенклатура'),
		ХарактеристикаНоменклатуры_Key: field.ref('Catalog.ХарактеристикиНоменклатуры'),
		Цена: field.number(15, 2),
		ЕдиницаИзмерения_Key: field.ref('Catalog.ЕдиницыИзмерения'),
		Количество: field.number(15, 3),
		СуммаВзаиморасчетов: field.number(15, 2),
		СуммаУпр: field.number(15, 2),
	},
);

const settlementDims = {
	ДоговорКонтрагента: field.ref('Catalog.ДоговорыКонтрагентов'),
	Сделка: field.composite(...DEAL_DOCUMENTS),
	Организация: field.ref('Catalog.Организации'),
	Контрагент: field.ref('Catalog.Контрагенты'),
};
const settlementResources = { СуммаВзаиморасчетов: field.number(15, 2), СуммаУпр: field.number(15, 2) };
const settlementColumns = {
	ДоговорКонтрагента_Key: field.ref('Catalog.ДоговорыКонтрагентов'),
	Сделка: field.composite(...DEAL_DOCUMENTS),
	Сделка_Type: field.type('Сделка'),
	Организация_Key: field.ref('Catalog.Организации'),
	Контрагент_Key: field.ref('Catalog.Контрагенты'),
	СуммаВзаиморасчетов: field.number(15, 2),
	СуммаУпр: field.number(15, 2),
};

/**
 * Amounts due per deal — rf-bessome/ut10_3_22_percent: src/AccumulationRegisters/РасчетыСКонтрагентами.xml. A posted
 * customer order writes a Receipt of its total with `Сделка` = the order (ЗаказПокупателя ObjectModule,
 * ДвиженияПоРасчетамСКонтрагентами); payments settling it write Expenses (УправлениеДенежнымиСредствами.
 * ПровестиПоступлениеДенежныхСредствУпр); shipments against an order write none (УправлениеВзаиморасчетами.ПодготовитьТаблицуПоРасчетам).
 */
const РасчетыСКонтрагентами = withRecords(accumulationRegister('РасчетыСКонтрагентами', settlementDims, settlementResources), {
	...settlementColumns,
	РасчетыВозврат: field.enum('РасчетыВозврат'),
});

/** Mutual settlements (debt) — rf-bessome/ut10_3_22_percent: src/AccumulationRegisters/ВзаиморасчетыСКонтрагентами.xml. */
const ВзаиморасчетыСКонтрагентами = withRecords(accumulationRegister('ВзаиморасчетыСКонтрагентами', settlementDims, settlementResources), settlementColumns);

const ЦеныНоменклатуры = informationRegister(
	'ЦеныНоменклатуры',
	{ periodic: true, recorderSubordinate: true },
	{
		ТипЦен: field.ref('Catalog.ТипыЦенНоменклатуры'),
		Номенклатура: field.ref('Catalog.Номенклатура'),
		ХарактеристикаНоменклатуры: field.ref('Catalog.ХарактеристикиНоменклатуры'),
	},
	{
		Цена: field.number(15, 2),
		Валюта: field.ref('Catalog.Валюты'),
		ЕдиницаИзмерения: field.ref('Catalog.ЕдиницыИзмерения'),
		ПроцентСкидкиНаценки: field.number(5, 2),
		СпособРасчетаЦены: field.enum('СпособыРасчетаЦены'),
	},
);

const КурсыВалют = informationRegister(
	'КурсыВалют',
	{ periodic: true, recorderSubordinate: false },
	{ Валюта: field.ref('Catalog.Валюты') },
	{ Курс: field.number(10, 4), Кратность: field.int(10) },
);

/**
 * Barcodes; keep rows whose owner is an item. `Штрихкод` is characteristic-typed, but the chart ТипыШтрихкодов has a
 * single type, String(200) (rf-bessome/ut10_3_22_percent: src/ChartsOfCharacteristicTypes/ТипыШтрихкодов.xml), so a
 * real base publishes a plain string without `Штрихкод_Type`; reads never select the `_Type`, so either form reads.
 */
const Штрихкоды = informationRegister(
	'Штрихкоды',
	{ periodic: false, recorderSubordinate: false },
	{
		Штрихкод: field.string(200),
		Владелец: field.composite('Catalog.Номенклатура', 'Catalog.ИнформационныеКарты'),
		ТипШтрихкода: field.ref('ChartOfCharacteristicTypes.ТипыШтрихкодов'),
		ЕдиницаИзмерения: field.ref('Catalog.ЕдиницыИзмерения'),
		ХарактеристикаНоменклатуры: field.ref('Catalog.ХарактеристикиНоменклатуры'),
		СерияНоменклатуры: field.ref('Catalog.СерииНоменклатуры'),
		Качество: field.ref('Catalog.Качество'),
	},
	{},
);

/**
 * Contact information of counterparties (and other objects): an independent register keyed by
 * (Объект, Тип, Вид). `Вид` is a ВидыКонтактнойИнформации item or a free string(50) — a kind of its own for
 * one object, which UT's forms show in a different colour (rf-bessome/ut10_3_22_percent:
 * src/InformationRegisters/КонтактнаяИнформация/Ext/Help/ru.html; src/CommonModules/УправлениеКонтактнойИнформацией,
 * КонтактнаяИнформацияСписокПриВыводеСтроки). Phones live only here; e-mails also in Контрагенты.АдресЭП.
 */
const КонтактнаяИнформация = informationRegister(
	'КонтактнаяИнформация',
	{ periodic: false, recorderSubordinate: false },
	{
		Объект: field.composite(
			'Catalog.Организации',
			'Catalog.Пользователи',
			'Catalog.Контрагенты',
			'Catalog.КонтактныеЛица',
			'Catalog.Склады',
			'Catalog.ФизическиеЛица',
			'Catalog.КонтактныеЛицаКонтрагентов',
			'Catalog.ЛичныеКонтакты',
		),
		Тип: field.enum('ТипыКонтактнойИнформации'),
		Вид: field.composite('Catalog.ВидыКонтактнойИнформации'),
	},
	{
		Представление: field.string(0),
		Поле1: field.string(100),
		Поле2: field.string(100),
		Поле3: field.string(100),
		Поле4: field.string(100),
		Комментарий: field.string(0),
		ЗначениеПоУмолчанию: field.boolean(),
	},
);

/** The UT 10.3 objects this package uses. */
export const UT = {
	Catalog_Номенклатура: Номенклатура,
	Catalog_ХарактеристикиНоменклатуры: ХарактеристикиНоменклатуры,
	Catalog_ЕдиницыИзмерения: ЕдиницыИзмерения,
	Catalog_КлассификаторЕдиницИзмерения: КлассификаторЕдиницИзмерения,
	Catalog_Склады: Склады,
	Catalog_Контрагенты: Контрагенты,
	Catalog_ДоговорыКонтрагентов: ДоговорыКонтрагентов,
	Catalog_ТипыЦенНоменклатуры: ТипыЦенНоменклатуры,
	Catalog_Организации: Организации,
	Catalog_Валюты: Валюты,
	Catalog_Пользователи: Пользователи,
	Catalog_ВидыКонтактнойИнформации: ВидыКонтактнойИнформации,
	Document_ЗаказПокупателя: ЗаказПокупателя,
	Document_РеализацияТоваровУслуг: РеализацияТоваровУслуг,
	Document_ПриходныйКассовыйОрдер: ПриходныйКассовыйОрдер,
	Document_ПлатежноеПоручениеВходящее: ПлатежноеПоручениеВходящее,
	Document_ОплатаОтПокупателяПлатежнойКартой: ОплатаОтПокупателяПлатежнойКартой,
	AccumulationRegister_ТоварыНаСкладах: ТоварыНаСкладах,
	AccumulationRegister_ТоварыВРезервеНаСкладах: ТоварыВРезервеНаСкладах,
	AccumulationRegister_ТоварыКПередачеСоСкладов: ТоварыКПередачеСоСкладов,
	AccumulationRegister_ТоварыВРознице: ТоварыВРознице,
	AccumulationRegister_ТоварыВНТТ: ТоварыВНТТ,
	AccumulationRegister_ЗаказыПокупателей: ЗаказыПокупателей,
	AccumulationRegister_РасчетыСКонтрагентами: РасчетыСКонтрагентами,
	AccumulationRegister_ВзаиморасчетыСКонтрагентами: ВзаиморасчетыСКонтрагентами,
	InformationRegister_ЦеныНоменклатуры: ЦеныНоменклатуры,
	/** Exchange rates are a periodic register in UT 10.3 (there is no Catalog_КурсыВалют). */
	InformationRegister_КурсыВалют: КурсыВалют,
	InformationRegister_Штрихкоды: Штрихкоды,
	InformationRegister_КонтактнаяИнформация: КонтактнаяИнформация,
	enums: ENUMS,
} as const;

/**
 * Entity sets the package needs in the OData composition. ТоварыКПередачеСоСкладов is optional
 * (only for "free stock" net of transfers) and КурсыВалют only for foreign-currency price types.
 */
export const REQUIRED_SETS: readonly string[] = [
	UT.Catalog_Организации.set,
	UT.Catalog_Номенклатура.set,
	UT.Catalog_ХарактеристикиНоменклатуры.set,
	UT.Catalog_ЕдиницыИзмерения.set,
	UT.Catalog_КлассификаторЕдиницИзмерения.set,
	UT.Catalog_Склады.set,
	UT.Catalog_Контрагенты.set,
	UT.Catalog_ДоговорыКонтрагентов.set,
	UT.Catalog_ТипыЦенНоменклатуры.set,
	UT.Catalog_Валюты.set,
	UT.Catalog_Пользователи.set,
	UT.Document_ЗаказПокупателя.set,
	UT.AccumulationRegister_ТоварыНаСкладах.set,
	UT.AccumulationRegister_ТоварыВРезервеНаСкладах.set,
	UT.AccumulationRegister_ТоварыВРознице.set,
	UT.InformationRegister_ЦеныНоменклатуры.set,
	UT.InformationRegister_Штрихкоды.set,
];

/** Sets only some set-ups need, with what needs them (read by the setup check and README's composition list). */
export const OPTIONAL_SETS: Readonly<Record<string, string>> = {
	[UT.AccumulationRegister_ТоварыКПередачеСоСкладов.set]: '"Free Stock" (stock net of goods to be shipped)',
	[UT.AccumulationRegister_ТоварыВНТТ.set]: 'stock of НТТ warehouses',
	[UT.InformationRegister_КурсыВалют.set]: 'foreign-currency price types and order currencies',
	InformationRegister_КонтактнаяИнформация: 'finding buyers by phone or e-mail kept in contact information',
	[UT.Catalog_ВидыКонтактнойИнформации.set]: 'the phones and e-mails of new buyers under UT\'s own kinds (without it they are written with a kind given as text)',
};
/**
 * Sets the order-progress read needs on top of REQUIRED_SETS (shipments, payments and the two registers), with what
 * needs them (read by the setup check, which warns about each missing one); the payment documents a base does not
 * use may be left out of the composition.
 */
export const PROGRESS_SETS: Readonly<Record<string, string>> = {
	[UT.Document_РеализацияТоваровУслуг.set]: 'the order progress (shipments); the orders template also tells shipped orders apart with it',
	[UT.AccumulationRegister_ЗаказыПокупателей.set]: 'the order progress (open and shipped orders); the orders template also tells shipped orders apart with it',
	[UT.AccumulationRegister_РасчетыСКонтрагентами.set]: 'the order progress (payments)',
	[UT.Document_ПриходныйКассовыйОрдер.set]: 'the order progress (cash payments), and only if your base takes payments with this document',
	[UT.Document_ПлатежноеПоручениеВходящее.set]: 'the order progress (bank transfers), and only if your base takes payments with this document',
	[UT.Document_ОплатаОтПокупателяПлатежнойКартой.set]: 'the order progress (card payments), and only if your base takes payments with this document',
};

/** `_Type` value of a reference to an entity set: `StandardODATA.Catalog_Склады`. */
export function odataTypeName(set: string): string {
	return `StandardODATA.${set}`;
}

export const UNDEFINED_TYPE = 'StandardODATA.Undefined';
