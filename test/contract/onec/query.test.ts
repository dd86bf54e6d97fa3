import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import { odataError, startClient, type Client } from './helpers';

/** docs/1c-odata.md#queries-and-paging: $filter grammar, $select/$expand, $orderby, paging. */
let c: Client;
beforeAll(async () => {
	c = await startClient();
});
afterAll(() => c.sb.close());

const N = SEED_IDS.items;
const codes = async (filter: string, set = 'Catalog_Номенклатура'): Promise<string[]> =>
	(await c.json(set, { $filter: filter, $select: 'Code', $orderby: 'Code' })).value.map((v: any) => v.Code.trim());

describe('$filter', () => {
	it('supports comparison operators, and/or/not and parentheses', async () => {
		expect(await codes("Code eq '00000000797'")).toEqual(['00000000797']);
		expect(await codes("Code gt '00000000805'")).toEqual(['00000000806', '00000000807']);
		expect(await codes("Code ge '00000000806' and Code le '00000000807'")).toEqual(['00000000806', '00000000807']);
		expect(await codes("Code lt '00000000797' or Code eq '00000000807'")).toEqual(['00000000796', '00000000807']);
		expect(await codes('IsFolder eq true')).toEqual(['00000000796', '00000000801', '00000000802', '00000000805']);
		expect(await codes('not (IsFolder eq true) and Услуга eq false and Набор ne true')).toEqual(['00000000797', '00000000798', '00000000803', '00000000804']);
	});

	it('compares guid literals, enums as strings and datetimes', async () => {
		expect(await codes(`Parent_Key eq guid'${N.tshirtsFolder}'`)).toEqual(['00000000803']);
		expect(await codes("СтавкаНДС eq 'НДС10'")).toEqual(['00000000804']);
		const docs = await c.json('Document_ЗаказПокупателя', { $filter: "Date ge datetime'2024-06-10T00:00:00' and Date lt datetime'2024-06-11T00:00:00'" });
		expect(docs.value).toHaveLength(1);
		const none = await c.json('Document_ЗаказПокупателя', { $filter: "Date gt datetime'2024-06-10T12:00:00'" });
		expect(none.value).toHaveLength(0);
	});

	it('refuses a datetime in $filter with a zone, a date alone or without seconds: 400 code 14 (1C has no time zones)', async () => {
		for (const lit of ["datetime'2024-06-10T00:00:00Z'", "datetime'2024-06-10T00:00:00+03:00'", "datetime'2024-06-10'", "datetime'2024-06-10T00:00'"]) {
			const r = await c.get('Document_ЗаказПокупателя', { $filter: `Date ge ${lit}` });
			expect([lit, r.status, odataError(r).code]).toEqual([lit, 400, '14']);
		}
	});

	it('compares strings case-insensitively and ignores the padding of fixed-length strings, like 1C queries', async () => {
		expect(await codes("Description eq 'джинсы элегантность (48)'")).toEqual(['00000000797']);
		const users = await c.json('Catalog_Пользователи', { $filter: "Code eq 'Администратор'", $select: 'Description' });
		expect(users.value).toEqual([{ Description: 'Администратор' }]);
	});

	it('has substringof, startswith, endswith and tolower', async () => {
		expect(await codes("substringof('Элегантность', Description)")).toEqual(['00000000797', '00000000798']);
		expect(await codes("startswith(Description, 'Джинсы') and endswith(Description, '(50)')")).toEqual(['00000000798']);
		expect(await codes("tolower(Description) eq 'доставка'")).toEqual(['00000000806']);
		expect(await codes("substringof('it''s', Description)")).toEqual([]);
	});

	it('filters a composite with cast(guid,…) checking the type too', async () => {
		const wh = SEED_IDS.warehouses.main;
		const ok = await c.json('Document_ЗаказПокупателя', { $filter: `СкладГруппа eq cast(guid'${wh}', 'Catalog_Склады')` });
		expect(ok.value).toHaveLength(1);
		const wrongType = await c.json('Document_ЗаказПокупателя', { $filter: `СкладГруппа eq cast(guid'${wh}', 'Catalog_ГруппыДоступностиСкладов')` });
		expect(wrongType.value).toHaveLength(0);
		const units = await c.json('Catalog_ЕдиницыИзмерения', { $filter: `Owner eq cast(guid'${N.socks}', 'Catalog_Номенклатура')` });
		expect(units.value).toHaveLength(2);
	});

	it('evaluates any() over a tabular section', async () => {
		const hit = await c.json('Document_ЗаказПокупателя', { $filter: `Товары/any(r: r/Номенклатура_Key eq guid'${N.jeans50}' and r/Количество ge 2)` });
		expect(hit.value).toHaveLength(1);
		const miss = await c.json('Document_ЗаказПокупателя', { $filter: `Товары/any(r: r/Номенклатура_Key eq guid'${N.jeans48}')` });
		expect(miss.value).toHaveLength(0);
	});

	it('follows navigation paths in a filter', async () => {
		const r = await c.json('Catalog_ДоговорыКонтрагентов', { $filter: "Owner/Description eq 'покупатель Розничный' and ВидДоговора eq 'СПокупателем'", $select: 'Code' });
		expect(r.value.map((v: any) => v.Code).sort()).toEqual(['000000001', '000000002', '000000007']);
	});

	it('answers a syntax error with 400 code 14', async () => {
		for (const bad of ["Code eq '1", 'Code eq', '(Code eq 1', 'Code eq 1)', "Code eq guid'nope'", "unknownfn(Code) eq 'x'", 'Code @ 1']) {
			const r = await c.get('Catalog_Номенклатура', { $filter: bad });
			expect([bad, r.status]).toEqual([bad, 400]);
			expect(odataError(r).code).toBe('14');
		}
	});

	it('answers an unknown property with 400 code 6 echoing its name', async () => {
		const r = await c.get('Catalog_Номенклатура', { $filter: "ЕдиницаИзмерения_Key eq guid'00000000-0000-0000-0000-000000000000'" });
		expect(r.status).toBe(400);
		expect(odataError(r).code).toBe('6');
		expect(odataError(r).message).toContain('ЕдиницаИзмерения_Key');
		const lambda = await c.get('Document_ЗаказПокупателя', { $filter: "Товары/any(r: r/Склад_Key eq guid'00000000-0000-0000-0000-000000000000')" });
		expect(odataError(lambda)).toEqual({ code: '6', message: expect.stringContaining('Склад_Key') });
	});
});

describe('$select, $expand, $orderby, paging', () => {
	it('returns only selected properties', async () => {
		const r = await c.json(`Catalog_Номенклатура(guid'${N.jeans48}')`, { $select: 'Ref_Key,Артикул' });
		expect(Object.keys(r).filter((k) => k !== 'odata.metadata')).toEqual(['Ref_Key', 'Артикул']);
	});

	it('renders X____Presentation for references, composites and enums when selected', async () => {
		const item = await c.json(`Catalog_Номенклатура(guid'${N.socks}')`, { $select: 'ЕдиницаХраненияОстатков____Presentation,СтавкаНДС____Presentation,ОсновнойПоставщик____Presentation' });
		expect(item.ЕдиницаХраненияОстатков____Presentation).toBe('упак (6 шт)');
		expect(item.СтавкаНДС____Presentation).toBe('НДС10');
		expect(item.ОсновнойПоставщик____Presentation).toBe('');
		const reserve = await c.json('AccumulationRegister_ТоварыВРезервеНаСкладах_RecordType', { $select: 'ДокументРезерва____Presentation,Склад____Presentation' });
		expect(reserve.value[0]).toEqual({ ДокументРезерва____Presentation: 'Заказ покупателя 00000000001 от 10.06.2024 12:00:00', Склад____Presentation: 'Основной склад' });
		const bad = await c.get('Catalog_Номенклатура', { $select: 'Артикул____Presentation' });
		expect(odataError(bad).code).toBe('6');
	});

	it('answers an unknown $select or $orderby field with 400 code 6', async () => {
		const s = await c.get('Catalog_Номенклатура', { $select: 'Ref_Key,Цена' });
		expect(s.status).toBe(400);
		expect(odataError(s)).toEqual({ code: '6', message: expect.stringContaining('Цена') });
		const o = await c.get('Catalog_Номенклатура', { $orderby: 'Наименование' });
		expect(odataError(o)).toEqual({ code: '6', message: expect.stringContaining('Наименование') });
	});

	it('expands navigations, returning them with $select only when selected', async () => {
		const id = `Document_ЗаказПокупателя(guid'${SEED_IDS.orders.existing}')`;
		const full = await c.json(id, { $expand: 'Контрагент,ДоговорКонтрагента/Owner' });
		expect(full.Контрагент.Description).toBe('покупатель Розничный');
		expect(full.ДоговорКонтрагента.Owner.Code).toBe('000000002');
		const sel = await c.json(id, { $expand: 'Контрагент,Организация', $select: 'Number,Контрагент/Description' });
		expect(sel.Контрагент).toEqual({ Description: 'покупатель Розничный' });
		expect(sel.Организация).toBeUndefined();
		const bad = await c.get(id, { $expand: 'Склад' });
		expect(odataError(bad).code).toBe('6');
	});

	it('orders by several keys ascending and descending', async () => {
		const r = await c.json('Catalog_Номенклатура', { $orderby: 'IsFolder desc,Description asc', $select: 'Description,IsFolder' });
		const rows = r.value.map((v: any) => `${v.IsFolder ? 'F' : 'I'}:${v.Description}`);
		expect(rows.slice(0, 4)).toEqual(['F:Одежда', 'F:Товары', 'F:Услуги', 'F:Футболки']);
		expect(rows[4].startsWith('I:')).toBe(true);
	});

	it('pages with $top/$skip over a stable $orderby without gaps or repeats', async () => {
		const all = (await c.json('Catalog_Номенклатура', { $orderby: 'Ref_Key', $select: 'Ref_Key' })).value.map((v: any) => v.Ref_Key);
		expect(all).toHaveLength(10);
		const pages: string[] = [];
		for (let skip = 0; skip < 12; skip += 3) {
			const p = await c.json('Catalog_Номенклатура', { $orderby: 'Ref_Key', $select: 'Ref_Key', $top: 3, $skip: skip });
			pages.push(...p.value.map((v: any) => v.Ref_Key));
		}
		expect(pages).toEqual(all);
		expect([...all].sort()).toEqual(all);
	});

	it('accepts allowedOnly and $count', async () => {
		expect((await c.get('Catalog_Склады', { allowedOnly: 'true' })).status).toBe(200);
		const r = await c.raw('GET', `${encodeURI('Catalog_Номенклатура/$count')}?$filter=IsFolder%20eq%20true`);
		expect(r.data).toBe('4');
	});
});
