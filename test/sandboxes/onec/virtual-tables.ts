import { notFoundSegment } from './errors';
import { compileFilter, type FilterEnv, type Rec, type Scope } from './filter/evaluator';
import { normalizeDateTime, parseFilter } from './filter/parser';
import { EMPTY_DATE, type PropDef, type SetDef } from './model';
import type { Store } from './store';
import { ODataError } from './errors';
import { localIsoDate } from './sandbox';

/**
 * Virtual tables computed from `_RecordType` records (docs/1c-odata.md#virtual-tables):
 * Balance — Receipt +, Expense −, `Period <= Period`, Active only, grouped by the requested dimensions,
 * zero rows dropped, output `<Dim>_Key` + `<Resource>Balance`;
 * SliceLast/SliceFirst — latest (earliest) record per dimension combination, Condition applied first.
 */
export interface VirtualParams {
	period?: string;
	condition?: string;
	dimensions?: string;
	/** Balance: whether movements dated exactly at Period count (a real base: they do not). */
	bound?: 'exclusive' | 'inclusive';
	/** SliceLast without Period: the absolute latest record (a real base) or the slice at now. */
	withoutPeriod?: 'latest' | 'now';
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

function conditionOf(p: VirtualParams, recordDef: Scope, env: FilterEnv): ((r: Rec) => boolean) | undefined {
	if (!p.condition || !p.condition.trim()) return undefined;
	return compileFilter(parseFilter(p.condition), recordDef, env);
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

interface Column {
	suffix: string;
	/** Contribution of one record's resource value to this column. */
	add(recordType: unknown, value: number): number;
}

/** Groups `_RecordType` records by the requested dimensions and sums resource columns. */
function aggregate(store: Store, register: SetDef, p: VirtualParams, env: FilterEnv, inRange: (period: string) => boolean, columns: Column[]): VirtualResult {
	const recordDef = store.model.sets.get(`${register.name}_RecordType`)!;
	// In Balance/Turnovers the Condition may only use dimensions (1C query rule for balance virtual tables).
	const cond = conditionOf(p, scopeOf(register.dimensions ?? []), env);
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
	const cells = resources.flatMap((r) => columns.map((c) => ({ res: r.name, name: `${r.name}${c.suffix}`, add: c.add })));
	const resProps: PropDef[] = cells.map((c) => ({ name: c.name, kind: 'double', edmType: 'Edm.Double' }));
	const groups = new Map<string, Rec>();
	for (const r of store.rows(recordDef.name)) {
		if (r.Active === false) continue;
		if (!inRange(String(r.Period))) continue;
		if (cond && !cond(r)) continue;
		let key = '';
		for (const d of outProps) key += `${String(r[d.name])}|`;
		let g = groups.get(key);
		if (!g) {
			g = {};
			for (const d of outProps) g[d.name] = r[d.name];
			for (const c of cells) g[c.name] = 0;
			groups.set(key, g);
		}
		for (const c of cells) g[c.name] = (g[c.name] as number) + c.add(r.RecordType, Number(r[c.res] ?? 0));
	}
	const rows: Rec[] = [];
	for (const g of groups.values()) {
		for (const c of cells) g[c.name] = round(g[c.name] as number);
		if (cells.every((c) => g[c.name] === 0)) continue; // zero rows are dropped
		rows.push(g);
	}
	const props = [...outProps, ...resProps];
	return { rows, props, scope: scopeOf(props) };
}

const signed = (t: unknown, v: number): number => (t === 'Expense' ? -v : v);

/**
 * Balance(Period) is the balance at the start of the moment Period: a real base counts movements strictly before it
 * (the 1C query language's Остатки(&Период) excludes the bound unless a Граница says otherwise, which OData cannot
 * pass). `bound: 'inclusive'` restores the older sandbox rule.
 */
export function balance(store: Store, register: SetDef, p: VirtualParams, env: FilterEnv): VirtualResult {
	const period = parsePeriod(p.period);
	const inclusive = p.bound === 'inclusive';
	return aggregate(store, register, p, env, (per) => !period || per < period || (inclusive && per === period), [{ suffix: 'Balance', add: signed }]);
}

/** Turnovers(StartPeriod, EndPeriod, …) of a balance register: Receipt, Expense and Turnover per resource. */
export function turnovers(store: Store, register: SetDef, p: VirtualParams & { startPeriod?: string; endPeriod?: string }, env: FilterEnv): VirtualResult {
	const from = parsePeriod(p.startPeriod);
	const to = parsePeriod(p.endPeriod);
	return aggregate(store, register, p, env, (per) => (!from || per >= from) && (!to || per <= to), [
		{ suffix: 'Receipt', add: (t, v) => (t === 'Expense' ? 0 : v) },
		{ suffix: 'Expense', add: (t, v) => (t === 'Expense' ? v : 0) },
		{ suffix: 'Turnover', add: signed },
	]);
}

/** The moment a slice is taken at: Period, or for SliceLast without it the switch's choice (none = the absolute latest). */
function slicePeriod(which: 'SliceLast' | 'SliceFirst', p: VirtualParams): string | undefined {
	// SliceLast without Period: a real base returns the absolute latest record, future-dated ones included (1C's
	// СрезПоследних without a period); `withoutPeriod: 'now'` slices at the current moment instead.
	return parsePeriod(p.period) ?? (which === 'SliceLast' && p.withoutPeriod === 'now' ? localIsoDate(new Date()) : undefined);
}

export function slice(store: Store, recordDef: SetDef, which: 'SliceLast' | 'SliceFirst', p: VirtualParams, env: FilterEnv): VirtualResult {
	const period = slicePeriod(which, p);
	const cond = conditionOf(p, recordDef, env);
	const dims = (recordDef.dimensions ?? []).filter((d) => d.kind !== 'compositeType');
	const best = new Map<string, Rec>();
	const last = which === 'SliceLast';
	for (const r of store.rows(recordDef.name)) {
		if (r.Active === false) continue;
		const per = String(r.Period ?? EMPTY_DATE);
		if (period && (last ? per > period : per < period)) continue;
		if (cond && !cond(r)) continue;
		let key = '';
		for (const d of dims) key += `${String(r[d.name])}|`;
		const cur = best.get(key);
		if (!cur || (last ? per >= String(cur.Period) : per < String(cur.Period))) best.set(key, r);
	}
	return { rows: [...best.values()], props: recordDef.props, scope: recordDef };
}

/**
 * Which slice a Period gives: two periods with no record between them give the same slice, so a paged read at a new
 * moment can take the table computed at an earlier one (the answers are the same rows, byte for byte). The class is
 * the latest record period not after Period (SliceLast) or the earliest not before it (SliceFirst).
 */
export function slicePeriodClass(store: Store, recordDef: SetDef, which: 'SliceLast' | 'SliceFirst', p: VirtualParams): string {
	const period = slicePeriod(which, p);
	if (period === undefined) return 'none';
	const periods = store.cachedValue(`periods\u0000${recordDef.name}`, () => {
		const distinct = new Set<string>();
		for (const r of store.rows(recordDef.name)) distinct.add(String(r.Period ?? EMPTY_DATE));
		return [...distinct].sort();
	});
	if (which === 'SliceLast') {
		let best = 'before all';
		for (const per of periods) if (per <= period) best = per;
		return `<=${best}`;
	}
	for (const per of periods) if (per >= period) return `>=${per}`;
	return '>=after all';
}

function scopeOf(props: PropDef[]): Scope {
	const propByName = new Map(props.map((p) => [p.name, p]));
	const navs = new Map<string, PropDef>();
	for (const p of props) if (p.kind === 'guid' && p.nav && p.target) navs.set(p.nav, p);
	return { propByName, navs, tabularByName: new Map() };
}
