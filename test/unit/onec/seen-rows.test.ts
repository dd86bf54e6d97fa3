import { SeenRows } from '../../../nodes/core/onec/seen-rows';
import { hashLanes, shortHash, ShortHasher } from '../../../nodes/core/common/short-hash';

/** The row identities a paged 1C read remembers (client.ts rawPages): a set of 64-bit hashes in a typed array. */
describe('SeenRows', () => {
	it('says whether an identity is new, and remembers it, through many growths of its table', () => {
		const seen = new SeenRows(16);
		const key = (i: number) => `5eed0004-0000-4000-8000-${String(i).padStart(12, '0')}\u0000${i % 7}\u0000`;
		let added = 0;
		for (let i = 0; i < 200_000; i++) if (seen.add(key(i))) added++;
		expect(added).toBe(200_000);
		expect(seen.size).toBe(200_000);
		for (let i = 0; i < 200_000; i += 997) {
			expect(seen.has(key(i))).toBe(true);
			expect(seen.add(key(i))).toBe(false);
		}
		let known = 0;
		for (let i = 200_000; i < 210_000; i++) if (seen.has(key(i))) known++;
		expect(known).toBe(0);
		expect(seen.size).toBe(200_000);
	});

	it('tells apart identities that differ in one character, and the empty one', () => {
		const seen = new SeenRows();
		expect(seen.add('')).toBe(true);
		expect(seen.add('a')).toBe(true);
		expect(seen.add('b')).toBe(true);
		expect(seen.add('')).toBe(false);
		expect(seen.has('c')).toBe(false);
	});

	it('remembers a row whose identity is fed in parts as the identity joined, both ways', () => {
		const parts = (raw: unknown, hasher: ShortHasher) => {
			for (const value of raw as string[]) hasher.add(value).add('\u0000');
		};
		const seen = new SeenRows();
		expect(seen.addRow(['Склад', 'a'], parts)).toBe(true);
		expect(seen.add('Склад\u0000a\u0000')).toBe(false);
		expect(seen.has('Склад\u0000a\u0000')).toBe(true);
		expect(seen.add('Склад\u0000b\u0000')).toBe(true);
		expect(seen.addRow(['Склад', 'b'], parts)).toBe(false);
		// Another cut of the same text is the same identity; another text is not.
		expect(seen.addRow(['Склад\u0000a'], parts)).toBe(false);
		expect(seen.addRow(['Склад', 'c'], parts)).toBe(true);
		expect(seen.size).toBe(3);
	});
});

describe('hashLanes', () => {
	it('gives the lanes shortHash encodes: equal texts equal lanes, and a 12-character shortHash changes with them', () => {
		const a = new Uint32Array(2);
		const b = new Uint32Array(2);
		hashLanes('Склад|Номенклатура', a);
		hashLanes('Склад|Номенклатура', b);
		expect([...a]).toEqual([...b]);
		hashLanes('Склад|Номенклатурa', b); // Latin a at the end
		expect([...a]).not.toEqual([...b]);
		// shortHash writes 6 bits a character: characters 0–4 from lane 1, 6–10 from lane 2.
		const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		const h = shortHash('Склад|Номенклатура', 12);
		hashLanes('Склад|Номенклатура', a);
		for (let i = 0; i < 5; i++) expect(h[i]).toBe(BASE64URL[(a[0] >>> (6 * i)) & 63]);
		for (let i = 0; i < 5; i++) expect(h[6 + i]).toBe(BASE64URL[(a[1] >>> (6 * i)) & 63]);
	});
});
