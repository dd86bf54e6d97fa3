import { z } from 'zod';
import { keyedList, num, optBool, optNum, optStr, phpMap } from '../normalise';
import { paginationSchema, successSchema } from './common';
import { contragentSchema } from './orders';

/** Customers (docs/retailcrm-api.md#customers). */
export const customerSchema = z
	.object({
		id: num(),
		type: optStr(),
		externalId: optStr(),
		site: optStr(),
		createdAt: optStr(),
		managerId: optNum(),
		firstName: optStr(),
		lastName: optStr(),
		patronymic: optStr(),
		email: optStr(),
		phones: keyedList(z.object({ number: optStr() }).passthrough()),
		address: z.object({}).passthrough().optional(),
		contragent: contragentSchema.optional(),
		customFields: phpMap(z.unknown()),
		vip: optBool(),
		bad: optBool(),
	})
	.passthrough();
export type CrmCustomer = z.infer<typeof customerSchema>;

export const customersListResponseSchema = successSchema.extend({
	pagination: paginationSchema,
	customers: keyedList(customerSchema),
});
export const customerGetResponseSchema = successSchema.extend({ customer: customerSchema });
