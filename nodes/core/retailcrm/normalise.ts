import { z } from 'zod';

/**
 * Normalisers for retailCRM's PHP-flavoured JSON (reference §2.1), as zod building blocks so that
 * a value is fixed once, where it enters (schemas/*.ts).
 */

/** PHP writes an empty associative array as `[]`; maps (customFields, properties, errors) may also come as `{}`. */
export function emptyArrayToObject(value: unknown): unknown {
	return Array.isArray(value) && value.length === 0 ? {} : value;
}

/** A map that may arrive as `[]` when empty; `null`/absent becomes `{}` too. */
export function phpMap<T extends z.ZodTypeAny>(valueSchema: T) {
	return z.preprocess((v) => (v === null || v === undefined ? {} : emptyArrayToObject(v)), z.record(z.string(), valueSchema));
}

/** Either an object keyed by id/code or an array; always an array (keyed payments, reference books). */
export function keyedOrArrayToArray(value: unknown): unknown {
	if (value === null || value === undefined) return [];
	if (Array.isArray(value)) return value;
	if (typeof value === 'object') return Object.values(value as Record<string, unknown>);
	return value;
}

export function keyedList<T extends z.ZodTypeAny>(itemSchema: T) {
	return z.preprocess(keyedOrArrayToArray, z.array(itemSchema));
}

/** `"12.50"` → 12.5; null → undefined; anything else untouched (then zod reports it). */
export function numericStringToNumber(value: unknown): unknown {
	if (value === null) return undefined;
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
	}
	return value;
}

/** An optional numeric field that tolerates numeric strings and null. */
export const optNum = () => z.preprocess(numericStringToNumber, z.number().optional());
/** A required numeric field that tolerates numeric strings. */
export const num = () => z.preprocess(numericStringToNumber, z.number());

/** An optional string field that tolerates null and numbers (codes and externalIds may look numeric). */
export const optStr = () =>
	z.preprocess((v) => (v === null ? undefined : typeof v === 'number' ? String(v) : v), z.string().optional());
export const str = () => z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string());

/** Booleans PHP-style: true/false, 1/0, "1"/"0", "true"/"false"; null → undefined. */
export const optBool = () =>
	z.preprocess((v) => {
		if (v === null) return undefined;
		if (v === 1 || v === '1' || v === 'true') return true;
		if (v === 0 || v === '0' || v === 'false') return false;
		return v;
	}, z.boolean().optional());
