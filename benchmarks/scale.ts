/**
 * `npm run bench:scale`: the shipped stock and ICML templates in a real n8n (`n8n start`, regular mode, SQLite; the
 * harness's default n8n 2.41.1, `--n8n 1` for 1.123.50) against the large sandboxes with retailCRM's rate limit on
 * (10 requests/s per key), on a generated catalog of 100,000 offers by default (BENCH_SCALE_OFFERS=300000 or
 * `--offers 300000` for the issue's target; a comma-separated list runs several sizes), 3 warehouses, 2 price types.
 * For each run it prints wall time (the trigger call until the run ended), engine time (n8n's own start and stop), the
 * peak RSS of the n8n process and of its process tree (2.x task runners included), n8n's CPU time, the database's
 * growth, requests to each system, and the wall time's ratio to the rate bound (retailCRM requests / 10 per s).
 *
 * What differs from a shop: the templates' schedule triggers are replaced by a webhook (scripts/harness/server-run.ts:
 * same nodes and settings, the run starts on a call); the stock template maps the fixture's 3 warehouses and 2 price
 * types; on n8n 1.x N8N_DEFAULT_BINARY_DATA_MODE=filesystem, as the ICML template's note asks (2.x's default already).
 * The retailCRM sandbox runs in this process and the 1C sandbox in a child process (test/sandboxes/onec/child.ts), as
 * a real 1C is another server: in one process, 1C's page building held up retailCRM's answers to the uploads. Both
 * share this machine's cores with n8n; their CPU time is printed too (a real 1C and retailCRM would spend it elsewhere).
 *
 *   npm run bench:scale [-- --offers 100000,300000] [--n8n 1|2] [--port 5721] [--binary-mode default]
 *     [--templates icmlDirect,icml,stock,stockDirect] [--same-n8n] [--unchanged-runs n] [--settle 15]
 *   BENCH_N8N_NODE_OPTIONS='…' passes Node options to the n8n process, BENCH_N8N_ENV='NAME=value …' more environment.
 * Not part of `npm test`.
 */
import { readFileSync, rmSync } from 'fs';
import { loadavg } from 'os';
import { join } from 'path';
import type { ChildProcess } from 'child_process';
import { icmlFileOf, prepareInstance, type N8nInstance, type TemplateJson } from '../scripts/harness/instance';
import { cacheRoot, n8nMajorFromArgs } from '../scripts/harness/paths';
import { benchPath, callWebhook, databaseStats, type DatabaseStats, ProcessSampler, readRuns, startServer, stopServer, withBenchTrigger, writeRunHooks } from '../scripts/harness/server-run';
import { addLargeStores, largeStockParameters } from '../test/helpers/large-catalog';
import { startOneCSandboxChild, type OneCSandboxChild } from '../test/sandboxes/onec/child';
import { largeOfferCount, largeSizeForOffers } from '../test/sandboxes/onec/fixtures/large';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../test/sandboxes/retailcrm/server';

const arg = (name: string): string | undefined => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : undefined;
};
const SIZES = (arg('offers') ?? process.env.BENCH_SCALE_OFFERS ?? '100000').split(',').map((n) => Number(n.replace(/_/g, '')));
const PORT = Number(arg('port') ?? process.env.BENCH_N8N_PORT ?? 5721);
const MAJOR = n8nMajorFromArgs(process.argv);
/** n8n 2.x keeps binary data on the file system by default; 1.x in memory unless told (the ICML template's note). */
const BINARY_MODE = arg('binary-mode') ?? (MAJOR === 1 ? 'filesystem' : undefined);
const RATE = 10;
const MB = 2 ** 20;

interface Measured {
	run: string;
	ok: boolean;
	error?: string;
	wallS: number;
	engineS: number;
	n8nCpuS: number;
	sandboxCpuS: number;
	peakRssMb: number;
	peakTreeRssMb: number;
	hwmMb: number;
	dbGrowthMb: number;
	dbUsedGrowthMb: number;
	executionDataMb: number;
	onecRequests: number;
	crmRequests: number;
	crmUploads: number;
	crmRefused: number;
	boundS: number;
	nodes: Record<string, { ms: number; items: number; rows: number; priceInputs?: string }>;
	load: string;
	answer: string;
}

/** The stock templates run (full, then unchanged), one after the other: the four-node one and the direct one. */
const STOCK_TEMPLATES = [
	{ id: 'rcrm1cStock', label: 'stock' },
	{ id: 'rcrm1cStockDir', label: 'direct' },
];

/** The templates with the bench trigger; the stock templates mapped to the fixture's 3 warehouses and 2 price types. */
function stockFor(oneC: OneCSandboxChild) {
	return (workflow: TemplateJson): TemplateJson => {
		const patched = withBenchTrigger(workflow);
		if (!STOCK_TEMPLATES.some((t) => t.id === workflow.id)) return patched;
		const parameters = largeStockParameters(oneC.warehouseRefByCode, patched.nodes);
		return { ...patched, nodes: patched.nodes.map((node) => (parameters[node.name] ? { ...node, parameters: parameters[node.name] } : node)) };
	};
}

/** retailCRM's requests since `seq`, counted as they come (the sandbox keeps only the latest few MB of its log). */
class CrmCounter {
	private seq = 0;
	total = 0;
	uploads = 0;
	refused = 0;
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly crm: RetailCrmSandbox) {
		const last = crm.requests().at(-1);
		this.seq = last?.seq ?? 0;
	}

	private poll(): void {
		for (const r of this.crm.requests(this.seq)) {
			this.seq = r.seq;
			this.total++;
			if (r.path.endsWith('/upload') && r.outcome === 'handled') this.uploads++;
			if (r.outcome === 'rate-limited') this.refused++;
		}
	}

	start(): void {
		this.timer = setInterval(() => this.poll(), 1000);
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.poll();
	}
}

async function dbGrowth(instance: N8nInstance, before: DatabaseStats) {
	const after = await databaseStats(instance);
	return { dbGrowthMb: (after.bytes - before.bytes) / MB, dbUsedGrowthMb: (after.usedBytes - before.usedBytes) / MB, executionDataMb: (after.executionDataBytes - before.executionDataBytes) / MB };
}

async function measure(label: string, instance: N8nInstance, server: ChildProcess, oneC: OneCSandboxChild, crm: RetailCrmSandbox, workflowId: string, logFile: string): Promise<Measured> {
	const sampler = new ProcessSampler(server.pid as number);
	const runsBefore = readRuns(logFile).length;
	const dbBefore = await databaseStats(instance);
	const onecBefore = await oneC.requestCount();
	const onecCpu = new ProcessSampler(oneC.pid);
	const onecCpuBefore = onecCpu.cpuMs();
	const crmCounter = new CrmCounter(crm);
	const n8nCpu = sampler.cpuMs();
	const ownCpu = process.cpuUsage();
	const loadBefore = loadavg()[0].toFixed(1);
	sampler.start();
	crmCounter.start();
	const answer = await callWebhook(instance.port, benchPath(workflowId));
	// The engine's hook writes its line when the run ends; wait for it, and for n8n to be done with the database.
	for (let i = 0; i < 600 && readRuns(logFile).length <= runsBefore; i++) await new Promise((r) => setTimeout(r, 100));
	await new Promise((r) => setTimeout(r, 1500));
	const peak = sampler.stop();
	crmCounter.stop();
	const run = readRuns(logFile).slice(runsBefore).find((r) => r.workflowId === workflowId);
	const own = process.cpuUsage(ownCpu);
	return {
		run: label,
		ok: answer.status === 200 && run?.status === 'success',
		error: run?.error ?? (answer.status !== 200 ? `HTTP ${answer.status}: ${answer.body.slice(0, 300)}` : undefined),
		wallS: answer.ms / 1000,
		engineS: run ? (Date.parse(run.stoppedAt) - Date.parse(run.startedAt)) / 1000 : NaN,
		n8nCpuS: (sampler.cpuMs() - n8nCpu) / 1000,
		sandboxCpuS: (own.user + own.system + (onecCpu.cpuMs() - onecCpuBefore) * 1000) / 1e6,
		peakRssMb: peak.rss / MB,
		peakTreeRssMb: peak.treeRss / MB,
		hwmMb: sampler.hwm() / MB,
		...(await dbGrowth(instance, dbBefore)),
		onecRequests: (await oneC.requestCount()) - onecBefore,
		crmRequests: crmCounter.total,
		crmUploads: crmCounter.uploads,
		crmRefused: crmCounter.refused,
		boundS: crmCounter.total / RATE,
		nodes: run?.nodes ?? {},
		load: `${loadBefore}→${loadavg()[0].toFixed(1)}`,
		answer: answer.body.slice(0, 400),
	};
}

function print(offers: number, rows: Measured[], idleRssMb: number[], log: (line: string) => void): void {
	log('');
	log(`${offers.toLocaleString('en')} offers (3 warehouses, 2 price types; ICML: 1 warehouse, sale and purchase price); n8n ${MAJOR === 1 ? '1.x' : '2.x'}, idle RSS ${idleRssMb.map((mb) => mb.toFixed(0)).join(' / ')} MB (runs after ${SETTLE_S} s idle; ${SAME_N8N ? 'one n8n for all runs' : 'a fresh n8n per template'}); binary data mode ${BINARY_MODE ?? "n8n's default"}`);
	// The run column as wide as its longest label.
	const width = Math.max(20, ...rows.map((m) => m.run.length + 1));
	log(`${'run'.padEnd(width)}| ok | wall s | engine s | n8n CPU s | sandboxes CPU s | peak RSS MB (tree, HWM) | DB growth MB (used, exec data) | 1C req | CRM req (uploads, 503) | bound s | wall/bound (upload nodes) | load 1m`);
	log(`${'-'.repeat(width)}|----|--------|----------|-----------|-----------------|-------------------------|--------------------------------|--------|------------------------|---------|--------------------------|--------`);
	for (const m of rows) {
		// The upload nodes' own time against the bound: the pace itself, without the 1C reads before each upload.
		const uploadS = Object.entries(m.nodes).reduce((sum, [name, n]) => sum + (name.startsWith('retailCRM: Upload') ? n.ms / 1000 : 0), 0);
		const ratio = m.crmUploads > 0 ? `${(m.wallS / m.boundS).toFixed(2)} (${(uploadS / m.boundS).toFixed(2)})` : '—';
		const db = `${m.dbGrowthMb.toFixed(2)} (${m.dbUsedGrowthMb.toFixed(2)}, ${m.executionDataMb.toFixed(2)})`;
		log(
			`${m.run.padEnd(width)}| ${m.ok ? 'ok' : '!!'} | ${m.wallS.toFixed(1).padStart(6)} | ${m.engineS.toFixed(1).padStart(8)} | ${m.n8nCpuS.toFixed(1).padStart(9)} | ${m.sandboxCpuS.toFixed(1).padStart(15)} | ${`${m.peakRssMb.toFixed(0)} (${m.peakTreeRssMb.toFixed(0)}, ${m.hwmMb.toFixed(0)})`.padStart(23)} | ${db.padStart(30)} | ${String(m.onecRequests).padStart(6)} | ${`${m.crmRequests} (${m.crmUploads}, ${m.crmRefused})`.padStart(22)} | ${m.boundS.toFixed(1).padStart(7)} | ${ratio.padStart(24)} | ${m.load}`,
		);
	}
	for (const m of rows) {
		const nodes = Object.entries(m.nodes)
			.map(([name, n]) => `${name} ${(n.ms / 1000).toFixed(1)} s, ${n.items} items${n.rows ? ` / ${n.rows} rows` : ''}${n.priceInputs ? ` (prices ${n.priceInputs})` : ''}`)
			.join('; ');
		log(`  ${m.run}: ${nodes}`);
		if (!m.ok) log(`  ${m.run} FAILED: ${m.error ?? m.answer}`);
	}
}

/** What the bench runs, in groups; `--templates` picks groups, and each group gets a fresh n8n (`--same-n8n`: one for all). */
const GROUPS = ['icmlDirect', 'icml', 'stock', 'stockDirect'] as const;
type Group = (typeof GROUPS)[number];
const PICKED: Group[] = (arg('templates') ?? GROUPS.join(',')).split(',').map((g) => {
	if (!(GROUPS as readonly string[]).includes(g)) throw new Error(`--templates: ${g} is none of ${GROUPS.join(', ')}`);
	return g as Group;
});
/**
 * V8 keeps the heap a run grew, so in one n8n the peak RSS of a run is at least the largest before it: a fresh n8n per
 * group makes each template's peak its own (a shop's instance runs all of them; its peak is the largest of these).
 */
const SAME_N8N = process.argv.includes('--same-n8n');
const UNCHANGED_RUNS = Math.max(1, Number(arg('unchanged-runs') ?? 1));
/** BENCH_N8N_ENV='NAME=value NAME2=value2': more environment for n8n, e.g. N8N_DISABLED_MODULES=… */
const EXTRA_ENV: Record<string, string> = Object.fromEntries(
	(process.env.BENCH_N8N_ENV ?? '')
		.split(/\s+/)
		.filter((pair) => pair.includes('='))
		.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
/** Seconds n8n is left idle after its start before the runs (`--settle 0`: start them at once, as before 2026-12-06). */
const SETTLE_S = Math.max(0, Number(arg('settle') ?? 15));

async function benchSize(offers: number, log: (line: string) => void): Promise<boolean> {
	const size = largeSizeForOffers(offers);
	log(`\n=== ${offers.toLocaleString('en')} offers: building the 1C fixture (${size.items.toLocaleString('en')} items, ${size.characteristics.toLocaleString('en')} characteristics)…`);
	const oneC = await startOneCSandboxChild(size);
	const crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
	addLargeStores(crm);
	const root = join(cacheRoot(), `bench-scale-n8n${MAJOR}-${offers}-${PORT}`);
	rmSync(root, { recursive: true, force: true });
	let server: ChildProcess | undefined;
	try {
		const instance = await prepareInstance(
			root,
			PORT,
			{ retailCrm: { url: crm.url, apiKey: crm.keys.integration }, oneC: { url: oneC.url, user: oneC.user, password: oneC.password } },
			log,
			stockFor(oneC),
			{ major: MAJOR },
		);
		const logFile = join(root, 'runs.jsonl');
		const hooks = writeRunHooks(root, logFile);
		let activate = ['rcrm1cIcmlDirect', 'rcrm1cIcml', ...STOCK_TEMPLATES.map((t) => t.id)];
		/** The idle RSS of each n8n the measured runs ran in: 3 s after it was ready, and after the settling wait. */
		const idle: Array<{ startedMb: number; settledMb: number }> = [];
		const idleNote = () => {
			const { startedMb, settledMb } = idle.at(-1)!;
			return `idle RSS ${settledMb.toFixed(0)} MB${SETTLE_S > 0 ? ` (${startedMb.toFixed(0)} MB ${SETTLE_S} s earlier)` : ''}`;
		};
		/** `measured: false` for an n8n no run is measured in: it neither waits to settle nor counts as idle. */
		const start = async (nodeOptions = process.env.BENCH_N8N_NODE_OPTIONS, measured = true): Promise<ChildProcess> => {
			const child = await startServer(instance, {
				env: {
					EXTERNAL_HOOK_FILES: hooks,
					...(BINARY_MODE ? { N8N_DEFAULT_BINARY_DATA_MODE: BINARY_MODE } : {}),
					N8N_LOG_LEVEL: 'warn',
					// e.g. --max-old-space-size=… or a --require'd profiler for a look inside the run (the harness clears NODE_OPTIONS).
					...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
					...EXTRA_ENV,
				},
				activate,
				onLine: (line) => {
					// n8n's own errors; not its calls home (api.n8n.io, unreachable offline) nor stack lines.
					if (/error/i.test(line) && !/api\.n8n\.io/.test(line) && !/^\s+at /.test(line)) log(`[n8n] ${line.slice(0, 300)}`);
				},
			});
			activate = []; // active (published) in the database from now on
			await new Promise((r) => setTimeout(r, 3000));
			if (!measured) return child;
			const sampler = new ProcessSampler(child.pid as number);
			const startedMb = sampler.rss() / MB;
			// A shop's scheduled run finds n8n long started. n8n 2.41.1 holds about 300 MB more for the first seconds after
			// it is ready (V8 gives it back some 5-8 s later), so a run started at once would carry n8n's start-up in its peak.
			await new Promise((r) => setTimeout(r, SETTLE_S * 1000));
			idle.push({ startedMb, settledMb: sampler.rss() / MB });
			return child;
		};
		const rows: Measured[] = [];
		const run = async (label: string, workflowId: string) => {
			const m = await measure(label, instance, server as ChildProcess, oneC, crm, workflowId, logFile);
			if (!m.ok) log(`  ${label} FAILED: ${m.error ?? m.answer}`);
			rows.push(m);
			return m;
		};
		const undated = (doc: string) => doc.replace(/ date="[^"]*"/, '');
		let directXml: string | undefined;
		let imported = false;
		const importCatalog = (xml: string) => {
			if (imported) return;
			log(`  catalog.xml: ${(Buffer.byteLength(xml) / MB).toFixed(1)} MB; retailCRM imports it (the sandbox as retailCRM's loader)…`);
			log(`  imported: ${JSON.stringify(crm.importIcml(xml)).slice(0, 160)}`);
			imported = true;
		};
		for (const [i, group] of PICKED.entries()) {
			if (i === 0 || !SAME_N8N) {
				if (server) await stopServer(server);
				server = await start();
				log(`n8n started for ${group}: ${idleNote()}`);
			}
			if (group === 'icmlDirect') {
				log('ICML direct run (schedule row: ICML Builder → Build From 1C → catalog.xml)…');
				if ((await run('ICML direct (file)', 'rcrm1cIcmlDirect')).ok) {
					const xml = readFileSync(icmlFileOf(instance), 'utf8');
					directXml = undated(xml);
					importCatalog(xml);
				}
				// Again: the first run of a fresh n8n and sandbox pays their warm-up (heap growth, the sandbox's first reads).
				log('ICML direct run again…');
				await run('ICML direct, again', 'rcrm1cIcmlDirect');
				// A freshly started n8n against a 1C that has answered before: the package's own time, with n8n's warm-up
				// and without the sandbox's (its first reads of the catalog and its price slice take about 20 s of CPU on
				// these same cores; a real 1C spends its time on its own server). The measure the stock runs use.
				if (!SAME_N8N) {
					await stopServer(server as ChildProcess);
					server = await start();
					log(`n8n started again for icmlDirect: ${idleNote()}`);
					log('ICML direct run in a fresh n8n, 1C warm…');
					await run('ICML direct, fresh n8n', 'rcrm1cIcmlDirect');
				}
				rmSync(icmlFileOf(instance), { force: true });
			} else if (group === 'icml') {
				log('ICML run (schedule row: Get Items → ICML Builder → catalog.xml)…');
				if ((await run('ICML (file row)', 'rcrm1cIcml')).ok) {
					const xml = readFileSync(icmlFileOf(instance), 'utf8');
					if (directXml !== undefined) log(`  catalog.xml of the direct run ${directXml === undated(xml) ? 'is byte for byte' : 'DIFFERS from'} the two-node run's (date aside)`);
					importCatalog(xml);
				}
			} else {
				const { id, label } = STOCK_TEMPLATES[group === 'stock' ? 0 : 1];
				if (!imported) {
					// retailCRM must know the offers, or every one is "not found", never committed, and sent again next run.
					// With Node options (say a heap limit for the stock runs) the catalog is built by an n8n without them.
					const own = process.env.BENCH_N8N_NODE_OPTIONS !== undefined;
					log(`The catalog into retailCRM first (ICML direct run, not measured${own ? ', in an n8n without BENCH_N8N_NODE_OPTIONS' : ''})…`);
					if (own) {
						// Neither this n8n's idle RSS nor the one stopped here is the measured runs'.
						await stopServer(server as ChildProcess);
						idle.pop();
						server = await start('', false);
					}
					const answer = await callWebhook(instance.port, benchPath('rcrm1cIcmlDirect'));
					if (answer.status !== 200) throw new Error(`ICML direct run for the catalog: HTTP ${answer.status}`);
					importCatalog(readFileSync(icmlFileOf(instance), 'utf8'));
					if (own) {
						await stopServer(server as ChildProcess);
						server = await start();
						log(`n8n started again with BENCH_N8N_NODE_OPTIONS: ${idleNote()}`);
					}
				}
				crm.clearRequests();
				// Each template's first run sends every offer (its own change hashes start empty), the second nothing.
				log(`${label} run 1 (every offer sent)…`);
				await run(`${label}: full upload`, id);
				// `--unchanged-runs n`: the unchanged run n times (its time varies from run to run by a second or more).
				for (let k = 1; k <= UNCHANGED_RUNS; k++) {
					log(`${label} run ${k + 1} (nothing changed)…`);
					await run(UNCHANGED_RUNS === 1 ? `${label}: unchanged` : `${label}: unchanged ${k}`, id);
				}
			}
		}
		print(largeOfferCount(size), rows, idle.map((n) => n.settledMb), log);
		return rows.every((r) => r.ok);
	} finally {
		if (server) await stopServer(server);
		await oneC.close();
		await crm.close();
	}
}

async function main(): Promise<number> {
	const log = (line: string) => console.log(line);
	log(`bench:scale on Node ${process.version}, ${require('os').cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; n8n port ${PORT}`);
	let ok = true;
	for (const offers of SIZES) ok = (await benchSize(offers, log)) && ok;
	return ok ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
