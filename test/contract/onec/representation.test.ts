import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import { odataError, startClient, type Client } from './helpers';

/** docs/1c-odata.md#values-on-the-wire: envelope and value representation, key lookups. */
let c: Client;
beforeAll(async () => {
	c = await startClient();
});
afterAll(() => c.sb.close());

const EMPTY = '00000000-0000-0000-0000-000000000000';
const order = `Document_ЗаказПокупателя(guid'${SEED_IDS.orders.existing}')`;

describe('representation', () => {
	it('wraps collections in odata.metadata + value and single entities in @Element', async () => {
		const list = await c.json('Catalog_Валюты');
		expect(list['odata.metadata']).toBe(`${c.sb.url}$metadata#Catalog_Валюты`);
		expect(list.value.map((v: any) => v.Code)).toEqual(['643', '840']);
		const one = await c.json(`Catalog_Валюты(guid'${SEED_IDS.currencies.rub}')`);
		expect(one['odata.metadata']).toBe(`${c.sb.url}$metadata#Catalog_Валюты/@Element`);
		expect(one.Description).toBe('руб.');
		expect(one.value).toBeUndefined();
	});

	it('sends Int64 values and LineNumber as strings, doubles as numbers', async () => {
		const doc = await c.json(order);
		expect(doc.КратностьВзаиморасчетов).toBe('1');
		expect(doc.КурсВзаиморасчетов).toBe(1);
		expect(doc.СуммаДокумента).toBe(600);
		expect(doc.Товары[0].LineNumber).toBe('1');
		expect(doc.Товары[0].Количество).toBe(2);
		expect(doc.Товары[0].Ref_Key).toBe(SEED_IDS.orders.existing);
		const item = await c.json(`Catalog_Номенклатура(guid'${SEED_IDS.items.jeans48}')`);
		expect(item.ВесовойКоэффициентВхождения).toBe('0');
	});

	it('writes composites as X + X_Type and empty ones as "" + StandardODATA.Undefined', async () => {
		const doc = await c.json(order);
		expect(doc.СкладГруппа).toBe(SEED_IDS.warehouses.main);
		expect(doc.СкладГруппа_Type).toBe('StandardODATA.Catalog_Склады');
		expect(doc.ДокументОснование).toBe('');
		expect(doc.ДокументОснование_Type).toBe('StandardODATA.Undefined');
		const unit = await c.json(`Catalog_ЕдиницыИзмерения(guid'${SEED_IDS.units.socksPack}')`);
		expect(unit.Owner).toBe(SEED_IDS.items.socks);
		expect(unit.Owner_Type).toBe('StandardODATA.Catalog_Номенклатура');
		expect(unit.Коэффициент).toBe(6);
	});

	it('writes enums as value names and empty refs/dates as the 1C empty values', async () => {
		const doc = await c.json(order);
		expect(doc.Товары[0].СтавкаНДС).toBe('НДС20');
		expect(doc.ДисконтнаяКарта_Key).toBe(EMPTY);
		expect(doc.ДатаОплаты).toBe('0001-01-01T00:00:00');
		expect(doc.Date).toBe('2024-06-10T12:00:00');
		const wh = await c.json(`Catalog_Склады(guid'${SEED_IDS.warehouses.retail}')`);
		expect(wh.ВидСклада).toBe('Розничный');
		const folder = await c.json(`Catalog_Склады(guid'${SEED_IDS.warehouses.branchesFolder}')`);
		expect(folder.ВидСклада).toBe('');
	});

	it('pads fixed-length strings with spaces', async () => {
		const u = await c.json(`Catalog_Пользователи(guid'${SEED_IDS.users.admin}')`);
		expect(u.Code).toHaveLength(50);
		expect(u.Code).toBe('Администратор'.padEnd(50, ' '));
		const org = await c.json(`Catalog_Организации(guid'${SEED_IDS.organizations.ivanov}')`);
		expect(org.Префикс).toBe(''); // Префикс is string(3) of variable length in the dump
	});

	it('has the standard catalog/document fields and only where the object has them', async () => {
		const item = await c.json(`Catalog_Номенклатура(guid'${SEED_IDS.items.jeans48}')`);
		for (const k of ['Ref_Key', 'DataVersion', 'DeletionMark', 'Parent_Key', 'IsFolder', 'Code', 'Description', 'Predefined', 'PredefinedDataName']) expect(item).toHaveProperty(k);
		expect(item).not.toHaveProperty('ЕдиницаИзмерения_Key');
		const ch = await c.json(`Catalog_ХарактеристикиНоменклатуры(guid'${SEED_IDS.characteristics.whiteM}')`);
		expect(ch).not.toHaveProperty('Code');
		expect(ch).not.toHaveProperty('Parent_Key');
		expect(ch.Owner_Key).toBe(SEED_IDS.items.tshirt);
		const doc = await c.json(order);
		for (const k of ['Number', 'Date', 'Posted']) expect(doc).toHaveProperty(k);
		expect(doc).not.toHaveProperty('ВидОперации');
		expect(doc).not.toHaveProperty('Склад_Key');
		const q = await c.json(`Catalog_Качество(guid'${SEED_IDS.quality.new}')`);
		expect(q.Predefined).toBe(true);
		expect(q.PredefinedDataName).toBe('Новый');
	});

	it('adds X@navigationLinkUrl for filled references only', async () => {
		const item = await c.json(`Catalog_Номенклатура(guid'${SEED_IDS.items.jeans48}')`);
		expect(item['ЕдиницаХраненияОстатков@navigationLinkUrl']).toBe(`Catalog_Номенклатура(guid'${SEED_IDS.items.jeans48}')/ЕдиницаХраненияОстатков`);
		expect(item['ОсновнойПоставщик@navigationLinkUrl']).toBeUndefined();
	});

	it('DataVersion is base64 and changes on each write', async () => {
		const before = await c.json(`Catalog_Склады(guid'${SEED_IDS.warehouses.main}')`);
		expect(before.DataVersion).toMatch(/^[A-Za-z0-9+/]+=*$/);
		await c.patch(`Catalog_Склады(guid'${SEED_IDS.warehouses.main}')`, { Комментарий: 'x' });
		const after = await c.json(`Catalog_Склады(guid'${SEED_IDS.warehouses.main}')`);
		expect(after.DataVersion).not.toBe(before.DataVersion);
	});

	it('answers a missing key with 404 code 9 and a composite row key with the row', async () => {
		const r = await c.get(`Catalog_Склады(guid'${EMPTY.replace(/0$/, '1')}')`);
		expect(r.status).toBe(404);
		expect(odataError(r).code).toBe('9');
		const row = await c.json(`Document_ЗаказПокупателя_Товары(Ref_Key=guid'${SEED_IDS.orders.existing}',LineNumber=1)`);
		expect(row.Номенклатура_Key).toBe(SEED_IDS.items.jeans50);
		expect(row.LineNumber).toBe('1');
	});

	it('gives odata.count as a string with $inlinecount=allpages', async () => {
		const r = await c.json('Catalog_Номенклатура', { $inlinecount: 'allpages', $top: 2 });
		expect(r['odata.count']).toBe('10');
		expect(r.value).toHaveLength(2);
		expect(r['odata.nextLink']).toBeUndefined();
	});

	it('flattens register records in _RecordType and groups them by recorder in the plain set', async () => {
		const recs = await c.json('AccumulationRegister_ТоварыНаСкладах_RecordType', { $filter: `Номенклатура_Key eq guid'${SEED_IDS.items.jeans48}'`, $orderby: 'Period' });
		expect(recs.value.map((r: any) => [r.RecordType, r.Количество])).toEqual([
			['Receipt', 20],
			['Receipt', 10],
			['Expense', 7],
		]);
		expect(recs.value[0].Recorder_Type).toBe('StandardODATA.Document_ПоступлениеТоваровУслуг');
		expect(recs.value[0].LineNumber).toBe('1');
		const sets = await c.json('AccumulationRegister_ТоварыНаСкладах');
		expect(sets.value).toHaveLength(3);
		expect(sets.value[0].RecordSet.length).toBeGreaterThan(0);
	});
});
