import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { activeOptions, codeLabel, loadCrm } from './crm-load';

/**
 * Dropdowns read live from the account, so users pick codes instead of typing them: the ones several nodes offer
 * (the orders node, the stock upload node, the reconciliation node). Stores and price types: retailcrm-options.ts.
 */
export { getPriceTypes as getCrmPriceTypes, getStores } from '../retailcrm-options';

export async function getSites(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await loadCrm(this, async (client) => {
		const sites = await client.sites();
		return sites.map((s) => ({ name: codeLabel(s), value: s.code }));
	});
}

export async function getStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await loadCrm(this, async (client) => {
		return activeOptions(await client.statuses());
	});
}

export async function getStatusGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await loadCrm(this, async (client) => {
		return activeOptions(await client.statusGroups(), (g) => `Statuses: ${(g.statuses ?? []).join(', ')}`);
	});
}

/** Sites, with "(None)" first: for offers addressed by CRM ID, or a key that reaches one site. */
export async function getSitesOrNone(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await loadCrm(this, async (client) => {
		const sites = await client.sites();
		return [
			{ name: '(None)', value: '', description: 'The key reaches one store (site), or offers are addressed by CRM ID' },
			...sites.map((s) => ({ name: codeLabel(s), value: s.code })),
		];
	});
}
