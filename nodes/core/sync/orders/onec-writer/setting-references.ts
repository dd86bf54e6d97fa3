import type { OneCClient } from '../../../onec/client';
import { UT } from '../../../onec/model';
import type { UpsertOptions } from './types';

/**
 * The node's settings name 1C objects by GUID. A well-formed GUID that names nothing in this base (the demo base's
 * GUIDs left in an imported template, a key copied from another base) would go into every document as a broken
 * reference — 1C accepts one on write and shows «<Объект не найден>» — so the settings are looked up once per run
 * that writes documents, one read per catalog, before anything is written. The 1C setup check
 * (docs/first-contact.md) checks the same references by hand.
 */
type Checked = 'Catalog_Организации' | 'Catalog_Склады' | 'Catalog_Валюты' | 'Catalog_ТипыЦенНоменклатуры' | 'Catalog_Пользователи' | 'Catalog_Контрагенты';

const WHAT: Record<Checked, string> = {
	Catalog_Организации: 'organization',
	Catalog_Склады: 'warehouse',
	Catalog_Валюты: 'currency',
	Catalog_ТипыЦенНоменклатуры: 'price type',
	Catalog_Пользователи: 'user',
	Catalog_Контрагенты: 'counterparty folder',
};

/** What the check read besides existence: the Код and Наименование of the Currency setting (currency.ts). */
export interface SettingFacts {
	currency?: { code?: unknown; description?: unknown };
}

export async function checkSettingReferences(client: OneCClient, options: UpsertOptions): Promise<SettingFacts> {
	const facts: SettingFacts = {};
	const settings: Array<[Checked, string, string | undefined]> = [
		['Catalog_Организации', 'Organization', options.organizationKey],
		...Object.entries(options.organizationBySite ?? {}).map(([site, key]): [Checked, string, string] => ['Catalog_Организации', `Organization of site ${site}`, key]),
		['Catalog_Склады', 'Warehouse', options.warehouseKey],
		['Catalog_Валюты', 'Currency', options.currencyKey],
		['Catalog_ТипыЦенНоменклатуры', 'Price Type', options.priceTypeKey],
		['Catalog_Пользователи', 'Responsible', options.responsibleKey],
		['Catalog_Контрагенты', 'Counterparty Folder', options.counterpartyFolderKey],
	];
	const bySet = new Map<Checked, Array<[string, string]>>();
	for (const [set, label, key] of settings) {
		if (!key) continue;
		const list = bySet.get(set) ?? [];
		list.push([label, key.toLowerCase()]);
		bySet.set(set, list);
	}
	for (const [set, wanted] of bySet) {
		// Every checked catalog has Ref_Key; the entity type is widened so one call serves them all.
		const entity = UT[set] as unknown as typeof UT.Catalog_Валюты;
		// The currency's Код and Наименование come with the same read: they tell the documents' ISO currency.
		const select: Array<'Ref_Key' | 'Code' | 'Description'> = set === 'Catalog_Валюты' ? ['Ref_Key', 'Code', 'Description'] : ['Ref_Key'];
		const rows = await client.readWhereIn(entity, 'Ref_Key', [...new Set(wanted.map(([, key]) => key))], { select });
		const found = new Set(rows.map((row) => String(row.Ref_Key).toLowerCase()));
		if (set === 'Catalog_Валюты') {
			const row = rows.find((r) => String(r.Ref_Key).toLowerCase() === options.currencyKey.toLowerCase()) as { Code?: unknown; Description?: unknown } | undefined;
			if (row) facts.currency = { code: row.Code, description: row.Description };
		}
		const missing = wanted.find(([, key]) => !found.has(key));
		if (missing) {
			throw new Error(
				`The setting "${missing[0]}" names no ${WHAT[set]} in this 1C base (${set} has no ${missing[1]}): choose it from the list again. Nothing was written.`,
			);
		}
	}
	return facts;
}
