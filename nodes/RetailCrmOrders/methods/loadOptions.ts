import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { retailCrmClientFor } from '../../shared/clients';
import { toNodeError } from '../../shared/errors';
import { GROUP_PREFIX } from '../helpers/status-choice';

export { getPriceTypes, getStores } from '../../shared/retailcrm-options';
export { getSites, getStatusGroups, getStatuses } from '../../shared/load-options/retailcrm';

/** Dropdowns read live from the account, so users pick codes instead of typing them. */

export async function getStatusesAndGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const [statuses, groups] = await Promise.all([client.statuses(), client.statusGroups()]);
		// Groups and statuses share codes on every account (new, assembling, complete): groups get a prefix.
		const options: INodePropertyOptions[] = groups.map((g) => ({
			name: `Group: ${g.name ?? g.code}`,
			value: `${GROUP_PREFIX}${g.code}`,
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

export async function getPaymentTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const types = await client.paymentTypes();
		return types.filter((t) => t.active !== false).map((t) => ({ name: t.name ? `${t.name} (${t.code})` : t.code, value: t.code }));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}

export async function getPaymentStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await retailCrmClientFor(this);
		const statuses = await client.paymentStatuses();
		return statuses
			.filter((s) => s.active !== false)
			.map((s) => ({ name: s.name ? `${s.name} (${s.code})` : s.code, value: s.code, description: s.paymentComplete ? 'Counts as paid' : undefined }));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
