import type { Rec } from '../filter/evaluator';
import type { Sandbox } from '../sandbox';
import { BANK_SET, CARD_SET, CASH_SET, ORDER_SET, SHIPMENT_SET } from './common';
import { orderSettlementMovements } from './order-settlements';
import { paymentRules } from './payments';
import { shipmentRules } from './shipment';

/**
 * Business rules of the documents beyond the customer order's own checks: what each document does before it is
 * written (ПередЗаписью), what its posting checks, and the register movements it leaves. posting.ts and
 * documents.ts look their document up here.
 */
export interface DocumentRules {
	beforeWrite?(sb: Sandbox, own: Rec): void;
	check?(sb: Sandbox, doc: Rec, operational: boolean): void;
	movements(sb: Sandbox, doc: Rec): Array<[string, Rec[]]>;
}

export const DOCUMENT_RULES: Record<string, DocumentRules> = {
	// The order's checks and reserve stay in posting.ts; its settlement movements come from here.
	[ORDER_SET]: { movements: orderSettlementMovements },
	[SHIPMENT_SET]: shipmentRules,
	[CASH_SET]: paymentRules(CASH_SET),
	[BANK_SET]: paymentRules(BANK_SET),
	[CARD_SET]: paymentRules(CARD_SET),
};
