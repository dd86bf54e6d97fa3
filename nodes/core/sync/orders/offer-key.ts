import type { CrmOfferLike } from './crm-order';
import { OrderMappingError } from './errors';
import { offerKey, tryParseOfferKey as parseSharedKey } from '../offer-key';

/**
 * Offer keys shared by the ICML export and the order import (docs/1c-odata.md#customer-orders step 4, docs/1c-odata.md#catalog):
 * `<Номенклатура Ref_Key>` or `<Номенклатура Ref_Key>#<ХарактеристикаНоменклатуры Ref_Key>`,
 * the same convention as UT's own CommerceML export, so orders come back without look-ups.
 */
export interface OfferKey {
	itemKey: string;
	/** Absent for items without characteristics. */
	characteristicKey?: string;
}

/** Parses an offer key; undefined when the text is not in the key format (e.g. an article). */
export function tryParseOfferKey(text: string | null | undefined): OfferKey | undefined {
	return parseSharedKey(text);
}

export function parseOfferKey(text: string): OfferKey {
	const key = tryParseOfferKey(text);
	if (!key) {
		throw new OrderMappingError('INVALID_OFFER_KEY', `"${text}" is not an offer key (<GUID> or <GUID>#<GUID>)`);
	}
	return key;
}

export function formatOfferKey(key: OfferKey): string {
	return offerKey(key.itemKey, key.characteristicKey);
}

/**
 * How a CRM offer is matched to 1C nomenclature:
 *  - `externalId`: offer.externalId is an offer key (our ICML writes it so) — no look-up needed;
 *  - `xmlId`: offer.xmlId is an offer key (catalogs loaded by other tools often put the 1C GUID there);
 *  - `article`: offer.article = Номенклатура.Артикул (string(25), indexed; characteristic unknown);
 *  - `code`: offer.xmlId, else offer.externalId = Номенклатура.Code (string(11)).
 */
export type OfferMatchStrategy = 'externalId' | 'xmlId' | 'article' | 'code';
export const OFFER_MATCH_STRATEGIES: readonly OfferMatchStrategy[] = ['externalId', 'xmlId', 'article', 'code'];

export type OfferLookup =
	| { kind: 'key'; key: OfferKey }
	| { kind: 'field'; field: 'Артикул' | 'Code'; value: string }
	| { kind: 'missing'; reason: string };

/** What the 1C side must look up for one CRM offer under a strategy (no I/O here). */
export function offerLookup(offer: CrmOfferLike | null | undefined, strategy: OfferMatchStrategy): OfferLookup {
	if (!offer) return { kind: 'missing', reason: 'order line has no offer' };
	switch (strategy) {
		case 'externalId':
		case 'xmlId': {
			const raw = strategy === 'externalId' ? offer.externalId : offer.xmlId;
			const key = tryParseOfferKey(raw);
			if (key) return { kind: 'key', key };
			return { kind: 'missing', reason: `offer ${offer.id ?? '?'} ${strategy} "${raw ?? ''}" is not a 1C offer key` };
		}
		case 'article': {
			const article = (offer.article ?? '').trim();
			return article ? { kind: 'field', field: 'Артикул', value: article } : { kind: 'missing', reason: `offer ${offer.id ?? '?'} has no article` };
		}
		case 'code': {
			const code = (offer.xmlId ?? offer.externalId ?? '').trim();
			return code ? { kind: 'field', field: 'Code', value: code } : { kind: 'missing', reason: `offer ${offer.id ?? '?'} has no xmlId/externalId code` };
		}
	}
}
