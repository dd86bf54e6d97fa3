import type { UpsertOutcome } from './types';

/**
 * The documents a run left unposted although they were posted (a refused or lost re-post after a change), kept
 * between runs so a later one posts them even with *Post* off (UpsertOptions `postAgain`). Without the list, with
 * *Post* off, nothing would say they were posted before: the next run would find them as the order wants them and
 * leave them unposted, their reserves gone.
 */
export interface PostAgainState {
	version: 1;
	/** Ref_Key (lower case) → the CRM order id, for the reader of the static data. */
	refs: Record<string, number | null>;
}

/** More than this many waiting documents means something else is wrong; the oldest are let go so the state stays small. */
export const POST_AGAIN_LIMIT = 1000;

export const emptyPostAgain = (): PostAgainState => ({ version: 1, refs: {} });

export function postAgainSet(state: PostAgainState): Set<string> {
	return new Set(Object.keys(state.refs));
}

/**
 * The list after a run: a failure that left a posted document unposted adds it; any result for a listed document
 * (posted, released, a conflict a 1C user made) takes it off. Undefined when nothing changed, so an unchanged run
 * does not make n8n save the static data.
 */
export function nextPostAgain(state: PostAgainState, outcomes: readonly UpsertOutcome[]): PostAgainState | undefined {
	const refs = { ...state.refs };
	let changed = false;
	for (const outcome of outcomes) {
		if (!outcome.ok) {
			if (outcome.leftUnposted === undefined) continue;
			const ref = outcome.leftUnposted.toLowerCase();
			if (!(ref in refs)) {
				refs[ref] = outcome.crmOrderId;
				changed = true;
			}
		} else if (outcome.ref !== undefined && outcome.ref.toLowerCase() in refs) {
			delete refs[outcome.ref.toLowerCase()];
			changed = true;
		}
	}
	if (!changed) return undefined;
	const keys = Object.keys(refs);
	for (const old of keys.slice(0, Math.max(0, keys.length - POST_AGAIN_LIMIT))) delete refs[old];
	return { version: 1, refs };
}
