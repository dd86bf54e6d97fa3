/**
 * Security of the catalog URL (workflows/1c-catalog-to-retailcrm-icml.json, webhook row) in n8n's engine against the
 * 1C sandbox: a request without the secret token is answered 403 and never reaches 1C; with it, the file built by the
 * first request is served while it is younger than Max Age, so N requests — one after another or all at once — cost
 * exactly one 1C read. The Webhook node (n8n-nodes-base) does not run in-process: the test hands its item to the
 * gate as n8n's Webhook node builds it ({ headers, params, query, body }).
 */
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import catalogTemplate from '../../workflows/1c-catalog-to-retailcrm-icml.json';
import directTemplate from '../../workflows/1c-catalog-to-retailcrm-icml-direct.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import { offersOf, parseIcml } from '../unit/icml/xml';
import { startWorld, type World } from './world';

// Where nodes may write, as on a fresh n8n (see test/workflows/icml-flow.test.ts): a home folder of this test's own.
const HOME_DIR = mkdtempSync(join(tmpdir(), 'icml-gate-home-'));
/** Each test its own file (as two catalog workflows would have): a build one test starts is no other test's. */
let CATALOG = '';
let fileNumber = 0;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const homedir = jest.spyOn(require('os') as typeof import('os'), 'homedir').mockReturnValue(HOME_DIR);
const coreMajor = Number(String(require(join(require.resolve('n8n-core'), '..', '..', 'package.json')).version).split('.')[0]);
if (coreMajor >= 2) delete process.env.N8N_RESTRICT_FILE_ACCESS_TO;
else process.env.N8N_RESTRICT_FILE_ACCESS_TO = join(HOME_DIR, '.n8n-files');

const GATE = 'Check Token and Cache';
const BUILDER = 'ICML Builder (on request)';
const TOKEN = 'catalog-token-3f9a1c77e2b04d58';

interface Answer {
	node: string;
	json: IDataObject;
	body: Buffer;
}

/** Stands in for Respond to Webhook: records which of the two answered, and the file it would send. */
function respondNode(into: Answer[]): INodeType {
	return {
		description: { displayName: 'respond', name: 'respond', group: ['output'], version: [1, 1.1], description: '', defaults: { name: 'respond' }, inputs: ['main'], outputs: ['main'], properties: [] },
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = this.getInputData();
			for (let i = 0; i < items.length; i++) {
				const body = items[i].binary?.data ? await this.helpers.getBinaryDataBuffer(i, 'data') : Buffer.alloc(0);
				into.push({ node: this.getNode().name, json: items[i].json, body });
			}
			return [items];
		},
	} as INodeType;
}

let world: World;
beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => {
	await world?.close();
	homedir.mockRestore();
	rmSync(HOME_DIR, { recursive: true, force: true });
});
beforeEach(() => {
	world.reset();
	world.onec.state.log = [];
	CATALOG = join(HOME_DIR, '.n8n-files', `catalog-${++fileNumber}.xml`);
});

type Template = { nodes: Array<{ name: string; parameters: unknown }>; connections: unknown };

/** One download of the catalog URL: the gate set up with `token` (the template ships it empty). */
async function download(request: { query?: IDataObject; headers?: IDataObject }, answers: Answer[], gate: IDataObject = { token: TOKEN }, template: Template = catalogTemplate, builderName = BUILDER): Promise<RunResult> {
	const node = template.nodes.find((n) => n.name === GATE) as { parameters: IDataObject };
	const builder = template.nodes.find((n) => n.name === builderName) as { parameters: IDataObject };
	return await runWorkflow(template as typeof catalogTemplate, {
		credentials: world.credentials(),
		trigger: 'Catalog URL for retailCRM',
		mode: 'webhook',
		triggerItems: [{ json: { headers: { host: 'n8n.example.com', ...request.headers }, params: {}, query: request.query ?? {}, body: {} } }],
		patch: {
			[GATE]: { parameters: { ...node.parameters, filePath: CATALOG, ...gate } },
			[builderName]: { parameters: { ...builder.parameters, options: { ...(builder.parameters.options as IDataObject), filePath: CATALOG } } },
		},
		extraNodeTypes: { 'n8n-nodes-base.respondToWebhook': respondNode(answers) },
	});
}

const oneCReads = () => world.onec.state.log.length;

describe('the catalog URL refuses requests without the token, before any 1C read', () => {
	it.each([
		['no token', {}],
		['a wrong token in the query', { query: { token: 'guess' } }],
		['the token with a character more', { query: { token: `${TOKEN}x` } }],
		['a wrong token in the header', { headers: { 'x-catalog-token': 'guess' } }],
	])('%s: 403, no 1C request, no file', async (_name, request) => {
		const answers: Answer[] = [];
		const result = await download(request, answers);
		expect(result.error()).toBeUndefined();
		expect(answers.map((a) => [a.node, a.json.statusCode])).toEqual([['Refuse (403)', 403]]);
		expect(String(answers[0].json.error)).toMatch(/wrong or missing token/);
		expect(JSON.stringify(result.run.data.resultData.runData[GATE])).not.toContain(TOKEN);
		expect(oneCReads()).toBe(0);
		expect(existsSync(CATALOG)).toBe(false);
	});

	it('as shipped (no token set), every request is refused, saying so', async () => {
		const answers: Answer[] = [];
		await download({ query: { token: '' } }, answers, {});
		await download({ query: { token: 'anything' } }, answers, {});
		expect(answers.map((a) => a.node)).toEqual(['Refuse (403)', 'Refuse (403)']);
		expect(String(answers[0].json.error)).toMatch(/no token is set in the ICML Catalog Gate node/);
		expect(oneCReads()).toBe(0);
	});
});

describe('with the token, the last built file is served while younger than Max Age', () => {
	it('10 downloads one after another cost exactly one 1C read (the first); all get the same whole catalog', async () => {
		const answers: Answer[] = [];
		await download({ query: { token: TOKEN } }, answers);
		const oneBuild = oneCReads();
		expect(oneBuild).toBeGreaterThan(0);
		expect(existsSync(CATALOG)).toBe(true);
		for (let i = 0; i < 9; i++) await download(i % 2 ? { query: { token: TOKEN } } : { headers: { 'x-catalog-token': TOKEN } }, answers);
		expect(oneCReads()).toBe(oneBuild);
		expect(answers.map((a) => a.node)).toEqual(Array(10).fill('Send catalog.xml'));
		expect(answers.slice(1).every((a) => a.json.cached === true && a.body.equals(answers[0].body))).toBe(true);
		expect(offersOf((await parseIcml(answers[9].body)).root)).toHaveLength(6);
	});

	it('a file older than Max Age is rebuilt once (one more 1C read), then served again', async () => {
		// Max Age 0.02 min = 1.2 s, so the file ages within the test.
		const gate = { token: TOKEN, maxAgeMinutes: 0.02 };
		const answers: Answer[] = [];
		await download({ query: { token: TOKEN } }, answers, gate);
		const oneBuild = oneCReads();
		await download({ query: { token: TOKEN } }, answers, gate);
		expect(oneCReads()).toBe(oneBuild);
		await new Promise((resolve) => setTimeout(resolve, 1300));
		await download({ query: { token: TOKEN } }, answers, gate);
		expect(oneCReads()).toBe(2 * oneBuild);
		expect(answers.map((a) => a.json.cached === true)).toEqual([false, true, false]);
		await download({ query: { token: TOKEN } }, answers, gate);
		expect(oneCReads()).toBe(2 * oneBuild);
		expect(answers[3].json.cached).toBe(true);
	});

	it('8 downloads at once with no file yet cost exactly one 1C read: the others wait for that build', async () => {
		// The cost of one build, measured on its own.
		await download({ query: { token: TOKEN } }, []);
		const oneBuild = oneCReads();
		CATALOG = join(HOME_DIR, '.n8n-files', `catalog-${++fileNumber}.xml`);
		world.onec.state.log = [];
		const answers: Answer[] = [];
		const results = await Promise.all(Array.from({ length: 8 }, () => download({ query: { token: TOKEN } }, answers)));
		expect(results.map((r) => r.error())).toEqual(Array(8).fill(undefined));
		expect(oneCReads()).toBe(oneBuild);
		expect(answers).toHaveLength(8);
		expect(answers.filter((a) => a.json.cached === true)).toHaveLength(7);
		expect(answers.every((a) => a.body.equals(answers[0].body))).toBe(true);
	});

	it('a request that waited Wait for a Running Build without the file builds it itself (a second 1C read)', async () => {
		await download({ query: { token: TOKEN } }, []);
		const oneBuild = oneCReads();
		CATALOG = join(HOME_DIR, '.n8n-files', `catalog-${++fileNumber}.xml`);
		world.onec.state.log = [];
		// 1C answers the items slowly (1.5 s); the second request waits 0.3 s only.
		world.onec.state.faults.latency.push({ ms: 1500, match: 'Catalog_Номенклатура' });
		const answers: Answer[] = [];
		try {
			const first = download({ query: { token: TOKEN } }, answers, { token: TOKEN, waitSeconds: 0.3 });
			await new Promise((resolve) => setTimeout(resolve, 100));
			const second = download({ query: { token: TOKEN } }, answers, { token: TOKEN, waitSeconds: 0.3 });
			expect((await Promise.all([first, second])).map((r) => r.error())).toEqual([undefined, undefined]);
		} finally {
			world.onec.state.faults.latency.pop();
		}
		expect(oneCReads()).toBe(2 * oneBuild);
		expect(answers.map((a) => [a.node, a.json.cached === true])).toEqual([['Send catalog.xml', false], ['Send catalog.xml', false]]);
	});

	it('Max Age 0 builds on every request', async () => {
		const answers: Answer[] = [];
		await download({ query: { token: TOKEN } }, answers, { token: TOKEN, maxAgeMinutes: 0 });
		const oneBuild = oneCReads();
		await download({ query: { token: TOKEN } }, answers, { token: TOKEN, maxAgeMinutes: 0 });
		expect(oneCReads()).toBe(2 * oneBuild);
	});
});

describe('the schedule row refreshes the cache; the direct template\'s webhook row is gated and cached the same way', () => {
	/** A run of the schedule row (Run Now) writing to this test's file. */
	const scheduled = async (template: Template, builderName: string) => {
		const builder = template.nodes.find((n) => n.name === builderName) as { parameters: IDataObject };
		const result = await runWorkflow(template as typeof catalogTemplate, {
			credentials: world.credentials(),
			trigger: 'Run Now',
			patch: { [builderName]: { parameters: { ...builder.parameters, options: { ...(builder.parameters.options as IDataObject), filePath: CATALOG } } } },
		});
		expect(result.error()).toBeUndefined();
	};

	it.each([
		['two-node', catalogTemplate, 'ICML Builder'],
		['direct', directTemplate, 'ICML Builder From 1C'],
	] as const)('%s: a download after a scheduled build is answered from its file, without a 1C read', async (_name, template, scheduleBuilder) => {
		await scheduled(template, scheduleBuilder);
		expect(existsSync(CATALOG)).toBe(true);
		const built = oneCReads();
		expect(built).toBeGreaterThan(0);
		const answers: Answer[] = [];
		const onRequest = template === catalogTemplate ? BUILDER : 'ICML Builder From 1C (on request)';
		await download({ query: { token: TOKEN } }, answers, { token: TOKEN }, template, onRequest);
		expect(oneCReads()).toBe(built);
		expect(answers.map((a) => [a.node, a.json.cached])).toEqual([['Send catalog.xml', true]]);
	});

	it('direct: without the token 403 and no 1C request; as shipped every request refused; with it, 5 downloads (query or header) cost one build', async () => {
		const onRequest = 'ICML Builder From 1C (on request)';
		const answers: Answer[] = [];
		await download({ query: { token: 'guess' } }, answers, { token: TOKEN }, directTemplate, onRequest);
		await download({ query: { token: TOKEN } }, answers, {}, directTemplate, onRequest);
		expect(answers.map((a) => [a.node, a.json.statusCode])).toEqual([['Refuse (403)', 403], ['Refuse (403)', 403]]);
		expect(oneCReads()).toBe(0);
		expect(existsSync(CATALOG)).toBe(false);
		answers.length = 0;
		await download({ query: { token: TOKEN } }, answers, { token: TOKEN }, directTemplate, onRequest);
		const oneBuild = oneCReads();
		expect(oneBuild).toBeGreaterThan(0);
		for (let i = 0; i < 4; i++) await download(i % 2 ? { query: { token: TOKEN } } : { headers: { 'x-catalog-token': TOKEN } }, answers, { token: TOKEN }, directTemplate, onRequest);
		expect(oneCReads()).toBe(oneBuild);
		expect(answers.map((a) => a.node)).toEqual(Array(5).fill('Send catalog.xml'));
		expect(answers.slice(1).every((a) => a.json.cached === true && a.body.equals(answers[0].body))).toBe(true);
		expect(offersOf((await parseIcml(answers[0].body)).root)).toHaveLength(6);
	});
});
