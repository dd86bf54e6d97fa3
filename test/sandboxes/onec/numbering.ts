import { internalError } from './errors';
import type { Rec } from './filter/evaluator';
import type { SetDef } from './model';
import type { Sandbox } from './sandbox';

/**
 * Document and catalog numbering as UT 10.3 does it (docs/1c-odata.md#numbering):
 * documents — prefix = node prefix + (Организация.Префикс or "0"), then zero padding to the number
 * length; counters per (prefix, year); a filled number is kept (truncated) and must be unique per year.
 * Catalog codes — next number, zero-padded to the code length.
 */
export function documentPrefix(sb: Sandbox, rec: Rec): string {
	const org = typeof rec.Организация_Key === 'string' ? sb.store.get('Catalog_Организации', rec.Организация_Key) : undefined;
	const orgPrefix = String(org?.Префикс ?? '').trim() || '0';
	return `${sb.config.nodePrefix}${orgPrefix}`;
}

const yearOf = (rec: Rec): string => String(rec.Date ?? '').slice(0, 4);

export function assignDocumentNumber(sb: Sandbox, def: SetDef, rec: Rec): void {
	const len = def.numberLength ?? 11;
	const current = String(rec.Number ?? '').trim();
	const year = yearOf(rec);
	const others = sb.store.rows(def.name).filter((d) => d.Ref_Key !== rec.Ref_Key && yearOf(d) === year);
	if (current) {
		const number = current.slice(0, len);
		if (others.some((d) => String(d.Number).trim() === number)) throw internalError(`Номер документа не уникален: ${number}`);
		rec.Number = number.padEnd(len, ' ');
		return;
	}
	const prefix = documentPrefix(sb, rec);
	let max = 0;
	for (const d of others) {
		const n = String(d.Number).trim();
		if (!n.startsWith(prefix)) continue;
		const digits = n.slice(prefix.length);
		if (/^\d+$/.test(digits)) max = Math.max(max, Number(digits));
	}
	rec.Number = `${prefix}${String(max + 1).padStart(len - prefix.length, '0')}`;
}

export function assignCatalogCode(sb: Sandbox, def: SetDef, rec: Rec): void {
	if (!def.codeLength) return;
	const cur = rec.Code;
	if (cur !== undefined && String(cur).trim() !== '' && cur !== 0) {
		// Code series taken as "whole catalog" (the dump does not carry the series setting).
		const code = String(cur).trim().toLowerCase();
		if (def.checkUnique && sb.store.rows(def.name).some((r) => r.Ref_Key !== rec.Ref_Key && String(r.Code).trim().toLowerCase() === code)) {
			throw internalError(`Значение поля "Код" не уникально: ${String(cur).trim()}`);
		}
		return;
	}
	if (!def.autonumbering) return;
	let max = 0;
	for (const r of sb.store.rows(def.name)) {
		const c = String(r.Code).trim();
		if (/^\d+$/.test(c)) max = Math.max(max, Number(c));
	}
	rec.Code = def.codeIsString ? String(max + 1).padStart(def.codeLength, '0') : max + 1;
}
