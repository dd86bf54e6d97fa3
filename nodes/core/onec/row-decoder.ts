import type { FieldSpec, FieldSpecs } from './model';
import { UNDEFINED_TYPE } from './model';
import { EMPTY_GUID, rowSchema, type Decoded } from './codecs';
import { SelectionCache, selectedSpec } from './selected-fields';
import { isGuid, lowerCaseLatin } from './query';

/**
 * Decoders of OData rows that give exactly what the zod schemas of codecs.ts give, without running zod per row: a
 * 1C read of 300,000 offers decodes over a million rows, and a zod object parse per row made decoding and the garbage
 * it leaves a third of the read's time. Each field is checked by a small function per kind; a row that fails any
 * check goes through `rowSchema` (zod) to get the exact message. test/unit/onec/row-decoder.test.ts holds the two to
 * the same results.
 */

/** Returned by a field decoder for a value its codec refuses. */
const BAD: unique symbol = Symbol('bad value');
type FieldDecoder = (value: unknown) => unknown;

const DATE_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const TRAILING_SPACE = /\s+$/;

function ref(value: unknown): unknown {
	if (value === null || value === undefined || value === '' || value === EMPTY_GUID) return null;
	if (typeof value !== 'string' || !isGuid(value)) return BAD;
	return lowerCaseLatin(value);
}

function guid(value: unknown): unknown {
	const out = ref(value);
	return out === null ? BAD : out;
}

function composite(value: unknown): unknown {
	if (value === null || value === undefined || value === '' || value === EMPTY_GUID) return null;
	if (typeof value === 'string') return isGuid(value) ? lowerCaseLatin(value) : value;
	if (typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value))) return String(value);
	return BAD;
}

function typeName(value: unknown): unknown {
	if (value === null || value === undefined || value === '' || value === UNDEFINED_TYPE) return null;
	return typeof value === 'string' ? value : BAD;
}

function text(value: unknown): unknown {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'string') return BAD;
	// Most values have no trailing white space: test the last character before running the regular expression.
	const last = value.charCodeAt(value.length - 1);
	return last === 32 || (last >= 9 && last <= 13) || last === 160 || last > 0x1000 ? value.replace(TRAILING_SPACE, '') : value;
}

function number(value: unknown): unknown {
	if (value === null || value === undefined || value === '') return 0;
	let n: number;
	if (typeof value === 'number') {
		if (Number.isNaN(value)) return BAD;
		n = value;
	} else if (typeof value === 'string') n = Number(value);
	else return BAD;
	return Number.isFinite(n) ? n : BAD;
}

function integer(value: unknown): unknown {
	const n = number(value);
	return n === BAD || !Number.isSafeInteger(n) ? BAD : n;
}

function boolean(value: unknown): unknown {
	if (value === null || value === undefined) return false;
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return BAD;
}

function date(value: unknown): unknown {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value !== 'string') return BAD;
	if (value.startsWith('0001-01-01')) return null;
	const m = DATE_RE.exec(value);
	return m ? m[1] : BAD;
}

function enumName(value: unknown): unknown {
	if (value === null || value === undefined || value === '') return null;
	return typeof value === 'string' ? value : BAD;
}

function opaque(value: unknown): unknown {
	if (value === null || value === undefined) return '';
	return typeof value === 'string' ? value : BAD;
}

function fieldDecoder(spec: FieldSpec): FieldDecoder {
	switch (spec.kind) {
		case 'guid':
			return guid;
		case 'ref':
			return ref;
		case 'composite':
			return composite;
		case 'type':
			return typeName;
		case 'string':
			return text;
		case 'number':
			return number;
		case 'int':
			return integer;
		case 'boolean':
			return boolean;
		case 'date':
			return date;
		case 'enum':
			return enumName;
		case 'opaque':
			return opaque;
	}
}

/** Why a row cannot be read: the first failing field and zod's message for it. */
export interface RowDecodeIssue {
	path: string;
	message: string;
}

export type RowDecoder<T> = (raw: unknown) => T | RowDecodeIssue;

const decoderCache = new SelectionCache<RowDecoder<unknown>>();

/** Whether a decoder's result is a failure (see RowDecoder). */
export function isDecodeIssue(value: unknown): value is RowDecodeIssue {
	return value instanceof DecodeIssue;
}

class DecodeIssue implements RowDecodeIssue {
	constructor(
		readonly path: string,
		readonly message: string,
	) {}
}

/** The selected fields of a row, decoded as `rowSchema(specs, select)` would decode them (cached per spec set and selection). */
export function rowDecoder<S extends FieldSpecs, K extends keyof S & string>(specs: S, select: readonly K[]): RowDecoder<Pick<Decoded<S>, K>> {
	return decoderCache.get(specs, select, () => buildDecoder(specs, select)) as RowDecoder<Pick<Decoded<S>, K>>;
}

function buildDecoder<S extends FieldSpecs, K extends keyof S & string>(specs: S, select: readonly K[]): RowDecoder<Pick<Decoded<S>, K>> {
	const names = [...select];
	const decoders = names.map((name) => fieldDecoder(selectedSpec(specs, name)));
	const count = names.length;
	const slow = (raw: unknown): RowDecodeIssue => {
		const parsed = rowSchema(specs, select).safeParse(raw);
		if (parsed.success) throw new Error(`row decoder and schema disagree on ${JSON.stringify(raw)}`);
		const issue = parsed.error.issues[0];
		return new DecodeIssue(issue.path.join('.'), issue.message);
	};
	const decode: RowDecoder<Pick<Decoded<S>, K>> = (raw) => {
		if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return slow(raw);
		const row = raw as Record<string, unknown>;
		const out: Record<string, unknown> = {};
		for (let i = 0; i < count; i++) {
			const value = decoders[i](row[names[i]]);
			if (value === BAD) return slow(raw);
			out[names[i]] = value;
		}
		return out as Pick<Decoded<S>, K>;
	};
	return decode;
}
