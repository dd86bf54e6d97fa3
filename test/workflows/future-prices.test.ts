/**
 * README, smoke test: "a price of tomorrow does not count yet". The shipped stock template against the sandbox, which
 * answers SliceLast without a Period with the absolute latest record (future-dated ones included), as a real base does:
 * the template's Get Prices must send a Period (now on the workflow's wall clock) and upload today's price.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import template from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow } from '../helpers/run-workflow';
import { control } from '../integration/onec/sandbox-helpers';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { JEANS48_KEY, seedCatalogIcml } from '../unit/stock-upload/seed-catalog';
import { closeSandboxes, startTemplateSandboxes } from '../helpers/template-sandboxes';

describe('template 1c-stock-and-prices-to-retailcrm with a price set for tomorrow', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	beforeAll(async () => ({ crm, onec, credentials } = await startTemplateSandboxes({ rateLimit: false })));
	afterAll(async () => await closeSandboxes(crm, onec));

	it('uploads today\'s price 300, not the 999 dated 2099, and sends the slice date', async () => {
		await control(onec).reset();
		crm.reset('seed');
		crm.importIcml(seedCatalogIcml('all'));
		await control(onec).prices({ period: '2099-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 999 }] });
		await control(onec).clearRequests();
		const result = await runWorkflow(template, { credentials, staticData: {}, trigger: 'Run Now' });
		expect(result.error()).toBeUndefined();
		expect(crm.state.offers.find((o) => o.externalId === JEANS48_KEY)?.prices.base).toBe(300);
		const slices = (await control(onec).requests()).filter((r) => r.path.endsWith('/SliceLast'));
		expect(slices.length).toBeGreaterThan(0);
		expect(slices.every((r) => /^datetime'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}'$/.test(r.query.Period ?? ''))).toBe(true);
	});
});
