/**
 * Seeded random faults for both sandboxes (the chaos suite, `npm run test:chaos`): about `rate` of the API requests
 * fail, each in one of the ways a real account or base fails in production — a 503 page, a 500 with an HTML body
 * (a proxy's or 1C's error page, not the API's JSON), a 429 with Retry-After, a timeout (the request is held past
 * the client's timeout, then the connection closes), a dropped connection, and an answer lost after the request was
 * applied (the nastiest for writes: the work is done, the client never hears it) — plus, for 1C, a slow first request
 * after a quiet spell (a new 1C session).
 *
 * Replayable: whether a request fails, and how, is a hash of the seed, the request (method, URL, body) and how many
 * times that same request was seen before. It does not depend on the order in which concurrent requests arrive, so
 * a seed that failed replays the same faults for the same requests (a retry of a request is its next occurrence, so
 * it gets its own draw).
 */
import { createHash } from 'node:crypto';

/** How a failing request fails. */
export type RandomFaultKind = 'unavailable' | 'serverErrorHtml' | 'tooManyRequests' | 'timeout' | 'drop' | 'lostAnswer';

export const RANDOM_FAULT_KINDS: readonly RandomFaultKind[] = ['unavailable', 'serverErrorHtml', 'tooManyRequests', 'timeout', 'drop', 'lostAnswer'];

export interface RandomFaultSpec {
	seed: number;
	/** Share of requests that fail, 0…1. Default 0.1. */
	rate?: number;
	/** Relative weights of the kinds among failing requests. Default: all equal. A kind with weight 0 never happens. */
	weights?: Partial<Record<RandomFaultKind, number>>;
	/** How long a timeout holds the request before closing the connection. Default 35 s (the clients give up at 30 s). */
	timeoutMs?: number;
	/**
	 * At most this many timeouts (each costs the client its whole timeout, 30 s); a timeout drawn past the cap is a
	 * dropped connection instead. Default: no cap.
	 */
	maxTimeouts?: number;
	/** `Retry-After` of a 429, seconds. Default 1. */
	retryAfterSeconds?: number;
	/** Delay of the first request after `quietGapMs` without requests (a new 1C session). Default 0: off. */
	slowStartMs?: number;
	/** Default 2 s. */
	quietGapMs?: number;
	/** Only requests whose path matches this regular expression can fail. Default: every API request. */
	match?: string;
}

export interface RandomFaultReport {
	seed: number;
	rate: number;
	/** Requests the random mode looked at. */
	requests: number;
	/** Of them, writes (anything but GET). */
	writes: number;
	faults: Record<RandomFaultKind, number>;
	/** Faults that hit writes. */
	writeFaults: number;
	/** Slow first requests after a quiet spell. */
	slowStarts: number;
}

export interface RandomFaultDecision {
	kind?: RandomFaultKind;
	/** Wait this long before anything else (a slow session start). */
	delayMs: number;
}

const unit = (hex: string): number => parseInt(hex.slice(0, 8), 16) / 0x1_0000_0000;

export class RandomFaults {
	private spec: Required<Omit<RandomFaultSpec, 'match' | 'weights'>> & { match?: RegExp; weights: Record<RandomFaultKind, number> };
	private readonly seen = new Map<string, number>();
	private counts: RandomFaultReport;
	private lastRequestAt = 0;

	constructor(spec: RandomFaultSpec) {
		const rate = spec.rate ?? 0.1;
		if (!(rate >= 0 && rate <= 1)) throw new Error('rate must be between 0 and 1');
		if (!Number.isInteger(spec.seed)) throw new Error('seed must be an integer');
		const weights = Object.fromEntries(RANDOM_FAULT_KINDS.map((k) => [k, spec.weights?.[k] ?? 1])) as Record<RandomFaultKind, number>;
		for (const [kind, weight] of Object.entries(weights)) if (!(weight >= 0)) throw new Error(`weight of ${kind} must be ≥ 0`);
		this.spec = {
			seed: spec.seed,
			rate,
			weights,
			timeoutMs: spec.timeoutMs ?? 35_000,
			maxTimeouts: spec.maxTimeouts ?? Number.POSITIVE_INFINITY,
			retryAfterSeconds: spec.retryAfterSeconds ?? 1,
			slowStartMs: spec.slowStartMs ?? 0,
			quietGapMs: spec.quietGapMs ?? 2000,
			...(spec.match ? { match: new RegExp(spec.match) } : {}),
		};
		this.counts = RandomFaults.emptyReport(spec.seed, rate);
	}

	private static emptyReport(seed: number, rate: number): RandomFaultReport {
		return { seed, rate, requests: 0, writes: 0, faults: Object.fromEntries(RANDOM_FAULT_KINDS.map((k) => [k, 0])) as Record<RandomFaultKind, number>, writeFaults: 0, slowStarts: 0 };
	}

	get timeoutMs(): number {
		return this.spec.timeoutMs;
	}

	get retryAfterSeconds(): number {
		return this.spec.retryAfterSeconds;
	}

	/** Whether and how this request fails; counts it. `now` is for the quiet-gap rule only. */
	decide(method: string, url: string, body: string | Buffer, path: string = url, now: number = Date.now()): RandomFaultDecision {
		const quiet = this.lastRequestAt === 0 || now - this.lastRequestAt >= this.spec.quietGapMs;
		this.lastRequestAt = now;
		const delayMs = quiet && this.spec.slowStartMs > 0 ? this.spec.slowStartMs : 0;
		if (delayMs) this.counts.slowStarts++;
		if (this.spec.match && !this.spec.match.test(path)) return { delayMs };
		const isWrite = method.toUpperCase() !== 'GET';
		this.counts.requests++;
		if (isWrite) this.counts.writes++;
		const request = createHash('sha1').update(`${method.toUpperCase()} ${url}\n`).update(body).digest('hex');
		const occurrence = this.seen.get(request) ?? 0;
		this.seen.set(request, occurrence + 1);
		const draw = createHash('sha1').update(`${this.spec.seed}:${request}:${occurrence}`).digest('hex');
		const u = unit(draw);
		if (u >= this.spec.rate) return { delayMs };
		let kind = this.pick(unit(draw.slice(8)));
		if (!kind) return { delayMs };
		if (kind === 'timeout' && this.counts.faults.timeout >= this.spec.maxTimeouts) kind = 'drop';
		this.counts.faults[kind]++;
		if (isWrite) this.counts.writeFaults++;
		return { kind, delayMs };
	}

	private pick(v: number): RandomFaultKind | undefined {
		const total = RANDOM_FAULT_KINDS.reduce((n, k) => n + this.spec.weights[k], 0);
		if (total <= 0) return undefined;
		let at = v * total;
		for (const kind of RANDOM_FAULT_KINDS) {
			at -= this.spec.weights[kind];
			if (at < 0) return kind;
		}
		return RANDOM_FAULT_KINDS[RANDOM_FAULT_KINDS.length - 1];
	}

	report(): RandomFaultReport {
		return { ...this.counts, faults: { ...this.counts.faults } };
	}
}

/** What a summary line says: `503 ×4, 500 html ×3, …`. */
export function describeFaults(report: RandomFaultReport): string {
	const names: Record<RandomFaultKind, string> = {
		unavailable: '503',
		serverErrorHtml: '500 html',
		tooManyRequests: '429',
		timeout: 'timeout',
		drop: 'dropped',
		lostAnswer: 'answer lost',
	};
	const total = RANDOM_FAULT_KINDS.reduce((n, k) => n + report.faults[k], 0);
	const parts = RANDOM_FAULT_KINDS.filter((k) => report.faults[k] > 0).map((k) => `${names[k]} ×${report.faults[k]}`);
	const slow = report.slowStarts ? `, slow session starts ×${report.slowStarts}` : '';
	return `${total} of ${report.requests} requests (${report.requests ? ((100 * total) / report.requests).toFixed(1) : '0'} %; ${report.writeFaults} on writes): ${parts.join(', ') || 'none'}${slow}`;
}
