/**
 * README, Credentials, RetailCRM API: "The key is sent only in the `X-API-KEY` header, never in a URL." The shipped
 * templates that talk to retailCRM, run in n8n-core's engine against the sandboxes (reads, writes, uploads, the setup
 * check): every request the retailCRM sandbox received carried the key in the header (the sandbox also accepts it as
 * an `apiKey` query or form parameter, as retailCRM does, and logs that it came so).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import setupTemplate from '../../workflows/setup-check.json';
import { runWorkflow } from '../helpers/run-workflow';
import { resetSandboxes, templateRunner, useSeedSandboxes } from '../helpers/orders-template';
import { TRIGGER_STATUS, SEED_ORDER_IDS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { OneCSandbox } from '../sandboxes/onec/server';

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;
const sandboxes = useSeedSandboxes();
beforeAll(() => {
	({ crm, onec, credentials } = sandboxes);
});
beforeEach(() => resetSandboxes(crm, onec));
const orders = templateRunner(() => credentials);

/** Requests that reached retailCRM, with how the key came: header only, or also in the URL or the form. */
const keyPlacement = () => crm.requests().map((r) => ({ request: `${r.method} ${r.path}`, key: r.key, inUrlOrForm: 'apiKey' in r.query || 'apiKey' in r.form }));

it('the orders, stock and setup-check templates send the key in the X-API-KEY header only', async () => {
	crm.clearRequests();
	const staticData: IDataObject = {};
	expect((await orders.run(staticData)).error()).toBeUndefined();
	crm.setStatus(SEED_ORDER_IDS['5488'], TRIGGER_STATUS);
	expect((await orders.run(staticData)).error()).toBeUndefined();
	expect((await runWorkflow(stockTemplate, { credentials, staticData: {}, trigger: 'Run Now' })).error()).toBeUndefined();
	expect((await runWorkflow(setupTemplate, { credentials, mode: 'manual' })).error()).toBeUndefined();

	const placed = keyPlacement();
	// Reads, the write-back and the uploads all happened.
	expect(placed.map((p) => p.request)).toEqual(expect.arrayContaining(['GET /api/v5/orders/history', 'POST /api/v5/orders/fix-external-ids', 'POST /api/v5/store/inventories/upload', 'GET /api/credentials']));
	expect(placed.filter((p) => p.key !== 'integration' || p.inUrlOrForm)).toEqual([]);
});
