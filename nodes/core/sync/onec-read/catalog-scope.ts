/**
 * Reading a catalog scope (scope-cache.ts): the items of the chosen folders and their sub-folders, or of the whole
 * catalog without folders, and, when asked, the characteristics of those kept by characteristics (what Include Zero
 * Stock needs). Get Balances and Get Prices read it this way when no other operation of the run left it; Stock
 * Upload's direct mode reads it once, before both, and hands it to each (their `scope` option).
 *
 * Requests (P(n) = pages of n rows; P₃(n) = pages of 3 × as many rows, keyed-read.ts wholeSetPageSize): with folders P(folders) + items in the folders (≤ maxWhereInRequests OR-chains,
 * else P(items)); without folders P(items); + characteristics when asked (≤ maxWhereInRequests, else P₃(characteristics)).
 */
import { AnswerLog, type OneCClient } from '../../onec/client';
import { appendAll } from '../../common/append-all';
import { descendantFolders } from './folders';
import { indexItems, keptByCharacteristics, readCharacteristics, readScopeItems } from './items';
import type { CatalogScope } from './scope-cache';

export interface CatalogScopeRead {
	folderRefs: readonly string[];
	/** Also read the characteristics of the items kept by characteristics. */
	characteristics?: boolean;
	maxWhereInRequests?: number;
	/**
	 * False: the items without code, article and name (SCOPE_SELECT), for reads whose rows are upload fields only; the
	 * same requests, a third fewer bytes. Such a scope is `named: false`, and a read of All Fields rows refuses it.
	 */
	names?: boolean;
}

export async function readCatalogScope(client: OneCClient, read: CatalogScopeRead): Promise<CatalogScope> {
	const keyed = { maxWhereInRequests: read.maxWhereInRequests };
	const folders = read.folderRefs.length > 0 ? await descendantFolders(client, read.folderRefs) : undefined;
	const named = read.names !== false;
	const scope: CatalogScope = { items: indexItems(await readScopeItems(client, folders, named, keyed)), named };
	if (read.characteristics === true) scope.characteristics = await readCharacteristics(client, keptByCharacteristics(scope.items.values()), keyed);
	return scope;
}

/**
 * readCatalogScope with the digests of 1C's answers noted in the scope's `answers` (OneCClient.logAnswers): what Get
 * Prices' record of unchanged inputs needs of a scope Get Balances read and left for it (prices/unchanged-prices.ts).
 * The client must have no log attached.
 */
export async function readNotedCatalogScope(client: OneCClient, read: CatalogScopeRead): Promise<CatalogScope> {
	const log = new AnswerLog();
	const scope = await client.noting(log, async () => await readCatalogScope(client, read));
	scope.answers = log.answers;
	return scope;
}

/** `read` (more of the scope, e.g. its characteristics), its answers noted after the scope's own when it keeps them. */
export async function notedForScope<T>(client: OneCClient, scope: CatalogScope, read: () => Promise<T>): Promise<T> {
	const answers = scope.answers;
	if (answers === undefined) return await read();
	const log = new AnswerLog();
	try {
		return await client.noting(log, read);
	} finally {
		appendAll(answers, log.answers);
	}
}
