/**
 * Catalog → Get Folders, without n8n: the item folder tree (one paged read), one row per folder with its parent,
 * level (1 = top) and path, parents before children — ICML `<categories>` come from it.
 */
import type { OneCClient } from '../../onec/client';
import { FolderTree, itemFoldersNotFound, readFolders } from '../onec-read/folders';

/** One folder. Field names are the contract with the ICML Builder node: keep them stable. */
export interface CatalogFolder {
	ref: string;
	code: string;
	name: string;
	/** null at the top level (also for a parent 1C does not have, and for chosen roots unless rootsAsTopLevel is false). */
	parentRef: string | null;
	/** 1 for a top-level folder of the catalog. */
	level: number;
	/** Names from the root, joined with ' / '. */
	path: string;
}

export interface GetFoldersOptions {
	/** Only these folders and everything below them; empty = the whole tree. */
	rootRefs?: readonly string[];
	/** Keep folders marked for deletion (and their sub-folders); default false. */
	includeDeleted?: boolean;
	/**
	 * With roots chosen, drop the parent of each root so the roots become top-level ICML categories (default true;
	 * false keeps the real parent ref, which is then outside the list).
	 */
	rootsAsTopLevel?: boolean;
}

export async function getFolders(client: OneCClient, options: GetFoldersOptions = {}): Promise<CatalogFolder[]> {
	const tree = new FolderTree(await readFolders(client));
	return foldersOf(tree, options);
}

/** Pure part of getFolders (tested without I/O). */
export function foldersOf(tree: FolderTree, options: GetFoldersOptions = {}): CatalogFolder[] {
	const roots = options.rootRefs ?? [];
	if (roots.length > 0) {
		const missing = tree.descendants(roots).missing;
		if (missing.length > 0) throw itemFoldersNotFound(missing);
	}
	const rootsAsTopLevel = options.rootsAsTopLevel !== false;
	const kept = tree.ordered(roots).filter((folder) => options.includeDeleted || !tree.chain(folder.ref).some((f) => f.deleted));
	const listed = new Set(kept.map((f) => f.ref));
	const out: CatalogFolder[] = [];
	for (const folder of kept) {
		const chain = tree.chain(folder.ref);
		// A parent 1C does not have is dropped; a parent outside the chosen roots only unless rootsAsTopLevel is off.
		const parentKnown = chain.length >= 2;
		const parentListed = folder.parentRef !== null && listed.has(folder.parentRef);
		out.push({
			ref: folder.ref,
			code: folder.code,
			name: folder.name,
			parentRef: parentListed || (parentKnown && !rootsAsTopLevel) ? folder.parentRef : null,
			level: chain.length,
			path: chain.map((f) => f.name).join(' / '),
		});
	}
	return out;
}
