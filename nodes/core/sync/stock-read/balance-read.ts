/**
 * `Balance` of one stock-like register for a set of warehouses: grouped by Склад, Номенклатура,
 * ХарактеристикаНоменклатуры (the offer and warehouse; Качество/Серия aggregated away), narrowed by a
 * `Condition` on the warehouses (1C computes the balance only for them — §B4: Balance is costly, narrow it).
 *
 * One request per register while the warehouse list fits one URL (an OR-chain of `Склад_Key eq guid'…'`;
 * about 20 warehouses at 2000 characters), then one per chunk. Balance is not paged with $top/$skip: the
 * reference confirms only $top on virtual tables, and every page would make 1C compute the whole balance again.
 */
import type { OneCClient } from '../../onec/client';
import { OneCODataError, passOn } from '../../onec/errors';
import { UT } from '../../onec/model';
import { guidLiteral, inListChunks, queryParams } from '../../onec/query';
import type { BalanceRow } from '../stock/balance-rows';

export type BalanceRegisterName = 'ТоварыНаСкладах' | 'ТоварыВРознице' | 'ТоварыВРезервеНаСкладах' | 'ТоварыКПередачеСоСкладов';

const REGISTERS = {
	ТоварыНаСкладах: UT.AccumulationRegister_ТоварыНаСкладах,
	ТоварыВРознице: UT.AccumulationRegister_ТоварыВРознице,
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
	options: { period?: string; purpose?: string } = {},
): Promise<BalanceRow[]> {
	if (warehouseRefs.length === 0) return [];
	// The four registers share the dimensions read here; typing them as one keeps the call monomorphic.
	const register = REGISTERS[registerName] as unknown as typeof UT.AccumulationRegister_ТоварыНаСкладах;
	const out: BalanceRow[] = [];
	for (const condition of warehouseConditions(client, registerName, warehouseRefs)) {
		let rows: Awaited<ReturnType<typeof client.balance<typeof register.dimensions, typeof register.resources>>> = [];
		let failure: unknown;
		try {
			rows = await client.balance(register, { dimensions: [...DIMENSIONS], condition, period: options.period });
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
