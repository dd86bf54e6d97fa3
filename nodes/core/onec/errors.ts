import { redirectAdvice, redirectOf } from '../http/redirect';
import type { HttpResponse } from '../http/transport';
import { TransportError } from '../http/transport';
import { redactUrl } from './url';

/**
 * Every failure talking to 1C becomes a OneCODataError: `kind` says what went wrong in terms the user can act on,
 * `message1C` keeps 1C's own (Russian) text, `hint` says in English what to do. Messages never carry credentials
 * (the transport adds auth; URLs are redacted).
 */
export type OneCErrorKind =
	/** A proper `odata.error` answer from 1C (see `code`). */
	| 'odata'
	/** 401: wrong login or password. */
	| 'auth'
	/** 403: the 1C user may not read or change this object (roles, or record-level restrictions), or the web server forbids the path. */
	| 'forbidden'
	/** 404 without an OData body, an HTML page or a non-JSON answer: wrong URL or OData not published. */
	| 'notPublished'
	/** 404 with an OData body on an entity set: the set is not in the OData composition (or has another name). */
	| 'notInComposition'
	/** Atom XML came back although JSON was asked for: `$format` ignored. */
	| 'atom'
	/** No HTTP answer: refused, reset, DNS. */
	| 'network'
	| 'timeout'
	/** 5xx without an OData body (licence limit, sessions locked, cluster down, proxy or web-server page). */
	| 'server'
	/** JSON that does not match what we expect. */
	| 'badResponse';

export interface OneCErrorDetails {
	kind: OneCErrorKind;
	status?: number;
	/** 1C error code as 1C sends it ("6", "-1", …). */
	code?: string;
	message1C?: string;
	hint: string;
	method?: string;
	url?: string;
}

export class OneCODataError extends Error {
	readonly kind: OneCErrorKind;
	readonly status: number | undefined;
	readonly code: string | undefined;
	readonly message1C: string | undefined;
	readonly hint: string;
	readonly url: string | undefined;

	constructor(summary: string, details: OneCErrorDetails) {
		const where = details.method && details.url ? ` [${details.method} ${shortUrl(details.url)}]` : '';
		const said = details.message1C ? ` 1C: «${details.message1C}».` : '';
		super(`${summary}${where}.${said} ${details.hint}`.trim());
		this.name = 'OneCODataError';
		this.kind = details.kind;
		this.status = details.status;
		this.code = details.code;
		this.message1C = details.message1C;
		this.hint = details.hint;
		this.url = details.url === undefined ? undefined : redactUrl(details.url);
	}
}

/** Decoded for readability in messages, query dropped beyond a sane length. */
function shortUrl(url: string): string {
	let text = redactUrl(url);
	try {
		text = decodeURIComponent(text);
	} catch {
		// keep encoded
	}
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export interface ODataErrorBody {
	code: string;
	message: string;
}

/** Reads `{"odata.error": {"code", "message": {"value"}}}` (JSON) or `<m:error>` (Atom) bodies. */
export function parseODataError(body: string): ODataErrorBody | undefined {
	const trimmed = body.trim();
	if (trimmed.startsWith('{')) {
		try {
			const parsed = JSON.parse(trimmed) as Record<string, unknown>;
			const err = (parsed['odata.error'] ?? parsed['error']) as Record<string, unknown> | undefined;
			if (!err || typeof err !== 'object') return undefined;
			const message = err['message'];
			const text =
				typeof message === 'string'
					? message
					: message && typeof message === 'object' && typeof (message as Record<string, unknown>)['value'] === 'string'
						? ((message as Record<string, unknown>)['value'] as string)
						: '';
			return { code: String(err['code'] ?? ''), message: text };
		} catch {
			return undefined;
		}
	}
	const xml = /<(?:m:)?error[\s>][\s\S]*?<(?:m:)?code>([^<]*)<\/(?:m:)?code>[\s\S]*?<(?:m:)?message[^>]*>([^<]*)<\/(?:m:)?message>/.exec(trimmed);
	if (xml) return { code: xml[1].trim(), message: decodeXmlEntities(xml[2].trim()) };
	return undefined;
}

function decodeXmlEntities(text: string): string {
	return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

export interface RequestContext {
	method: string;
	url: string;
	/** The entity set the request addresses (for composition hints). */
	set?: string;
}

const COMPOSITION_METHOD = 'run УстановитьСоставСтандартногоИнтерфейсаOData in the infobase';

/** Advice for a set missing from the OData composition (docs/1c-odata.md#publication-and-composition). */
export function compositionHint(set: string): string {
	return `Add ${set} to the OData composition (${COMPOSITION_METHOD}), or check the object name.`;
}

/**
 * The name 1C echoes in a code-6 message. Real bases write «Сегмент пути Склад не найден!» without quotes; some
 * texts quote it ('Склад', "Склад", «Склад»), so both forms are read (docs/1c-odata.md#errors).
 */
export function echoedName(message: string): string | undefined {
	const quoted = /['"«]([^'"»]+)['"»]/.exec(message);
	if (quoted) return quoted[1];
	const bare = /(?:Сегмент пути|segment)\s+(\S+?)\s+(?:не найден|not found)/i.exec(message);
	return bare?.[1];
}

const OBJECT_SET = /^(Catalog|Document|AccumulationRegister|InformationRegister|ChartOfCharacteristicTypes|ExchangePlan|DocumentJournal|Constant)_/;

/** True when a code-6 "not found" names the set itself (or a set), not a field of it. */
function namesASet(name: string | undefined, ctx: RequestContext): boolean {
	if (name === undefined) return false;
	if (ctx.set && (name === ctx.set || name.startsWith(`${ctx.set}(`))) return true;
	return OBJECT_SET.test(name);
}

/** Texts UT 10.3 and the platform use for lock conflicts (another session holds the object or register). */
const LOCK_TEXT = /блокиров|lock conflict|locked/i;
/** UT 10.3's price-rights check (УправлениеДопПравамиПользователей.ПроверитьДопустимостьЦенОтпуска). */
const PRICE_RIGHTS_TEXT = /ниже порогового значения|допустим\S* цен|с ценой ниже/i;

export function hintForCode(code: string, message: string, ctx: RequestContext): string {
	switch (code) {
		case '1':
			return 'A value could not be read as its property type (a GUID, number, date or boolean in the request is malformed).';
		case '6': {
			if (/метод не найден/i.test(message)) return 'This register does not support that function (e.g. Balance on a turnover register, SliceLast on an accumulation register).';
			if (/extra segments/i.test(message)) return 'The request path has segments 1C does not understand; check the function or key syntax.';
			const name = echoedName(message);
			if (namesASet(name, ctx)) return compositionHint(name as string);
			if (name === undefined && ctx.set) return `${compositionHint(ctx.set)} If ${ctx.set} is published, a field of the request does not exist in this base.`;
			return `The field or segment ${name ? `"${name}" ` : ''}does not exist in this infobase's OData model; compare with $metadata (a different UT release?).`;
		}
		case '9':
			return 'The object with this key does not exist (deleted, or a key from another infobase).';
		case '13':
			return 'Tabular section rows cannot be written directly; send them inside the parent document.';
		case '14':
			return 'The $filter expression could not be parsed by 1C; this is a bug in the query built by the node, please report it with the URL.';
		case '-1':
			if (LOCK_TEXT.test(message)) {
				return 'Another 1C session holds a lock on this object or on the registers it writes (someone has it open, or a long posting or closing runs); the request changed nothing. Run again later.';
			}
			if (PRICE_RIGHTS_TEXT.test(message)) {
				return 'UT 10.3 refused the prices: the 1C user n8n works as may not sell below its allowed price type (ПроверитьДопустимостьЦенОтпуска). Relax that user\'s additional rights in 1C or send prices the user may use.';
			}
			return /провед/i.test(message)
				? 'Posting was refused by UT 10.3 business rules; fix the fields 1C names, the document stays unposted.'
				: '1C failed while processing the request (object module check, duplicate number, a posted document in a closed period («Дата запрета редактирования» of the n8n user), missing LineNumber, malformed body); read the 1C text.';
		default:
			return 'Read the 1C text; compare the request with $metadata.';
	}
}

/** Readable text of a body that is not OData: tags and scripts dropped, entities decoded, spaces collapsed, ≤ 300 characters. */
export function plainText(body: string): string {
	const text = decodeXmlEntities(
		body
			.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<br\s*\/?>|<\/(p|div|h\d|li|title|tr)>/gi, '. ')
			.replace(/<[^>]+>/g, ' ')
			.replace(/&nbsp;/g, ' '),
	)
		.replace(/\s+/g, ' ')
		.replace(/(\.\s*){2,}/g, '. ')
		.replace(/^[\s.]+|[\s.]+$/g, '')
		.trim();
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * What a 5xx page without an OData body says, in terms a 1C administrator acts on (docs/1c-odata.md#errors):
 * the licence limit, sessions locked by an administrator, a 1C server cluster the web server cannot reach, or a
 * web server / proxy page.
 */
export function hintForServerText(status: number, text: string): string {
	if (/лиценз|licen[cs]e/i.test(text)) {
		return 'The 1C server has no free licence for the OData session (each OData session takes a client licence like a user). Free or add licences, or run the n8n workflows at quieter times.';
	}
	if (/начало сеанса.*запрещено|сеанс\S* .*заблокирован|session start.*(denied|prohibited|forbidden)/i.test(text)) {
		return 'A 1C administrator has locked new sessions in this infobase (an update or maintenance, «Блокировка начала сеансов»). Wait until the lock is lifted, or ask the administrator.';
	}
	if (/кластер|cluster|rphost|rmngr|ragent|сервер 1с:предприятия|server.*not (found|available)|не обнаружен/i.test(text)) {
		return 'The web server cannot reach the 1C server cluster (the 1C server service is down or the cluster is overloaded). Ask the 1C administrator to check the cluster.';
	}
	if (status === 502 || status === 503 || status === 504) return 'The web server or proxy in front of 1C did not get an answer from 1C (down, restarting or overloaded); try again later.';
	return 'The web server or 1C server failed without an OData error; read its text above. If it repeats, give it to the 1C administrator.';
}

/** Turns a non-2xx answer into a OneCODataError. */
export function errorFromResponse(response: HttpResponse, ctx: RequestContext): OneCODataError {
	const { status, body } = response;
	const contentType = response.headers['content-type'] ?? '';
	const odata = parseODataError(body);
	const common = { status, method: ctx.method, url: ctx.url };
	const redirect = redirectOf(response);
	if (redirect) {
		return new OneCODataError(`1C's web server redirects elsewhere (HTTP ${status}${redirect.location ? ` to ${redirect.location}` : ''})`, {
			...common,
			kind: 'notPublished',
			hint: redirectAdvice(redirect.location),
		});
	}
	if (status === 401) {
		return new OneCODataError('1C rejected the login (HTTP 401)', {
			...common,
			kind: 'auth',
			message1C: odata?.message || undefined,
			hint: 'Wrong 1C user name or password (a 1C:Enterprise-authenticated infobase user; the name is case-sensitive and may be Cyrillic).',
		});
	}
	if (status === 403) {
		return new OneCODataError(`1C refused access${ctx.set ? ` to ${ctx.set}` : ''} (HTTP 403)`, {
			...common,
			kind: 'forbidden',
			code: odata?.code || undefined,
			message1C: odata?.message || (body.trim() ? plainText(body) : undefined) || undefined,
			hint:
				`The 1C user n8n works as has no right to ${ctx.method === 'GET' ? 'read' : 'change'} ${ctx.set ?? 'this object'} (its roles), ` +
				'or record-level restrictions of its roles hide some of the rows involved (1C answers «Нарушение прав доступа!» then too, even with the role), ' +
				'or the web server forbids the path. Give the user the rights README lists, with access without record-level restrictions.',
		});
	}
	if (odata && odata.code !== '') {
		// 404 with an OData body: code 9 = no object with this key; anything else = the set itself is unknown, i.e.
		// not in the OData composition (a real base answers 404 here, older sandboxes 400 code 6).
		if (status === 404 && odata.code !== '9' && ctx.set) {
			return new OneCODataError(`1C does not publish ${ctx.set} (HTTP 404)`, { ...common, kind: 'notInComposition', code: odata.code, message1C: odata.message, hint: compositionHint(ctx.set) });
		}
		if (odata.code === '6' && namesASet(echoedName(odata.message), ctx) && !/метод не найден/i.test(odata.message)) {
			const set = echoedName(odata.message) as string;
			return new OneCODataError(`1C does not publish ${set} (HTTP ${status})`, { ...common, kind: 'notInComposition', code: odata.code, message1C: odata.message, hint: compositionHint(set) });
		}
		return new OneCODataError(`1C OData error ${odata.code} (HTTP ${status})`, {
			...common,
			kind: 'odata',
			code: odata.code,
			message1C: odata.message,
			hint: hintForCode(odata.code, odata.message, ctx),
		});
	}
	// A 1C or web-server failure page (licence limit, locked sessions, cluster down, proxy 502/503/504): keep its text.
	if (status >= 500) {
		const text = body.trim() ? plainText(body) : '';
		return new OneCODataError(`1C server error (HTTP ${status})`, {
			...common,
			kind: 'server',
			message1C: text || undefined,
			hint: hintForServerText(status, text),
		});
	}
	if (status === 429) {
		const text = body.trim() ? plainText(body) : '';
		return new OneCODataError(`1C's web server is limiting requests (HTTP 429)`, {
			...common,
			kind: 'server',
			message1C: text || undefined,
			hint: 'A proxy or web server in front of 1C allows fewer requests than n8n sent (retried as its Retry-After asked); raise its limit or spread the schedules of the workflows that use this 1C base.',
		});
	}
	const htmlPage = /text\/html/i.test(contentType) || (/^\s*</.test(body) && !isAtom(body, contentType));
	// The web server's own limit on a URL (IIS request filtering: 404.15 for a query string over maxQueryString, 2,048
	// bytes by default; 414 elsewhere): not an unpublished base or set (docs/1c-odata.md#queries-and-paging).
	if (status === 414 || (status === 404 && /404\.15|query string is too long/i.test(body))) {
		return new OneCODataError(`1C's web server refused a URL as too long (HTTP ${status}${status === 404 ? '.15' : ''})`, {
			...common,
			kind: 'server',
			message1C: body.trim() ? plainText(body) : undefined,
			hint: 'The web server in front of 1C takes shorter URLs than this read sent (IIS: requestFiltering maxQueryString, 2,048 bytes by default; Apache: LimitRequestLine). Raise its limit, or lower the client\'s URL length.',
		});
	}
	if (status === 404 || htmlPage) {
		return new OneCODataError(`No OData answer from 1C (HTTP ${status})`, {
			...common,
			kind: 'notPublished',
			hint: 'Wrong URL, or the infobase is published without the standard OData interface; the address must end with /odata/standard.odata and «Публиковать стандартный интерфейс OData» must be on.',
		});
	}
	if (isAtom(body, contentType)) {
		return new OneCODataError(`1C answered Atom XML instead of JSON (HTTP ${status})`, {
			...common,
			kind: 'atom',
			hint: 'The $format=json parameter was ignored; a proxy may strip query parameters.',
		});
	}
	return new OneCODataError(`Unexpected answer from 1C (HTTP ${status})`, {
		...common,
		kind: 'badResponse',
		message1C: body.trim() ? plainText(body) : undefined,
		hint: 'The answer is not an OData JSON response; check the URL points to /odata/standard.odata.',
	});
}

/** A 400/500 OData error: how 1C refuses a query construct its platform does not support (cast, composite order). */
export function isQueryRefusal(error: unknown): error is OneCODataError {
	return error instanceof OneCODataError && error.kind === 'odata' && (error.status === 400 || error.status === 500);
}

/** A set missing from the OData composition, whichever way 1C said it (404, or 400 code 6 naming the set). */
export function isNotInComposition(error: unknown): boolean {
	return error instanceof OneCODataError && error.kind === 'notInComposition';
}

export function isAtom(body: string, contentType: string): boolean {
	return /atom\+xml/i.test(contentType) || /^\s*(<\?xml[^>]*>\s*)?<(feed|entry)[\s>]/.test(body);
}

/** For a 2xx answer that is not the JSON we asked for. */
export function errorFromUnexpectedBody(response: HttpResponse, ctx: RequestContext): OneCODataError {
	const contentType = response.headers['content-type'] ?? '';
	if (isAtom(response.body, contentType)) {
		return new OneCODataError(`1C answered Atom XML instead of JSON (HTTP ${response.status})`, {
			kind: 'atom',
			status: response.status,
			hint: 'The $format=json parameter was ignored; a proxy may strip query parameters.',
			method: ctx.method,
			url: ctx.url,
		});
	}
	if (/^\s*</.test(response.body)) {
		return new OneCODataError(`No OData answer from 1C (HTTP ${response.status}, an HTML page)`, {
			kind: 'notPublished',
			status: response.status,
			hint: 'Wrong URL, or the infobase is published without the standard OData interface; the address must end with /odata/standard.odata.',
			method: ctx.method,
			url: ctx.url,
		});
	}
	return new OneCODataError(`1C answered something that is not OData JSON (HTTP ${response.status})`, {
		kind: 'badResponse',
		status: response.status,
		hint: 'Check the URL points to /odata/standard.odata of a 1C publication.',
		method: ctx.method,
		url: ctx.url,
	});
}

/** `unsafeWrite`: a create whose answer was lost may still have been carried out by 1C. */
export function errorFromTransport(error: TransportError, ctx: RequestContext, timeoutMs: number, unsafeWrite = false): OneCODataError {
	const maybeDone = unsafeWrite
		? ' The object may have been created anyway: look it up (e.g. by НомерВходящегоДокументаЭлектронногоОбмена) before writing it again.'
		: '';
	if (error.kind === 'timeout') {
		return new OneCODataError(`1C did not answer within ${Math.round(timeoutMs / 1000)} s`, {
			kind: 'timeout',
			hint: `The 1C server is slow or a session is starting; narrow the request (filters, Condition) or raise the timeout.${maybeDone}`,
			method: ctx.method,
			url: ctx.url,
		});
	}
	return new OneCODataError(`Cannot reach 1C (${error.kind}: ${error.message})`, {
		kind: 'network',
		hint: (error.kind === 'dns' ? 'The host name does not resolve; check the URL.' : 'The web server is down, unreachable, or dropped the connection; check the URL and the network.') + maybeDone,
		method: ctx.method,
		url: ctx.url,
	});
}

export function isTransportError(error: unknown): error is TransportError {
	return error instanceof TransportError;
}

/**
 * Passes a caught error on unchanged (non-Error values wrapped). core/ cannot build NodeApiError (no n8n
 * imports); nodes/shared converts OneCODataError into NodeApiError at the node boundary.
 */
export function passOn(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

/** A row whose field 1C sent in a form the model does not read (the first failing field, as the row decoder names it). */
export function unreadableValue(issue: { path: string; message: string }, url: string): OneCODataError {
	return new OneCODataError(`1C returned a value we cannot read (${issue.path}: ${issue.message})`, {
		kind: 'badResponse',
		hint: 'The field type differs from UT 10.3.88 as this package knows it; compare $metadata.',
		method: 'GET',
		url,
	});
}
