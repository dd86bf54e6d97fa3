/**
 * Build: bundle every node and credential into dist/ with esbuild (so zod, xmlbuilder2 and our core
 * modules ship inside the files and the package has no runtime `dependencies`), then copy icons and
 * codex files next to them. `n8n-workflow` stays external: at run time it is the host's copy.
 */
const { src, dest, series } = require('gulp');
const path = require('path');
const fs = require('fs');
const esbuild = require('esbuild');

const root = __dirname;

function entryPoints() {
	const entries = [];
	for (const file of fs.readdirSync(path.join(root, 'credentials'))) {
		if (file.endsWith('.credentials.ts')) entries.push(`credentials/${file}`);
	}
	for (const dir of fs.readdirSync(path.join(root, 'nodes'))) {
		const nodeFile = `nodes/${dir}/${dir}.node.ts`;
		if (fs.existsSync(path.join(root, nodeFile))) entries.push(nodeFile);
	}
	return entries;
}

function clean(done) {
	fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
	done();
}

/** The esbuild options of the shipped bundle (scripts/audit-bundle.js builds with them too, to list what ships). */
function bundleOptions() {
	return {
		absWorkingDir: root,
		entryPoints: entryPoints(),
		outdir: 'dist',
		outbase: '.',
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['n8n-workflow'],
		sourcemap: false,
		minify: false,
		legalComments: 'inline',
		logLevel: 'warning',
	};
}

async function bundle() {
	await esbuild.build(bundleOptions());
}

function icons() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png}', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

function codex() {
	return src(['nodes/*/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

exports.bundle = bundle;
exports.bundleOptions = bundleOptions;
exports['build:icons'] = icons;
exports.build = series(clean, bundle, icons, codex);
exports.default = exports.build;
