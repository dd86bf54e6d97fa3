import { EMPTY, I, orderBody, row } from './order-bodies';
import { odataError, odataPath, startClient, type Client, type Res } from './helpers';

/** docs/1c-odata.md#writes: POST/PATCH semantics, tabular rows, numbering, СуммаДокумента, DELETE. */
let c: Client;
beforeAll(async () => {
	c = await startClient();
});
afterAll(() => c.sb.close());
beforeEach(async () => {
	await c.control('POST', 'reset', { fixture: 'seed' });
	await c.control('POST', 'config', { nodePrefix: '', strictPosted: false, rejectUnknownWriteProperties: false, patchAnswer: 'entity', int64Numbers: 'ignored' });
});

describe('POST', () => {
	it('creates a catalog item: 201, Location, generated Ref_Key and zero-padded Code, defaults', async () => {
		const r = await c.post('Catalog_Контрагенты', { Description: 'Новый клиент', ЮрФизЛицо: 'ФизЛицо', Покупатель: true, Parent_Key: I.counterparties.buyersFolder });
		expect(r.status).toBe(201);
		const o = JSON.parse(r.data);
		expect(o['odata.metadata']).toMatch(/#Catalog_Контрагенты\/@Element$/);
		expect(o.Ref_Key).toMatch(/^[0-9a-f-]{36}$/);
		expect(o.Code).toBe('000000005');
		expect(o.ИНН).toBe('');
		expect(o.Поставщик).toBe(false);
		expect(o.DeletionMark).toBe(false);
		expect(o.ГоловнойКонтрагент_Key).toBe(o.Ref_Key);
		expect(Buffer.from(r.headers.location, 'latin1').toString('utf8')).toBe(`${c.sb.url}Catalog_Контрагенты(guid'${o.Ref_Key}')`);
		const back = await c.json(`Catalog_Контрагенты(guid'${o.Ref_Key}')`);
		expect(back.Description).toBe('Новый клиент');
	});

	it('keeps an explicit catalog Code and refuses a duplicate one (checkUnique) with 500 code -1', async () => {
		const a = await c.post('Catalog_Контрагенты', { Description: 'с кодом', Code: 'CRM-1' });
		expect(JSON.parse(a.data).Code).toBe('CRM-1    ');
		const dup = await c.post('Catalog_Контрагенты', { Description: 'дубль', Code: 'crm-1' });
		expect(dup.status).toBe(500);
		expect(odataError(dup)).toEqual({ code: '-1', message: expect.stringContaining('не уникально') });
	});

	it('silently ignores unknown properties and truncates long strings', async () => {
		const r = await c.post('Catalog_Контрагенты', { Description: 'Я'.repeat(150), Телефон: '+79990000000', ИНН: '1234567890123456' });
		expect(r.status).toBe(201);
		const o = JSON.parse(r.data);
		expect(o.Description).toHaveLength(100);
		expect(o.ИНН).toBe('123456789012');
		expect(o).not.toHaveProperty('Телефон');
	});

	it('refuses a composite whose _Type is outside the attribute\'s types with 400 code 1 (СкладГруппа: an item; Размещение: a warehouse group)', async () => {
		const header = await c.post('Document_ЗаказПокупателя', orderBody({ СкладГруппа: I.items.jeans48, СкладГруппа_Type: 'StandardODATA.Catalog_Номенклатура' }));
		expect(header.status).toBe(400);
		expect(odataError(header)).toEqual({ code: '1', message: expect.stringContaining('СкладГруппа_Type') });
		const rowType = await c.post('Document_ЗаказПокупателя', orderBody({ Товары: [row(1, { Размещение_Type: 'StandardODATA.Catalog_ГруппыДоступностиСкладов' })] }));
		expect(rowType.status).toBe(400);
		expect(odataError(rowType)).toEqual({ code: '1', message: expect.stringContaining('Размещение_Type') });
		const primitive = await c.post('Document_ЗаказПокупателя', orderBody({ СкладГруппа: 'склад', СкладГруппа_Type: 'Edm.String' }));
		expect(primitive.status).toBe(400);
		// the allowed ones, and an empty (Undefined) value, are taken
		const group = await c.post('Document_ЗаказПокупателя', orderBody({ СкладГруппа: I.warehouses.main, СкладГруппа_Type: 'StandardODATA.Catalog_ГруппыДоступностиСкладов', Товары: [row(1)] }));
		expect(group.status).toBe(201);
		const none = await c.post('Document_ЗаказПокупателя', orderBody({ СкладГруппа: '', СкладГруппа_Type: 'StandardODATA.Undefined' }));
		expect(none.status).toBe(201);
	});

	it('refuses a date with a zone, a date alone or without seconds with 400 code 1 (only YYYY-MM-DDTHH:MM:SS is taken)', async () => {
		for (const date of ['2024-06-20T12:30:00+05:00', '2024-06-20T12:30:00Z', '2024-06-20', '2024-06-20T12:30']) {
			const r = await c.post('Document_ЗаказПокупателя', orderBody({ Date: date }));
			expect([date, r.status, odataError(r).code]).toEqual([date, 400, '1']);
		}
		const ok = await c.post('Document_ЗаказПокупателя', orderBody({ Date: '2024-06-20T12:30:00' }));
		expect(JSON.parse(ok.data).Date).toBe('2024-06-20T12:30:00');
	});

	it('rejects unknown write properties with 400 code 6 only in strict mode', async () => {
		await c.control('POST', 'config', { rejectUnknownWriteProperties: true });
		const r = await c.post('Catalog_Контрагенты', { Description: 'x', Телефон: '1' });
		expect(r.status).toBe(400);
		expect(odataError(r)).toEqual({ code: '6', message: expect.stringContaining('Телефон') });
	});

	it('answers an unparsable GUID or boolean with 400 code 1', async () => {
		const g = await c.post('Catalog_Контрагенты', { Description: 'x', Parent_Key: 'not-a-guid' });
		expect(g.status).toBe(400);
		expect(odataError(g).code).toBe('1');
		const b = await c.post('Catalog_Контрагенты', { Description: 'x', Покупатель: 'да' });
		expect(b.status).toBe(400);
		expect(odataError(b).code).toBe('1');
	});

	it('keeps a number at its attribute\'s scale: Цена, Сумма Number(15,2), Количество Number(15,3), КурсВзаиморасчетов Number(10,4); СуммаДокумента from the stored sums', async () => {
		const r = await c.post('Document_ЗаказПокупателя', orderBody({ КурсВзаиморасчетов: 1.23456, Товары: [row(1, { Количество: 1.23456, Цена: 10.005, Сумма: 12.3449, СуммаНДС: 2.0575 })] }));
		expect(r.status).toBe(201);
		const o = JSON.parse(r.data);
		expect(o.КурсВзаиморасчетов).toBe(1.2346);
		expect(o.Товары[0]).toMatchObject({ Количество: 1.235, Цена: 10.01, Сумма: 12.34, СуммаНДС: 2.06 });
		expect(o.СуммаДокумента).toBe(12.34);
		const back = await c.json(`Document_ЗаказПокупателя(guid'${o.Ref_Key}')`);
		expect(back.Товары).toEqual([expect.objectContaining({ Количество: 1.235, Сумма: 12.34 })]);
	});

	it('answers an unknown enum value or an unparsable date/number with 400 code 1, takes Int64 as a string and ignores it as a JSON number', async () => {
		const e = await c.post('Catalog_Контрагенты', { Description: 'x', ЮрФизЛицо: 'ИП' });
		expect(odataError(e).code).toBe('1');
		const d = await c.post('Document_ЗаказПокупателя', orderBody({ ДатаОтгрузки: '31.12.2024' }));
		expect(odataError(d).code).toBe('1');
		const n = await c.post('Document_ЗаказПокупателя', orderBody({ КурсВзаиморасчетов: 'один' }));
		expect(odataError(n).code).toBe('1');
		const asString = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody({ КратностьВзаиморасчетов: '1' }))).data);
		expect(asString.КратностьВзаиморасчетов).toBe('1');
		const asNumber = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody({ КратностьВзаиморасчетов: 1 }))).data);
		expect(asNumber.КратностьВзаиморасчетов).toBe('0');
		// a PATCH with a number leaves the stored value as it was
		const patched = JSON.parse((await c.patch(`Document_ЗаказПокупателя(guid'${asString.Ref_Key}')`, { КратностьВзаиморасчетов: 5 })).data);
		expect(patched.КратностьВзаиморасчетов).toBe('1');
		// the kinder switch takes the number
		await c.control('POST', 'config', { int64Numbers: 'accepted' });
		const accepted = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody({ КратностьВзаиморасчетов: 1 }))).data);
		expect(accepted.КратностьВзаиморасчетов).toBe('1');
	});

	it('answers a POST without $format=json in Atom, still creating the object', async () => {
		const r = await c.raw('POST', encodeURI('Catalog_Контрагенты'), { Description: 'атом' });
		expect(r.status).toBe(201);
		expect(r.headers['content-type']).toMatch(/atom\+xml/);
		expect(() => JSON.parse(r.data)).toThrow();
		expect((await c.json('Catalog_Контрагенты', { $filter: "Description eq 'атом'" })).value).toHaveLength(1);
	});

	it('answers malformed JSON with 500 code -1', async () => {
		const r = await c.raw('POST', odataPath('Catalog_Контрагенты'), '{"Description": "x",', { 'content-type': 'application/json' });
		expect(r.status).toBe(500);
		expect(odataError(r)).toEqual({ code: '-1', message: expect.stringContaining('Непредвиденный символ при чтении JSON') });
	});

	it('answers a tabular row without LineNumber with 500', async () => {
		const r = await c.post('Document_ЗаказПокупателя', orderBody({ Товары: [row(undefined)] }));
		expect(r.status).toBe(500);
		expect(odataError(r).code).toBe('-1');
	});

	it('answers rows not numbered 1..n with 400', async () => {
		const start2 = await c.post('Document_ЗаказПокупателя', orderBody({ Товары: [row(2)] }));
		expect(start2.status).toBe(400);
		const gap = await c.post('Document_ЗаказПокупателя', orderBody({ Товары: [row(1), row(3)] }));
		expect(gap.status).toBe(400);
		const ok = await c.post('Document_ЗаказПокупателя', orderBody({ Товары: [row('1'), row('2')] }));
		expect(ok.status).toBe(201);
		expect(JSON.parse(ok.data).Товары.map((t: any) => t.LineNumber)).toEqual(['1', '2']);
	});

	it('refuses creating tabular rows directly with 400 code 13', async () => {
		const r = await c.post('Document_ЗаказПокупателя_Товары', { Ref_Key: I.orders.existing, ...row(2) });
		expect(r.status).toBe(400);
		expect(odataError(r).code).toBe('13');
	});

	it('ignores Posted in the body (or rejects it in strict mode)', async () => {
		const r = await c.post('Document_ЗаказПокупателя', orderBody({ Posted: true }));
		expect(r.status).toBe(201);
		expect(JSON.parse(r.data).Posted).toBe(false);
		await c.control('POST', 'config', { strictPosted: true });
		const s = await c.post('Document_ЗаказПокупателя', orderBody({ Posted: true }));
		expect(s.status).toBe(400);
	});
});

describe('POST of an independent information-register record (КонтактнаяИнформация)', () => {
	const record = (extra: Record<string, unknown> = {}) => ({
		Объект: I.counterparties.retailBuyer,
		Объект_Type: 'StandardODATA.Catalog_Контрагенты',
		Тип: 'Другое',
		Вид: 'retailCRM 77',
		Вид_Type: 'Edm.String',
		Представление: 'retailCRM customer 77',
		Поле1: 'retailCRM:77',
		...extra,
	});

	it('creates a record with a string kind (201) and a second one with a catalog kind; both read back by Тип and Поле1', async () => {
		const r = await c.post('InformationRegister_КонтактнаяИнформация', record());
		expect(r.status).toBe(201);
		expect(JSON.parse(r.data)).toMatchObject({ Объект: I.counterparties.retailBuyer, Тип: 'Другое', Вид: 'retailCRM 77', Вид_Type: 'Edm.String', Поле1: 'retailCRM:77' });
		const phone = await c.post('InformationRegister_КонтактнаяИнформация', record({ Тип: 'Телефон', Вид: I.contactKinds.counterpartyPhone, Вид_Type: 'StandardODATA.Catalog_ВидыКонтактнойИнформации', Представление: '+7 (916) 123-45-67', Поле1: '+7', Поле2: '916', Поле3: '123-45-67' }));
		expect(phone.status).toBe(201);
		const back = await c.json('InformationRegister_КонтактнаяИнформация', { $filter: "Тип eq 'Другое' and (Поле1 eq 'retailCRM:77' or Поле1 eq 'retailCRM:78')", $select: 'Объект,Объект_Type,Вид,Вид_Type,Поле1' });
		expect(back.value).toEqual([{ Объект: I.counterparties.retailBuyer, Объект_Type: 'StandardODATA.Catalog_Контрагенты', Вид: 'retailCRM 77', Вид_Type: 'Edm.String', Поле1: 'retailCRM:77' }]);
	});

	it('refuses a second record with the same dimensions (500 code -1) unless registerPostReplaces is on', async () => {
		expect((await c.post('InformationRegister_КонтактнаяИнформация', record())).status).toBe(201);
		const dup = await c.post('InformationRegister_КонтактнаяИнформация', record({ Представление: 'другое' }));
		expect(dup.status).toBe(500);
		expect(odataError(dup)).toEqual({ code: '-1', message: 'Запись с такими ключевыми полями существует!' });
		// another kind of the same object and type is another record
		expect((await c.post('InformationRegister_КонтактнаяИнформация', record({ Вид: 'retailCRM 78', Поле1: 'retailCRM:78' }))).status).toBe(201);
		await c.control('POST', 'config', { registerPostReplaces: true });
		expect((await c.post('InformationRegister_КонтактнаяИнформация', record({ Представление: 'заменено' }))).status).toBe(201);
		const back = await c.json('InformationRegister_КонтактнаяИнформация', { $filter: "Поле1 eq 'retailCRM:77'" });
		expect(back.value.map((v: { Представление: string }) => v.Представление)).toEqual(['заменено']);
		await c.control('POST', 'config', { registerPostReplaces: false });
	});

	it('runs the register\'s ПередЗаписью: no object, or a folder as the object, is refused', async () => {
		const none = await c.post('InformationRegister_КонтактнаяИнформация', record({ Объект: '', Объект_Type: '' }));
		expect(none.status).toBe(500);
		expect(odataError(none).message).toContain('Не заполнен объект');
		const folder = await c.post('InformationRegister_КонтактнаяИнформация', record({ Объект: I.counterparties.buyersFolder }));
		expect(folder.status).toBe(500);
		expect(odataError(folder).message).toContain('группу');
	});
});

describe('ДоговорыКонтрагентов ПередЗаписью (src/Catalogs/ДоговорыКонтрагентов/Ext/ObjectModule.bsl)', () => {
	const contract = (extra: Record<string, unknown> = {}) => ({
		Description: 'Основной договор',
		Owner_Key: I.counterparties.supplier,
		Организация_Key: I.organizations.ivanov,
		ВидДоговора: 'СПокупателем',
		ВедениеВзаиморасчетов: 'ПоДоговоруВЦелом',
		ВалютаВзаиморасчетов_Key: I.currencies.rub,
		...extra,
	});
	const GENERIC = 'Не удалось записать: "Договоры контрагентов"!';

	it('refuses a customer contract under a counterparty not marked Покупатель with the platform text only (500 code -1), and writes nothing', async () => {
		const before = (await c.json('Catalog_ДоговорыКонтрагентов', { $select: 'Ref_Key' })).value.length;
		const r = await c.post('Catalog_ДоговорыКонтрагентов', contract());
		expect(r.status).toBe(500);
		expect(odataError(r)).toEqual({ code: '-1', message: GENERIC });
		expect((await c.json('Catalog_ДоговорыКонтрагентов', { $select: 'Ref_Key' })).value).toHaveLength(before);
		// the same contract under a buyer, and a supplier contract under the supplier, are written
		expect((await c.post('Catalog_ДоговорыКонтрагентов', contract({ Owner_Key: I.counterparties.retailBuyer }))).status).toBe(201);
		expect((await c.post('Catalog_ДоговорыКонтрагентов', contract({ ВидДоговора: 'СПоставщиком' }))).status).toBe(201);
		// data-load mode skips ПередЗаписью
		expect((await c.raw('POST', odataPath('Catalog_ДоговорыКонтрагентов'), contract(), { '1C_OData_DataLoadMode': 'true' })).status).toBe(201);
	});

	it('with postingMessages: detailed, says UT\'s reason: the owner\'s flag, an empty currency, organization, settlement mode or kind', async () => {
		await c.control('POST', 'config', { postingMessages: 'detailed' });
		const cases: Array<[Record<string, unknown>, string]> = [
			[{}, 'может устанавливаться только когда у контрагента указано что он является покупателем'],
			[{ Owner_Key: I.counterparties.retailBuyer, ВидДоговора: 'СКомитентом' }, 'является поставщиком'],
			[{ ВалютаВзаиморасчетов_Key: null }, 'Не указана валюта договора.'],
			[{ Организация_Key: null }, 'Не указана организация, от которой заключен договор.'],
			[{ ВедениеВзаиморасчетов: '' }, 'Не указан способ ведения взаиморасчетов по договору.'],
			[{ ВидДоговора: '' }, 'Не указан вид договора.'],
			[{ ВидДоговора: 'Прочее', ВестиПоДокументамРасчетовСКонтрагентом: true }, 'у договоров с видом "Прочее"'],
		];
		for (const [extra, reason] of cases) {
			const r = await c.post('Catalog_ДоговорыКонтрагентов', contract(extra));
			expect([r.status, odataError(r).message]).toEqual([500, expect.stringContaining(reason)]);
			expect(odataError(r).message.startsWith(GENERIC)).toBe(true);
		}
		await c.control('POST', 'config', { postingMessages: 'generic' });
	});
});

describe('Номенклатура ПередЗаписью (src/Catalogs/Номенклатура/Ext/ObjectModule.bsl)', () => {
	const goods = (extra: Record<string, unknown> = {}) => ({
		Description: 'Новый товар',
		ВидНоменклатуры_Key: I.itemKinds.goods,
		БазоваяЕдиницаИзмерения_Key: I.unitClassifier.pcs,
		Услуга: false,
		...extra,
	});
	const GENERIC = 'Не удалось записать: "Номенклатура"!';
	const refused = async (r: Res, reason?: string) => {
		expect([r.status, odataError(r).code]).toEqual([500, '-1']);
		expect(odataError(r).message).toEqual(reason ? expect.stringContaining(reason) : GENERIC);
	};

	it('refuses goods without a base unit, an item without a kind, and a new item naming another item\'s unit (the platform text only)', async () => {
		await refused(await c.post('Catalog_Номенклатура', goods({ БазоваяЕдиницаИзмерения_Key: null })));
		await refused(await c.post('Catalog_Номенклатура', goods({ ВидНоменклатуры_Key: null })));
		await refused(await c.post('Catalog_Номенклатура', goods({ ЕдиницаХраненияОстатков_Key: I.units.jeans48Pcs })));
		// a service needs no base unit; data-load mode skips the checks
		expect((await c.post('Catalog_Номенклатура', goods({ Услуга: true, ВидНоменклатуры_Key: I.itemKinds.service, БазоваяЕдиницаИзмерения_Key: null }))).status).toBe(201);
		expect((await c.raw('POST', odataPath('Catalog_Номенклатура'), goods({ ВидНоменклатуры_Key: null }), { '1C_OData_DataLoadMode': 'true' })).status).toBe(201);
	});

	it('takes the order flow\'s sequence: the item, then its unit, then the item naming the unit (ЕдиницаДляОтчетов filled from it)', async () => {
		const item = JSON.parse((await c.post('Catalog_Номенклатура', goods())).data);
		const unit = JSON.parse((await c.post('Catalog_ЕдиницыИзмерения', { Description: 'шт', Owner: item.Ref_Key, Owner_Type: 'StandardODATA.Catalog_Номенклатура', ЕдиницаПоКлассификатору_Key: I.unitClassifier.pcs, Коэффициент: 1 })).data);
		const r = await c.patch(`Catalog_Номенклатура(guid'${item.Ref_Key}')`, { ЕдиницаХраненияОстатков_Key: unit.Ref_Key });
		expect(r.status).toBe(200);
		expect(JSON.parse(r.data)).toMatchObject({ ЕдиницаХраненияОстатков_Key: unit.Ref_Key, ЕдиницаДляОтчетов_Key: unit.Ref_Key });
		// another item's unit is refused on an existing item too
		await refused(await c.patch(`Catalog_Номенклатура(guid'${item.Ref_Key}')`, { ЕдиницаДляОтчетов_Key: I.units.jeans48Pcs }));
	});

	it('an item with movements keeps its storage unit and its kind (Услуга); with postingMessages: detailed, UT\'s reason', async () => {
		await c.control('POST', 'movements', { register: 'ТоварыНаСкладах', records: [{ Склад_Key: I.warehouses.main, Номенклатура_Key: I.items.jeans48, Количество: 1 }] });
		const at = `Catalog_Номенклатура(guid'${I.items.jeans48}')`;
		await refused(await c.patch(at, { ЕдиницаХраненияОстатков_Key: I.units.jeans48Box }));
		await c.control('POST', 'config', { postingMessages: 'detailed' });
		await refused(await c.patch(at, { ЕдиницаХраненияОстатков_Key: I.units.jeans48Box }), 'уже участвует в товародвижении. Изменить эту единицу уже нельзя!');
		await refused(await c.patch(at, { Услуга: true }), 'Нельзя изменить тип номенклатуры');
		await refused(await c.post('Catalog_Номенклатура', goods({ ВидНоменклатуры_Key: null })), 'необходимо заполнить "вид номенклатуры"');
		await c.control('POST', 'config', { postingMessages: 'generic' });
		// other fields of such an item may change
		expect((await c.patch(at, { Артикул: 'ДЖ-48-2' })).status).toBe(200);
	});
});

describe('ЗаказПокупателя numbering and sums', () => {
	it('numbers with the organization prefix or "0", per prefix and year', async () => {
		const a = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody())).data);
		expect(a.Number).toBe('00000000002');
		const td = JSON.parse(
			(await c.post('Document_ЗаказПокупателя', orderBody({ Организация_Key: I.organizations.tradeHouse, ДоговорКонтрагента_Key: I.contracts.retailBuyerTradeHouse }))).data,
		);
		expect(td.Number).toBe('ТД000000001');
		const nextYear = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody({ Date: '2025-01-05T10:00:00' }))).data);
		expect(nextYear.Number).toBe('00000000001');
	});

	it('prepends the node prefix when configured', async () => {
		await c.control('POST', 'config', { nodePrefix: 'ЦБ' });
		const td = JSON.parse(
			(await c.post('Document_ЗаказПокупателя', orderBody({ Организация_Key: I.organizations.tradeHouse, ДоговорКонтрагента_Key: I.contracts.retailBuyerTradeHouse }))).data,
		);
		expect(td.Number).toBe('ЦБТД0000001');
	});

	it('keeps an explicit number (truncated to 11) and enforces uniqueness within the year', async () => {
		const a = await c.post('Document_ЗаказПокупателя', orderBody({ Number: 'ЦРМ00005488XYZ' }));
		expect(JSON.parse(a.data).Number).toBe('ЦРМ00005488');
		const dup = await c.post('Document_ЗаказПокупателя', orderBody({ Number: 'ЦРМ00005488' }));
		expect(dup.status).toBe(500);
		expect(odataError(dup)).toEqual({ code: '-1', message: expect.stringContaining('Номер документа не уникален') });
		const otherYear = await c.post('Document_ЗаказПокупателя', orderBody({ Number: 'ЦРМ00005488', Date: '2025-02-01T00:00:00' }));
		expect(otherYear.status).toBe(201);
	});

	it('ПередЗаписью empties Услуги under a contract «С комиссионером», clears series and a packing unit without a packing count', async () => {
		const service = { LineNumber: 1, Номенклатура_Key: I.items.delivery, Содержание: 'Доставка', Количество: 1, Цена: 300, Сумма: 300, СтавкаНДС: 'НДС20', СуммаНДС: 50 };
		const commission = {
			Организация_Key: I.organizations.tradeHouse,
			Контрагент_Key: I.counterparties.romashka,
			ДоговорКонтрагента_Key: I.contracts.romashkaCommissioner,
			Товары: [row(1, { СерияНоменклатуры_Key: I.items.jeans50, ЕдиницаИзмеренияМест_Key: I.units.jeans48Box, КоличествоМест: '0' })],
			Услуги: [service],
		};
		const o = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody(commission))).data);
		expect(o.Услуги).toEqual([]);
		expect(o.СуммаДокумента).toBe(600);
		expect(o.Товары[0]).toMatchObject({ СерияНоменклатуры_Key: EMPTY, ЕдиницаИзмеренияМест_Key: EMPTY });
		// a customer contract keeps its services; a packing unit with a count stays
		const kept = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody({ Товары: [row(1, { ЕдиницаИзмеренияМест_Key: I.units.jeans48Box, КоличествоМест: '2' })], Услуги: [service] }))).data);
		expect(kept.Услуги).toHaveLength(1);
		expect(kept.Товары[0].ЕдиницаИзмеренияМест_Key).toBe(I.units.jeans48Box);
		expect(kept.СуммаДокумента).toBe(900);
	});

	it('recomputes СуммаДокумента, adding VAT on top only when it is not included', async () => {
		const incl = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody({ СуммаДокумента: 1, Товары: [row(1), row(2, { Сумма: 150, СуммаНДС: 25 })] }))).data);
		expect(incl.СуммаДокумента).toBe(750);
		const onTop = JSON.parse(
			(
				await c.post(
					'Document_ЗаказПокупателя',
					orderBody({
						СуммаВключаетНДС: false,
						Товары: [row(1, { Сумма: 500, СуммаНДС: 100 })],
						Услуги: [{ LineNumber: 1, Номенклатура_Key: I.items.delivery, Содержание: 'Доставка', Количество: 1, Цена: 300, Сумма: 300, СтавкаНДС: 'НДС20', СуммаНДС: 60 }],
					}),
				)
			).data,
		);
		expect(onTop.СуммаДокумента).toBe(960);
	});

	it('forces row VAT rates to БезНДС when УчитыватьНДС is false', async () => {
		const o = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody({ УчитыватьНДС: false }))).data);
		expect(o.Товары[0].СтавкаНДС).toBe('БезНДС');
	});

	it('skips the business logic in data-load mode', async () => {
		const r = await c.raw('POST', odataPath('Document_ЗаказПокупателя'), orderBody({ СуммаДокумента: 1, УчитыватьНДС: false }), { '1C_OData_DataLoadMode': 'true' });
		const o = JSON.parse(r.data);
		expect(o.СуммаДокумента).toBe(1);
		expect(o.Товары[0].СтавкаНДС).toBe('НДС20');
	});
});

describe('PATCH and DELETE', () => {
	it('merges partially, replaces tabular sections wholesale and ignores Ref_Key', async () => {
		const created = JSON.parse((await c.post('Document_ЗаказПокупателя', orderBody({ Товары: [row(1), row(2)] }))).data);
		const key = `Document_ЗаказПокупателя(guid'${created.Ref_Key}')`;
		const r = await c.patch(key, { Комментарий: 'изменено', Ref_Key: I.orders.existing, Товары: [row(1, { Количество: 5, Сумма: 1500, СуммаНДС: 250 })] });
		expect(r.status).toBe(200);
		const o = JSON.parse(r.data);
		expect(o.Ref_Key).toBe(created.Ref_Key);
		expect(o.Комментарий).toBe('изменено');
		expect(o.НомерВходящегоДокументаЭлектронногоОбмена).toBe('5488');
		expect(o.Товары).toHaveLength(1);
		expect(o.Товары[0].Количество).toBe(5);
		expect(o.СуммаДокумента).toBe(1500);
		expect(o.Number).toBe(created.Number);
	});

	it('patchAnswer empty: a PATCH answers 204 without a body and still writes', async () => {
		await c.control('POST', 'config', { patchAnswer: 'empty' });
		const key = `Catalog_Контрагенты(guid'${I.counterparties.romashka}')`;
		const r = await c.patch(key, { Комментарий: 'без ответа' });
		expect(r.status).toBe(204);
		expect(r.data).toBe('');
		expect((await c.json(key)).Комментарий).toBe('без ответа');
	});

	it('toggles DeletionMark both ways', async () => {
		const key = `Catalog_Контрагенты(guid'${I.counterparties.romashka}')`;
		expect(JSON.parse((await c.patch(key, { DeletionMark: true })).data).DeletionMark).toBe(true);
		expect(JSON.parse((await c.patch(key, { DeletionMark: false })).data).DeletionMark).toBe(false);
	});

	it('answers DELETE with 405 and logs it', async () => {
		await c.control('DELETE', 'requests');
		const r = await c.raw('DELETE', odataPath(`Catalog_Контрагенты(guid'${I.counterparties.romashka}')`));
		expect(r.status).toBe(405);
		expect((await c.json(`Catalog_Контрагенты(guid'${I.counterparties.romashka}')`)).Description).toBe('ООО "Ромашка"');
		const log = await c.control('GET', 'requests');
		expect(log.filter((e: any) => e.method === 'DELETE')).toHaveLength(1);
	});
});
