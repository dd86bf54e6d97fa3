import { spawn, type ChildProcess } from 'child_process';
import { connect, createServer, type AddressInfo } from 'net';
import { join } from 'path';
import type { N8nRuntime } from './install-n8n';

/**
 * Environment for a quiet, local, reproducible n8n: SQLite in the user folder, no telemetry.
 *
 * HOME is the user folder too. n8n 2.x lets nodes read and write files only under
 * N8N_RESTRICT_FILE_ACCESS_TO, which defaults to `~/.n8n-files` resolved with os.homedir(); with HOME
 * here each instance gets its own `<userFolder>/.n8n-files` (as a Docker install has /home/node/.n8n and
 * /home/node/.n8n-files) and the harness keeps n8n's default instead of widening it. See filesDir().
 *
 * What the harness leaves at n8n's defaults on purpose, so the tests see what users get:
 * - 2.x task runners (always on in 2.x; internal mode: n8n starts `node` from PATH as the JS runner, hence
 *   PATH with the runtime's Node first). Every 2.x process, `n8n execute` included, opens a task broker on
 *   N8N_RUNNERS_BROKER_PORT (default 5679 for all), so runN8n and startN8n give each process a free port
 *   of its own: two instances, or two executions of one instance at once, never collide.
 * - 2.x N8N_BLOCK_ENV_ACCESS_IN_NODE (true: `$env` in expressions and Code is blocked); the templates
 *   must not need it.
 * - 2.x N8N_RESTRICT_FILE_ACCESS_TO (`~/.n8n-files`).
 * 1.x keeps runners off as before (N8N_RUNNERS_ENABLED=false; 1.x's default, stated to silence its notice).
 */
export function n8nEnv(runtime: N8nRuntime, userFolder: string, port: number): NodeJS.ProcessEnv {
	// Not the caller's test environment: n8n switches behaviour (logging, class loading) under NODE_ENV=test.
	const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _jest, ...inherited } = process.env;
	const env: NodeJS.ProcessEnv = {
		...inherited,
		PATH: runtime.path,
		NODE_ENV: 'production',
		// The instance's own home: "~" of n8n (2.x's default file access folder ~/.n8n-files, where the ICML template
		// writes catalog.xml) stays inside this instance, so side-by-side runs never share a file.
		HOME: userFolder,
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_ENCRYPTION_KEY: 'n8n-nodes-retailcrm-1c-demo',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		NODE_OPTIONS: '',
	};
	if (runtime.major === 1) env.N8N_RUNNERS_ENABLED = 'false';
	return env;
}

/** The folder nodes may write files into: n8n 2.x's default `~/.n8n-files` under the instance's HOME. */
export function filesDir(userFolder: string): string {
	return join(userFolder, '.n8n-files');
}

/** What runN8n needs: which n8n to run, and its environment (an N8nInstance has both). */
export interface N8nTarget {
	runtime: N8nRuntime;
	env: NodeJS.ProcessEnv;
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** A TCP port free on 127.0.0.1 right now (the system picks it). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** The target's environment for one n8n process: on 2.x with a task broker port of its own. */
async function processEnv(target: N8nTarget): Promise<NodeJS.ProcessEnv> {
	if (target.runtime.major === 1) return target.env;
	return { ...target.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
}

/** One n8n CLI command (`import:workflow`, `execute`, …) on the target's n8n and Node. */
export async function runN8n(
	target: N8nTarget,
	args: string[],
	timeoutMs = 180_000,
	/** Called with the n8n process once started (the chaos suite kills it with SIGKILL mid-run). */
	onSpawn?: (child: ChildProcess) => void,
): Promise<CliResult> {
	const env = await processEnv(target);
	return new Promise((resolve, reject) => {
		const child = spawn(target.runtime.node, [target.runtime.bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		onSpawn?.(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
		}, timeoutMs);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code: code ?? -1, stdout, stderr });
		});
	});
}

export interface ExecuteRun {
	status?: string;
	data?: { resultData?: { error?: unknown; runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>> } };
}

/**
 * `n8n execute --id X --rawOutput` prints log lines, then the run as JSON (only at log level info; 1.123
 * and 2.41 alike), pretty-printed, so it starts at a line `{` and ends at the next line `}`; n8n 2.x may
 * log more after it (its task runners start asynchronously: e.g. that the Python runner could not start).
 * Splits them: the log lines before and after, and the run.
 * Throws when there is no JSON (n8n failed before or instead of running).
 */
export function parseExecuteOutput(stdout: string): { log: string[]; run: ExecuteRun } {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	const end = start < 0 ? -1 : lines.indexOf('}', start);
	const log = (start < 0 || end < 0 ? lines : [...lines.slice(0, start), ...lines.slice(end + 1)]).filter((l) => l.trim());
	if (end < 0) throw Object.assign(new Error(`n8n execute printed no JSON:\n${stdout.slice(-3000)}`), { log });
	return { log, run: JSON.parse(lines.slice(start, end + 1).join('\n')) as ExecuteRun };
}

/** Whether something listens on 127.0.0.1:port (a connect succeeds). */
function portInUse(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Waits until nothing listens on the port any more (up to timeoutMs), else throws naming it. An n8n started while
 * another server holds its port exits with EADDRINUSE, and the harness would then talk to the other server (a CI run
 * once got "Cannot POST /rest/credentials" after a login that worked).
 */
export async function waitForFreePort(port: number, timeoutMs = 30_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (await portInUse(port)) {
		if (Date.now() > until) throw new Error(`port ${port} on 127.0.0.1 is still taken by another process after ${timeoutMs} ms; n8n cannot listen there`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * A long-running n8n process: `start` (the main instance) by default, or e.g. `worker` in queue mode. The main
 * instance's port (N8N_PORT) must be free first: see waitForFreePort.
 */
export async function startN8n(target: N8nTarget, onLine: (line: string) => void = () => undefined, command: string[] = ['start']): Promise<ChildProcess> {
	if (command[0] === 'start' && target.env.N8N_PORT) await waitForFreePort(Number(target.env.N8N_PORT));
	const child = spawn(target.runtime.node, [target.runtime.bin, ...command], { env: await processEnv(target), stdio: ['ignore', 'pipe', 'pipe'] });
	for (const stream of [child.stdout, child.stderr]) {
		stream?.on('data', (d: Buffer) => {
			for (const line of d.toString().split('\n')) if (line.trim()) onLine(line);
		});
	}
	return child;
}

/**
 * Stops a process started by startN8n and waits until it has exited (SIGTERM, SIGKILL after 10 s), so the next n8n
 * can take the port: a server still shutting down answers some routes and not others.
 */
export async function stopN8n(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	await new Promise<void>((resolve) => {
		const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
		child.once('exit', () => {
			clearTimeout(force);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/**
 * Waits until n8n's REST routes answer (`/healthz` answers earlier, before `/rest` exists). Given the n8n process,
 * fails as soon as it has exited (its last output says why), so an answer on the port is never taken from another
 * server.
 */
export async function waitForHealth(port: number, timeoutMs = 120_000, child?: ChildProcess): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		if (child && (child.exitCode !== null || child.signalCode !== null)) {
			throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it answered on port ${port}`);
		}
		try {
			const res = await fetch(`http://127.0.0.1:${port}/rest/settings`);
			if (res.ok) return;
		} catch {
			// not up yet
		}
		if (Date.now() > until) throw new Error(`n8n did not become healthy on port ${port} within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 500));
	}
}
