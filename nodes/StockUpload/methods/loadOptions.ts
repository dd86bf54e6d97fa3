import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { retailCrmClientFor } from '../../shared/clients';
import { toNodeError } from '../../shared/errors';

/** Dropdowns read live from the account, so users pick codes that exist instead of typing them. */

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

export async function getPriceTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const types = await client.priceTypes();
		return types.map((t) => ({ name: label(t), value: t.code, description: t.default ? 'The base price type' : undefined }));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export async function getSites(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
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
