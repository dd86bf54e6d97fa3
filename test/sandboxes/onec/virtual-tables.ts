import { notFoundSegment } from './errors';
import { compileFilter, type FilterEnv, type Rec, type Scope } from './filter/evaluator';
import { normalizeDateTime, parseFilter } from './filter/parser';
import { EMPTY_DATE, type PropDef, type SetDef } from './model';
import type { Store } from './store';
import { ODataError } from './errors';
import { localIsoDate } from './sandbox';

/**
 * Virtual tables computed from `_RecordType` records (§D5):
 * Balance — Receipt +, Expense −, `Period <= Period`, Active only, grouped by the requested dimensions,
 * zero rows dropped, output `<Dim>_Key` + `<Resource>Balance`;
 * SliceLast/SliceFirst — latest (earliest) record per dimension combination, Condition applied first.
 */
export interface VirtualParams {
	period?: string;
	condition?: string;
	dimensions?: string;
}

export interface VirtualResult {
	rows: Rec[];
	/** Scope for $filter/$select/$orderby over the result. */
	scope: Scope;
	props: PropDef[];
}

function parsePeriod(v: string | undefined): string | undefined {
	if (v === undefined || v === '') return undefined;
	const m = /^datetime'(.*)'$/i.exec(v.trim());
	const d = normalizeDateTime(m ? m[1] : v.replace(/^'|'$/g, ''));
	if (!d) throw new ODataError(400, '1', `Неверное значение параметра Period: ${v}`);
	return d;
}

function conditionOf(p: VirtualParams, recordDef: SetDef, env: FilterEnv): ((r: Rec) => boolean) | undefined {
	if (!p.condition || !p.condition.trim()) return undefined;
	return compileFilter(parseFilter(p.condition), recordDef, env);
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

export function balance(store: Store, register: SetDef, p: VirtualParams, env: FilterEnv): VirtualResult {
	const recordDef = store.model.sets.get(`${register.name}_RecordType`)!;
	const period = parsePeriod(p.period);
	const cond = conditionOf(p, recordDef, env);
	const dimProps = (register.dimensions ?? []).filter((d) => d.kind !== 'compositeType');
	let wanted = dimProps;
	if (p.dimensions && p.dimensions.trim()) {
		wanted = p.dimensions
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean)
			.map((name) => {
				const d = dimProps.find((x) => x.nav === name || x.name === name);
				if (!d) throw notFoundSegment(name);
				return d;
			});
	}
	const outProps: PropDef[] = [];
	for (const d of wanted) {
		outProps.push(d);
		if (d.kind === 'composite') outProps.push(register.dimensions!.find((x) => x.name === `${d.name}_Type`)!);
	}
	const resources = (register.resources ?? []).filter((r) => r.kind === 'double' || r.kind.startsWith('int'));
	const resProps: PropDef[] = resources.map((r) => ({ ...r, name: `${r.name}Balance`, kind: 'double', edmType: 'Edm.Double' }));
	const groups = new Map<string, Rec>();
	for (const r of store.rows(recordDef.name)) {
		if (r.Active === false) continue;
		if (period && String(r.Period) > period) continue;
		if (cond && !cond(r)) continue;
		const key = outProps.map((d) => String(r[d.name])).join('|');
		let g = groups.get(key);
		if (!g) {
			g = {};
			for (const d of outProps) g[d.name] = r[d.name];
			for (const rp of resProps) g[rp.name] = 0;
			groups.set(key, g);
		}
		const sign = r.RecordType === 'Expense' ? -1 : 1;
		for (const res of resources) g[`${res.name}Balance`] = (g[`${res.name}Balance`] as number) + sign * Number(r[res.name] ?? 0);
	}
	const rows: Rec[] = [];
	for (const g of groups.values()) {
		for (const rp of resProps) g[rp.name] = round(g[rp.name] as number);
		if (resProps.every((rp) => g[rp.name] === 0)) continue;
		rows.push(g);
	}
	const props = [...outProps, ...resProps];
	return { rows, props, scope: scopeOf(props) };
}

export function slice(store: Store, recordDef: SetDef, which: 'SliceLast' | 'SliceFirst', p: VirtualParams, env: FilterEnv): VirtualResult {
	// SliceLast without Period is the slice "now" (§D5): future-dated prices do not count yet.
	const period = parsePeriod(p.period) ?? (which === 'SliceLast' ? localIsoDate(new Date()) : undefined);
	const cond = conditionOf(p, recordDef, env);
	const dims = (recordDef.dimensions ?? []).filter((d) => d.kind !== 'compositeType');
	const best = new Map<string, Rec>();
	const last = which === 'SliceLast';
	for (const r of store.rows(recordDef.name)) {
		if (r.Active === false) continue;
		const per = String(r.Period ?? EMPTY_DATE);
		if (period && (last ? per > period : per < period)) continue;
		if (cond && !cond(r)) continue;
		const key = dims.map((d) => String(r[d.name])).join('|');
		const cur = best.get(key);
		if (!cur || (last ? per >= String(cur.Period) : per < String(cur.Period))) best.set(key, r);
	}
	return { rows: [...best.values()], props: recordDef.props, scope: recordDef };
}

function scopeOf(props: PropDef[]): Scope {
	const propByName = new Map(props.map((p) => [p.name, p]));
	const navs = new Map<string, PropDef>();
	for (const p of props) if (p.kind === 'guid' && p.nav && p.target) navs.set(p.nav, p);
	return { propByName, navs, tabularByName: new Map() };
}
