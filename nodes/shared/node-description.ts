import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Pieces of the node descriptions that are alike in every node of the package (the pinned descriptions in test/unit/descriptions hold the result). */

/** The icon pair `icons/<name>.svg` and `icons/<name>.dark.svg` (dark theme), as a node file in dist/nodes/<Node>/ reaches them. */
export function themedIcon(name: string): INodeTypeDescription['icon'] {
	return { light: `file:../../icons/${name}.svg`, dark: `file:../../icons/${name}.dark.svg` };
}

/** One main input and one main output: every node but the catalog gate, which names three outputs. */
export const mainInputAndOutput: Pick<INodeTypeDescription, 'inputs' | 'outputs'> = {
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
};
