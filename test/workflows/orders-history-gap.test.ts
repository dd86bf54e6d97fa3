/**
 * README, Troubleshooting: "orders/history: an empty page after record …": retailCRM answered an empty history page
 * while counting more, which happens when the API key may not see every store (records of the other stores are left
 * out after paging). The run stops there instead of skipping orders silently; give the key access to every store.
 * Through the shipped orders template in n8n-core's engine, the retailCRM sandbox filtering the key's stores after
 * paging (`historySiteFilter: 'afterPaging'`, retailcrm/bitrix-module#25).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { TRIGGER_STATUS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { DOCS, resetSandboxes, syncState, templateRunner, useSeedSandboxes } from '../helpers/orders-template';

const SITE = 'test-crm10';
const OTHER = 'other-shop';
const ONE_STORE_KEY = 'OneStoreKey0123456789abcdefABCDEF';

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;
const sandboxes = useSeedSandboxes();
beforeAll(() => {
	({ crm, onec } = sandboxes);
	credentials = { ...sandboxes.credentials, retailCrmApi: { url: crm.url, apiKey: ONE_STORE_KEY } };
});
beforeEach(() => {
	resetSandboxes(crm, onec);
	const sites = crm.state.sites as Record<string, unknown>;
	sites[OTHER] = { ...(sites[SITE] as object), id: 2, code: OTHER, name: 'Другой магазин', url: 'https://other.example.ru', defaultForCrm: false };
	const all = crm.state.apiKeys.find((k) => k.label === 'integration')!.scopes;
	crm.state.apiKeys.push({ label: 'one-store', key: ONE_STORE_KEY, scopes: all, siteAccess: 'access_selective', sitesAvailable: [SITE] });
	crm.configure({ historySiteFilter: 'afterPaging' });
});
afterAll(() => crm.configure({ historySiteFilter: 'beforePaging' }));

const runner = templateRunner(() => credentials);

async function createOrder(site: string, order: Record<string, unknown>): Promise<number> {
	const response = await fetch(`${crm.url}/api/v5/orders/create`, {
		method: 'POST',
		headers: { 'X-API-KEY': crm.keys.integration, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ site, order: JSON.stringify(order) }).toString(),
	});
	const body = (await response.json()) as { id: number };
	expect(response.status).toBe(201);
	return body.id;
}

it('a key that does not see every store: the run stops at the empty history page naming it, the cursor stays; with access to every store the order is loaded', async () => {
	const staticData: IDataObject = {};
	expect((await runner.run(staticData)).error()).toBeUndefined();
	const cursor = syncState(staticData).sinceId;
	expect(cursor).toEqual(expect.any(Number));

	// A full history page (the template reads 100 a page) of the other store's records, then our order.
	for (let i = 0; i < 100; i++) await createOrder(OTHER, { firstName: `Другой ${i}`, items: [{ offer: { id: 1 }, quantity: 1, initialPrice: 300 }] });
	const ours = await createOrder(SITE, { number: '7301', status: TRIGGER_STATUS, firstName: 'Наш', lastName: 'Покупатель', items: [{ offer: { id: 1 }, quantity: 1, initialPrice: 300 }] });

	const stopped = await runner.run(staticData);
	expect(stopped.error()?.message).toMatch(/orders\/history: an empty page after record \d+/);
	expect(syncState(staticData).sinceId).toBe(cursor);
	expect(onec.state.store.rows(DOCS).filter((d) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === `crm#${ours}`)).toEqual([]);

	// The key now reaches every store: the same cursor leads to the order.
	const key = crm.state.apiKeys.find((k) => k.key === ONE_STORE_KEY)!;
	key.siteAccess = 'access_full';
	key.sitesAvailable = [];
	const loaded = await runner.run(staticData);
	expect(loaded.error()).toBeUndefined();
	expect(onec.state.store.rows(DOCS).filter((d) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === `crm#${ours}`)).toEqual([
		expect.objectContaining({ Posted: true }),
	]);
});
