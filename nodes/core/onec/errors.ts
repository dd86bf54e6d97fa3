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
	/** 401/403: wrong login or password, or the user lacks rights. */
	| 'auth'
	/** 404 without an OData body, an HTML page or a non-JSON answer: wrong URL or OData not published. */
	| 'notPublished'
	/** Atom XML came back although JSON was asked for: `$format` ignored. */
	| 'atom'
	/** No HTTP answer: refused, reset, DNS. */
	| 'network'
	| 'timeout'
	/** 5xx without an OData body (proxy, web server). */
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

/** The name 1C echoes in a code-6 message («Сегмент пути 'X' не найден!» and similar). */
function echoedName(message: string): string | undefined {
	const m = /['"«]([^'"»]+)['"»]/.exec(message);
	return m?.[1];
}

export function hintForCode(code: string, message: string, ctx: RequestContext): string {
	switch (code) {
		case '1':
			return 'A value could not be read as its property type (a GUID, number, date or boolean in the request is malformed).';
		case '6': {
			if (/метод не найден/i.test(message)) return 'This register does not support that function (e.g. Balance on a turnover register, SliceLast on an accumulation register).';
			if (/extra segments/i.test(message)) return 'The request path has segments 1C does not understand; check the function or key syntax.';
			const name = echoedName(message);
			if (ctx.set && (name === undefined || name === ctx.set || name.startsWith(`${ctx.set}`))) {
				return `Add ${ctx.set} to the OData composition (run УстановитьСоставСтандартногоИнтерфейсаOData in the infobase), or check the object name.`;
			}
			if (name && /^(Catalog|Document|AccumulationRegister|InformationRegister)_/.test(name)) {
				return `Add ${name} to the OData composition (run УстановитьСоставСтандартногоИнтерфейсаOData in the infobase), or check the object name.`;
			}
			return `The field or segment ${name ? `"${name}" ` : ''}does not exist in this infobase's OData model; compare with $metadata (a different UT release?).`;
		}
		case '9':
			return 'The object with this key does not exist (deleted, or a key from another infobase).';
		case '13':
			return 'Tabular section rows cannot be written directly; send them inside the parent document.';
		case '14':
			return 'The $filter expression could not be parsed by 1C; this is a bug in the query built by the node, please report it with the URL.';
		case '-1':
			return /провед/i.test(message)
				? 'Posting was refused by UT 10.3 business rules; fix the fields 1C names, the document stays unposted.'
				: '1C failed while processing the request (object module check, duplicate number, missing LineNumber, malformed body); read the 1C text.';
		default:
			return 'Read the 1C text; compare the request with $metadata.';
	}
}

/** Turns a non-2xx answer into a OneCODataError. */
export function errorFromResponse(response: HttpResponse, ctx: RequestContext): OneCODataError {
	const { status, body } = response;
	const contentType = response.headers['content-type'] ?? '';
	const odata = parseODataError(body);
	if (odata && odata.code !== '') {
		return new OneCODataError(`1C OData error ${odata.code} (HTTP ${status})`, {
			kind: 'odata',
			status,
			code: odata.code,
			message1C: odata.message,
			hint: hintForCode(odata.code, odata.message, ctx),
			method: ctx.method,
			url: ctx.url,
		});
	}
	if (status === 401) {
		return new OneCODataError('1C rejected the login (HTTP 401)', {
			kind: 'auth',
			status,
			hint: 'Wrong 1C user name or password (a 1C:Enterprise-authenticated infobase user; the name is case-sensitive and may be Cyrillic).',
			method: ctx.method,
			url: ctx.url,
		});
	}
	if (status === 403) {
		return new OneCODataError('1C refused access (HTTP 403)', {
			kind: 'auth',
			status,
			hint: 'The 1C user has no rights for this object or the web server forbids the path; check the user roles.',
			method: ctx.method,
			url: ctx.url,
		});
	}
	// A proxy/web-server error page (502/503/504…): the address is right, the backend is not answering.
	if (status >= 500) {
		return new OneCODataError(`1C server error (HTTP ${status})`, {
			kind: 'server',
			status,
			hint: 'The web server or 1C server is unavailable or overloaded; try again later.',
			method: ctx.method,
			url: ctx.url,
		});
	}
	const htmlPage = /text\/html/i.test(contentType) || (/^\s*</.test(body) && !isAtom(body, contentType));
	if (status === 404 || htmlPage) {
		return new OneCODataError(`No OData answer from 1C (HTTP ${status})`, {
			kind: 'notPublished',
			status,
			hint: 'Wrong URL, or the infobase is published without the standard OData interface; the address must end with /odata/standard.odata and «Публиковать стандартный интерфейс OData» must be on.',
			method: ctx.method,
			url: ctx.url,
		});
	}
	if (isAtom(body, contentType)) {
		return new OneCODataError(`1C answered Atom XML instead of JSON (HTTP ${status})`, {
			kind: 'atom',
			status,
			hint: 'The $format=json parameter was ignored; a proxy may strip query parameters.',
			method: ctx.method,
			url: ctx.url,
		});
	}
	return new OneCODataError(`Unexpected answer from 1C (HTTP ${status})`, {
		kind: 'badResponse',
		status,
		hint: 'The answer is not an OData JSON response; check the URL points to /odata/standard.odata.',
		method: ctx.method,
		url: ctx.url,
	});
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
