/**
 * mulberry32: a small seeded PRNG, so generated fixtures, test data and benchmark catalogs are the same on every run.
 * One copy for both sandboxes, the tests and the benchmarks.
 */
export function prng(seed: number): () => number {
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
