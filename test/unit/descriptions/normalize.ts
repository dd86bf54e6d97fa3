/** The node descriptions as the editor sees them: every property with its displayOptions, object keys sorted. */
import type { INodeTypeDescription } from 'n8n-workflow';
import { join } from 'path';
import { packageNodeFolders } from '../../../scripts/harness/package-nodes';
import { PACKAGE_ROOT } from '../../../scripts/harness/paths';

/** Key order means nothing to n8n (displayOptions.show is a map); array order does (fields, options). */
function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
	}
	return value;
}

/**
 * Every node description the package ships (package.json n8n.nodes, so a new node cannot be left out) as plain data
 * (what JSON carries to the editor), in the nodes' own key order.
 */
export function nodeDescriptions(): INodeTypeDescription[] {
	return packageNodeFolders().map((folder) => {
		// The node class is named as its folder (nodes/<Folder>/<Folder>.node.ts).
		const module = require(join(PACKAGE_ROOT, 'nodes', folder, `${folder}.node`)) as Record<string, new () => { description: INodeTypeDescription }>;
		return JSON.parse(JSON.stringify(new module[folder]().description)) as INodeTypeDescription;
	});
}

export function normalizedDescriptions(): Record<string, unknown> {
	return Object.fromEntries(nodeDescriptions().map((description) => [description.name, sortKeys(description)]));
}
