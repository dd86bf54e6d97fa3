/**
 * docs/architecture.md is how a newcomer finds the code (node file → operation file → one core module): every file
 * or folder it names must exist. A path is a `code span` with a slash that ends in a file extension or a slash
 * (API endpoints such as `store/inventories/upload` end in neither); it is looked up from the repository root, then
 * below `nodes/` (the page writes `core/sync/…` and `OneCUt10Store/…`), then below `nodes/core/sync/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const page = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
const BASES = ['', 'nodes/', 'nodes/core/sync/'];

function namedPaths(markdown: string): string[] {
	const out = new Set<string>();
	for (const [, span] of markdown.matchAll(/`([^`\s]+)`/g)) {
		if (!span.includes('/') || span.startsWith('/') || span.includes('<')) continue;
		if (!/^[\w.\-/]+$/.test(span) || !/(\.(ts|md|json|mjs|js)|\/)$/.test(span)) continue;
		out.add(span);
	}
	return [...out];
}

const missing = (spans: readonly string[]) => spans.filter((span) => !BASES.some((base) => existsSync(path.join(root, base, span))));

describe('docs/architecture.md names only paths that exist', () => {
	const spans = namedPaths(page);

	it('finds the paths of the folders table and the three walks', () => {
		expect(spans.length).toBeGreaterThan(40);
		expect(spans).toEqual(expect.arrayContaining(['core/sync/onec-read/', 'core/sync/crm-upload/', 'core/sync/orders/onec-writer/upsert.ts']));
	});

	it('every named file and folder exists', () => {
		expect(missing(spans)).toEqual([]);
	});

	it('a path that does not exist is caught', () => {
		expect(missing(namedPaths('see `core/sync/no-such-flow/upsert.ts` and `store/inventories/upload`'))).toEqual(['core/sync/no-such-flow/upsert.ts']);
	});
});
