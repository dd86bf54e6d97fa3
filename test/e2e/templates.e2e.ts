/**
 * The shipped templates in a real n8n, on each pinned major (2.41.1 on Node 24, then 1.123.50): package
 * installed as the Community Nodes panel installs it, credentials and workflows imported, each template
 * executed with `n8n execute`, and the outcome read from the sandboxes' state. Then a second run of each
 * must change nothing. E2E_N8N_MAJORS=2 (or 1) runs one major only; E2E_N8N_PORT (5698) is the n8n port.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readStaticData } from '../../scripts/harness/database';
import { icmlFileOf, importWorkflow, prepareInstance, type N8nInstance } from '../../scripts/harness/instance';
import {
	executeWorkflow,
	icmlSummary,
	jeansInCrm,
	nodeOutput,
	ordersInOneC,
	runScenario,
	SEED_CRM_NUMBERS,
	type ScenarioReport,
} from '../../scripts/harness/scenario';
import { e2ePort, majorsToRun } from './majors';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { addMovements, addPrices } from '../sandboxes/onec/control';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';

/**
 * What a user's n8n allows, probed by a workflow: a Code node counts its runs in the workflow's static data
 * and says whether `$env` is readable; a Read/Write Files node reads a file outside `~/.n8n-files` (its
 * error, if any, is its output). The id has at most 16 characters: n8n 1.x saves static data only for such
 * ids (isWorkflowIdValid; 2.x allows 21).
 */
function probeWorkflow(outsideFile: string) {
	return {
		id: 'e2eDefaultsProbe',
		name: 'e2e: n8n defaults probe',
		active: false,
		settings: {},
		connections: { Start: { main: [[{ node: 'Count', type: 'main', index: 0 }, { node: 'Read outside', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 'c0a1b2c3-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'c0a1b2c3-0000-4000-8000-000000000002',
				name: 'Count',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: [
						"const data = $getWorkflowStaticData('global');",
						'data.runs = (data.runs ?? 0) + 1;',
						"let env = 'readable';",
						"try { $env.HOME; } catch (e) { env = 'blocked'; }",
						'return [{ json: { runs: data.runs, env } }];',
					].join('\n'),
				},
			},
			{
				id: 'c0a1b2c3-0000-4000-8000-000000000003',
				name: 'Read outside',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				position: [220, 200],
				onError: 'continueRegularOutput',
				parameters: { operation: 'read', fileSelector: outsideFile, options: {} },
			},
		],
	};
}

describe.each(majorsToRun())('templates in the real n8n %i.x CLI (%s)', (major, version) => {
	let root: string;
	let retailCrm: RetailCrmSandbox;
	let oneC: OneCSandbox;
	let instance: N8nInstance;
	let report: ScenarioReport;
	let icmlPath: string;

	beforeAll(async () => {
		root = mkdtempSync(join(tmpdir(), `rcrm1c-e2e-n8n${major}-`));
		retailCrm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
		oneC = await startOneCSandbox({ port: 0, fixture: 'seed' });
		const lines: string[] = [];
		const started = Date.now();
		instance = await prepareInstance(
			root,
			e2ePort(),
			{
				retailCrm: { url: retailCrm.url, apiKey: retailCrm.keys.integration },
				oneC: { url: oneC.url, user: oneC.user, password: oneC.password },
			},
			(line) => lines.push(line),
			undefined,
			{ major },
		);
		// The templates run as shipped: the ICML schedule row writes ~/.n8n-files/catalog.xml of n8n's user
		// (the only folder n8n 2.x lets nodes write to by default).
		icmlPath = icmlFileOf(instance);
		const prepared = Date.now();
		report = await runScenario(instance, { retailCrm, oneC }, (line) => lines.push(line), icmlPath);
		// Timings per major for the CI budget (README "Development"); the whole log when something failed.
		console.log(
			`n8n ${version}: prepared in ${Math.round((prepared - started) / 1000)} s, scenario in ${Math.round((Date.now() - prepared) / 1000)} s` +
				(report.ok ? '' : `\n${lines.join('\n')}`),
		);
	});

	afterAll(async () => {
		await Promise.all([retailCrm?.close(), oneC?.close()]);
		if (root) rmSync(root, { recursive: true, force: true });
	});

	it(`runs n8n ${version} on the Node it needs, with that major's defaults`, () => {
		expect(instance.runtime.version).toBe(version);
		const nodeMajor = Number(execFileSync(instance.runtime.node, ['-p', 'process.versions.node']).toString().split('.')[0]);
		if (major === 2) {
			expect(nodeMajor).toBeGreaterThanOrEqual(24);
			// 2.x defaults stay on: task runners, env access blocked in nodes, files only under ~/.n8n-files.
			expect(instance.env.N8N_RUNNERS_ENABLED).toBeUndefined();
			expect(instance.env.N8N_BLOCK_ENV_ACCESS_IN_NODE).toBeUndefined();
			expect(instance.env.N8N_RESTRICT_FILE_ACCESS_TO).toBeUndefined();
		} else {
			expect(nodeMajor).toBe(Number(process.versions.node.split('.')[0]));
		}
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
		expect(existsSync(icmlPath)).toBe(true);
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

	it('runs the setup-check template green on the seed, writing nothing to either system', async () => {
		const oneCLogStart = oneC.state.log.length;
		retailCrm.clearRequests();
		const summary = await executeWorkflow(instance, 'rcrm1cCheck');
		expect({ ok: summary.ok, error: summary.error }).toEqual({ ok: true, error: undefined });
		const checks = ['retailCRM: Check Setup', '1C: Check Setup'].map((node) => nodeOutput(summary, node).map((i) => i.json));
		for (const items of checks) expect(items.length).toBeGreaterThan(0);
		expect(checks.flat().filter((i) => i.status !== 'pass' && i.status !== 'info')).toEqual([]);
		expect(oneC.state.log.slice(oneCLogStart).filter((e) => e.method !== 'GET')).toEqual([]);
		expect(retailCrm.requests().filter((r) => r.method !== 'GET')).toEqual([]);
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
			if (id !== 'rcrm1cStock') continue;
			// Skip Unchanged Prices: the record the first run's Upload Prices left in the static data `n8n execute` saved.
			expect(nodeOutput(summary, '1C: Get Prices').map((item) => item.json)).toEqual([
				{ pricesUnchanged: expect.objectContaining({ source: '1C: Get Prices', rows: expect.any(Number) }) },
			]);
			expect(nodeOutput(summary, 'retailCRM: Upload Prices')[0].json).toMatchObject({ pricesUnchanged: true, batches: 0 });
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

	it("reads the four-node stock template's prices while its stock uploads (Get Prices → Read Ahead; `n8n execute` is no manual run)", async () => {
		const stockUpload = '/api/v5/store/inventories/upload';
		const jeans48 = () => jeansInCrm(retailCrm).find((o) => o.name.endsWith('(48)'))!;
		const stockBefore = jeans48().stock.main;
		// A receipt of one pair in 1C, so that the stock upload has something to send; retailCRM answers it 2 s late.
		const { recorder } = addMovements(oneC.state, { records: [{ Склад_Key: SEED_IDS.warehouses.main, Номенклатура_Key: SEED_IDS.items.jeans48, Количество: 1 }] });
		try {
			retailCrm.clearRequests();
			retailCrm.injectFault({ match: { path: stockUpload }, delayMs: 2000, passThrough: true, count: 1 });
			const from = oneC.state.log.length;
			const run = await executeWorkflow(instance, 'rcrm1cStock');
			expect({ ok: run.ok, error: run.error }).toEqual({ ok: true, error: undefined });
			const uploads = retailCrm.requests().filter((r) => r.path === stockUpload && r.status === 200);
			expect(uploads).toHaveLength(1);
			const answered = Date.parse(uploads[0].time);
			const pricePages = oneC.state.log.slice(from).filter((r) => decodeURIComponent(r.path).includes('InformationRegister_ЦеныНоменклатуры'));
			expect(pricePages.length).toBeGreaterThan(0);
			// Every price page reached 1C before retailCRM answered the stock upload: the read ran during it.
			expect(pricePages.filter((r) => Date.parse(r.time) >= answered).map((r) => r.time)).toEqual([]);
			expect(nodeOutput(run, '1C: Get Prices').map((item) => Object.keys(item.json))).toEqual([['pricesUnchanged']]);
			expect(jeans48().stock.main).toBe(stockBefore + 1);
		} finally {
			oneC.state.store.removeWhere('AccumulationRegister_ТоварыНаСкладах_RecordType', (r) => r.Recorder === recorder);
		}
		const back = await executeWorkflow(instance, 'rcrm1cStock');
		expect({ ok: back.ok, error: back.error }).toEqual({ ok: true, error: undefined });
		expect(jeans48().stock.main).toBe(stockBefore);
	});

	it('runs the direct stock template: one summary item, the same stock and prices in retailCRM, its hashes saved; a second run compares the prices and uploads nothing; a price entered in 1C afterwards is sent', async () => {
		const jeansBefore = jeansInCrm(retailCrm);
		// Stock and prices gone from retailCRM: the direct template must put back what the four-node one did.
		for (const offer of retailCrm.state.offers) {
			offer.stocks = {};
			offer.prices = {};
		}
		retailCrm.clearRequests();
		const node = 'retailCRM: Upload Stock and Prices from 1C';
		const first = await executeWorkflow(instance, 'rcrm1cStockDir');
		expect({ ok: first.ok, error: first.error }).toEqual({ ok: true, error: undefined });
		const out = nodeOutput(first, node);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ operation: 'uploadFromOneC', dryRun: false, stock: { fullResend: true, failedBatches: [] }, prices: { fullResend: true, failedBatches: [] } });
		expect(jeansInCrm(retailCrm)).toEqual(jeansBefore);
		expect(retailCrm.requests().filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/api/v5/store/inventories/upload', '/api/v5/store/prices/upload']);
		// The node's static data, under Upload Stock's and Upload Prices' keys.
		const saved = (first.staticData as Record<string, Record<string, unknown>> | undefined)?.[`node:${node}`] ?? {};
		expect(Object.keys(saved).sort()).toEqual(['changeHashes:uploadPrices', 'changeHashes:uploadStock']);

		retailCrm.clearRequests();
		const second = await executeWorkflow(instance, 'rcrm1cStockDir');
		expect({ ok: second.ok, error: second.error }).toEqual({ ok: true, error: undefined });
		// retailCRM took the first upload whole: the prices' 1C answers are compared, not read (README "Large catalogs").
		expect(nodeOutput(second, node)[0].json).toMatchObject({ priceInputs: 'unchanged', stock: { batches: 0 }, prices: { batches: 0 } });
		expect(retailCrm.requests().filter((r) => r.method === 'POST')).toEqual([]);

		// A price entered in 1C since (the static data `n8n execute` saved between the runs): read again and sent alone.
		const jeans48 = () => jeansInCrm(retailCrm).find((o) => o.name.endsWith('(48)'))!;
		const pricesBefore = jeans48().prices;
		const { recorder } = addPrices(oneC.state, { period: '2025-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 333 }] });
		try {
			retailCrm.clearRequests();
			const third = await executeWorkflow(instance, 'rcrm1cStockDir');
			expect({ ok: third.ok, error: third.error }).toEqual({ ok: true, error: undefined });
			expect(nodeOutput(third, node)[0].json).toMatchObject({ priceInputs: 'recorded', stock: { batches: 0 }, prices: { batches: 1, offersSent: 1 } });
			const changed = Object.entries(jeans48().prices).filter(([code, price]) => pricesBefore[code] !== price);
			expect(changed.map(([, price]) => price)).toEqual([333]);
			const fourth = await executeWorkflow(instance, 'rcrm1cStockDir');
			expect(nodeOutput(fourth, node)[0].json).toMatchObject({ priceInputs: 'unchanged', prices: { batches: 0 } });
		} finally {
			oneC.state.store.removeWhere('InformationRegister_ЦеныНоменклатуры_RecordType', (r) => r.Recorder === recorder);
		}
		// The price as before in 1C: sent back, so the later tests meet retailCRM as they expect it.
		expect(nodeOutput(await executeWorkflow(instance, 'rcrm1cStockDir'), node)[0].json).toMatchObject({ priceInputs: 'recorded', prices: { offersSent: 1 } });
		expect(jeans48().prices).toEqual(pricesBefore);
	});

	it('runs the direct ICML template: the same catalog.xml as the two-node template, at the same path, one summary item', async () => {
		const undated = (doc: string) => doc.replace(/ date="[^"]*"/, '');
		const twoNode = undated(readFileSync(icmlPath, 'utf8'));
		expect(twoNode).toContain('Джинсы Элегантность (48)');
		rmSync(icmlPath);
		const run = await executeWorkflow(instance, 'rcrm1cIcmlDirect');
		expect({ ok: run.ok, error: run.error }).toEqual({ ok: true, error: undefined });
		expect(undated(readFileSync(icmlPath, 'utf8'))).toBe(twoNode);
		const out = nodeOutput(run, 'ICML Builder From 1C');
		expect(out).toHaveLength(1);
		expect(String(out[0].json.filePath)).toMatch(/\.n8n-files\/catalog\.xml$/);
		expect(out[0].json).toMatchObject({ fileName: 'catalog.xml', bytes: Buffer.byteLength(readFileSync(icmlPath)) });
		expect(out[0].json.offers).toBe((twoNode.match(/<offer /g) ?? []).length);
	});

	it('keeps the orders cursor in the static data `n8n execute` saves (mode "cli" is not "manual")', () => {
		const [first, second] = report.executions.filter((e) => e.workflowId === 'rcrm1cOrders');
		const sinceId = (e: typeof first) => (e.staticData?.global as Record<string, { sinceId?: unknown }> | undefined)?.orderSync?.sinceId;
		// The first run saves where the history stood; the second continues from there and moves past the
		// manager's status changes (had the first cursor not been saved, it would start at "now" again and
		// miss the seed orders).
		expect(typeof sinceId(first)).toBe('number');
		expect(sinceId(second)).toBeGreaterThan(sinceId(first) as number);
	});

	it(`applies n8n ${major}.x's defaults to nodes: ${major === 2 ? 'Code in a task runner, $env blocked, no file outside ~/.n8n-files' : 'Code in process, $env and files readable'}; Code's static data saved`, async () => {
		const outside = join(instance.userFolder, 'outside.txt');
		writeFileSync(outside, 'not in ~/.n8n-files');
		const probe = probeWorkflow(outside);
		await importWorkflow(instance, probe);
		expect(readStaticData(instance, probe.id)).toEqual({});
		const seen: unknown[] = [];
		for (let i = 0; i < 2; i++) {
			const summary = await executeWorkflow(instance, probe.id);
			expect({ ok: summary.ok, error: summary.error }).toEqual({ ok: true, error: undefined });
			const read = nodeOutput(summary, 'Read outside')[0]?.json;
			seen.push({
				count: nodeOutput(summary, 'Count')[0]?.json,
				saved: summary.staticData,
				read: read?.error ?? read?.fileName,
				// 2.x starts its JS task runner (internal mode: a child `node` n8n launches) for the Code node.
				runner: summary.log.some((l) => l.includes('Registered runner "JS Task Runner"')),
			});
		}
		const env = major === 2 ? 'blocked' : 'readable';
		const read = major === 2 ? 'Access to the file is not allowed.' : 'outside.txt';
		expect(seen).toEqual([
			{ count: { runs: 1, env }, saved: { global: { runs: 1 } }, read: expect.stringContaining(read), runner: major === 2 },
			{ count: { runs: 2, env }, saved: { global: { runs: 2 } }, read: expect.stringContaining(read), runner: major === 2 },
		]);
	});
});
