import type { CrmPagination } from './schemas/common';

/** One page of a page/limit list. */
export interface Page<T> {
	items: T[];
	pagination: CrmPagination;
}

export interface PaginateOptions {
	/** First page to ask for (default 1). */
	startPage?: number;
	/** Safety stop for callers that want a bound (default: no bound). */
	maxPages?: number;
}

/**
 * Walks a page/limit list: asks page 1, 2, … while `currentPage < totalPageCount`, the loop condition
 * of every official module (reference §3). Yields whole pages so callers can checkpoint per page.
 */
export async function* paginate<T>(
	fetchPage: (page: number) => Promise<Page<T>>,
	options: PaginateOptions = {},
): AsyncGenerator<Page<T>, void, undefined> {
	let page = options.startPage ?? 1;
	let fetched = 0;
	for (;;) {
		const result = await fetchPage(page);
		fetched++;
		yield result;
		const { currentPage, totalPageCount } = result.pagination;
		// Also stop on an empty page, so a server with a wrong totalPageCount cannot loop us forever.
		if (currentPage >= totalPageCount || result.items.length === 0) return;
		if (options.maxPages !== undefined && fetched >= options.maxPages) return;
		page = currentPage + 1;
	}
}

/** Gathers every item of a paged iterator into one array. */
export async function collectItems<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
	const all: T[] = [];
	for await (const page of pages) all.push(...page.items);
	return all;
}

/** Splits a list into chunks of at most `size` (batching ids per request, uploads per call). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
	if (size < 1) throw new RangeError('chunk size must be at least 1');
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}
