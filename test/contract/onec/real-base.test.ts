import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import { odataError, startClient, type Client } from './helpers';

/**
 * Where a real UT 10.3 base differs from what a kind sandbox would do (issue "first contact"): the sandbox answers
 * the stricter way by default, and the older behaviour stays behind a switch. Posting refusals are pinned in
 * posting.test.ts, 404 for unpublished sets in transport.test.ts, SliceLast/Balance bounds in virtual-tables.test.ts.
 */
let c: Client;
beforeAll(async () => {
	c = await startClient();
});
afterAll(() => c.sb.close());
beforeEach(async () => {
	await c.control('POST', 'reset', { fixture: 'seed' });
	await c.control('POST', 'config', { defaults: true });
});

const N = SEED_IDS.items;
const ITEM = 'StandardODATA.Catalog_Номенклатура';

describe('composite fields in $orderby (unproven on real platforms)', () => {
	it('are refused by default with 400 code 14; the register reads without $orderby', async () => {
		const r = await c.get('InformationRegister_Штрихкоды', { $orderby: 'Владелец', $top: 2 });
		expect(r.status).toBe(400);
		expect(odataError(r)).toEqual({ code: '14', message: expect.stringContaining('Владелец') });
		expect((await c.json('InformationRegister_Штрихкоды', { $select: 'Штрихкод' })).value).toHaveLength(3);
		// Plain fields still order.
		expect((await c.get('InformationRegister_Штрихкоды', { $orderby: 'ХарактеристикаНоменклатуры_Key,Штрихкод' })).status).toBe(200);
	});

	it('are accepted behind the compositeOrderBy switch', async () => {
		await c.control('POST', 'config', { compositeOrderBy: true });
		expect((await c.get('InformationRegister_Штрихкоды', { $orderby: 'Владелец', $top: 2 })).status).toBe(200);
	});
});

describe('filters on composite fields (platform 8.3.8.1652 and later)', () => {
	const byOwner = `Владелец eq cast(guid'${N.jeans48}', 'Catalog_Номенклатура')`;

	it('cast and X_Type work on the default (8.3.8.1652+) platform', async () => {
		expect((await c.json('InformationRegister_Штрихкоды', { $filter: byOwner })).value.map((v: { Штрихкод: string }) => v.Штрихкод)).toEqual(['4600000000017']);
		expect((await c.json('InformationRegister_Штрихкоды', { $filter: `Владелец_Type eq '${ITEM}'` })).value).toHaveLength(3);
	});

	it('an older platform refuses cast with 400 code 14 and X_Type with 400 code 6', async () => {
		await c.control('POST', 'config', { compositeFilters: false });
		const cast = await c.get('InformationRegister_Штрихкоды', { $filter: byOwner });
		expect([cast.status, odataError(cast).code]).toEqual([400, '14']);
		const typed = await c.get('InformationRegister_Штрихкоды', { $filter: `Владелец_Type eq '${ITEM}'` });
		expect(odataError(typed)).toEqual({ code: '6', message: 'Сегмент пути Владелец_Type не найден!' });
	});
});

describe('value representation', () => {
	it('publishes Штрихкод as a plain string without Штрихкод_Type (the chart ТипыШтрихкодов has one type, String(200))', async () => {
		const meta = (await c.raw('GET', '$metadata')).data;
		expect(meta).toContain('<Property Name="Штрихкод" Type="Edm.String"');
		expect(meta).not.toContain('Name="Штрихкод_Type"');
		const [row] = (await c.json('InformationRegister_Штрихкоды', { $filter: `Штрихкод eq '4600000000017'` })).value;
		expect(row.Штрихкод).toBe('4600000000017');
		expect(row).not.toHaveProperty('Штрихкод_Type');
		expect((await c.get('InformationRegister_Штрихкоды', { $select: 'Штрихкод_Type' })).status).toBe(400);
	});

	it('writes integers of 5 to 9 digits as Int64 strings (КлючСтроки is 5 digits), up to 4 digits as numbers', async () => {
		const meta = (await c.raw('GET', '$metadata')).data;
		expect(meta).toMatch(/<Property Name="КлючСтроки" Type="Edm\.Int64"/);
		expect(meta).toMatch(/<Property Name="НомерСекции" Type="Edm\.Int16"/);
		const doc = await c.json(`Document_ЗаказПокупателя(guid'${SEED_IDS.orders.existing}')`, { $select: 'Товары' });
		expect(doc.Товары[0].КлючСтроки).toBe('0');
		const wh = await c.json(`Catalog_Склады(guid'${SEED_IDS.warehouses.main}')`, { $select: 'НомерСекции' });
		expect(typeof wh.НомерСекции).toBe('number');
	});

	it('$inlinecount counts every matching row whatever $skip and $top say', async () => {
		const all = await c.json('Catalog_Номенклатура', { $select: 'Ref_Key', $inlinecount: 'allpages' });
		const page = await c.json('Catalog_Номенклатура', { $select: 'Ref_Key', $orderby: 'Ref_Key', $inlinecount: 'allpages', $top: 2, $skip: 3 });
		expect(page.value).toHaveLength(2);
		expect(page['odata.count']).toBe(all['odata.count']);
		expect(page['odata.count']).toBe(String(all.value.length));
	});
});

describe('rights of the 1C user', () => {
	it('answers 403 «Нарушение прав доступа!» where a right is taken away, per user and access', async () => {
		await c.control('POST', 'config', { deny: [{ user: 'Администратор', set: 'Catalog_Контрагенты', access: 'read' }] });
		const r = await c.get('Catalog_Контрагенты', { $top: 1 });
		expect(r.status).toBe(403);
		expect(odataError(r)).toEqual({ code: '-1', message: 'Нарушение прав доступа!' });
		// Writing is another right; other sets are readable.
		expect((await c.get('Catalog_Склады', { $top: 1 })).status).toBe(200);
		await c.control('POST', 'config', { deny: [{ set: 'Document_ЗаказПокупателя', access: 'write' }] });
		const w = await c.post('Document_ЗаказПокупателя', { Комментарий: 'x' });
		expect(w.status).toBe(403);
		expect((await c.get('Document_ЗаказПокупателя', { $top: 1 })).status).toBe(200);
	});
});

describe('НТТ warehouses keep goods in ТоварыВНТТ', () => {
	it('has the register with its dimensions, and the seed holds the kiosk stock there', async () => {
		const r = await c.json(`AccumulationRegister_ТоварыВНТТ/Balance(Dimensions='Склад,Номенклатура,ХарактеристикаНоменклатуры')`);
		expect(r.value).toEqual([
			{ Склад_Key: SEED_IDS.warehouses.ntt, Номенклатура_Key: N.jeans50, ХарактеристикаНоменклатуры_Key: '00000000-0000-0000-0000-000000000000', КоличествоBalance: 6 },
			{ Склад_Key: SEED_IDS.warehouses.ntt, Номенклатура_Key: N.socks, ХарактеристикаНоменклатуры_Key: '00000000-0000-0000-0000-000000000000', КоличествоBalance: 15 },
		]);
		const retail = await c.json(`AccumulationRegister_ТоварыВРознице/Balance(Dimensions='Склад')`);
		expect(retail.value.map((v: { Склад_Key: string }) => v.Склад_Key)).not.toContain(SEED_IDS.warehouses.ntt);
		const records = await c.json('AccumulationRegister_ТоварыВНТТ_RecordType', { $select: 'ТоварТара,ЦенаВРознице,Количество' });
		expect(records.value).toEqual([
			{ ТоварТара: 'Товар', ЦенаВРознице: 300, Количество: 6 },
			{ ТоварТара: 'Товар', ЦенаВРознице: 20, Количество: 15 },
		]);
	});
});
