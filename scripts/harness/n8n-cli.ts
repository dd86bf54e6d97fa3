import { spawn, type ChildProcess } from 'child_process';
import { n8nBin } from './paths';

/** Environment for a quiet, local, reproducible n8n: SQLite in the user folder, no telemetry. */
export function n8nEnv(userFolder: string, port: number): NodeJS.ProcessEnv {
	// Not the caller's test environment: n8n switches behaviour (logging, class loading) under NODE_ENV=test.
	const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _jest, ...inherited } = process.env;
	return {
		...inherited,
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
		N8N_RUNNERS_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		NODE_OPTIONS: '',
	};
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export function runN8n(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [n8nBin(), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * `n8n execute --id X --rawOutput` prints log lines, then the run as JSON (only at log level info).
 * Returns the parsed run, from the first line that starts a JSON object to the end.
 */
export function parseExecuteOutput(stdout: string): { status?: string; data?: { resultData?: { error?: unknown; runData?: Record<string, unknown[]> } } } {
	const start = stdout.search(/^\{/m);
	if (start < 0) throw new Error(`n8n execute printed no JSON:\n${stdout.slice(-3000)}`);
	return JSON.parse(stdout.slice(start));
}

export function startN8n(env: NodeJS.ProcessEnv, onLine: (line: string) => void = () => undefined): ChildProcess {
	const child = spawn(process.execPath, [n8nBin(), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	for (const stream of [child.stdout, child.stderr]) {
		stream?.on('data', (d: Buffer) => {
			for (const line of d.toString().split('\n')) if (line.trim()) onLine(line);
		});
	}
	return child;
}

/** Waits until n8n's REST routes answer (`/healthz` answers earlier, before `/rest` exists). */
export async function waitForHealth(port: number, timeoutMs = 120_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
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
