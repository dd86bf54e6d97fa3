/**
 * A list of 1C references from a node parameter: the multiOptions array, or — when the user typed an expression —
 * a string of GUIDs separated by commas, semicolons or white space, or a JSON array. Anything that is not a GUID
 * is refused here, before it could reach a filter.
 */
import { isGuid } from '../../onec/query';

export function refList(value: unknown, what: string): string[] {
	let raw: unknown[];
	if (Array.isArray(value)) raw = value;
	else if (typeof value === 'string') {
		const text = value.trim();
		raw = text.startsWith('[') ? (JSON.parse(text) as unknown[]) : text.split(/[\s,;]+/);
	} else if (value === undefined || value === null) raw = [];
	else raw = [value];
	const out: string[] = [];
	for (const entry of raw) {
		const ref = String(entry ?? '').trim();
		if (ref === '') continue;
		if (!isGuid(ref)) throw new Error(`${what}: "${ref}" is not a 1C reference (a GUID such as 5eed0004-0000-4000-8000-000000000001)`);
		out.push(ref.toLowerCase());
	}
	return [...new Set(out)];
}
