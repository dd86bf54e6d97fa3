/**
 * The deterministic order of upload elements, shared by stock and prices: input rows visited per offer key in key
 * order, and the elements sent in the order of their CRM identifier, so one input always gives the same batches.
 */
import { compareStrings } from '../../common/compare-strings';
import { runSteps, StepCounter, type Steps } from '../../common/steps';
import { IdentityResolver, type IdentifierOptions, type OfferIdentity } from './offer-identifier';
import { bodyHash, type ChangeSelector, type HashableElement } from './change-hashes';

/** Calls `visit` once per offer key, in key order, with that offer's rows in their input order. */
export function forEachOffer<R extends { offerKey: string }>(rows: readonly R[], visit: (offerKey: string, offerRows: R[]) => void): void {
	runSteps(forEachOfferSteps(rows, visit));
}

/** forEachOffer in steps of STEP_ROWS offers (common/steps.ts). */
export function* forEachOfferSteps<R extends { offerKey: string }>(rows: readonly R[], visit: (offerKey: string, offerRows: R[]) => void): Steps<void> {
	const step = new StepCounter();
	const order = inOfferKeyOrder(rows);
	const row = (k: number) => rows[order === undefined ? k : order[k]];
	for (let start = 0; start < rows.length; ) {
		const key = row(start).offerKey;
		const offerRows: R[] = [row(start)];
		let end = start + 1;
		for (; end < rows.length && row(end).offerKey === key; end++) offerRows.push(row(end));
		start = end;
		visit(key, offerRows);
		if (step.due()) yield;
	}
}

/** Row indexes in offer-key order, or undefined when the rows are in that order already. */
function inOfferKeyOrder(rows: ReadonlyArray<{ offerKey: string }>): number[] | undefined {
	let sorted = true;
	for (let k = 1; k < rows.length; k++) {
		if (compareStrings(rows[k - 1].offerKey, rows[k].offerKey) > 0) {
			sorted = false;
			break;
		}
	}
	if (sorted) return undefined;
	const order = new Array<number>(rows.length);
	for (let k = 0; k < rows.length; k++) order[k] = k;
	// An array's sort, not a typed array's: it is stable, so rows of one offer keep their input order (a later price of
	// one type overrides an earlier one), and it merges runs already in order (the calculation's rows come type by type,
	// each in key order) where a typed array's sorts them all again: 600,000 price rows in half the time.
	order.sort((a, b) => compareStrings(rows[a].offerKey, rows[b].offerKey));
	return order;
}

/** Elements ordered by their CRM identifier (`sortKeys[i]` of `elements[i]`); no copy when they are in order already. */
export function inIdentifierOrder<E>(elements: E[], sortKeys: readonly string[]): E[] {
	let sorted = true;
	for (let i = 1; i < sortKeys.length; i++) {
		if (compareStrings(sortKeys[i - 1], sortKeys[i]) > 0) {
			sorted = false;
			break;
		}
	}
	if (sorted) return elements;
	const order = elements.map((_, i) => i).sort((a, b) => compareStrings(sortKeys[a], sortKeys[b]));
	return order.map((i) => elements[i]);
}

/**
 * The elements of one upload as they are made: each offer's identity (and the site, when given) with its body,
 * handed out in identifier order with the offer keys that had no identifier.
 */
export class UploadElements<B extends object> {
	private readonly identities: IdentityResolver;
	private readonly elements: Array<OfferIdentity & { site?: string } & B> = [];
	private readonly sortKeys: string[] = [];

	/** `changes`: "Only Changed" — an offer it leaves out (unchanged, or nothing to send) never becomes an element. */
	constructor(private readonly options: IdentifierOptions & { site?: string; changes?: ChangeSelector }) {
		this.identities = new IdentityResolver(options);
	}

	/** Adds offer `key` with the body `body()` makes (called once its identity is known); no element when it gives undefined. */
	add(key: string, body: () => (B & Pick<HashableElement, 'stores' | 'prices'>) | undefined): void {
		const resolved = this.identities.resolve(key);
		if (resolved === null) return;
		const made = body();
		if (made === undefined) return;
		const site = this.options.site;
		if (this.options.changes?.leavesOut(made, () => bodyHash(resolved.identity, site, made))) return;
		this.elements.push({ ...resolved.identity, ...(site !== undefined ? { site } : {}), ...made });
		this.sortKeys.push(resolved.sortKey);
	}

	result(): { offers: Array<OfferIdentity & { site?: string } & B>; unresolvedOfferKeys: string[] } {
		return { offers: inIdentifierOrder(this.elements, this.sortKeys), unresolvedOfferKeys: this.identities.unresolved };
	}
}
