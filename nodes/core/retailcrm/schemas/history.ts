import { z } from 'zod';
import { keyedList, num, optBool, optNum, optStr, str } from '../normalise';
import { paginationSchema, successSchema } from './common';
import { orderHeadSchema } from './orders';

/** GET orders/history records (docs/retailcrm-api.md#order-history). Sorted by id ascending; `id` is the cursor. */
export const historyRecordSchema = z
	.object({
		id: num(),
		createdAt: optStr(),
		created: optBool(),
		deleted: optBool(),
		/** "api", "user", "code", … */
		source: optStr(),
		user: z.object({ id: optNum() }).passthrough().optional(),
		/** `current` is true when the change was made with the key that reads the history (echo suppression). */
		apiKey: z.object({ current: optBool() }).passthrough().optional(),
		field: str(),
		oldValue: z.unknown().optional(),
		newValue: z.unknown().optional(),
		/** Full snapshot on a `created` record, a stub `{id, externalId?, managerId, site, status}` otherwise. */
		order: orderHeadSchema.optional(),
		item: z.object({ id: optNum() }).passthrough().optional(),
		payment: z.object({ id: optNum() }).passthrough().optional(),
	})
	.passthrough();
export type HistoryRecord = z.infer<typeof historyRecordSchema>;

export const historyResponseSchema = successSchema.extend({
	generatedAt: optStr(),
	history: keyedList(historyRecordSchema),
	pagination: paginationSchema.optional(),
});
