/**
 * The page size of a keyed read's whole-set read (nodes/core/sync/onec-read/keyed-read.ts): about the bytes of a page
 * of item rows, so narrow rows come more to a page, never fewer than the client's page size nor more than 5 times it.
 * The request counts this gives are pinned on the sandboxes (request-budget, request-count-large, scale-shapes).
 */
import { wholeSetPageSize } from '../../../../nodes/core/sync/onec-read/keyed-read';
import { ITEM_SELECT } from '../../../../nodes/core/sync/onec-read/items';

describe('wholeSetPageSize', () => {
	const client = { pageSize: 1000 };

	it('item rows (11 columns) keep the client page size; characteristics (3) 3×; units with their 4 fields (5) 2×; a key and a coefficient (2) 5×', () => {
		expect(wholeSetPageSize(client, ITEM_SELECT.length)).toBe(1000);
		expect(wholeSetPageSize(client, 3)).toBe(3000);
		expect(wholeSetPageSize(client, 5)).toBe(2000);
		expect(wholeSetPageSize(client, 2)).toBe(5000);
	});

	it('never more than 5× the page, even for one column (or none); scales with the client page size', () => {
		expect(wholeSetPageSize(client, 1)).toBe(5000);
		expect(wholeSetPageSize(client, 0)).toBe(5000);
		expect(wholeSetPageSize({ pageSize: 200 }, 2)).toBe(1000);
		expect(wholeSetPageSize({ pageSize: 200 }, 40)).toBe(200);
	});
});
