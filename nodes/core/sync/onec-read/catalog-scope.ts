/**
 * Reading a catalog scope (scope-cache.ts): the items of the chosen folders and their sub-folders, or of the whole
 * catalog without folders, and, when asked, the characteristics of those kept by characteristics (what Include Zero
 * Stock needs). Get Balances and Get Prices read it this way when no other operation of the run left it; Stock
 * Upload's direct mode reads it once, before both, and hands it to each (their `scope` option).
 *
 * Requests (P(n) = pages of n rows; P₃(n) = pages of 3 × as many rows, keyed-read.ts wholeSetPageSize): with folders P(folders) + items in the folders (≤ maxWhereInRequests OR-chains,
 * else P(items)); without folders P(items); + characteristics when asked (≤ maxWhereInRequests, else P₃(characteristics)).
 */
import type { OneCClient } from '../../onec/client';
import { descendantFolders } from './folders';
import { indexItems, keptByCharacteristics, readAllItems, readCharacteristics, readItemsInFolders } from './items';
import type { CatalogScope } from './scope-cache';

export interface CatalogScopeRead {
	folderRefs: readonly string[];
	/** Also read the characteristics of the items kept by characteristics. */
	characteristics?: boolean;
	maxWhereInRequests?: number;
}

export async function readCatalogScope(client: OneCClient, read: CatalogScopeRead): Promise<CatalogScope> {
	const keyed = { maxWhereInRequests: read.maxWhereInRequests };
	const items = indexItems(
		read.folderRefs.length > 0 ? await readItemsInFolders(client, await descendantFolders(client, read.folderRefs), keyed) : await readAllItems(client),
	);
	const scope: CatalogScope = { items };
	if (read.characteristics === true) scope.characteristics = await readCharacteristics(client, keptByCharacteristics(items.values()), keyed);
	return scope;
}
