import { execFileSync, spawn } from 'child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { delimiter, dirname, join } from 'path';
import {
	n8nBin,
	n8nInstallDir,
	n8nRelease,
	nodeInstallDir,
	nodePackageDir,
	nodePackageName,
	type N8nMajor,
	type N8nRelease,
} from './paths';

/** What it takes to run one installed n8n: its CLI script and the Node that runs it. */
export interface N8nRuntime {
	major: N8nMajor;
	version: string;
	bin: string;
	/** The Node executable for the n8n processes (the harness's own, or the cached Node 24). */
	node: string;
	/** PATH with that Node's folder first, so whatever n8n starts with `node` (task runners) gets it too. */
	path: string;
}

type Log = (line: string) => void;

/** The marker written after the last install step: a half-finished install is redone, not trusted. */
const DONE_MARKER = '.harness-install-complete';

function installedVersion(dir: string, pkg: string): string | undefined {
	const file = join(dir, 'node_modules', pkg, 'package.json');
	if (!existsSync(file)) return undefined;
	return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
}

function isComplete(dir: string, pkg: string, version: string): boolean {
	return installedVersion(dir, pkg) === version && existsSync(join(dir, DONE_MARKER)) && readFileSync(join(dir, DONE_MARKER), 'utf8') === version;
}

/** `npm <args>` in `cwd`, with a progress line every 30 s; rejects with npm's last output. */
function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv, what: string, log: Log): Promise<void> {
	const started = Date.now();
	return new Promise<void>((resolve, reject) => {
		const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const ticker = setInterval(() => log(`  …still ${what} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
		let output = '';
		const keep = (d: Buffer) => {
			output = (output + d.toString()).slice(-8000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		child.on('error', (e) => {
			clearInterval(ticker);
			reject(e);
		});
		child.on('close', (code) => {
			clearInterval(ticker);
			if (code === 0) resolve();
			else reject(new Error(`npm ${args.join(' ')} (${what}) failed with exit ${code} in ${cwd}:\n${output.slice(-4000)}`));
		});
	});
}

const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error', '--progress=false'];

function seconds(since: number): number {
	return Math.round((Date.now() - since) / 1000);
}

/**
 * The Node for a release: the harness's own if it is new enough, otherwise the registry's
 * `node-<platform>-<arch>@<version>` package (a Node binary and its headers; no download from nodejs.org),
 * installed once into the cache.
 */
export async function ensureNode(release: N8nRelease, log: Log = console.log): Promise<{ node: string; headers?: string }> {
	const wanted = release.node;
	const ownMajor = Number(process.versions.node.split('.')[0]);
	if (!wanted || ownMajor >= wanted.minMajor) return { node: process.execPath };
	const dir = nodeInstallDir(wanted.version);
	const pkg = nodePackageName();
	const node = join(nodePackageDir(wanted.version), 'bin', 'node');
	if (!isComplete(dir, pkg, wanted.version)) {
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'node-harness', private: true, dependencies: { [pkg]: wanted.version } }, null, 2));
		log(`n8n ${release.version} needs Node ≥ ${wanted.minMajor} (this is ${process.version}): installing ${pkg}@${wanted.version} into ${dir} (first run only; about 50 MB)…`);
		const started = Date.now();
		await npm(['install', '--ignore-scripts', ...NPM_QUIET], dir, process.env, 'installing Node', log);
		const version = execFileSync(node, ['--version']).toString().trim();
		if (version !== `v${wanted.version}`) throw new Error(`${node} says ${version}, expected v${wanted.version}`);
		writeFileSync(join(dir, DONE_MARKER), wanted.version);
		log(`Node ${version} installed in ${seconds(started)} s`);
	}
	return { node, headers: nodePackageDir(wanted.version) };
}

/**
 * Installs the pinned n8n of a major into the harness cache once (folder per version, so 1.x and 2.x
 * live side by side) and returns how to run it.
 *
 * n8n 1.x: n8n-nodes-base declares `xlsx` as a tarball on a CDN this machine cannot reach, so the harness
 * package.json (never ours: the lint rule bans `overrides`) pins the registry's xlsx instead. It also names
 * `@langchain/core` 1.4.0 at the top level: n8n 1.123.50's ranges now resolve `@langchain/langgraph-checkpoint`
 * 1.2.2, which needs core ≥ 1.1.48 (`@langchain/core/utils/uuid`), while npm hoists the 1.1.8 n8n-core pins; `n8n
 * start` then fails with "Command start not found" (`n8n execute` still works). 1.4.0 is what an earlier install
 * resolved; n8n's own packages keep their nested 1.1.8. Naming it at the top level also lets npm hoist its zod 4 to
 * the top, where n8n's packages that take zod from there (@n8n/backend-common's schemas, checked against
 * @n8n/api-types' zod 3) then fail: owner setup answers 500 "Invalid element at key "email": expected a Zod
 * schema". So `zod` 3.25.67, the version n8n 1.123.50's own packages pin, is named at the top level too.
 *
 * n8n 2.x runs on Node ≥ 24 (see ensureNode) and installs with `--ignore-scripts`: the Kafka node's native
 * module (@confluentinc/kafka-javascript) downloads its binary or librdkafka sources from hosts outside the
 * package registry in its install script, which fails offline and fails the whole install. So no install
 * script runs; afterwards only sqlite3 (n8n's database driver; N-API) is rebuilt against the Node 24
 * headers from the node package. isolated-vm (the Code node's sandbox) needs nothing: it ships a prebuilt
 * binary for Node 24 and loads it (building it instead would leave build/Release, which shadows the
 * prebuild). The Kafka and Kafka Trigger nodes stay unusable in this harness; no template uses them.
 */
export async function ensureN8n(major: N8nMajor, log: Log = console.log): Promise<N8nRuntime> {
	const release = n8nRelease(major);
	const { node, headers } = await ensureNode(release, log);
	const path = [dirname(node), process.env.PATH ?? ''].join(delimiter);
	const runtime: N8nRuntime = { major, version: release.version, bin: n8nBin(major), node, path };
	const dir = n8nInstallDir(major);
	if (isComplete(dir, 'n8n', release.version)) return runtime;
	// Installs made before the completion marker existed (1.123.50 in the shared cache) are whole if
	// n8n's CLI and its database driver's binary are there.
	if (major === 1 && installedVersion(dir, 'n8n') === release.version && existsSync(join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))) {
		writeFileSync(join(dir, DONE_MARKER), release.version);
		return runtime;
	}

	mkdirSync(dir, { recursive: true });
	const dependencies: Record<string, string> = { n8n: release.version };
	if (major === 1) Object.assign(dependencies, { '@langchain/core': '1.4.0', zod: '3.25.67' });
	const manifest: Record<string, unknown> = { name: 'n8n-harness', private: true, dependencies };
	if (major === 1) manifest.overrides = { xlsx: '0.18.5' };
	writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
	rmSync(join(dir, DONE_MARKER), { force: true });
	// npm itself runs on the chosen Node (`npm` is a `#!/usr/bin/env node` script), so n8n's engines
	// field is satisfied and install scripts that do run see the same Node as n8n will.
	const env: NodeJS.ProcessEnv = { ...process.env, PATH: path };
	const started = Date.now();
	log(`Installing n8n ${release.version} into ${dir} (first run only; about ${major === 1 ? '1.7' : '2'} GB, several minutes)…`);
	if (major === 1) {
		await npm(['install', ...NPM_QUIET], dir, env, `installing n8n ${release.version}`, log);
		// Fail here, with the reason, rather than as "Command start not found" at n8n's first start.
		const checkpoint = join(dir, 'node_modules', '@langchain', 'langgraph-checkpoint');
		if (existsSync(checkpoint)) execFileSync(node, ['-e', `require.resolve('@langchain/core/utils/uuid', { paths: [${JSON.stringify(checkpoint)}] })`], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
		const topZod = installedVersion(dir, 'zod');
		if (!topZod?.startsWith('3.')) throw new Error(`n8n ${release.version}: npm put zod ${topZod} at the top of ${dir}; n8n 1.x needs zod 3 there (see ensureN8n)`);
	} else {
		await npm(['install', '--ignore-scripts', ...NPM_QUIET], dir, env, `installing n8n ${release.version}`, log);
		log(`  packages in place after ${seconds(started)} s; building sqlite3 for Node ${execFileSync(node, ['--version']).toString().trim()}…`);
		await npm(['rebuild', 'sqlite3', ...NPM_QUIET], dir, { ...env, ...(headers ? { npm_config_nodedir: headers } : {}) }, 'building sqlite3', log);
		// Fail here, with the reason, rather than at n8n's first start.
		execFileSync(node, ['-e', 'require("sqlite3"); require("isolated-vm")'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
	}
	writeFileSync(join(dir, DONE_MARKER), release.version);
	log(`n8n ${release.version} installed in ${seconds(started)} s`);
	return runtime;
}
