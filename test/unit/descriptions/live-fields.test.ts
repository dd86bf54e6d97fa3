/**
 * n8n's conventions for live dropdowns (loadOptions), which its lint rules check only on literal parameters: the
 * fields made by liveDropdown / liveMultiSelect (nodes/shared/live-options-field.ts) are checked here instead, in
 * every node description as the editor gets it.
 */
import { normalizedDescriptions } from './normalize';

interface Field {
	displayName?: string;
	name?: string;
	type?: string;
	typeOptions?: { loadOptionsMethod?: string };
	description?: string;
	options?: unknown[];
	values?: unknown[];
}

function liveFields(value: unknown, found: Field[] = []): Field[] {
	if (Array.isArray(value)) for (const entry of value) liveFields(entry, found);
	else if (value && typeof value === 'object') {
		const field = value as Field;
		if (field.typeOptions?.loadOptionsMethod) found.push(field);
		for (const nested of Object.values(value)) liveFields(nested, found);
	}
	return found;
}

const fields = Object.values(normalizedDescriptions()).flatMap((node) => liveFields(node));

describe('live dropdowns', () => {
	it('are found in the descriptions', () => {
		expect(fields.length).toBeGreaterThan(40);
	});

	it.each(fields.map((f) => [f.name, f] as const))('%s: label and expression hint as n8n words them', (_name, field) => {
		const many = field.type === 'multiOptions';
		expect(['options', 'multiOptions']).toContain(field.type);
		expect(field.displayName).toMatch(many ? / Names or IDs$/ : / Name or ID$/);
		const hint = `Choose from the list, or specify ${many ? 'IDs' : 'an ID'} using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`;
		expect(field.description?.startsWith(hint) || field.description?.includes(` ${hint}`)).toBe(true);
	});
});

interface Collection {
	name?: string;
	type?: string;
	options?: Array<{ displayName?: string }>;
}

function collections(value: unknown, found: Collection[] = []): Collection[] {
	if (Array.isArray(value)) for (const entry of value) collections(entry, found);
	else if (value && typeof value === 'object') {
		const field = value as Collection;
		if (field.type === 'collection' && Array.isArray(field.options)) found.push(field);
		for (const nested of Object.values(value)) collections(nested, found);
	}
	return found;
}

/**
 * n8n's lint rule node-param-collection-type-unsorted-items (eslint-plugin-n8n-nodes-base) wants the options of a
 * collection with five or more in alphabetical order of their labels (`localeCompare`); it reads only literal
 * collections, so the ones optionsCollection (nodes/shared/options-collection.ts) makes are checked here.
 */
describe('option collections', () => {
	const found = Object.entries(normalizedDescriptions()).flatMap(([node, description]) => collections(description).map((c) => [`${node} ${c.name}`, c] as const));

	it('are found in the descriptions', () => {
		expect(found.length).toBeGreaterThan(10);
	});

	it.each(found)('%s: options in alphabetical order of their labels (five or more)', (_where, collection) => {
		const labels = (collection.options ?? []).map((o) => String(o.displayName));
		if (labels.length < 5) return;
		expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
	});
});
