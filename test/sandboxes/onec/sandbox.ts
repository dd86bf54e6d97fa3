import { defaultConfig, type SandboxConfig } from './config';
import { loadModel } from './model';
import { Store, type StateData } from './store';
import { buildSeed, SEED_USERS } from './fixtures/seed';
import { buildLarge, type LargeOptions } from './fixtures/large';
import type { RandomFaults } from '../random-faults';

/** Everything a running sandbox knows: the store, switches, scripted faults and the request log. */
export interface RequestLogEntry {
	time: string;
	method: string;
	/** Decoded path (including the publication prefix). */
	path: string;
	query: Record<string, string>;
	rawUrl: string;
	body: string;
	/** The HTTP status; -1 the connection was dropped unanswered, -2 handled but the answer lost, -3 held past the client's timeout. */
	status: number;
	user?: string;
}

export interface Faults {
	/** Forced statuses for the next `count` matching OData requests (`method`: of that method only); `body`/`contentType` replace the canned page. */
	status: { status: number; count: number; match?: string; method?: string; body?: string; contentType?: string }[];
	/** Delay of the first OData request after reset (session start, docs/1c-odata.md#urls-and-authentication). */
	slowFirstRequestMs: number;
	firstRequestDone: boolean;
	/** Connection drops (socket destroyed without a response). */
	drop: { count: number; match?: string }[];
	/** Extra latency for matching requests (per-route latency knob). */
	latency: { ms: number; match?: string }[];
	/** Scripted posting refusals: the next `count` Post calls fail with this message. */
	postingRefusal: { message: string; count: number }[];
	/** Scripted lock timeouts: the next `count` writes or posts of an object fail with the platform's lock-timeout text. */
	lockTimeout: { count: number }[];
	/** Scripted silent posts: the next `count` Post calls answer 200 and change nothing (always re-read Posted). */
	postIgnored: { count: number }[];
	/**
	 * In-process only (tests, no control API): the next `count` matching requests are handled as usual (state changes
	 * stay), then their answer is rewritten: a 1C or proxy answering the same data with a field mistyped, a JSON cut
	 * short, an HTML page with status 200 (test/hostile).
	 */
	rewrite: { count: number; match?: string; method?: string; apply: (reply: { status: number; headers: Record<string, string>; body: string }) => { status: number; headers: Record<string, string>; body: string } }[];
}

export type FixtureName = 'seed' | 'large';

export function emptyFaults(): Faults {
	return { status: [], slowFirstRequestMs: 0, firstRequestDone: false, drop: [], latency: [], postingRefusal: [], lockTimeout: [], postIgnored: [], rewrite: [] };
}

export class Sandbox {
	store: Store;
	config: SandboxConfig = defaultConfig();
	faults: Faults = emptyFaults();
	/** Seeded random faults on OData requests (the chaos suite; test/sandboxes/random-faults.ts); reset turns them off. */
	randomFaults?: RandomFaults;
	log: RequestLogEntry[] = [];
	rootUrl = '';
	fixture: FixtureName = 'seed';

	constructor(
		fixture: FixtureName = 'seed',
		private readonly largeOptions: LargeOptions = {},
	) {
		this.store = new Store(loadModel());
		this.reset(fixture);
	}

	reset(fixture: FixtureName = this.fixture): void {
		this.fixture = fixture;
		this.store = new Store(loadModel());
		this.store.importState(fixture === 'large' ? cachedLarge(this.largeOptions) : buildSeed());
		this.faults = emptyFaults();
		this.randomFaults = undefined;
	}

	resetToState(state: StateData): void {
		this.store = new Store(loadModel());
		// a hand-written state without users keeps the seed users, so the sandbox stays reachable
		this.store.importState({ ...state, users: state.users?.length ? state.users : SEED_USERS });
		this.faults = emptyFaults();
		this.randomFaults = undefined;
	}

	isPublished(setName: string): boolean {
		if (!this.config.published) return true;
		if (this.config.published.includes(setName)) return true;
		// tabular rows and _RecordType views follow their parent's publication
		const def = this.store.model.sets.get(setName);
		if (def?.parentSet) return this.config.published.includes(def.parentSet);
		if (def?.baseRegister && def.baseRegister !== setName) return this.config.published.includes(def.baseRegister);
		return false;
	}

	/** Today's date (`YYYY-MM-DD`) for operational posting. */
	today(): string {
		return this.config.today ?? localIsoDate(new Date()).slice(0, 10);
	}
}

/**
 * The large fixture is built once per process and options: records are never mutated in place
 * (writes replace objects), so later resets and several sandboxes can share it.
 */
let largeCache: { key: string; state: StateData } | undefined;
function cachedLarge(opts: LargeOptions): StateData {
	const key = JSON.stringify(opts);
	if (largeCache?.key !== key) largeCache = { key, state: buildLarge(opts) };
	return largeCache.state;
}

/** Local wall-clock time as 1C writes it (no zone): `YYYY-MM-DDTHH:MM:SS`. */
export function localIsoDate(d: Date): string {
	const p = (n: number): string => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
