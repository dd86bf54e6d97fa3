/**
 * A short non-cryptographic hash of a text, shared by the change hashes of uploads (core/sync/crm-upload/change-hashes.ts)
 * and the row identities a paged 1C read remembers (core/onec/client.ts). core/common holds plain helpers any core
 * layer may use (no I/O, no imports).
 */
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
// Held in a module constant: looking up the global `Math` inside a hot loop is ~50× slower in a vm context
// (jest runs tests in one).
const imul = Math.imul;

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function avalanche(h: number): number {
	h ^= h >>> 16;
	h = imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = imul(h, 0xc2b2ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A short non-cryptographic hash (`chars` ≤ 10 base64url characters, 6 bits each, half from each of two 32-bit
 * FNV-1a-style lanes: 60 bits at 10). Plain JS on purpose: sha1 through node:crypto costs ~2 µs a call, which made 400,000
 * hashes per run the slowest part of a sync; nothing here needs resistance to deliberate collisions.
 */
export function shortHash(text: string, chars: number): string {
	let h1 = 0x811c9dc5;
	let h2 = 0x9e3779b9;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		h1 = imul(h1 ^ c, 0x01000193);
		h2 = imul(h2 ^ c, 0x5bd1e995);
		h2 ^= h2 >>> 15;
	}
	h1 = avalanche(h1 ^ text.length);
	h2 = avalanche(h2);
	let out = '';
	const half = (chars + 1) >> 1;
	for (let i = 0; i < chars; i++) {
		const lane = i < half ? h1 : h2;
		const shift = 6 * (i < half ? i : i - half);
		out += BASE64URL[(lane >>> shift) & 63];
	}
	return out;
}
