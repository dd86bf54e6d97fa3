import { readFileSync } from 'fs';
import { basename, join } from 'path';
import { PACKAGE_ROOT } from './paths';

/**
 * The node folders the package ships, from package.json's `n8n.nodes` (`dist/nodes/<Folder>/<Folder>.node.js`), so a
 * new node is picked up by whatever walks all nodes instead of being missed by a list written by hand.
 */
export function packageNodeFolders(): string[] {
	const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	return pkg.n8n.nodes.map((path) => basename(path, '.node.js'));
}

/** n8n's type name of a node folder's node: the folder with a lower-case first letter (OneCUt10Store → oneCUt10Store). */
export function nodeTypeName(folder: string): string {
	return `${folder[0].toLowerCase()}${folder.slice(1)}`;
}
