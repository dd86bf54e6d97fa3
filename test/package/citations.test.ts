/**
 * Comments and pages cite the package's own documents: a file (`nodes/core/sync/offer-key.ts`,
 * `shared/row-items.ts`), a page and its anchor (`docs/1c-odata.md#posting`), a section by its name
 * (README, "Catalog URL: token and cache"). A review found comments citing documents the repository does not contain;
 * this test keeps every such citation pointing at something that exists, and keeps the development-only reference
 * material (`../shared/…`, outside the package) out of the citations.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
// This file is left out: its last test cites what does not exist on purpose.
const sources = tracked.filter((file) => /\.(ts|md|js|mjs|json)$/.test(file) && !/(^|\/)package(-lock)?\.json$/.test(file) && file !== 'test/package/citations.test.ts');
const trackedSet = new Set(tracked);
const folders = new Set<string>();
for (const file of tracked) for (let dir = path.dirname(file); dir !== '.'; dir = path.dirname(dir)) folders.add(dir);

/** Paths that are cited on purpose without being in the repository: n8n's own sources, fixtures a test makes up. */
const NOT_OURS = [/^packages\/cli\//, /wrong-import\.ts$/, /no-such-/, /node_modules\//, /^(nodes|package)\/package\.json$/];

const text = new Map<string, string>();
const read = (file: string): string => {
	if (!text.has(file)) text.set(file, readFileSync(path.join(root, file), 'utf8'));
	return text.get(file) as string;
};

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
	const out = new Set<string>();
	const seen = new Map<string, number>();
	for (const [, heading] of markdown.matchAll(/^#+\s+(.*)$/gm)) {
		const plain = heading.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
		const slug = plain.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
		const count = seen.get(slug);
		seen.set(slug, (count ?? -1) + 1);
		out.add(count === undefined ? slug : `${slug}-${count + 1}`);
	}
	return out;
}

/** Section names a citation may use: headings and the bold lead-ins of README paragraphs (`**Catalog URL: …**`). */
function sectionNames(markdown: string): string[] {
	const heads = [...markdown.matchAll(/^#+\s+(.*)$/gm)].map(([, heading]) => heading);
	const leads = [...markdown.matchAll(/^(?:[-*]\s+|\d+\.\s+)?\*\*([^*\n]+)\*\*/gm)].map(([, lead]) => lead);
	return [...heads, ...leads].map((name) => name.replace(/[`*]/g, '').trim().toLowerCase());
}

/** Where a relative path may be read from: the repository root, the folders comments write from, the citing file's folders. */
function resolves(cited: string, from: string): boolean {
	const bases = ['', 'nodes/', 'nodes/core/', 'nodes/core/sync/', 'nodes/shared/', 'test/'];
	for (let dir = path.dirname(from); dir !== '.'; dir = path.dirname(dir)) bases.push(`${dir}/`);
	return bases.some((base) => {
		const candidate = path.normalize(base + cited).replace(/\/$/, '');
		return trackedSet.has(candidate) || folders.has(candidate);
	});
}

export function brokenCitations(file: string, content: string): string[] {
	const broken: string[] = [];
	for (const [cited] of content.matchAll(/(?<![\w./@:-])(?:\.\.?\/)*[\w\p{L}-]+(?:\/[\w\p{L}.-]+)+\.(?:ts|md|json)(?![\w/])/gu)) {
		if (/(^|\/)shared\/(design|reference|seed)\//.test(cited) || cited.startsWith('../shared/')) broken.push(`${cited}: reference material outside the package`);
		else if (!NOT_OURS.some((pattern) => pattern.test(cited)) && !resolves(cited, file)) broken.push(`${cited}: no such file`);
	}
	for (const [whole, page, anchor] of content.matchAll(/(?:github\.com\/[\w-]+\/n8n-nodes-retailcrm-1c\/blob\/\w+\/)?(?<![\w.-])(docs\/[\w.-]+\.md)#([\w\p{L}-]+)/gu)) {
		if (!trackedSet.has(page)) broken.push(`${whole}: no such page`);
		else if (!anchorsOf(read(page)).has(anchor)) broken.push(`${whole}: no such anchor`);
	}
	for (const match of content.matchAll(/(README(?:\.md)?|docs\/[\w-]+\.md)[,:]?\s*(?:section\s*)?(?:"([^"\n]{3,80})"|“([^”\n]{3,80})”)/g)) {
		const page = match[1].startsWith('docs/') ? match[1] : 'README.md';
		const name = (match[2] ?? match[3]).replace(/[`*]/g, '').trim().toLowerCase();
		if (!trackedSet.has(page)) broken.push(`${page}: no such page`);
		// A quoted sentence of the README (a test naming the promise it pins) counts as well as a section name.
		else if (!sectionNames(read(page)).some((section) => section.includes(name)) && !read(page).toLowerCase().includes(name)) {
			broken.push(`${page} "${name}": no such section or sentence`);
		}
	}
	return broken;
}

describe('citations in comments and pages point at what the package contains', () => {
	it('reads the whole package: node files, core modules, docs, README, templates, tests', () => {
		expect(sources).toEqual(expect.arrayContaining(['README.md', 'docs/order-lifecycle.md', 'nodes/core/icml/variant-groups.ts', 'workflows/retailcrm-orders-to-1c.json']));
		expect(sources.length).toBeGreaterThan(500);
	});

	it('every cited file, page, anchor and section exists', () => {
		const broken = sources.flatMap((file) => brokenCitations(file, read(file)).map((problem) => `${file}: ${problem}`));
		expect(broken).toEqual([]);
	});

	it('catches a missing file, a missing anchor, a missing section and a reference outside the package', () => {
		const sample = [
			'see nodes/core/sync/orders/onec-writer/upsert.ts and shared/row-items.ts (both exist)',
			'see nodes/core/sync/orders/no-longer-here.ts',
			'docs/1c-odata.md#posting exists, docs/1c-odata.md#no-such-heading does not',
			'README, "Catalog URL: token and cache" exists; README "Grouping rules" does not',
			'as ../shared/reference/ut103-odata.md says',
		].join('\n');
		expect(brokenCitations('nodes/core/example.ts', sample)).toEqual([
			'nodes/core/sync/orders/no-longer-here.ts: no such file',
			'../shared/reference/ut103-odata.md: reference material outside the package',
			'docs/1c-odata.md#no-such-heading: no such anchor',
			'README.md "grouping rules": no such section or sentence',
		]);
	});
});
