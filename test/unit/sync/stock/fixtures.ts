/** Deterministic test data for the stock and price domain tests (no committed large files). */

export { prng as seededRandom } from '../../../sandboxes/prng';

/** A readable, valid, lower-case GUID derived from a namespace digit and a number. */
export function guid(namespace: number, n: number): string {
	const tail = n.toString(16).padStart(12, '0');
	return `${namespace.toString(16).padStart(8, '0')}-0000-4000-8000-${tail}`;
}

/** The seed case (anchors / seed dump): two items, one warehouse, one retail price type. */
export const SEED = {
	jeans48: guid(1, 797),
	jeans50: guid(1, 798),
	mainWarehouse: guid(2, 1),
	mainWarehouseName: 'Основной склад',
	retailPriceType: guid(3, 1),
	pcs: guid(4, 1),
	rub: guid(5, 643),
	storeCode: 'main',
	priceCode: 'base',
} as const;
