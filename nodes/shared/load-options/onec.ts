import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { OneCClient } from '../../core/onec/client';
import { UT } from '../../core/onec/model';
import { and, eq } from '../../core/onec/query';
import { getFolders } from '../../core/sync/catalog/get-folders';
import { readRawPages } from '../../core/sync/onec-read/raw-read';
import { oneCClientFor } from '../clients';
import { toNodeError } from '../errors';

/** Dropdowns read live from 1C (Ref_Key as the value, so renames in 1C do not break a workflow). */

type Row = { Ref_Key: string; Description: string; Code?: string };

async function load(
	context: ILoadOptionsFunctions,
	read: (client: OneCClient) => Promise<Row[]>,
	describe: (row: Row) => string | undefined = () => undefined,
): Promise<INodePropertyOptions[]> {
	try {
		const client = await oneCClientFor(context);
		const rows = await read(client);
		return rows
			.map((r) => ({ name: r.Code ? `${r.Description} (${r.Code.trim()})` : r.Description, value: r.Ref_Key, description: describe(r) }))
			.sort((a, b) => a.name.localeCompare(b.name, 'ru'));
	} catch (error) {
		throw toNodeError(context.getNode(), error);
	}
}

const notDeleted = eq('DeletionMark', false);

export async function getOrganizations(this: ILoadOptionsFunctions) {
	return await load(this, (c) =>
		c.readAll(UT.Catalog_Организации, { select: ['Ref_Key', 'Description'], filter: notDeleted }),
	);
}

export async function getWarehouses(this: ILoadOptionsFunctions) {
	return await load(
		this,
		async (c) =>
			(await c.readAll(UT.Catalog_Склады, {
				select: ['Ref_Key', 'Description', 'Code', 'ВидСклада', 'IsFolder'],
				filter: notDeleted,
			})).filter((r) => !r.IsFolder) as Row[],
		(r) => `Kind: ${String((r as Row & { ВидСклада?: string }).ВидСклада || 'not set')}`,
	);
}

export async function getPriceTypes(this: ILoadOptionsFunctions) {
	return await load(this, (c) =>
		c.readAll(UT.Catalog_ТипыЦенНоменклатуры, { select: ['Ref_Key', 'Description', 'Code'], filter: notDeleted }),
	);
}

export async function getCurrencies(this: ILoadOptionsFunctions) {
	return await load(this, (c) =>
		c.readAll(UT.Catalog_Валюты, { select: ['Ref_Key', 'Description', 'Code'], filter: notDeleted }),
	);
}

export async function getUsers(this: ILoadOptionsFunctions) {
	return await load(this, (c) =>
		c.readAll(UT.Catalog_Пользователи, { select: ['Ref_Key', 'Description'], filter: notDeleted }),
	);
}

export async function getCounterpartyFolders(this: ILoadOptionsFunctions) {
	return await load(this, (c) =>
		c.readAll(UT.Catalog_Контрагенты, {
			select: ['Ref_Key', 'Description', 'Code'],
			filter: and(eq('IsFolder', true), notDeleted),
		}),
	);
}

export async function getNomenclatureFolders(this: ILoadOptionsFunctions) {
	return await load(this, (c) =>
		c.readAll(UT.Catalog_Номенклатура, {
			select: ['Ref_Key', 'Description', 'Code'],
			filter: and(eq('IsFolder', true), notDeleted),
		}),
	);
}

export async function getNomenclatureItems(this: ILoadOptionsFunctions) {
	return await load(this, (c) =>
		c.readAll(UT.Catalog_Номенклатура, {
			select: ['Ref_Key', 'Description', 'Code'],
			filter: and(eq('IsFolder', false), notDeleted),
			limit: 500,
		}),
	);
}

/** Service items (Услуга), for the delivery line of customer orders. */
export async function getServiceItems(this: ILoadOptionsFunctions) {
	return await load(this, (c) =>
		c.readAll(UT.Catalog_Номенклатура, {
			select: ['Ref_Key', 'Description', 'Code'],
			filter: and(eq('Услуга', true), eq('IsFolder', false), notDeleted),
			limit: 500,
		}),
	);
}

/** Units of the classifier (КлассификаторЕдиницИзмерения), for items created from retailCRM. */
export async function getUnitClassifier(this: ILoadOptionsFunctions) {
	return await load(this, (c) =>
		c.readAll(UT.Catalog_КлассификаторЕдиницИзмерения, { select: ['Ref_Key', 'Description', 'Code'], filter: notDeleted }),
	);
}

/** Item kinds (Catalog_ВидыНоменклатуры; not in the typed UT model, read raw), for items created from retailCRM. */
export async function getItemKinds(this: ILoadOptionsFunctions) {
	return await load(this, async (c) =>
		(await readRawPages(c, 'Catalog_ВидыНоменклатуры', { select: ['Ref_Key', 'Description', 'Code'], filter: notDeleted, limit: 500 })).map((r) => ({
			Ref_Key: String(r.Ref_Key),
			Description: String(r.Description ?? ''),
			Code: typeof r.Code === 'string' ? r.Code : undefined,
		})),
	);
}

/** Item folders named by their full path (`Товары / Одежда / Футболки`), for the catalog's folder choices. */
export async function getNomenclatureFolderPaths(this: ILoadOptionsFunctions) {
	return await load(this, async (c) => (await getFolders(c)).map((f) => ({ Ref_Key: f.ref, Description: f.path, Code: f.code })));
}
