import { z } from 'zod';

/**
 * Normalisers for retailCRM's PHP-flavoured JSON (docs/retailcrm-api.md#answers-and-errors), as zod building blocks so that
 * a value is fixed once, where it enters (schemas/*.ts).
 *
 * The scalar fields are small custom zod types rather than `z.preprocess(...)`: a list of 100 orders
 * has thousands of fields, and preprocess costs about ten times a plain check per field in zod 3.
 */

/** PHP writes an empty associative array as `[]`; maps (customFields, properties, errors) may also come as `{}`. */
export function emptyArrayToObject(value: unknown): unknown {
	return Array.isArray(value) && value.length === 0 ? {} : value;
}

/** Either an object keyed by id/code or an array; always an array (keyed payments, reference books). */
export function keyedOrArrayToArray(value: unknown): unknown {
	if (value === null || value === undefined) return [];
	if (Array.isArray(value)) return value;
	if (typeof value === 'object') return Object.values(value as Record<string, unknown>);
	return value;
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

type Converter = (value: unknown) => { ok: true; value: unknown } | { ok: false; expected: z.ZodParsedType };

/** A leaf type that converts a raw value or reports one "invalid type" issue. */
class ZodConverted<Out> extends z.ZodType<Out, z.ZodTypeDef, unknown> {
	constructor(private readonly convert: Converter) {
		super({});
	}

	_parse(input: z.ParseInput): z.ParseReturnType<Out> {
		const result = this.convert(input.data);
		if (result.ok) return z.OK(result.value as Out);
		const ctx = this._getOrReturnCtx(input);
		z.addIssueToContext(ctx, { code: z.ZodIssueCode.invalid_type, expected: result.expected, received: ctx.parsedType });
		return z.INVALID;
	}
}

/** Runs `convert` on the raw value, then the inner schema (a cheap preprocess for containers). */
class ZodPrepared<T extends z.ZodTypeAny> extends z.ZodType<z.output<T>, z.ZodTypeDef, unknown> {
	constructor(
		private readonly convert: (value: unknown) => unknown,
		private readonly inner: T,
	) {
		super({});
	}

	_parse(input: z.ParseInput): z.ParseReturnType<z.output<T>> {
		return this.inner._parse({ data: this.convert(input.data), path: input.path, parent: input.parent });
	}
}

const toNumber = (required: boolean): Converter => (raw) => {
	const v = numericStringToNumber(raw);
	if (v === undefined && !required) return { ok: true, value: undefined };
	if (typeof v === 'number' && Number.isFinite(v)) return { ok: true, value: v };
	return { ok: false, expected: z.ZodParsedType.number };
};

const toText = (required: boolean): Converter => (raw) => {
	if ((raw === undefined || raw === null) && !required) return { ok: true, value: undefined };
	// Codes and externalIds may look numeric and arrive as numbers.
	if (typeof raw === 'number') return { ok: true, value: String(raw) };
	if (typeof raw === 'string') return { ok: true, value: raw };
	return { ok: false, expected: z.ZodParsedType.string };
};

const toBool: Converter = (raw) => {
	if (raw === undefined || raw === null) return { ok: true, value: undefined };
	if (raw === true || raw === 1 || raw === '1' || raw === 'true') return { ok: true, value: true };
	if (raw === false || raw === 0 || raw === '0' || raw === 'false' || raw === '') return { ok: true, value: false };
	return { ok: false, expected: z.ZodParsedType.boolean };
};

/** An optional numeric field that tolerates numeric strings and null. */
export const optNum = () => new ZodConverted<number | undefined>(toNumber(false));
/** A required numeric field that tolerates numeric strings. */
export const num = () => new ZodConverted<number>(toNumber(true));
/** An optional text field that tolerates null and numbers. */
export const optStr = () => new ZodConverted<string | undefined>(toText(false));
export const str = () => new ZodConverted<string>(toText(true));
/** Booleans PHP-style: true/false, 1/0, "1"/"0", "true"/"false"; null → undefined. */
export const optBool = () => new ZodConverted<boolean | undefined>(toBool);

/** A map that may arrive as `[]` when empty; `null`/absent becomes `{}` too. */
export function phpMap<T extends z.ZodTypeAny>(valueSchema: T) {
	return new ZodPrepared((v) => (v === null || v === undefined ? {} : emptyArrayToObject(v)), z.record(z.string(), valueSchema));
}

/**
 * An optional nested object (delivery, customer, contragent, offer …) that may arrive as `null`: null is "absent",
 * as for scalars (optNum, optStr), so a null where an object is expected never fails a whole page.
 */
export function optObject<T extends z.ZodTypeAny>(objectSchema: T) {
	return new ZodPrepared((v) => (v === null ? undefined : v), objectSchema.optional());
}

/** A list that may arrive as an object keyed by id/code; absent becomes `[]`. */
export function keyedList<T extends z.ZodTypeAny>(itemSchema: T) {
	return new ZodPrepared(keyedOrArrayToArray, z.array(itemSchema));
}

/** Like keyedList, but stays `undefined` when absent (to tell "not sent" from "empty"). */
export function optionalKeyedList<T extends z.ZodTypeAny>(itemSchema: T) {
	return new ZodPrepared((v) => (v === undefined || v === null ? undefined : keyedOrArrayToArray(v)), z.array(itemSchema).optional());
}
