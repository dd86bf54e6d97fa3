/**
 * A 1C page of 50,000 rows is handed on in slices of DECODE_SLICE_ROWS with a turn of the event loop between them, so
 * a timer due while a page is decoded and folded runs before the rest of it (the direct stock mode reads the prices
 * while the stock upload's pacer waits on timers: README "Large catalogs"). Pages that fit one slice come whole, with
 * no wait.
 */
import { DECODE_SLICE_ROWS, forgetSliceLastForms, OneCClient } from '../../../nodes/core/onec/client';
import { UT } from '../../../nodes/core/onec/model';
import { fakeClock, realClock } from '../../helpers/axios-transport';
import { collection, fakeTransport } from './fake-transport';

const WAREHOUSE = '5eed0004-0000-4000-8000-000000000001';
const guid = (n: number) => `5eed0008-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const balanceRow = (i: number) => ({ Склад_Key: WAREHOUSE, Номенклатура_Key: guid(i), ХарактеристикаНоменклатуры_Key: '00000000-0000-0000-0000-000000000000', КоличествоBalance: (i % 7) + 1 });

/** A 1C whose virtual table has `count` rows made by `row`, paged by $top/$skip (whole without $top). */
function pagedOf(count: number, row: (i: number) => Record<string, unknown>) {
	return fakeTransport((req) => {
		const params = new URL(req.url).searchParams;
		const skip = Number(params.get('$skip') ?? 0);
		const top = params.has('$top') ? Number(params.get('$top')) : count;
		const rows = [];
		for (let i = skip; i < Math.min(count, skip + top); i++) rows.push(row(i));
		return collection(rows);
	});
}
const balanceOf = (count: number) => pagedOf(count, balanceRow);

beforeEach(() => forgetSliceLastForms());

describe('a 1C page is handed on in slices', () => {
	it('25,000 rows in one page: slices of 10,000, 10,000 and 5,000, and a timer due after the first runs before the second', async () => {
		const transport = balanceOf(25_000);
		const client = new OneCClient({ rootUrl: 'http://1c.local/base/odata/standard.odata', transport, clock: realClock });
		const sizes: number[] = [];
		const timerRanBefore: boolean[] = [];
		let timerRan = false;
		const seen: string[] = [];
		for await (const slice of client.balancePages(UT.AccumulationRegister_ТоварыНаСкладах, { dimensions: ['Склад', 'Номенклатура', 'ХарактеристикаНоменклатуры'] })) {
			timerRanBefore.push(timerRan);
			sizes.push(slice.length);
			for (const row of slice) seen.push(row.Номенклатура_Key as string);
			// What a pacer does while the read goes on: a timer that is due now.
			if (sizes.length === 1) setTimeout(() => (timerRan = true), 0);
		}
		expect(sizes).toEqual([10_000, 10_000, 5_000]);
		expect(timerRanBefore).toEqual([false, true, true]);
		expect(DECODE_SLICE_ROWS).toBe(10_000);
		expect(transport.requests).toHaveLength(1);
		expect(seen).toHaveLength(25_000);
		expect(new Set(seen).size).toBe(25_000);
		expect(seen[24_999]).toBe(guid(24_999));
	});

	it('a page of 10,000 rows or fewer comes whole, without waiting on the clock', async () => {
		const clock = fakeClock();
		const client = new OneCClient({ rootUrl: 'http://1c.local/base/odata/standard.odata', transport: balanceOf(10_000), clock });
		const sizes: number[] = [];
		for await (const slice of client.balancePages(UT.AccumulationRegister_ТоварыНаСкладах, { dimensions: ['Склад', 'Номенклатура', 'ХарактеристикаНоменклатуры'] })) sizes.push(slice.length);
		expect(sizes).toEqual([10_000]);
		expect(clock.slept).toEqual([]);
	});

	it('SliceLast pages too: 60,000 price rows in pages of 50,000 come as 10,000-row slices, every row once', async () => {
		const transport = pagedOf(60_000, (i) => ({ Номенклатура_Key: guid(i), ТипЦен_Key: WAREHOUSE, ХарактеристикаНоменклатуры_Key: '00000000-0000-0000-0000-000000000000', Цена: i }));
		const clock = fakeClock();
		const client = new OneCClient({ rootUrl: 'http://1c.local/base/odata/standard.odata', transport, clock, sliceLastForm: 'plain' });
		const sizes: number[] = [];
		const prices = new Set<number>();
		for await (const slice of client.sliceLastPages(UT.InformationRegister_ЦеныНоменклатуры, { columns: ['Номенклатура_Key', 'ТипЦен_Key', 'ХарактеристикаНоменклатуры_Key', 'Цена'], period: 'latest' })) {
			sizes.push(slice.length);
			for (const row of slice) prices.add(row.Цена as number);
		}
		expect(sizes).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
		expect(prices.size).toBe(60_000);
		expect(transport.requests).toHaveLength(2);
		// One turn of the event loop before each slice after a page's first: 4 in the first page, 0 in the second (one slice).
		expect(clock.slept).toEqual([0, 0, 0, 0]);
	});
});
