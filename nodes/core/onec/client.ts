import type { Clock, HttpMethod, HttpResponse, Transport } from '../http/transport';
import { TransportError } from '../http/transport';
import type { RetryPolicy } from '../http/retry';
import { withRetry } from '../http/retry';
import type { Decoded, EncodableValue } from './codecs';
import { encodeField, rowSchema } from './codecs';
import type { AccumulationRegisterDef, EntityDef, FieldSpecs, InformationRegisterDef, TabularDef } from './model';
import { OneCODataError, errorFromResponse, errorFromTransport, errorFromUnexpectedBody, passOn, type RequestContext } from './errors';
import { and, datetimeLiteral, guidLiteral, inListChunks, queryParams, stringLiteral, type Literal, type QueryOptions } from './query';
import { buildUrl, normalizeRootUrl, type QueryParams } from './url';

/**
 * Client of the 1C:UT 10.3 standard OData interface. Plain TypeScript over the Transport seam:
 * nodes run it over n8n's HTTP helper (auth added by the credential), tests and tools over axios.
 */

/** Retry for 1C: 502/503 from the web server and dropped connections, a few times (1C is slow, not rate-limited). */
export const ONEC_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 3,
	baseDelayMs: 1000,
	maxDelayMs: 10_000,
	retryStatuses: [502, 503],
	retryTransportErrors: true,
};

/** Methods this client sends: never DELETE. */
export type OneCMethod = Exclude<HttpMethod, 'DELETE'>;

/** Where `Balance`/`SliceLast` parameters go (§B4): query string (default, no quote-doubling question) or parentheses. */
export type FunctionParamStyle = 'query' | 'parentheses';
/** `_RecordType/SliceLast` (recorder-subordinate registers per 1C docs) or the plain register path. */
export type SliceLastForm = 'recordType' | 'plain';

export interface OneCClientOptions {
	/** OData root, e.g. `https://host/base/odata/standard.odata` (a publication base URL is completed). */
	rootUrl: string;
	transport: Transport;
	clock: Clock;
	retry?: Partial<RetryPolicy>;
	/** Progress lines (never carries credentials). */
	logger?: (message: string) => void;
	/** Until 1C has answered once: a 1C session may take tens of seconds to start (§B1). Default 60 s. */
	firstRequestTimeoutMs?: number;
	/** Every later request. Default 30 s. */
	requestTimeoutMs?: number;
	/** Rows per page of entity-set reads. Default 1000. */
	pageSize?: number;
	/** Longest URL we send (IIS/proxies cut long query strings). Default 2000. */
	maxUrlLength?: number;
	functionParamStyle?: FunctionParamStyle;
	/** Force the SliceLast path; default: try `_RecordType` first, fall back to plain, remember per root URL. */
	sliceLastForm?: SliceLastForm;
}

type EntityLike<S extends FieldSpecs> = Pick<EntityDef<S>, 'set' | 'specs'>;
type SelectOf<S> = readonly (keyof S & string)[];

export interface ReadOptions<S extends FieldSpecs, K extends keyof S & string> {
	select: readonly K[];
	filter?: string;
	/** Stable order for paging; default `Ref_Key` (entity sets) — pass an explicit order for sets without it. */
	orderby?: readonly string[];
	pageSize?: number;
	/** Stop after this many rows in total. */
	limit?: number;
	/** Add `_S` to type the set (unused at runtime). */
	_S?: S;
}

export interface BalanceOptions<D extends string> {
	/** Dimensions to group by (default all); the others are aggregated away and must not be read. */
	dimensions?: readonly D[];
	/** A filter expression applied before aggregation (narrow it: Balance is costly on big bases). */
	condition?: string;
	/** Balance at this local date-time; default: now (current balance). */
	period?: string;
	/** Applied after aggregation. */
	filter?: string;
}

export interface SliceLastOptions {
	period?: string;
	condition?: string;
	filter?: string;
}

export interface CreateResult<S extends FieldSpecs> {
	ref: string;
	/** Model fields present in 1C's answer (the whole object after business code ran). */
	entity: Partial<Decoded<S>>;
}

/** Write values: header fields by model name, tabular sections as arrays of rows (LineNumber assigned here). */
export type WriteValues<S extends FieldSpecs, T extends Readonly<Record<string, TabularDef>>> = {
	[K in keyof S]?: EncodableValue<S[K]>;
} & {
	[K in keyof T]?: ReadonlyArray<{ [F in keyof Omit<T[K]['specs'], 'LineNumber'>]?: EncodableValue<T[K]['specs'][F]> }>;
};

/** Remembered SliceLast path per root URL + register, so the probe costs one failed request per process at most. */
const sliceLastForms = new Map<string, SliceLastForm>();

/** Tests only: forget remembered SliceLast forms. */
export function forgetSliceLastForms(): void {
	sliceLastForms.clear();
}

export class OneCClient {
	readonly rootUrl: string;
	private readonly transport: Transport;
	private readonly clock: Clock;
	private readonly policy: RetryPolicy;
	private readonly log: (message: string) => void;
	private readonly firstRequestTimeoutMs: number;
	private readonly requestTimeoutMs: number;
	readonly pageSize: number;
	readonly maxUrlLength: number;
	private readonly functionParamStyle: FunctionParamStyle;
	private readonly sliceLastForm: SliceLastForm | undefined;
	/** Set once 1C has answered anything (the session is up): later requests get the normal timeout. */
	private warm = false;

	constructor(options: OneCClientOptions) {
		this.rootUrl = normalizeRootUrl(options.rootUrl);
		this.transport = options.transport;
		this.clock = options.clock;
		this.policy = { ...ONEC_RETRY_POLICY, ...(options.retry ?? {}) };
		this.log = options.logger ?? (() => undefined);
		this.firstRequestTimeoutMs = options.firstRequestTimeoutMs ?? 60_000;
		this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
		this.pageSize = options.pageSize ?? 1000;
		this.maxUrlLength = options.maxUrlLength ?? 2000;
		this.functionParamStyle = options.functionParamStyle ?? 'query';
		this.sliceLastForm = options.sliceLastForm;
	}

	// ------------------------------------------------------------ transport

	/**
	 * Sends one request with the right timeout and retry rules and returns the parsed JSON (or undefined for
	 * an empty body). `safeToRepeat` false (POST create) resends only after a 503, never after a lost connection.
	 */
	async request(method: OneCMethod, url: string, options: { body?: unknown; safeToRepeat: boolean; set?: string }): Promise<unknown> {
		// DELETE physically removes 1C objects (§B5); this package only ever sets DeletionMark.
		if ((method as HttpMethod) === 'DELETE') throw new Error('DELETE is never sent to 1C; use setDeletionMark()');
		const ctx: RequestContext = { method, url, set: options.set };
		const headers: Record<string, string> = { Accept: 'application/json' };
		let body: string | undefined;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['Content-Type'] = 'application/json; charset=utf-8';
		}
		const policy: RetryPolicy = options.safeToRepeat
			? this.policy
			: // A 502 may come from a proxy after 1C did the work; only 503 proves the request was not processed.
				{ ...this.policy, retryStatuses: this.policy.retryStatuses.filter((s) => s === 503) };
		let lastTimeout = this.firstRequestTimeoutMs;
		let response: HttpResponse;
		try {
			response = await withRetry(
				async () => {
					lastTimeout = this.warm ? this.requestTimeoutMs : this.firstRequestTimeoutMs;
					const res = await this.transport.request({ method, url, headers, body, timeoutMs: lastTimeout });
					this.warm = true;
					return res;
				},
				policy,
				this.clock,
				options.safeToRepeat,
				{
					onRetry: ({ attempt, delayMs, reason }) =>
						this.log(`1C: ${reason} on ${method} ${options.set ?? 'request'}, retry ${attempt} of ${policy.maxAttempts - 1} in ${delayMs} ms`),
				},
			);
		} catch (error) {
			if (error instanceof TransportError) throw errorFromTransport(error, ctx, lastTimeout, !options.safeToRepeat);
			throw passOn(error);
		}
		if (response.status < 200 || response.status >= 300) throw errorFromResponse(response, ctx);
		const text = response.body.trim();
		if (text === '') return undefined;
		if (!text.startsWith('{') && !text.startsWith('[')) throw errorFromUnexpectedBody(response, ctx);
		try {
			return JSON.parse(text) as unknown;
		} catch {
			throw errorFromUnexpectedBody(response, ctx);
		}
	}

	url(segments: readonly string[], params: QueryParams = []): string {
		return buildUrl(this.rootUrl, segments, params);
	}

	private async getValues(url: string, set: string): Promise<unknown[]> {
		const json = await this.request('GET', url, { safeToRepeat: true, set });
		const value = (json as { value?: unknown } | undefined)?.value;
		if (!Array.isArray(value)) {
			throw new OneCODataError('1C answered without a "value" array', {
				kind: 'badResponse',
				hint: 'The answer is not an OData collection; check the URL points to /odata/standard.odata.',
				method: 'GET',
				url,
			});
		}
		return value;
	}

	private decode<S extends FieldSpecs, K extends keyof S & string>(specs: S, select: readonly K[], raw: unknown, url: string): Pick<Decoded<S>, K> {
		const parsed = rowSchema(specs, select).safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new OneCODataError(`1C returned a value we cannot read (${issue.path.join('.')}: ${issue.message})`, {
				kind: 'badResponse',
				hint: 'The field type differs from UT 10.3.88 as this package knows it; compare $metadata.',
				method: 'GET',
				url,
			});
		}
		return parsed.data;
	}

	// ------------------------------------------------------------ reads

	/** Pages of an entity set, `$top`/`$skip` over a stable `$orderby` (1C has no server paging). */
	async *pages<S extends FieldSpecs, K extends keyof S & string>(entity: EntityLike<S>, options: ReadOptions<S, K>): AsyncGenerator<Array<Pick<Decoded<S>, K>>> {
		const pageSize = options.pageSize ?? this.pageSize;
		const orderby = options.orderby ?? ['Ref_Key'];
		let skip = 0;
		let page = 0;
		for (;;) {
			const top = options.limit === undefined ? pageSize : Math.min(pageSize, options.limit - skip);
			if (top <= 0) return;
			const url = this.url([entity.set], queryParams({ select: options.select, filter: options.filter, orderby, top, skip }));
			const rows = await this.getValues(url, entity.set);
			page++;
			skip += rows.length;
			this.log(`1C: ${entity.set} page ${page}, ${rows.length} rows`);
			yield rows.map((row) => this.decode(entity.specs, options.select, row, url));
			// 1C has no server-side page cap (no odata.nextLink seen, §B2): a short page is the last one.
			if (rows.length < top) return;
		}
	}

	async readAll<S extends FieldSpecs, K extends keyof S & string>(entity: EntityLike<S>, options: ReadOptions<S, K>): Promise<Array<Pick<Decoded<S>, K>>> {
		const all: Array<Pick<Decoded<S>, K>> = [];
		for await (const page of this.pages(entity, options)) all.push(...page);
		return all;
	}

	/**
	 * Rows whose `field` is one of `values` (GUIDs for `_Key`/`Ref_Key` fields, else strings), as OR-chains
	 * chunked so each URL stays under `maxUrlLength` (about 25 GUID keys per request at 2000 characters).
	 * `filter` is AND-ed to each chunk. For more than a few hundred keys, reading the whole set is cheaper.
	 */
	async readWhereIn<S extends FieldSpecs, K extends keyof S & string>(
		entity: EntityLike<S>,
		fieldName: keyof S & string,
		values: readonly (string | number)[],
		options: Omit<ReadOptions<S, K>, 'limit'>,
	): Promise<Array<Pick<Decoded<S>, K>>> {
		if (values.length === 0) return [];
		const spec = entity.specs[fieldName];
		const isKey = spec?.kind === 'ref' || spec?.kind === 'guid';
		const toLiteral = (v: string | number | Literal) =>
			typeof v === 'object' ? v.literal : isKey ? guidLiteral(String(v)) : typeof v === 'number' ? String(v) : stringLiteral(v);
		const pageSize = options.pageSize ?? this.pageSize;
		// Budget: the URL without a filter, plus room for the AND-ed extra filter and parentheses.
		const base = this.url([entity.set], queryParams({ select: options.select, filter: options.filter ? `(${options.filter}) and ()` : undefined, orderby: options.orderby ?? ['Ref_Key'], top: pageSize, skip: 999_999_999 }));
		const budget = this.maxUrlLength - base.length - '&$filter='.length;
		if (budget < 200) throw new Error(`No room left in a ${this.maxUrlLength}-character URL for a filter on ${entity.set}`);
		const chunks = inListChunks(fieldName, values, budget, toLiteral);
		const out: Array<Pick<Decoded<S>, K>> = [];
		for (const chunk of chunks) out.push(...(await this.readAll(entity, { ...options, filter: and(options.filter, chunk) })));
		return out;
	}

	/** One object by its `Ref_Key`; throws OneCODataError (code 9) when it does not exist. */
	async get<S extends FieldSpecs, K extends keyof S & string>(entity: EntityLike<S>, ref: string, select: readonly K[]): Promise<Pick<Decoded<S>, K>> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`], queryParams({ select }));
		const json = await this.request('GET', url, { safeToRepeat: true, set: entity.set });
		return this.decode(entity.specs, select, json, url);
	}

	/** Like get, but null when the object does not exist. */
	async find<S extends FieldSpecs, K extends keyof S & string>(entity: EntityLike<S>, ref: string, select: readonly K[]): Promise<Pick<Decoded<S>, K> | null> {
		try {
			return await this.get(entity, ref, select);
		} catch (error) {
			if (error instanceof OneCODataError && (error.code === '9' || (error.kind === 'odata' && error.status === 404))) return null;
			throw passOn(error);
		}
	}

	/** Parameters of a bound function, in the configured style. */
	private functionCall(segments: string[], name: string, args: ReadonlyArray<readonly [string, string | undefined]>, query: Partial<QueryOptions>): string {
		const given = args.filter((a): a is readonly [string, string] => a[1] !== undefined);
		if (this.functionParamStyle === 'parentheses') {
			const inner = given.map(([k, v]) => `${k}=${v}`).join(',');
			return this.url([...segments, `${name}(${inner})`], queryParams(query));
		}
		return this.url([...segments, name], queryParams(query, given.map(([k, v]) => [k, unquoteForQuery(v)] as const)));
	}

	/**
	 * `Balance` of an accumulation register, grouped by `dimensions` (default all), narrowed by `condition`.
	 * Returns `<Dim>_Key` columns of the requested dimensions and `<Resource>Balance` columns.
	 */
	async balance<D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>, R extends FieldSpecs, Dim extends keyof D & string = keyof D & string>(
		register: AccumulationRegisterDef<D, R>,
		options: BalanceOptions<Dim> = {},
	) {
		const dims = (options.dimensions ?? Object.keys(register.dimensions)) as string[];
		const select: string[] = [];
		for (const dim of dims) {
			const spec = register.dimensions[dim];
			if (!spec) throw new Error(`${dim} is not a dimension of ${register.set}`);
			if (spec.kind === 'ref') select.push(`${dim}_Key`);
			else select.push(dim, `${dim}_Type`);
		}
		for (const res of Object.keys(register.resources)) select.push(`${res}Balance`);
		const args: Array<readonly [string, string | undefined]> = [
			['Period', options.period === undefined ? undefined : datetimeLiteral(options.period)],
			['Condition', options.condition === undefined ? undefined : stringLiteral(options.condition)],
			['Dimensions', options.dimensions === undefined ? undefined : stringLiteral(dims.join(','))],
		];
		const url = this.functionCall([register.set], 'Balance', args, { select, filter: options.filter });
		const rows = await this.getValues(url, register.set);
		this.log(`1C: ${register.set} balance, ${rows.length} rows`);
		type Specs = typeof register.balance.specs;
		return rows.map((row) => this.decode(register.balance.specs, select as Array<keyof Specs & string>, row, url));
	}

	/**
	 * `SliceLast` of a periodic information register. For recorder-subordinate registers (ЦеныНоменклатуры) 1C's
	 * docs put the slice on `<set>_RecordType`; some platforms answer only the plain path (§B4, §F.3). Unless forced,
	 * try `_RecordType` first, fall back to plain on "not found" (code 6 / 404), and remember the form per root URL.
	 */
	async sliceLast<D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>, R extends FieldSpecs>(
		register: InformationRegisterDef<D, R>,
		options: SliceLastOptions = {},
	) {
		const select = Object.keys(register.slice.specs);
		const args: Array<readonly [string, string | undefined]> = [
			['Period', options.period === undefined ? undefined : datetimeLiteral(options.period)],
			['Condition', options.condition === undefined ? undefined : stringLiteral(options.condition)],
		];
		const cacheKey = `${this.rootUrl}|${register.set}`;
		const call = async (form: SliceLastForm) => {
			const set = form === 'recordType' ? `${register.set}_RecordType` : register.set;
			const url = this.functionCall([set], 'SliceLast', args, { select, filter: options.filter });
			const rows = await this.getValues(url, set);
			return rows.map((row) => this.decode(register.slice.specs, select as Array<keyof typeof register.slice.specs & string>, row, url));
		};
		const forced = this.sliceLastForm ?? (register.recorderSubordinate ? sliceLastForms.get(cacheKey) : 'plain');
		if (forced) return call(forced);
		try {
			const rows = await call('recordType');
			sliceLastForms.set(cacheKey, 'recordType');
			return rows;
		} catch (error) {
			if (!(error instanceof OneCODataError) || !(error.code === '6' || error.status === 404)) throw passOn(error);
			this.log(`1C: ${register.set}_RecordType/SliceLast not available (${error.code ?? error.status}), using ${register.set}/SliceLast`);
			const rows = await call('plain');
			sliceLastForms.set(cacheKey, 'plain');
			return rows;
		}
	}

	/** The SliceLast path this client uses (or will try first) for a register. */
	rememberedSliceLastForm(register: { set: string }): SliceLastForm | undefined {
		return this.sliceLastForm ?? sliceLastForms.get(`${this.rootUrl}|${register.set}`);
	}

	// ------------------------------------------------------------ writes (never DELETE)

	/** Request body from model-typed values: Int64 as strings, composites as value + `_Type`, rows numbered 1..n. */
	encodeBody<S extends FieldSpecs, T extends Readonly<Record<string, TabularDef>>>(entity: Pick<EntityDef<S, T>, 'set' | 'specs' | 'tabular'>, values: WriteValues<S, T>): Record<string, unknown> {
		return encodeEntityBody(entity, values as Record<string, unknown>);
	}

	/** POST a new object. Not resent after a lost connection (it may have been created): look it up instead. */
	async create<S extends FieldSpecs, T extends Readonly<Record<string, TabularDef>>>(entity: EntityDef<S, T>, values: WriteValues<S, T>): Promise<CreateResult<S>> {
		const url = this.url([entity.set], queryParams({}));
		const json = await this.request('POST', url, { body: this.encodeBody(entity, values), safeToRepeat: false, set: entity.set });
		return this.writeResult(entity, json, url);
	}

	/**
	 * POST one record of an independent information register (UT: КонтактнаяИнформация). 1C refuses a record
	 * whose dimensions equal an existing one's; like `create`, it is not resent after a lost connection.
	 */
	async createRecord<S extends FieldSpecs>(register: { set: string; records: { specs: S } }, values: { [K in keyof S]?: EncodableValue<S[K]> }): Promise<Partial<Decoded<S>>> {
		const url = this.url([register.set], queryParams({}));
		const body = encodeEntityBody({ set: register.set, specs: register.records.specs }, values as Record<string, unknown>);
		const json = (await this.request('POST', url, { body, safeToRepeat: false, set: register.set })) ?? {};
		const present = Object.keys(register.records.specs).filter((name) => name in (json as object)) as Array<keyof S & string>;
		return this.decode(register.records.specs, present, json, url) as Partial<Decoded<S>>;
	}

	/** PATCH (partial; a tabular array replaces the whole section). Safe to resend. */
	async update<S extends FieldSpecs, T extends Readonly<Record<string, TabularDef>>>(entity: EntityDef<S, T>, ref: string, values: WriteValues<S, T>): Promise<CreateResult<S>> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`], queryParams({}));
		const json = await this.request('PATCH', url, { body: this.encodeBody(entity, values), safeToRepeat: true, set: entity.set });
		return this.writeResult(entity, json, url);
	}

	/** Sets or clears the deletion mark (the only "delete" this package does). */
	async setDeletionMark<S extends FieldSpecs>(entity: EntityLike<S>, ref: string, mark: boolean): Promise<void> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`], queryParams({}));
		await this.request('PATCH', url, { body: { DeletionMark: mark }, safeToRepeat: true, set: entity.set });
	}

	/**
	 * Posts a document. `operational` false by default (real-time posting is allowed only for documents dated now).
	 * A refusal by UT's posting code comes back as OneCODataError code -1 with 1C's text; re-read `Posted` to confirm.
	 * Resending is harmless (re-posting rewrites the same movements), so it is retried like a read.
	 */
	async post(entity: { set: string }, ref: string, options: { operational?: boolean } = {}): Promise<void> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`, 'Post'], [['PostingModeOperational', options.operational ? 'true' : 'false']]);
		await this.request('POST', url, { safeToRepeat: true, set: entity.set });
	}

	async unpost(entity: { set: string }, ref: string): Promise<void> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`, 'Unpost'], []);
		await this.request('POST', url, { safeToRepeat: true, set: entity.set });
	}

	private writeResult<S extends FieldSpecs>(entity: EntityLike<S>, json: unknown, url: string): CreateResult<S> {
		const raw = (json ?? {}) as Record<string, unknown>;
		const present = Object.keys(entity.specs).filter((name) => name in raw) as Array<keyof S & string>;
		const decoded = this.decode(entity.specs, present, raw, url) as Partial<Decoded<S>>;
		const ref = decoded['Ref_Key' as keyof S] as unknown;
		if (typeof ref !== 'string') {
			throw new OneCODataError('1C did not return the written object', {
				kind: 'badResponse',
				hint: 'The write answer has no Ref_Key; look the object up before writing again.',
				url,
			});
		}
		return { ref, entity: decoded };
	}

	/** Entity set names published in `$metadata` (the OData composition). */
	async publishedSets(): Promise<Set<string>> {
		const url = `${this.rootUrl}/$metadata`;
		const headers = { Accept: 'application/xml' };
		let response: HttpResponse;
		try {
			response = await withRetry(
				async () => {
					const res = await this.transport.request({ method: 'GET', url, headers, timeoutMs: this.warm ? this.requestTimeoutMs : this.firstRequestTimeoutMs });
					this.warm = true;
					return res;
				},
				this.policy,
				this.clock,
				true,
			);
		} catch (error) {
			if (error instanceof TransportError) throw errorFromTransport(error, { method: 'GET', url }, this.requestTimeoutMs);
			throw passOn(error);
		}
		if (response.status !== 200) throw errorFromResponse(response, { method: 'GET', url });
		const sets = new Set<string>();
		for (const m of response.body.matchAll(/<EntitySet\b[^>]*\bName="([^"]+)"/g)) sets.add(m[1]);
		return sets;
	}
}

/** Query-string function parameters are not quoted literals (`Condition=Склад_Key eq guid'…'`); strip our quoting. */
function unquoteForQuery(value: string): string {
	const m = /^'([\s\S]*)'$/.exec(value);
	return m ? m[1].replace(/''/g, "'") : value;
}

/** See OneCClient.encodeBody. */
export function encodeEntityBody(entity: { set: string; specs: FieldSpecs; tabular?: Readonly<Record<string, TabularDef>> }, values: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	// Composites first, so an explicit `_Type` only fills in when its composite was not given.
	const entries = Object.entries(values).filter(([, v]) => v !== undefined);
	entries.sort(([a], [b]) => Number(a.endsWith('_Type')) - Number(b.endsWith('_Type')));
	for (const [name, value] of entries) {
		const tab = entity.tabular?.[name];
		if (tab) {
			out[name] = numberRows(tab, value as ReadonlyArray<Record<string, unknown>>);
			continue;
		}
		if (name === 'Posted') throw new Error('Posted cannot be written; use post()/unpost()');
		if (name === 'Ref_Key') continue; // 1C ignores it in bodies (§B5)
		const spec = entity.specs[name];
		if (!spec) throw new Error(`${entity.set}: "${name}" is not a field of the UT 10.3 model`);
		encodeField(name, spec, value, out);
	}
	requireCompositeTypes(entity.set, entity.specs, out);
	return out;
}

/** A composite written in wire form must come with its `_Type`, or 1C cannot tell what the GUID points to. */
function requireCompositeTypes(where: string, specs: FieldSpecs, out: Record<string, unknown>): void {
	for (const [name, spec] of Object.entries(specs)) {
		if (spec.kind === 'composite' && name in out && !(`${name}_Type` in out)) {
			throw new Error(`${where}: ${name} is given without ${name}_Type (use compositeRef(set, key))`);
		}
	}
}

/** Tabular rows with `LineNumber` 1..n in order (1C refuses missing or gapped numbers, §B5). */
export function numberRows(tab: TabularDef, rows: ReadonlyArray<Record<string, unknown>>): Record<string, unknown>[] {
	return rows.map((row, index) => {
		const out: Record<string, unknown> = {};
		encodeField('LineNumber', { kind: 'int', digits: 5 }, index + 1, out);
		const entries = Object.entries(row).filter(([name, v]) => v !== undefined && name !== 'LineNumber');
		entries.sort(([a], [b]) => Number(a.endsWith('_Type')) - Number(b.endsWith('_Type')));
		for (const [name, value] of entries) {
			const spec = tab.specs[name];
			if (!spec) throw new Error(`${tab.set}: "${name}" is not a field of the UT 10.3 model`);
			encodeField(name, spec, value, out);
		}
		requireCompositeTypes(tab.set, tab.specs, out);
		return out;
	});
}

export type { SelectOf };
