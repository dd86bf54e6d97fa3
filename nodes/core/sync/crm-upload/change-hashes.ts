/**
 * "Only changed" for stock and price uploads: remember a short hash of what the CRM last accepted per offer (its
 * identity, site and every store or price type with its value) and send only the offers whose hash is not among them;
 * resend everything every N hours to heal drift (manual CRM edits, lost state). Lives in n8n workflow static data —
 * keep ONE state object for stock and ANOTHER for prices.
 *
 * Shape `{ version: 2, hashes, lastFullAt }`: `hashes` is one string of 7-character (42-bit) hashes, one per offer
 * the CRM holds as hashed, in no order. 300,000 offers are 2.1 MB of static data per upload node; version 1 kept
 * an 8-character key and a 6-character hash per store (~30 bytes an offer in JSON: 16.6 MB for stock and prices of
 * 300,000 offers, written to n8n's database by the first run). The price of one hash per offer: a changed offer is
 * sent with all its stores (prices), not only the one that changed — the same requests, a few more bytes each.
 * A changed offer is missed only when its new hash equals another offer's stored one: ~7e-8 per changed offer at
 * 300,000 offers, and the full resend repairs it.
 *
 * Every run rebuilds the string from the hashes of the current offers found unchanged, so the hash of a value an
 * offer had before (A → B → A) never makes its return look unchanged; offers gone from 1C drop out with it.
 *
 * Protocol: `selectChanged` leaves every offer it selects out of the state (dirty) and returns the elements to send;
 * after each SUCCESSFUL batch call `commit(batch)`, which appends the hashes of exactly what was sent. A failed
 * batch is never committed, so it stays dirty and is selected again next run — also during a full resend, when
 * its content may be unchanged. A run that selects but never commits (crash, dry run) only causes a resend.
 */
import { compareStrings } from '../../common/compare-strings';
import { ShortHasher } from '../../common/short-hash';
import { identityKind, identityValue, type OfferIdentity } from './offer-identifier';

export const CHANGE_HASH_STATE_VERSION = 2;
/** Characters of one offer's hash (6 bits each). */
export const OFFER_HASH_CHARS = 7;

export interface ChangeHashState {
	version: 2;
	/** The offers' hashes, OFFER_HASH_CHARS characters each, concatenated. */
	hashes: string;
	/** ISO time of the last full resend, null before the first run. */
	lastFullAt: string | null;
	/**
	 * What the last upload that retailCRM took whole was computed from (Upload Stock and Prices from 1C keeps the price
	 * part's here: core/sync/prices/price-inputs.ts); absent otherwise. Not read by this module.
	 */
	inputs?: unknown;
	/**
	 * The store (stock) or price type (prices) codes the offers were sent with. A code that leaves the mapping is
	 * cleared once (every offer sent with `available: 0` for it, or its price removed) and then forgotten, else
	 * retailCRM would keep its last values (and add a store's to the offer's stock). Absent in states kept before it.
	 */
	codes?: string[];
}

/** An upload element: inventories (`stores`) or prices (`prices`). */
export interface HashableElement extends OfferIdentity {
	site?: string;
	stores?: ReadonlyArray<{ code: string; available: number; purchasePrice?: number }>;
	prices?: ReadonlyArray<{ code: string; price?: number; remove?: boolean }>;
}

/**
 * An entry of an upload response's `notFoundOffers`: `{id?, externalId?, xmlId?}`, or `{ value }` for a bare
 * identifier of unknown kind (matched against every kind).
 */
export interface NotFoundIdentity {
	id?: number | string | null;
	externalId?: string | null;
	xmlId?: string | null;
	value?: string | null;
}

export interface ChangeSelection<E extends HashableElement> {
	/** Elements to send, whole, in input order. */
	elements: readonly E[];
	/** True when this run is a full resend. */
	full: boolean;
	/** Elements (offers) of the input left out because nothing in them changed. */
	unchangedCount: number;
	/**
	 * Record what a successful batch sent; call once per successful batch. Mutates the state. Offers listed in
	 * `notFound` (the response's `notFoundOffers`) are not recorded, so they are sent again next run — after
	 * the catalog import has created them — instead of waiting for the next full resend.
	 */
	commit(sentElements: readonly E[], notFound?: readonly NotFoundIdentity[]): void;
}

export function emptyChangeHashState(): ChangeHashState {
	return { version: CHANGE_HASH_STATE_VERSION, hashes: '', lastFullAt: null };
}

/**
 * Accepts whatever static data holds (nothing yet, this version, an older version or an unknown shape) and returns
 * a usable state object. Anything else starts empty, which means one full resend — the safe direction.
 */
export function loadChangeHashState(raw: unknown): ChangeHashState {
	if (typeof raw === 'object' && raw !== null) {
		const candidate = raw as Partial<ChangeHashState>;
		if (
			candidate.version === CHANGE_HASH_STATE_VERSION &&
			typeof candidate.hashes === 'string' &&
			candidate.hashes.length % OFFER_HASH_CHARS === 0 &&
			(candidate.lastFullAt === null || typeof candidate.lastFullAt === 'string')
		) {
			if (candidate.codes === undefined || (Array.isArray(candidate.codes) && candidate.codes.every((code) => typeof code === 'string'))) return candidate as ChangeHashState;
			// Codes of an unknown shape are not trusted: nothing is cleared until they are remembered again.
			const { codes: _unknown, ...rest } = candidate;
			return rest as ChangeHashState;
		}
	}
	return emptyChangeHashState();
}

/**
 * The hash of an element: identifier kind, identifier and site (the same offer on two sites is two offers), then
 * what counts as "changed": each store's code, quantity and purchase price; each price type's code and price (or
 * removal). Stores and prices in the order given (a new order only costs one resend).
 */
export function elementHash(element: HashableElement, leaveOut?: ReadonlySet<string>): string {
	return bodyHash(element, element.site, element, leaveOut);
}

const SEP = '\u0000';
const STORE = '\u0000s\u0000';
const PRICE = '\u0000p\u0000';

/**
 * elementHash of the element an identity, a site and a body would make, without making it (the same hash). Codes in
 * `leaveOut` (the ones being cleared) are not hashed: the offer's hash is then the one the next run computes.
 */
export function bodyHash(identity: OfferIdentity, site: string | undefined, body: Pick<HashableElement, 'stores' | 'prices'>, leaveOut?: ReadonlySet<string>): string {
	const hash = new ShortHasher().add(identityKind(identity)).add(SEP).add(identityValue(identity)).add(SEP).add(site ?? '');
	for (const store of body.stores ?? []) {
		if (leaveOut?.has(store.code) === true) continue;
		hash.add(STORE).add(store.code).add(SEP).add(`${store.available}`).add(SEP).add(`${store.purchasePrice ?? ''}`);
	}
	for (const price of body.prices ?? []) {
		if (leaveOut?.has(price.code) === true) continue;
		hash.add(PRICE).add(price.code).add(SEP);
		hash.add(price.remove === true ? 'remove' : `${price.price ?? ''}`);
	}
	return hash.digest(OFFER_HASH_CHARS);
}

function storedHashes(state: ChangeHashState): Set<string> {
	const set = new Set<string>();
	for (let at = 0; at + OFFER_HASH_CHARS <= state.hashes.length; at += OFFER_HASH_CHARS) set.add(state.hashes.slice(at, at + OFFER_HASH_CHARS));
	return set;
}

/** Whether a run at `now` is a full resend: none yet, the last one `fullResendHours` or more ago, or a clock gone back. */
export function fullResendDue(state: ChangeHashState, now: number | Date, fullResendHours = 24): boolean {
	const nowMs = toMillis(now);
	const lastFullMs = state.lastFullAt === null ? Number.NaN : Date.parse(state.lastFullAt);
	return !Number.isFinite(lastFullMs) || nowMs - lastFullMs >= fullResendHours * 3_600_000 || nowMs < lastFullMs;
}

function toMillis(now: number | Date): number {
	return typeof now === 'number' ? now : now.getTime();
}

/**
 * Chooses what to send. `now` comes from the injected Clock (ms) or is a Date. `fullResendHours` ≤ 0 makes
 * every run a full resend. Mutates `state` in place: it keeps the hashes of the unchanged offers only (the
 * selected ones are dirty until committed); a full run empties it (pruning vanished offers) and sets lastFullAt = now.
 */
export function selectChanged<E extends HashableElement>(
	elements: readonly E[],
	state: ChangeHashState,
	now: number | Date,
	fullResendHours = 24,
): ChangeSelection<E> {
	const selector = new ChangeSelector(state, now, fullResendHours);
	// The elements themselves (not copies): nothing downstream changes them, and a full run of 300,000 offers sends them all.
	const selected: E[] = [];
	for (const element of elements) if (!selector.leavesOut(element, () => elementHash(element))) selected.push(element);
	return selector.finish(selected);
}

/**
 * selectChanged one offer at a time, for a caller that asks before it makes an offer's element: an upload's elements
 * are made only for the offers that are sent (an unchanged run of 300,000 offers makes none). Mutates `state` as
 * selectChanged does: a full run empties it at once, the others keep the unchanged offers' hashes at `finish`.
 */
export class ChangeSelector {
	readonly full: boolean;
	private readonly stored: Set<string> | undefined;
	private readonly kept: string[] = [];
	private unchanged = 0;

	/** `clearing`: codes left out of the mapping (droppedCodes) that this run's elements carry to clear them. */
	constructor(
		private readonly state: ChangeHashState,
		now: number | Date,
		fullResendHours = 24,
		private readonly clearing: ReadonlySet<string> = new Set(),
	) {
		if (!Number.isFinite(fullResendHours)) throw new RangeError('fullResendHours must be a finite number of hours');
		const nowMs = toMillis(now);
		this.full = fullResendDue(state, nowMs, fullResendHours);
		if (this.full) {
			// Everything is sent, so everything is dirty until committed; starting from empty also prunes offers that no
			// longer exist (the state would otherwise only grow).
			state.hashes = '';
			state.lastFullAt = new Date(nowMs).toISOString();
		} else this.stored = storedHashes(state);
	}

	/**
	 * Whether an offer with this body is left out: nothing to send, or (not in a full run) sent before as it is.
	 * `hash` (its elementHash, or bodyHash before the element is made) is asked only when needed.
	 */
	leavesOut(body: Pick<HashableElement, 'stores' | 'prices'>, hash: () => string): boolean {
		if (!hasContent(body)) {
			this.unchanged++;
			return true;
		}
		if (this.stored === undefined || carries(body, this.clearing)) return false;
		const value = hash();
		if (!this.stored.has(value)) return false;
		this.kept.push(value);
		this.unchanged++;
		return true;
	}

	/** The selection of the offers not left out (`selected`, in the order to send). */
	finish<E extends HashableElement>(selected: readonly E[]): ChangeSelection<E> {
		const state = this.state;
		if (!this.full) state.hashes = this.kept.join('');
		const clearing = this.clearing;
		const commit = (sentElements: readonly E[], notFound?: readonly NotFoundIdentity[]) => commitSent(state, sentElements, notFound, clearing);
		return { elements: selected, full: this.full, unchangedCount: this.unchanged, commit };
	}
}

function hasContent(element: Pick<HashableElement, 'stores' | 'prices'>, leaveOut?: ReadonlySet<string>): boolean {
	if (leaveOut === undefined || leaveOut.size === 0) return (element.stores?.length ?? 0) + (element.prices?.length ?? 0) > 0;
	return (element.stores ?? []).some((store) => !leaveOut.has(store.code)) || (element.prices ?? []).some((price) => !leaveOut.has(price.code));
}

/** Whether a body carries one of the codes being cleared (such an offer is sent, whatever its hash). */
function carries(body: Pick<HashableElement, 'stores' | 'prices'>, codes: ReadonlySet<string>): boolean {
	if (codes.size === 0) return false;
	return (body.stores ?? []).some((store) => codes.has(store.code)) || (body.prices ?? []).some((price) => codes.has(price.code));
}

/** The remembered codes that are not among `current` (the codes of this run's mapping), in order. */
export function droppedCodes(state: ChangeHashState | undefined, current: Iterable<string>): string[] {
	if (state?.codes === undefined) return [];
	const now = new Set(current);
	return state.codes.filter((code) => !now.has(code)).sort(compareStrings);
}

/**
 * After a run (not a dry run): remember this run's codes; dropped ones are forgotten once every batch was accepted
 * (they were cleared), else kept to be cleared again next run.
 */
export function rememberCodes(state: ChangeHashState, current: Iterable<string>, dropped: readonly string[], allAccepted: boolean): void {
	state.codes = [...new Set([...current, ...(allAccepted ? [] : dropped)])].sort(compareStrings);
}

/** Appends the hashes of what a successful batch sent (without the codes being cleared: the next run has none of them). */
export function commitSent(state: ChangeHashState, sentElements: readonly HashableElement[], notFound: readonly NotFoundIdentity[] = [], leaveOut?: ReadonlySet<string>): void {
	const skip = new Set<string>();
	const add = (kind: string, value: unknown) => {
		if (value !== undefined && value !== null && value !== '') skip.add(`${kind}\u0000${String(value)}`);
	};
	for (const identity of notFound) {
		add('id', identity.id);
		add('externalId', identity.externalId);
		add('xmlId', identity.xmlId);
		for (const kind of ['id', 'externalId', 'xmlId']) add(kind, identity.value);
	}
	let added = '';
	for (const element of sentElements) {
		if (skip.size > 0 && skip.has(`${identityKind(element)}\u0000${identityValue(element)}`)) continue;
		if (hasContent(element, leaveOut)) added += elementHash(element, leaveOut);
	}
	state.hashes += added;
}
