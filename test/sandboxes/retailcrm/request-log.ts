/** Every API call, for assertions (test/sandboxes/retailcrm/README.md). Key VALUES are never recorded, only labels. */
import type { PhpParams } from './php-query';

export interface LoggedRequest {
	seq: number;
	method: string;
	path: string;
	query: PhpParams;
	form: PhpParams;
	/** `integration`, `site`, … or `none` (no key sent) / `unknown` (a key we do not know). */
	key: string;
	status: number;
	/**
	 * What answered: the handler, an injected fault, the rate limiter, or the account-missing switch; `timeout` and
	 * `dropped` got no answer and changed nothing; `lost-answer` was handled (state changed) and got no answer.
	 */
	outcome: 'handled' | 'fault' | 'rate-limited' | 'account-missing' | 'dropped' | 'timeout' | 'lost-answer';
	time: string;
}

/**
 * Oldest entries are dropped past this many entries or characters of parameters, so a long-running demo
 * server (or a 100,000-offer upload benchmark) does not grow without bound.
 */
const MAX_ENTRIES = 20_000;
const MAX_CHARS = 64 * 1024 * 1024;

function sizeOf(v: unknown): number {
	if (typeof v === 'string') return v.length;
	if (Array.isArray(v)) return v.reduce((n: number, x) => n + sizeOf(x), 0);
	if (v && typeof v === 'object') return Object.entries(v).reduce((n, [k, x]) => n + k.length + sizeOf(x), 0);
	return 8;
}

export class RequestLog {
	private entries: { entry: LoggedRequest; size: number }[] = [];
	private chars = 0;
	private seq = 0;

	add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
		const e = { seq: ++this.seq, ...entry };
		const size = sizeOf(e.query) + sizeOf(e.form) + 200;
		this.entries.push({ entry: e, size });
		this.chars += size;
		let drop = 0;
		while (drop < this.entries.length - 1 && (this.entries.length - drop > MAX_ENTRIES || this.chars > MAX_CHARS)) this.chars -= this.entries[drop++].size;
		if (drop) this.entries.splice(0, drop);
		return e;
	}

	list(since = 0): LoggedRequest[] {
		return this.entries.filter((e) => e.entry.seq > since).map((e) => e.entry);
	}

	clear(): void {
		this.entries = [];
		this.chars = 0;
	}
}

/** Removes the key value from logged params. */
export function redactKey(params: PhpParams): PhpParams {
	if (!('apiKey' in params)) return params;
	const { apiKey: _omit, ...rest } = params;
	return { ...rest, apiKey: '[redacted]' };
}
