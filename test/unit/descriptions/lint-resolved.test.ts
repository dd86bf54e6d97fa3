/**
 * n8n's lint rules for node parameters (eslint-plugin-n8n-nodes-base, the `node-param-*` rules of its `nodes` config,
 * as eslint.config.mjs runs them) only see a parameter written as an object literal: a field a factory makes
 * (liveDropdown, optionsCollection, resourceSelector, an options list mapped from a table, …) passes `npm run lint`
 * unread. Here each node description as the editor gets it is written out as one node file, every parameter a literal,
 * and linted with those rules, so a factory-made field is held to the same rules as one spelled out.
 */
import { Linter } from 'eslint';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { nodeDescriptions } from './normalize';
import { liveDropdown } from '../../../nodes/shared/live-options-field';
import { optionsCollection } from '../../../nodes/shared/options-collection';
import { resourceSelector } from '../../../nodes/shared/routing';

// Required, not imported: the plugin has no types, and the parser's types need a newer moduleResolution than tsconfig.json's.
const tsParser = require('@typescript-eslint/parser') as Linter.Parser;
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base') as { configs: { nodes: { rules: Record<string, Linter.RuleEntry> } } };

const PREFIX = 'n8n-nodes-base/';

/**
 * Every parameter rule of the plugin's `nodes` config but where `displayName` stands among a parameter's keys: that is
 * about how a literal reads in the source (and a factory's spread puts its keys in another order); the editor does not see it.
 */
const rules = Object.fromEntries(
	Object.entries(n8nNodesBase.configs.nodes.rules).filter(([rule]) => rule.startsWith(`${PREFIX}node-param-`) && rule !== `${PREFIX}node-param-display-name-not-first-position`),
);

const config: Linter.Config[] = [
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': n8nNodesBase as never },
		rules,
	},
];

/** A value as a TypeScript literal, keys unquoted where they can be (the rules recognise a parameter by identifier keys), one key a line. */
function literal(value: unknown, indent: string): string {
	const inner = `${indent}\t`;
	if (Array.isArray(value)) return value.length ? `[\n${value.map((entry) => `${inner}${literal(entry, inner)},\n`).join('')}${indent}]` : '[]';
	if (value && typeof value === 'object') {
		const lines = Object.entries(value).map(([key, entry]) => `${inner}${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${literal(entry, inner)},\n`);
		return lines.length ? `{\n${lines.join('')}${indent}}` : '{}';
	}
	return JSON.stringify(value);
}

/** The node file a description would be if every parameter were written out. */
function nodeFile(className: string, description: unknown): string {
	return [
		"import type { INodeType, INodeTypeDescription } from 'n8n-workflow';",
		'',
		`export class ${className} implements INodeType {`,
		`\tdescription: INodeTypeDescription = ${literal(description, '\t')};`,
		'}',
		'',
	].join('\n');
}

interface Finding {
	rule: string;
	/** The `name` of the parameter (or option) the message is about: the `name:` of the object its line stands in (nameAround). */
	parameter: string;
	message: string;
}

const depthOf = (line: string): number => /^\t*/.exec(line)![0].length;

/** The `name` of the object the line at `index` stands in: that object's lines are the run around it at least as deep. */
function nameAround(lines: string[], index: number): string {
	const depth = depthOf(lines[index]);
	let start = index;
	while (start > 0 && depthOf(lines[start - 1]) >= depth) start--;
	for (let line = start; line < lines.length && depthOf(lines[line]) >= depth; line++) {
		const name = /^\t*name: "(.*)",$/.exec(lines[line]);
		if (name && depthOf(lines[line]) === depth) return name[1];
	}
	return '?';
}

function lint(description: INodeTypeDescription): Finding[] {
	const className = description.name.charAt(0).toUpperCase() + description.name.slice(1);
	const code = nodeFile(className, description);
	const lines = code.split('\n');
	const linter = new Linter({ configType: 'flat' });
	return linter.verify(code, config, { filename: `nodes/${className}/${className}.node.ts` }).map((m) => ({
		rule: (m.ruleId ?? 'parse').replace(PREFIX, ''),
		parameter: nameAround(lines, m.line - 1),
		message: m.message,
	}));
}

/**
 * Deliberate departures, each what an `// eslint-disable-next-line` with its reason would be on a literal. A finding
 * not listed fails the node; a listed one that no longer occurs fails too, so the list stays true.
 */
const ACCEPTED: Array<{ node: string; rule: string; parameter: string; why: string }> = [
	{ node: 'oneCUt10Store', rule: 'node-param-options-type-unsorted-items', parameter: 'resource', why: 'resources in the order the node lists them (resources.ts), customer orders first' },
	{ node: 'oneCUt10Store', rule: 'node-param-options-type-unsorted-items', parameter: 'defaultVatRate', why: "VAT rates in the order of 1C's enumeration СтавкиНДС (core/onec/model.ts)" },
	{ node: 'retailCrmOrders', rule: 'node-param-options-type-unsorted-items', parameter: 'progress', why: 'progresses in the order an order gets its status (first match), as the field describes' },
];

describe('node descriptions as the editor gets them, under n8n parameter lint rules', () => {
	it('applies the parameter rules', () => {
		expect(Object.keys(rules).length).toBeGreaterThan(60);
	});

	it.each(nodeDescriptions().map((description) => [description.name, description] as const))('%s: no findings but the accepted ones', (node, description) => {
		const accepted = ACCEPTED.filter((a) => a.node === node).map(({ rule, parameter }) => `${rule} ${parameter}`);
		const found = lint(description).map((f) => `${f.rule} ${f.parameter}: ${f.message}`);
		expect(found.filter((f) => !accepted.some((a) => f.startsWith(`${a}: `)))).toEqual([]);
		for (const a of accepted) expect(found.some((f) => f.startsWith(`${a}: `))).toBe(true);
	});

	/** The check itself: fields made by the package's factories, each wrong as n8n's rules see it, are caught. */
	it('catches a factory-made field that breaks a rule', () => {
		const letters = ['Epsilon', 'Alpha', 'Delta', 'Beta', 'Gamma'];
		const properties: INodeProperties[] = [
			resourceSelector(letters.map((name) => ({ name, value: name.toLowerCase() })), 'alpha'),
			liveDropdown({ displayName: 'store name or id', name: 'store', loadOptionsMethod: 'getStores' }),
			optionsCollection(letters.map((displayName) => ({ displayName, name: displayName.toLowerCase(), type: 'boolean', default: false, description: `Whether ${displayName}` }))),
		];
		const findings = lint({ ...nodeDescriptions()[0], properties }).map((f) => `${f.rule} ${f.parameter}`);
		expect(findings).toEqual(
			expect.arrayContaining(['node-param-options-type-unsorted-items resource', 'node-param-display-name-miscased store', 'node-param-collection-type-unsorted-items options']),
		);
	});
});
