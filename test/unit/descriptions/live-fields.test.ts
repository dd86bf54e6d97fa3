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
