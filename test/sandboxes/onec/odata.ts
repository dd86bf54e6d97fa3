import type { IncomingHttpHeaders } from 'http';
import type { SandboxUser } from './auth';
import { buildEdmx } from './edmx';
import { ODataError, accessDenied, entityNotFound, errorJson, errorXml, internalError, methodNotFound, notFoundSegment } from './errors';
import type { FilterEnv, Rec } from './filter/evaluator';
import { EMPTY_GUID, type SetDef } from './model';
import { applyQuery, parseQuery } from './query';
import { atomFeed, serializeEntity, type SerializeOptions } from './serializer';
import type { Sandbox } from './sandbox';
import { isGuid, type StoredAnswer } from './store';
import { parseNamedArgs, parseSegment, splitTopLevel, unquote } from './url';
import { balance, slice, slicePeriodClass, turnovers, type VirtualResult } from './virtual-tables';
import { createEntity, createRegisterRecord, patchEntity } from './writes';
import { postDocument, unpostDocument } from './posting';

/** Routing of `/{pub}/odata/standard.odata/…` requests (after auth) to reads, writes and functions. */
export interface ODataRequest {
	method: string;
	/** Decoded path relative to the OData root, without leading slash. */
	path: string;
	query: Map<string, string>;
	headers: IncomingHttpHeaders;
	body: string;
	/** The authenticated 1C user (its additional rights, and per-user rights and settings by name). */
	user?: SandboxUser;
}

/** An answer; its body is bytes when it comes from the store's cache (Store.cachedAnswer). */
export type Reply = StoredAnswer;

const JSON_TYPE = 'application/json;odata=minimalmetadata;streaming=true;charset=utf-8';
const JSON_NOMETA = 'application/json;odata=nometadata;charset=utf-8';

interface Format {
	json: boolean;
	nometadata: boolean;
}

function formatOf(req: ODataRequest, sb: Sandbox): Format {
	const f = (req.query.get('$format') ?? '').toLowerCase();
	const accept = String(req.headers.accept ?? '').toLowerCase();
	// A platform that does not know the metadata level in $format answers as if $format were missing (Atom).
	const unknownLevel = f.includes('odata=') && sb.config.noMetadataFormat === 'atom';
	const json = !unknownLevel && (f.startsWith('json') || f.startsWith('application/json') || (sb.config.acceptHeaderSelectsJson && !f && accept.includes('application/json')));
	const nometadata = f.includes('nometadata') || (!f.includes('metadata') && accept.includes('odata=nometadata'));
	return { json, nometadata };
}

/** A Location/header value carrying raw UTF-8 bytes, as 1C sends it (docs/1c-odata.md#writes). */
export function rawUtf8Header(s: string): string {
	return Buffer.from(s, 'utf8').toString('latin1');
}

export function errorReply(e: ODataError, fmt: Format): Reply {
	return fmt.json
		? { status: e.status, headers: { 'content-type': 'application/json;charset=utf-8' }, body: errorJson(e) }
		: { status: e.status, headers: { 'content-type': 'application/xml;charset=utf-8' }, body: errorXml(e) };
}

export class ODataRouter {
	constructor(private readonly sb: Sandbox) {}

	private get root(): string {
		return this.sb.rootUrl;
	}

	env(): FilterEnv {
		const store = this.sb.store;
		const { compositeFilters, compositeOrderBy } = this.sb.config;
		return { model: store.model, lookup: (set, key) => store.get(set, key), platform: { compositeFilters, compositeOrderBy } };
	}

	private serOpts(fmt: Format): SerializeOptions {
		const store = this.sb.store;
		return { nometadata: fmt.nometadata, lookup: (set, key) => store.get(set, key), setDef: (n) => store.model.sets.get(n) };
	}

	handle(req: ODataRequest): Reply {
		const fmt = formatOf(req, this.sb);
		try {
			const format = req.query.get('$format') ?? '';
			if (this.sb.config.noMetadataFormat === 'refused' && format.toLowerCase().includes('odata=')) {
				throw new ODataError(400, '-1', `Неверное значение параметра $format: ${format}`);
			}
			return this.route(req, fmt);
		} catch (e) {
			if (e instanceof ODataError) return errorReply(e, fmt);
			const msg = e instanceof Error ? e.message : String(e);
			return errorReply(new ODataError(500, '-1', `Произошла внутренняя ошибка OData сервиса. ${msg}`), fmt);
		}
	}

	/** A set of the composition; an unknown or unpublished one is 404 on a real base (400 code 6 behind a switch). */
	private published(name: string): SetDef {
		const def = this.sb.store.model.sets.get(name);
		if (!def || !this.sb.isPublished(name)) throw notFoundSegment(name, this.sb.config.unpublishedSetStatus);
		return def;
	}

	/** 403 when a `deny` entry takes this right away from the user (on the set, or on its parent/base register). */
	private checkRight(def: SetDef, user: string | undefined, access: 'read' | 'write' | 'post'): void {
		const names = [def.name, def.parentSet, def.baseRegister].filter((n): n is string => !!n);
		const denied = this.sb.config.deny.some((d) => d.access === access && names.includes(d.set) && (d.user === undefined || d.user === user));
		if (denied) throw accessDenied();
	}

	/** 403 when a row read is hidden from the user by a record-level restriction (config `rlsHidden`). */
	private checkRowAccess(def: SetDef, user: string | undefined, rows: Rec[]): void {
		const names = [def.name, def.parentSet].filter((n): n is string => !!n);
		for (const r of this.sb.config.rlsHidden) {
			if (!names.includes(r.set) || (r.user !== undefined && r.user !== user)) continue;
			const hidden = new Set(r.refs.map((x) => x.toLowerCase()));
			if (rows.some((row) => hidden.has(String(row.Ref_Key ?? '').toLowerCase()))) throw accessDenied();
		}
	}

	private route(req: ODataRequest, fmt: Format): Reply {
		const path = req.path.replace(/^\/+/, '').replace(/\/+$/, '');
		if (path === '') return this.serviceDocument(fmt);
		if (path === '$metadata') {
			const published = new Set([...this.sb.store.model.sets.keys()].filter((n) => this.sb.isPublished(n)));
			return { status: 200, headers: { 'content-type': 'application/xml;charset=utf-8', DataServiceVersion: '3.0' }, body: buildEdmx(this.sb.store.model, published, !this.sb.config.strictSliceLast) };
		}
		const segs = splitTopLevel(path, '/');
		const first = parseSegment(segs[0]);
		const def = this.published(first.name);
		const method = req.method.toUpperCase();
		const action = segs.length === 2 && /^(Post|Unpost)\b/.test(segs[1]) ? 'post' : method === 'GET' ? 'read' : 'write';
		this.checkRight(def, req.user?.name, action);
		if (method === 'DELETE') {
			// The node must never delete; 1C would delete physically (docs/1c-odata.md#writes). Logged for assertions.
			return errorReply(new ODataError(405, '-1', 'Удаление объектов через песочницу запрещено'), fmt);
		}
		if (segs.length > 2) throw new ODataError(400, '6', 'Extra segments are found in a request to an entity container!');
		const second = segs.length === 2 ? parseSegment(segs[1]) : undefined;

		if (second) {
			if (second.name === '$count') {
				const rows = first.args !== undefined ? [this.findByKey(def, first.args)] : this.sourceRows(def);
				const o = parseQuery(req.query, def, def, this.env());
				const { count } = applyQuery(rows, { ...o, orderby: [], top: undefined, skip: 0, inlinecount: true });
				return { status: 200, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: String(count) };
			}
			return this.callFunction(req, fmt, def, first.args, second.name, second.args);
		}

		if (method === 'POST') {
			if (def.kind === 'TabularSection') throw new ODataError(400, '13', 'Создание строк табличной части напрямую не поддерживается');
			if (first.args !== undefined) throw new ODataError(400, '6', 'Extra segments are found in a request to an entity container!');
			if (def.kind === 'InformationRegister' && !def.recorderSubordinate) return this.created(def, createRegisterRecord(this.sb, def, req.body, req.headers), fmt, undefined);
			if (def.kind !== 'Catalog' && def.kind !== 'Document') throw new ODataError(400, '6', `Запись в '${def.name}' не поддерживается`);
			const rec = createEntity(this.sb, def, req.body, req.headers);
			return this.created(def, rec, fmt, `guid'${rec.Ref_Key}'`);
		}
		if (method === 'PATCH' || method === 'PUT' || method === 'MERGE') {
			if (first.args === undefined || (def.kind !== 'Catalog' && def.kind !== 'Document')) throw new ODataError(400, '6', 'Изменение возможно только для объекта по ключу');
			const target = this.findByKey(def, first.args);
			this.checkLock(target);
			if (def.kind === 'Document' && target.Posted === true) {
				// The stored version and the new one are both checked (a date moved into the closed period).
				this.checkClosedPeriod(target, 'ПередЗаписью');
				const next = (() => {
					try {
						return (JSON.parse(req.body || '{}') as Rec).Date;
					} catch {
						return undefined;
					}
				})();
				if (typeof next === 'string') this.checkClosedPeriod({ Date: next }, 'ПередЗаписью');
			}
			const rec = patchEntity(this.sb, def, target, req.body, req.headers);
			if (this.sb.config.patchAnswer === 'empty') return { status: 204, headers: {}, body: '' };
			return this.element(def, rec, fmt, undefined);
		}
		if (method !== 'GET') throw new ODataError(405, '-1', `Метод ${method} не поддерживается`);
		if (first.args !== undefined) {
			const rec = this.findByKey(def, first.args);
			this.checkRowAccess(def, req.user?.name, [rec]);
			return this.element(def, rec, fmt, req.query);
		}
		return this.collection(def, req, fmt);
	}

	/** 201 with the written object; `key` for the Location header (register records: none, as the key is the dimensions). */
	private created(def: SetDef, rec: Rec, fmt: Format, key: string | undefined): Reply {
		const location = rawUtf8Header(`${this.root}${def.name}${key ? `(${key})` : ''}`);
		if (!fmt.json) {
			const entry = serializeEntity(def, rec, this.serOpts(fmt));
			return { status: 201, headers: { 'content-type': 'application/atom+xml;type=entry;charset=utf-8', location }, body: atomFeed(this.root, def.name, [entry]) };
		}
		const body = { 'odata.metadata': `${this.root}$metadata#${def.name}/@Element`, ...serializeEntity(def, rec, this.serOpts(fmt)) };
		if (fmt.nometadata) delete (body as Rec)['odata.metadata'];
		return {
			status: 201,
			headers: { 'content-type': fmt.nometadata ? JSON_NOMETA : JSON_TYPE, location },
			body: JSON.stringify(body),
		};
	}

	private serviceDocument(fmt: Format): Reply {
		const names = [...this.sb.store.model.sets.keys()].filter((n) => this.sb.isPublished(n));
		if (fmt.json) {
			return {
				status: 200,
				headers: { 'content-type': JSON_TYPE },
				body: JSON.stringify({ 'odata.metadata': `${this.root}$metadata`, value: names.map((n) => ({ name: n, url: n })) }),
			};
		}
		const colls = names.map((n) => `<collection href="${n}"><atom:title>${n}</atom:title></collection>`).join('');
		return {
			status: 200,
			headers: { 'content-type': 'application/atomsvc+xml;charset=utf-8' },
			body: `<?xml version="1.0" encoding="UTF-8"?><service xmlns="http://www.w3.org/2007/app" xmlns:atom="http://www.w3.org/2005/Atom" xml:base="${this.root}"><workspace><atom:title>Default</atom:title>${colls}</workspace></service>`,
		};
	}

	/** Key forms: (guid'…'), (Ref_Key=guid'…'), (Ref_Key=guid'…',LineNumber=1), (Recorder=…). */
	findByKey(def: SetDef, args: string): Rec {
		const store = this.sb.store;
		const guidOf = (v: string | undefined): string => {
			const m = /^guid'([^']*)'$/i.exec((v ?? '').trim());
			if (!m || !isGuid(m[1])) throw new ODataError(400, '1', `Неверное значение ключа: ${args}`);
			return m[1].toLowerCase();
		};
		if (def.kind === 'Catalog' || def.kind === 'Document') {
			const named = parseNamedArgs(args, ['Ref_Key']);
			const rec = store.get(def.name, guidOf(named.get('Ref_Key') ?? args));
			if (!rec) throw entityNotFound();
			return rec;
		}
		if (def.kind === 'TabularSection') {
			const named = parseNamedArgs(args, ['Ref_Key', 'LineNumber']);
			const parent = store.get(def.parentSet!, guidOf(named.get('Ref_Key')));
			const ln = Number(unquote(named.get('LineNumber') ?? ''));
			const row = ((parent?.[def.section!] as Rec[]) ?? []).find((r) => Number(r.LineNumber) === ln);
			if (!parent || !row) throw entityNotFound();
			return { ...row, Ref_Key: parent.Ref_Key };
		}
		throw new ODataError(400, '6', `Обращение по ключу к '${def.name}' не поддерживается`);
	}

	private element(def: SetDef, rec: Rec, fmt: Format, query: Map<string, string> | undefined): Reply {
		const o = query ? parseQuery(query, def, def, this.env()) : undefined;
		const entity = serializeEntity(def, rec, { ...this.serOpts(fmt), select: o?.select, expand: o?.expand });
		if (!fmt.json) return { status: 200, headers: { 'content-type': 'application/atom+xml;type=entry;charset=utf-8' }, body: atomFeed(this.root, def.name, [entity]) };
		const body = fmt.nometadata ? entity : { 'odata.metadata': `${this.root}$metadata#${def.name}/@Element`, ...entity };
		return { status: 200, headers: { 'content-type': fmt.nometadata ? JSON_NOMETA : JSON_TYPE }, body: JSON.stringify(body) };
	}

	/** Rows of a set as a flat list (tabular rows, register record sets are derived views). */
	private sourceRows(def: SetDef): Rec[] {
		const store = this.sb.store;
		if (def.kind === 'TabularSection') {
			return store.rows(def.parentSet!).flatMap((p) => ((p[def.section!] as Rec[]) ?? []).map((r) => ({ ...r, Ref_Key: p.Ref_Key })));
		}
		if ((def.kind === 'AccumulationRegister' || def.kind === 'InformationRegister') && def.recorderSubordinate) {
			const byRecorder = new Map<string, Rec>();
			for (const r of store.rows(`${def.name}_RecordType`)) {
				const k = String(r.Recorder);
				let s = byRecorder.get(k);
				if (!s) byRecorder.set(k, (s = { Recorder: r.Recorder, Recorder_Type: r.Recorder_Type, RecordSet: [] }));
				(s.RecordSet as Rec[]).push(r);
			}
			return [...byRecorder.values()];
		}
		return store.rows(def.name);
	}

	private collection(def: SetDef, req: ODataRequest, fmt: Format): Reply {
		const o = parseQuery(req.query, def, def, this.env());
		const direct = this.sb.store.table(def.name) !== undefined;
		const rows = this.sourceRows(def);
		const store = this.sb.store;
		const cacheKey = `${def.name}\u0000${o.orderKey}\u0000${req.query.get('$filter') ?? ''}`;
		const { page, count } = applyQuery(
			rows,
			o,
			direct ? (sort) => store.sorted(def.name, o.orderKey, sort) : undefined,
			direct ? (compute) => store.cachedResult(cacheKey, compute) : undefined,
		);
		this.checkRowAccess(def, req.user?.name, page);
		const opts = { ...this.serOpts(fmt), select: o.select, expand: o.expand };
		let value: Rec[];
		if ((def.kind === 'AccumulationRegister' || def.kind === 'InformationRegister') && def.recorderSubordinate) {
			const rt = this.sb.store.model.sets.get(`${def.name}_RecordType`)!;
			value = page.map((s) => ({
				Recorder: s.Recorder,
				Recorder_Type: s.Recorder_Type,
				RecordSet: (s.RecordSet as Rec[]).map((r) => serializeEntity(rt, r, { ...opts, select: undefined, expand: undefined })),
			}));
		} else value = page.map((r) => serializeEntity(def, r, opts));
		return this.collectionReply(def.name, value, o.inlinecount ? count : undefined, fmt);
	}

	private collectionReply(name: string, value: Rec[], count: number | undefined, fmt: Format): Reply {
		if (!fmt.json) return { status: 200, headers: { 'content-type': 'application/atom+xml;type=feed;charset=utf-8' }, body: atomFeed(this.root, name, value) };
		const body: Rec = fmt.nometadata ? {} : { 'odata.metadata': `${this.root}$metadata#${name}` };
		if (count !== undefined) body['odata.count'] = String(count);
		body.value = value;
		return { status: 200, headers: { 'content-type': fmt.nometadata ? JSON_NOMETA : JSON_TYPE }, body: JSON.stringify(body) };
	}

	private callFunction(req: ODataRequest, fmt: Format, def: SetDef, keyArgs: string | undefined, fn: string, fnArgs: string | undefined): Reply {
		const method = req.method.toUpperCase();
		if ((fn === 'Post' || fn === 'Unpost') && def.kind === 'Document' && keyArgs !== undefined) {
			if (method !== 'POST') throw methodNotFound(fn);
			const rec = this.findByKey(def, keyArgs);
			const opArg = fnArgs !== undefined ? parseNamedArgs(fnArgs, ['PostingModeOperational']).get('PostingModeOperational') : undefined;
			const operational = String(opArg ?? req.query.get('PostingModeOperational') ?? 'false').toLowerCase() === 'true';
			this.checkLock(rec);
			if (fn === 'Post' || rec.Posted === true) this.checkClosedPeriod(rec, 'ОбработкаПроведения');
			if (fn === 'Post') postDocument(this.sb, def, rec, operational, req.user);
			else unpostDocument(this.sb, def, rec);
			// The answer's body is not to be relied on (docs/1c-odata.md#writes): empty with $format=json, the document as Atom without it.
			if (fmt.json) return { status: 200, headers: { 'content-type': 'application/json;charset=utf-8' }, body: '' };
			const entry = serializeEntity(def, this.findByKey(def, keyArgs), this.serOpts(fmt));
			return { status: 200, headers: { 'content-type': 'application/atom+xml;type=entry;charset=utf-8' }, body: atomFeed(this.root, def.name, [entry]) };
		}
		if (keyArgs !== undefined) {
			// navigation from one entity: Catalog_X(guid'…')/Parent
			const nav = def.navs.get(fn);
			if (nav && nav.target && fnArgs === undefined) {
				const rec = this.findByKey(def, keyArgs);
				const target = this.published(nav.target);
				const child = rec[nav.name] !== EMPTY_GUID ? this.sb.store.get(target.name, String(rec[nav.name])) : undefined;
				if (!child) throw entityNotFound();
				return this.element(target, child, fmt, req.query);
			}
			if (def.propByName.has(fn) || def.tabularByName.has(fn)) throw new ODataError(400, '6', 'Extra segments are found in a request to an entity container!');
			throw notFoundSegment(fn);
		}
		const params = (names: string[]): Map<string, string> => {
			const m = fnArgs !== undefined ? parseNamedArgs(fnArgs, names) : new Map<string, string>();
			for (const n of names) if (!m.has(n) && req.query.has(n)) m.set(n, req.query.get(n)!);
			return m;
		};
		const compute = (): VirtualResult => {
			if (fn === 'Balance' && def.kind === 'AccumulationRegister' && def.registerType === 'Balance') {
				const p = params(['Period', 'Condition', 'Dimensions']);
				return balance(this.sb.store, def, { period: p.get('Period'), condition: unq(p.get('Condition')), dimensions: unq(p.get('Dimensions')), bound: this.sb.config.balancePeriodBound }, this.env());
			}
			if (fn === 'Turnovers' && def.kind === 'AccumulationRegister' && def.registerType === 'Balance') {
				const p = params(['StartPeriod', 'EndPeriod', 'Condition', 'Dimensions']);
				return turnovers(
					this.sb.store,
					def,
					{ startPeriod: p.get('StartPeriod'), endPeriod: p.get('EndPeriod'), condition: unq(p.get('Condition')), dimensions: unq(p.get('Dimensions')) },
					this.env(),
				);
			}
			if ((fn === 'SliceLast' || fn === 'SliceFirst') && def.periodic && this.sliceAllowed(def)) {
				const p = params(['Period', 'Condition']);
				return slice(this.sb.store, this.sliceRecords(def), fn, { period: p.get('Period'), condition: unq(p.get('Condition')), withoutPeriod: this.sb.config.sliceLastWithoutPeriod }, this.env());
			}
			throw methodNotFound(fn);
		};
		// A paged read ($orderby, $skip) computes the table once and slices it page by page, as a real base answers
		// quickly from its totals; any change to the infobase drops the cached table (Store.touch). The same page of
		// the same table is the same text, so it is kept too (Store.cachedAnswer): a real base builds every answer
		// again, on its own server, while here the sandbox shares the machine's cores with the client it serves.
		const paged = req.query.has('$skip') || req.query.has('$orderby');
		if (!paged) return this.virtualReply(def, fn, fmt, req, compute());
		const argsKey = this.virtualArgsKey(def, fn, fnArgs, params);
		// A slice's Period and Condition may come as query options too; they are in argsKey then.
		const inArgsKey = argsKey.startsWith(SLICE_CLASS) ? ['Period', 'Condition'] : [];
		const otherQuery = [...req.query]
			.filter(([k]) => k !== '$top' && k !== '$skip' && !inArgsKey.includes(k))
			.map(([k, v]) => `${k}=${v}`)
			.join('&');
		// The switches change what a table holds (balancePeriodBound) and how it is written (noMetadataFormat).
		const tableKey = `virtual\u0000${def.name}\u0000${fn}\u0000${argsKey}\u0000${otherQuery}\u0000${JSON.stringify(this.sb.config)}`;
		const computed = this.sb.store.cachedValue(tableKey, () => {
			const result = compute();
			const o = parseQuery(req.query, result.scope, undefined, this.env());
			return { result, matched: applyQuery(result.rows, { ...o, skip: 0, top: undefined, inlinecount: true }).page };
		});
		const pageKey = `${tableKey}\u0000${req.query.get('$skip') ?? ''}\u0000${req.query.get('$top') ?? ''}\u0000${fmt.json}\u0000${fmt.nometadata}`;
		return this.sb.store.cachedAnswer(pageKey, () => this.virtualReply(def, fn, fmt, req, computed.result, computed.matched));
	}

	/** A page of a virtual table; `matched` is the table already filtered and ordered (a paged read's cache). */
	private virtualReply(def: SetDef, fn: string, fmt: Format, req: ODataRequest, result: VirtualResult, matched?: Rec[]): Reply {
		const parsed = parseQuery(req.query, result.scope, undefined, this.env());
		const o = this.sb.config.virtualTableSkip === 'ignored' ? { ...parsed, skip: 0 } : parsed;
		const { page, count } = matched ? { page: matched.slice(o.skip, o.top === undefined ? undefined : o.skip + o.top), count: matched.length } : applyQuery(result.rows, o);
		const pseudo = { name: `${def.name}_${fn}`, props: result.props, tabulars: [], navs: new Map(), keyProps: [] } as unknown as SetDef;
		const value = page.map((r) => serializeEntity(pseudo, r, { ...this.serOpts({ ...fmt, nometadata: true }), select: o.select }));
		return this.collectionReply(`${def.name}`, value, o.inlinecount ? count : undefined, fmt);
	}

	/** A virtual table's arguments as a cache key: a slice's Period by the records it selects (virtual-tables.ts slicePeriodClass). */
	private virtualArgsKey(def: SetDef, fn: string, fnArgs: string | undefined, params: (names: string[]) => Map<string, string>): string {
		if ((fn !== 'SliceLast' && fn !== 'SliceFirst') || !def.periodic || !this.sliceAllowed(def)) return fnArgs ?? '';
		const p = params(['Period', 'Condition']);
		return `${SLICE_CLASS}${slicePeriodClass(this.sb.store, this.sliceRecords(def), fn, { period: p.get('Period'), withoutPeriod: this.sb.config.sliceLastWithoutPeriod })}\u0000${p.get('Condition') ?? ''}`;
	}

	/** The set a slice reads: a recorder-subordinate register's records live in its `_RecordType` set. */
	private sliceRecords(def: SetDef): SetDef {
		return def.kind === 'InformationRegister' && def.recorderSubordinate ? this.sb.store.model.sets.get(`${def.name}_RecordType`)! : def;
	}

	/** An object another session holds (config `lockedObjects`), or a scripted lock timeout: the platform's exceptions. */
	private checkLock(rec: Rec): void {
		const timeout = this.sb.faults.lockTimeout.find((f) => f.count > 0);
		if (timeout) {
			timeout.count--;
			throw new ODataError(500, '-1', 'Конфликт блокировок при выполнении транзакции: Превышено максимальное время ожидания предоставления блокировки');
		}
		if (this.sb.config.lockedObjects.includes(String(rec.Ref_Key))) {
			throw new ODataError(500, '-1', 'Ошибка блокировки объекта. Объект уже заблокирован другим пользователем');
		}
	}

	/** UT's period closing date (config `closedBefore`): the handler refuses and OData passes on only its generic text. */
	private checkClosedPeriod(rec: Rec, handler: string): void {
		const closed = this.sb.config.closedBefore;
		if (!closed || String(rec.Date ?? '') > closed) return;
		const generic = this.sb.config.postingRefusalText.replace(/'[^']*'\s*$/, `'${handler}'`);
		throw internalError(this.sb.config.postingMessages === 'detailed' ? `Дата документа ${String(rec.Date)} входит в закрытый период (дата запрета редактирования ${closed}).` : generic);
	}

	private sliceAllowed(def: SetDef): boolean {
		if (def.kind === 'InformationRegisterRecordType') return true;
		if (def.kind === 'InformationRegister' && !def.recorderSubordinate) return true;
		return def.kind === 'InformationRegister' && !this.sb.config.strictSliceLast;
	}
}

const SLICE_CLASS = 'slice\u0000';

function unq(v: string | undefined): string | undefined {
	return v === undefined ? undefined : unquote(v);
}
