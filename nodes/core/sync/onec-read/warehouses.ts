/**
 * Warehouses chosen in the node, read once, and the balance register each one's goods live in.
 * UT 10.3 posts goods of Оптовый warehouses to ТоварыНаСкладах and of Розничный ones to ТоварыВРознице
 * (rf-bessome/ut10_3_22_percent: src/Documents/ПоступлениеТоваровУслуг/Ext/ObjectModule.bsl, ТоварыИТараПоРегистрам…),
 * and goods of НТТ (non-automated retail points) to their own register ТоварыВНТТ (ПоступлениеТоваровУслугВНТТ,
 * ПеремещениеТоваров). The mapping stays an option (`registerByKind`) for bases that were changed.
 */
import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import { normalizeRef } from '../offer-key';
import { readByKeys } from './keyed-read';

export type StockRegisterName = 'ТоварыНаСкладах' | 'ТоварыВРознице' | 'ТоварыВНТТ';

/** Every register a warehouse's goods may live in, in reading order. */
export const STOCK_REGISTERS: readonly StockRegisterName[] = ['ТоварыНаСкладах', 'ТоварыВРознице', 'ТоварыВНТТ'];
/** ВидыСкладов enum values as ut103-metadata.json spells them. */
export type WarehouseKind = 'Оптовый' | 'Розничный' | 'НТТ';

export const DEFAULT_REGISTER_BY_KIND: Readonly<Record<WarehouseKind, StockRegisterName>> = {
	Оптовый: 'ТоварыНаСкладах',
	Розничный: 'ТоварыВРознице',
	НТТ: 'ТоварыВНТТ',
};

export interface Warehouse {
	ref: string;
	code: string;
	name: string;
	/** null when ВидСклада is empty (treated as Оптовый, UT's first enum value). */
	kind: WarehouseKind | null;
	register: StockRegisterName;
}

export class WarehouseNotFoundError extends Error {
	constructor(readonly refs: string[]) {
		super(`Warehouse(s) not found in 1C (or they are folders): ${refs.join(', ')}. Choose warehouses from the list again.`);
		this.name = 'WarehouseNotFoundError';
	}
}

/** Reads the chosen warehouses (one request for a handful) and assigns each its register. */
export async function readWarehouses(
	client: OneCClient,
	refs: readonly string[],
	registerByKind: Partial<Record<WarehouseKind, StockRegisterName>> = {},
): Promise<Warehouse[]> {
	const wanted = [...new Set(refs.map((ref) => normalizeRef(ref)).filter((ref): ref is string => ref !== null))];
	const rows = await readByKeys(client, UT.Catalog_Склады, 'Ref_Key', wanted, { select: ['Ref_Key', 'Code', 'Description', 'ВидСклада', 'IsFolder'] });
	const byRef = new Map(rows.filter((row) => !row.IsFolder).map((row) => [row.Ref_Key, row]));
	const missing = wanted.filter((ref) => !byRef.has(ref));
	if (missing.length > 0) throw new WarehouseNotFoundError(missing);
	const mapping = { ...DEFAULT_REGISTER_BY_KIND, ...registerByKind };
	return wanted.map((ref) => {
		const row = byRef.get(ref)!;
		const kind = (row.ВидСклада ?? null) as WarehouseKind | null;
		return { ref, code: row.Code, name: row.Description, kind, register: mapping[kind ?? 'Оптовый'] ?? 'ТоварыНаСкладах' };
	});
}
