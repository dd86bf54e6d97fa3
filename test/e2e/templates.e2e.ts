/**
 * The shipped templates in a real n8n (1.123.50 CLI): package installed as the Community Nodes panel
 * installs it, credentials and workflows imported, each template executed with `n8n execute`, and the
 * outcome read from the sandboxes' state. Then a second run of each must change nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { icmlFileOf, prepareInstance, type N8nInstance } from '../../scripts/harness/instance';
import { executeWorkflow, icmlSummary, jeansInCrm, ordersInOneC, runScenario, SEED_CRM_NUMBERS, type ScenarioReport } from '../../scripts/harness/scenario';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';

describe('templates in the real n8n CLI', () => {
	let root: string;
	let retailCrm: RetailCrmSandbox;
	let oneC: OneCSandbox;
	let instance: N8nInstance;
	let report: ScenarioReport;
	let icmlPath: string;

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), 'rcrm1c-e2e-'));
		retailCrm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		oneC = await startOneCSandbox({ port: 0, fixture: 'seed' });
		const lines: string[] = [];
		instance = await prepareInstance(
			root,
			Number(process.env.E2E_N8N_PORT ?? 5698),
			{
				retailCrm: { url: retailCrm.url, apiKey: retailCrm.keys.integration },
				oneC: { url: oneC.url, user: oneC.user, password: oneC.password },
			},
			(line) => lines.push(line),
		);
		// The templates run as shipped: the ICML schedule row writes ~/.n8n-files/catalog.xml of n8n's user.
		icmlPath = icmlFileOf(instance);
		report = await runScenario(instance, { retailCrm, oneC }, (line) => lines.push(line), icmlPath);
		if (!report.ok) console.log(lines.join('\n'));
	});

	afterAll(async () => {
		await Promise.all([retailCrm?.close(), oneC?.close()]);
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it('executes all three templates successfully', () => {
		expect(report.problems).toEqual([]);
		expect(report.executions.map((e) => [e.workflowId, e.status])).toEqual([
			['rcrm1cIcml', 'success'],
			['rcrm1cStock', 'success'],
			['rcrm1cOrders', 'success'],
			['rcrm1cOrders', 'success'],
		]);
	});

	it('builds an ICML in which the jeans are one product with two offers, and retailCRM imports it', () => {
		expect(report.icml?.jeansOffers).toBe(2);
		const jeans = jeansInCrm(retailCrm);
		expect(jeans.map((o) => o.name)).toEqual(['Джинсы Элегантность (48)', 'Джинсы Элегантность (50)']);
		// The ICML gave the CRM offers the 1C item GUIDs as externalIds, which stock upload matches on.
		for (const offer of jeans) expect(offer.externalId).toMatch(/^[0-9a-f-]{36}$/);
		// Written where the shipped template says, in retailCRM's unit codes, the product keyed by a 1C GUID.
		expect(icmlPath).toBe(join(instance.userFolder, '.n8n-files', 'catalog.xml'));
		const units = retailCrm.state.offers.filter((o) => o.name.startsWith('Джинсы Элегантность')).map((o) => o.unit?.code);
		expect(units).toEqual(['pc', 'pc']);
		const product = retailCrm.state.products.find((p) => p.name === 'Джинсы Элегантность' && p.active);
		expect(product?.externalId).toBe(jeans[0].externalId);
	});

	it('puts 1C stock and prices on the mapped retailCRM store', () => {
		const jeans = jeansInCrm(retailCrm);
		expect(jeans.map((o) => [o.stock.main, o.prices.base])).toEqual([
			[23, 300],
			[41, 300],
		]);
	});

	it('loads the seed orders into 1C once, numbered with the prefix and with the CRM totals', () => {
		const orders = ordersInOneC(oneC, SEED_CRM_NUMBERS);
		expect(orders.map((o) => [o.crmNumber, o.number, o.total, o.posted])).toEqual([
			['5488', 'ЦРМ00005488', 1990, true],
			['5489', 'ЦРМ00005489', 1070, true],
			['5490', 'ЦРМ00005490', 1390, true],
		]);
	});

	it('changes nothing on a second run of each template', async () => {
		const ordersBefore = ordersInOneC(oneC, SEED_CRM_NUMBERS);
		const jeansBefore = jeansInCrm(retailCrm);
		const icmlBefore = readFileSync(icmlPath, 'utf8');
		const oneCLogStart = oneC.state.log.length;
		retailCrm.clearRequests();

		for (const id of ['rcrm1cIcml', 'rcrm1cStock', 'rcrm1cOrders']) {
			const summary = await executeWorkflow(instance, id);
			expect({ id, ok: summary.ok, error: summary.error }).toEqual({ id, ok: true, error: undefined });
		}

		const writesTo1C = oneC.state.log.slice(oneCLogStart).filter((e) => e.method !== 'GET');
		expect(writesTo1C).toEqual([]);
		const uploads = retailCrm.requests().filter((r) => r.method === 'POST');
		expect(uploads.map((r) => r.path)).toEqual([]);
		expect(ordersInOneC(oneC, SEED_CRM_NUMBERS)).toEqual(ordersBefore);
		expect(jeansInCrm(retailCrm)).toEqual(jeansBefore);
		// Same catalog; only the generation date may differ.
		const strip = (xml: string) => xml.replace(/date="[^"]*"/, '');
		expect(strip(readFileSync(icmlPath, 'utf8'))).toEqual(strip(icmlBefore));
		expect(icmlSummary(readFileSync(icmlPath, 'utf8')).jeansOffers).toBe(2);
	});
});
