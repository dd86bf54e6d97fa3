/**
 * A CRM order that cannot be mapped to a 1C document as it stands. Not retryable by waiting:
 * someone has to fix data or settings. `code` lets nodes pick a message and tests assert precisely.
 */
export type OrderMappingErrorCode =
	| 'NUMBER_TOO_LONG'
	| 'NUMBER_EMPTY'
	| 'PREFIX_INVALID'
	| 'INCOMING_KEY_TOO_LONG'
	| 'INVALID_OFFER_KEY'
	| 'UNKNOWN_VAT_RATE'
	| 'ITEMS_NOT_RESOLVED'
	| 'SET_OR_KIT'
	| 'NEGATIVE_PRICE'
	| 'INVALID_QUANTITY'
	| 'MISSING_DELIVERY_ITEM'
	| 'DATE_MISSING'
	| 'ZERO_SUM_LINE'
	| 'AMOUNT_TOO_LARGE';

export class OrderMappingError extends Error {
	constructor(readonly code: OrderMappingErrorCode, message: string) {
		super(message);
		this.name = 'OrderMappingError';
	}
}
