/**
 * Offer keys shared by orders, stock, prices and the ICML catalog: `<item GUID>` for an item kept without
 * characteristics, `<item GUID>#<characteristic GUID>` otherwise — the same `Ид` UT 10.3 writes in its
 * CommerceML export (docs/1c-odata.md#catalog), so CRM offer externalIds stay stable whichever route is used.
 */

import { EMPTY_GUID } from '../onec/codecs';
import { isGuid, lowerCaseLatin } from '../onec/query';

/** 1C's empty reference as OData returns it (docs/1c-odata.md#values-on-the-wire). Codecs may already have turned it into null. */
export { EMPTY_GUID };

/** A reference GUID from a decoded OData row: a GUID string, or null/empty for "no reference". */
export type RefValue = string | null | undefined;

/** True when a reference is absent: null, undefined, '' or the all-zero GUID. */
export function isEmptyRef(ref: RefValue): ref is null | undefined | '' {
	return ref === null || ref === undefined || ref === '' || ref === EMPTY_GUID;
}

/** Normalises a reference to a lower-case GUID string or null (1C answers GUIDs in lower case; be lenient). */
export function normalizeRef(ref: RefValue): string | null {
	return isEmptyRef(ref) ? null : lowerCaseLatin(ref);
}

/** An offer key split into its references, lower case. */
export interface OfferKey {
	itemKey: string;
	/** Absent for items without characteristics. */
	characteristicKey?: string;
}

/** `<item>` or `<item>#<characteristic>`; an empty characteristic gives the item key alone. */
export function offerKey(itemRef: string, characteristicRef: RefValue): string {
	const item = normalizeRef(itemRef);
	if (item === null) throw new Error('offerKey: the item reference is empty');
	const characteristic = normalizeRef(characteristicRef);
	return characteristic === null ? item : `${item}#${characteristic}`;
}

/**
 * Strict parse: the item and (optional) characteristic GUIDs, lower case; undefined when the text is not
 * in the key format (e.g. an article) or names the empty reference.
 */
export function tryParseOfferKey(text: string | null | undefined): OfferKey | undefined {
	if (!text) return undefined;
	const parts = text.trim().split('#');
	if (parts.length > 2 || !isGuid(parts[0])) return undefined;
	const itemKey = lowerCaseLatin(parts[0]);
	if (itemKey === EMPTY_GUID) return undefined;
	if (parts.length === 1) return { itemKey };
	if (!isGuid(parts[1])) return undefined;
	const characteristicKey = lowerCaseLatin(parts[1]);
	return characteristicKey === EMPTY_GUID ? { itemKey } : { itemKey, characteristicKey };
}

export function formatOfferKey(key: OfferKey): string {
	return offerKey(key.itemKey, key.characteristicKey);
}

/** Lenient split of a key we built ourselves back into its references. */
export function splitOfferKey(key: string): { itemRef: string; characteristicRef: string | null } {
	const hash = key.indexOf('#');
	if (hash < 0) return { itemRef: key, characteristicRef: null };
	return { itemRef: key.slice(0, hash), characteristicRef: key.slice(hash + 1) };
}
