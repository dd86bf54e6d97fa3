import { collectItems, paginate, type Page } from '../../../nodes/core/retailcrm/pagination';
import { RetailCrmApiError } from '../../../nodes/core/retailcrm/errors';

/** The page walk counts pages itself: a server repeating a page or its items ends the walk with an error, never a loop. */
const page = (ids: number[], currentPage: number, totalPageCount: number): Page<{ id: number }> => ({
	items: ids.map((id) => ({ id })),
	pagination: { limit: 20, totalCount: totalPageCount * 20, currentPage, totalPageCount },
});

describe('paginate', () => {
	it('asks pages 1..total by its own count', async () => {
		const asked: number[] = [];
		const items = await collectItems(paginate(async (p) => (asked.push(p), page([p * 10, p * 10 + 1], p, 3))));
		expect(asked).toEqual([1, 2, 3]);
		expect(items.map((i) => i.id)).toEqual([10, 11, 20, 21, 30, 31]);
	});

	it('a server answering another page than asked is an error after the second request', async () => {
		const asked: number[] = [];
		const walk = collectItems(paginate(async (p) => (asked.push(p), page([1, 2], 1, 5))));
		await expect(walk).rejects.toThrow(RetailCrmApiError);
		await expect(collectItems(paginate(async () => page([1, 2], 1, 5)))).rejects.toMatchObject({ kind: 'badResponse', message: 'retailCRM answered page 1 with the same items when page 2 was asked' });
		expect(asked).toEqual([1, 2]);
	});

	it('the right page number with the same items again is an error too', async () => {
		await expect(collectItems(paginate(async (p) => page([1, 2], p, 5)))).rejects.toThrow(/answered page 2 with the same items when page 2 was asked/);
	});

	it('a page count that grows while walking does not extend the walk beyond the first answer\'s count', async () => {
		const asked: number[] = [];
		await collectItems(paginate(async (p) => (asked.push(p), page([p], p, 2 + p))));
		expect(asked).toEqual([1, 2, 3]);
	});
});
