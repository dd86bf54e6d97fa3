import { EMPTY_GUID, type PropDef, type SetDef, type TabularDef } from './model';
import type { Rec } from './filter/evaluator';
import { escapeXml } from './errors';

/**
 * Entity → JSON exactly as 1C writes it (docs/1c-odata.md#values-on-the-wire): Int64 as strings, `X@navigationLinkUrl` after
 * each filled reference (omitted with odata=nometadata), tabular sections as arrays with string
 * LineNumber, expanded navigations as nested objects.
 */
export interface SelectTree {
	/** null = everything */
	props: Set<string> | null;
	navs: Map<string, SelectTree>;
}

export interface ExpandTree {
	navs: Map<string, ExpandTree>;
}

export interface SerializeOptions {
	nometadata: boolean;
	select?: SelectTree;
	expand?: ExpandTree;
	lookup(setName: string, key: string): Rec | undefined;
	setDef(name: string): SetDef | undefined;
}

export function outValue(p: PropDef, v: unknown): unknown {
	if (p.kind === 'int64') return String(v ?? 0);
	if ((p.kind === 'int16' || p.kind === 'int32' || p.kind === 'double') && typeof v !== 'number') return Number(v ?? 0);
	return v;
}

function selfPath(def: SetDef, rec: Rec): string {
	if (def.keyProps.length === 1) return `${def.name}(guid'${rec.Ref_Key}')`;
	return `${def.name}(${def.keyProps.map((k) => `${k}=${rec[k]}`).join(',')})`;
}

function serializeRow(t: TabularDef, row: Rec, refKey: string): Rec {
	const o: Rec = { Ref_Key: refKey };
	for (const p of t.props) o[p.name] = outValue(p, row[p.name]);
	return o;
}

/** Properties to write for a $select, computed once per (select, set) rather than per row. */
const selectedProps = new WeakMap<SelectTree, WeakMap<SetDef, PropDef[]>>();
function propsToWrite(def: SetDef, sel: SelectTree | undefined): PropDef[] {
	if (!sel || sel.props === null) return def.props;
	let perSet = selectedProps.get(sel);
	if (!perSet) selectedProps.set(sel, (perSet = new WeakMap()));
	let list = perSet.get(def);
	if (!list) perSet.set(def, (list = def.props.filter((p) => sel.props!.has(p.name))));
	return list;
}

export function serializeEntity(def: SetDef, rec: Rec, opts: SerializeOptions): Rec {
	const out: Rec = {};
	const sel = opts.select;
	const wanted = (name: string): boolean => !sel || sel.props === null || sel.props.has(name);
	let self: string | undefined;
	for (const p of propsToWrite(def, sel)) {
		out[p.name] = outValue(p, rec[p.name]);
		if (!opts.nometadata && p.kind === 'guid' && p.nav && p.target && rec[p.name] !== EMPTY_GUID && p.name !== 'Ref_Key') {
			self ??= selfPath(def, rec);
			out[`${p.nav}@navigationLinkUrl`] = `${self}/${p.nav}`;
		}
	}
	if (sel && sel.props) {
		for (const name of sel.props) if (name.endsWith('____Presentation')) out[name] = presentation(def, rec, name.slice(0, -16), opts);
	}
	for (const t of def.tabulars) {
		if (!wanted(t.name)) continue;
		out[t.name] = ((rec[t.name] as Rec[]) ?? []).map((row) => serializeRow(t, row, String(rec.Ref_Key)));
	}
	if (opts.expand) {
		for (const [navName, sub] of opts.expand.navs) {
			if (sel && sel.props !== null && !sel.props.has(navName) && !sel.navs.has(navName)) continue; // docs/1c-odata.md#queries-and-paging: with $select, only selected navs
			const nav = def.navs.get(navName);
			if (!nav || !nav.target) continue;
			const target = opts.setDef(nav.target);
			const key = rec[nav.name];
			const child = target && typeof key === 'string' && key !== EMPTY_GUID ? opts.lookup(nav.target, key) : undefined;
			if (!child || !target) {
				out[navName] = null;
				continue;
			}
			const childSel = sel && sel.props !== null ? (sel.navs.get(navName) ?? { props: null, navs: new Map() }) : undefined;
			out[navName] = serializeEntity(target, child, { ...opts, select: childSel, expand: sub });
		}
	}
	return out;
}

/** `ЗаказПокупателя` → `Заказ покупателя` (the dump carries no synonyms). */
function synonym(setName: string): string {
	const name = setName.replace(/^[A-Za-z]+_/, '');
	return name.replace(/(?<=[а-яё])(?=[А-ЯЁ])/g, ' ').replace(/ ([А-ЯЁ])/g, (_m, ch: string) => ` ${ch.toLowerCase()}`);
}

/** Presentation of a reference/composite/enum value the way 1C renders it (Description; document title). */
function presentation(def: SetDef, rec: Rec, base: string, opts: SerializeOptions): string {
	const single = def.propByName.get(`${base}_Key`);
	const value = single ? rec[`${base}_Key`] : rec[base];
	let target = single?.target;
	if (!single) {
		const p = def.propByName.get(base);
		if (p?.kind === 'enum') return String(value ?? '');
		const t = String(rec[`${base}_Type`] ?? '');
		if (!t.startsWith('StandardODATA.')) return String(value ?? '');
		target = t.slice('StandardODATA.'.length);
	}
	if (!target || typeof value !== 'string' || value === EMPTY_GUID || value === '') return '';
	const obj = opts.lookup(target, value);
	if (!obj) return `<Объект не найден> (${value})`;
	if (target.startsWith('Document_')) {
		const d = String(obj.Date);
		const date = `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)} ${Number(d.slice(11, 13))}:${d.slice(14, 16)}:${d.slice(17, 19)}`;
		return `${synonym(target)} ${String(obj.Number).trim()} от ${date}`;
	}
	return String(obj.Description ?? obj.Code ?? '').trim();
}

/** Minimal Atom feed/entry, returned when the client forgot `$format=json` (docs/1c-odata.md#urls-and-authentication). */
export function atomFeed(root: string, setName: string, entries: Rec[]): string {
	const body = entries
		.map(
			(e) =>
				'<entry><content type="application/xml"><m:properties>' +
				Object.entries(e)
					.filter(([k, v]) => !k.includes('@') && (v === null || typeof v !== 'object'))
					.map(([k, v]) => `<d:${k}>${escapeXml(String(v ?? ''))}</d:${k}>`)
					.join('') +
				'</m:properties></content></entry>',
		)
		.join('');
	return (
		'<?xml version="1.0" encoding="UTF-8"?>' +
		`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" ` +
		`xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xml:base="${escapeXml(root)}">` +
		`<id>${escapeXml(root + setName)}</id><title type="text">${escapeXml(setName)}</title>${body}</feed>`
	);
}
