/**
 * The built package as n8n sees it: n8n-core's own PackageDirectoryLoader reads package.json's n8n
 * block and loads every node and credential from dist/ (run `npm run build` first; `npm test` does).
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import '../helpers/run-workflow'; // sets N8N_USER_FOLDER before n8n-core loads
import { PackageDirectoryLoader } from 'n8n-core';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json', () => {
	it('is a community package without runtime dependencies', () => {
		expect(pkg.name).toBe('n8n-nodes-retailcrm-1c');
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.overrides).toBeUndefined();
		for (const path of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(path).toMatch(/^dist\//);
	});
});

describe('dist/ loaded by n8n-core PackageDirectoryLoader', () => {
	let loader: PackageDirectoryLoader;

	beforeAll(async () => {
		loader = new PackageDirectoryLoader(root);
		await loader.loadAll();
	});

	it('registers the six nodes under their fixed type names', () => {
		expect(Object.keys(loader.nodeTypes).sort()).toEqual(['icmlBuilder', 'icmlCatalogGate', 'oneCUt10Store', 'retailCrm1cReconcile', 'retailCrmOrders', 'stockUpload']);
	});

	it('registers both credentials, each used by a node', () => {
		expect(Object.keys(loader.credentialTypes).sort()).toEqual(['oneCUt10Api', 'retailCrmApi']);
		expect(loader.known.credentials.retailCrmApi.supportedNodes).toContain('retailCrmOrders');
		expect(loader.known.credentials.oneCUt10Api.supportedNodes).toContain('oneCUt10Store');
		// The reconciliation node reads both systems.
		expect(loader.known.credentials.retailCrmApi.supportedNodes).toContain('retailCrm1cReconcile');
		expect(loader.known.credentials.oneCUt10Api.supportedNodes).toContain('retailCrm1cReconcile');
	});

	it('resolves every icon to a file inside dist/', () => {
		const described = [
			...Object.values(loader.nodeTypes).map((n) => n.type.description as unknown as { iconUrl?: unknown }),
			...Object.values(loader.credentialTypes).map((c) => c.type as unknown as { iconUrl?: unknown }),
		];
		for (const d of described) {
			const urls = typeof d.iconUrl === 'string' ? [d.iconUrl] : Object.values((d.iconUrl ?? {}) as Record<string, string>);
			expect(urls.length).toBeGreaterThan(0);
			for (const url of urls) {
				const file = url.replace(`icons/${pkg.name}/`, '');
				expect(existsSync(join(root, file))).toBe(true);
			}
		}
	});

	it('bundles its libraries: dist requires nothing but n8n-workflow, Node built-ins and its own shared-state files (gulpfile.js SHARED_STATE)', () => {
		const builtins = new Set(require('module').builtinModules as string[]);
		const shared = join(root, 'dist', 'shared');
		const requiresOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
		const sharedFiles = new Set<string>();
		for (const path of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			const file = join(root, path);
			const foreign = requiresOf(file).filter((r) => {
				if (r === 'n8n-workflow' || builtins.has(r.replace(/^node:/, ''))) return false;
				const target = resolve(dirname(file), r);
				if (r.startsWith('.') && dirname(target) === shared && existsSync(target)) {
					sharedFiles.add(target);
					return false;
				}
				return true;
			});
			expect({ path, foreign }).toEqual({ path, foreign: [] });
		}
		// The read-ahead slot is one file both node types require, and it requires nothing itself.
		expect([...sharedFiles].map((file) => relative(root, file))).toEqual([join('dist', 'shared', 'read-ahead.js')]);
		for (const file of sharedFiles) expect(requiresOf(file)).toEqual([]);
		const requiring = pkg.n8n.nodes.filter((path: string) => requiresOf(join(root, path)).includes('../../shared/read-ahead.js'));
		expect(requiring.sort()).toEqual(['dist/nodes/OneCUt10Store/OneCUt10Store.node.js', 'dist/nodes/StockUpload/StockUpload.node.js']);
	});
});
