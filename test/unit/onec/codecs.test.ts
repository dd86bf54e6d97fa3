import { EMPTY_DATE, EMPTY_GUID, compositeRef, dateCodec, intCodec, refCodec, rowSchema, stringCodec, encodeField } from '../../../nodes/core/onec/codecs';
import { encodeEntityBody } from '../../../nodes/core/onec/client';
import { basicAuthHeader } from '../../../nodes/core/onec/auth';
import { UT } from '../../../nodes/core/onec/model';

const G = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const G2 = '11111111-2222-4333-8444-555555555555';

describe('decoding 1C values', () => {
	it('reads Int64 strings and Int16 numbers as integers', () => {
		expect(intCodec.parse('1')).toBe(1);
		expect(intCodec.parse(7)).toBe(7);
		expect(intCodec.safeParse('1.5').success).toBe(false);
		expect(intCodec.safeParse('abc').success).toBe(false);
	});

	it('turns the empty GUID and empty date into null', () => {
		expect(refCodec.parse(EMPTY_GUID)).toBeNull();
		expect(refCodec.parse(G.toUpperCase())).toBe(G);
		expect(refCodec.safeParse('not-a-guid').success).toBe(false);
		expect(dateCodec.parse(EMPTY_DATE)).toBeNull();
		expect(dateCodec.parse('2024-05-01T10:20:30')).toBe('2024-05-01T10:20:30');
		// Never shifted through a time zone.
		expect(dateCodec.parse('2024-05-01T23:30:00.000')).toBe('2024-05-01T23:30:00');
	});

	it('trims space padding of fixed-length strings', () => {
		expect(stringCodec.parse('00000000797')).toBe('00000000797');
		expect(stringCodec.parse('шт       ')).toBe('шт');
		expect(stringCodec.parse('           ')).toBe('');
	});

	it('decodes a whole row with the model (refs, enums, composites, Int64, dates)', () => {
		const d = UT.Document_ЗаказПокупателя;
		const schema = rowSchema(d.specs, ['Ref_Key', 'Number', 'Контрагент_Key', 'КратностьВзаиморасчетов', 'СкладГруппа', 'СкладГруппа_Type', 'ДатаОтгрузки', 'ДокументОснование_Type', 'Posted']);
		const row = schema.parse({
			Ref_Key: G,
			Number: 'ТД000000054',
			Контрагент_Key: EMPTY_GUID,
			КратностьВзаиморасчетов: '1',
			СкладГруппа: G2,
			СкладГруппа_Type: 'StandardODATA.Catalog_Склады',
			ДатаОтгрузки: EMPTY_DATE,
			ДокументОснование_Type: 'StandardODATA.Undefined',
			Posted: true,
			'СкладГруппа@navigationLinkUrl': 'ignored',
		});
		expect(row).toEqual({
			Ref_Key: G,
			Number: 'ТД000000054',
			Контрагент_Key: null,
			КратностьВзаиморасчетов: 1,
			СкладГруппа: G2,
			СкладГруппа_Type: 'StandardODATA.Catalog_Склады',
			ДатаОтгрузки: null,
			ДокументОснование_Type: null,
			Posted: true,
		});
		const item = rowSchema(UT.Catalog_Номенклатура.specs, ['СтавкаНДС', 'Code']).parse({ СтавкаНДС: '', Code: '00000000797' });
		expect(item).toEqual({ СтавкаНДС: null, Code: '00000000797' });
	});
});

describe('encoding writes', () => {
	it('writes composites as value plus _Type, empty as Undefined', () => {
		const out: Record<string, unknown> = {};
		encodeField('СкладГруппа', UT.Document_ЗаказПокупателя.specs.СкладГруппа, compositeRef(UT.Catalog_Склады.set, G), out);
		encodeField('ДокументОснование', UT.Document_ЗаказПокупателя.specs.ДокументОснование, null, out);
		expect(out).toEqual({ СкладГруппа: G, СкладГруппа_Type: 'StandardODATA.Catalog_Склады', ДокументОснование: '', ДокументОснование_Type: 'StandardODATA.Undefined' });
	});

	it('sends Int64 as strings, null refs as the empty GUID, null dates as the empty date', () => {
		const body = encodeEntityBody(UT.Document_ЗаказПокупателя, {
			КратностьВзаиморасчетов: 1,
			Ответственный_Key: null,
			ДатаОплаты: null,
			КурсВзаиморасчетов: 1,
			Ref_Key: G,
		});
		expect(body).toEqual({ КратностьВзаиморасчетов: '1', Ответственный_Key: EMPTY_GUID, ДатаОплаты: EMPTY_DATE, КурсВзаиморасчетов: 1 });
	});

	it('numbers tabular rows 1..n (as Int64 strings) and ignores caller LineNumbers', () => {
		const body = encodeEntityBody(UT.Document_ЗаказПокупателя, {
			Товары: [
				{ LineNumber: 7, Номенклатура_Key: G, Количество: 2, Цена: 300, Сумма: 600, СтавкаНДС: 'НДС20', Размещение: compositeRef('Catalog_Склады', G2) },
				{ Номенклатура_Key: G2, Количество: 1, Цена: 300, Сумма: 300, СтавкаНДС: 'БезНДС' },
			],
			Услуги: [{ Номенклатура_Key: G, Содержание: 'Доставка', Количество: 1, Цена: 300, Сумма: 300 }],
		} as never);
		const rows = body['Товары'] as Array<Record<string, unknown>>;
		expect(rows.map((r) => r.LineNumber)).toEqual(['1', '2']);
		expect(rows[0]).toMatchObject({ Размещение: G2, Размещение_Type: 'StandardODATA.Catalog_Склады', СтавкаНДС: 'НДС20' });
		expect((body['Услуги'] as Array<Record<string, unknown>>)[0].LineNumber).toBe('1');
	});

	it('refuses what 1C would silently mangle or reject', () => {
		expect(() => encodeEntityBody(UT.Document_ЗаказПокупателя, { Number: 'ЦРМ0000054881' })).toThrow('longer than 11');
		expect(() => encodeEntityBody(UT.Document_ЗаказПокупателя, { Posted: true })).toThrow('Posted cannot be written');
		expect(() => encodeEntityBody(UT.Document_ЗаказПокупателя, { Склад_Key: G } as never)).toThrow('not a field');
		expect(() => encodeEntityBody(UT.Document_ЗаказПокупателя, { Товары: [{ СтавкаНДС: 'НДС99' }] } as never)).toThrow('not a value of СтавкиНДС');
		expect(() => encodeEntityBody(UT.Document_ЗаказПокупателя, { Контрагент_Key: 'x' })).toThrow('not a GUID');
		expect(() => encodeEntityBody(UT.Document_ЗаказПокупателя, { Date: '2024-06-01T12:30:00Z' })).toThrow('local date-time');
	});
});

describe('basicAuthHeader', () => {
	it('encodes user:password as UTF-8 base64 (Cyrillic logins)', () => {
		expect(basicAuthHeader('Администратор', 'sandbox')).toBe(`Basic ${Buffer.from('Администратор:sandbox', 'utf8').toString('base64')}`);
		expect(basicAuthHeader('a', 'b')).toBe('Basic YTpi');
		expect(basicAuthHeader('ab', 'c€😀')).toBe(`Basic ${Buffer.from('ab:c€😀', 'utf8').toString('base64')}`);
	});
});

describe('bodies already in wire form (as core/sync builds them)', () => {
	it('keeps string composites with their explicit _Type, and renumbers rows', () => {
		const body = encodeEntityBody(UT.Document_ЗаказПокупателя, {
			КратностьВзаиморасчетов: '1',
			СкладГруппа: G,
			СкладГруппа_Type: 'StandardODATA.Catalog_Склады',
			Товары: [
				{ LineNumber: '1', Номенклатура_Key: G2, ХарактеристикаНоменклатуры_Key: EMPTY_GUID, Размещение: '', Размещение_Type: 'StandardODATA.Undefined', Количество: 1, Цена: 300, Сумма: 300 },
				{ LineNumber: '2', Номенклатура_Key: G2, Размещение: G, Размещение_Type: 'StandardODATA.Catalog_Склады', Количество: 1, Цена: 300, Сумма: 300 },
			],
		} as never);
		expect(body).toMatchObject({ КратностьВзаиморасчетов: '1', СкладГруппа: G, СкладГруппа_Type: 'StandardODATA.Catalog_Склады' });
		const rows = body['Товары'] as Array<Record<string, unknown>>;
		expect(rows[0]).toMatchObject({ LineNumber: '1', ХарактеристикаНоменклатуры_Key: EMPTY_GUID, Размещение: '', Размещение_Type: 'StandardODATA.Undefined' });
		expect(rows[1]).toMatchObject({ LineNumber: '2', Размещение: G, Размещение_Type: 'StandardODATA.Catalog_Склады' });
	});

	it('refuses a composite GUID without its _Type', () => {
		expect(() => encodeEntityBody(UT.Document_ЗаказПокупателя, { СкладГруппа: G })).toThrow('СкладГруппа is given without СкладГруппа_Type');
	});
});
