import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { retailCrmClientFor } from '../clients';
import { toNodeError } from '../errors';

/** Dropdowns read live from the account, so users pick codes instead of typing them. */

export async function getSites(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const sites = await client.sites();
		return sites.map((s) => ({ name: s.name ? `${s.name} (${s.code})` : s.code, value: s.code }));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export async function getStatusesAndGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const [statuses, groups] = await Promise.all([client.statuses(), client.statusGroups()]);
		const options: INodePropertyOptions[] = groups.map((g) => ({
			name: `Group: ${g.name ?? g.code}`,
			value: g.code,
			description: `Every status of the group "${g.name ?? g.code}"`,
		}));
		for (const s of statuses) {
			if (s.active === false) continue;
			options.push({ name: s.name ? `${s.name} (${s.code})` : s.code, value: s.code });
		}
		return options;
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

function label(entry: { code: string; name?: string; active?: boolean }): string {
	const name = entry.name ? `${entry.name} (${entry.code})` : entry.code;
	return entry.active === false ? `${name} [inactive]` : name;
}

export async function getStores(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const stores = await client.stores();
		return stores.map((s) => ({
			name: label(s),
			value: s.code,
			description: s.inventoryType === 'available' ? 'Keeps availability only: stock is sent as 0 or 1' : undefined,
		}));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export async function getCrmPriceTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const types = await client.priceTypes();
		return types.map((t) => ({ name: label(t), value: t.code, description: t.default ? 'The base price type' : undefined }));
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
