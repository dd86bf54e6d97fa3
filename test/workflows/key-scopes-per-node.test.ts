/**
 * README, Credentials, RetailCRM API: "A key per workflow needs only its nodes' scopes: *RetailCRM Orders*
 * `order_read`, `order_write`, `reference_read`; *Stock Upload* `store_write`, `reference_read` …; *retailCRM 1C
 * Reconcile* `order_read`, `store_read`, `reference_read`." Each shipped template runs in n8n-core's engine against the
 * sandboxes with a key holding exactly its nodes' scopes (the retailCRM sandbox refuses every method whose scope a key
 * lacks, as retailCRM does), and does its whole job with it.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow } from '../helpers/run-workflow';
import { resetSandboxes, templateRunner, useSeedSandboxes } from '../helpers/orders-template';
import { bringIntoAgreement, liveDocsOf, reconcileOnce } from '../helpers/reconcile-scenario';
import { crmWithCatalogOnly } from '../unit/stock-upload/seed-catalog';
import { TRIGGER_STATUS, SEED_ORDER_IDS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { OneCSandbox } from '../sandboxes/onec/server';

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;
const sandboxes = useSeedSandboxes();
beforeAll(() => {
	({ crm, onec, credentials } = sandboxes);
});

/** The credentials with a retailCRM key of exactly `scopes` (every store), added to the sandbox after its reset. */
function keyWith(label: string, scopes: string[]): Record<string, ICredentialDataDecryptedObject> {
	const key = `${label}Key0123456789abcdefABCDEFxyz`;
	crm.state.apiKeys.push({ label, key, scopes, siteAccess: 'access_full', sitesAvailable: [] });
	return { ...credentials, retailCrmApi: { url: crm.url, apiKey: key } };
}
/** Requests of the key that retailCRM refused. */
const refused = (label: string) => crm.requests().filter((r) => r.key === label && r.status >= 400).map((r) => `${r.status} ${r.method} ${r.path}`);

it('the orders template with order_read, order_write, reference_read: loads an order into 1C and writes the link back', async () => {
	resetSandboxes(crm, onec);
	const orders = templateRunner(() => keyWith('orders', ['order_read', 'order_write', 'reference_read']));
	const staticData: IDataObject = {};
	expect((await orders.run(staticData)).error()).toBeUndefined();
	crm.setStatus(SEED_ORDER_IDS['5488'], TRIGGER_STATUS);
	crm.clearRequests();
	expect((await orders.run(staticData)).error()).toBeUndefined();
	expect(liveDocsOf(onec, SEED_ORDER_IDS['5488'])).toEqual([expect.objectContaining({ Posted: true })]);
	expect(crm.requests().filter((r) => r.key === 'orders').map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /api/v5/orders/history', 'POST /api/v5/orders/fix-external-ids']));
	expect(refused('orders')).toEqual([]);
});

it('the stock template with store_write, reference_read: uploads stock and prices', async () => {
	crmWithCatalogOnly(crm);
	onec.state.reset('seed');
	const result = await runWorkflow(stockTemplate, { credentials: keyWith('stock', ['store_write', 'reference_read']), staticData: {}, trigger: 'Run Now' });
	expect(result.error()).toBeUndefined();
	const calls = crm.requests().filter((r) => r.key === 'stock').map((r) => `${r.method} ${r.path}`);
	expect(calls).toEqual(expect.arrayContaining(['POST /api/v5/store/inventories/upload', 'POST /api/v5/store/prices/upload']));
	expect(refused('stock')).toEqual([]);
});

it('the reconciliation template with order_read, store_read, reference_read: finds the systems in agreement', async () => {
	await bringIntoAgreement(crm, onec, credentials);
	crm.clearRequests();
	const { summary } = await reconcileOnce(keyWith('reconcile', ['order_read', 'store_read', 'reference_read']));
	expect(summary).toMatchObject({ agree: true, errors: 0, warnings: 0 });
	expect(crm.requests().filter((r) => r.key === 'reconcile').length).toBeGreaterThan(0);
	expect(refused('reconcile')).toEqual([]);
}, 60_000);
