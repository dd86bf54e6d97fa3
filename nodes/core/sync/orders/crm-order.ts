/**
 * The structural shape of a retailCRM v5 order as far as the order → 1C mapping reads it
 * (docs/retailcrm-api.md#orders). The retailCRM client's zod types must be assignable to these;
 * everything is optional that the API may leave out.
 */

export type CrmVatRate = string | number | null | undefined;

export interface CrmContragentLike {
	/** `individual` | `legal-entity` | `enterpreneur` (sic, the API's spelling). */
	contragentType?: string | null;
	legalName?: string | null;
	INN?: string | null;
	KPP?: string | null;
	OGRN?: string | null;
	OGRNIP?: string | null;
}

export interface CrmPhoneLike {
	number?: string | null;
}

export interface CrmPersonLike {
	id?: number;
	externalId?: string | null;
	type?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	patronymic?: string | null;
	email?: string | null;
	phones?: CrmPhoneLike[] | null;
}

export interface CrmCompanyLike {
	id?: number;
	externalId?: string | null;
	name?: string | null;
	contragent?: CrmContragentLike | null;
}

export interface CrmOfferLike {
	id?: number | null;
	externalId?: string | null;
	xmlId?: string | null;
	article?: string | null;
	name?: string | null;
	displayName?: string | null;
}

export interface CrmItemPriceLike {
	price: number;
	quantity: number;
}

export interface CrmOrderItemLike {
	id?: number | null;
	offer?: CrmOfferLike | null;
	productName?: string | null;
	/** Required in practice; optional so zod output types fit (missing → INVALID_QUANTITY). */
	quantity?: number | null;
	/** Unit price before discounts (missing → 0). */
	initialPrice?: number | null;
	/** Per-UNIT total discount (item + share of order discount). */
	discountTotal?: number | null;
	/** Unit prices after discounts split by quantity; authoritative when present (kopeck split). */
	prices?: CrmItemPriceLike[] | null;
	/** `"none"`, `"20.00"`, 20, null … */
	vatRate?: CrmVatRate;
	isCanceled?: boolean | null;
}

export interface CrmDeliveryAddressLike {
	index?: string | null;
	countryIso?: string | null;
	region?: string | null;
	city?: string | null;
	street?: string | null;
	building?: string | null;
	house?: string | null;
	housing?: string | null;
	block?: string | null;
	flat?: string | null;
	notes?: string | null;
	text?: string | null;
}

export interface CrmDeliveryLike {
	code?: string | null;
	service?: { name?: string | null; code?: string | null } | null;
	cost?: number | null;
	vatRate?: CrmVatRate;
	/** `Y-m-d` */
	date?: string | null;
	address?: CrmDeliveryAddressLike | null;
}

export interface CrmPaymentLike {
	id?: number;
	type?: string | null;
	status?: string | null;
	amount?: number | null;
}

export interface CrmOrderLike {
	id: number;
	/** Always present in API answers; optional only so zod output types fit (a missing one is a mapping error). */
	number?: string | null;
	externalId?: string | null;
	site?: string | null;
	status?: string | null;
	/** `Y-m-d H:i:s` in the account's time zone. */
	createdAt?: string | null;
	statusUpdatedAt?: string | null;
	shipmentDate?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	patronymic?: string | null;
	email?: string | null;
	phone?: string | null;
	additionalPhone?: string | null;
	customerComment?: string | null;
	managerComment?: string | null;
	customer?: CrmPersonLike | null;
	contact?: CrmPersonLike | null;
	company?: CrmCompanyLike | null;
	contragent?: CrmContragentLike | null;
	items?: CrmOrderItemLike[] | null;
	delivery?: CrmDeliveryLike | null;
	summ?: number | null;
	totalSumm?: number | null;
	/** ISO 4217 letters (`RUB`, `KZT`); absent in older API answers (currency.ts). */
	currency?: string | null;
	/** Normalised to an array by the client (the API may send a keyed object). */
	payments?: CrmPaymentLike[] | null;
	customFields?: Record<string, unknown> | unknown[] | null;
}

/** Items that count: retailCRM leaves cancelled lines in the order but out of its sums (assumed; verify). */
export function activeItems(order: CrmOrderLike): CrmOrderItemLike[] {
	return (order.items ?? []).filter((i) => i.isCanceled !== true);
}

/** `Y-m-d H:i:s` or `Y-m-d` → 1C `YYYY-MM-DDTHH:mm:ss`; undefined when unreadable. */
export function crmDateTo1C(value: string | null | undefined): string | undefined {
	if (!value) return undefined;
	const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?/.exec(value.trim());
	if (!m) return undefined;
	const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
	return `${m[1]}T${time}`;
}
