import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { retailCrmClientFor } from '../../shared/clients';
import { toNodeError } from '../../shared/errors';

/** Dropdowns read live from the account, so users pick codes that exist instead of typing them. */

export { getPriceTypes, getStores } from '../../shared/retailcrm-options';

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
