import { filterSyntax, notFoundSegment } from '../errors';
import type { Model, PropDef, TabularDef } from '../model';
import type { FilterNode } from './ast';

/**
 * Compiles a `$filter` AST into a predicate over stored records. Property names are checked at
 * compile time against the set's model: an unknown name → 400 code 6 echoing it (docs/1c-odata.md#queries-and-paging), an unknown
 * function → 400 code 14. Values in the store are canonical (lower-case GUIDs, `YYYY-MM-DDTHH:MM:SS`
 * dates, numbers), so comparisons are plain JS comparisons.
 */
export type Rec = Record<string, unknown>;

export interface Scope {
	propByName: Map<string, PropDef>;
	navs: Map<string, PropDef>;
	tabularByName: Map<string, TabularDef>;
}

export interface FilterEnv {
	model: Model;
	/** Resolves a reference (set name + Ref_Key) for navigation paths like Контрагент/Description. */
	lookup(setName: string, key: string): Rec | undefined;
	/**
	 * Features that depend on the platform version: filters on composite fields (`cast`, `X_Type`) exist from
	 * 8.3.8.1652; `$orderby` on composite fields is unproven. Absent = both allowed.
	 */
	platform?: { compositeFilters: boolean; compositeOrderBy: boolean };
}

interface Ctx {
	rec: Rec;
	vars: Record<string, Rec>;
}

type Fn = (ctx: Ctx) => unknown;

interface Compiled {
	fn: Fn;
	/** Present for composite fields: yields X_Type. */
	typeFn?: Fn;
	/** Present for cast(guid'…','Catalog_X'): the type it names. */
	castType?: string;
}

const EMPTY_SCOPE: Scope = { propByName: new Map(), navs: new Map(), tabularByName: new Map() };

/** Trailing spaces do not count (fixed-length strings are space-padded); fast path when none. */
export function norm(v: unknown): unknown {
	return typeof v === 'string' && v.charCodeAt(v.length - 1) === 32 ? v.replace(/ +$/, '') : v;
}

function compare(a: unknown, b: unknown): number {
	if (a === b) return 0;
	if (a === null || a === undefined) return -1;
	if (b === null || b === undefined) return 1;
	if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '' && !isNaN(Number(b))) b = Number(b);
	if (typeof b === 'number' && typeof a === 'string' && a.trim() !== '' && !isNaN(Number(a))) a = Number(a);
	if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
	const x = norm(a) as string | number;
	const y = norm(b) as string | number;
	return x < y ? -1 : x > y ? 1 : 0;
}

const fold = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);
const lowerStr = (v: unknown): string => String(v ?? '').toLowerCase();

type Impl = (args: unknown[]) => unknown;

const FUNCS: Record<string, { arity: number[]; impl: Impl }> = {
	substringof: { arity: [2], impl: ([needle, hay]) => lowerStr(hay).includes(lowerStr(needle)) },
	startswith: { arity: [2], impl: ([hay, p]) => lowerStr(hay).startsWith(lowerStr(p)) },
	endswith: { arity: [2], impl: ([hay, p]) => lowerStr(hay).replace(/ +$/, '').endsWith(lowerStr(p)) },
	tolower: { arity: [1], impl: ([s]) => lowerStr(s) },
	toupper: { arity: [1], impl: ([s]) => String(s ?? '').toUpperCase() },
	trim: { arity: [1], impl: ([s]) => String(s ?? '').trim() },
	length: { arity: [1], impl: ([s]) => String(s ?? '').length },
	indexof: { arity: [2], impl: ([s, p]) => lowerStr(s).indexOf(lowerStr(p)) },
	concat: { arity: [2], impl: ([a, b]) => String(a ?? '') + String(b ?? '') },
	substring: { arity: [2, 3], impl: ([s, from, len]) => String(s ?? '').substr(Number(from), len === undefined ? undefined : Number(len)) },
	year: { arity: [1], impl: ([d]) => Number(String(d).slice(0, 4)) },
	month: { arity: [1], impl: ([d]) => Number(String(d).slice(5, 7)) },
	day: { arity: [1], impl: ([d]) => Number(String(d).slice(8, 10)) },
	hour: { arity: [1], impl: ([d]) => Number(String(d).slice(11, 13)) },
	minute: { arity: [1], impl: ([d]) => Number(String(d).slice(14, 16)) },
	second: { arity: [1], impl: ([d]) => Number(String(d).slice(17, 19)) },
	like: {
		arity: [2],
		impl: ([s, pattern]) => {
			const re = String(pattern ?? '')
				.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
				.replace(/%/g, '.*')
				.replace(/_/g, '.');
			return new RegExp(`^${re}$`, 'i').test(String(s ?? '').replace(/ +$/, ''));
		},
	},
};

class Compiler {
	constructor(
		private readonly env: FilterEnv,
		private readonly root: Scope,
		private readonly vars: Map<string, Scope>,
	) {}

	compile(n: FilterNode): Compiled {
		switch (n.type) {
			case 'literal': {
				const v = n.value;
				return { fn: () => v };
			}
			case 'path':
				return this.path(n.segments);
			case 'not': {
				const e = this.compile(n.expr).fn;
				return { fn: (c) => !e(c) };
			}
			case 'binary':
				return this.binary(n);
			case 'call':
				return this.call(n.name, n.args);
			case 'lambda':
				return this.lambda(n);
		}
	}

	private binary(n: Extract<FilterNode, { type: 'binary' }>): Compiled {
		const l = this.compile(n.left);
		const r = this.compile(n.right);
		const a = l.fn;
		const b = r.fn;
		switch (n.op) {
			case 'and':
				return { fn: (c) => Boolean(a(c)) && Boolean(b(c)) };
			case 'or':
				return { fn: (c) => Boolean(a(c)) || Boolean(b(c)) };
			case 'add':
				return { fn: (c) => Number(a(c)) + Number(b(c)) };
			case 'sub':
				return { fn: (c) => Number(a(c)) - Number(b(c)) };
			case 'mul':
				return { fn: (c) => Number(a(c)) * Number(b(c)) };
			case 'div':
				return { fn: (c) => Number(a(c)) / Number(b(c)) };
			case 'mod':
				return { fn: (c) => Number(a(c)) % Number(b(c)) };
			default: {
				// Composite compared with cast(guid'…','Catalog_X'): value AND type must match.
				const typed = l.typeFn && r.castType ? { t: l.typeFn, type: r.castType } : r.typeFn && l.castType ? { t: r.typeFn, type: l.castType } : undefined;
				const op = n.op;
				const test = (x: number): boolean =>
					op === 'eq' ? x === 0 : op === 'ne' ? x !== 0 : op === 'gt' ? x > 0 : op === 'ge' ? x >= 0 : op === 'lt' ? x < 0 : x <= 0;
				if (typed) {
					const expected = `StandardODATA.${typed.type}`;
					return {
						fn: (c) => {
							const same = compare(a(c), b(c)) === 0 && typed.t(c) === expected;
							return op === 'ne' ? !same : op === 'eq' ? same : test(compare(a(c), b(c)));
						},
					};
				}
				if (op === 'eq' || op === 'ne') {
					// 1C compares strings case-insensitively in queries (DB collation), trailing spaces ignored
					return { fn: (c) => test(compare(fold(a(c)), fold(b(c)))) };
				}
				return { fn: (c) => test(compare(a(c), b(c))) };
			}
		}
	}

	private call(name: string, args: FilterNode[]): Compiled {
		if (name === 'cast') {
			if (this.env.platform?.compositeFilters === false) throw filterSyntax(`неизвестная функция '${name}'`);
			if (args.length !== 2 || args[1].type !== 'literal' || typeof args[1].value !== 'string') throw filterSyntax('неверные параметры cast');
			const typeName = args[1].value.replace(/^StandardODATA\./, '');
			const v = this.compile(args[0]).fn;
			return typeName.startsWith('Edm.') ? { fn: v } : { fn: v, castType: typeName };
		}
		const f = FUNCS[name];
		if (!f) throw filterSyntax(`неизвестная функция '${name}'`);
		if (!f.arity.includes(args.length)) throw filterSyntax(`неверное число параметров функции '${name}'`);
		const compiled = args.map((a) => this.compile(a).fn);
		return { fn: (c) => f.impl(compiled.map((g) => g(c))) };
	}

	private lambda(n: Extract<FilterNode, { type: 'lambda' }>): Compiled {
		const { scope, get } = this.resolveTabular(n.path);
		if (!n.body || !n.variable) {
			return { fn: (c) => (get(c) ?? []).length > 0 };
		}
		const variable = n.variable;
		const inner = new Compiler(this.env, this.root, new Map([...this.vars, [variable, scope]]));
		const body = inner.compile(n.body).fn;
		const every = n.op === 'all';
		return {
			fn: (c) => {
				const rows = get(c) ?? [];
				const test = (row: Rec): boolean => Boolean(body({ rec: c.rec, vars: { ...c.vars, [variable]: row } }));
				return every ? rows.every(test) : rows.some(test);
			},
		};
	}

	private resolveTabular(path: string[]): { scope: Scope; get: (c: Ctx) => Rec[] | undefined } {
		let scope = this.root;
		let start = 0;
		let getBase: (c: Ctx) => Rec | undefined = (c) => c.rec;
		if (this.vars.has(path[0])) {
			const v = path[0];
			scope = this.vars.get(v)!;
			getBase = (c) => c.vars[v];
			start = 1;
		}
		if (path.length - start !== 1) throw filterSyntax('лямбда-выражение допустимо только для табличной части');
		const t = scope.tabularByName.get(path[start]);
		if (!t) throw notFoundSegment(path[start]);
		const name = t.name;
		const rowScope: Scope = { propByName: t.propByName, navs: navsOf(t.propByName), tabularByName: new Map() };
		return { scope: rowScope, get: (c) => getBase(c)?.[name] as Rec[] | undefined };
	}

	private path(segments: string[]): Compiled {
		let scope: Scope = this.root;
		let get: (c: Ctx) => Rec | undefined = (c) => c.rec;
		let i = 0;
		if (this.vars.has(segments[0])) {
			const v = segments[0];
			scope = this.vars.get(v)!;
			get = (c) => c.vars[v];
			i = 1;
			if (segments.length === 1) throw filterSyntax(`переменная '${v}' без свойства`);
		}
		for (; i < segments.length; i++) {
			const name = segments[i];
			const last = i === segments.length - 1;
			const p = scope.propByName.get(name);
			if (last) {
				if (!p) throw notFoundSegment(name);
				// Before 8.3.8.1652 the `_Type` half of a composite is not a filterable property.
				if (p.kind === 'compositeType' && this.env.platform?.compositeFilters === false) throw notFoundSegment(name);
				const g = get;
				const compiled: Compiled = { fn: (c) => g(c)?.[name] };
				if (p.kind === 'composite') compiled.typeFn = (c) => g(c)?.[`${name}_Type`];
				return compiled;
			}
			const nav = scope.navs.get(name);
			if (!nav || !nav.target) throw notFoundSegment(name);
			const target = this.env.model.sets.get(nav.target);
			if (!target) throw notFoundSegment(name);
			const g = get;
			const keyName = nav.name;
			const targetName = target.name;
			const env = this.env;
			get = (c) => {
				const key = g(c)?.[keyName];
				return typeof key === 'string' ? env.lookup(targetName, key) : undefined;
			};
			scope = target;
		}
		throw filterSyntax('пустой путь');
	}
}

export function navsOf(props: Map<string, PropDef>): Map<string, PropDef> {
	const navs = new Map<string, PropDef>();
	for (const p of props.values()) if (p.kind === 'guid' && p.nav && p.target) navs.set(p.nav, p);
	return navs;
}

export function compileFilter(ast: FilterNode, scope: Scope, env: FilterEnv): (rec: Rec) => boolean {
	const fn = new Compiler(env, scope, new Map()).compile(ast).fn;
	return (rec) => Boolean(fn({ rec, vars: {} }));
}

/** A getter for a `$orderby`/`$select` path (own property or Nav/Prop). */
export function compileGetter(segments: string[], scope: Scope, env: FilterEnv): (rec: Rec) => unknown {
	// $select/$orderby may name `X_Type` on any platform; only filters are restricted.
	const fn = new Compiler({ ...env, platform: { compositeFilters: true, compositeOrderBy: true } }, scope, new Map()).compile({ type: 'path', segments }).fn;
	return (rec) => fn({ rec, vars: {} });
}

export { compare as compareValues, EMPTY_SCOPE };
