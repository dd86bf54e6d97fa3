import { z } from 'zod';
import { keyedList, optBool, optNum, optStr, str } from '../normalise';
import { successSchema } from './common';

/**
 * Reference books (docs/retailcrm-api.md#reference-books). Most arrive as objects keyed by code, some as arrays, and an empty
 * one as `[]`; the client always hands out arrays.
 */

export const statusSchema = z
	.object({ code: str(), name: optStr(), active: optBool(), ordering: optNum(), group: optStr() })
	.passthrough();
export type CrmStatus = z.infer<typeof statusSchema>;

export const statusGroupSchema = z
	.object({
		code: str(),
		name: optStr(),
		active: optBool(),
		ordering: optNum(),
		process: optBool(),
		statuses: keyedList(str()),
	})
	.passthrough();
export type CrmStatusGroup = z.infer<typeof statusGroupSchema>;

export const siteSchema = z
	.object({
		code: str(),
		name: optStr(),
		id: optNum(),
		url: optStr(),
		ymlUrl: optStr(),
		loadFromYml: optBool(),
		catalogId: optStr(),
		catalogUpdatedAt: optStr(),
		currency: optStr(),
		countryIso: optStr(),
		defaultForCrm: optBool(),
	})
	.passthrough();
export type CrmSite = z.infer<typeof siteSchema>;

export const storeSchema = z
	.object({
		code: str(),
		name: optStr(),
		externalId: optStr(),
		xmlId: optStr(),
		type: optStr(),
		/** `integer` keeps quantities; `available` keeps only an in-stock flag. */
		inventoryType: optStr(),
		active: optBool(),
	})
	.passthrough();
export type CrmStore = z.infer<typeof storeSchema>;

export const priceTypeSchema = z
	.object({
		code: str(),
		name: optStr(),
		id: optNum(),
		active: optBool(),
		/** The base price type, the one ICML `<price>` fills. */
		default: optBool(),
		currency: optStr(),
		ordering: optNum(),
	})
	.passthrough();
export type CrmPriceType = z.infer<typeof priceTypeSchema>;

/** Order types, order methods, payment types/statuses, delivery types: code + name + active, plus extras. */
export const referenceItemSchema = z
	.object({ code: str(), name: optStr(), active: optBool(), ordering: optNum() })
	.passthrough();
export type CrmReferenceItem = z.infer<typeof referenceItemSchema>;

export const deliveryTypeSchema = referenceItemSchema.extend({
	defaultCost: optNum(),
	defaultNetCost: optNum(),
	vatRate: optStr(),
});
export type CrmDeliveryType = z.infer<typeof deliveryTypeSchema>;

/** Path, response key and element schema of each reference book. */
export const REFERENCE_BOOKS = {
	statuses: { path: 'reference/statuses', key: 'statuses', schema: statusSchema },
	statusGroups: { path: 'reference/status-groups', key: 'statusGroups', schema: statusGroupSchema },
	sites: { path: 'reference/sites', key: 'sites', schema: siteSchema },
	stores: { path: 'reference/stores', key: 'stores', schema: storeSchema },
	priceTypes: { path: 'reference/price-types', key: 'priceTypes', schema: priceTypeSchema },
	orderTypes: { path: 'reference/order-types', key: 'orderTypes', schema: referenceItemSchema },
	orderMethods: { path: 'reference/order-methods', key: 'orderMethods', schema: referenceItemSchema },
	paymentTypes: { path: 'reference/payment-types', key: 'paymentTypes', schema: referenceItemSchema },
	paymentStatuses: { path: 'reference/payment-statuses', key: 'paymentStatuses', schema: referenceItemSchema },
	deliveryTypes: { path: 'reference/delivery-types', key: 'deliveryTypes', schema: deliveryTypeSchema },
	units: { path: 'reference/units', key: 'units', schema: referenceItemSchema },
} as const;
export type ReferenceBook = keyof typeof REFERENCE_BOOKS;

export function referenceResponseSchema<B extends ReferenceBook>(book: B) {
	const { key, schema } = REFERENCE_BOOKS[book];
	return successSchema.extend({ [key]: keyedList(schema) } as Record<string, z.ZodTypeAny>);
}
