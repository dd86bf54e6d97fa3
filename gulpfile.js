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

/**
 * Modules whose state several nodes share within a run (a read Get Balances holds for Get Prices, started by Upload
 * Stock: nodes/core/sync/onec-read/read-ahead.ts). Bundled into each node file they would be one copy per node type,
 * so they are built once to dist/shared/ and every node bundle requires that file.
 */
const SHARED_STATE = ['nodes/core/sync/onec-read/read-ahead.ts'];

/** Resolves an import of a SHARED_STATE module from a node bundle (dist/nodes/<Node>/<Node>.node.js) to dist/shared/. */
function sharedStatePlugin() {
	const names = SHARED_STATE.map((file) => path.basename(file, '.ts'));
	return {
		name: 'shared-state',
		setup(build) {
			build.onResolve({ filter: new RegExp(`/(${names.join('|')})$`) }, (args) => {
				const file = path.relative(root, path.resolve(args.resolveDir, `${args.path}.ts`)).split(path.sep).join('/');
				if (!SHARED_STATE.includes(file)) return undefined;
				if (!path.relative(root, args.importer).startsWith(`nodes${path.sep}`)) throw new Error(`${file} is shared state for node bundles only, not ${args.importer}`);
				return { path: `../../shared/${path.basename(file, '.ts')}.js`, external: true };
			});
		},
	};
}

/** The esbuild options of the shipped bundle (scripts/audit-bundle.js builds with them too, to list what ships). */
function bundleOptions() {
	return {
		plugins: [sharedStatePlugin()],
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
	const { plugins: _nodesOnly, entryPoints: _nodes, outbase: _base, ...shared } = bundleOptions();
	await esbuild.build({ ...shared, entryPoints: SHARED_STATE, outdir: 'dist/shared' });
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
