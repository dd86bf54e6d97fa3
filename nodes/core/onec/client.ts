import type { Clock, HttpMethod, HttpResponse, Transport } from '../http/transport';
import { TransportError } from '../http/transport';
import type { RetryPolicy } from '../http/retry';
import { withRetry } from '../http/retry';
import { appendAll } from '../common/append-all';
import type { Decoded, EncodableValue } from './codecs';
import { encodeField } from './codecs';
import { isDecodeIssue, rowDecoder } from './row-decoder';
import { SeenRows, type IdentityParts } from './seen-rows';
import { readValueInPieces } from './value-pieces';
import { createHash } from 'node:crypto';
import type { AccumulationRegisterDef, EntityDef, FieldSpecs, InformationRegisterDef, TabularDef } from './model';
import { OneCODataError, errorFromResponse, errorFromTransport, errorFromUnexpectedBody, hintForCode, isQueryRefusal, parseODataError, passOn, unreadableValue, type RequestContext } from './errors';
import { and, datetimeLiteral, eq, guidLiteral, inListChunks, queryParams, stringLiteral, type Literal, type QueryOptions } from './query';
import { addSeconds, localTimeZone, wallClock } from './time';
import { buildUrl, normalizeRootUrl, type QueryParams } from './url';

/**
 * Client of the 1C:UT 10.3 standard OData interface. Plain TypeScript over the Transport seam:
 * nodes run it over n8n's HTTP helper (auth added by the credential), tests and tools over axios.
 */

/** Rows decoded and handed on between two turns of the event loop (OneCClient.decodedSlices). */
export const DECODE_SLICE_ROWS = 10_000;

/**
 * Retry for 1C, a few times (1C is slow, not rate-limited): 502/503 from the web server, 429 from a proxy that limits
 * requests (Retry-After honoured), dropped connections; for reads also any other 5xx that is a web server's or 1C's
 * error page rather than an OData error (a licence limit, a session start that failed, a cluster that blinked:
 * docs/1c-odata.md). An OData error is 1C's considered answer and is not repeated.
 */
export const ONEC_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 3,
	baseDelayMs: 1000,
	maxDelayMs: 10_000,
	retryStatuses: [502, 503, 429],
	retryTransportErrors: true,
};

/** A 5xx error page (HTML, text, empty) instead of 1C's OData JSON error: the web server or the 1C server failing. */
export function isErrorPage(response: HttpResponse): boolean {
	return response.status >= 500 && parseODataError(response.body) === undefined;
}

/** Methods this client sends: never DELETE. */
export type OneCMethod = Exclude<HttpMethod, 'DELETE'>;

/** Where `Balance`/`SliceLast` parameters go (docs/1c-odata.md#virtual-tables): query string (default, no quote-doubling question) or parentheses. */
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
	/** Until 1C has answered once: a 1C session may take tens of seconds to start (docs/1c-odata.md#urls-and-authentication). Default 60 s. */
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
	/**
	 * IANA time zone of the 1C server's wall clock, for "now" in SliceLast (1C dates have no zone). Default: this
	 * process's zone; nodes pass the workflow's time zone.
	 */
	timeZone?: string;
	/** The current instant for "now" on 1C's wall clock (the clock above is for waits only). Default: the real time. */
	now?: () => Date;
	/** How often a paged read starts again when 1C's data moved under it (rows inserted or deleted). Default 3. */
	maxPagingRestarts?: number;
	/**
	 * Rows per page of a virtual table read in pages (`balancePages`, `sliceLastPages`). Default 50,000: every page makes
	 * 1C compute the table again, so pages are few and large, yet a page stays a few MB of JSON. 0: one request.
	 */
	virtualPageSize?: number;
	/**
	 * Ask for a paged read's next page as soon as the current one has come (default true), so 1C works on it while the
	 * caller decodes and folds the current one. Still one request of a read at 1C at a time (the next is asked for only
	 * once the current has been answered), so no more sessions or licences. False: the next page when the caller asks.
	 */
	readAhead?: boolean;
	/**
	 * `none` (default): reads ask for JSON without OData annotations (`$format=json;odata=nometadata`): a real 1C
	 * otherwise follows every filled reference of a row with `X@navigationLinkUrl`, about half of a catalog page's
	 * bytes. A base that refuses it, or answers it in Atom, is asked again with `$format=json` and remembered
	 * (platform feature `noMetadataJson`). `minimal`: always `$format=json` (docs/1c-odata.md#urls-and-authentication).
	 */
	jsonMetadata?: 'none' | 'minimal';
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
	/**
	 * Balance at the end of this local date-time, movements dated exactly then included. 1C's bound is exclusive
	 * (docs/1c-odata.md#virtual-tables), so the client sends the next second. Default: the current balance.
	 */
	period?: string;
	/** Applied after aggregation. */
	filter?: string;
}

export interface SliceLastOptions {
	/**
	 * Slice at this local date-time. Default `'now'` (the 1C server's wall clock): without a Period a real 1C returns
	 * the absolute latest record, future-dated ones included (docs/1c-odata.md#virtual-tables), so the client always
	 * sends one. `'latest'` sends none, on purpose.
	 */
	period?: string | 'now' | 'latest';
	condition?: string;
	filter?: string;
}

/** What 1C holds after a Post or Unpost call (re-read: the call's own answer is not to be relied on). */
export interface PostResult {
	/** `Posted` as re-read after the call. */
	posted: boolean;
	/** True when 1C answered the call with an error (a refusal); false when it answered 2xx. */
	refused: boolean;
	/** Why the document is not in the state asked for, for people (1C's text when it gave one); undefined on success. */
	message?: string;
	/** 1C's own text of the refusal, as it came. */
	message1C?: string;
}

/** Options of `readRawAll`: raw rows of any set (no model decoding), with fallbacks for older platforms. */
export interface RawReadOptions {
	select?: readonly string[];
	/** Equality conditions; a `<Composite>_Type` condition 1C refuses (before 8.3.8.1652) is applied here instead. */
	where?: Readonly<Record<string, string | boolean>>;
	filter?: string;
	/** Default `Ref_Key`; pass the dimensions for registers. */
	orderby?: readonly string[];
	/** The `orderby` names composite fields: when 1C refuses to order by them, read unordered in one request. */
	compositeOrder?: boolean;
	pageSize?: number;
	limit?: number;
}

/**
 * Platform features a base may lack; a refusal is remembered per root URL so it costs one request per process.
 * `virtualTableSkip`: `$skip` on a virtual table (Balance, SliceLast), unproven on real platforms (docs/1c-odata.md#virtual-tables).
 * `noMetadataJson`: `$format=json;odata=nometadata` (docs/1c-odata.md#urls-and-authentication).
 */
export type PlatformFeature = 'compositeOrderBy' | 'compositeFilter' | 'virtualTableSkip' | 'noMetadataJson';

/** Each platform feature as the log names it when a base refuses it. */
const FEATURE_NAMES: Record<PlatformFeature, string> = {
	compositeOrderBy: '$orderby on composite fields',
	compositeFilter: 'filters on composite fields (cast, _Type; platform before 8.3.8.1652)',
	virtualTableSkip: '$skip on virtual tables (it answers every page with the first)',
	noMetadataJson: 'JSON without metadata ($format=json;odata=nometadata)',
};

/** What send() is asked: the body, whether it may be repeated, and for collection reads the answer's bytes. */
interface SendOptions {
	body?: unknown;
	safeToRepeat: boolean;
	set?: string;
	anyBody?: boolean;
	/** Ask the transport for the answer's bytes (a collection read: parsed in pieces when large, value-pieces.ts). */
	bytes?: boolean;
	/** Given a 2xx answer's bytes (the text's UTF-8 when the transport gave text) before they are read. */
	answer?: (bytes: Buffer) => void;
	/** Do not read the answer (answerDigest): send() returns undefined once `answer` has seen it. */
	unread?: boolean;
}

/** A digest of an answer's bytes: SHA-1, which is native and fast on the megabytes of a price page. */
export function bytesDigest(bytes: Buffer): string {
	return createHash('sha1').update(bytes).digest('base64');
}

/** One collection request noted by an AnswerLog; `digest` is empty until it was answered. */
export interface NotedAnswer {
	set: string;
	url: string;
	digest: string;
}

/**
 * The collection answers a client notes while attached (OneCClient.logAnswers), in the order they were asked (read-ahead
 * may answer them in another order).
 */
export class AnswerLog {
	readonly answers: NotedAnswer[] = [];

	/** Notes a request; the caller gives the digest once it is answered. */
	ask(set: string, url: string): { answered(digest: string): void } {
		const noted: NotedAnswer = { set, url, digest: '' };
		this.answers.push(noted);
		return { answered: (digest) => (noted.digest = digest) };
	}
}

/** Options of a paged read (`rawPages`). */
export interface PageOptions {
	pageSize?: number;
	limit?: number;
	/** A row's identity, for the rows a moving read must not pass on twice. Default: Ref_Key (+LineNumber), else the whole row. */
	key?: (raw: unknown) => string;
	/** `key`'s text fed in parts, for the identity of every row (a string per row is made only for the first and last). */
	keyParts?: IdentityParts;
	/**
	 * The URL of the whole result in one request, for a server that ignores `$skip` (it answers every page with the first):
	 * then the rest comes from that one request. Without it such a server is an error.
	 */
	whole?: () => string;
}

/** A virtual table read in pages: `$orderby` gives the stable order paging needs. */
export interface VirtualPageOptions {
	/** Rows per page; default the client's `virtualPageSize`; 0: one request. */
	pageSize?: number;
	/** The dimensions (and other fields) that order the rows and identify each row. */
	orderby: readonly string[];
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

/** Options of sliceLastPages: SliceLastOptions, the page size, the order and the columns. */
export type SliceLastPageOptions<K extends string> = SliceLastOptions & { pageSize?: number; orderby?: readonly string[]; columns?: readonly K[] };

/** The set a SliceLast of `register` is asked on, in a form. */
function sliceLastSet(register: { set: string }, form: SliceLastForm): string {
	return form === 'recordType' ? `${register.set}_RecordType` : register.set;
}

/** Remembered SliceLast path per root URL + register, so the probe costs one failed request per process at most. */
const sliceLastForms = new Map<string, SliceLastForm>();
/** Features a base refused, per root URL (see PlatformFeature). */
const refusedFeatures = new Map<string, Set<PlatformFeature>>();
/** Root URLs that have answered a read in JSON without metadata (OneCClientOptions.jsonMetadata). */
const confirmedLean = new Set<string>();

/** Tests only: forget remembered SliceLast forms and refused platform features. */
export function forgetSliceLastForms(): void {
	sliceLastForms.clear();
	refusedFeatures.clear();
	confirmedLean.clear();
}

/** Identity of a raw row for de-duplication: Ref_Key (+LineNumber), else the row itself (register records). */
function rowKey(raw: unknown): string {
	const row = raw as Record<string, unknown> | null;
	if (row && typeof row === 'object' && typeof row.Ref_Key === 'string') return row.LineNumber === undefined ? row.Ref_Key : `${row.Ref_Key}#${String(row.LineNumber)}`;
	return JSON.stringify(raw);
}

/** Identity of a virtual-table row: the values of the fields it is ordered by (its dimensions), not its resources. */
function fieldsKey(fields: readonly string[]): (raw: unknown) => string {
	const names = fields.map((f) => f.split(' ')[0]);
	return (raw) => {
		const row = raw as Record<string, unknown>;
		let key = '';
		for (const name of names) key += `${String(row?.[name])}\u0000`;
		return key;
	};
}

/** fieldsKey's text in parts: 1.5 million balance and price rows of a 300,000-offer stock run join no key. */
function fieldsKeyParts(fields: readonly string[]): IdentityParts {
	const names = fields.map((f) => f.split(' ')[0]);
	return (raw, hasher) => {
		const row = raw as Record<string, unknown>;
		for (const name of names) hasher.add(String(row?.[name])).add('\u0000');
	};
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
	readonly timeZone: string;
	private readonly currentInstant: () => Date;
	private readonly maxPagingRestarts: number;
	private readonly readAhead: boolean;
	private readonly jsonMetadata: 'none' | 'minimal';
	readonly virtualPageSize: number;
	/** Set once 1C has answered anything (the session is up): later requests get the normal timeout. */
	private warm = false;
	/** A read's first page asked for before the read begins (startSliceLastPages); taken or dropped by the next read of its set. */
	private early: { set: string; url: string; rows: Promise<unknown[]> } | undefined;
	/** Where collection answers are noted while an AnswerLog is attached (logAnswers). */
	private answers: AnswerLog | undefined;

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
		this.timeZone = options.timeZone ?? localTimeZone();
		this.currentInstant = options.now ?? (() => new Date());
		this.maxPagingRestarts = options.maxPagingRestarts ?? 3;
		this.readAhead = options.readAhead ?? true;
		this.jsonMetadata = options.jsonMetadata ?? 'none';
		this.virtualPageSize = options.virtualPageSize ?? 50_000;
	}

	/**
	 * Notes every collection answer (its set, URL and the digest of its bytes) in the order the requests were asked,
	 * until detached with `undefined`: a caller can then ask the same again with answerDigest and
	 * tell whether 1C's answers changed without reading them (core/sync/prices/price-inputs.ts).
	 */
	logAnswers(log: AnswerLog | undefined): void {
		this.answers = log;
	}

	/** `read` with the collection answers it is given noted in `log` (logAnswers, detached after it, whatever happens). */
	async noting<T>(log: AnswerLog, read: () => Promise<T>): Promise<T> {
		this.logAnswers(log);
		try {
			return await read();
		} finally {
			this.logAnswers(undefined);
		}
	}

	/**
	 * The digest of the answer to a collection read (`GET url`), as logAnswers notes it, without parsing it: the same
	 * timeouts, retries and errors as a read.
	 */
	async answerDigest(url: string, set: string): Promise<string> {
		let digest = '';
		await this.request('GET', url, { safeToRepeat: true, set, bytes: true, answer: (bytes) => (digest = bytesDigest(bytes)), unread: true });
		return digest;
	}

	/** Whether this base is known to refuse a platform feature (remembered from an earlier refusal in this process). */
	supports(feature: PlatformFeature): boolean {
		return !refusedFeatures.get(this.rootUrl)?.has(feature);
	}

	/** Remembers that this base refused a feature, so later reads go straight to the fallback. */
	markUnsupported(feature: PlatformFeature): void {
		let set = refusedFeatures.get(this.rootUrl);
		if (!set) refusedFeatures.set(this.rootUrl, (set = new Set()));
		set.add(feature);
		this.log(`1C: this base refuses ${FEATURE_NAMES[feature]}; using the fallback`);
	}

	/**
	 * A turn of the event loop on the client's clock (n8n's sleep): long passes over a read's rows take one every so
	 * often (common/steps.ts), so timers and answers due meanwhile are not held up.
	 */
	async turn(): Promise<void> {
		await this.clock.sleep(0);
	}

	/** The period a SliceLast read asks for: `period`, or now on 1C's wall clock when it is omitted or `now`. */
	slicePeriod(period: string | undefined): string {
		return period === undefined || period === 'now' ? this.now() : period;
	}

	/** Now on the 1C server's wall clock. */
	now(): string {
		return wallClock(this.currentInstant(), this.timeZone);
	}

	// ------------------------------------------------------------ transport

	/**
	 * Sends one request with the right timeout and retry rules and returns the parsed JSON (or undefined for
	 * an empty body). `safeToRepeat` false (POST create) resends only after a 503, never after a lost connection.
	 */
	async request(method: OneCMethod, url: string, options: SendOptions): Promise<unknown> {
		const lean = method === 'GET' && this.jsonMetadata === 'none' && this.supports('noMetadataJson') ? withoutMetadata(url) : url;
		if (lean === url) return await this.send(method, url, options);
		try {
			const answer = await this.send(method, lean, options);
			confirmedLean.add(this.rootUrl);
			return answer;
		} catch (error) {
			// Answered in Atom: the base did not understand the format. Refused (400) before this base ever answered the
			// lean format: maybe the format, maybe something else in the URL; asked again as before, and remembered only
			// when that answer comes. A base that has answered it once is never asked twice.
			const atom = error instanceof OneCODataError && error.kind === 'atom';
			const refusedFirst = error instanceof OneCODataError && error.kind === 'odata' && error.status === 400 && !confirmedLean.has(this.rootUrl);
			if (!atom && !refusedFirst) throw passOn(error);
			const answer = await this.send(method, url, options);
			this.markUnsupported('noMetadataJson');
			return answer;
		}
	}

	/** One request as asked (request() chooses the URL's JSON format). */
	private async send(method: OneCMethod, url: string, options: SendOptions): Promise<unknown> {
		// DELETE physically removes 1C objects (docs/1c-odata.md#writes); this package only ever sets DeletionMark.
		if ((method as HttpMethod) === 'DELETE') throw new Error('DELETE is never sent to 1C; use setDeletionMark()');
		const ctx: RequestContext = { method, url, set: options.set };
		const headers: Record<string, string> = { Accept: 'application/json' };
		let body: string | undefined;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['Content-Type'] = 'application/json; charset=utf-8';
		}
		const policy: RetryPolicy = options.safeToRepeat
			? { retryResponse: isErrorPage, ...this.policy }
			: // A 502 or an error page may come from a proxy after 1C did the work; only 503 and 429 prove the request was
				// not processed.
				{ ...this.policy, retryStatuses: this.policy.retryStatuses.filter((s) => s === 503 || s === 429) };
		let lastTimeout = this.firstRequestTimeoutMs;
		let response: HttpResponse;
		try {
			response = await withRetry(
				async () => {
					lastTimeout = this.warm ? this.requestTimeoutMs : this.firstRequestTimeoutMs;
					const res = await this.transport.request({ method, url, headers, body, timeoutMs: lastTimeout, bytes: options.bytes });
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
		options.answer?.(response.bytes ?? Buffer.from(response.body, 'utf8'));
		if (options.unread === true) return undefined;
		if (response.bytes !== undefined) {
			// A collection read in pieces (value-pieces.ts); anything else, as text below.
			const rows = readValueInPieces(response.bytes);
			if (rows !== undefined) return { value: rows };
			response = { ...response, body: response.bytes.toString('utf8'), bytes: undefined };
		}
		const text = response.body.trim();
		if (text === '') return undefined;
		// An OData error body with a 2xx status (a proxy or cache in front of 1C): read as the error it is, with 1C's text.
		if (text.startsWith('{"odata.error"')) throw errorFromResponse(response, ctx);
		// Actions (Post, Unpost): the 2xx itself is the answer; whatever body came (Atom, text) is not read.
		if (options.anyBody && !text.startsWith('{')) return undefined;
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
		const early = this.early;
		if (early !== undefined && early.set === set) {
			// The read it was asked for has begun: its first page is this one, or (asked differently after all) it is dropped.
			this.early = undefined;
			if (early.url === url) return await early.rows;
		}
		const noted = this.answers?.ask(set, url);
		const json = await this.request('GET', url, { safeToRepeat: true, set, bytes: true, answer: noted === undefined ? undefined : (bytes) => noted.answered(bytesDigest(bytes)) });
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
		const decoded = rowDecoder(specs, select)(raw);
		if (isDecodeIssue(decoded)) throw unreadableValue(decoded, url);
		return decoded;
	}

	/** Decodes a page of rows in place of a new array (the raw rows are not needed afterwards). */
	private decodePage<S extends FieldSpecs, K extends keyof S & string>(specs: S, select: readonly K[], rows: unknown[], url: string): Array<Pick<Decoded<S>, K>> {
		const decode = rowDecoder(specs, select);
		const out = rows as Array<Pick<Decoded<S>, K>>;
		for (let i = 0; i < rows.length; i++) {
			const decoded = decode(rows[i]);
			if (isDecodeIssue(decoded)) throw unreadableValue(decoded, url);
			out[i] = decoded;
		}
		return out;
	}

	/**
	 * A decoded page in slices of at most DECODE_SLICE_ROWS, with a turn of the event loop before each slice after the
	 * first: the caller folds a slice while the rest waits, and timers due meanwhile run (the retailCRM pacer's next
	 * upload, while a 50,000-row page of prices is decoded and folded during the stock upload). One slice, and no
	 * wait, for a page that fits one.
	 */
	private async *decodedSlices<S extends FieldSpecs, K extends keyof S & string>(specs: S, select: readonly K[], rows: unknown[], url: string): AsyncGenerator<Array<Pick<Decoded<S>, K>>> {
		if (rows.length <= DECODE_SLICE_ROWS) {
			yield this.decodePage(specs, select, rows, url);
			return;
		}
		for (let start = 0; start < rows.length; start += DECODE_SLICE_ROWS) {
			if (start > 0) await this.turn();
			const slice = rows.slice(start, start + DECODE_SLICE_ROWS);
			rows.fill(undefined, start, start + slice.length); // the raw rows go as their slice is decoded
			yield this.decodePage(specs, select, slice, url);
		}
	}

	// ------------------------------------------------------------ reads

	/**
	 * Raw rows of a set in `$top`/`$skip` pages over a stable `$orderby` (1C has no server paging and no snapshot;
	 * docs/1c-odata.md#queries-and-paging). Data may change between pages: a row inserted before the cursor repeats
	 * one, a row deleted before it skips one. So every page after the first starts one row early (`$skip = n-1`,
	 * `$top = size+1`) and must begin with the last row already seen; rows seen before are dropped, and a page that
	 * begins with an unseen row (rows moved back: one may have been skipped) starts the read again from the top,
	 * passing on only rows not seen yet, at most `maxPagingRestarts` times. `url(top, skip)` builds a page's URL.
	 */
	async *rawPages(set: string, url: (top: number, skip: number) => string, options: PageOptions = {}): AsyncGenerator<{ rows: unknown[]; url: string }> {
		const pageSize = options.pageSize ?? this.pageSize;
		const identity = options.key ?? rowKey;
		const seen = new SeenRows();
		const keepNew = (rows: unknown[]) => keepUnseen(rows, seen, identity, options.keyParts);
		let given = 0;
		/** Rows the next page asks for: a page, or what is left of `limit`. */
		const rowsWanted = () => (options.limit === undefined ? pageSize : Math.min(pageSize, options.limit - given));
		/** The first row of the read: a later page that begins with it means 1C ignored `$skip`. */
		let firstOfRead: string | undefined;
		for (let restart = 0; ; restart++) {
			let consumed = 0;
			let anchor: string | undefined;
			let page = 0;
			let moved = false;
			/** The next page, asked for while the caller works on this one (see readAhead). */
			let ahead: { url: string; rows: Promise<unknown[]> } | undefined;
			for (;;) {
				const wanted = rowsWanted();
				if (wanted <= 0) return;
				const top = anchor === undefined ? wanted : wanted + 1;
				const skip = anchor === undefined ? consumed : consumed - 1;
				const pageUrl = url(top, skip);
				const rows = ahead?.url === pageUrl ? await ahead.rows : await this.getValues(pageUrl, set);
				ahead = undefined;
				page++;
				const first = rows.length > 0 ? identity(rows[0]) : undefined;
				if (skip > 0 && first !== undefined && first === firstOfRead) {
					if (options.whole === undefined) {
						throw new OneCODataError(`1C ignores $skip on ${set}: a later page came back as the first one`, {
							kind: 'badResponse',
							hint: 'A proxy in front of 1C may drop the query string\'s $skip; check the publication and its web server.',
							method: 'GET',
							url: pageUrl,
						});
					}
					const wholeUrl = options.whole();
					const all = await this.getValues(wholeUrl, set);
					this.log(`1C: ${set} ignores $skip; read in one request, ${all.length} rows`);
					const rest = keepNew(all);
					if (rest.length > 0) yield { rows: rest, url: wholeUrl };
					return;
				}
				if (restart === 0 && page === 1) firstOfRead = first;
				if (anchor !== undefined && first !== anchor) {
					// Rows moved forward (inserted before the cursor): only repeats, nothing lost. Moved back: start again.
					if (first === undefined || !seen.has(first)) {
						moved = true;
						break;
					}
				}
				const length = rows.length;
				const last = length > 0 ? identity(rows[length - 1]) : undefined;
				const fresh = keepNew(rows);
				given += fresh.length;
				this.log(`1C: ${set} page ${page}, ${length} rows`);
				consumed = skip + length;
				if (length >= top) {
					anchor = last;
					// A full page means there is a next one, and its URL is known now: ask for it before handing this page
					// on, so 1C works on it while the caller decodes and folds this one. Never a request the read would not
					// make anyway, except when the caller stops early.
					const nextWanted = rowsWanted();
					if (this.readAhead && nextWanted > 0) {
						const nextUrl = url(nextWanted + 1, consumed - 1);
						const next = this.getValues(nextUrl, set);
						next.catch(() => undefined); // awaited (and its error thrown) when the loop gets there; dropped if the caller stops
						ahead = { url: nextUrl, rows: next };
					}
				}
				if (fresh.length > 0) yield { rows: fresh, url: pageUrl };
				if (length < top) return;
			}
			if (!moved) return;
			if (restart >= this.maxPagingRestarts) {
				throw new OneCODataError(`The rows of ${set} kept changing while they were read in pages`, {
					kind: 'badResponse',
					hint: `1C's data moved between pages ${restart + 1} times (rows added or deleted at the same time); run again at a quieter time or raise the page size.`,
					method: 'GET',
					url: url(pageSize, 0),
				});
			}
			this.log(`1C: rows of ${set} moved between pages; reading again from the first page (only new rows are passed on)`);
		}
	}

	/** Pages of an entity set, `$top`/`$skip` over a stable `$orderby` (see rawPages); decoded by the model. */
	async *pages<S extends FieldSpecs, K extends keyof S & string>(entity: EntityLike<S>, options: ReadOptions<S, K>): AsyncGenerator<Array<Pick<Decoded<S>, K>>> {
		const orderby = options.orderby ?? ['Ref_Key'];
		const composite = orderby.some((o) => {
			const kind = entity.specs[o.split(' ')[0]]?.kind;
			return kind === 'composite' || kind === 'type';
		});
		const raw = this.orderedRaw(entity.set, { select: options.select, filter: options.filter, orderby, compositeOrder: composite, pageSize: options.pageSize, limit: options.limit });
		for await (const page of raw) yield* this.decodedSlices(entity.specs, options.select, page.rows, page.url);
	}

	/**
	 * Paged raw read; when the order names composite fields and 1C refuses to sort by them (unproven on real
	 * platforms, docs/1c-odata.md#queries-and-paging), the whole set is read once without `$orderby`/`$top`/`$skip`.
	 */
	private async *orderedRaw(set: string, options: Omit<RawReadOptions, 'where'>): AsyncGenerator<{ rows: unknown[]; url: string }> {
		const orderby = options.orderby ?? ['Ref_Key'];
		const unordered = async (): Promise<{ rows: unknown[]; url: string }> => {
			const url = this.url([set], queryParams({ select: options.select, filter: options.filter }));
			const rows = await this.getValues(url, set);
			this.log(`1C: ${set} read whole without $orderby, ${rows.length} rows`);
			const unique = keepUnseen(rows, new SeenRows(rows.length), rowKey);
			if (options.limit !== undefined && unique.length > options.limit) unique.length = options.limit;
			return { rows: unique, url };
		};
		if (options.compositeOrder && !this.supports('compositeOrderBy')) {
			yield await unordered();
			return;
		}
		const pages = this.rawPages(set, (top, skip) => this.url([set], queryParams({ select: options.select, filter: options.filter, orderby, top, skip })), options);
		let first = true;
		try {
			for await (const page of pages) {
				first = false;
				yield page;
			}
		} catch (error) {
			if (!(first && options.compositeOrder && isQueryRefusal(error))) throw passOn(error);
			this.markUnsupported('compositeOrderBy');
			yield await unordered();
		}
	}

	/**
	 * Every raw row of a set (no model decoding: for sets the model does not describe, or whole documents with their
	 * tabular sections), de-duplicated across pages. `where` conditions on `<Composite>_Type` fields that the
	 * platform refuses (before 8.3.8.1652, docs/1c-odata.md#platform-versions) are applied here instead.
	 */
	async readRawAll(set: string, options: RawReadOptions = {}): Promise<Array<Record<string, unknown>>> {
		const where = Object.entries(options.where ?? {});
		const typed = where.filter(([field]) => field.endsWith('_Type'));
		const plain = where.filter(([field]) => !field.endsWith('_Type'));
		const condition = (list: typeof where) => and(...list.map(([field, value]) => eq(field, value)));
		const read = async (serverSide: typeof where): Promise<Array<Record<string, unknown>>> => {
			const out: Array<Record<string, unknown>> = [];
			for await (const page of this.orderedRaw(set, { ...options, filter: and(options.filter, condition(serverSide)) })) appendAll(out, page.rows as Array<Record<string, unknown>>);
			return out;
		};
		const local = (rows: Array<Record<string, unknown>>) => rows.filter((row) => typed.every(([field, value]) => row[field] === value));
		if (typed.length === 0) return await read(where);
		if (!this.supports('compositeFilter')) return local(await read(plain));
		try {
			return await read(where);
		} catch (error) {
			if (!isQueryRefusal(error)) throw passOn(error);
			this.markUnsupported('compositeFilter');
			return local(await read(plain));
		}
	}

	async readAll<S extends FieldSpecs, K extends keyof S & string>(entity: EntityLike<S>, options: ReadOptions<S, K>): Promise<Array<Pick<Decoded<S>, K>>> {
		const all: Array<Pick<Decoded<S>, K>> = [];
		for await (const page of this.pages(entity, options)) appendAll(all, page);
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
		/** Plain values, or ready literals (e.g. `cast(guid'…', 'Document_X')` for a composite). */
		values: readonly (string | number | Literal)[],
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
		for (const chunk of chunks) appendAll(out, await this.readAll(entity, { ...options, filter: and(options.filter, chunk) }));
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
	 * `Balance` of an accumulation register, grouped by `dimensions` (default all), narrowed by `condition`, in one request.
	 * Returns `<Dim>_Key` columns of the requested dimensions and `<Resource>Balance` columns.
	 */
	async balance<D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>, R extends FieldSpecs, Dim extends keyof D & string = keyof D & string>(
		register: AccumulationRegisterDef<D, R>,
		options: BalanceOptions<Dim> = {},
	) {
		type Row = Pick<Decoded<typeof register.balance.specs>, keyof typeof register.balance.specs & string>;
		const out: Row[] = [];
		for await (const page of this.balancePages(register, { ...options, pageSize: 0 })) appendAll(out, page);
		return out;
	}

	/**
	 * `Balance` (see balance()) in pages of `pageSize` rows (default `virtualPageSize`; 0: one request), ordered by the
	 * dimensions. A base that ignores `$skip` on virtual tables is read in one request from then on.
	 */
	async *balancePages<D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>, R extends FieldSpecs, Dim extends keyof D & string = keyof D & string>(
		register: AccumulationRegisterDef<D, R>,
		options: BalanceOptions<Dim> & { pageSize?: number } = {},
	) {
		const { select, args, pageSize, keys } = this.balanceRead(register, options);
		type Specs = typeof register.balance.specs;
		const fields = select as Array<keyof Specs & string>;
		let rows = 0;
		for await (const page of this.virtualRaw(register.set, 'Balance', args, { select, filter: options.filter }, { pageSize, orderby: keys })) {
			rows += page.rows.length;
			yield* this.decodedSlices(register.balance.specs, fields, page.rows, page.url);
		}
		this.log(`1C: ${register.set} balance, ${rows} rows`);
	}

	/**
	 * The longest URL `balancePages(register, options)` sends (a later page: `$top` and `$skip` at their widest), so a
	 * caller cutting a Condition into OR-chains keeps every read within `maxUrlLength` (docs/1c-odata.md#queries-and-paging).
	 */
	balanceUrlLength<D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>, R extends FieldSpecs, Dim extends keyof D & string = keyof D & string>(
		register: AccumulationRegisterDef<D, R>,
		options: BalanceOptions<Dim> & { pageSize?: number } = {},
	): number {
		const { select, args, keys } = this.balanceRead(register, options);
		return this.widestVirtualUrl(register.set, 'Balance', args, { select, filter: options.filter }, keys);
	}

	/** The longest URL `sliceLastPages(register, options)` sends, on the longer of its two paths (see balanceUrlLength). */
	sliceLastUrlLength<D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>, R extends FieldSpecs>(
		register: InformationRegisterDef<D, R>,
		options: SliceLastPageOptions<string> = {},
	): number {
		const { args, query, paging } = this.sliceLastRead(register, options);
		return this.widestVirtualUrl(sliceLastSet(register, register.recorderSubordinate ? 'recordType' : 'plain'), 'SliceLast', args, query, paging.orderby);
	}

	private widestVirtualUrl(set: string, name: string, args: ReadonlyArray<readonly [string, string | undefined]>, query: { select: readonly string[]; filter?: string }, orderby: readonly string[]): number {
		const url = this.functionCall([set], name, args, { ...query, ...(orderby.length > 0 ? { orderby, top: 999_999_999, skip: 999_999_999 } : {}) });
		return Math.max(url.length, withoutMetadata(url).length);
	}

	private balanceRead<D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>, R extends FieldSpecs, Dim extends keyof D & string = keyof D & string>(
		register: AccumulationRegisterDef<D, R>,
		options: BalanceOptions<Dim> & { pageSize?: number },
	) {
		const dims = (options.dimensions ?? Object.keys(register.dimensions)) as string[];
		const select: string[] = [];
		const keys: string[] = [];
		let composite = false;
		for (const dim of dims) {
			const spec = register.dimensions[dim];
			if (!spec) throw new Error(`${dim} is not a dimension of ${register.set}`);
			if (spec.kind === 'ref') {
				select.push(`${dim}_Key`);
				keys.push(`${dim}_Key`);
			} else {
				select.push(dim, `${dim}_Type`);
				composite = true;
			}
		}
		for (const res of Object.keys(register.resources)) select.push(`${res}Balance`);
		const args: Array<readonly [string, string | undefined]> = [
			['Period', options.period === undefined ? undefined : balancePeriod(options.period)],
			['Condition', options.condition === undefined ? undefined : stringLiteral(options.condition)],
			['Dimensions', options.dimensions === undefined ? undefined : stringLiteral(dims.join(','))],
		];
		// A composite dimension cannot order the pages (1C refuses $orderby on composites): such a Balance is one request.
		return { select, args, keys: composite ? [] : keys, pageSize: composite ? 0 : options.pageSize };
	}

	/**
	 * Raw rows of a virtual table (`<set>/<name>`), in pages over `orderby` (see rawPages, with each row's identity the
	 * values of `orderby`), or in one request when the page size is 0 or this base ignores `$skip` on virtual tables.
	 */
	private async *virtualRaw(
		set: string,
		name: string,
		args: ReadonlyArray<readonly [string, string | undefined]>,
		query: { select: readonly string[]; filter?: string },
		options: VirtualPageOptions,
	): AsyncGenerator<{ rows: unknown[]; url: string }> {
		const urls = this.virtualUrls(set, name, args, query, options);
		if (urls.pageSize <= 0) {
			const url = urls.whole();
			const rows = await this.getValues(url, set);
			if (rows.length > 0) yield { rows, url };
			return;
		}
		yield* this.rawPages(set, urls.page, {
			pageSize: urls.pageSize,
			key: fieldsKey(options.orderby),
			keyParts: fieldsKeyParts(options.orderby),
			whole: () => {
				this.markUnsupported('virtualTableSkip');
				return urls.whole();
			},
		});
	}

	/** A virtual table's URLs: the whole table, and a page (`pageSize` 0 when it is read in one request). */
	private virtualUrls(set: string, name: string, args: ReadonlyArray<readonly [string, string | undefined]>, query: { select: readonly string[]; filter?: string }, options: VirtualPageOptions) {
		const pageSize = options.pageSize ?? this.virtualPageSize;
		const paged = pageSize > 0 && options.orderby.length > 0 && this.supports('virtualTableSkip');
		return {
			pageSize: paged ? pageSize : 0,
			whole: () => this.functionCall([set], name, args, { select: query.select, filter: query.filter }),
			page: (top: number, skip: number) => this.functionCall([set], name, args, { select: query.select, filter: query.filter, orderby: options.orderby, top, skip }),
		};
	}

	/**
	 * `SliceLast` of a periodic information register, in one request. For recorder-subordinate registers (ЦеныНоменклатуры)
	 * 1C's docs put the slice on `<set>_RecordType`; some platforms answer only the plain path (docs/1c-odata.md#virtual-tables).
	 * Unless forced, try `_RecordType` first, fall back to plain on "not found" (code 6 / 404), and remember the form per root URL.
	 */
	async sliceLast<D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>, R extends FieldSpecs>(
		register: InformationRegisterDef<D, R>,
		options: SliceLastOptions = {},
	) {
		type Row = Pick<Decoded<typeof register.slice.specs>, keyof typeof register.slice.specs & string>;
		const out: Row[] = [];
		for await (const page of this.sliceLastPages(register, { ...options, pageSize: 0 })) appendAll(out, page);
		return out;
	}

	/**
	 * `SliceLast` (see sliceLast()) in pages of `pageSize` rows (default `virtualPageSize`; 0: one request), ordered by the
	 * register's dimensions (`orderby` to choose others). A base that ignores `$skip` on virtual tables is read in one
	 * request from then on. `columns`: the slice columns to read (default all of them).
	 */
	async *sliceLastPages<
		D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>,
		R extends FieldSpecs,
		K extends keyof InformationRegisterDef<D, R>['slice']['specs'] & string = keyof InformationRegisterDef<D, R>['slice']['specs'] & string,
	>(register: InformationRegisterDef<D, R>, options: SliceLastPageOptions<K> = {}) {
		const { select, args, query, paging, cacheKey, forced } = this.sliceLastRead(register, options);
		const read = (form: SliceLastForm) => this.virtualRaw(sliceLastSet(register, form), 'SliceLast', args, query, paging);
		let form: SliceLastForm = forced ?? 'recordType';
		let pages = read(form);
		let first: IteratorResult<{ rows: unknown[]; url: string }> | undefined;
		try {
			first = await pages.next();
			if (!forced) sliceLastForms.set(cacheKey, 'recordType');
		} catch (error) {
			if (forced || !(error instanceof OneCODataError) || !(error.code === '6' || error.status === 404)) throw passOn(error);
			this.log(`1C: ${register.set}_RecordType/SliceLast not available (${error.code ?? error.status}), using ${register.set}/SliceLast`);
			form = 'plain';
			pages = read(form);
			first = await pages.next();
			sliceLastForms.set(cacheKey, 'plain');
		}
		for (let next = first; !next.done; next = await pages.next()) yield* this.decodedSlices(register.slice.specs, select as readonly K[], next.value.rows, next.value.url);
	}

	/**
	 * Asks 1C now for the first page that sliceLastPages(register, options) will ask for, so that 1C computes the
	 * slice while the caller still works on something else (a real base computes the whole virtual table before its
	 * first page; the large sandbox takes seconds). The next read of the register takes the answer instead of asking
	 * again (the same URL: pass a fixed `period`, not "now"), so the requests stay the same; if that read asks
	 * otherwise (another form, $skip refused meanwhile), the early answer is dropped. Not while another read of this
	 * client is running: one request at 1C at a time (see readAhead). Without readAhead it does nothing.
	 */
	startSliceLastPages<
		D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>,
		R extends FieldSpecs,
		K extends keyof InformationRegisterDef<D, R>['slice']['specs'] & string = keyof InformationRegisterDef<D, R>['slice']['specs'] & string,
	>(register: InformationRegisterDef<D, R>, options: SliceLastPageOptions<K> = {}): void {
		if (!this.readAhead) return;
		const { args, query, paging, forced } = this.sliceLastRead(register, options);
		const set = sliceLastSet(register, forced ?? 'recordType');
		const urls = this.virtualUrls(set, 'SliceLast', args, query, paging);
		const url = urls.pageSize > 0 ? urls.page(urls.pageSize, 0) : urls.whole();
		this.early = undefined;
		const rows = this.getValues(url, set);
		rows.catch(() => undefined); // its error is thrown to the read that takes it
		this.early = { set, url, rows };
	}

	/** What a SliceLast read asks for (sliceLastPages, startSliceLastPages). */
	private sliceLastRead<D extends Readonly<Record<string, { kind: 'ref'; to: string } | { kind: 'composite'; to: string[] }>>, R extends FieldSpecs>(
		register: InformationRegisterDef<D, R>,
		options: SliceLastPageOptions<string>,
	) {
		const select = options.columns ?? Object.keys(register.slice.specs);
		const period = this.slicePeriod(options.period);
		const args: Array<readonly [string, string | undefined]> = [
			['Period', period === 'latest' ? undefined : datetimeLiteral(period)],
			['Condition', options.condition === undefined ? undefined : stringLiteral(options.condition)],
		];
		const dims = Object.entries(register.dimensions);
		const composite = dims.some(([, spec]) => spec.kind !== 'ref');
		const orderby = options.orderby ?? dims.map(([dim]) => `${dim}_Key`);
		const pageSize = composite && options.orderby === undefined ? 0 : options.pageSize;
		const cacheKey = `${this.rootUrl}|${register.set}`;
		const forced = this.sliceLastForm ?? (register.recorderSubordinate ? sliceLastForms.get(cacheKey) : 'plain');
		return { select, args, query: { select, filter: options.filter }, paging: { pageSize, orderby }, cacheKey, forced };
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

	/**
	 * PATCH (partial; a tabular array replaces the whole section). Safe to resend. Returns the object as 1C holds it
	 * after the write: from the answer when 1C sends it back, else (an empty 2xx, e.g. 204: how a real base answers a
	 * PATCH is unproven, docs/1c-odata.md#writes) re-read by its ref with one GET.
	 */
	async update<S extends FieldSpecs, T extends Readonly<Record<string, TabularDef>>>(entity: EntityDef<S, T>, ref: string, values: WriteValues<S, T>): Promise<CreateResult<S>> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`], queryParams({}));
		const json = await this.request('PATCH', url, { body: this.encodeBody(entity, values), safeToRepeat: true, set: entity.set });
		if (json !== undefined) return this.writeResult(entity, json, url);
		this.log(`1C: PATCH of ${entity.set} answered without a body; re-reading the object`);
		return this.writeResult(entity, await this.request('GET', url, { safeToRepeat: true, set: entity.set }), url);
	}

	/** Sets or clears the deletion mark (the only "delete" this package does). */
	async setDeletionMark<S extends FieldSpecs>(entity: EntityLike<S>, ref: string, mark: boolean): Promise<void> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`], queryParams({}));
		await this.request('PATCH', url, { body: { DeletionMark: mark }, safeToRepeat: true, set: entity.set });
	}

	/**
	 * Posts a document (docs/1c-odata.md#posting) and returns what 1C then holds: `Posted` is re-read after any
	 * answer, because a 2xx proves nothing and a refusal may leave an earlier posting in place. A refusal by UT's
	 * posting code (500 code -1), a lock conflict or a missing posting right (403) is returned, not thrown, with 1C's
	 * text when it gave one; other failures throw. `operational` false by default (real-time posting is allowed
	 * only for documents dated now). Resending is harmless (re-posting rewrites the same movements).
	 * `verify: false` skips the re-read, for a caller that re-reads many documents in one batch afterwards (the
	 * order flow): `posted` then says what the answer implies, not what 1C holds.
	 */
	async post(entity: { set: string }, ref: string, options: { operational?: boolean; verify?: boolean } = {}): Promise<PostResult> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`, 'Post'], queryParams({}, [['PostingModeOperational', options.operational ? 'true' : 'false']]));
		return await this.action(entity, ref, url, true, options.verify ?? true);
	}

	/** Clears posting (see post()); returns the re-read state. */
	async unpost(entity: { set: string }, ref: string, options: { verify?: boolean } = {}): Promise<PostResult> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`, 'Unpost'], queryParams({}));
		return await this.action(entity, ref, url, false, options.verify ?? true);
	}

	/** `Posted` of a document as 1C holds it now. */
	async isPosted(entity: { set: string }, ref: string): Promise<boolean> {
		const url = this.url([`${entity.set}(${guidLiteral(ref)})`], queryParams({ select: ['Posted'] }));
		const json = (await this.request('GET', url, { safeToRepeat: true, set: entity.set })) as { Posted?: unknown } | undefined;
		return json?.Posted === true || json?.Posted === 'true';
	}

	private async action(entity: { set: string }, ref: string, url: string, post: boolean, verify: boolean): Promise<PostResult> {
		let refusal: OneCODataError | undefined;
		try {
			await this.request('POST', url, { safeToRepeat: true, set: entity.set, anyBody: true });
		} catch (error) {
			const refused = error instanceof OneCODataError && ((error.kind === 'odata' && error.code === '-1') || error.kind === 'forbidden');
			if (!refused) throw passOn(error);
			refusal = error;
		}
		const posted = verify ? await this.isPosted(entity, ref) : refusal ? !post : post;
		const what = post ? 'post' : 'unpost';
		if (refusal) {
			return { posted, refused: true, message: refusalMessage(refusal, post, posted), ...(refusal.message1C ? { message1C: refusal.message1C } : {}) };
		}
		if (posted === post) return { posted, refused: false };
		return { posted, refused: false, message: `1C answered the ${what} call without an error, but the document is ${posted ? 'still posted' : 'not posted'}; ${post ? 'post it by hand in 1C to see why' : 'check it in 1C'}.` };
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

/** Balance(Period) counts movements strictly before Period on a real 1C: the next second includes those at Period. */
function balancePeriod(period: string): string {
	const literal = datetimeLiteral(period);
	return datetimeLiteral(addSeconds(literal.slice('datetime\''.length, -1), 1));
}

/**
 * What a refused Post/Unpost means for people. The standard OData interface passes on the platform's error text,
 * not the messages UT's posting code shows a user, so the real reason is often missing (docs/1c-odata.md#posting).
 */
function refusalMessage(error: OneCODataError, post: boolean, posted: boolean): string {
	const said = error.message1C ? ` 1C said: «${error.message1C}».` : '';
	const state = post ? (posted ? ' The document stays posted as it was before this call.' : ' The document stays written and unposted.') : '';
	if (error.kind === 'forbidden') return `1C refused to ${post ? 'post' : 'unpost'} the document: the 1C user n8n works as has no right to do it.${said} Give the user the posting right for this document.${state}`;
	const hint = hintForCode('-1', error.message1C ?? '', { method: 'POST', url: '' });
	if (!/^(Another 1C session|UT 10\.3 refused the prices)/.test(hint) && post && !hasReason(error.message1C ?? '')) {
		return `1C refused to post the document without saying why.${said} OData does not return the messages UT's posting code shows a user: open the document in 1C as the same user and post it by hand to see the reason (often: a contract that is not «С покупателем» or is kept «По счетам», goods among services (a delivery item that is not a service), a closed period, the user's price restrictions).${state}`;
	}
	if (!post && !hasReason(error.message1C ?? '') && !/^Another 1C session/.test(hint)) {
		// UT refuses to unpost or change a posted document dated on or before the period closing date for users without
		// full rights (event subscription ПередЗаписьюДокументаДатаЗапретаРедактирования → НастройкаПравДоступа), and
		// says why only to an interactive user.
		return `1C refused to unpost the document without saying why.${said} Most often the document lies in a closed period («Дата запрета редактирования» set for the n8n user's group in 1C): open the period for that user, or settle the order in 1C by hand. Unposting it by hand in 1C as the same user shows the reason.`;
	}
	return `1C refused to ${post ? 'post' : 'unpost'} the document.${said} ${/^(Another 1C session|UT 10\.3 refused the prices)/.test(hint) ? hint : 'Fix what 1C names and run again.'}${state}`;
}

/**
 * Whether a refusal text says something beyond the platform's generic failure of the posting handler. The platform
 * words it in the server's language: «Error running processor - 'ОбработкаПроведения'» or «Ошибка при выполнении
 * обработчика - 'ОбработкаПроведения'» (docs/1c-odata.md#posting); any «… - '<handler>'» alone names no reason.
 */
export function hasReason(text: string): boolean {
	const generic = /^(error running processor|ошибка при выполнении обработчика|ошибка при вызове метода|операция не выполнена|не удалось провести|произошла внутренняя ошибка)/i;
	const handlerOnly = /^[^'\n]{0,80} - '[\wА-Яа-яЁё]+'\.?$/;
	const t = text.trim();
	return t !== '' && !generic.test(t) && !handlerOnly.test(t);
}

/** The URL asking for JSON without OData annotations instead of `$format=json` (see OneCClientOptions.jsonMetadata). */
function withoutMetadata(url: string): string {
	return url.replace(/([?&]\$format=)json(?=&|$)/, '$1json;odata=nometadata');
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
		if (name === 'Ref_Key') continue; // 1C ignores it in bodies (docs/1c-odata.md#writes)
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

/** Tabular rows with `LineNumber` 1..n in order (1C refuses missing or gapped numbers, docs/1c-odata.md#writes). */
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

/**
 * The rows whose identity is not in `seen` (which then holds them too), compacted into `rows` itself: a page of
 * 50,000 rows is not copied to drop the one row a later page repeats.
 */
function keepUnseen(rows: unknown[], seen: SeenRows, identity: (raw: unknown) => string, parts?: IdentityParts): unknown[] {
	let kept = 0;
	if (parts !== undefined) {
		for (let i = 0; i < rows.length; i++) if (seen.addRow(rows[i], parts)) rows[kept++] = rows[i];
	} else for (let i = 0; i < rows.length; i++) if (seen.add(identity(rows[i]))) rows[kept++] = rows[i];
	rows.length = kept;
	return rows;
}

export type { SelectOf };
