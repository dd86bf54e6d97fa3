import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import { odataError, startClient, type Client } from './helpers';

/** docs/1c-odata.md#virtual-tables: Balance and SliceLast computed from `_RecordType` records. */
let c: Client;
beforeAll(async () => {
	c = await startClient();
});
afterAll(() => c.sb.close());
beforeEach(() => c.control('POST', 'reset', { fixture: 'seed' }));

const W = SEED_IDS.warehouses;
const N = SEED_IDS.items;
const P = SEED_IDS.priceTypes;
const EMPTY = '00000000-0000-0000-0000-000000000000';

type Row = Record<string, any>;
const byItem = (rows: Row[]): Record<string, number> => Object.fromEntries(rows.map((r) => [`${r.Номенклатура_Key}#${r.ХарактеристикаНоменклатуры_Key ?? ''}`, r.КоличествоBalance]));

describe('AccumulationRegister Balance', () => {
	it('computes balances per warehouse, item and characteristic (parameters in parentheses)', async () => {
		const r = await c.json(`AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Склад,Номенклатура,ХарактеристикаНоменклатуры')`, {
			$filter: `Склад_Key eq guid'${W.main}'`,
		});
		const m = byItem(r.value);
		expect(m[`${N.jeans48}#${EMPTY}`]).toBe(23);
		expect(m[`${N.jeans50}#${EMPTY}`]).toBe(41);
		expect(m[`${N.tshirt}#${SEED_IDS.characteristics.whiteM}`]).toBe(5);
		expect(Object.keys(r.value[0]).sort()).toEqual(['ХарактеристикаНоменклатуры_Key', 'КоличествоBalance', 'Номенклатура_Key', 'Склад_Key'].sort());
	});

	it('accepts Period, Condition and Dimensions as query parameters too', async () => {
		const r = await c.json('AccumulationRegister_ТоварыНаСкладах/Balance', {
			Period: "datetime'2024-05-10T00:00:00'",
			Condition: `Номенклатура_Key eq guid'${N.jeans48}'`,
			Dimensions: 'Номенклатура',
		});
		expect(r.value).toEqual([{ Номенклатура_Key: N.jeans48, КоличествоBalance: 30 }]);
	});

	it('applies Period as an exclusive bound (movements before that moment) and Condition with doubled quotes', async () => {
		const at = (p: string): Promise<Row> =>
			c.json(`AccumulationRegister_ТоварыНаСкладах/Balance(Period=datetime'${p}',Condition='Номенклатура_Key eq guid''${N.jeans48}''',Dimensions='Номенклатура')`);
		expect((await at('2024-02-01T00:00:00')).value).toEqual([]);
		// The receipt of 20 is dated 2024-03-01T10:00:00: not yet at that moment, counted a second later.
		expect((await at('2024-03-01T10:00:00')).value).toEqual([]);
		expect((await at('2024-03-01T10:00:01')).value[0].КоличествоBalance).toBe(20);
		// 20 + 10 received, the sale of 7 at 15:30:00 not yet counted; a second later 23.
		expect((await at('2024-05-15T15:30:00')).value[0].КоличествоBalance).toBe(30);
		expect((await at('2024-05-15T15:30:01')).value[0].КоличествоBalance).toBe(23);
		await c.control('POST', 'config', { balancePeriodBound: 'inclusive' });
		expect((await at('2024-03-01T10:00:00')).value[0].КоличествоBalance).toBe(20);
		await c.control('POST', 'config', { balancePeriodBound: 'exclusive' });
	});

	it('accepts undoubled inner quotes in Condition as real clients send them', async () => {
		const r = await c.json(`AccumulationRegister_ТоварыНаСкладах/Balance(Condition='Номенклатура_Key eq guid'${N.jeans50}'',Dimensions='Склад,Номенклатура')`);
		expect(r.value).toEqual([{ Склад_Key: W.main, Номенклатура_Key: N.jeans50, КоличествоBalance: 41 }]);
	});

	it('drops zero rows and reflects movements added through the control API', async () => {
		await c.control('POST', 'movements', {
			register: 'ТоварыНаСкладах',
			recordType: 'Expense',
			records: [{ Склад_Key: W.main, Номенклатура_Key: N.jeans48, Количество: 23 }],
		});
		await c.control('POST', 'movements', { register: 'ТоварыНаСкладах', records: [{ Склад_Key: W.main, Номенклатура_Key: N.jeans50, Количество: 9 }] });
		const r = await c.json(`AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Номенклатура')`);
		const m = byItem(r.value);
		expect(m[`${N.jeans48}#`]).toBeUndefined();
		expect(m[`${N.jeans50}#`]).toBe(50);
	});

	it('keeps retail stock in ТоварыВРознице and reserves in ТоварыВРезервеНаСкладах', async () => {
		const retail = await c.json(`AccumulationRegister_ТоварыВРознице/Balance(Dimensions='Склад,Номенклатура')`);
		expect(retail.value).toContainEqual({ Склад_Key: W.retail, Номенклатура_Key: N.jeans48, КоличествоBalance: 4, СуммаПродажнаяBalance: 1200 });
		const main = await c.json(`AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Склад')`);
		expect(main.value.map((v: Row) => v.Склад_Key)).toEqual([W.main]);
		const reserve = await c.json(`AccumulationRegister_ТоварыВРезервеНаСкладах/Balance(Dimensions='Склад,Номенклатура')`);
		expect(reserve.value).toEqual([{ Склад_Key: W.main, Номенклатура_Key: N.jeans50, КоличествоBalance: 2 }]);
	});

	it('computes Turnovers between StartPeriod and EndPeriod', async () => {
		const r = await c.json(
			`AccumulationRegister_ТоварыНаСкладах/Turnovers(StartPeriod=datetime'2024-04-01T00:00:00',EndPeriod=datetime'2024-12-31T23:59:59',Dimensions='Номенклатура')`,
			{ $filter: `Номенклатура_Key eq guid'${N.jeans48}'` },
		);
		expect(r.value).toEqual([{ Номенклатура_Key: N.jeans48, КоличествоReceipt: 10, КоличествоExpense: 7, КоличествоTurnover: 3 }]);
	});

	it('applies $select/$orderby/$top to the result', async () => {
		const r = await c.json(`AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Номенклатура')`, { $orderby: 'КоличествоBalance desc', $top: 2, $select: 'КоличествоBalance' });
		expect(r.value).toEqual([{ КоличествоBalance: 41 }, { КоличествоBalance: 23 }]);
	});

	it('rejects an unknown dimension and a function the register does not have', async () => {
		const dim = await c.get(`AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Организация')`);
		expect(odataError(dim)).toEqual({ code: '6', message: expect.stringContaining('Организация') });
		const slice = await c.get('AccumulationRegister_ТоварыНаСкладах/SliceLast');
		expect(slice.status).toBe(400);
		expect(odataError(slice)).toEqual({ code: '6', message: expect.stringContaining('Метод не найден') });
		const byResource = await c.get(`AccumulationRegister_ТоварыНаСкладах/Balance(Condition='Количество gt 5')`);
		expect(odataError(byResource)).toEqual({ code: '6', message: expect.stringContaining('Количество') });
		const onRecords = await c.get('AccumulationRegister_ТоварыНаСкладах_RecordType/Balance');
		expect(odataError(onRecords)).toEqual({ code: '6', message: expect.stringContaining('Метод не найден') });
	});
});

describe('virtual tables read in pages ($orderby, $top, $skip)', () => {
	const path = `AccumulationRegister_ТоварыНаСкладах/Balance`;
	const params = { Dimensions: 'Склад,Номенклатура,ХарактеристикаНоменклатуры', $orderby: 'Склад_Key,Номенклатура_Key,ХарактеристикаНоменклатуры_Key' };

	it('gives the one-request rows in order, page by page', async () => {
		const whole = (await c.json(path, { Dimensions: params.Dimensions, $orderby: params.$orderby })).value as Row[];
		expect(whole.length).toBeGreaterThan(4);
		const paged: Row[] = [];
		for (let skip = 0; ; skip += 2) {
			const page = (await c.json(path, { ...params, $top: 2, $skip: skip })).value as Row[];
			paged.push(...page);
			if (page.length < 2) break;
		}
		expect(paged).toEqual(whole);
	});

	it('computes the table again after a change: a sale between two pages shows on the next page', async () => {
		const first = (await c.json(path, { ...params, $top: 100, $skip: 0 })).value as Row[];
		const jeans = first.find((r) => r.Номенклатура_Key === N.jeans50 && r.Склад_Key === W.main) as Row;
		expect(jeans.КоличествоBalance).toBe(41);
		await c.control('POST', 'movements', [{ register: 'ТоварыНаСкладах', RecordType: 'Expense', Склад_Key: W.main, Номенклатура_Key: N.jeans50, Количество: 1 }]);
		const again = (await c.json(path, { ...params, $top: 100, $skip: 0 })).value as Row[];
		expect(again.find((r) => r.Номенклатура_Key === N.jeans50 && r.Склад_Key === W.main)?.КоличествоBalance).toBe(40);
	});

	it('keeps a page it answered until the data changes, and answers it again the same', async () => {
		const store = () => c.sb.state.store;
		const first = await c.get(path, { ...params, $top: 2, $skip: 2 });
		expect(first.status).toBe(200);
		expect(store().keptAnswers().answers).toBe(1);
		const again = await c.get(path, { ...params, $top: 2, $skip: 2 });
		expect(again.data).toBe(first.data);
		expect(store().keptAnswers()).toEqual({ answers: 1, bytes: Buffer.byteLength(first.data) });
		await c.control('POST', 'movements', [{ register: 'ТоварыНаСкладах', RecordType: 'Receipt', Склад_Key: W.main, Номенклатура_Key: N.jeans50, Количество: 1 }]);
		expect(store().keptAnswers()).toEqual({ answers: 0, bytes: 0 });
	});

	it('computes the table again when a switch changes what it holds (balancePeriodBound)', async () => {
		// The receipt of 20 jeans (48) is dated 2024-03-01T10:00:00: counted at that moment only with an inclusive bound.
		const at = async (): Promise<Row[]> =>
			(await c.json(`${path}(Period=datetime'2024-03-01T10:00:00',Dimensions='Номенклатура')`, { $orderby: 'Номенклатура_Key', $top: 100, $skip: 0 })).value as Row[];
		expect((await at()).find((r) => r.Номенклатура_Key === N.jeans48)).toBeUndefined();
		await c.control('POST', 'config', { balancePeriodBound: 'inclusive' });
		try {
			expect((await at()).find((r) => r.Номенклатура_Key === N.jeans48)?.КоличествоBalance).toBe(20);
		} finally {
			await c.control('POST', 'config', { balancePeriodBound: 'exclusive' });
		}
	});

	it('takes a slice at a later moment from the one computed earlier only while no record falls between them', async () => {
		// A price of jeans (48) comes into force on 2031-01-01; the slice in pages at three moments.
		await c.control('POST', 'prices', { period: '2031-01-01T00:00:00', records: [{ ТипЦен_Key: P.retail, Номенклатура_Key: N.jeans48, Цена: 777 }] });
		const priceAt = async (which: 'SliceLast' | 'SliceFirst', period: string): Promise<number> => {
			const r = await c.json(`InformationRegister_ЦеныНоменклатуры_RecordType/${which}(Period=datetime'${period}',Condition='ТипЦен_Key eq guid''${P.retail}''')`, {
				$orderby: 'Номенклатура_Key,ХарактеристикаНоменклатуры_Key',
				$top: 100,
				$skip: 0,
			});
			return (r.value as Row[]).find((v) => v.Номенклатура_Key === N.jeans48 && v.ХарактеристикаНоменклатуры_Key === EMPTY)?.Цена as number;
		};
		expect(await priceAt('SliceLast', '2030-01-01T00:00:00')).toBe(300);
		expect(await priceAt('SliceLast', '2030-12-31T23:59:59')).toBe(300);
		expect(await priceAt('SliceLast', '2031-01-01T00:00:00')).toBe(777);
		expect(await priceAt('SliceLast', '2030-06-01T00:00:00')).toBe(300);
		expect(await priceAt('SliceFirst', '2030-01-01T00:00:00')).toBe(777);
		expect(await priceAt('SliceFirst', '2024-01-01T00:00:00')).toBe(280);
	});
});

describe('InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast', () => {
	const prices = (rows: Row[]): Record<string, number> => Object.fromEntries(rows.map((r) => [`${r.Номенклатура_Key}#${r.ХарактеристикаНоменклатуры_Key}`, r.Цена]));

	it('returns the latest price per item and characteristic for a price type', async () => {
		const r = await c.json('InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast', { Condition: `ТипЦен_Key eq guid'${P.retail}'` });
		const m = prices(r.value);
		expect(m[`${N.jeans48}#${EMPTY}`]).toBe(300);
		expect(m[`${N.jeans50}#${EMPTY}`]).toBe(300);
		expect(m[`${N.tshirt}#${EMPTY}`]).toBe(450);
		expect(m[`${N.tshirt}#${SEED_IDS.characteristics.whiteL}`]).toBe(480);
		expect(r.value.every((v: Row) => v.ТипЦен_Key === P.retail)).toBe(true);
		expect(r.value[0]).toHaveProperty('ЕдиницаИзмерения_Key');
		expect(r.value[0]).toHaveProperty('Валюта_Key');
		expect(r.value[0]).toHaveProperty('Period');
	});

	it('honours Period in parentheses and $filter after the slice', async () => {
		const r = await c.json(`InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast(Period=datetime'2024-03-01T00:00:00',Condition='ТипЦен_Key eq guid''${P.retail}''')`, {
			$filter: `Номенклатура_Key eq guid'${N.jeans48}'`,
		});
		expect(r.value.map((v: Row) => v.Цена)).toEqual([280]);
	});

	it('without Period returns the absolute latest record, future-dated ones included, as a real base does', async () => {
		await c.control('POST', 'prices', { period: '2099-01-01T00:00:00', records: [{ ТипЦен_Key: P.retail, Номенклатура_Key: N.jeans48, Цена: 999 }] });
		const cond = `ТипЦен_Key eq guid'${P.retail}' and Номенклатура_Key eq guid'${N.jeans48}'`;
		const latest = await c.json('InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast', { Condition: cond });
		expect(latest.value.map((v: Row) => v.Цена)).toEqual([999]);
		const today = await c.json('InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast', { Condition: cond, Period: "datetime'2030-01-01T00:00:00'" });
		expect(today.value.map((v: Row) => v.Цена)).toEqual([300]);
		// The older sandbox rule (slice at now) behind a switch.
		await c.control('POST', 'config', { sliceLastWithoutPeriod: 'now' });
		const now = await c.json('InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast', { Condition: cond });
		expect(now.value.map((v: Row) => v.Цена)).toEqual([300]);
		await c.control('POST', 'config', { sliceLastWithoutPeriod: 'latest' });
	});

	it('has no rows for the calculated price type', async () => {
		const r = await c.json('InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast', { Condition: `ТипЦен_Key eq guid'${P.wholesaleCalculated}'` });
		expect(r.value).toEqual([]);
	});

	it('sees prices added through the control API', async () => {
		await c.control('POST', 'prices', { records: [{ ТипЦен_Key: P.retail, Номенклатура_Key: N.jeans48, Цена: 333, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs }] });
		const r = await c.json('InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast', { Condition: `ТипЦен_Key eq guid'${P.retail}' and Номенклатура_Key eq guid'${N.jeans48}'` });
		expect(r.value.map((v: Row) => v.Цена)).toEqual([333]);
	});

	it('refuses the plain register path in strict mode and serves it in lenient mode', async () => {
		const strict = await c.get('InformationRegister_ЦеныНоменклатуры/SliceLast');
		expect(strict.status).toBe(400);
		expect(odataError(strict)).toEqual({ code: '6', message: expect.stringContaining('Метод не найден') });
		await c.control('POST', 'config', { strictSliceLast: false });
		try {
			const lenient = await c.json('InformationRegister_ЦеныНоменклатуры/SliceLast', { Condition: `ТипЦен_Key eq guid'${P.purchase}'` });
			expect(prices(lenient.value)[`${N.jeans50}#${EMPTY}`]).toBe(190);
		} finally {
			await c.control('POST', 'config', { strictSliceLast: true });
		}
	});

	it('has SliceFirst, and slices on independent periodic registers (КурсыВалют)', async () => {
		const first = await c.json('InformationRegister_ЦеныНоменклатуры_RecordType/SliceFirst', { Condition: `ТипЦен_Key eq guid'${P.retail}' and Номенклатура_Key eq guid'${N.jeans48}'` });
		expect(first.value.map((v: Row) => v.Цена)).toEqual([280]);
		const rates = await c.json('InformationRegister_КурсыВалют/SliceLast', { Condition: `Валюта_Key eq guid'${SEED_IDS.currencies.usd}'` });
		expect(rates.value).toEqual([expect.objectContaining({ Курс: 90, Кратность: '1' })]);
	});

	it('answers Balance on an information register with 400 code 6', async () => {
		const r = await c.get('InformationRegister_ЦеныНоменклатуры_RecordType/Balance');
		expect(odataError(r)).toEqual({ code: '6', message: expect.stringContaining('Метод не найден') });
	});
});
