import { OrderMappingError } from './errors';
import { INCOMING_NUMBER_LENGTH } from './ut103-model';

/**
 * The identity of the 1C document of a retailCRM order, kept in `НомерВходящегоДокументаЭлектронногоОбмена`
 * (string(20), indexed; docs/order-lifecycle.md "Document identity").
 *
 * Key = `crm#<CRM order id>`, or `<site code>#<CRM order id>` when several shops feed one base. The order *id*
 * never changes, so renumbering an order in retailCRM updates the same document; the number stays readable in
 * the 1C number (prefix mode) and in the comment. `#` cannot appear in the keys version 0.1 wrote (the CRM order
 * number, or `<site>:<number>`), which are still found ("legacy keys") and rewritten to the new form on the
 * document's next update.
 */
export const SINGLE_SHOP_SCOPE = 'crm';

export type DocumentKey =
	| { kind: 'id'; crmOrderId: number; site?: string }
	| { kind: 'number'; crmNumber: string; site?: string };

export interface DocumentKeyOptions {
	/** Several retailCRM shops (or accounts) feed this base: the key carries the order's site code. */
	includeSite?: boolean;
}

interface KeyedOrder {
	id: number;
	number?: string | null;
	site?: string | null;
}

function siteOf(order: KeyedOrder): string {
	const site = (order.site ?? '').trim();
	if (site === '') throw new OrderMappingError('NUMBER_EMPTY', `retailCRM order ${order.id} has no site code, but the 1C key must include it`);
	return site;
}

function checkLength(key: string): string {
	if (key.length > INCOMING_NUMBER_LENGTH) {
		throw new OrderMappingError(
			'INCOMING_KEY_TOO_LONG',
			`Key "${key}" for НомерВходящегоДокументаЭлектронногоОбмена is ${key.length} characters, 1C holds ${INCOMING_NUMBER_LENGTH}; use shorter site codes`,
		);
	}
	return key;
}

/** The key written into a new document and looked up first. */
export function formatDocumentKey(order: KeyedOrder, options: DocumentKeyOptions = {}): string {
	if (!Number.isInteger(order.id) || order.id <= 0) throw new OrderMappingError('NUMBER_EMPTY', `retailCRM order id "${String(order.id)}" is not a positive integer`);
	const scope = options.includeSite ? siteOf(order) : SINGLE_SHOP_SCOPE;
	return checkLength(`${scope}#${order.id}`);
}

/**
 * The key version 0.1 wrote for the same setting: the CRM number, or `<site>:<number>`. Undefined when the
 * order has no number (e.g. a deleted order known only by id) or the key would not fit.
 */
export function legacyDocumentKey(order: KeyedOrder, options: DocumentKeyOptions = {}): string | undefined {
	const number = (order.number ?? '').trim();
	if (number === '') return undefined;
	const site = (order.site ?? '').trim();
	if (options.includeSite && site === '') return undefined;
	const key = options.includeSite ? `${site}:${number}` : number;
	return key.length > INCOMING_NUMBER_LENGTH ? undefined : key;
}

/** What a key found in 1C says about its order. Undefined for an empty key. */
export function parseDocumentKey(raw: string): DocumentKey | undefined {
	const key = raw.trim();
	if (key === '') return undefined;
	const byId = /^(.+)#(\d{1,15})$/.exec(key);
	if (byId) {
		const crmOrderId = Number(byId[2]);
		return byId[1] === SINGLE_SHOP_SCOPE ? { kind: 'id', crmOrderId } : { kind: 'id', crmOrderId, site: byId[1] };
	}
	const colon = key.indexOf(':');
	if (colon > 0) return { kind: 'number', site: key.slice(0, colon), crmNumber: key.slice(colon + 1) };
	return { kind: 'number', crmNumber: key };
}
