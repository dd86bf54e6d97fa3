import type { Rec } from './filter/evaluator';
import type { Sandbox } from './sandbox';
import { emptyFaults, localIsoDate } from './sandbox';
import { newGuid, type StateData } from './store';
import { normalizeDateTime } from './filter/parser';
import { defaultConfig, type SandboxConfig } from './config';
import { handleProgressControl } from './progress/control';

/**
 * Control API under `/__sandbox/` (no auth, not in the request log): reset, state, movements and
 * prices "entered by a 1C user", the request log, scripted faults and behaviour switches.
 */
export interface ControlReply {
	status: number;
	body: unknown;
}

const RECEIPT_RECORDER = 'StandardODATA.Document_ПоступлениеТоваровУслуг';
const EXPENSE_RECORDER = 'StandardODATA.Document_РеализацияТоваровУслуг';
const PRICE_RECORDER = 'StandardODATA.Document_УстановкаЦенНоменклатуры';

function parse(body: string): Rec {
	if (!body.trim()) return {};
	return JSON.parse(body) as Rec;
}

function nowOr(v: unknown): string {
	return (typeof v === 'string' && normalizeDateTime(v)) || localIsoDate(new Date());
}

export function handleControl(sb: Sandbox, method: string, action: string, query: Map<string, string>, bodyText: string): ControlReply {
	const body = method === 'GET' || method === 'DELETE' ? {} : parse(bodyText);
	switch (`${method} ${action}`) {
		case 'POST reset': {
			if (body.state) sb.resetToState(body.state as StateData);
			else sb.reset((body.fixture as 'seed' | 'large') ?? sb.fixture);
			sb.log = [];
			return { status: 200, body: summary(sb) };
		}
		case 'GET state':
			return { status: 200, body: query.get('full') === '1' ? { ...summary(sb), state: sb.store.exportState() } : summary(sb) };
		case 'POST movements':
			return { status: 201, body: addMovements(sb, body) };
		case 'POST prices':
			return { status: 201, body: addPrices(sb, body) };
		case 'GET requests':
			return { status: 200, body: sb.log };
		case 'DELETE requests':
			sb.log = [];
			return { status: 200, body: { cleared: true } };
		case 'POST faults':
			addFaults(sb, body);
			return { status: 200, body: sb.faults };
		case 'DELETE faults':
			sb.faults = emptyFaults();
			return { status: 200, body: sb.faults };
		case 'POST config': {
			// `{defaults: true, …}` starts from the default switches, then applies the rest.
			const { defaults, ...patch } = body as Partial<SandboxConfig> & { defaults?: boolean };
			sb.config = { ...(defaults ? defaultConfig() : sb.config), ...patch };
			return { status: 200, body: sb.config };
		}
		case 'GET config':
			return { status: 200, body: sb.config };
		case 'POST users':
			return upsertUser(sb, body);
		default:
			return handleProgressControl(sb, method, action, body) ?? { status: 404, body: { error: `unknown control action ${method} ${action}` } };
	}
}

function summary(sb: Sandbox): Rec {
	const counts: Record<string, number> = {};
	for (const [name, t] of sb.store.tables) if (t.rows.length) counts[name] = t.rows.length;
	return { fixture: sb.fixture, counts, config: sb.config, users: sb.store.users.map((u) => u.name) };
}

/**
 * Body: `{register?: 'ТоварыНаСкладах', recordType?: 'Receipt'|'Expense', period?, records: [{Склад_Key,
 * Номенклатура_Key, ХарактеристикаНоменклатуры_Key?, Количество, RecordType?, Period?, register?}]}`
 * or a bare array of records. One recorder document per call (as if a 1C user posted one document).
 */
export function addMovements(sb: Sandbox, body: Rec | Rec[]): Rec {
	const b: Rec = Array.isArray(body) ? { records: body } : body;
	const records = (b.records as Rec[]) ?? [];
	const recorder = newGuid();
	const written: Record<string, number> = {};
	const byRegister = new Map<string, Rec[]>();
	for (const r of records) {
		const register = String(r.register ?? b.register ?? 'ТоварыНаСкладах').replace(/^AccumulationRegister_/, '').replace(/_RecordType$/, '');
		const set = `AccumulationRegister_${register}_RecordType`;
		if (!sb.store.table(set)) throw new Error(`unknown register ${register}`);
		const recordType = String(r.RecordType ?? b.recordType ?? 'Receipt');
		const list = byRegister.get(set) ?? [];
		const own: Rec = { ...r };
		delete own.register;
		list.push({
			...own,
			Recorder: recorder,
			Recorder_Type: recordType === 'Expense' ? EXPENSE_RECORDER : RECEIPT_RECORDER,
			Period: nowOr(r.Period ?? b.period),
			LineNumber: list.length + 1,
			Active: true,
			RecordType: recordType,
		});
		byRegister.set(set, list);
	}
	for (const [set, list] of byRegister) {
		sb.store.load(set, list);
		written[set] = list.length;
	}
	return { recorder, written };
}

/**
 * Body: `{period?, records: [{ТипЦен_Key, Номенклатура_Key, ХарактеристикаНоменклатуры_Key?, Цена, Валюта_Key?, ЕдиницаИзмерения_Key?,
 * ПроцентСкидкиНаценки?, Period?}]}`; `Валюта_Key` defaults to the price type's ВалютаЦены.
 */
export function addPrices(sb: Sandbox, body: Rec | Rec[]): Rec {
	const b: Rec = Array.isArray(body) ? { records: body } : body;
	const recorder = newGuid();
	const list = ((b.records as Rec[]) ?? []).map((r, i) => ({
		// УстановкаЦенНоменклатуры always writes the currency: the price type's unless a row says otherwise.
		Валюта_Key: sb.store.get('Catalog_ТипыЦенНоменклатуры', String(r.ТипЦен_Key))?.ВалютаЦены_Key,
		...r,
		Recorder: recorder,
		Recorder_Type: PRICE_RECORDER,
		Period: nowOr(r.Period ?? b.period),
		LineNumber: i + 1,
		Active: true,
	}));
	sb.store.load('InformationRegister_ЦеныНоменклатуры_RecordType', list);
	return { recorder, written: list.length };
}

function addFaults(sb: Sandbox, b: Rec): void {
	const count = Number(b.count ?? 1);
	const match = typeof b.match === 'string' ? b.match : undefined;
	if (b.status !== undefined) {
		sb.faults.status.push({ status: Number(b.status), count, match, body: typeof b.body === 'string' ? b.body : undefined, contentType: typeof b.contentType === 'string' ? b.contentType : undefined });
	}
	if (b.slowFirstRequestMs !== undefined) {
		sb.faults.slowFirstRequestMs = Number(b.slowFirstRequestMs);
		sb.faults.firstRequestDone = false;
	}
	if (b.drop) sb.faults.drop.push({ count, match });
	if (b.latencyMs !== undefined) sb.faults.latency.push({ ms: Number(b.latencyMs), match });
	if (typeof b.postingRefusal === 'string') sb.faults.postingRefusal.push({ message: b.postingRefusal, count });
	if (b.lockTimeout) sb.faults.lockTimeout.push({ count });
	if (b.postIgnored) sb.faults.postIgnored.push({ count });
}

/**
 * `{name, password?, rights?}`: adds a user or changes one (password, additional rights such as
 * `РазрешитьНулевыеЦеныВОпте`); rights are replaced as given. The seed's users have no additional rights.
 */
function upsertUser(sb: Sandbox, body: Rec): ControlReply {
	const name = typeof body.name === 'string' ? body.name : '';
	if (!name) return { status: 400, body: { error: 'name is required' } };
	const rights = Array.isArray(body.rights) ? body.rights.map(String) : undefined;
	const held = sb.store.users.find((u) => u.name === name);
	if (held) {
		if (typeof body.password === 'string') held.password = body.password;
		if (rights) held.rights = rights;
	} else {
		if (typeof body.password !== 'string') return { status: 400, body: { error: 'a new user needs a password' } };
		sb.store.users.push({ name, password: body.password, ...(rights ? { rights } : {}) });
	}
	return { status: 200, body: sb.store.users.map((u) => ({ name: u.name, rights: u.rights ?? [] })) };
}
