import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { getFolders } from '../../../core/sync/catalog/get-folders';
import { perItem } from '../../../shared/per-item';
import { operationFields } from '../../../shared/operation-fields';
import { liveMultiSelect } from '../../../shared/live-options-field';
import { optionsCollection } from '../../../shared/options-collection';

export const description = operationFields({ resource: 'catalog', operation: 'getFolders' }, [
	liveMultiSelect({
		displayName: 'Root Folder Names or IDs',
		name: 'rootFolders',
		loadOptionsMethod: 'getNomenclatureFolderPaths',
		description: 'Only these folders and everything below them. Leave empty for the whole tree.',
	}),
	optionsCollection([
		{
			displayName: 'Include Deleted',
			name: 'includeDeleted',
			type: 'boolean',
			default: false,
			description: 'Whether to keep folders marked for deletion (and the folders below them)',
		},
		{
			displayName: 'Roots as Top Level',
			name: 'rootsAsTopLevel',
			type: 'boolean',
			default: true,
			description: 'Whether the chosen root folders get an empty parent, so they become top-level ICML categories. Off: they keep their real parent, which is not in the output.',
		},
	]),
]);

/** One item per folder, parents first. Output fields (stable, read by the ICML Builder node): ref, code, name, parentRef, level, path. */
export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	return await perItem(this, async (i, out) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const folders = await getFolders(client, {
			rootRefs: this.getNodeParameter('rootFolders', i, []) as string[],
			includeDeleted: options.includeDeleted === true,
			rootsAsTopLevel: options.rootsAsTopLevel !== false,
		});
		for (const folder of folders) out.push({ json: { ...folder } });
	});
}
