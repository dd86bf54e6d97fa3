import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { n8nInstallDir, PACKAGE_ROOT, type N8nMajor } from './paths';

/** The tarball of this process's first build: later instances (the other n8n major) reuse it. */
let packed: { file: string; bytes: Buffer } | undefined;

/** Builds the package and packs it the way npm publishes it (once per process); returns the tarball path. */
export function buildAndPack(outDir: string, log: (line: string) => void = console.log): string {
	mkdirSync(outDir, { recursive: true });
	for (const f of readdirSync(outDir)) if (f.endsWith('.tgz')) rmSync(join(outDir, f));
	if (!packed) {
		log('Building the package…');
		execFileSync('npm', ['run', '--silent', 'build'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: PACKAGE_ROOT }).toString().trim();
		const file = out.split('\n').pop() as string;
		packed = { file, bytes: readFileSync(join(outDir, file)) };
		return join(outDir, file);
	}
	writeFileSync(join(outDir, packed.file), packed.bytes);
	return join(outDir, packed.file);
}

/** The arguments n8n's CommunityPackagesService passes to `npm install` inside the unpacked package (1.123 and 2.41 alike). */
const PANEL_NPM_INSTALL_ARGS = ['--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'];

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` with the steps of n8n's Community Nodes panel
 * (CommunityPackagesService.downloadPackage in n8n 1.123 and 2.41; the panel gets the tarball with
 * `npm pack <name>@<version>` from the registry, we have it from buildAndPack):
 * unpack into `nodes/node_modules/<name>`, drop devDependencies, peerDependencies and
 * optionalDependencies from its package.json (the host's n8n-workflow serves the peer), `npm install`
 * there without scripts, and record the version in `nodes/package.json`. n8n 2.x then refuses a package
 * whose `n8n.n8nNodesApiVersion` it does not support; the harness runs the same check with that n8n's
 * own n8n-workflow. n8n loads every package under `nodes/node_modules` at start (2.x:
 * CommunityPackagesModule.nodeLoaders), as `n8n-nodes-retailcrm-1c.<name>`, the types the templates use.
 * Not done: the panel's rows in n8n's `installed_packages` table, which only feed the Settings →
 * Community nodes list.
 */
export function installIntoN8n(tarball: string, userFolder: string, major: N8nMajor): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	rmSync(nodesDir, { recursive: true, force: true });
	mkdirSync(nodesDir, { recursive: true });
	const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json']).toString()) as {
		name: string;
		version: string;
		devDependencies?: unknown;
		peerDependencies?: unknown;
		optionalDependencies?: unknown;
	};
	const packageDir = join(nodesDir, 'node_modules', manifest.name);
	mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const { devDependencies: _dev, peerDependencies: _peer, optionalDependencies: _optional, ...installed } = manifest;
	writeFileSync(join(packageDir, 'package.json'), JSON.stringify(installed, null, 2));
	execFileSync('npm', ['install', ...PANEL_NPM_INSTALL_ARGS, '--loglevel=error'], { cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] });
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } }, null, 2),
	);
	if (major >= 2) assertNodesApiVersionSupported(installed, major);
}

/** n8n 2.x's install-time check (CommunityPackagesService.assertPackageApiVersionSupported), with its own code. */
function assertNodesApiVersionSupported(manifest: object, major: N8nMajor): void {
	const workflowModule = join(n8nInstallDir(major), 'node_modules', 'n8n-workflow');
	if (!existsSync(workflowModule)) return;
	const { checkNodesApiVersion, N8N_NODES_API_VERSION } = require(workflowModule) as {
		checkNodesApiVersion?: (pkg: object) => { compatible: boolean; reason?: string; declared?: unknown };
		N8N_NODES_API_VERSION?: number;
	};
	if (!checkNodesApiVersion) throw new Error(`${workflowModule} has no checkNodesApiVersion: update the harness for this n8n`);
	const check = checkNodesApiVersion(manifest);
	if (!check.compatible) {
		throw new Error(
			`n8n ${major}.x would refuse the package: n8nNodesApiVersion ${JSON.stringify(check.declared)} (${check.reason}); it supports ${N8N_NODES_API_VERSION}`,
		);
	}
}

