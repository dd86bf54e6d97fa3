/**
 * One string object per distinct value, for values many decoded rows repeat. JSON.parse makes a fresh string for
 * every occurrence in a page, so a folder GUID that 260,000 items name is otherwise held 260,000 times (about 56
 * bytes each) for as long as the rows live. Pool only fields whose values repeat: a pool of unique values costs a
 * map entry per value and saves nothing.
 */
export class StringPool {
	private readonly strings = new Map<string, string>();

	/** The pooled string equal to `value` (null and undefined pass as null). */
	of(value: string | null | undefined): string | null {
		if (value === null || value === undefined) return null;
		const known = this.strings.get(value);
		if (known !== undefined) return known;
		this.strings.set(value, value);
		return value;
	}

	/** Distinct values held (tests). */
	get size(): number {
		return this.strings.size;
	}
}
