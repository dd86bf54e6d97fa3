import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { codeLabel, loadCrm } from './load-options/crm-load';
import { liveDropdown } from './live-options-field';

/** retailCRM dropdowns several nodes offer (stores, price types), read live from the account. */

function label(entry: { code: string; name?: string; active?: boolean }): string {
	const name = codeLabel(entry);
	return entry.active === false ? `${name} [inactive]` : name;
}

export async function getStores(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await loadCrm(this, async (client) => {
		const stores = await client.stores();
		return stores.map((s) => ({
			name: label(s),
			value: s.code,
			description: s.inventoryType === 'available' ? 'Keeps availability only: stock is sent as 0 or 1' : undefined,
		}));
	});
}

export async function getPriceTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await loadCrm(this, async (client) => {
		const types = await client.priceTypes();
		return types.map((t) => ({ name: label(t), value: t.code, description: t.default ? 'The base price type' : undefined }));
	});
}

/** The one retailCRM site (getSites) that identifiers other than the CRM ID are looked up in; operations may word its description. */
export const siteOption = liveDropdown({
	displayName: 'Site Name or ID',
	name: 'site',
	loadOptionsMethod: 'getSites',
	description: 'The store (site) the offers belong to. Needed when the API key reaches several sites and offers are addressed by External ID or XML ID.',
});
