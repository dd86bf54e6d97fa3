import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { activeOptions, codeLabel, loadCrm } from '../../shared/load-options/crm-load';
import { GROUP_PREFIX } from '../helpers/status-choice';

export { getPriceTypes, getStores } from '../../shared/retailcrm-options';
export { getSites, getStatusGroups, getStatuses } from '../../shared/load-options/retailcrm';

/** Dropdowns read live from the account, so users pick codes instead of typing them. */

export async function getStatusesAndGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await loadCrm(this, async (client) => {
		const [statuses, groups] = await Promise.all([client.statuses(), client.statusGroups()]);
		// Groups and statuses share codes on every account (new, assembling, complete): groups get a prefix.
		const options: INodePropertyOptions[] = groups.map((g) => ({
			name: `Group: ${g.name ?? g.code}`,
			value: `${GROUP_PREFIX}${g.code}`,
			description: `Every status of the group "${g.name ?? g.code}"`,
		}));
		for (const s of statuses) {
			if (s.active === false) continue;
			options.push({ name: codeLabel(s), value: s.code });
		}
		return options;
	});
}

export async function getPaymentTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await loadCrm(this, async (client) => {
		return activeOptions(await client.paymentTypes());
	});
}

export async function getPaymentStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await loadCrm(this, async (client) => {
		return activeOptions(await client.paymentStatuses(), (s) => (s.paymentComplete ? 'Counts as paid' : undefined));
	});
}
