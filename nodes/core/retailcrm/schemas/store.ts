import { z } from 'zod';
import { keyedList, num, optBool, optNum, optStr, phpMap } from '../normalise';
import { paginationSchema, successSchema } from './common';

/** Store endpoints: inventories, prices, offers, products (docs/retailcrm-api.md#stock-and-prices). */

export const inventoryStoreRowSchema = z
	.object({ store: optStr(), quantity: optNum(), purchasePrice: optNum() })
	.passthrough();

export const inventoryOfferSchema = z
	.object({
		id: num(),
		externalId: optStr(),
		xmlId: optStr(),
		site: optStr(),
		quantity: optNum(),
		purchasePrice: optNum(),
		/** Per-store breakdown, only with `filter[details]=1`; note the key `store`, not `code`. */
		stores: keyedList(inventoryStoreRowSchema).optional(),
	})
	.passthrough();
export type CrmInventoryOffer = z.infer<typeof inventoryOfferSchema>;

export const inventoriesResponseSchema = successSchema.extend({
	pagination: paginationSchema,
	offers: keyedList(inventoryOfferSchema),
});

/**
 * An offer the CRM did not find. The PHP model has `{id?, externalId?, xmlId?}`; a bare identifier
 * (seen in the emulator contract, test/sandboxes/retailcrm/README.md) is kept as `{ value }` so nothing is lost.
 */
export const notFoundOfferSchema = z.preprocess(
	(v) => (typeof v === 'string' || typeof v === 'number' ? { value: String(v) } : v),
	z.object({ id: optNum(), externalId: optStr(), xmlId: optStr(), value: optStr() }).passthrough(),
);
export type NotFoundOffer = z.infer<typeof notFoundOfferSchema>;

export const uploadResultSchema = z
	.object({
		processedOffersCount: z.preprocess((v) => v ?? 0, num()),
		notFoundOffers: keyedList(notFoundOfferSchema),
	})
	.passthrough();
export const uploadResponseSchema = successSchema.merge(uploadResultSchema);
export type InventoriesUploadResult = z.infer<typeof uploadResultSchema>;
export type PricesUploadResult = InventoriesUploadResult;

/** One element of store/inventories/upload `offers` (docs/retailcrm-api.md#stock-and-prices). Exactly one identifier. */
export interface InventoryUploadOffer {
	id?: number;
	externalId?: string;
	xmlId?: string;
	stores: Array<{ code: string; available: number; purchasePrice?: number }>;
}

/** One element of store/prices/upload `prices` (docs/retailcrm-api.md#stock-and-prices). */
export interface PriceUploadOffer {
	id?: number;
	externalId?: string;
	xmlId?: string;
	site?: string;
	prices: Array<{ code: string; price?: number; remove?: boolean }>;
}

export const offerPriceSchema = z
	.object({ priceType: optStr(), price: optNum(), ordering: optNum() })
	.passthrough();

export const storeOfferSchema = z
	.object({
		id: num(),
		externalId: optStr(),
		xmlId: optStr(),
		name: optStr(),
		article: optStr(),
		price: optNum(),
		prices: keyedList(offerPriceSchema),
		purchasePrice: optNum(),
		quantity: optNum(),
		active: optBool(),
		site: optStr(),
		vatRate: optStr(),
		properties: phpMap(z.unknown()),
		product: z.object({}).passthrough().optional(),
	})
	.passthrough();
export type CrmStoreOffer = z.infer<typeof storeOfferSchema>;

export const offersResponseSchema = successSchema.extend({
	pagination: paginationSchema,
	offers: keyedList(storeOfferSchema),
});

export const productSchema = z
	.object({
		id: num(),
		externalId: optStr(),
		article: optStr(),
		name: optStr(),
		type: optStr(),
		active: optBool(),
		quantity: optNum(),
		minPrice: optNum(),
		maxPrice: optNum(),
		catalogId: optNum(),
		updatedAt: optStr(),
		groups: keyedList(z.object({ id: optNum(), externalId: optStr() }).passthrough()),
		properties: phpMap(z.unknown()),
		offers: keyedList(storeOfferSchema),
	})
	.passthrough();
export type CrmProduct = z.infer<typeof productSchema>;

export const productsResponseSchema = successSchema.extend({
	pagination: paginationSchema,
	products: keyedList(productSchema),
});
