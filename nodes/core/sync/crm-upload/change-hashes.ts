/**
 * "Only changed" for stock and price uploads: remember a short hash of what the CRM last accepted per offer and
 * store (or per offer and price type) and send only what differs; resend everything every N hours to heal drift
 * (manual CRM edits, lost state). Lives in n8n workflow static data — keep ONE state object for stock and
 * ANOTHER for prices.
 *
 * Shape `{ version: 1, slots, hashes, lastFullAt }`. To keep 100,000 offers × 3 stores within a few MB, keys and
 * values are hashes, not identifiers: `hashes[<8-char key of (identifier kind, identifier, site)>]` is one string
 * holding a 6-char hash per slot, slot i at characters [6i, 6i+6) where `slots[i]` is the store or price-type code
 * ('......' = unknown). 48-bit keys: a collision among 100,000 offers has probability ~2e-5 and would only cost a
 * resend; 36-bit value hashes: a missed change has probability 1.5e-11, and the full resend repairs it anyway.
 *
 * Protocol: `selectChanged` marks every slot it selects as dirty (cleared) and returns the elements to send;
 * after each SUCCESSFUL batch call `commit(batch)`, which stores the hashes of exactly what was sent. A failed
 * batch is never committed, so it stays dirty and is selected again next run — also during a full resend, when
 * its content may be unchanged. A run that selects but never commits (crash, dry run) only causes a resend.
 */
import { shortHash } from '../../common/short-hash';
import { identityKind, identityValue, type OfferIdentity } from './offer-identifier';

export const CHANGE_HASH_STATE_VERSION = 1;
const KEY_CHARS = 8;
const SLOT_CHARS = 6;
const EMPTY_SLOT = '.'.repeat(SLOT_CHARS);

export interface ChangeHashState {
	version: 1;
	/** Store codes (stock) or price-type codes (prices), in first-seen order; a slot index never changes. */
	slots: string[];
	/** Offer key hash → concatenated slot hashes. */
	hashes: Record<string, string>;
	/** ISO time of the last full resend, null before the first run. */
	lastFullAt: string | null;
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
	/** Elements to send, each with only its changed stores/prices, in input order. */
	elements: E[];
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
	return { version: CHANGE_HASH_STATE_VERSION, slots: [], hashes: {}, lastFullAt: null };
}

/**
 * Accepts whatever static data holds (nothing yet, this version, or an unknown shape) and returns a usable
 * state object. An unknown version starts empty, which means one full resend — the safe direction.
 */
export function loadChangeHashState(raw: unknown): ChangeHashState {
	if (typeof raw === 'object' && raw !== null) {
		const candidate = raw as Partial<ChangeHashState>;
		if (
			candidate.version === CHANGE_HASH_STATE_VERSION &&
			Array.isArray(candidate.slots) &&
			typeof candidate.hashes === 'object' &&
			candidate.hashes !== null &&
			(candidate.lastFullAt === null || typeof candidate.lastFullAt === 'string')
		) {
			return candidate as ChangeHashState;
		}
	}
	return emptyChangeHashState();
}

/** Key of an element: identifier kind, identifier and site (the same offer on two sites is two keys). */
export function elementHashKey(element: OfferIdentity & { site?: string }): string {
	return shortHash(`${identityKind(element)}\u0000${identityValue(element)}\u0000${element.site ?? ''}`, KEY_CHARS);
}

interface SlotContent {
	code: string;
	hash: string;
}

/** What counts as "changed": the quantity and purchase price of a store; the price (or removal) of a price type. */
function slotContents(element: HashableElement): SlotContent[] {
	const out: SlotContent[] = [];
	for (const store of element.stores ?? []) {
		out.push({ code: store.code, hash: shortHash(`s\u0000${store.available}\u0000${store.purchasePrice ?? ''}`, SLOT_CHARS) });
	}
	for (const price of element.prices ?? []) {
		out.push({ code: price.code, hash: shortHash(price.remove === true ? 'p\u0000remove' : `p\u0000${price.price ?? ''}`, SLOT_CHARS) });
	}
	return out;
}

function slotIndexer(state: ChangeHashState): (code: string) => number {
	const index = new Map<string, number>();
	state.slots.forEach((code, i) => index.set(code, i));
	return (code: string) => {
		let i = index.get(code);
		if (i === undefined) {
			i = state.slots.length;
			state.slots.push(code);
			index.set(code, i);
		}
		return i;
	};
}

function readSlot(packed: string | undefined, i: number): string {
	if (packed === undefined) return EMPTY_SLOT;
	const value = packed.slice(i * SLOT_CHARS, (i + 1) * SLOT_CHARS);
	return value.length === SLOT_CHARS ? value : EMPTY_SLOT;
}

function writeSlots(packed: string | undefined, updates: ReadonlyArray<[number, string]>): string | undefined {
	let maxIndex = -1;
	for (const [i] of updates) if (i > maxIndex) maxIndex = i;
	let text = packed ?? '';
	const needed = (maxIndex + 1) * SLOT_CHARS;
	if (text.length < needed) text += EMPTY_SLOT.repeat((needed - text.length) / SLOT_CHARS);
	for (const [i, hash] of updates) text = text.slice(0, i * SLOT_CHARS) + hash + text.slice((i + 1) * SLOT_CHARS);
	// Trailing unknown slots carry no information: trim them, and drop an entry that became all unknown.
	while (text.endsWith(EMPTY_SLOT)) text = text.slice(0, -SLOT_CHARS);
	return text === '' ? undefined : text;
}

function setPacked(state: ChangeHashState, key: string, packed: string | undefined): void {
	if (packed === undefined) delete state.hashes[key];
	else state.hashes[key] = packed;
}

function toMillis(now: number | Date): number {
	return typeof now === 'number' ? now : now.getTime();
}

/**
 * Chooses what to send. `now` comes from the injected Clock (ms) or is a Date. `fullResendHours` ≤ 0 makes
 * every run a full resend. Mutates `state` in place: selected slots are cleared (dirty); a full run empties the
 * state (pruning vanished offers and stores) and sets lastFullAt = now.
 */
export function selectChanged<E extends HashableElement>(
	elements: readonly E[],
	state: ChangeHashState,
	now: number | Date,
	fullResendHours = 24,
): ChangeSelection<E> {
	if (!Number.isFinite(fullResendHours)) throw new RangeError('fullResendHours must be a finite number of hours');
	const nowMs = toMillis(now);
	const lastFullMs = state.lastFullAt === null ? Number.NaN : Date.parse(state.lastFullAt);
	const full = !Number.isFinite(lastFullMs) || nowMs - lastFullMs >= fullResendHours * 3_600_000 || nowMs < lastFullMs;
	if (full) {
		// Everything is sent, so everything is dirty until committed; starting from empty also prunes offers and
		// stores that no longer exist (the state would otherwise only grow).
		state.hashes = {};
		state.slots = [];
		// The elements themselves (not copies): nothing downstream changes them, and a full run of 300,000 offers sends them all.
		const selected = elements.filter((element) => (element.stores?.length ?? 0) + (element.prices?.length ?? 0) > 0);
		state.lastFullAt = new Date(nowMs).toISOString();
		return {
			elements: selected,
			full,
			unchangedCount: elements.length - selected.length,
			commit: (sentElements, notFound) => commitSent(state, sentElements, notFound),
		};
	}
	const indexOf = slotIndexer(state);

	const selected: E[] = [];
	let unchangedCount = 0;
	for (const element of elements) {
		const key = elementHashKey(element);
		const packed = state.hashes[key];
		const changedCodes = new Set<string>();
		const dirty: Array<[number, string]> = [];
		for (const slot of slotContents(element)) {
			const i = indexOf(slot.code);
			if (readSlot(packed, i) !== slot.hash) {
				changedCodes.add(slot.code);
				dirty.push([i, EMPTY_SLOT]);
			}
		}
		if (changedCodes.size === 0) {
			unchangedCount++;
			continue;
		}
		setPacked(state, key, writeSlots(packed, dirty));
		selected.push(pickSlots(element, changedCodes));
	}
	return {
		elements: selected,
		full,
		unchangedCount,
		commit: (sentElements, notFound) => commitSent(state, sentElements, notFound),
	};
}

/** Stores the hashes of what a successful batch sent (only its stores/prices; other slots are kept). */
export function commitSent(state: ChangeHashState, sentElements: readonly HashableElement[], notFound: readonly NotFoundIdentity[] = []): void {
	const indexOf = slotIndexer(state);
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
	for (const element of sentElements) {
		if (skip.size > 0 && skip.has(`${identityKind(element)}\u0000${identityValue(element)}`)) continue;
		const key = elementHashKey(element);
		const updates: Array<[number, string]> = slotContents(element).map((slot) => [indexOf(slot.code), slot.hash]);
		if (updates.length > 0) setPacked(state, key, writeSlots(state.hashes[key], updates));
	}
}

function pickSlots<E extends HashableElement>(element: E, codes: ReadonlySet<string>): E {
	const copy = { ...element };
	if (element.stores !== undefined) copy.stores = element.stores.filter((store) => codes.has(store.code));
	if (element.prices !== undefined) copy.prices = element.prices.filter((price) => codes.has(price.code));
	return copy;
}
