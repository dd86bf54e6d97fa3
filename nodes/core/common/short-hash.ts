/**
 * A short non-cryptographic hash of a text, shared by the change hashes of uploads (core/sync/crm-upload/change-hashes.ts)
 * and the row identities a paged 1C read remembers (core/onec/seen-rows.ts). core/common holds plain helpers any core
 * layer may use (no I/O, no imports).
 */
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64URL_CODES = Array.from(BASE64URL, (c) => c.charCodeAt(0));
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
 * The two 32-bit lanes of shortHash(text), avalanched, into `out` (no string made): for callers that keep hashes as
 * numbers, e.g. the row identities a paged 1C read remembers (core/onec/seen-rows.ts). One hasher is reused, so a
 * call makes no object either.
 */
export function hashLanes(text: string, out: Uint32Array): void {
	LANES_HASHER.reset().add(text).lanesInto(out);
}

/**
 * A short non-cryptographic hash (`chars` ≤ 10 base64url characters, 6 bits each, half from each of two 32-bit
 * FNV-1a-style lanes: 60 bits at 10). Plain JS on purpose: sha1 through node:crypto costs ~2 µs a call, which made 400,000
 * hashes per run the slowest part of a sync; nothing here needs resistance to deliberate collisions.
 */
export function shortHash(text: string, chars: number): string {
	return new ShortHasher().add(text).digest(chars);
}

/**
 * shortHash of a text given in parts, without joining them: `add(a).add(b).digest(n)` is `shortHash(a + b, n)`.
 * A change hash of an upload element is made of a dozen small parts; joining them first made a string per offer.
 */
export class ShortHasher {
	private h1 = 0x811c9dc5;
	private h2 = 0x9e3779b9;
	private length = 0;

	add(text: string): this {
		let h1 = this.h1;
		let h2 = this.h2;
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			h1 = imul(h1 ^ c, 0x01000193);
			h2 = imul(h2 ^ c, 0x5bd1e995);
			h2 ^= h2 >>> 15;
		}
		this.h1 = h1;
		this.h2 = h2;
		this.length += text.length;
		return this;
	}

	/** Back to the state of a new hasher. */
	reset(): this {
		this.h1 = 0x811c9dc5;
		this.h2 = 0x9e3779b9;
		this.length = 0;
		return this;
	}

	/** The two lanes digest() encodes, into `out`. */
	lanesInto(out: Uint32Array): void {
		out[0] = avalanche(this.h1 ^ this.length);
		out[1] = avalanche(this.h2);
	}

	digest(chars: number): string {
		const h1 = avalanche(this.h1 ^ this.length);
		const h2 = avalanche(this.h2);
		const half = (chars + 1) >> 1;
		const code = (i: number) => BASE64URL_CODES[((i < half ? h1 : h2) >>> (6 * (i < half ? i : i - half))) & 63];
		if (chars > 12) {
			let out = '';
			for (let i = 0; i < chars; i++) out += String.fromCharCode(code(i));
			return out;
		}
		// One string made at once (and cut to length): appending a character at a time made `chars` strings per hash, and a
		// paged 1C read hashes every row's identity.
		const all = String.fromCharCode(code(0), code(1), code(2), code(3), code(4), code(5), code(6), code(7), code(8), code(9), code(10), code(11));
		return chars === 12 ? all : all.slice(0, chars);
	}
}

const LANES_HASHER = new ShortHasher();
