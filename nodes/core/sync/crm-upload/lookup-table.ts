/** Caller-supplied mapping tables: a Map or a plain object (n8n parameters and static data give plain objects). */
export type Table<V> = ReadonlyMap<string, V> | Readonly<Record<string, V>>;

/** Own-property lookup (a plain object must not answer "constructor" or "__proto__"). */
export function lookup<V>(table: Table<V>, key: string): V | undefined {
	if (table instanceof Map) return table.get(key);
	const record = table as Readonly<Record<string, V>>;
	return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * A table keyed by GUIDs as a Map with lower-case keys: 1C answers lower case, hand-written mappings may not. A Map
 * whose keys are all lower case already (the catalog of a 1C read: 300,000 items) is returned as it is, not copied.
 */
export function lowerCaseKeys<V>(table: Table<V>): ReadonlyMap<string, V> {
	if (table instanceof Map) {
		let lower = true;
		for (const key of table.keys()) {
			if (key !== key.toLowerCase()) {
				lower = false;
				break;
			}
		}
		if (lower) return table;
	}
	const entries: Iterable<[string, V]> = table instanceof Map ? table.entries() : Object.entries(table as Readonly<Record<string, V>>);
	const out = new Map<string, V>();
	for (const [key, value] of entries) out.set(key.toLowerCase(), value);
	return out;
}

/** 1C references for an error message: `"<name>" (<ref>)` where `names` (lower-case keys) knows one, else the reference. */
export function describeRefs(refs: readonly string[], names: ReadonlyMap<string, string> | undefined): string {
	return refs
		.map((ref) => {
			const name = names?.get(ref.toLowerCase());
			return name === undefined ? ref : `"${name}" (${ref})`;
		})
		.join(', ');
}

/** The values a table maps to (e.g. the retailCRM codes of a mapping, to check they exist). */
export function tableValues<V>(table: Table<V>): V[] {
	return table instanceof Map ? [...table.values()] : Object.values(table as Record<string, V>);
}
