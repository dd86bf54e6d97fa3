import type { OneCSandbox } from '../../sandboxes/onec/server';
import { startOneCSandbox } from '../../sandboxes/onec/server';
import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import { UT } from '../../../nodes/core/onec/model';
import { and, eq, guid } from '../../../nodes/core/onec/query';
import { forgetSliceLastForms } from '../../../nodes/core/onec/client';
import { readValueInPieces } from '../../../nodes/core/onec/value-pieces';
import { readBalance, warehouseConditions } from '../../../nodes/core/sync/onec-read/balance-read';
import { priceTypeConditions } from '../../../nodes/core/sync/prices/get-prices';
import { control, sandboxClient, withSandbox } from './sandbox-helpers';

/** The 1C client against the UT 10.3 sandbox: reads, paging, encodings, virtual tables. */
let sb: OneCSandbox;
let ctl: ReturnType<typeof control>;

beforeAll(async () => {
	sb = await withSandbox('seed');
	ctl = control(sb);
});
afterAll(async () => sb.close());
beforeEach(async () => {
	await ctl.reset();
	forgetSliceLastForms();
});

describe('catalog reads with Cyrillic names and values', () => {
	it('finds the seed organization, warehouse, currency, unit, price types and counterparty by name', async () => {
		const { client } = sandboxClient(sb);
		const byName = async <S extends typeof UT.Catalog_Склады>(entity: S, description: string) =>
			client.readAll(entity, { select: ['Ref_Key', 'Description'], filter: eq('Description', description) });
		expect((await byName(UT.Catalog_Организации as never, 'ИП Иванов И.И.'))[0]?.Ref_Key).toBe(SEED_IDS.organizations.ivanov);
		expect((await byName(UT.Catalog_Склады, 'Основной склад'))[0]?.Ref_Key).toBe(SEED_IDS.warehouses.main);
		expect((await byName(UT.Catalog_Контрагенты as never, 'покупатель Розничный'))[0]?.Ref_Key).toBe(SEED_IDS.counterparties.retailBuyer);

		const rub = await client.readAll(UT.Catalog_Валюты, { select: ['Ref_Key', 'Code', 'Description'], filter: eq('Code', '643') });
		expect(rub).toEqual([{ Ref_Key: SEED_IDS.currencies.rub, Code: '643', Description: 'руб.' }]);
		const pcs = await client.readAll(UT.Catalog_КлассификаторЕдиницИзмерения, { select: ['Code', 'Description'], filter: eq('Code', '796') });
		expect(pcs).toEqual([{ Code: '796', Description: 'шт' }]);
		const priceTypes = await client.readAll(UT.Catalog_ТипыЦенНоменклатуры, { select: ['Description', 'Рассчитывается', 'ЦенаВключаетНДС'], orderby: ['Code'] });
		expect(priceTypes.map((p) => p.Description)).toEqual(expect.arrayContaining(['Закупочная', 'Розничная']));

		// Requests really went out percent-encoded with %20, never '+'.
		const log = await ctl.requests();
		const raw = log.map((r) => r.rawUrl);
		expect(raw.some((u) => u.includes('Description%20eq%20%27%D0%98%D0%9F%20%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%20%D0%98.%D0%98.%27'))).toBe(true);
		expect(raw.every((u) => !u.includes('+') && u.includes('$format=json'))).toBe(true);
	});

	it('reads the «Товары» folder items with codes trimmed, refs decoded and enums by name', async () => {
		const { client } = sandboxClient(sb);
		const folder = await client.readAll(UT.Catalog_Номенклатура, { select: ['Ref_Key'], filter: and(eq('IsFolder', true), eq('Description', 'Товары')) });
		expect(folder).toHaveLength(1);
		const items = await client.readAll(UT.Catalog_Номенклатура, {
			select: ['Ref_Key', 'Code', 'Description', 'Артикул', 'ЕдиницаХраненияОстатков_Key', 'СтавкаНДС', 'Услуга', 'ВесовойКоэффициентВхождения', 'ОсновноеИзображение_Key'],
			filter: and(eq('Parent_Key', guid(folder[0].Ref_Key)), eq('IsFolder', false), eq('DeletionMark', false)),
			orderby: ['Code'],
		});
		expect(items.slice(0, 2)).toEqual([
			{ Ref_Key: SEED_IDS.items.jeans48, Code: '00000000797', Description: 'Джинсы Элегантность (48)', Артикул: 'ДЖ-48', ЕдиницаХраненияОстатков_Key: SEED_IDS.units.jeans48Pcs, СтавкаНДС: 'НДС20', Услуга: false, ВесовойКоэффициентВхождения: 0, ОсновноеИзображение_Key: null },
			{ Ref_Key: SEED_IDS.items.jeans50, Code: '00000000798', Description: 'Джинсы Элегантность (50)', Артикул: 'ДЖ-50', ЕдиницаХраненияОстатков_Key: SEED_IDS.units.jeans50Pcs, СтавкаНДС: 'НДС20', Услуга: false, ВесовойКоэффициентВхождения: 0, ОсновноеИзображение_Key: null },
		]);
	});

	it('pages with $top/$skip: exact request count for a small page size', async () => {
		const { client } = sandboxClient(sb);
		const all = await client.readAll(UT.Catalog_Номенклатура, { select: ['Ref_Key', 'Description'], pageSize: 3 });
		const log = (await ctl.requests()).filter((r) => r.path.endsWith('/Catalog_Номенклатура'));
		expect(all).toHaveLength(10);
		expect(new Set(all.map((r) => r.Ref_Key)).size).toBe(10);
		// Pages after the first overlap by one row (the anchor that proves nothing moved).
		expect(log.map((r) => `${r.query.$top}/${r.query.$skip ?? 0}`)).toEqual(['3/0', '4/2', '4/5', '4/8']);
		expect(log.every((r) => r.query.$orderby === 'Ref_Key' && r.query.$select === 'Ref_Key,Description')).toBe(true);
	});

	it('get by key, find of a missing key → null, get of a missing key → code 9', async () => {
		const { client } = sandboxClient(sb);
		const unit = await client.get(UT.Catalog_ЕдиницыИзмерения, SEED_IDS.units.socksPack, ['Description', 'Коэффициент', 'Owner', 'Owner_Type', 'ЕдиницаПоКлассификатору_Key']);
		expect(unit).toEqual({ Description: 'упак (6 шт)', Коэффициент: 6, Owner: SEED_IDS.items.socks, Owner_Type: 'StandardODATA.Catalog_Номенклатура', ЕдиницаПоКлассификатору_Key: SEED_IDS.unitClassifier.pack });
		const missing = '5eed0099-0000-4000-8000-000000000001';
		expect(await client.find(UT.Catalog_Склады, missing, ['Ref_Key'])).toBeNull();
		await expect(client.get(UT.Catalog_Склады, missing, ['Ref_Key'])).rejects.toMatchObject({ kind: 'odata', status: 404, code: '9' });
	});

	it('readWhereIn fetches many keys in URL-bounded chunks', async () => {
		const { client } = sandboxClient(sb, { maxUrlLength: 500 });
		const keys = Object.values(SEED_IDS.items);
		const rows = await client.readWhereIn(UT.Catalog_Номенклатура, 'Ref_Key', keys, { select: ['Ref_Key', 'Code'] });
		expect(rows.map((r) => r.Ref_Key).sort()).toEqual([...keys].sort());
		const log = (await ctl.requests()).filter((r) => r.path.endsWith('/Catalog_Номенклатура'));
		expect(log.length).toBeGreaterThan(1);
		expect(log.every((r) => r.rawUrl.length + `http://127.0.0.1:${sb.port}`.length <= 500)).toBe(true);
	});

	it('a quote inside a string literal is escaped, not a syntax error', async () => {
		const { client } = sandboxClient(sb);
		expect(await client.readAll(UT.Catalog_Контрагенты, { select: ['Ref_Key'], filter: eq('Description', "O'Brien & Сыновья + Ко") })).toEqual([]);
		expect(await client.readAll(UT.Catalog_Контрагенты, { select: ['Ref_Key'], filter: eq('Description', 'ООО "Ромашка"') })).toEqual([{ Ref_Key: SEED_IDS.counterparties.romashka }]);
	});
});

describe('virtual tables', () => {
	it('Balance of ТоварыНаСкладах for the main warehouse: jeans 23 and 41', async () => {
		for (const style of ['query', 'parentheses'] as const) {
			const { client } = sandboxClient(sb, { functionParamStyle: style });
			const rows = await client.balance(UT.AccumulationRegister_ТоварыНаСкладах, {
				dimensions: ['Склад', 'Номенклатура', 'ХарактеристикаНоменклатуры'],
				condition: eq('Склад_Key', guid(SEED_IDS.warehouses.main)),
			});
			const byItem = new Map(rows.filter((r) => r.ХарактеристикаНоменклатуры_Key === null).map((r) => [r.Номенклатура_Key, r.КоличествоBalance]));
			expect(byItem.get(SEED_IDS.items.jeans48)).toBe(23);
			expect(byItem.get(SEED_IDS.items.jeans50)).toBe(41);
			expect(rows.every((r) => r.Склад_Key === SEED_IDS.warehouses.main)).toBe(true);
		}
	});

	it('Balance at a past period and with a filter after aggregation', async () => {
		const { client } = sandboxClient(sb);
		const rows = await client.balance(UT.AccumulationRegister_ТоварыНаСкладах, {
			dimensions: ['Номенклатура'],
			period: '2024-04-01T00:00:00',
			filter: eq('Номенклатура_Key', guid(SEED_IDS.items.jeans48)),
		});
		expect(rows).toEqual([{ Номенклатура_Key: SEED_IDS.items.jeans48, КоличествоBalance: 20 }]);
	});

	it('a base that ignores $skip on virtual tables (virtualTableSkip: ignored): the repeat is seen, the rest read in one request, the same rows; remembered', async () => {
		const read = async () => {
			const { client, logs } = sandboxClient(sb);
			const rows = await readBalance(client, 'ТоварыНаСкладах', [SEED_IDS.warehouses.main], { pageSize: 2 });
			return { client, logs, rows: rows.map((r) => `${r.Номенклатура_Key}|${r.ХарактеристикаНоменклатуры_Key}|${r.КоличествоBalance}`).sort() };
		};
		const honoured = await read();
		expect(honoured.rows.length).toBeGreaterThan(3);
		forgetSliceLastForms();
		await ctl.config({ virtualTableSkip: 'ignored' });
		await ctl.clearRequests();
		const ignored = await read();
		expect(ignored.rows).toEqual(honoured.rows);
		const asked = (await ctl.requests()).filter((r) => r.path.includes('ТоварыНаСкладах/Balance')).map((r) => [r.query.$skip ?? null, r.query.$top ?? null]);
		// page 1, page 2 (answered from the first row again), then the whole table without $top/$skip
		expect(asked).toEqual([[null, '2'], ['1', '3'], [null, null]]);
		expect(ignored.logs.join('\n')).toMatch(/\$skip on virtual tables/);
		expect(ignored.client.supports('virtualTableSkip')).toBe(false);
	});

	it('reserves carry their composite ДокументРезерва', async () => {
		const { client } = sandboxClient(sb);
		const rows = await client.balance(UT.AccumulationRegister_ТоварыВРезервеНаСкладах, { dimensions: ['Склад', 'Номенклатура', 'ДокументРезерва'] });
		expect(rows).toEqual([
			{ Склад_Key: SEED_IDS.warehouses.main, Номенклатура_Key: SEED_IDS.items.jeans50, ДокументРезерва: SEED_IDS.orders.existing, ДокументРезерва_Type: 'StandardODATA.Document_ЗаказПокупателя', КоличествоBalance: 2 },
		]);
	});

	it('SliceLast of ЦеныНоменклатуры: retail price 300 for both jeans, on _RecordType, probed once', async () => {
		const { client } = sandboxClient(sb);
		const rows = await client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры, { condition: eq('ТипЦен_Key', guid(SEED_IDS.priceTypes.retail)) });
		const jeans = rows.filter((r) => r.Номенклатура_Key === SEED_IDS.items.jeans48 || r.Номенклатура_Key === SEED_IDS.items.jeans50);
		expect(jeans.map((r) => r.Цена)).toEqual([300, 300]);
		expect(jeans.every((r) => r.Period === '2024-06-01T00:00:00' && r.Валюта_Key === SEED_IDS.currencies.rub)).toBe(true);
		await client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры, { period: '2024-02-01T00:00:00' });
		const log = await ctl.requests();
		expect(log.map((r) => r.path.replace(/^.*standard\.odata/, ''))).toEqual([
			'/InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast',
			'/InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast',
		]);
		expect(client.rememberedSliceLastForm(UT.InformationRegister_ЦеныНоменклатуры)).toBe('recordType');
	});

	it('SliceLast fallback: _RecordType missing → plain form works in lenient mode and is remembered', async () => {
		await ctl.config({ strictSliceLast: false });
		await ctl.faults({ status: 404, count: 1, match: '_RecordType/SliceLast' });
		const { client } = sandboxClient(sb);
		const rows = await client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры, { condition: eq('ТипЦен_Key', guid(SEED_IDS.priceTypes.purchase)) });
		expect(rows.find((r) => r.Номенклатура_Key === SEED_IDS.items.jeans50)?.Цена).toBe(190);
		expect(client.rememberedSliceLastForm(UT.InformationRegister_ЦеныНоменклатуры)).toBe('plain');
		await client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры);
		const paths = (await ctl.requests()).map((r) => r.path.replace(/^.*standard\.odata/, ''));
		expect(paths).toEqual([
			'/InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast',
			'/InformationRegister_ЦеныНоменклатуры/SliceLast',
			'/InformationRegister_ЦеныНоменклатуры/SliceLast',
		]);
	});

	it('SliceLast in strict mode: the plain form is refused with code 6 «Метод не найден»', async () => {
		await ctl.config({ strictSliceLast: true });
		const forcedPlain = sandboxClient(sb, { sliceLastForm: 'plain' });
		await expect(forcedPlain.client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры)).rejects.toMatchObject({ kind: 'odata', code: '6', hint: expect.stringMatching(/does not support that function/) });
		// The auto mode never needs the plain form here.
		const auto = sandboxClient(sb);
		expect((await auto.client.sliceLast(UT.InformationRegister_ЦеныНоменклатуры)).length).toBeGreaterThan(0);
	});

	it('ТоварыВРознице holds the retail warehouse stock with its sale sum', async () => {
		const { client } = sandboxClient(sb);
		const rows = await client.balance(UT.AccumulationRegister_ТоварыВРознице, {
			dimensions: ['Склад', 'Номенклатура', 'ХарактеристикаНоменклатуры'],
			condition: eq('Склад_Key', guid(SEED_IDS.warehouses.retail)),
		});
		expect(rows.find((r) => r.Номенклатура_Key === SEED_IDS.items.jeans48)).toEqual({
			Склад_Key: SEED_IDS.warehouses.retail,
			Номенклатура_Key: SEED_IDS.items.jeans48,
			ХарактеристикаНоменклатуры_Key: null,
			КоличествоBalance: 4,
			СуммаПродажнаяBalance: 1200,
		});
	});

	it('barcodes: the Штрихкоды record set, paged over an explicit order, owners typed', async () => {
		const { client } = sandboxClient(sb);
		const barcodes = UT.InformationRegister_Штрихкоды.records;
		const rows = await client.readAll(barcodes, {
			select: ['Штрихкод', 'Владелец', 'Владелец_Type', 'ХарактеристикаНоменклатуры_Key', 'ЕдиницаИзмерения_Key'],
			orderby: ['Штрихкод'],
			pageSize: 2,
		});
		expect(rows).toEqual([
			{ Штрихкод: '4600000000017', Владелец: SEED_IDS.items.jeans48, Владелец_Type: 'StandardODATA.Catalog_Номенклатура', ХарактеристикаНоменклатуры_Key: null, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs },
			{ Штрихкод: '4600000000024', Владелец: SEED_IDS.items.jeans50, Владелец_Type: 'StandardODATA.Catalog_Номенклатура', ХарактеристикаНоменклатуры_Key: null, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans50Pcs },
			{ Штрихкод: '4600000000031', Владелец: SEED_IDS.items.tshirt, Владелец_Type: 'StandardODATA.Catalog_Номенклатура', ХарактеристикаНоменклатуры_Key: SEED_IDS.characteristics.whiteM, ЕдиницаИзмерения_Key: SEED_IDS.units.tshirtPcs },
		]);
	});

	it('exchange rates: SliceLast on the non-subordinate КурсыВалют', async () => {
		const { client } = sandboxClient(sb);
		const rates = await client.sliceLast(UT.InformationRegister_КурсыВалют);
		expect(rates.find((r) => r.Валюта_Key === SEED_IDS.currencies.usd)).toMatchObject({ Курс: 90, Кратность: 1 });
	});
});

describe('paging over the large fixture', () => {
	let large: OneCSandbox;
	beforeAll(async () => {
		large = await startOneCSandbox({ port: 0, fixture: 'large', large: { items: 2500, characteristics: 50 } });
	});
	afterAll(async () => large.close());

	it('reads every item over several 1000-row pages with a stable order', async () => {
		const { client, transport } = sandboxClient(large);
		const pages: number[] = [];
		const seen = new Set<string>();
		for await (const page of client.pages(UT.Catalog_Номенклатура, { select: ['Ref_Key', 'Code', 'Description', 'IsFolder'] })) {
			pages.push(page.length);
			for (const r of page) seen.add(r.Ref_Key);
		}
		const total = pages.reduce((a, b) => a + b, 0);
		expect(total).toBeGreaterThan(2500);
		expect(seen.size).toBe(total);
		expect(pages.slice(0, -1).every((n) => n === 1000)).toBe(true);
		expect(transport.count).toBe(Math.floor(total / 1000) + 1);
	});

	it("Balance pages of several MB come as bytes and are read in pieces (value-pieces.ts): compact or in 1C's lines, the same rows", async () => {
		const Stock = UT.AccumulationRegister_ТоварыНаСкладах;
		// Pages over 1 MB (PIECES_FROM_BYTES): a fixture larger than this block's.
		const big = await startOneCSandbox({ port: 0, fixture: 'large', large: { items: 12_000, characteristics: 50 } });
		const read = async () => {
			const { client, transport } = sandboxClient(big);
			const asked: boolean[] = [];
			const inner = transport.request.bind(transport);
			let piecesBytes = 0;
			let pieced = 0;
			transport.request = async (req) => {
				asked.push(req.bytes === true);
				const res = await inner(req);
				piecesBytes = Math.max(piecesBytes, res.bytes?.length ?? 0);
				if (res.bytes !== undefined && readValueInPieces(res.bytes) !== undefined) pieced++;
				return res;
			};
			const rows: string[] = [];
			for await (const page of client.balancePages(Stock, { dimensions: ['Склад', 'Номенклатура', 'ХарактеристикаНоменклатуры'], pageSize: 10_000 })) {
				for (const row of page) rows.push(`${row.Склад_Key}|${row.Номенклатура_Key}|${row.ХарактеристикаНоменклатуры_Key}|${row.КоличествоBalance}`);
			}
			return { rows, asked, piecesBytes, pieced, requests: transport.count };
		};
		try {
			const compact = await read();
			// A real 1C may lay its JSON out in lines (CR LF, a tab before each field); the sandbox writes it compact.
			big.state.faults.rewrite.push({
				count: 1000,
				match: 'Balance',
				apply: (reply) => ({ ...reply, body: JSON.stringify(JSON.parse(reply.body), null, '\t').replace(/\n/g, '\r\n').replace(/\},\r\n\t\t\{/g, '},{') }),
			});
			const lines = await read();
			expect(compact.rows.length).toBeGreaterThan(10_000);
			expect(compact.piecesBytes).toBeGreaterThan(2 ** 20);
			expect(compact.asked.every(Boolean)).toBe(true);
			// Both layouts' pages of 10,000 rows were read in pieces, not as text.
			expect(compact.pieced).toBeGreaterThan(0);
			expect(lines.pieced).toBe(compact.pieced);
			expect(lines.rows).toEqual(compact.rows);
			expect(lines.requests).toBe(compact.requests);
		} finally {
			await big.close();
		}
	});

	describe('a SliceLast read asked for early (startSliceLastPages)', () => {
		const Prices = UT.InformationRegister_ЦеныНоменклатуры;
		const read = { period: '2030-01-01T00:00:00', pageSize: 1000, columns: ['ТипЦен_Key', 'Номенклатура_Key', 'ХарактеристикаНоменклатуры_Key', 'Цена'] as const };
		/** The rows of the read, the SliceLast requests 1C logged (top/skip/Period), and whether the first was sent before the read began. */
		async function sliceRead(early: Partial<typeof read> | undefined) {
			await ctl2.reset();
			const { client, transport } = sandboxClient(large);
			const sent: number[] = [];
			const inner = transport.request.bind(transport);
			transport.request = async (req) => {
				sent.push(performance.now());
				return await inner(req);
			};
			if (early !== undefined) client.startSliceLastPages(Prices, { ...read, ...early });
			await new Promise((r) => setTimeout(r, 50)); // the caller's other work
			const began = performance.now();
			const rows: string[] = [];
			for await (const page of client.sliceLastPages(Prices, read)) for (const row of page) rows.push(`${row.ТипЦен_Key}|${row.Номенклатура_Key}|${row.ХарактеристикаНоменклатуры_Key}|${row.Цена}`);
			const log = (await ctl2.requests()).filter((r) => r.path.includes('SliceLast')).map((r) => `${r.query.$top}/${r.query.$skip ?? 0}/${r.query.Period}`);
			return { rows, log, sentBeforeRead: sent.filter((at) => at < began).length, requests: transport.count };
		}
		let ctl2: ReturnType<typeof control>;
		beforeAll(() => {
			ctl2 = control(large);
		});

		it('the read takes the early first page: the same rows and the same requests, the first one sent before the read began', async () => {
			const plain = await sliceRead(undefined);
			const early = await sliceRead({});
			expect(plain.rows.length).toBeGreaterThan(2000);
			expect(early.rows).toEqual(plain.rows);
			expect(early.log).toEqual(plain.log);
			expect(early.requests).toBe(plain.requests);
			expect([plain.sentBeforeRead, early.sentBeforeRead]).toEqual([0, 1]);
		});

		it('a read that asks otherwise (another price date) drops the early page and asks for its own', async () => {
			const plain = await sliceRead(undefined);
			const other = await sliceRead({ period: '2029-01-01T00:00:00' });
			expect(other.rows).toEqual(plain.rows);
			expect(other.log).toEqual([plain.log[0].replace('2030', '2029'), ...plain.log]);
			expect(other.requests).toBe(plain.requests + 1);
		});

		it("the early page's error is the read's error", async () => {
			await ctl2.reset();
			const { client } = sandboxClient(large, { retry: { maxAttempts: 1 } });
			await ctl2.faults({ status: 500, count: 1, match: 'SliceLast' });
			client.startSliceLastPages(Prices, read);
			await new Promise((r) => setTimeout(r, 50));
			const pages = client.sliceLastPages(Prices, read);
			await expect(pages.next()).rejects.toMatchObject({ status: 500 });
			expect((await ctl2.requests()).filter((r) => r.path.includes('SliceLast'))).toHaveLength(1);
			await ctl2.clearFaults();
		});

		it('a base without _RecordType/SliceLast: the early page is its "not found", and the read falls back to the plain path', async () => {
			const plain = await sliceRead(undefined);
			forgetSliceLastForms();
			await ctl2.reset();
			await ctl2.config({ strictSliceLast: false });
			await ctl2.faults({ status: 404, count: 1, match: '_RecordType/SliceLast' });
			const { client } = sandboxClient(large);
			client.startSliceLastPages(Prices, read);
			const rows: string[] = [];
			for await (const page of client.sliceLastPages(Prices, read)) for (const row of page) rows.push(`${row.ТипЦен_Key}|${row.Номенклатура_Key}|${row.ХарактеристикаНоменклатуры_Key}|${row.Цена}`);
			expect(rows).toEqual(plain.rows);
			const paths = (await ctl2.requests()).filter((r) => r.path.includes('SliceLast')).map((r) => (r.path.includes('_RecordType/') ? 'recordType' : 'plain'));
			expect(paths[0]).toBe('recordType');
			expect(paths.slice(1).every((p) => p === 'plain')).toBe(true);
			expect(paths).toHaveLength(plain.log.length + 1);
			expect(client.rememberedSliceLastForm(Prices)).toBe('plain');
			forgetSliceLastForms();
			await ctl2.reset();
		});
	});

	/** Pages of Catalog_Номенклатура at 1C with a latency, and a caller that takes as long per page. */
	async function slowRead(readAhead: boolean) {
		const ctl = control(large);
		await ctl.reset();
		await ctl.faults({ latencyMs: 150, match: 'Catalog_Номенклатура' });
		const { client, transport } = sandboxClient(large, { readAhead });
		const inner = transport.request.bind(transport);
		const requestStarts: number[] = [];
		const workEnds: number[] = [];
		transport.request = async (req) => {
			requestStarts.push(performance.now());
			return await inner(req);
		};
		const started = Date.now();
		let rows = 0;
		for await (const page of client.pages(UT.Catalog_Номенклатура, { select: ['Ref_Key'] })) {
			rows += page.length;
			await new Promise((r) => setTimeout(r, 150)); // the caller's work on a page (decoding, folding, uploading)
			workEnds.push(performance.now());
		}
		/** Requests for a page that started before the caller had finished the page before it. */
		const startedDuringWork = requestStarts.filter((at, k) => k > 0 && at < workEnds[k - 1]).length;
		await ctl.clearFaults();
		const log = (await ctl.requests()).filter((r) => r.path.endsWith('/Catalog_Номенклатура')).map((r) => `${r.query.$top}/${r.query.$skip ?? 0}`);
		return { rows, ms: Date.now() - started, startedDuringWork, log };
	}

	it('asks for the next page while the caller works on this one: the same requests, and 1C\'s wait and the caller\'s overlap', async () => {
		const ahead = await slowRead(true);
		const oneByOne = await slowRead(false);
		expect(ahead.rows).toBe(oneByOne.rows);
		expect(ahead.log).toEqual(oneByOne.log); // the same pages, in the same order, no extra request
		expect(ahead.log.length).toBeGreaterThanOrEqual(3);
		// Every page after the first was asked for before the caller had finished the one before it.
		expect([ahead.startedDuringWork, oneByOne.startedDuringWork]).toEqual([ahead.log.length - 1, 0]);
		// n pages: about n × (150 + 150) ms one by one, about n × 150 + 150 ms with read-ahead.
		expect(ahead.ms).toBeLessThan(oneByOne.ms * 0.85);
	});
});

describe('URLs within the web server\'s limits (IIS refuses a query string over 2,048 bytes: the sandbox default)', () => {
	// 80 mapped warehouses, 12 price types: the OR-chains of a Balance or SliceLast Condition are cut into several reads.
	const refs = (n: number) => Array.from({ length: n }, (_, i) => `5eed00ff-0000-4000-8000-${String(i).padStart(12, '0')}`);
	const longest = async () => {
		const sizes = (await ctl.requests()).map((r) => {
			const at = r.rawUrl.indexOf('?');
			return { url: Buffer.byteLength(r.rawUrl), query: at < 0 ? 0 : Buffer.byteLength(r.rawUrl.slice(at + 1)), status: r.status };
		});
		return { url: Math.max(...sizes.map((s) => s.url)), query: Math.max(...sizes.map((s) => s.query)), statuses: [...new Set(sizes.map((s) => s.status))] };
	};

	it.each([
		['one request per chunk', 0],
		['paged ($orderby, $top, $skip)', 2],
	])('Balance on 80 warehouses, %s: every URL within the client\'s 2,000 characters, the stock of the real ones read', async (_how, pageSize) => {
		const { client } = sandboxClient(sb);
		const rows = await readBalance(client, 'ТоварыНаСкладах', [...refs(80), SEED_IDS.warehouses.main], { period: '2024-06-01T23:59:59', pageSize });
		expect(rows.some((r) => r.Склад_Key === SEED_IDS.warehouses.main)).toBe(true);
		const seen = await longest();
		expect(seen.statuses).toEqual([200]);
		expect(seen.url).toBeLessThanOrEqual(2000);
		expect(seen.query).toBeLessThanOrEqual(2048);
	});

	it('SliceLast of prices for 40 price types, paged: every URL within 2,000 characters, the seed\'s retail price read', async () => {
		const { client } = sandboxClient(sb);
		const types = [...refs(40), SEED_IDS.priceTypes.retail];
		const rows: Array<{ ТипЦен_Key: string | null; Цена: number }> = [];
		for (const condition of priceTypeConditions(client, types, { pageSize: 1, period: 'now' })) {
			for await (const page of client.sliceLastPages(UT.InformationRegister_ЦеныНоменклатуры, { condition, pageSize: 1 })) rows.push(...(page as typeof rows));
		}
		expect(rows.some((r) => r.ТипЦен_Key === SEED_IDS.priceTypes.retail && r.Цена === 300)).toBe(true);
		const seen = await longest();
		expect(seen.statuses).toEqual([200]);
		expect(seen.url).toBeLessThanOrEqual(2000);
	});

	it('a web server with a lower limit than the client\'s: the read fails saying the URL was too long, not that the register is unpublished', async () => {
		await ctl.config({ maxQueryStringLength: 600 });
		const { client } = sandboxClient(sb);
		const failure = await readBalance(client, 'ТоварыНаСкладах', [...refs(80)], { pageSize: 2 }).catch((e: unknown) => e);
		expect(failure).toMatchObject({ kind: 'server', status: 404, message: expect.stringMatching(/^1C's web server refused a URL as too long \(HTTP 404\.15\)/) });
		expect((failure as Error).name).not.toBe('RegisterNotPublishedError');
		expect(String((failure as { hint?: string }).hint)).toMatch(/maxQueryString/);
	});

	it('the client\'s own chunking: a URL budget of 1,500 characters gives more, shorter reads of the same rows', async () => {
		const { client } = sandboxClient(sb, { maxUrlLength: 1500 });
		const warehouses = [...refs(80), SEED_IDS.warehouses.main];
		expect(warehouseConditions(client, 'ТоварыНаСкладах', warehouses, { pageSize: 2 }).length).toBeGreaterThan(warehouseConditions(sandboxClient(sb).client, 'ТоварыНаСкладах', warehouses, { pageSize: 2 }).length);
		await readBalance(client, 'ТоварыНаСкладах', warehouses, { pageSize: 2 });
		expect((await longest()).url).toBeLessThanOrEqual(1500);
	});
});
