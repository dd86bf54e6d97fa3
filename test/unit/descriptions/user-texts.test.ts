/**
 * Guards for what users read: the templates' sticky notes, the nodes' and credentials' descriptions (labels,
 * descriptions, hints, notices), and the texts the node code builds at run time (execution hints, errors), taken from
 * the string literals of nodes/ (comments are for developers reading the repository and are not looked at).
 *
 * - A text cites only files the npm package ships (package.json `files`, plus README, LICENSE and package.json that
 *   npm always packs): a user who installed the package has no docs/ or test/ folder. Other files are cited by URL.
 * - A README section cited as "README, section *X*" exists.
 * - "Options → X", "X (Options)" and "X under Options" name an option of an Options collection, and
 *   "Field → Value" names a value of that options field: on the node whose folder the text comes from, or on any node
 *   for shared code and templates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { OneCUt10Api } from '../../../credentials/OneCUt10Api.credentials';
import { RetailCrmApi } from '../../../credentials/RetailCrmApi.credentials';
import { ourNodeTypes } from '../../helpers/run-workflow';

const root = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** Paths npm packs: the `files` entries, and the files it always adds. */
const shipped = [...pkg.files, 'README.md', 'LICENSE', 'package.json'];
const isShipped = (path: string) => shipped.some((entry) => path === entry || path.startsWith(`${entry.replace(/\/$/, '')}/`));

/** A repository path in a text: a known top folder or a Markdown file, not part of a URL or of `file:../icons/…`. */
const PATH = /(?<![\w/.:~-])((?:docs|test|tests|scripts|benchmarks|nodes|credentials|icons|src|dist|workflows)\/[\w./#-]*[\w#-]|[\w-]+\.md\b)/g;

interface Text {
	where: string;
	text: string;
	/** The node type whose fields the text speaks of; undefined: any of the package's nodes. */
	node?: string;
}

function stringsOf(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
	else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, out);
	return out;
}

const nodeTypes: Record<string, INodeType> = Object.fromEntries(
	Object.entries(ourNodeTypes()).map(([type, node]) => [type.split('.').pop()!, node]),
);
/** nodes/<Folder>/ → the node type defined there. */
const folderNode: Record<string, string> = {
	RetailCrmOrders: 'retailCrmOrders',
	OneCUt10Store: 'oneCUt10Store',
	StockUpload: 'stockUpload',
	IcmlBuilder: 'icmlBuilder',
	RetailCrm1cReconcile: 'retailCrm1cReconcile',
	IcmlCatalogGate: 'icmlCatalogGate',
};

function templateTexts(): Text[] {
	const dir = join(root, 'workflows');
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.flatMap((file) => {
			const wf = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: { content?: string } }> };
			return wf.nodes
				.filter((n) => n.type === 'n8n-nodes-base.stickyNote')
				.map((n) => ({ where: `workflows/${file} «${n.name}»`, text: String(n.parameters.content) }));
		});
}

function descriptionTexts(): Text[] {
	const out: Text[] = [];
	for (const [name, node] of Object.entries(nodeTypes)) {
		for (const text of stringsOf(node.description)) out.push({ where: `${name} description`, text, node: name });
	}
	for (const credential of [new RetailCrmApi(), new OneCUt10Api()]) {
		for (const text of stringsOf(credential.properties)) out.push({ where: `${credential.name} credential`, text });
	}
	return out;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** String and template literals of nodes/**.ts (hints, notices, errors), comments left out. */
function sourceTexts(): Text[] {
	const out: Text[] = [];
	for (const file of sourceFiles(join(root, 'nodes'))) {
		const rel = relative(root, file).split(sep).join('/');
		const node = folderNode[rel.split('/')[1]];
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
		const visit = (n: ts.Node) => {
			if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
			if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push({ where: rel, text: n.text, node });
			else if (ts.isTemplateExpression(n)) {
				out.push({ where: rel, text: [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join('…'), node });
			}
			ts.forEachChild(n, visit);
		};
		visit(source);
	}
	return out;
}

const texts = [...templateTexts(), ...descriptionTexts(), ...sourceTexts()];

/** Every property of a node, nested ones included, with whether it sits in a collection. */
function propertiesOf(props: readonly INodeProperties[], inCollection = false, out: Array<{ p: INodeProperties; inCollection: boolean }> = []) {
	for (const p of props) {
		out.push({ p, inCollection });
		if (p.type === 'collection' && Array.isArray(p.options)) propertiesOf(p.options as INodeProperties[], true, out);
		if (p.type === 'fixedCollection' && Array.isArray(p.options)) {
			for (const group of p.options as Array<{ values?: INodeProperties[] }>) propertiesOf(group.values ?? [], false, out);
		}
	}
	return out;
}

interface Labels {
	/** Display names of the options inside Options collections. */
	optionNames: Set<string>;
	/** Display name of an options field → the names of its values. */
	values: Map<string, Set<string>>;
}

function labelsOf(nodes: readonly INodeType[]): Labels {
	const labels: Labels = { optionNames: new Set(), values: new Map() };
	for (const node of nodes) {
		for (const { p, inCollection } of propertiesOf(node.description.properties)) {
			// A list loaded from the account is labelled "X Name or ID" / "X Names or IDs" (n8n's rule); texts say "X" / "Xs".
			if (inCollection) labels.optionNames.add(p.displayName.replace(/ Name or ID$/, '').replace(/ Names or IDs$/, 's'));
			if ((p.type === 'options' || p.type === 'multiOptions') && Array.isArray(p.options)) {
				const names = labels.values.get(p.displayName) ?? new Set<string>();
				for (const option of p.options as Array<{ name: string }>) names.add(option.name);
				labels.values.set(p.displayName, names);
			}
		}
	}
	return labels;
}

const allLabels = labelsOf(Object.values(nodeTypes));
const nodeLabels = Object.fromEntries(Object.entries(nodeTypes).map(([name, node]) => [name, labelsOf([node])]));

/** A phrase of Title Case words (a label), as it ends `before` or starts `after` an arrow. */
const WORD = String.raw`[A-Z0-9][\w'-]*`;
const trailingLabel = (text: string) => new RegExp(String.raw`(${WORD}(?: (?:${WORD}|to|of|per|and|or|from|in))*)\s*$`).exec(text)?.[1];
const startsWithOneOf = (text: string, names: Iterable<string>) => [...names].some((name) => text === name || text.startsWith(`${name} `) || new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text));

/** The problems of one text; the cited labels are looked up on its node, or on every node. */
function labelProblems({ text, node }: Text): string[] {
	const labels = node ? nodeLabels[node] : allLabels;
	const plain = text.replace(/[*_]/g, '');
	const problems: string[] = [];
	const parts = plain.split(/\s*→\s*/);
	for (let i = 0; i + 1 < parts.length; i++) {
		const left = trailingLabel(parts[i]);
		const right = parts[i + 1];
		if (!left) continue;
		if (/(^|\s)(1C )?Options$/.test(left)) {
			if (!startsWithOneOf(right, labels.optionNames)) problems.push(`"Options → ${right.slice(0, 40)}": no such option`);
			continue;
		}
		const field = [...labels.values.keys()].filter((name) => left === name || left.endsWith(` ${name}`)).sort((a, b) => b.length - a.length)[0];
		if (field && !startsWithOneOf(right, labels.values.get(field)!)) problems.push(`"${field} → ${right.slice(0, 40)}": not a value of ${field}`);
	}
	for (const match of plain.matchAll(/(?:^|[^\w])((?:[A-Z][\w-]*)(?: [A-Z][\w-]*)*) (?:\(Options\)|under Options\b)/g)) {
		const label = match[1];
		if (![...labels.optionNames].some((name) => label === name || label.endsWith(` ${name}`))) problems.push(`"${label}" is not under Options`);
	}
	return problems;
}

describe('texts users read', () => {
	it('collects the texts of every template, node, credential and node source file', () => {
		expect(texts.filter((t) => t.where.startsWith('workflows/')).length).toBeGreaterThan(20);
		expect(new Set(texts.filter((t) => t.node).map((t) => t.node))).toEqual(new Set(Object.keys(nodeTypes)));
	});

	it('cite only files the npm package ships (others by URL)', () => {
		const cited = texts.flatMap(({ where, text }) => [...text.matchAll(PATH)].map((m) => ({ where, path: m[1].replace(/#.*$/, '') })));
		expect(cited.filter(({ path }) => !isShipped(path)).map(({ where, path }) => `${where}: ${path}`)).toEqual([]);
	});

	it('cite README sections that exist', () => {
		const headings = new Set([...readme.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].trim()));
		const cited = texts.flatMap(({ where, text }) => [...text.matchAll(/README,? section \*([^*]+)\*/g)].map((m) => ({ where, section: m[1] })));
		expect(cited.length).toBeGreaterThan(0);
		expect(cited.filter(({ section }) => !headings.has(section)).map(({ where, section }) => `${where}: ${section}`)).toEqual([]);
	});

	it('name options and option values that exist', () => {
		const problems = texts.flatMap((t) => labelProblems(t).map((p) => `${t.where}: ${p}`));
		expect([...new Set(problems)]).toEqual([]);
	});

	it('name n8n\'s run button as n8n 1.123 and 2.x label it: Execute workflow', () => {
		expect(texts.filter(({ text }) => /Test workflow/i.test(text)).map(({ where }) => where)).toEqual([]);
	});

	it('the label check catches what it is for', () => {
		const stock = { where: 'x', node: 'stockUpload' };
		expect(labelProblems({ ...stock, text: 'Turn on Dry Run (Options) to see the batches' })).toEqual(['"Dry Run" is not under Options']);
		expect(labelProblems({ ...stock, text: '*Dry Run* under Options only shows the batches' })).toEqual(['"Dry Run" is not under Options']);
		expect(labelProblems({ where: 'x', node: 'oneCUt10Store', text: 'with First Run → Baseline it reports nothing' })).toEqual([
			'"First Run → Baseline it reports nothing": not a value of First Run',
		]);
		expect(labelProblems({ where: 'x', node: 'oneCUt10Store', text: 'with First Run → Start From Now it reports nothing' })).toEqual([]);
		expect(labelProblems({ where: 'x', text: 'Set Options → No Such Option' })).toEqual(['"Options → No Such Option": no such option']);
	});
});
