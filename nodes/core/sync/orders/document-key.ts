import { OrderMappingError } from './errors';
import { INCOMING_NUMBER_LENGTH } from './ut103-model';

/**
 * The key a `ЗаказПокупателя` written from retailCRM carries in `НомерВходящегоДокументаЭлектронногоОбмена`
 * (string(20), indexed), and how to read it back.
 *
 * Written now: `crm#<CRM order id>` (e.g. `crm#15234`), or `<site code>#<CRM order id>` when several retailCRM shops
 * feed one base (the option "Several Shops Feed This Base"). The id never changes, unlike the order number.
 * Written by release 0.1: the CRM order number (`5488`), or `<site code>:<number>` with several shops. Those
 * documents are still recognised; their CRM order is found by number.
 */
export type DocumentKey =
	/** Written from a CRM order id; `site` when the key names the shop. */
	| { crmOrderId: number; site?: string }
	/** Written by release 0.1 from a CRM order number. */
	| { crmNumber: string; site?: string };

const ID_PREFIX = 'crm';
const ID_KEY = /^([^#:\s]+)#([1-9]\d{0,15})$/;
const SITE_NUMBER_KEY = /^([^#:\s]+):(\S.*)$/;

/** `crm#<id>` or `<site>#<id>`; refuses what 1C would silently cut to 20 characters. */
export function formatDocumentKey(crmOrderId: number, site?: string): string {
	if (!Number.isSafeInteger(crmOrderId) || crmOrderId <= 0) {
		throw new OrderMappingError('NUMBER_EMPTY', `The retailCRM order id must be a positive whole number, got ${String(crmOrderId)}`);
	}
	const shop = site?.trim();
	if (site !== undefined && (!shop || /[#:\s]/.test(shop))) {
		throw new OrderMappingError('NUMBER_EMPTY', `retailCRM order ${crmOrderId}: the site code "${site}" cannot be part of a key (empty, or with "#", ":" or spaces)`);
	}
	const key = `${shop ?? ID_PREFIX}#${crmOrderId}`;
	if (key.length > INCOMING_NUMBER_LENGTH) {
		throw new OrderMappingError(
			'INCOMING_KEY_TOO_LONG',
			`Key "${key}" for НомерВходящегоДокументаЭлектронногоОбмена is ${key.length} characters, 1C holds ${INCOMING_NUMBER_LENGTH}; use a shorter site code`,
		);
	}
	return key;
}

/**
 * The CRM order a document key stands for, or undefined for an empty key. 1C returns the field without trailing
 * spaces only on some publications, so they are dropped first. Anything that is neither `<x>#<id>` nor
 * `<site>:<number>` is a release 0.1 number key as written (`5488`, `5488A`).
 */
export function parseDocumentKey(raw: string | null | undefined): DocumentKey | undefined {
	const key = (raw ?? '').trim();
	if (key === '') return undefined;
	const byId = ID_KEY.exec(key);
	if (byId) {
		const crmOrderId = Number(byId[2]);
		if (Number.isSafeInteger(crmOrderId)) return byId[1] === ID_PREFIX ? { crmOrderId } : { crmOrderId, site: byId[1] };
	}
	const bySiteNumber = SITE_NUMBER_KEY.exec(key);
	if (bySiteNumber) return { crmNumber: bySiteNumber[2], site: bySiteNumber[1] };
	return { crmNumber: key };
}

/** Whether a parsed key names the CRM order by its id (the current form). */
export function hasCrmOrderId(key: DocumentKey): key is { crmOrderId: number; site?: string } {
	return 'crmOrderId' in key;
}
