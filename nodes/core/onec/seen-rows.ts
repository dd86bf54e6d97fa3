/**
 * The identities of the rows a paged 1C read has passed on (client.ts rawPages), kept as 64-bit hashes in one typed
 * array (open addressing, linear probing) instead of a Set of fingerprint strings: a string and a set entry per row
 * made the 1.5 million rows of a 300,000-offer stock run cost about 3 s of CPU and tens of MB. At most 75 % full, so
 * 600,000 rows take 8 MB. Two different identities share a hash with a probability of about 10⁻⁸ per million-row
 * read; the cost would be one row left out of that read.
 */
import { hashLanes, ShortHasher } from '../common/short-hash';

/**
 * Feeds a row's identity to a hasher in parts (`hasher.add(a).add(b)` hashes as `a + b` would): what a key function
 * would join into one string, without making that string for every row.
 */
export type IdentityParts = (raw: unknown, hasher: ShortHasher) => void;

const PARTS_HASHER = new ShortHasher();

const MAX_LOAD = 0.75;

export class SeenRows {
	/** Pairs (lane 1, lane 2); (0, 0) marks a free slot. */
	private slots: Uint32Array;
	private count = 0;
	private readonly lanes = new Uint32Array(2);

	constructor(capacity = 1024) {
		let pairs = 16;
		while (pairs < capacity) pairs *= 2;
		this.slots = new Uint32Array(pairs * 2);
	}

	get size(): number {
		return this.count;
	}

	/** Remembers the identity; true when it was not remembered yet. */
	add(identity: string): boolean {
		hashLanes(identity, this.lanes);
		return this.addLanes();
	}

	/** add() of the identity `parts` feeds for the row: the same hash as add(the parts joined). */
	addRow(raw: unknown, parts: IdentityParts): boolean {
		parts(raw, PARTS_HASHER.reset());
		PARTS_HASHER.lanesInto(this.lanes);
		return this.addLanes();
	}

	private addLanes(): boolean {
		this.keepOffFreeMark();
		const h1 = this.lanes[0];
		const h2 = this.lanes[1];
		let i = this.slotOf(h1, h2);
		if (this.slots[2 * i] !== 0 || this.slots[2 * i + 1] !== 0) return false;
		if (this.count + 1 > (this.slots.length / 2) * MAX_LOAD) {
			this.grow();
			i = this.slotOf(h1, h2);
		}
		this.slots[2 * i] = h1;
		this.slots[2 * i + 1] = h2;
		this.count++;
		return true;
	}

	has(identity: string): boolean {
		hashLanes(identity, this.lanes);
		this.keepOffFreeMark();
		const i = this.slotOf(this.lanes[0], this.lanes[1]);
		return this.slots[2 * i] !== 0 || this.slots[2 * i + 1] !== 0;
	}

	/** (0, 0) is the free mark; the one identity hashing to it is kept as (0, 1). */
	private keepOffFreeMark(): void {
		if (this.lanes[0] === 0 && this.lanes[1] === 0) this.lanes[1] = 1;
	}

	/** The slot holding (h1, h2), else the free slot where it goes: one probe for both. */
	private slotOf(h1: number, h2: number): number {
		const slots = this.slots;
		const mask = slots.length / 2 - 1;
		for (let i = h1 & mask; ; i = (i + 1) & mask) {
			const a = slots[2 * i];
			const b = slots[2 * i + 1];
			if ((a === 0 && b === 0) || (a === h1 && b === h2)) return i;
		}
	}

	private grow(): void {
		const old = this.slots;
		this.slots = new Uint32Array(old.length * 2);
		for (let i = 0; i < old.length; i += 2) {
			if (old[i] === 0 && old[i + 1] === 0) continue;
			const j = this.slotOf(old[i], old[i + 1]);
			this.slots[2 * j] = old[i];
			this.slots[2 * j + 1] = old[i + 1];
		}
	}
}
