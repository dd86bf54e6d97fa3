import { z } from 'zod';
import { num } from '../normalise';

/** `{limit, totalCount, currentPage, totalPageCount}` on every paged list (docs/retailcrm-api.md#pagination). */
export const paginationSchema = z
	.object({
		limit: num(),
		totalCount: num(),
		currentPage: num(),
		totalPageCount: num(),
	})
	.passthrough();
export type CrmPagination = z.infer<typeof paginationSchema>;

/** Every successful answer carries `success: true`; payload keys sit beside it. */
export const successSchema = z.object({ success: z.literal(true) }).passthrough();
