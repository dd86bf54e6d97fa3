/**
 * One catalog read per workflow run for stock and prices. Get Balances and Get Prices of the stock template read the
 * same scope (the items of the catalog's folders and, with Include Zero Stock, the characteristics of those kept by
 * characteristics): at 300,000 offers that is about 300 requests and most of the run's 1C time, twice. The first of the
 * two nodes of a run leaves the scope here; the other takes it and drops it.
 *
 * Only what one run reads is kept, keyed by the run (n8n's execution id), the 1C base and the folders, so another run,
 * another base or other folders never see it. It holds one scope at a time: a new run's read replaces the old one, and
 * a scope both operations have used is dropped at once, so nothing outlives its run but, at most, the scope of a run
 * whose other operation never came (a workflow with Get Balances alone), until the next read. Losing it costs only a
 * second read (n8n queue mode runs a whole execution on one worker, so both nodes of a run share a process).
 */
import type { NotedAnswer } from '../../onec/client';
import type { CharacteristicRow, ScopeItemRow } from './items';

export type ScopeConsumer = 'balances' | 'prices';

/** A scope read without names gives upload rows only: All Fields rows would carry empty codes and names. */
export function refuseNamelessForAllFields(scope: CatalogScope, rowFields: 'all' | 'upload' | undefined): void {
	if (!scope.named && rowFields !== 'upload') throw new Error('A catalog scope read without item names cannot give All Fields rows');
}

/** What a node passes to share its run's catalog read; undefined: no sharing. */
export interface ScopeShare {
	/** The run: n8n's execution id. */
	run: string;
	consumer: ScopeConsumer;
}

export interface CatalogScope {
	/** Items (not folders) of the chosen folders and their sub-folders, by lower-case Ref_Key. */
	items: Map<string, ScopeItemRow>;
	/** Whether the items carry their code, article and name (catalog-scope.ts `names`); All Fields rows need them. */
	named: boolean;
	/** Characteristics (not marked for deletion) of every item in scope kept by characteristics, when they were read. */
	characteristics?: CharacteristicRow[];
	/**
	 * The 1C answers the scope (and its characteristics) came from, when the node that read it noted them for the run's
	 * other operation: Get Prices' record of unchanged inputs needs them (prices/unchanged-prices.ts).
	 */
	answers?: NotedAnswer[];
}

interface Entry {
	key: string;
	scope: CatalogScope;
	usedBy: Set<ScopeConsumer>;
}

let held: Entry | undefined;

function keyOf(share: ScopeShare, rootUrl: string, folderRefs: readonly string[]): string {
	return `${share.run}\u0000${rootUrl}\u0000${[...folderRefs].map((ref) => ref.toLowerCase()).sort().join(',')}`;
}

/**
 * The scope this run already read for these folders, if the other operation left it; a scope used by both is dropped.
 * An operation never takes what it left itself: a second Get Balances of the same run reads again, as the data may
 * have moved since.
 */
export function takeScope(share: ScopeShare | undefined, rootUrl: string, folderRefs: readonly string[]): CatalogScope | undefined {
	if (share === undefined || held === undefined || held.key !== keyOf(share, rootUrl, folderRefs) || held.usedBy.has(share.consumer)) return undefined;
	const entry = held;
	entry.usedBy.add(share.consumer);
	if (entry.usedBy.size > 1) held = undefined;
	return entry.scope;
}

/** Leaves this run's scope for the run's other operation (replacing whatever another run left). */
export function leaveScope(share: ScopeShare | undefined, rootUrl: string, folderRefs: readonly string[], scope: CatalogScope): void {
	if (share === undefined) return;
	const key = keyOf(share, rootUrl, folderRefs);
	if (held !== undefined && held.key === key) {
		held.scope = scope;
		held.usedBy.add(share.consumer);
		if (held.usedBy.size > 1) held = undefined;
		return;
	}
	held = { key, scope, usedBy: new Set([share.consumer]) };
}

/** Tests only: forget the scope held. */
export function forgetScopes(): void {
	held = undefined;
}

/** Tests only: whether a scope is held. */
export function holdsScope(): boolean {
	return held !== undefined;
}
