import { appendAll } from '../common/append-all';
import { RetailCrmApiError } from './errors';
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

/** Identity of a list item for spotting a repeated page: its id, else the item itself. */
function itemKey(item: unknown): string {
	const id = (item as { id?: unknown } | null)?.id;
	return typeof id === 'number' || typeof id === 'string' ? String(id) : JSON.stringify(item);
}

/**
 * Walks a page/limit list: asks page 1, 2, … while the page asked is below `totalPageCount`, the loop condition
 * of every official module (docs/retailcrm-api.md#pagination). Yields whole pages so callers can checkpoint per page.
 *
 * The page to ask next is counted here, never taken from the answer: a server (or cache) that answers another
 * page than the one asked, or the same items again, would otherwise be walked forever. Either is an error naming
 * the page; an empty page or `totalPageCount` ends the walk, and the first answer's page count bounds it.
 */
export async function* paginate<T>(
	fetchPage: (page: number) => Promise<Page<T>>,
	options: PaginateOptions = {},
): AsyncGenerator<Page<T>, void, undefined> {
	let page = options.startPage ?? 1;
	let fetched = 0;
	let previous: string | undefined;
	let bound: number | undefined;
	for (;;) {
		const result = await fetchPage(page);
		fetched++;
		const { currentPage, totalPageCount } = result.pagination;
		const keys = result.items.map(itemKey).join('\u0000');
		if ((currentPage !== undefined && currentPage !== page) || (previous !== undefined && keys !== '' && keys === previous)) {
			throw new RetailCrmApiError({
				kind: 'badResponse',
				message: `retailCRM answered page ${currentPage ?? '?'} ${keys === previous ? 'with the same items ' : ''}when page ${page} was asked`,
				hint: 'The server or a proxy cache in front of it ignores the page parameter; the list was not walked further so as not to loop. Check that nothing caches the API, or report it to retailCRM support.',
			});
		}
		previous = keys;
		bound ??= totalPageCount;
		yield result;
		// Also stop on an empty page, so a server with a wrong totalPageCount cannot loop us forever.
		if (page >= totalPageCount || page >= bound || result.items.length === 0) return;
		if (options.maxPages !== undefined && fetched >= options.maxPages) return;
		page++;
	}
}

/** Gathers every item of a paged iterator into one array. */
export async function collectItems<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
	const all: T[] = [];
	for await (const page of pages) appendAll(all, page.items);
	return all;
}

/** Splits a list into chunks of at most `size` (batching ids per request, uploads per call). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
	if (size < 1) throw new RangeError('chunk size must be at least 1');
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}
