import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { SandboxEndpoints } from '../../scripts/harness/instance';

/**
 * Both sandboxes at their seeds, as the order e2e files start them: the retailCRM offers of the two jeans carry their 1C
 * GUIDs as external IDs (what the catalog flow would have given them), so the orders' lines match 1C items.
 */
export async function startOrderSandboxes(): Promise<{ crm: RetailCrmSandbox; onec: OneCSandbox; endpoints: SandboxEndpoints }> {
	const crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
	const onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	const guids: Record<number, string> = { 1: SEED_IDS.items.jeans48, 2: SEED_IDS.items.jeans50 };
	for (const offer of crm.state.offers) if (guids[offer.id]) offer.externalId = guids[offer.id];
	crm.reindex();
	const endpoints = { retailCrm: { url: crm.url, apiKey: crm.keys.integration }, oneC: { url: onec.url, user: onec.user, password: onec.password } };
	return { crm, onec, endpoints };
}
