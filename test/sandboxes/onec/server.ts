import * as http from 'http';
import type { AddressInfo } from 'net';
import { authenticate, UNAUTHORIZED_BODY } from './auth';
import { handleControl } from './control';
import { ODataError } from './errors';
import { ODataRouter, errorReply, type Reply } from './odata';
import { Sandbox, type FixtureName, type RequestLogEntry } from './sandbox';
import { parseUrl } from './url';
import type { LargeOptions } from './fixtures/large';

/**
 * Local stand-in for a 1C:УТ 10.3 standard OData publication
 * (`http://host:port/{publication}/odata/standard.odata/`), used by contract tests, client
 * integration tests, benchmarks and the demo. The control API lives under `/__sandbox/`.
 */
export interface OneCSandboxOptions {
	port?: number;
	host?: string;
	fixture?: FixtureName;
	publication?: string;
	/** Sizes of the large fixture (defaults: 100,000 items, 20,000 characteristics). */
	large?: LargeOptions;
}

export interface OneCSandbox {
	/** OData root with trailing slash, e.g. http://127.0.0.1:18081/ut103/odata/standard.odata/ */
	url: string;
	/** Base URL of the control API, e.g. http://127.0.0.1:18081/__sandbox/ */
	controlUrl: string;
	port: number;
	user: 'Администратор';
	password: 'sandbox';
	close(): Promise<void>;
	/** The live sandbox (store, config, faults, request log) for in-process tests. */
	state: Sandbox;
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Request log bound; far above what a test sends, so counts in tests stay exact. */
const MAX_LOG = 50_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What the web server shows when the 1C module fails (an HTML page, not OData JSON). */
const ONEC_ERROR_PAGE =
	'<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1>' +
	'<p>Ошибка при выполнении операции с информационной базой. Сервер 1С:Предприятия не обнаружен (смоделированный сбой)</p></body></html>';

function send(res: http.ServerResponse, reply: Reply): void {
	const headers: Record<string, string | number> = { ...reply.headers };
	const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
	headers['content-length'] = body.length;
	res.writeHead(reply.status, headers);
	res.end(body);
}

export async function startOneCSandbox(opts: OneCSandboxOptions = {}): Promise<OneCSandbox> {
	const host = opts.host ?? '127.0.0.1';
	const publication = opts.publication ?? 'ut103';
	const sb = new Sandbox(opts.fixture ?? 'seed', opts.large);
	const router = new ODataRouter(sb);
	const prefix = `/${publication}/odata/standard.odata`;

	const server = http.createServer((req, res) => {
		void (async () => {
			const rawUrl = req.url ?? '/';
			const method = (req.method ?? 'GET').toUpperCase();
			const body = await readBody(req);
			let parsed;
			try {
				parsed = parseUrl(rawUrl);
			} catch (e) {
				send(res, errorReply(e as ODataError, { json: true, nometadata: false }));
				return;
			}
			if (parsed.path.startsWith('/__sandbox/')) {
				try {
					const out = handleControl(sb, method, parsed.path.slice('/__sandbox/'.length).replace(/\/$/, ''), parsed.query, body);
					send(res, { status: out.status, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(out.body) });
				} catch (e) {
					send(res, { status: 400, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify({ error: (e as Error).message }) });
				}
				return;
			}
			const entry: RequestLogEntry = {
				time: new Date().toISOString(),
				method,
				path: parsed.path,
				query: Object.fromEntries(parsed.query),
				rawUrl,
				body,
				status: 0,
			};
			sb.log.push(entry);
			if (sb.log.length > MAX_LOG) sb.log.splice(0, sb.log.length - MAX_LOG); // long benchmarks: keep memory bounded
			const finish = (reply: Reply): void => {
				entry.status = reply.status;
				send(res, reply);
			};
			if (!(parsed.path === prefix || parsed.path.startsWith(`${prefix}/`))) {
				finish({ status: 404, headers: { 'content-type': 'text/html;charset=utf-8' }, body: '<html><body><h1>404 Not Found</h1></body></html>' });
				return;
			}
			const queryAt = rawUrl.indexOf('?');
			if (sb.config.maxQueryStringLength > 0 && queryAt >= 0 && Buffer.byteLength(rawUrl.slice(queryAt + 1)) > sb.config.maxQueryStringLength) {
				// IIS request filtering (maxQueryString): its detailed error page, status 404 (substatus 15).
				const page = '<html><head><title>IIS 10.0 Detailed Error - 404.15 - Not Found</title></head><body><h3>HTTP Error 404.15 - Not Found</h3><h4>The request filtering module is configured to deny a request where the query string is too long.</h4></body></html>';
				finish({ status: 404, headers: { 'content-type': 'text/html' }, body: page });
				return;
			}
			if (Buffer.byteLength(rawUrl) > sb.config.maxUrlLength) {
				finish({ status: 414, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>414 Request-URI Too Long</h1></body></html>' });
				return;
			}
			// scripted faults (network/proxy level, before auth)
			const matches = (m?: string): boolean => !m || parsed.path.includes(m) || rawUrl.includes(m);
			const drop = sb.faults.drop.find((d) => d.count > 0 && matches(d.match));
			if (drop) {
				drop.count--;
				entry.status = -1;
				req.socket.destroy();
				return;
			}
			if (!sb.faults.firstRequestDone) {
				sb.faults.firstRequestDone = true;
				if (sb.faults.slowFirstRequestMs > 0) await sleep(sb.faults.slowFirstRequestMs);
			}
			const latency = sb.faults.latency.find((l) => matches(l.match));
			if (latency) await sleep(latency.ms);
			const forced = sb.faults.status.find((f) => f.count > 0 && matches(f.match) && (f.method === undefined || f.method === method));
			if (forced) {
				forced.count--;
				// A given body stands for a page of the web server or the 1C server (licence limit, locked sessions, …).
				finish(
					forced.body !== undefined
						? { status: forced.status, headers: { 'content-type': forced.contentType ?? 'text/plain;charset=utf-8' }, body: forced.body }
						: forced.status === 500
							? errorReply(new ODataError(500, '-1', 'Произошла внутренняя ошибка OData сервиса (смоделированный сбой)'), { json: true, nometadata: false })
							: { status: forced.status, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>${forced.status} Bad Gateway</h1></body></html>` },
				);
				return;
			}
			// Seeded random faults (the chaos suite): a web server or 1C failing in production.
			const random = sb.randomFaults?.decide(method, rawUrl, body, parsed.path);
			if (random?.delayMs) await sleep(random.delayMs);
			let loseAnswer = false;
			switch (random?.kind) {
				case 'unavailable':
					finish({ status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>503 Service Unavailable</h1></body></html>' });
					return;
				case 'serverErrorHtml':
					finish({ status: 500, headers: { 'content-type': 'text/html;charset=utf-8' }, body: ONEC_ERROR_PAGE });
					return;
				case 'tooManyRequests':
					finish({ status: 429, headers: { 'content-type': 'text/html', 'retry-after': String(sb.randomFaults?.retryAfterSeconds ?? 1) }, body: '<html><body><h1>429 Too Many Requests</h1></body></html>' });
					return;
				case 'timeout':
					entry.status = -3;
					await sleep(sb.randomFaults?.timeoutMs ?? 0);
					req.socket.destroy();
					return;
				case 'drop':
					entry.status = -1;
					req.socket.destroy();
					return;
				case 'lostAnswer':
					loseAnswer = true;
					break;
				default:
			}
			const user = authenticate(req.headers.authorization, sb.store.users);
			if (!user) {
				finish({ status: 401, headers: { 'www-authenticate': 'Basic realm="1C"', 'content-type': 'text/html;charset=utf-8' }, body: UNAUTHORIZED_BODY });
				return;
			}
			entry.user = user.name;
			const reply = router.handle({ method, path: parsed.path.slice(prefix.length), query: parsed.query, headers: req.headers, body, user });
			if (loseAnswer) {
				// Applied, then the connection breaks before the answer (the client cannot tell it from a drop).
				entry.status = -2;
				req.socket.destroy();
				return;
			}
			const rewrite = sb.faults.rewrite.find((r) => r.count > 0 && matches(r.match) && (!r.method || r.method === method));
			if (rewrite) rewrite.count--;
			finish(rewrite ? rewrite.apply({ ...reply, body: String(reply.body) }) : reply);
		})().catch((e: unknown) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(String(e));
			}
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	const base = `http://${host}:${port}`;
	sb.rootUrl = `${base}/${encodeURIComponent(publication)}/odata/standard.odata/`;
	return {
		url: sb.rootUrl,
		controlUrl: `${base}/__sandbox/`,
		port,
		user: 'Администратор',
		password: 'sandbox',
		state: sb,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
