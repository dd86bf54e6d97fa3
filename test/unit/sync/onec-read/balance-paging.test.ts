/**
 * Balance paging against a 1C that ignores $skip on virtual tables (unverified on a real base, so guarded):
 * the repeat of the first page is detected, the rest is read in one request and the base is remembered as one
 * that needs it, instead of looping or duplicating rows.
 */
import { forgetSliceLastForms, OneCClient } from '../../../../nodes/core/onec/client';
import type { HttpRequest, Transport } from '../../../../nodes/core/http/transport';
import { readBalance } from '../../../../nodes/core/sync/onec-read/balance-read';
import { fakeClock } from '../../../helpers/axios-transport';

const WAREHOUSE = '5eed0004-0000-4000-8000-000000000001';
const row = (n: number) => ({
	Склад_Key: WAREHOUSE,
	Номенклатура_Key: `5eed0008-0000-4000-8000-${String(n).padStart(12, '0')}`,
	ХарактеристикаНоменклатуры_Key: '00000000-0000-0000-0000-000000000000',
	КоличествоBalance: n,
});

function transport(answer: (req: HttpRequest) => unknown[]): Transport & { urls: string[] } {
	const urls: string[] = [];
	return {
		urls,
		async request(req) {
			urls.push(req.url);
			return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: answer(req) }) };
		},
	};
}

const client = (t: Transport) => new OneCClient({ rootUrl: 'http://1c.local/base/odata/standard.odata', transport: t, clock: fakeClock() });

beforeEach(() => forgetSliceLastForms());

describe('readBalance with a page size', () => {
	it('reads pages until a short one, rows decoded (empty characteristic → null)', async () => {
		const all = [1, 2, 3, 4, 5].map(row);
		const t = transport((req) => {
			const params = new URL(req.url).searchParams;
			const skip = Number(params.get('$skip') ?? 0);
			return all.slice(skip, skip + Number(params.get('$top')));
		});
		const rows = await readBalance(client(t), 'ТоварыНаСкладах', [WAREHOUSE], { pageSize: 2, period: '2024-06-01T23:59:59' });
		expect(rows.map((r) => r.КоличествоBalance)).toEqual([1, 2, 3, 4, 5]);
		expect(rows[0].ХарактеристикаНоменклатуры_Key).toBeNull();
		// 2, then 3 from one row early (skip 1: the last row seen must come first), then the short page.
		expect(t.urls.map((u) => [new URL(u).searchParams.get('$skip') ?? '0', new URL(u).searchParams.get('$top')])).toEqual([
			['0', '2'],
			['1', '3'],
			['3', '3'],
		]);
		const first = new URL(t.urls[0]).searchParams;
		// Balance at the end of that second: 1C's bound is exclusive, so the next second is sent (docs/1c-odata.md#virtual-tables).
		expect(first.get('Period')).toBe("datetime'2024-06-02T00:00:00'");
		expect(first.get('Dimensions')).toBe('Склад,Номенклатура,ХарактеристикаНоменклатуры');
		expect(first.get('$orderby')).toBe('Склад_Key,Номенклатура_Key,ХарактеристикаНоменклатуры_Key');
	});

	it('a server that ignores $skip: seen on the second page, the rest read in one request, remembered for the base', async () => {
		const all = [1, 2, 3, 4, 5].map(row);
		const t = transport((req) => {
			const top = new URL(req.url).searchParams.get('$top');
			return top === null ? all : all.slice(0, Number(top));
		});
		const lines: string[] = [];
		const c = new OneCClient({ rootUrl: 'http://1c.local/base/odata/standard.odata', transport: t, clock: fakeClock(), logger: (l) => lines.push(l) });
		const rows = await readBalance(c, 'ТоварыНаСкладах', [WAREHOUSE], { pageSize: 2 });
		expect(rows.map((r) => r.КоличествоBalance)).toEqual([1, 2, 3, 4, 5]);
		expect(t.urls).toHaveLength(3);
		expect(t.urls[2]).not.toMatch(/\$top|\$skip|\$orderby/);
		expect(lines.join('\n')).toMatch(/refuses \$skip on virtual tables/);
		t.urls.length = 0;
		// The same base later: one request straight away.
		expect((await readBalance(c, 'ТоварыВРознице', [WAREHOUSE], { pageSize: 2 })).map((r) => r.КоличествоBalance)).toEqual([1, 2, 3, 4, 5]);
		expect(t.urls).toHaveLength(1);
	});

	it('page size 0: one request, no $top/$skip', async () => {
		const t = transport(() => [row(1), row(2), row(3)]);
		const rows = await readBalance(client(t), 'ТоварыВРознице', [WAREHOUSE], { pageSize: 0 });
		expect(rows).toHaveLength(3);
		expect(t.urls).toHaveLength(1);
		expect(t.urls[0]).not.toMatch(/\$top|\$skip/);
		expect(decodeURIComponent(t.urls[0])).toContain('AccumulationRegister_ТоварыВРознице/Balance');
	});
});
