/**
 * `Balance` of one stock-like register for a set of warehouses: grouped by Склад, Номенклатура,
 * ХарактеристикаНоменклатуры (the offer and warehouse; Качество/Серия aggregated away), narrowed by a
 * `Condition` on the warehouses (1C computes the balance only for them — docs/1c-odata.md#virtual-tables: Balance is costly, narrow it).
 *
 * One read per register while the warehouse list fits one URL (an OR-chain of `Склад_Key eq guid'…'`; about 20
 * warehouses at 2000 characters), then one per chunk. Each read is paged (OneCClient.balancePages): `$top`/`$skip`
 * over the dimensions in pages of 50,000 rows by default — few pages, because every page makes 1C compute the whole
 * balance again, yet never one answer of a million rows. `$skip` on virtual tables is unproven on real platforms
 * (docs/1c-odata.md#virtual-tables): a base that ignores it is detected on the second page and read in one request
 * from then on. `pageSize` 0 reads each chunk in one request.
 */
import type { OneCClient } from '../../onec/client';
import { OneCODataError, passOn } from '../../onec/errors';
import { UT } from '../../onec/model';
import { appendAll } from '../../common/append-all';
import { guidLiteral, inListChunksWithin } from '../../onec/query';
import type { RefValue } from '../offer-key';

/** One row of a register's `Balance` virtual table after the OData codecs (refs as GUID strings or null). */
export interface BalanceRow {
	Склад_Key: RefValue;
	Номенклатура_Key: RefValue;
	ХарактеристикаНоменклатуры_Key?: RefValue;
	КоличествоBalance: number;
}

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
	/** `purpose`: the option that needs the register (it can be turned off instead); none for a register every read needs. */
	constructor(readonly set: string, purpose?: string) {
		super(
			`1C does not publish ${set} in its OData interface, which ${purpose ?? 'this read'} needs. Add the register to the OData composition ` +
				`(«Настройка состава стандартного интерфейса OData» / SetStandardODataInterfaceContent)${purpose ? ' or turn the option off' : ''}.`,
		);
		this.name = 'RegisterNotPublishedError';
	}
}

/** The Condition chunks (one request each) for these warehouses. */
export function warehouseConditions(client: OneCClient, registerName: BalanceRegisterName, warehouseRefs: readonly string[], options: { period?: string; pageSize?: number } = {}): string[] {
	const register = REGISTERS[registerName] as unknown as typeof UT.AccumulationRegister_ТоварыНаСкладах;
	// Each read's whole URL, a later page's $orderby/$top/$skip included, within the client's limit: a web server refuses
	// a longer one (IIS: a query string over 2,048 bytes, 404.15), which would read as an unpublished register.
	const urlLength = (condition: string) => client.balanceUrlLength(register, { dimensions: [...DIMENSIONS], condition, period: options.period, pageSize: options.pageSize });
	return inListChunksWithin('Склад_Key', warehouseRefs, client.maxUrlLength, urlLength, (v) => guidLiteral(String(v)));
}

/**
 * Balance rows of `registerName` on `warehouseRefs`. `purpose` names the option that needs the register, for the
 * error when 1C does not publish it.
 */
export async function readBalance(
	client: OneCClient,
	registerName: BalanceRegisterName,
	warehouseRefs: readonly string[],
	options: BalanceReadOptions = {},
): Promise<BalanceRow[]> {
	const out: BalanceRow[] = [];
	for await (const page of readBalancePages(client, registerName, warehouseRefs, options)) appendAll(out, page);
	return out;
}

export interface BalanceReadOptions {
	period?: string;
	/** The option that needs the register, for the error when 1C does not publish it. */
	purpose?: string;
	/** Rows per page (default the client's virtualPageSize, 50,000); 0: one request per warehouse chunk. */
	pageSize?: number;
}

/**
 * Balance rows of `registerName` on `warehouseRefs`, a page at a time: the caller sums each page and lets it go, so
 * a register of a million rows is never held whole.
 */
export async function* readBalancePages(
	client: OneCClient,
	registerName: BalanceRegisterName,
	warehouseRefs: readonly string[],
	options: BalanceReadOptions = {},
): AsyncGenerator<BalanceRow[]> {
	if (warehouseRefs.length === 0) return;
	// The registers share the dimensions read here; typing them as one keeps the call monomorphic.
	const register = REGISTERS[registerName] as unknown as typeof UT.AccumulationRegister_ТоварыНаСкладах;
	for (const condition of warehouseConditions(client, registerName, warehouseRefs, options)) {
		const pages = client.balancePages(register, { dimensions: [...DIMENSIONS], condition, period: options.period, pageSize: options.pageSize });
		for (;;) {
			let next: IteratorResult<BalanceRow[]> | undefined;
			let failure: unknown;
			try {
				next = await pages.next();
			} catch (error) {
				failure = error;
			}
			// An unpublished set: 1C answers «Сегмент пути … не найден» (code 6) or a bare 404.
			if (failure instanceof OneCODataError && failure.kind !== 'server' && (failure.code === '6' || failure.status === 404)) {
				throw new RegisterNotPublishedError(register.set, options.purpose);
			}
			if (next === undefined) throw passOn(failure);
			if (next.done) break;
			yield next.value;
		}
	}
}
