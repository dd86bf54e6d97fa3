import { z } from 'zod';
import type { EnumName, EnumValue, FieldSpec, FieldSpecs } from './model';
import { ENUMS, UNDEFINED_TYPE } from './model';
import { SelectionCache, selectedSpec } from './selected-fields';
import { isGuid, lowerCaseLatin } from './query';

/**
 * Values crossing the 1C boundary: zod schemas turn OData JSON into typed values, encoders do the reverse.
 * Conventions (docs/1c-odata.md#values-on-the-wire): Int64 as strings, empty GUID / empty date mean "no value", fixed-length strings
 * space-padded, enums by name, dates local without zone.
 */

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
export const EMPTY_DATE = '0001-01-01T00:00:00';

/** A reference `_Key`: GUID string, or null for the empty GUID / empty string / absent. */
export const refCodec = z
	.union([z.string(), z.null(), z.undefined()])
	.transform((value, ctx) => {
		if (value === null || value === undefined || value === '' || value === EMPTY_GUID) return null;
		if (!isGuid(value)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a GUID: "${value}"` });
			return z.NEVER;
		}
		return lowerCaseLatin(value);
	});

/** Composite value: usually a GUID, sometimes a primitive; empty string / empty GUID → null. */
export const compositeValueCodec = z
	.union([z.string(), z.number(), z.boolean(), z.null(), z.undefined()])
	.transform((value) => {
		if (value === null || value === undefined || value === '' || value === EMPTY_GUID) return null;
		return typeof value === 'string' && isGuid(value) ? lowerCaseLatin(value) : String(value);
	});

/** `_Type` companion: `StandardODATA.Undefined` / empty → null. */
export const typeNameCodec = z
	.union([z.string(), z.null(), z.undefined()])
	.transform((value) => (value === null || value === undefined || value === '' || value === UNDEFINED_TYPE ? null : value));

/** Strings; fixed-length ones come padded with spaces (`"           "`), so trailing spaces go. */
export const stringCodec = z
	.union([z.string(), z.null(), z.undefined()])
	.transform((value) => (value ?? '').replace(/\s+$/, ''));

/** Edm.Double: a number; tolerate numeric strings (some publications stringify decimals). */
export const numberCodec = z.union([z.number(), z.string(), z.null(), z.undefined()]).transform((value, ctx) => {
	if (value === null || value === undefined || value === '') return 0;
	const n = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(n)) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a number: "${String(value)}"` });
		return z.NEVER;
	}
	return n;
});

/** Integers: Int64 arrives as a string (`"1"`), Int16/Int32 as numbers; both decode to a safe integer. */
export const intCodec = numberCodec.superRefine((n, ctx) => {
	if (!Number.isSafeInteger(n)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a safe integer: ${n}` });
});

export const booleanCodec = z.union([z.boolean(), z.string(), z.null(), z.undefined()]).transform((value, ctx) => {
	if (value === null || value === undefined) return false;
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a boolean: "${value}"` });
	return z.NEVER;
});

/** Local date-time `YYYY-MM-DDTHH:MM:SS` (1C has no zone: never converted through Date); empty date → null. */
export const dateCodec = z.union([z.string(), z.null(), z.undefined()]).transform((value, ctx) => {
	if (value === null || value === undefined || value === '' || value.startsWith('0001-01-01')) return null;
	const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
	if (!m) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a 1C date: "${value}"` });
		return z.NEVER;
	}
	return m[1];
});

/** Enum value name; `''` → null. Unknown names are kept (a newer release may add values) but typed loosely. */
export function enumCodec<E extends EnumName>(_name: E) {
	return z
		.union([z.string(), z.null(), z.undefined()])
		.transform((value) => (value === null || value === undefined || value === '' ? null : (value as EnumValue<E>)));
}

export const opaqueCodec = z.union([z.string(), z.null(), z.undefined()]).transform((value) => value ?? '');

/** The TypeScript type a field decodes to. */
export type DecodedValue<S extends FieldSpec> = S extends { kind: 'guid' }
	? string
	: S extends { kind: 'ref' } | { kind: 'composite' } | { kind: 'type' }
		? string | null
		: S extends { kind: 'string' } | { kind: 'opaque' }
			? string
			: S extends { kind: 'number' } | { kind: 'int' }
				? number
				: S extends { kind: 'boolean' }
					? boolean
					: S extends { kind: 'date' }
						? string | null
						: S extends { kind: 'enum'; enum: infer E extends EnumName }
							? EnumValue<E> | null
							: unknown;

export type Decoded<S extends FieldSpecs> = { [K in keyof S]: DecodedValue<S[K]> };

export function codecFor(spec: FieldSpec): z.ZodTypeAny {
	switch (spec.kind) {
		case 'guid':
			return refCodec.refine((v) => v !== null, 'missing key').transform((v) => v as string);
		case 'ref':
			return refCodec;
		case 'composite':
			return compositeValueCodec;
		case 'type':
			return typeNameCodec;
		case 'string':
			return stringCodec;
		case 'number':
			return numberCodec;
		case 'int':
			return intCodec;
		case 'boolean':
			return booleanCodec;
		case 'date':
			return dateCodec;
		case 'enum':
			return enumCodec(spec.enum);
		case 'opaque':
			return opaqueCodec;
	}
}

const schemaCache = new SelectionCache<z.ZodTypeAny>();

/** zod object schema for the selected fields of a model entity (cached per spec set and selection). */
export function rowSchema<S extends FieldSpecs, K extends keyof S & string>(specs: S, select: readonly K[]): z.ZodType<Pick<Decoded<S>, K>> {
	const schema = schemaCache.get(specs, select, () => {
		const shape: Record<string, z.ZodTypeAny> = {};
		for (const name of select) shape[name] = codecFor(selectedSpec(specs, name));
		return z.object(shape);
	});
	return schema as z.ZodType<Pick<Decoded<S>, K>>;
}

// ---------------------------------------------------------------- encoding (writes)

/** A composite reference to write: value + the set it points to (`Catalog_Склады`), or null for empty. */
export interface CompositeRef {
	readonly key: string | null;
	/** Entity set name without `StandardODATA.` (e.g. `Catalog_Склады`). */
	readonly set: string | null;
}

export function compositeRef(set: string, key: string | null): CompositeRef {
	return key === null ? { key: null, set: null } : { key, set };
}

/** The value a caller may give for a field when writing. */
export type EncodableValue<S extends FieldSpec> = S extends { kind: 'composite' }
	? CompositeRef | string | null
	: S extends { kind: 'int' }
		? number | string
		: S extends { kind: 'enum'; enum: infer E extends EnumName }
			? EnumValue<E> | null
			: DecodedValue<S>;

/** Writes the 1C wire form of one value into `out` (a composite yields two properties). */
/**
 * Characters XML 1.0 cannot hold: C0 controls other than tab, LF and CR, U+FFFE/U+FFFF, lone surrogates. 1C keeps
 * them in a string attribute, but every XML the base writes afterwards fails on them (the platform's «Текст XML
 * содержит недопустимые символы»; https://kompyutery-programmy.ru/programmy/versiya-formata-obmena-1s.html lists the
 * platform's XML errors): its own OData Atom answers, exchange plans, CommerceML. They are dropped from every text
 * written to 1C, and from texts compared with what 1C holds (sync/orders/changes.ts), so a re-run changes nothing.
 */
const XML_INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function withoutXmlInvalidChars(text: string): string {
	return text.replace(XML_INVALID_CHARS, '');
}

export function encodeField(name: string, spec: FieldSpec, value: unknown, out: Record<string, unknown>): void {
	switch (spec.kind) {
		case 'ref':
		case 'guid':
			if (value !== null && (typeof value !== 'string' || !isGuid(value))) throw new Error(`${name}: not a GUID: ${String(value)}`);
			out[name] = value ?? EMPTY_GUID;
			return;
		case 'composite': {
			if (typeof value === 'string') {
				// Wire form (value and `<name>_Type` given separately, as core/sync builds bodies): the type comes
				// from its own property; an empty value without one is Undefined.
				out[name] = value;
				if (value === '' || value === EMPTY_GUID) out[`${name}_Type`] = UNDEFINED_TYPE;
				return;
			}
			const ref = value as CompositeRef | null;
			if (ref === null || ref.key === null || ref.set === null) {
				out[name] = '';
				out[`${name}_Type`] = UNDEFINED_TYPE;
			} else {
				out[name] = ref.key;
				out[`${name}_Type`] = `StandardODATA.${ref.set}`;
			}
			return;
		}
		case 'type':
			// Written together with its composite; an explicit value wins only if given on its own.
			if (!(name in out)) out[name] = value ?? UNDEFINED_TYPE;
			return;
		case 'int': {
			const n = typeof value === 'string' ? Number(value) : (value as number);
			if (!Number.isSafeInteger(n)) throw new Error(`${name}: not an integer: ${String(value)}`);
			// Int64 goes as a JSON string; a number would be silently ignored by 1C (docs/1c-odata.md#values-on-the-wire).
			out[name] = String(n);
			return;
		}
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${name}: not a number: ${String(value)}`);
			out[name] = value;
			return;
		case 'boolean':
			if (typeof value !== 'boolean') throw new Error(`${name}: not a boolean: ${String(value)}`);
			out[name] = value;
			return;
		case 'date':
			if (value === null) out[name] = EMPTY_DATE;
			else {
				const text = String(value);
				if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text)) throw new Error(`${name}: not a local date-time: ${text}`);
				out[name] = text;
			}
			return;
		case 'enum': {
			if (value === null || value === '') {
				out[name] = '';
				return;
			}
			const allowed = ENUMS[spec.enum] as readonly string[];
			if (allowed.length > 0 && !allowed.includes(String(value))) throw new Error(`${name}: "${String(value)}" is not a value of ${spec.enum}`);
			out[name] = String(value);
			return;
		}
		case 'string': {
			const text = value === null || value === undefined ? '' : withoutXmlInvalidChars(String(value));
			// 1C silently truncates over-long strings (docs/1c-odata.md#writes); refuse instead of losing data unseen.
			if (spec.length > 0 && text.length > spec.length) throw new Error(`${name}: longer than ${spec.length} characters: "${text}"`);
			out[name] = text;
			return;
		}
		case 'opaque':
			out[name] = value === null || value === undefined ? '' : String(value);
			return;
	}
}
