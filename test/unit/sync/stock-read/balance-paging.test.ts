/**
 * Balance paging against a 1C that ignores $skip on virtual tables (unverified on a real base, so guarded):
 * the repeat of the first page is detected and reported instead of looping or duplicating rows.
 */
import { OneCClient } from '../../../../nodes/core/onec/client';
import type { HttpRequest, Transport } from '../../../../nodes/core/http/transport';
import { readBalance } from '../../../../nodes/core/sync/stock-read/balance-read';
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

describe('readBalance with a page size', () => {
	it('reads pages until a short one, rows decoded (empty characteristic → null)', async () => {
		const all = [1, 2, 3, 4, 5].map(row);
		const t = transport((req) => {
			const skip = Number(new URL(req.url).searchParams.get('$skip') ?? 0);
			return all.slice(skip, skip + 2);
		});
		const rows = await readBalance(client(t), 'ТоварыНаСкладах', [WAREHOUSE], { pageSize: 2, period: '2024-06-01T23:59:59' });
		expect(rows.map((r) => r.КоличествоBalance)).toEqual([1, 2, 3, 4, 5]);
		expect(rows[0].ХарактеристикаНоменклатуры_Key).toBeNull();
		expect(t.urls).toHaveLength(3);
		const first = new URL(t.urls[0]).searchParams;
		expect(first.get('Period')).toBe("datetime'2024-06-01T23:59:59'");
		expect(first.get('Dimensions')).toBe('Склад,Номенклатура,ХарактеристикаНоменклатуры');
		expect(first.get('$top')).toBe('2');
	});

	it('a server that ignores $skip is reported after the second request, not looped over', async () => {
		const t = transport(() => [row(1), row(2)]);
		await expect(readBalance(client(t), 'ТоварыНаСкладах', [WAREHOUSE], { pageSize: 2 })).rejects.toThrow(/ignores \$skip.*page size to 0/);
		expect(t.urls).toHaveLength(2);
	});

	it('without a page size: one request, no $top/$skip', async () => {
		const t = transport(() => [row(1), row(2), row(3)]);
		const rows = await readBalance(client(t), 'ТоварыВРознице', [WAREHOUSE]);
		expect(rows).toHaveLength(3);
		expect(t.urls).toHaveLength(1);
		expect(t.urls[0]).not.toMatch(/\$top|\$skip/);
		expect(decodeURIComponent(t.urls[0])).toContain('AccumulationRegister_ТоварыВРознице/Balance');
	});
});
