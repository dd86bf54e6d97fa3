/**
 * The six node descriptions, property by property with displayOptions resolved, equal the pinned copy
 * (node-descriptions.json). It pins what the editor shows while the description code is re-arranged: a field
 * that moves, loses a displayOptions condition or changes a default fails here.
 * After a deliberate description change: UPDATE_NODE_DESCRIPTIONS=1 npx jest test/unit/descriptions
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizedDescriptions } from './normalize';

const fixture = join(__dirname, 'node-descriptions.json');

describe('node descriptions', () => {
	const current = normalizedDescriptions();
	if (process.env.UPDATE_NODE_DESCRIPTIONS === '1') writeFileSync(fixture, `${JSON.stringify(current, null, '\t')}\n`);
	const pinned = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, { properties: unknown[] }>;

	it('lists the same six nodes', () => {
		expect(Object.keys(current).sort()).toEqual(Object.keys(pinned).sort());
	});

	it.each(Object.keys(pinned))('%s: every property and its displayOptions as pinned', (name) => {
		expect(current[name]).toEqual(pinned[name]);
	});
});
