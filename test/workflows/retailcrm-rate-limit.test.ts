/**
 * README, Troubleshooting, retailCRM "Rate limit exceeded" (503/429): "the nodes pace themselves to retailCRM's 10
 * requests/s per key and retry 503/429 with back-off (honouring `Retry-After`), a bounded number of times." Through the
 * shipped stock template (workflows/1c-stock-and-prices-to-retailcrm.json) in n8n-core's engine against both
 * sandboxes, with one offer per upload batch so that a run makes enough requests to show the pace.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import template from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { Pacer } from '../../nodes/core/http/pacer';
import { runWorkflow } from '../helpers/run-workflow';
import type { OneCSandbox } from '../sandboxes/onec/server';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { crmWithCatalogOnly } from '../unit/stock-upload/seed-catalog';
import { closeSandboxes, startTemplateSandboxes } from '../helpers/template-sandboxes';

const STOCK = 'retailCRM: Upload Stock';
const PRICES = 'retailCRM: Upload Prices';
const INVENTORIES = '/api/v5/store/inventories/upload';

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;

beforeAll(async () => ({ crm, onec, credentials } = await startTemplateSandboxes({ rateLimit: false })));
afterAll(async () => await closeSandboxes(crm, onec));
beforeEach(() => {
	crm.configure({ rateLimit: false });
	crmWithCatalogOnly(crm);
	onec.state.reset('seed');
});

const parameters = (name: string) => template.nodes.find((n) => n.name === name)!.parameters as IDataObject;
/** Both uploads one offer per batch: a dozen uploads in one run. */
const oneByOne = {
	[STOCK]: { parameters: { ...parameters(STOCK), options: { ...(parameters(STOCK).options as IDataObject), batchSize: 1 } } },
	[PRICES]: { parameters: { ...parameters(PRICES), options: { ...(parameters(PRICES).options as IDataObject), batchSize: 1 } } },
};
const run = (patch?: typeof oneByOne) => runWorkflow(template, { credentials, staticData: {}, trigger: 'Run Now', patch });
const at = (time: string) => Date.parse(time);

it('paces its requests to 10 per second: no second holds more than 10, and retailCRM\'s own limit refuses none', async () => {
	crm.configure({ rateLimit: true, rateLimitPerSecond: 10, rateLimitBurst: 10, rateLimitStatus: 503 });
	// The slot the pacer gives each retailCRM request, noted as it is given (acquire fixes it before it waits). The
	// sandbox's arrival times are not the measure: it runs in this process, so a busy event loop (other test workers
	// on the same cores) delays one arrival and shortens the second after it by as much, although the pace was kept.
	const slots: number[] = [];
	const acquire = Pacer.prototype.acquire;
	const spy = jest.spyOn(Pacer.prototype, 'acquire').mockImplementation(function (this: Pacer, key: string, target?: number) {
		const waited = acquire.call(this, key, target);
		const state = (this as unknown as { keys: Map<string, { nextSlot: number; rate: number }> }).keys.get(key);
		if (key.startsWith(crm.url) && state !== undefined) slots.push(state.nextSlot - 1000 / state.rate);
		return waited;
	});
	let result: Awaited<ReturnType<typeof run>>;
	try {
		result = await run(oneByOne);
	} finally {
		spy.mockRestore();
	}
	expect(result.error()).toBeUndefined();
	const calls = crm.requests();
	expect(calls.filter((r) => r.path === INVENTORIES).length).toBeGreaterThanOrEqual(6);
	expect(calls.length).toBeGreaterThan(12);
	expect(slots).toHaveLength(calls.length);
	// At 10/s, request i+10 is given a slot at least a second after request i's.
	for (let i = 0; i + 10 < slots.length; i++) expect(slots[i + 10] - slots[i]).toBeGreaterThanOrEqual(1000 - 1e-6);
	// And retailCRM's own limit (10 a second, a burst of 10, counted as requests arrive) refuses none.
	expect(calls.filter((r) => r.outcome === 'rate-limited')).toEqual([]);
}, 30_000);

it('a 429 with Retry-After: 2 is retried after at least 2 s, and the upload goes through', async () => {
	crm.injectFault({ status: 429, count: 1, retryAfter: 2, match: { path: INVENTORIES } });
	const result = await run();
	expect(result.error()).toBeUndefined();
	const attempts = crm.requests().filter((r) => r.path === INVENTORIES);
	const [refused, ...rest] = attempts;
	expect(refused.status).toBe(429);
	// The same batch sent again (the template's batches go one after the other).
	const retry = rest.find((r) => r.form.offers === refused.form.offers);
	expect(retry?.status).toBe(200);
	expect(at(retry!.time) - at(refused.time)).toBeGreaterThanOrEqual(1_990);
}, 30_000);

it('a 503 that does not stop: the batch is tried 5 times, no more, and the run fails naming it', async () => {
	crm.injectFault({ status: 503, count: 5, match: { path: INVENTORIES } });
	const result = await run();
	expect(result.error()?.message).toMatch(/^retailCRM did not take 1 upload batch .*503/);
	const [first] = crm.requests().filter((r) => r.path === INVENTORIES);
	// A sixth try would have gone through (the fault answers five requests only).
	expect(crm.requests().filter((r) => r.path === INVENTORIES && r.form.offers === first.form.offers).map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
}, 30_000);
