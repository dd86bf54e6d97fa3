/**
 * n8n in queue mode (https://docs.n8n.io/hosting/scaling/queue-mode/): one main process (editor, triggers,
 * webhooks; puts each execution as a job into Redis) and workers that take the jobs and run them, all over
 * one PostgreSQL database and one encryption key. Each process has a user folder of its own with our
 * package installed as the Community Nodes panel installs it (a worker loads node types from its own
 * `~/.n8n/nodes`, as each container of a docker-compose set-up would).
 *
 * Settings that differ between the majors (checked in the installed n8n's sources):
 * - Binary data: 2.41 defaults to `database` mode in queue mode (BinaryDataConfig: mode ??= queue ?
 *   'database' : 'filesystem'); 1.123 defaults to `default` (in memory, saved inside the execution data).
 *   Both reach the main process; `filesystem` would not (each process has its own disk). Left at defaults.
 * - Manual executions: 1.123 and 2.41 run them on the main process unless OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS
 *   is true (2.41 warns that this becomes the only way; its v3 breaking-change rule removes the variable).
 *   Triggers (schedule, webhook) always go to the workers; the test starts manual executions as the editor does
 *   (POST /rest/workflows/:id/run), first on the main, then after restartMain with the variable set, on a worker.
 * - Task runners: on in 2.x on every process, workers included (each gets a broker port of its own, see
 *   runN8n's processEnv); off in 1.x (n8nEnv).
 * - `n8n execute` falls back to regular mode in queue mode (both majors), so executions here come from
 *   active workflows: 2.x `publish:workflow`, 1.x `update:workflow --active=true`, before main starts.
 */
import { execFileSync, type ChildProcess } from 'child_process';
import { mkdirSync } from 'fs';
import { join } from 'path';
import { buildAndPack, installIntoN8n } from './install-package';
import { prepareInstance, type N8nInstance, type SandboxEndpoints, type TemplatePatch } from './instance';
import { filesDir, n8nEnv, runN8n, startN8n, waitForHealth, type N8nTarget } from './n8n-cli';
import { DEFAULT_N8N_MAJOR, n8nInstallDir, type N8nMajor } from './paths';
import { isAlive, type QueueServices } from './queue-services';

type Log = (line: string) => void;

export interface QueueProcess {
	name: string;
	port: number;
	userFolder: string;
	filesDir: string;
	target: N8nTarget;
	child?: ChildProcess;
	/** Everything the process printed (n8n logs at info level). */
	lines: string[];
}

export interface QueueCluster {
	major: N8nMajor;
	main: N8nInstance & { process: QueueProcess };
	workers: QueueProcess[];
	/** Which worker ran each execution, from the workers' own log lines ("Worker started execution …"). */
	workerOf(): Map<string, string>;
	/**
	 * Stops the main (as stop() does) and starts it again with `env` over its environment (e.g.
	 * OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS), as a user changes the main's settings and restarts it; the workers keep
	 * running. Resolves once its REST routes answer and it has printed that the editor is accessible (after its
	 * startup steps). Its printed lines go on in the same `lines`.
	 */
	restartMain(env: NodeJS.ProcessEnv): Promise<void>;
	stop(): Promise<void>;
}

export interface QueueClusterOptions {
	major?: N8nMajor;
	/** The main's port; workers get the next ones (their health server, QUEUE_HEALTH_CHECK_PORT). */
	basePort: number;
	workers?: number;
	/** Jobs one worker runs at once (n8n's default is 10; 1 makes two jobs at once land on two workers). */
	concurrency?: number;
	/** Template changes for the test (trigger timing); the nodes that do the work stay as shipped. */
	patchTemplate?: TemplatePatch;
	/** Workflows to activate before main starts. */
	activate: string[];
}

/** What every process of the set-up shares: queue mode, Redis, Postgres (the encryption key comes from n8nEnv). */
export function queueModeEnv(services: QueueServices): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: services.redis.host,
		QUEUE_BULL_REDIS_PORT: String(services.redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: services.postgres.host,
		DB_POSTGRESDB_PORT: String(services.postgres.port),
		DB_POSTGRESDB_DATABASE: services.postgres.database,
		DB_POSTGRESDB_USER: services.postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
	};
}

type SavedTask = { data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; hints?: Array<{ message: string }> };

/** A node's runs in an execution as saved in n8n's database (`execution_data.data`, serialised with flatted by both majors). */
function savedNodeRuns(services: QueueServices, major: N8nMajor, executionId: string, node: string): SavedTask[] {
	const [row] = services.query<{ data: string }>(`SELECT data FROM execution_data WHERE "executionId" = ${Number(executionId)}`);
	if (!row) return [];
	const { parse } = require(join(n8nInstallDir(major), 'node_modules', 'flatted')) as { parse: (s: string) => unknown };
	const run = parse(row.data) as { resultData?: { runData?: Record<string, SavedTask[]> } };
	return run.resultData?.runData?.[node] ?? [];
}

/** The items a node put out (first output, last run) in an execution as saved in n8n's database. */
export function savedNodeOutput(services: QueueServices, major: N8nMajor, executionId: string, node: string, output = 0): Array<Record<string, unknown>> {
	const runs = savedNodeRuns(services, major, executionId, node);
	return (runs[runs.length - 1]?.data?.main?.[output] ?? []).map((i) => i.json);
}

/** The hints a node gave (addExecutionHints; last run) in an execution as saved in n8n's database. */
export function savedNodeHints(services: QueueServices, major: N8nMajor, executionId: string, node: string): string[] {
	const runs = savedNodeRuns(services, major, executionId, node);
	return (runs[runs.length - 1]?.hints ?? []).map((h) => h.message);
}

const STARTED = /Worker started execution (\S+) \(job/;

function pidsOfChildren(pid: number): number[] {
	try {
		return execFileSync('pgrep', ['-P', String(pid)]).toString().split('\n').filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

/** SIGTERM (n8n shuts down gracefully, workers finish their jobs), SIGKILL after 45 s; then any child left (2.x task runners). */
async function stopProcess(p: QueueProcess): Promise<void> {
	const child = p.child;
	if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
	const children = pidsOfChildren(child.pid);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
	await exited;
	clearTimeout(timer);
	for (const pid of children) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

async function waitForWorker(p: QueueProcess, timeoutMs = 120_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		try {
			const res = await fetch(`http://127.0.0.1:${p.port}/healthz/readiness`);
			if (res.ok) return;
		} catch {
			// not up yet
		}
		if (p.child?.exitCode !== null) throw new Error(`${p.name} exited with ${p.child?.exitCode}:\n${p.lines.slice(-30).join('\n')}`);
		if (Date.now() > until) throw new Error(`${p.name} not ready on port ${p.port} within ${timeoutMs} ms:\n${p.lines.slice(-30).join('\n')}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/**
 * Prepares the main (credentials and templates imported into Postgres, workflows activated) and the workers'
 * folders, then starts main and workers and waits until all are ready.
 */
export async function startQueueCluster(
	root: string,
	services: QueueServices,
	sandboxes: SandboxEndpoints,
	options: QueueClusterOptions,
	log: Log = console.log,
): Promise<QueueCluster> {
	const major = options.major ?? DEFAULT_N8N_MAJOR;
	const shared = queueModeEnv(services);
	const instance = await prepareInstance(join(root, 'main'), options.basePort, sandboxes, log, options.patchTemplate, { major, env: shared });
	const activateArgs = (id: string) => (major >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true']);
	log(`Activating ${options.activate.join(', ')}…`);
	const results = await Promise.all(options.activate.map((id) => runN8n(instance, activateArgs(id))));
	results.forEach((r, i) => {
		if (r.code !== 0 || /error/i.test(r.stderr)) throw new Error(`activating ${options.activate[i]} failed:\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`);
	});

	const mainProcess: QueueProcess = { name: 'main', port: options.basePort, userFolder: instance.userFolder, filesDir: instance.filesDir, target: instance, lines: [] };
	const tarball = buildAndPack(join(root, 'pack'), log);
	const workers: QueueProcess[] = [];
	for (let i = 1; i <= (options.workers ?? 2); i++) {
		const userFolder = join(root, `worker${i}`, 'user');
		mkdirSync(filesDir(userFolder), { recursive: true });
		installIntoN8n(tarball, userFolder, major);
		const port = options.basePort + i;
		const env = { ...n8nEnv(instance.runtime, userFolder, port), ...shared, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) };
		workers.push({ name: `worker${i}`, port, userFolder, filesDir: filesDir(userFolder), target: { runtime: instance.runtime, env }, lines: [] });
	}

	const all = [mainProcess, ...workers];
	const cluster: QueueCluster = {
		major,
		main: { ...instance, process: mainProcess },
		workers,
		workerOf() {
			const out = new Map<string, string>();
			for (const w of workers) {
				for (const line of w.lines) {
					const m = STARTED.exec(line);
					if (m) out.set(m[1], w.name);
				}
			}
			return out;
		},
		restartMain: async (env) => {
			await stopProcess(mainProcess);
			mainProcess.target = { runtime: instance.runtime, env: { ...mainProcess.target.env, ...env } };
			const from = mainProcess.lines.length;
			log(`Restarting the main with ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')}…`);
			mainProcess.child = await startN8n(mainProcess.target, (l) => mainProcess.lines.push(l));
			await waitForHealth(options.basePort, 180_000, mainProcess.child);
			const until = Date.now() + 60_000;
			while (!mainProcess.lines.slice(from).some((l) => /Editor is now accessible/.test(l))) {
				if (Date.now() > until) throw new Error(`the restarted main did not finish starting within 60 s:\n${mainProcess.lines.slice(-30).join('\n')}`);
				await new Promise((r) => setTimeout(r, 250));
			}
		},
		stop: async () => {
			await Promise.all(all.map(stopProcess));
		},
	};
	try {
		log(`Starting n8n ${instance.runtime.version} main on ${options.basePort} and ${workers.length} workers (concurrency ${options.concurrency ?? 10})…`);
		mainProcess.child = await startN8n(mainProcess.target, (l) => mainProcess.lines.push(l));
		for (const w of workers) {
			w.child = await startN8n(w.target, (l) => w.lines.push(l), ['worker', `--concurrency=${options.concurrency ?? 10}`]);
		}
		await Promise.all([waitForHealth(options.basePort, 180_000, mainProcess.child), ...workers.map((w) => waitForWorker(w, 180_000))]);
	} catch (e) {
		await cluster.stop();
		throw e;
	}
	return cluster;
}
