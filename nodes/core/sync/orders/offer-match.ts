import type { CrmOfferLike } from './crm-order';
import { OrderMappingError } from './errors';
import { tryParseOfferKey, type OfferKey } from '../offer-key';

/**
 * How a retailCRM order line's offer is matched to 1C nomenclature. The key format itself (shared by the ICML
 * export, stock, prices and orders) lives in core/sync/offer-key.ts (docs/1c-odata.md#catalog).
 */

/** Parses an offer key from an order line; an order mapping error when the text is not in the key format. */
export function parseOfferKey(text: string): OfferKey {
	const key = tryParseOfferKey(text);
	if (!key) {
		throw new OrderMappingError('INVALID_OFFER_KEY', `"${text}" is not an offer key (<GUID> or <GUID>#<GUID>)`);
	}
	return key;
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
