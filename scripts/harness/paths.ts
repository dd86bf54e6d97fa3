import { homedir } from 'os';
import { join, resolve } from 'path';

/** Pinned n8n for the demo and the end-to-end tests (the newest 1.x that installs on Node 20). */
export const N8N_VERSION = '1.123.50';

export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

/** Outside the package, reused across runs: N8N_HARNESS_CACHE overrides. */
export function cacheRoot(): string {
	const base = process.env.N8N_HARNESS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-retailcrm-1c');
	return resolve(base);
}

export function n8nInstallDir(): string {
	return join(cacheRoot(), `n8n-${N8N_VERSION}`);
}

export function n8nBin(): string {
	return join(n8nInstallDir(), 'node_modules', 'n8n', 'bin', 'n8n');
}
