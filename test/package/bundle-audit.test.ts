/**
 * What scripts/audit-bundle.js audits: the npm packages esbuild puts into dist/, read from the build's metafile.
 * Offline (the audit itself, `npm run audit:bundle`, needs the registry): the list must be the bundle's real
 * content — every package a devDependency's tree provides, n8n-workflow (the host's) never among them.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundledPackages } = require('../../scripts/audit-bundle.js') as { bundledPackages(): Promise<Array<{ name: string; version: string; bytes: number }>> };

it('lists the packages bundled into dist/ with their installed versions; n8n-workflow stays outside', async () => {
	const packages = await bundledPackages();
	process.stdout.write(`bundled into dist/: ${packages.map((p) => `${p.name}@${p.version}`).join(', ')}\n`);
	expect(packages.length).toBeGreaterThan(0);
	expect(packages.map((p) => p.name)).not.toContain('n8n-workflow');
	// zod validates every retailCRM and 1C answer (nodes/core/*/schemas): it must be in the bundle, at the installed version.
	const zod = JSON.parse(readFileSync(join(__dirname, '../../node_modules/zod/package.json'), 'utf8')) as { version: string };
	expect(packages).toContainEqual(expect.objectContaining({ name: 'zod', version: zod.version }));
	for (const p of packages) expect(p.bytes).toBeGreaterThan(0);
	const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { dependencies?: object };
	expect(manifest.dependencies ?? {}).toEqual({});
}, 60_000);
