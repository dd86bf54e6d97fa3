/** Every API call, for assertions (reference §11.26). Key VALUES are never recorded, only labels. */
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
	/** What answered: the handler, an injected fault, the rate limiter, or the account-missing switch. */
	outcome: 'handled' | 'fault' | 'rate-limited' | 'account-missing' | 'dropped';
	time: string;
}

/** Oldest entries are dropped past this many, so a long-running demo server does not grow without bound. */
const MAX_ENTRIES = 20_000;

export class RequestLog {
	private entries: LoggedRequest[] = [];
	private seq = 0;

	add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
		const e = { ...entry, seq: ++this.seq };
		this.entries.push(e);
		if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
		return e;
	}

	list(since = 0): LoggedRequest[] {
		return this.entries.filter((e) => e.seq > since);
	}

	clear(): void {
		this.entries = [];
	}
}

/** Removes the key value from logged params. */
export function redactKey(params: PhpParams): PhpParams {
	if (!('apiKey' in params)) return params;
	const { apiKey: _omit, ...rest } = params;
	return { ...rest, apiKey: '[redacted]' };
}
