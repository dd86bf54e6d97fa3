import type { FilterTerm } from './counterparty';
import { fitLength } from './counterparty';

/**
 * The counterparty contract (Catalog_ДоговорыКонтрагентов) an order needs for posting
 * (docs/1c-odata.md#ut-103-objects, #customer-orders step 3): owner = the counterparty, organization = the order's,
 * kind СПокупателем, and not settled ПоСчетам (UT 10.3 refuses such a contract on a customer order).
 */
export type SettlementMode = 'ПоДоговоруВЦелом' | 'ПоЗаказам';

/** Catalog_ДоговорыКонтрагентов.Description length (metadata). */
export const CONTRACT_DESCRIPTION_LENGTH = 50;

export interface ContractQuery {
	entitySet: 'Catalog_ДоговорыКонтрагентов';
	filters: FilterTerm[];
	select: string[];
}

export function contractLookup(counterpartyKey: string, organizationKey: string): ContractQuery {
	return {
		entitySet: 'Catalog_ДоговорыКонтрагентов',
		filters: [
			{ field: 'Owner_Key', value: counterpartyKey },
			{ field: 'Организация_Key', value: organizationKey },
			{ field: 'ВидДоговора', value: 'СПокупателем' },
			{ field: 'DeletionMark', value: false },
			{ field: 'IsFolder', value: false },
		],
		select: ['Ref_Key', 'Code', 'Description', 'Owner_Key', 'Организация_Key', 'ВидДоговора', 'ВедениеВзаиморасчетов', 'ВалютаВзаиморасчетов_Key', 'DeletionMark', 'IsFolder'],
	};
}

export interface ContractRowLike {
	Ref_Key?: unknown;
	Code?: unknown;
	Owner_Key?: unknown;
	Организация_Key?: unknown;
	ВидДоговора?: unknown;
	ВедениеВзаиморасчетов?: unknown;
	ВалютаВзаиморасчетов_Key?: unknown;
	DeletionMark?: unknown;
	IsFolder?: unknown;
}

const lower = (v: unknown): string => (typeof v === 'string' ? v.trim().toLowerCase() : '');

/**
 * The contract to use: usable rows only (right owner, organization and kind, not ПоСчетам, not deleted),
 * in settlement currency when given; the counterparty's main contract first, then the lowest Code.
 */
export function pickContract(
	rows: readonly ContractRowLike[],
	want: { counterpartyKey: string; organizationKey: string; currencyKey?: string; mainContractKey?: string },
): string | undefined {
	const usable = rows.filter(
		(r) =>
			r.DeletionMark !== true &&
			r.IsFolder !== true &&
			lower(r.Owner_Key) === want.counterpartyKey.toLowerCase() &&
			lower(r.Организация_Key) === want.organizationKey.toLowerCase() &&
			r.ВидДоговора === 'СПокупателем' &&
			r.ВедениеВзаиморасчетов !== 'ПоСчетам' &&
			(!want.currencyKey || lower(r.ВалютаВзаиморасчетов_Key) === want.currencyKey.toLowerCase()) &&
			lower(r.Ref_Key) !== '',
	);
	const main = want.mainContractKey?.toLowerCase();
	const preferred = usable.find((r) => main !== undefined && lower(r.Ref_Key) === main);
	if (preferred) return String(preferred.Ref_Key);
	const sorted = [...usable].sort((a, b) => String(a.Code ?? '').localeCompare(String(b.Code ?? '')));
	return sorted.length > 0 ? String(sorted[0].Ref_Key) : undefined;
}

export interface ContractPayload {
	Description: string;
	Owner_Key: string;
	Организация_Key: string;
	ВидДоговора: 'СПокупателем';
	ВедениеВзаиморасчетов: SettlementMode;
	ВалютаВзаиморасчетов_Key: string;
	ТипЦен?: string;
	ТипЦен_Type?: string;
	Комментарий: string;
}

/** POST body for a new customer contract. */
export function buildContractPayload(input: {
	counterpartyKey: string;
	organizationKey: string;
	currencyKey: string;
	settlement?: SettlementMode;
	priceTypeKey?: string;
	description?: string;
}): ContractPayload {
	const payload: ContractPayload = {
		Description: fitLength(input.description ?? 'Основной договор', CONTRACT_DESCRIPTION_LENGTH),
		Owner_Key: input.counterpartyKey,
		Организация_Key: input.organizationKey,
		ВидДоговора: 'СПокупателем',
		ВедениеВзаиморасчетов: input.settlement ?? 'ПоДоговоруВЦелом',
		ВалютаВзаиморасчетов_Key: input.currencyKey,
		Комментарий: 'retailCRM',
	};
	if (input.priceTypeKey) {
		// ТипЦен is composite (ТипыЦенНоменклатуры | ТипыЦенНоменклатурыКонтрагентов): value + _Type.
		payload.ТипЦен = input.priceTypeKey;
		payload.ТипЦен_Type = 'StandardODATA.Catalog_ТипыЦенНоменклатуры';
	}
	return payload;
}
