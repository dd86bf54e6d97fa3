/**
 * `npm run audit:bundle`: known vulnerabilities in what ships inside dist/. Every library the nodes use is a
 * devDependency bundled into dist/ by esbuild (package.json has no runtime `dependencies`), so `npm audit --omit=dev`
 * on the package itself sees nothing. This script builds the bundle again with esbuild's metafile (same options as
 * gulpfile.js, into a temporary folder), lists the npm packages whose files ended up in it (name@version from each
 * package's package.json), writes them as the exact `dependencies` of a temporary project, and runs `npm audit
 * --omit=dev` there. Exit 1 on any advisory (or when the audit cannot run); --list prints the packages only (offline).
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** The npm packages with at least one file in the bundle, as { name, version, bytes }. */
async function bundledPackages() {
	const esbuild = require('esbuild');
	const { bundleOptions } = require(path.join(root, 'gulpfile.js'));
	const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-bundle-'));
	try {
		const result = await esbuild.build({ ...bundleOptions(), outdir, metafile: true, write: true, logLevel: 'silent' });
		const packages = new Map();
		for (const [input, info] of Object.entries(result.metafile.inputs)) {
			const parts = input.split('/');
			const at = parts.lastIndexOf('node_modules');
			if (at < 0) continue;
			const nameParts = parts[at + 1].startsWith('@') ? parts.slice(at + 1, at + 3) : [parts[at + 1]];
			const dir = path.join(root, ...parts.slice(0, at + 1 + nameParts.length));
			const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
			const key = `${manifest.name}@${manifest.version}`;
			const entry = packages.get(key) ?? { name: manifest.name, version: manifest.version, bytes: 0 };
			entry.bytes += info.bytes;
			packages.set(key, entry);
		}
		return [...packages.values()].sort((a, b) => a.name.localeCompare(b.name));
	} finally {
		fs.rmSync(outdir, { recursive: true, force: true });
	}
}

/** `npm audit --omit=dev --json` of a project whose dependencies are exactly `packages`. */
function audit(packages) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-bundle-project-'));
	try {
		const names = new Map();
		for (const p of packages) {
			// Two versions of one package in the bundle: the second goes in under an npm alias.
			const key = names.has(p.name) ? `${p.name.replace('/', '__')}__${p.version}` : p.name;
			names.set(key, key === p.name ? p.version : `npm:${p.name}@${p.version}`);
		}
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bundle-audit', private: true, dependencies: Object.fromEntries(names) }, null, 2));
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		execFileSync(npm, ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe' });
		let out;
		try {
			out = execFileSync(npm, ['audit', '--omit=dev', '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
		} catch (error) {
			out = String(error.stdout ?? ''); // npm audit exits 1 when it finds something; its JSON is on stdout
		}
		return JSON.parse(out);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function main() {
	const packages = await bundledPackages();
	console.log(`Packages bundled into dist/ (${packages.length}):`);
	for (const p of packages) console.log(`  ${p.name}@${p.version}  ${(p.bytes / 1024).toFixed(1)} KB`);
	if (process.argv.includes('--list')) return;
	const report = audit(packages);
	const counts = report.metadata?.vulnerabilities;
	if (!counts) {
		// E.g. a registry mirror that answers GET only (405 on npm's advisories endpoint): no audit is no pass.
		console.error(`npm audit could not run against ${execFileSync('npm', ['config', 'get', 'registry']).toString().trim()}: ${String(report.message ?? JSON.stringify(report)).slice(0, 300)}`);
		process.exitCode = 2;
		return;
	}
	console.log(`npm audit --omit=dev of the bundled packages (and what they depend on): ${JSON.stringify(counts)}`);
	for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) console.log(`  ${v.severity}: ${name} ${v.range} — ${[].concat(v.via).map((x) => (typeof x === 'string' ? x : x.title)).join('; ')}`);
	if (counts.total > 0) process.exitCode = 1;
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error.message);
		process.exitCode = 1;
	});
}

module.exports = { bundledPackages };
