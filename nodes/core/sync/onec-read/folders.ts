/**
 * The item folder tree of Catalog_Номенклатура, read once per run (one paged read of the folders: a catalog has
 * hundreds of folders, not hundred-thousands) and resolved in memory: descendants of chosen roots, the chain
 * root → parent of any item, levels and paths. Never one request per folder. The one folder reader of the stock,
 * price and catalog reads.
 */
import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import { eq, lowerCaseLatin } from '../../onec/query';
import { normalizeRef } from '../offer-key';

/** A folder filter names folders 1C does not have; the one error for the stock, price and catalog reads. */
export class FolderNotFoundError extends Error {
	constructor(
		readonly refs: string[],
		message = `Nomenclature folder(s) not found in 1C (or they are items, not folders): ${refs.join(', ')}. Choose folders from the list again.`,
	) {
		super(message);
		this.name = 'FolderNotFoundError';
	}
}

export interface FolderRecord {
	ref: string;
	code: string;
	name: string;
	/** null at the top level. */
	parentRef: string | null;
	deleted: boolean;
}

const FOLDER_SELECT = ['Ref_Key', 'Code', 'Description', 'Parent_Key', 'DeletionMark'] as const;

/** All folders of the catalog (deletion-marked ones too: items keep their chain), in pages. */
export async function readFolders(client: OneCClient): Promise<FolderRecord[]> {
	const rows = await client.readAll(UT.Catalog_Номенклатура, { select: FOLDER_SELECT, filter: eq('IsFolder', true) });
	return rows.map((row) => ({
		ref: lowerCaseLatin(row.Ref_Key),
		code: row.Code,
		name: row.Description,
		parentRef: normalizeRef(row.Parent_Key),
		deleted: row.DeletionMark,
	}));
}

export class FolderTree {
	private readonly byRef = new Map<string, FolderRecord>();
	private readonly children = new Map<string, FolderRecord[]>();
	private readonly chains = new Map<string, FolderRecord[]>();

	constructor(folders: readonly FolderRecord[]) {
		for (const folder of folders) this.byRef.set(folder.ref, folder);
		for (const folder of folders) {
			// A parent that is not a known folder (broken data) makes the folder a root rather than losing it.
			const parent = folder.parentRef !== null && this.byRef.has(folder.parentRef) ? folder.parentRef : '';
			const list = this.children.get(parent);
			if (list === undefined) this.children.set(parent, [folder]);
			else list.push(folder);
		}
	}

	get(ref: string | null | undefined): FolderRecord | undefined {
		const key = normalizeRef(ref);
		return key === null ? undefined : this.byRef.get(key);
	}

	/** Folders directly below `ref` (null: the top level). */
	childrenOf(ref: string | null): readonly FolderRecord[] {
		return this.children.get(ref === null ? '' : lowerCaseLatin(ref)) ?? [];
	}

	/** The folder itself and its ancestors, root first; [] for null or an unknown ref. Cached. */
	chain(ref: string | null | undefined): readonly FolderRecord[] {
		const key = normalizeRef(ref);
		if (key === null) return [];
		const cached = this.chains.get(key);
		if (cached !== undefined) return cached;
		const out: FolderRecord[] = [];
		const seen = new Set<string>();
		let current = this.byRef.get(key);
		// `seen` guards against a cycle in broken data (1C forbids it, a damaged base may still hold one).
		while (current !== undefined && !seen.has(current.ref)) {
			seen.add(current.ref);
			out.unshift(current);
			current = current.parentRef === null ? undefined : this.byRef.get(current.parentRef);
		}
		this.chains.set(key, out);
		return out;
	}

	/**
	 * The roots and every folder below them (refs, lower case). Unknown roots are reported to the caller through
	 * `missing` rather than silently giving an empty scope.
	 */
	descendants(rootRefs: readonly string[]): { refs: Set<string>; missing: string[] } {
		const refs = new Set<string>();
		const missing: string[] = [];
		const queue: string[] = [];
		for (const root of rootRefs) {
			const key = normalizeRef(root);
			if (key === null) continue;
			if (!this.byRef.has(key)) {
				missing.push(key);
				continue;
			}
			if (!refs.has(key)) {
				refs.add(key);
				queue.push(key);
			}
		}
		while (queue.length > 0) {
			const next = queue.pop() as string;
			for (const child of this.children.get(next) ?? []) {
				if (!refs.has(child.ref)) {
					refs.add(child.ref);
					queue.push(child.ref);
				}
			}
		}
		return { refs, missing };
	}

	/** Known folders among `refs` that have no ancestor among them (a root inside another root adds nothing). */
	private outermost(refs: readonly string[]): FolderRecord[] {
		const known = refs.map((ref) => this.get(ref)).filter((f): f is FolderRecord => f !== undefined);
		const set = new Set(known.map((f) => f.ref));
		return known.filter((f) => !this.chain(f.ref).slice(0, -1).some((ancestor) => set.has(ancestor.ref)));
	}

	/** Depth-first, parents before children, siblings by name then code (a stable order for ICML categories). */
	ordered(rootRefs?: readonly string[]): FolderRecord[] {
		const out: FolderRecord[] = [];
		const sort = (list: readonly FolderRecord[]) =>
			[...list].sort((a, b) => a.name.localeCompare(b.name, 'ru') || a.code.localeCompare(b.code) || a.ref.localeCompare(b.ref));
		const visit = (folder: FolderRecord, seen: Set<string>) => {
			if (seen.has(folder.ref)) return;
			seen.add(folder.ref);
			out.push(folder);
			for (const child of sort(this.childrenOf(folder.ref))) visit(child, seen);
		};
		const seen = new Set<string>();
		const roots =
			rootRefs === undefined || rootRefs.length === 0
				? sort(this.childrenOf(null))
				: this.outermost(rootRefs);
		for (const root of roots) visit(root, seen);
		return out;
	}
}

/**
 * The given folders and every folder below them, for the stock and price reads' "limit to folders": the tree's
 * descendants, the default wording of FolderNotFoundError for unknown roots. No request when no folder is given.
 */
export async function descendantFolders(client: OneCClient, folderRefs: readonly string[]): Promise<Set<string>> {
	const roots = folderRefs.map((ref) => normalizeRef(ref)).filter((ref): ref is string => ref !== null);
	if (roots.length === 0) return new Set<string>();
	const { refs, missing } = new FolderTree(await readFolders(client)).descendants(roots);
	if (missing.length > 0) throw new FolderNotFoundError(missing);
	return refs;
}

/** The Catalog resource's wording of the shared folder error (its folder list holds folders only). */
export function itemFoldersNotFound(refs: string[]): FolderNotFoundError {
	return new FolderNotFoundError(refs, `Item folder(s) not found in 1C: ${refs.join(', ')}. Choose the folders from the list again.`);
}
