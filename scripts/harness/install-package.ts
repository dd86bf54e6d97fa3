import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { PACKAGE_ROOT } from './paths';

/** Builds the package and packs it the way npm publishes it; returns the tarball path. */
export function buildAndPack(outDir: string, log: (line: string) => void = console.log): string {
	log('Building the package…');
	execFileSync('npm', ['run', '--silent', 'build'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	mkdirSync(outDir, { recursive: true });
	for (const f of readdirSync(outDir)) if (f.endsWith('.tgz')) rmSync(join(outDir, f));
	const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: PACKAGE_ROOT }).toString().trim();
	const file = out.split('\n').pop() as string;
	return join(outDir, file);
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` as n8n's Community Nodes panel does (npm install
 * without scripts; peers are the host's, so npm must not fetch its own n8n-workflow). Loaded from there,
 * node types are `n8n-nodes-retailcrm-1c.<name>`, as the templates expect.
 */
export function installIntoN8n(tarball: string, userFolder: string): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	rmSync(nodesDir, { recursive: true, force: true });
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
	execFileSync(
		'npm',
		['install', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error', tarball],
		{ cwd: nodesDir, stdio: ['ignore', 'ignore', 'inherit'] },
	);
}
