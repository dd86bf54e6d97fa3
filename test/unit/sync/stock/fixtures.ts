/** Deterministic test data for the stock and price domain tests (no committed large files). */

/** mulberry32: a small seeded PRNG, so large fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
	const imul = Math.imul; // a global lookup per call is slow inside jest's vm context
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = imul(t ^ (t >>> 15), t | 1);
		t ^= t + imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

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
