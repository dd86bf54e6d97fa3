import { spawn } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { N8N_VERSION, n8nBin, n8nInstallDir } from './paths';

/**
 * Installs n8n into the harness cache once. n8n-nodes-base declares `xlsx` as a tarball on a CDN this
 * machine cannot reach, so the harness package.json (never ours: the lint rule bans `overrides`) pins
 * the registry's xlsx instead.
 */
export async function ensureN8n(log: (line: string) => void = console.log): Promise<string> {
	const dir = n8nInstallDir();
	const installed = join(dir, 'node_modules', 'n8n', 'package.json');
	if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === N8N_VERSION) return n8nBin();
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify(
			{ name: 'n8n-harness', private: true, dependencies: { n8n: N8N_VERSION }, overrides: { xlsx: '0.18.5' } },
			null,
			2,
		),
	);
	log(`Installing n8n ${N8N_VERSION} into ${dir} (first run only; about 1.7 GB, several minutes)…`);
	const started = Date.now();
	await new Promise<void>((resolve, reject) => {
		const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--progress=false'], {
			cwd: dir,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const ticker = setInterval(() => log(`  …still installing n8n (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
		let stderr = '';
		child.stdout.on('data', () => undefined);
		child.stderr.on('data', (d: Buffer) => {
			stderr += d.toString();
		});
		child.on('close', (code) => {
			clearInterval(ticker);
			if (code === 0) resolve();
			else reject(new Error(`npm install n8n@${N8N_VERSION} failed (exit ${code}):\n${stderr.slice(-4000)}`));
		});
	});
	log(`n8n ${N8N_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return n8nBin();
}
