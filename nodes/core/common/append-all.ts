/**
 * Appends `rows` to `target` one by one. `target.push(...rows)` passes every row as a call argument, and V8 overflows
 * the stack at about 125,000 of them (Node 20): a 1C read of a large catalog crashed that way. The lint rule
 * no-restricted-syntax (eslint.config.mjs) keeps such spreads out of nodes/.
 */
export function appendAll<T>(target: T[], rows: Iterable<T>): T[] {
	if (Array.isArray(rows)) {
		for (let i = 0; i < rows.length; i++) target.push(rows[i] as T);
	} else for (const row of rows) target.push(row);
	return target;
}
