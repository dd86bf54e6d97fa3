/**
 * `Balance` of one stock-like register for a set of warehouses: grouped by Склад, Номенклатура,
 * ХарактеристикаНоменклатуры (the offer and warehouse; Качество/Серия aggregated away), narrowed by a
 * `Condition` on the warehouses (1C computes the balance only for them — docs/1c-odata.md#virtual-tables: Balance is costly, narrow it).
 *
 * One request per register while the warehouse list fits one URL (an OR-chain of `Склад_Key eq guid'…'`;
 * about 20 warehouses at 2000 characters), then one per chunk. By default Balance is NOT paged: the reference
 * confirms only `$top` on virtual tables (`$skip` unverified on a real 1C), and every page makes 1C compute the
 * whole balance again. `pageSize` > 0 pages it with `$top`/`$skip` over a stable `$orderby` of the dimensions, for
 * bases where one answer is too big for the request timeout; a server that ignores `$skip` is detected (the same
 * first row comes back) and reported instead of looping.
 */
import type { OneCClient } from '../../onec/client';
import { OneCODataError, passOn } from '../../onec/errors';
import { UT } from '../../onec/model';
import { datetimeLiteral, guidLiteral, inListChunks, queryParams } from '../../onec/query';
import type { BalanceRow } from '../stock/balance-rows';
import { readVirtualTablePages } from './virtual-pages';

export type BalanceRegisterName = 'ТоварыНаСкладах' | 'ТоварыВРознице' | 'ТоварыВНТТ' | 'ТоварыВРезервеНаСкладах' | 'ТоварыКПередачеСоСкладов';

const REGISTERS = {
	ТоварыНаСкладах: UT.AccumulationRegister_ТоварыНаСкладах,
	ТоварыВРознице: UT.AccumulationRegister_ТоварыВРознице,
	ТоварыВНТТ: UT.AccumulationRegister_ТоварыВНТТ,
	ТоварыВРезервеНаСкладах: UT.AccumulationRegister_ТоварыВРезервеНаСкладах,
	ТоварыКПередачеСоСкладов: UT.AccumulationRegister_ТоварыКПередачеСоСкладов,
} as const;

const DIMENSIONS = ['Склад', 'Номенклатура', 'ХарактеристикаНоменклатуры'] as const;

export class RegisterNotPublishedError extends Error {
	constructor(readonly set: string, purpose: string) {
		super(
			`1C does not publish ${set} in its OData interface, which ${purpose} needs. Add the register to the OData composition ` +
				'(«Настройка состава стандартного интерфейса OData» / SetStandardODataInterfaceContent) or turn the option off.',
		);
		this.name = 'RegisterNotPublishedError';
	}
}

/** The Condition chunks (one request each) for these warehouses. */
export function warehouseConditions(client: OneCClient, registerName: BalanceRegisterName, warehouseRefs: readonly string[]): string[] {
	const register = REGISTERS[registerName];
	const base = client.url([register.set, 'Balance'], queryParams({ select: [...DIMENSIONS.map((d) => `${d}_Key`), 'КоличествоBalance'] }, [['Dimensions', DIMENSIONS.join(',')]]));
	// Room left for `&Condition=…`, percent-encoded; at least one GUID term must fit.
	const budget = Math.max(200, client.maxUrlLength - base.length - '&Condition='.length);
	return inListChunks('Склад_Key', warehouseRefs, budget, (v) => guidLiteral(String(v)));
}

/**
 * Balance rows of `registerName` on `warehouseRefs`. `purpose` names the option that needs the register, for the
 * error when 1C does not publish it.
 */
export async function readBalance(
	client: OneCClient,
	registerName: BalanceRegisterName,
	warehouseRefs: readonly string[],
	options: { period?: string; purpose?: string; pageSize?: number } = {},
): Promise<BalanceRow[]> {
	if (warehouseRefs.length === 0) return [];
	// The registers share the dimensions read here; typing them as one keeps the call monomorphic.
	const register = REGISTERS[registerName] as unknown as typeof UT.AccumulationRegister_ТоварыНаСкладах;
	const out: BalanceRow[] = [];
	for (const condition of warehouseConditions(client, registerName, warehouseRefs)) {
		let rows: BalanceRow[] = [];
		let failure: unknown;
		try {
			rows =
				options.pageSize !== undefined && options.pageSize > 0
					? await readBalancePaged(client, register.set, condition, options.period, options.pageSize)
					: await client.balance(register, { dimensions: [...DIMENSIONS], condition, period: options.period });
		} catch (error) {
			failure = error;
		}
		// An unpublished set: 1C answers «Сегмент пути … не найден» (code 6) or a bare 404.
		if (failure instanceof OneCODataError && (failure.code === '6' || failure.status === 404)) {
			throw new RegisterNotPublishedError(register.set, options.purpose ?? 'this read');
		}
		if (failure !== undefined) throw passOn(failure);
		for (const row of rows) {
			out.push({
				Склад_Key: row.Склад_Key,
				Номенклатура_Key: row.Номенклатура_Key,
				ХарактеристикаНоменклатуры_Key: row.ХарактеристикаНоменклатуры_Key,
				КоличествоBalance: row.КоличествоBalance,
			});
		}
	}
	return out;
}

const BALANCE_SELECT = ['Склад_Key', 'Номенклатура_Key', 'ХарактеристикаНоменклатуры_Key', 'КоличествоBalance'] as const;

/** Balance in pages (see virtual-pages.ts). */
async function readBalancePaged(client: OneCClient, set: string, condition: string, period: string | undefined, pageSize: number): Promise<BalanceRow[]> {
	const params: Array<readonly [string, string]> = [['Condition', condition], ['Dimensions', DIMENSIONS.join(',')]];
	if (period !== undefined) params.unshift(['Period', datetimeLiteral(period)]);
	return await readVirtualTablePages(client, {
		set,
		fn: 'Balance',
		params,
		specs: UT.AccumulationRegister_ТоварыНаСкладах.balance.specs,
		select: BALANCE_SELECT,
		orderby: ['Склад_Key', 'Номенклатура_Key', 'ХарактеристикаНоменклатуры_Key'],
		pageSize,
	});
}
