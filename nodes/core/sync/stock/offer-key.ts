/**
 * Offer keys shared by stock, prices and the ICML catalog: `<item GUID>` for an item kept without
 * characteristics, `<item GUID>#<characteristic GUID>` otherwise — the same `Ид` UT 10.3 writes in its
 * CommerceML export (ut103-odata.md §A2, §B10), so CRM offer externalIds stay stable whichever route is used.
 */

/** 1C's empty reference as OData returns it (§B2). Codecs may already have turned it into null. */
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** A reference GUID from a decoded OData row: a GUID string, or null/empty for "no reference". */
export type RefValue = string | null | undefined;

/** True when a reference is absent: null, undefined, '' or the all-zero GUID. */
export function isEmptyRef(ref: RefValue): ref is null | undefined | '' {
	return ref === null || ref === undefined || ref === '' || ref === EMPTY_GUID;
}

/** Normalises a reference to a lower-case GUID string or null (1C answers GUIDs in lower case; be lenient). */
export function normalizeRef(ref: RefValue): string | null {
	return isEmptyRef(ref) ? null : ref.toLowerCase();
}

/** `<item>` or `<item>#<characteristic>`; an empty characteristic gives the item key alone. */
export function offerKey(itemRef: string, characteristicRef: RefValue): string {
	const item = normalizeRef(itemRef);
	if (item === null) throw new Error('offerKey: the item reference is empty');
	const characteristic = normalizeRef(characteristicRef);
	return characteristic === null ? item : `${item}#${characteristic}`;
}

/** Splits an offer key back into its references. */
export function parseOfferKey(key: string): { itemRef: string; characteristicRef: string | null } {
	const hash = key.indexOf('#');
	if (hash < 0) return { itemRef: key, characteristicRef: null };
	return { itemRef: key.slice(0, hash), characteristicRef: key.slice(hash + 1) };
}
