/**
 * How an upload element names its CRM offer: exactly one of `externalId` (= ICML `offer@id`), `xmlId`
 * (= ICML `<xmlId>`) or `id` (CRM offer id) — docs/retailcrm-api.md#stock-and-prices.
 */
import { lookup, type Table } from './lookup-table';

export type OfferIdentifierKind = 'externalId' | 'xmlId' | 'id';

export const OFFER_IDENTIFIER_KINDS: readonly OfferIdentifierKind[] = ['externalId', 'xmlId', 'id'];

/** The identifier part of an upload element; exactly one field is set. */
export interface OfferIdentity {
	externalId?: string;
	xmlId?: string;
	id?: number;
}

/** offerKey → CRM identifier, as a Map or a plain object (static data and JSON give plain objects). */
export type IdentifierLookup = Table<string | number>;

export interface IdentifierOptions {
	identifierKind: OfferIdentifierKind;
	/**
	 * offerKey → identifier. Optional for externalId/xmlId: without it the offer key itself (`<item>` or
	 * `<item>#<characteristic>`, the UT CommerceML `Ид`) is the identifier. Required for `id`.
	 * When given, an offer missing from it is reported as unresolved and not sent.
	 */
	identifiers?: IdentifierLookup;
}

/** Validates the option combination once, before any row is processed. */
export function validateIdentifierOptions(options: IdentifierOptions): void {
	if (!OFFER_IDENTIFIER_KINDS.includes(options.identifierKind)) {
		throw new Error(`Unknown offer identifier kind "${String(options.identifierKind)}" (expected externalId, xmlId or id)`);
	}
	if (options.identifierKind === 'id' && options.identifiers === undefined) {
		throw new Error('Offer identifier kind "id" needs a table offerKey → CRM offer id');
	}
}

/** Returns the identity for an offer key, or null when a given table has no entry for it. */
export function resolveIdentity(offerKey: string, options: IdentifierOptions): OfferIdentity | null {
	const value = options.identifiers === undefined ? offerKey : lookup(options.identifiers, offerKey);
	if (value === undefined || value === null || value === '') return null;
	switch (options.identifierKind) {
		case 'id': {
			const id = typeof value === 'number' ? value : Number(value);
			if (!Number.isSafeInteger(id) || id <= 0) return null;
			return { id };
		}
		case 'xmlId':
			return { xmlId: String(value) };
		default:
			return { externalId: String(value) };
	}
}

/** The identifier as a string, for ordering and for change-hash keys. */
export function identityValue(identity: OfferIdentity): string {
	if (identity.id !== undefined) return String(identity.id);
	if (identity.xmlId !== undefined) return identity.xmlId;
	return identity.externalId ?? '';
}

/** Which field the identity uses. */
export function identityKind(identity: OfferIdentity): OfferIdentifierKind {
	if (identity.id !== undefined) return 'id';
	if (identity.xmlId !== undefined) return 'xmlId';
	return 'externalId';
}

export class DuplicateIdentifierError extends Error {
	constructor(identifier: string, offerKeys: [string, string]) {
		super(`Offers ${offerKeys[0]} and ${offerKeys[1]} both resolve to the CRM identifier "${identifier}"`);
		this.name = 'DuplicateIdentifierError';
	}
}

/**
 * Offer keys → identities for one upload: keys without an identifier are collected in `unresolved`. Offer keys are
 * unique, so only a table of identifiers can map two keys to one; then the second is refused.
 */
export class IdentityResolver {
	readonly unresolved: string[] = [];
	private readonly seen: Map<string, string> | undefined;

	constructor(private readonly options: IdentifierOptions) {
		this.seen = options.identifiers === undefined ? undefined : new Map<string, string>();
	}

	/** The identity of `key` and its value for ordering, or null (noted as unresolved). */
	resolve(key: string): { identity: OfferIdentity; sortKey: string } | null {
		const identity = resolveIdentity(key, this.options);
		if (identity === null) {
			this.unresolved.push(key);
			return null;
		}
		const sortKey = identityValue(identity);
		if (this.seen !== undefined) {
			const other = this.seen.get(sortKey);
			if (other !== undefined) throw new DuplicateIdentifierError(sortKey, [other, key]);
			this.seen.set(sortKey, key);
		}
		return { identity, sortKey };
	}
}
