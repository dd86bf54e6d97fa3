import { randomUUID } from 'crypto';
import type { SandboxUser } from './auth';
import { defaultValue, type Model, type PropDef, type SetDef } from './model';
import type { Rec } from './filter/evaluator';

/**
 * In-memory infobase. Every set of the model is a table (catalogs, documents, `_RecordType`
 * register records, independent information registers). Records are sparse objects whose prototype
 * holds the set's defaults, so 100,000 items cost little memory and still read as full objects.
 * Tabular rows are arrays inside their document/catalog, as 1C stores them.
 */
export interface StateData {
	users: SandboxUser[];
	/** Set name → records (own properties only; defaults come from the model). */
	entities: Record<string, Rec[]>;
}

interface Table {
	def: SetDef;
	rows: Rec[];
	byKey: Map<string, Rec>;
	version: number;
	sortCache: Map<string, Rec[]>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (v: unknown): v is string => typeof v === 'string' && GUID_RE.test(v);

export function newGuid(): string {
	return randomUUID();
}

/** An answer as the server sends it; a kept one holds its body as bytes. */
export interface StoredAnswer {
	status: number;
	headers: Record<string, string>;
	body: string | Buffer;
}

/** Enough for every page of the price slice and balances of the 300,000-offer benchmark fixture (about 260 MB). */
const ANSWER_CACHE_BYTES = 512 * 2 ** 20;

export class Store {
	readonly tables = new Map<string, Table>();
	private readonly protos = new Map<string, object>();
	users: SandboxUser[] = [];
	private dataVersion = 1;

	constructor(
		readonly model: Model,
		private readonly answerCacheBytes = ANSWER_CACHE_BYTES,
	) {
		for (const def of model.sets.values()) {
			if (def.kind === 'TabularSection' || def.kind === 'AccumulationRegister' || (def.kind === 'InformationRegister' && def.recorderSubordinate)) continue;
			this.tables.set(def.name, { def, rows: [], byKey: new Map(), version: 0, sortCache: new Map() });
			this.protos.set(def.name, protoOf(def.props));
			for (const t of def.tabulars) this.protos.set(t.setName, protoOf(t.props));
		}
	}

	table(setName: string): Table | undefined {
		return this.tables.get(setName);
	}

	keyOf(def: SetDef, rec: Rec): string {
		if (def.keyProps.length === 1 && def.keyProps[0] === 'Ref_Key') return String(rec.Ref_Key);
		return def.keyProps.map((k) => String(rec[k])).join('|');
	}

	/** Opaque base64 that changes on every write (8 base64 digits of a 48-bit counter). */
	nextDataVersion(): string {
		let n = this.dataVersion++;
		let s = '';
		for (let i = 0; i < 8; i++) {
			s = B64[n % 64] + s;
			n = Math.floor(n / 64);
		}
		return s;
	}

	private readonly fixedCache = new Map<string, PropDef[]>();
	private fixedOf(setName: string, props: PropDef[]): PropDef[] {
		let f = this.fixedCache.get(setName);
		if (!f) this.fixedCache.set(setName, (f = props.filter((p) => p.kind === 'string' && p.fixed && p.length)));
		return f;
	}

	/** Wraps own values in an object inheriting the set's defaults; pads fixed strings. */
	materialize(setName: string, props: PropDef[], own: Rec): Rec {
		// The caller's object becomes the record (no copy): its prototype supplies the defaults.
		const rec = Object.setPrototypeOf(own, this.protos.get(setName) ?? null) as Rec;
		for (const p of this.fixedOf(setName, props)) {
			if (Object.prototype.hasOwnProperty.call(rec, p.name)) rec[p.name] = String(own[p.name]).slice(0, p.length).padEnd(p.length!, ' ');
		}
		return rec;
	}

	/** Inserts or replaces a record (fixtures and writes). */
	put(setName: string, own: Rec): Rec {
		const t = this.tables.get(setName);
		if (!t) throw new Error(`unknown set ${setName}`);
		const def = t.def;
		if (def.kind === 'Catalog' || def.kind === 'Document') {
			if (!own.Ref_Key) own.Ref_Key = newGuid();
			if (!own.DataVersion) own.DataVersion = this.nextDataVersion();
		}
		const rec = this.materialize(setName, def.props, own);
		for (const tab of def.tabulars) {
			const rows = own[tab.name];
			rec[tab.name] = Array.isArray(rows) ? rows.map((r, i) => this.materialize(tab.setName, tab.props, { LineNumber: i + 1, ...(r as Rec) })) : [];
		}
		const key = this.keyOf(def, rec);
		const old = t.byKey.get(key);
		if (old) t.rows[t.rows.indexOf(old)] = rec;
		else t.rows.push(rec);
		t.byKey.set(key, rec);
		this.touch(t);
		return rec;
	}

	/** Bulk load used by fixtures: no per-row duplicate check. */
	load(setName: string, owns: Rec[]): void {
		const t = this.tables.get(setName);
		if (!t) throw new Error(`unknown set ${setName}`);
		for (const own of owns) {
			if ((t.def.kind === 'Catalog' || t.def.kind === 'Document') && !own.DataVersion) own.DataVersion = this.nextDataVersion();
			const rec = this.materialize(setName, t.def.props, own);
			for (const tab of t.def.tabulars) {
				const rows = own[tab.name];
				rec[tab.name] = Array.isArray(rows) ? rows.map((r, i) => this.materialize(tab.setName, tab.props, { LineNumber: i + 1, ...(r as Rec) })) : [];
			}
			t.rows.push(rec);
			t.byKey.set(this.keyOf(t.def, rec), rec);
		}
		this.touch(t);
	}

	get(setName: string, key: string): Rec | undefined {
		return this.tables.get(setName)?.byKey.get(key.toLowerCase()) ?? this.tables.get(setName)?.byKey.get(key);
	}

	rows(setName: string): Rec[] {
		return this.tables.get(setName)?.rows ?? [];
	}

	removeWhere(setName: string, pred: (r: Rec) => boolean): number {
		const t = this.tables.get(setName);
		if (!t) return 0;
		const keep = t.rows.filter((r) => !pred(r));
		const removed = t.rows.length - keep.length;
		if (removed) {
			t.rows = keep;
			t.byKey = new Map(keep.map((r) => [this.keyOf(t.def, r), r]));
			this.touch(t);
		}
		return removed;
	}

	/** Bumped on every change anywhere (filters may follow references into other tables). */
	generation = 0;
	private readonly resultCache = new Map<string, Rec[]>();
	private readonly valueCache = new Map<string, unknown>();

	private readonly answerCache = new Map<string, StoredAnswer>();
	private answerBytes = 0;

	touch(t: Table): void {
		t.version++;
		t.sortCache.clear();
		this.generation++;
		this.resultCache.clear();
		this.valueCache.clear();
		this.answerCache.clear();
		this.answerBytes = 0;
	}

	/**
	 * An answer computed from the infobase alone (a page of a virtual table), kept as bytes until anything changes,
	 * up to `answerCacheBytes` in all; past that, answers are built each time.
	 */
	cachedAnswer(key: string, make: () => StoredAnswer): StoredAnswer {
		const kept = this.answerCache.get(key);
		if (kept) return kept;
		const made = make();
		const body = typeof made.body === 'string' ? Buffer.from(made.body, 'utf8') : made.body;
		const answer = { ...made, body };
		if (made.status === 200 && this.answerBytes + body.length <= this.answerCacheBytes) {
			this.answerCache.set(key, answer);
			this.answerBytes += body.length;
		}
		return answer;
	}

	/** How many answers are kept and their bytes (tests). */
	keptAnswers(): { answers: number; bytes: number } {
		return { answers: this.answerCache.size, bytes: this.answerBytes };
	}

	/** Any value computed from the infobase (a virtual table read in pages), kept until anything changes. */
	cachedValue<T>(key: string, compute: () => T): T {
		if (this.valueCache.has(key)) return this.valueCache.get(key) as T;
		const value = compute();
		if (this.valueCache.size >= 8) this.valueCache.delete(this.valueCache.keys().next().value as string);
		this.valueCache.set(key, value);
		return value;
	}

	/** Filtered+sorted row lists, so paging a big set by $skip does not re-scan from the start. */
	cachedResult(key: string, compute: () => Rec[]): Rec[] {
		let r = this.resultCache.get(key);
		if (!r) {
			r = compute();
			if (this.resultCache.size >= 16) this.resultCache.delete(this.resultCache.keys().next().value as string);
			this.resultCache.set(key, r);
		}
		return r;
	}

	markChanged(setName: string): void {
		const t = this.tables.get(setName);
		if (t) this.touch(t);
	}

	/** Rows sorted by `sort`, cached until the table changes (paged reads of 100k rows). */
	sorted(setName: string, cacheKey: string, sort: (rows: readonly Rec[]) => Rec[]): Rec[] {
		const t = this.tables.get(setName);
		if (!t) return [];
		let s = t.sortCache.get(cacheKey);
		if (!s) {
			s = sort(t.rows);
			t.sortCache.set(cacheKey, s);
		}
		return s;
	}

	/** Own properties only (defaults live in the prototype) — for GET state and reset {state}. */
	exportState(): StateData {
		const entities: Record<string, Rec[]> = {};
		for (const [name, t] of this.tables) {
			if (!t.rows.length) continue;
			entities[name] = t.rows.map((r) => {
				const o: Rec = { ...r };
				for (const tab of t.def.tabulars) o[tab.name] = ((r[tab.name] as Rec[]) ?? []).map((row) => ({ ...row }));
				return o;
			});
		}
		return { users: this.users.map((u) => ({ ...u })), entities };
	}

	importState(s: StateData): void {
		for (const t of this.tables.values()) {
			t.rows = [];
			t.byKey = new Map();
			this.touch(t);
		}
		this.users = (s.users ?? []).map((u) => ({ ...u }));
		for (const [name, rows] of Object.entries(s.entities ?? {})) {
			if (this.tables.has(name)) this.load(name, rows);
		}
	}
}

function protoOf(props: PropDef[]): object {
	const o: Rec = {};
	for (const p of props) o[p.name] = defaultValue(p);
	return o;
}
