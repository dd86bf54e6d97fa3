import { badValue } from './errors';
import { strictDateTime } from './filter/parser';
import { EMPTY_DATE, EMPTY_GUID, UNDEFINED_TYPE, type PropDef } from './model';
import { isGuid } from './store';

/**
 * Client value → stored value for one property, the way 1C's OData layer parses it (docs/1c-odata.md#writes):
 * unparsable GUID/bool/number/date (dates only as `YYYY-MM-DDTHH:MM:SS`) → 400 code 1; strings silently truncated to the declared length
 * (fixed-length ones padded); numbers with fraction digits rounded to their scale; Int64 as a string or a number (writes.ts drops a number unless `int64Numbers: 'accepted'`); a composite `_Type` outside the attribute's
 * type set → 400 code 1.
 */
export function coerceValue(p: PropDef, v: unknown): unknown {
	switch (p.kind) {
		case 'guid':
			if (v === null) return EMPTY_GUID;
			if (!isGuid(v)) throw badValue(p.name, v);
			return v.toLowerCase();
		case 'bool':
			if (typeof v !== 'boolean') throw badValue(p.name, v);
			return v;
		case 'double':
		case 'int16':
		case 'int32':
		case 'int64': {
			if (v === null) return 0;
			const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
			if (!Number.isFinite(n)) throw badValue(p.name, v);
			return p.kind === 'double' ? toScale(n, p.scale) : Math.round(n);
		}
		case 'date': {
			if (v === null || v === '') return EMPTY_DATE;
			const d = typeof v === 'string' ? strictDateTime(v) : undefined;
			if (!d) throw badValue(p.name, v);
			return d;
		}
		case 'enum': {
			if (v === null) return '';
			if (typeof v !== 'string') throw badValue(p.name, v);
			if (v !== '' && p.enumValues && !p.enumValues.includes(v)) throw badValue(p.name, v);
			return v;
		}
		case 'compositeType': {
			if (v === null || v === '') return UNDEFINED_TYPE;
			if (typeof v !== 'string' || !/^(StandardODATA\.\S+|Edm\.\S+)$/.test(v)) throw badValue(p.name, v);
			// A type outside the attribute's type set (ut103-metadata.json): a real base cannot read the value into
			// the attribute, so it is refused rather than stored. Recorder (no targets listed) is not checked.
			if (v !== UNDEFINED_TYPE && p.targets && p.targets.length > 0 && !p.targets.includes(v.startsWith('StandardODATA.') ? v.slice('StandardODATA.'.length) : v)) {
				throw badValue(p.name, v);
			}
			return v;
		}
		case 'composite':
			if (v === null) return '';
			return typeof v === 'string' ? v : v;
		case 'string': {
			if (v === null) v = '';
			if (typeof v === 'object') throw badValue(p.name, v);
			let s = String(v);
			if (p.length && s.length > p.length) s = s.slice(0, p.length); // 1C truncates silently
			if (p.fixed && p.length) s = s.padEnd(p.length, ' ');
			return s;
		}
		default:
			return typeof v === 'string' ? v : String(v ?? '');
	}
}

/**
 * A number stored in an attribute of type Число(digits, scale) has at most `scale` fraction digits: the platform casts
 * the value to the attribute's type. Rounding half away from zero is assumed (1C's Окр); whether a real base rounds
 * or truncates is unproven, so a client must send values at the attribute's scale (docs/1c-odata.md#writes).
 */
function toScale(n: number, scale: number | undefined): number {
	if (scale === undefined) return n;
	const k = 10 ** scale;
	return (Math.sign(n) * Math.round(Number((Math.abs(n) * k).toPrecision(15)))) / k;
}

/** After both X and X_Type are known: a reference-typed composite must hold a GUID (or be empty). */
export function checkComposite(name: string, value: unknown, type: unknown): unknown {
	if (type === UNDEFINED_TYPE) return '';
	if (typeof type === 'string' && type.startsWith('StandardODATA.')) {
		if (value === '' || value === EMPTY_GUID) return EMPTY_GUID;
		if (!isGuid(value)) throw badValue(name, value);
		return String(value).toLowerCase();
	}
	return value;
}
