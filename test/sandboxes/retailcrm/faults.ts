/**
 * Fault injection (test/sandboxes/retailcrm/README.md): the next N matching API requests get a canned failure instead of
 * reaching the handlers, so faults never change state. (`passThrough` is the exception: it only delays.)
 */

export interface FaultSpec {
	status?: 503 | 429 | 500 | 502 | 504;
	count?: number;
	match?: { method?: string; path?: string };
	/** Body style; default: json for 500/503/429, html for 502/504. */
	body?: 'json' | 'html';
	delayMs?: number;
	/** Destroy the socket without answering. */
	drop?: boolean;
	/** Seconds for a `Retry-After` header. */
	retryAfter?: number;
	/** Delay, then let the request through to the handler (a slow but applied request). */
	passThrough?: boolean;
}

export interface Fault extends FaultSpec {
	id: number;
	remaining: number;
}

function pathMatches(pattern: string, path: string): boolean {
	if (pattern.startsWith('^') || pattern.endsWith('$') || /[*+?()|\\]/.test(pattern)) {
		try {
			return new RegExp(pattern).test(path);
		} catch {
			return path.startsWith(pattern);
		}
	}
	return path.startsWith(pattern);
}

export class FaultInjector {
	private faults: Fault[] = [];
	private nextId = 1;

	add(spec: FaultSpec): Fault {
		if (!spec.drop && !spec.passThrough && spec.status === undefined) throw new Error('fault needs status, drop or passThrough');
		const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.count ?? 1 };
		this.faults.push(fault);
		return fault;
	}

	/** Consumes one use of the first fault matching this request. */
	take(method: string, path: string): Fault | undefined {
		const f = this.faults.find(
			(x) =>
				x.remaining > 0 &&
				(!x.match?.method || x.match.method.toUpperCase() === method.toUpperCase()) &&
				(!x.match?.path || pathMatches(x.match.path, path)),
		);
		if (!f) return undefined;
		f.remaining--;
		if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
		return f;
	}

	list(): Fault[] {
		return this.faults.map((f) => ({ ...f }));
	}

	clear(): void {
		this.faults = [];
	}
}
