import { z } from 'zod';
import { keyedList, num, optBool, optNum, optObject, optStr, phpMap } from '../normalise';
import { paginationSchema, successSchema } from './common';

/** Order shapes (docs/retailcrm-api.md#orders). Only fields our flows read are typed; the rest pass through untouched. */

const looseObject = z.object({}).passthrough();

export const orderOfferSchema = z
	.object({
		id: optNum(),
		externalId: optStr(),
		xmlId: optStr(),
		name: optStr(),
		displayName: optStr(),
		article: optStr(),
		vatRate: optStr(),
		unit: optObject(looseObject),
	})
	.passthrough();

export const orderItemSchema = z
	.object({
		id: optNum(),
		offer: optObject(orderOfferSchema),
		productName: optStr(),
		quantity: optNum(),
		initialPrice: optNum(),
		/** Per-unit total discount: unit price for 1C = initialPrice - discountTotal. */
		discountTotal: optNum(),
		discountManualAmount: optNum(),
		discountManualPercent: optNum(),
		purchasePrice: optNum(),
		/** "none" or a rate such as "20.00"; kept as text. */
		vatRate: optStr(),
		status: optStr(),
		comment: optStr(),
		prices: keyedList(z.object({ price: num(), quantity: num() }).passthrough()),
		properties: phpMap(z.unknown()),
		externalIds: keyedList(looseObject),
	})
	.passthrough();
export type CrmOrderItem = z.infer<typeof orderItemSchema>;

export const paymentSchema = z
	.object({
		id: optNum(),
		status: optStr(),
		type: optStr(),
		externalId: optStr(),
		amount: optNum(),
		paidAt: optStr(),
		comment: optStr(),
	})
	.passthrough();
export type CrmPayment = z.infer<typeof paymentSchema>;

export const deliverySchema = z
	.object({
		code: optStr(),
		cost: optNum(),
		netCost: optNum(),
		date: optStr(),
		address: optObject(looseObject),
		service: optObject(looseObject),
	})
	.passthrough();

export const contragentSchema = z
	.object({
		contragentType: optStr(),
		legalName: optStr(),
		legalAddress: optStr(),
		INN: optStr(),
		KPP: optStr(),
		OGRN: optStr(),
		OGRNIP: optStr(),
	})
	.passthrough();

export const orderSchema = z
	.object({
		id: num(),
		externalId: optStr(),
		number: optStr(),
		site: optStr(),
		status: optStr(),
		statusComment: optStr(),
		statusUpdatedAt: optStr(),
		createdAt: optStr(),
		orderType: optStr(),
		orderMethod: optStr(),
		managerId: optNum(),
		shipmentStore: optStr(),
		shipmentDate: optStr(),
		shipped: optBool(),
		currency: optStr(),
		firstName: optStr(),
		lastName: optStr(),
		patronymic: optStr(),
		phone: optStr(),
		email: optStr(),
		customerComment: optStr(),
		managerComment: optStr(),
		summ: optNum(),
		totalSumm: optNum(),
		prepaySum: optNum(),
		purchaseSumm: optNum(),
		discountManualAmount: optNum(),
		discountManualPercent: optNum(),
		customer: optObject(looseObject),
		contact: optObject(looseObject),
		company: optObject(looseObject),
		contragent: optObject(contragentSchema),
		delivery: optObject(deliverySchema),
		/** Always an array; absent on history stubs, then empty. */
		items: keyedList(orderItemSchema),
		/** Keyed by payment id in GET answers, an array in create answers and history: always an array here. */
		payments: keyedList(paymentSchema),
		customFields: phpMap(z.unknown()),
	})
	.passthrough();
export type CrmOrder = z.infer<typeof orderSchema>;

/**
 * The order inside an orders/history record: a full snapshot on `created` records, a stub otherwise. The history
 * reader needs only its head (the fetched order's head fields, typed alike), so the rest passes through unchecked: one
 * malformed snapshot cannot stop the history walk (the order itself is read, and checked on its own, when it is fetched).
 */
export const orderHeadSchema = orderSchema
	.pick({ id: true, externalId: true, number: true, site: true, status: true, managerId: true })
	.extend({
		// When present, normalised like a fetched order's (PHP's empty map `[]` → {}, keyed payments → a list), never failing the record.
		customFields: phpMap(z.unknown()).catch({}).optional(),
		payments: keyedList(z.unknown()).catch([]).optional(),
	});

/** A page of orders whose orders are checked one by one (order-check.ts), so one bad order names itself. */
export const ordersPageResponseSchema = successSchema.extend({
	pagination: paginationSchema,
	orders: keyedList(z.unknown()),
});

export const ordersListResponseSchema = successSchema.extend({
	pagination: paginationSchema,
	orders: keyedList(orderSchema),
});

export const orderGetResponseSchema = successSchema.extend({ order: orderSchema });

/** orders/create and orders/{x}/edit answer `{success, id, order}`; `order` may be missing on some versions. */
export const orderWriteResponseSchema = successSchema.extend({ id: optNum(), order: orderSchema.optional() });
export type OrderWriteResult = { id?: number; order?: CrmOrder };

export const orderStatusRowSchema = z
	.object({ id: num(), externalId: optStr(), status: optStr(), group: optStr() })
	.passthrough();
export type CrmOrderStatusRow = z.infer<typeof orderStatusRowSchema>;
export const orderStatusesResponseSchema = successSchema.extend({ orders: keyedList(orderStatusRowSchema) });
