import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { retailCrmClientFor } from '../clients';
import { toNodeError } from '../errors';

/**
 * Dropdowns read live from the account, so users pick codes instead of typing them: the ones several nodes offer
 * (the orders node, the stock upload node, the reconciliation node). Stores and price types: retailcrm-options.ts.
 */
export { getPriceTypes as getCrmPriceTypes, getStores } from '../retailcrm-options';

export async function getSites(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const sites = await client.sites();
		return sites.map((s) => ({ name: s.name ? `${s.name} (${s.code})` : s.code, value: s.code }));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export async function getStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const statuses = await client.statuses();
		return statuses
			.filter((s) => s.active !== false)
			.map((s) => ({ name: s.name ? `${s.name} (${s.code})` : s.code, value: s.code }));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export async function getStatusGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const groups = await client.statusGroups();
		return groups
			.filter((g) => g.active !== false)
			.map((g) => ({
				name: g.name ? `${g.name} (${g.code})` : g.code,
				value: g.code,
				description: `Statuses: ${(g.statuses ?? []).join(', ')}`,
			}));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

/** Sites, with "(None)" first: for offers addressed by CRM ID, or a key that reaches one site. */
export async function getSitesOrNone(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const sites = await client.sites();
		return [
			{ name: '(None)', value: '', description: 'The key reaches one store (site), or offers are addressed by CRM ID' },
			...sites.map((s) => ({ name: s.name ? `${s.name} (${s.code})` : s.code, value: s.code })),
		];
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
