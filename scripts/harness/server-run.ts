/**
 * Runs the templates in a real `n8n start` as a shop runs them (regular mode, executions saved by the workflow's own
 * settings, static data kept between runs), for benchmarks: each run is started by a webhook that takes the place of
 * the template's schedule trigger (same nodes, same settings; only the trigger differs, so a run starts when asked
 * and the call returns when it ends), and measured from outside: the n8n process's resident memory and CPU time from
 * /proc, the database file's growth, and the engine's own start and stop times and per-node item counts from an
 * external hook (EXTERNAL_HOOK_FILES, n8n's documented extension point).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { request } from 'http';
import { join } from 'path';
import { execFile, type ChildProcess } from 'child_process';
import type { N8nInstance, TemplateJson } from './instance';
import { runN8n, startN8n, waitForHealth } from './n8n-cli';
import { n8nInstallDir } from './paths';

type Node = TemplateJson['nodes'][number] & { id?: string; type?: string; typeVersion?: number; position?: number[]; webhookId?: string };
type Connections = Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;

/** The webhook path a benchmark calls to run a template's schedule row. */
export function benchPath(workflowId: string): string {
	return `bench-${workflowId}`;
}

/**
 * The template with each schedule trigger replaced by a webhook that feeds the same nodes and answers when the run
 * has ended (`lastNode`), so a run starts on a call and nothing fires on its own during a benchmark.
 */
export function withBenchTrigger(workflow: TemplateJson): TemplateJson {
	const nodes = workflow.nodes as Node[];
	const connections = { ...(workflow.connections as Connections) };
	const schedules = nodes.filter((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (schedules.length === 0) return workflow;
	const out = nodes.filter((n) => n.type !== 'n8n-nodes-base.scheduleTrigger');
	schedules.forEach((schedule, i) => {
		const name = `Bench trigger${i === 0 ? '' : ` ${i + 1}`}`;
		out.push({
			id: `bench-${workflow.id}-${i}`,
			name,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: schedule.position ?? [0, 0],
			webhookId: `5c0a7e1d-0000-4000-8000-${String(i).padStart(4, '0')}${workflow.id.slice(-8).padStart(8, '0').replace(/[^0-9a-f]/gi, '0')}`,
			parameters: { httpMethod: 'GET', path: i === 0 ? benchPath(workflow.id) : `${benchPath(workflow.id)}-${i + 1}`, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
		});
		connections[name] = connections[schedule.name];
		delete connections[schedule.name];
	});
	return { ...workflow, nodes: out, connections };
}

/** An external-hook file that appends one JSON line per finished execution to `logFile`. */
export function writeRunHooks(dir: string, logFile: string): string {
	const file = join(dir, 'bench-hooks.js');
	writeFileSync(
		file,
		`const fs = require('fs');
module.exports = {
	workflow: {
		postExecute: [
			async function (run, workflow, executionId) {
				const nodes = {};
				for (const [name, tasks] of Object.entries(run?.data?.resultData?.runData ?? {})) {
					let ms = 0, items = 0, rows = 0, priceInputs;
					for (const task of tasks) {
						ms += task.executionTime ?? 0;
						for (const output of task.data?.main ?? []) for (const item of output ?? []) {
							items++;
							if (Array.isArray(item?.json?.rows)) rows += item.json.rows.length;
							// The direct stock node's summary: whether the prices were compared, not read.
							if (typeof item?.json?.priceInputs === 'string') priceInputs = item.json.priceInputs;
							// Get Prices with Skip Unchanged Prices: one item instead of the rows.
							if (item?.json?.pricesUnchanged !== undefined) priceInputs = 'unchanged';
						}
					}
					nodes[name] = { ms, items, rows, priceInputs };
				}
				const error = run?.data?.resultData?.error;
				fs.appendFileSync(${JSON.stringify(logFile)}, JSON.stringify({
					executionId, workflowId: workflow?.id, mode: run?.mode, status: run?.status,
					startedAt: run?.startedAt, stoppedAt: run?.stoppedAt, nodes,
					error: error ? String(error.message ?? error) : undefined,
				}) + '\\n');
			},
		],
	},
};
`,
	);
	return file;
}

export interface EngineRun {
	executionId: string;
	workflowId: string;
	status: string;
	startedAt: string;
	stoppedAt: string;
	nodes: Record<string, { ms: number; items: number; rows: number; priceInputs?: string }>;
	error?: string;
}

export function readRuns(logFile: string): EngineRun[] {
	if (!existsSync(logFile)) return [];
	return readFileSync(logFile, 'utf8')
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as EngineRun);
}

/** The process and all its descendants (n8n 2.x starts its task runners as children), from /proc (Linux). */
function processTree(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			const list = children.get(ppid) ?? [];
			list.push(Number(entry));
			children.set(ppid, list);
		} catch {
			// the process ended while we looked
		}
	}
	const tree = [root];
	for (let i = 0; i < tree.length; i++) for (const child of children.get(tree[i]) ?? []) tree.push(child);
	return tree;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	try {
		const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : 0;
	} catch {
		return 0;
	}
}

/**
 * Resident memory and CPU time of n8n, from /proc (Linux): the n8n process alone and its whole process tree (what a
 * container's memory limit counts). Peaks are sampled every 50 ms; a spike shorter than that can be missed, so the
 * n8n process's own high-water mark (VmHWM, exact, but since the process started) is read too.
 */
export class ProcessSampler {
	private timer: NodeJS.Timeout | undefined;
	peakRss = 0;
	peakTreeRss = 0;
	private tree: number[] = [];
	private ticks = 0;

	constructor(private readonly pid: number) {}

	rss(): number {
		return statusKb(this.pid, 'VmRSS') * 1024;
	}

	/** The n8n process's high-water mark of resident memory since it started. */
	hwm(): number {
		return statusKb(this.pid, 'VmHWM') * 1024;
	}

	treeRss(): number {
		return this.tree.reduce((sum, pid) => sum + statusKb(pid, 'VmRSS') * 1024, 0);
	}

	/** User + system CPU time of the n8n process in ms. */
	cpuMs(): number {
		const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// utime and stime are fields 14 and 15 of /proc/pid/stat (11 and 12 after the command name), in clock ticks.
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
	}

	private sample(): void {
		// The tree is looked up once a second (a runner may start mid-run); RSS every tick.
		if (this.ticks++ % 20 === 0) this.tree = processTree(this.pid);
		this.peakRss = Math.max(this.peakRss, this.rss());
		this.peakTreeRss = Math.max(this.peakTreeRss, this.treeRss());
	}

	start(everyMs = 50): void {
		this.ticks = 0;
		this.peakRss = 0;
		this.peakTreeRss = 0;
		this.sample();
		this.timer = setInterval(() => this.sample(), everyMs);
	}

	stop(): { rss: number; treeRss: number } {
		if (this.timer) clearInterval(this.timer);
		this.sample();
		return { rss: this.peakRss, treeRss: this.peakTreeRss };
	}
}

export interface DatabaseStats {
	/** Size of the database as SQLite sees it (pages × page size, write-ahead log included): what the file grows to. */
	bytes: number;
	/** Bytes in use (free pages, which later writes reuse, left out). */
	usedBytes: number;
	/** Bytes of execution data rows (n8n's execution_data.data). */
	executionDataBytes: number;
	executions: number;
}

/** Run by n8n's own Node with n8n's own sqlite3 module (native: a build for Node 24 crashes the harness's Node 20). */
const DATABASE_STATS_SCRIPT = `
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY, (error) => { if (error) { console.error(error.message); process.exit(1); } });
const get = (sql) => new Promise((resolve, reject) => db.get(sql, (e, row) => (e ? reject(e) : resolve(row))));
(async () => {
	const pageSize = (await get('PRAGMA page_size')).page_size;
	const pages = (await get('PRAGMA page_count')).page_count;
	const free = (await get('PRAGMA freelist_count')).freelist_count;
	const data = await get('SELECT COALESCE(SUM(LENGTH(data)), 0) AS bytes, COUNT(*) AS n FROM execution_data');
	console.log(JSON.stringify({ bytes: pages * pageSize, usedBytes: (pages - free) * pageSize, executionDataBytes: data.bytes, executions: data.n }));
	db.close();
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

/**
 * n8n's SQLite database measured through SQLite itself (read-only): the files alone say little in WAL mode, where new
 * pages sit in the log until a checkpoint and the log file is not shrunk after it.
 */
export function databaseStats(instance: Pick<N8nInstance, 'userFolder' | 'major' | 'runtime'>): Promise<DatabaseStats> {
	const file = join(instance.userFolder, '.n8n', 'database.sqlite');
	return new Promise((resolve, reject) => {
		execFile(instance.runtime.node, ['-e', DATABASE_STATS_SCRIPT, file], { cwd: n8nInstallDir(instance.major) }, (error, stdout, stderr) => {
			if (error) reject(new Error(`reading ${file} failed: ${stderr || error.message}`));
			else resolve(JSON.parse(stdout) as DatabaseStats);
		});
	});
}

/**
 * GET a webhook of the local n8n and wait for its answer however long the run takes. A 404 is asked again (every
 * 500 ms, for up to `registerWaitMs`): n8n answers its REST routes before the webhooks of the published workflows are
 * registered (a bench once got Express's "Cannot GET /webhook/…" right after the start), and a 404 ran nothing. `ms`
 * is the answered call's own.
 */
export async function callWebhook(port: number, path: string, registerWaitMs = 60_000): Promise<{ status: number; body: string; bytes: number; ms: number }> {
	const until = Date.now() + registerWaitMs;
	for (;;) {
		const answer = await getWebhook(port, path);
		if (answer.status !== 404 || Date.now() >= until) return answer;
		await new Promise((r) => setTimeout(r, 500));
	}
}

function getWebhook(port: number, path: string): Promise<{ status: number; body: string; bytes: number; ms: number }> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port, path: `/webhook/${path}`, method: 'GET' }, (res) => {
			const chunks: Buffer[] = [];
			let bytes = 0;
			res.on('data', (chunk: Buffer) => {
				bytes += chunk.length;
				// Keep only the start of a large answer (the ICML file): enough to show what it is.
				if (bytes - chunk.length < 64 * 1024) chunks.push(chunk);
			});
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), bytes, ms: Date.now() - started }));
			res.on('error', reject);
		});
		req.setTimeout(0);
		req.on('error', reject);
		req.end();
	});
}

export interface ServerOptions {
	/** Extra environment for `n8n start` (EXTERNAL_HOOK_FILES, N8N_DEFAULT_BINARY_DATA_MODE, …). */
	env?: NodeJS.ProcessEnv;
	/** Workflows to activate (n8n 1.x) or publish (2.x) before the start: their webhooks are registered when n8n starts. */
	activate: string[];
	onLine?: (line: string) => void;
}

/** Activates the given workflows and starts `n8n start`; resolves once its REST routes answer. */
export async function startServer(instance: N8nInstance, options: ServerOptions): Promise<ChildProcess> {
	const target = { runtime: instance.runtime, env: { ...instance.env, ...(options.env ?? {}) } };
	for (const id of options.activate) {
		// 2.x publishes a workflow's current version (update:workflow --active is deprecated there).
		const args = instance.major === 1 ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
		const res = await runN8n(target, args);
		if (res.code !== 0) throw new Error(`n8n ${args.join(' ')} failed:\n${res.stdout.slice(-1500)}\n${res.stderr.slice(-1500)}`);
	}
	const child = await startN8n(target, options.onLine);
	await waitForHealth(instance.port, 180_000, child);
	return child;
}

export { stopN8n as stopServer } from './n8n-cli';
