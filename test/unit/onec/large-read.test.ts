/**
 * 1C reads of 500,000 rows (issue: `rows.push(...all)` over a whole result set overflowed the stack at about 125,000
 * rows on Node 20, in Get Balances and the barcode read). A fake 1C serves generated rows with $top/$skip, so the reads
 * run as they do against a real base: entity sets in pages of 1000, Balance and SliceLast in pages of 50,000 (and
 * Balance in one request), the barcode register whole. Every row arrives once, with the exact number of requests.
 */
import { forgetSliceLastForms, OneCClient } from '../../../nodes/core/onec/client';
import { UT } from '../../../nodes/core/onec/model';
import { readBarcodes } from '../../../nodes/core/sync/catalog/barcodes';
import { getPrices } from '../../../nodes/core/sync/prices/get-prices';
import { readBalance } from '../../../nodes/core/sync/onec-read/balance-read';
import { getBalances } from '../../../nodes/core/sync/stock/get-balances';
import { BalanceTotals } from '../../../nodes/core/sync/stock/balance-rows';
import { fakeClock } from '../../helpers/axios-transport';
import { bytesResponse } from '../../../nodes/core/http/transport';
import { fakeTransport } from './fake-transport';

jest.setTimeout(120_000);

const ROWS = 500_000;
const WAREHOUSE = '5eed0004-0000-4000-8000-000000000001';
const guid = (n: number) => `5eed0008-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

type Rows = { count: number; row: (i: number) => string };

/** A 1C that answers `rows(index)` for indexes 0..count-1, paged by $top/$skip (whole without $top); `sets` by the set in the path. */
function fake1C(count: number, row: (i: number) => string, sets: Record<string, Rows> = {}) {
	return fakeTransport((req) => {
		const url = new URL(req.url);
		const path = decodeURIComponent(url.pathname);
		const set = Object.keys(sets).find((name) => path.includes(`/${name}`));
		const source = set === undefined ? { count, row } : sets[set];
		const params = url.searchParams;
		const skip = Number(params.get('$skip') ?? 0);
		const top = params.has('$top') ? Number(params.get('$top')) : source.count;
		const end = Math.min(source.count, skip + top);
		const parts: string[] = [];
		for (let i = skip; i < end; i++) parts.push(source.row(i));
		const body = `{"value":[${parts.join(',')}]}`;
		// As n8n's transport: bytes when the client asks (its large pages are then read in pieces, value-pieces.ts).
		const headers = { 'content-type': 'application/json' };
		return req.bytes === true ? bytesResponse(200, headers, Buffer.from(body)) : { status: 200, headers, body };
	});
}

const clientOf = (transport: ReturnType<typeof fake1C>) => new OneCClient({ rootUrl: 'http://1c.local/base/odata/standard.odata', transport, clock: fakeClock() });

beforeEach(() => forgetSliceLastForms());

describe('a 1C read of 500,000 rows', () => {
	it('an entity set in pages of 1000: every row once, 501 requests', async () => {
		const t = fake1C(ROWS, (i) => `{"Ref_Key":"${guid(i)}","Code":"${String(i).padStart(11, '0')}"}`);
		const rows = await clientOf(t).readAll(UT.Catalog_Номенклатура, { select: ['Ref_Key', 'Code'] });
		expect(rows).toHaveLength(ROWS);
		expect(rows[ROWS - 1]).toEqual({ Ref_Key: guid(ROWS - 1), Code: String(ROWS - 1).padStart(11, '0') });
		expect(new Set(rows.map((r) => r.Ref_Key)).size).toBe(ROWS);
		expect(t.requests).toHaveLength(ROWS / 1000 + 1);
	});

	const balanceRow = (i: number) => `{"Склад_Key":"${WAREHOUSE}","Номенклатура_Key":"${guid(i)}","ХарактеристикаНоменклатуры_Key":"00000000-0000-0000-0000-000000000000","КоличествоBalance":${(i % 7) + 1}}`;

	it('Balance in one request (Balance Page Size 0): every row, no stack overflow', async () => {
		const whole = fake1C(ROWS, balanceRow);
		const rows = await readBalance(clientOf(whole), 'ТоварыНаСкладах', [WAREHOUSE], { pageSize: 0 });
		expect(rows).toHaveLength(ROWS);
		expect(whole.requests).toHaveLength(1);
		const totals = new BalanceTotals([WAREHOUSE]);
		totals.add(rows, 'stock');
		expect(totals.size).toBe(ROWS);
	});

	const item = (i: number) => `{"Ref_Key":"${guid(i)}","Code":"${String(i).padStart(11, '0')}","Description":"Товар ${i}","Артикул":"","Parent_Key":"00000000-0000-0000-0000-000000000000","DeletionMark":false,"Услуга":false,"Набор":false,"ВестиУчетПоХарактеристикам":false,"ЕдиницаХраненияОстатков_Key":"00000000-0000-0000-0000-000000000000","СтавкаНДС":"НДС20"}`;

	it('Get Balances of 500,000 offers: one output row each, requests 1 + 11 pages of Balance + 501 pages of items', async () => {
		const t = fake1C(ROWS, balanceRow, {
			Catalog_Склады: { count: 1, row: () => `{"Ref_Key":"${WAREHOUSE}","Code":"000000001","Description":"Основной склад","ВидСклада":"Оптовый","IsFolder":false}` },
			Catalog_Номенклатура: { count: ROWS, row: item },
		});
		const { items } = await getBalances(clientOf(t), { warehouseRefs: [WAREHOUSE] });
		expect(items).toHaveLength(ROWS);
		expect(items[ROWS - 1]).toMatchObject({ offerKey: guid(ROWS - 1), itemName: `Товар ${ROWS - 1}`, warehouseCode: '000000001', quantity: ((ROWS - 1) % 7) + 1 });
		expect(t.requests).toHaveLength(1 + (ROWS / 50_000 + 1) + (ROWS / 1000 + 1));
	});

	it('Get Prices of 500,000 offers: price types, SliceLast in 11 pages, items, currencies', async () => {
		const RETAIL = '5eed0005-0000-4000-8000-000000000002';
		const RUB = '5eed0003-0000-4000-8000-000000000001';
		const t = fake1C(
			ROWS,
			(i) => `{"Period":"2024-05-20T00:00:00","ТипЦен_Key":"${RETAIL}","Номенклатура_Key":"${guid(i)}","ХарактеристикаНоменклатуры_Key":"00000000-0000-0000-0000-000000000000","Цена":${(i % 1000) + 1},"Валюта_Key":"${RUB}","ЕдиницаИзмерения_Key":"00000000-0000-0000-0000-000000000000","ПроцентСкидкиНаценки":0,"СпособРасчетаЦены":""}`,
			{
				Catalog_ТипыЦенНоменклатуры: { count: 1, row: () => `{"Ref_Key":"${RETAIL}","Code":"2","Description":"Розничная","ВалютаЦены_Key":"${RUB}","БазовыйТипЦен_Key":"00000000-0000-0000-0000-000000000000","Рассчитывается":false,"ПроцентСкидкиНаценки":0,"ЦенаВключаетНДС":true,"ПорядокОкругления":"Окр0_01","ОкруглятьВБольшуюСторону":false,"СпособРасчетаЦены":""}` },
				Catalog_Номенклатура: { count: ROWS, row: item },
				Catalog_Валюты: { count: 1, row: () => `{"Ref_Key":"${RUB}","Code":"643","Description":"руб."}` },
			},
		);
		const { items, problems } = await getPrices(clientOf(t), { priceTypeRefs: [RETAIL], period: '2030-01-01T00:00:00' });
		expect(problems).toEqual([]);
		expect(items).toHaveLength(ROWS);
		expect(items[7]).toMatchObject({ offerKey: guid(7), price: 8, currencyCode: '643', priceTypeName: 'Розничная' });
		expect(t.requests).toHaveLength(1 + (ROWS / 50_000 + 1) + (ROWS / 1000 + 1) + 1);
	});

	it('the barcode register read whole: 500,000 barcodes indexed by offer', async () => {
		const t = fake1C(
			ROWS,
			(i) => `{"Штрихкод":"${4600000000000 + i}","Владелец":"${guid(i)}","Владелец_Type":"StandardODATA.Catalog_Номенклатура","ХарактеристикаНоменклатуры_Key":"00000000-0000-0000-0000-000000000000"}`,
		);
		const index = await readBarcodes(clientOf(t));
		expect(index.size).toBe(ROWS);
		expect(index.get(guid(123_456))).toEqual([String(4600000000000 + 123_456)]);
		expect(t.requests).toHaveLength(ROWS / 1000 + 1);
	});
});
