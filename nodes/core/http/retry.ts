import type { Clock, HttpResponse } from './transport';
import { TransportError } from './transport';

/** Bounded retry with exponential back-off and full jitter. */
export interface RetryPolicy {
	/** Total attempts, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Statuses worth another try (e.g. 503 and 429 for retailCRM). */
	retryStatuses: number[];
	/** Whether a request that got no response at all may be sent again. */
	retryTransportErrors: boolean;
	/** Another answer worth another try, judged on the whole response (e.g. a web server's error page, not an API error). */
	retryResponse?: (response: HttpResponse) => boolean;
	/** Source of randomness for jitter, injectable for tests. */
	random?: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 300,
	maxDelayMs: 10_000,
	retryStatuses: [429, 503],
	retryTransportErrors: true,
};

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	const random = policy.random ?? Math.random;
	// Full jitter, floored at half the ceiling so a retry never comes back instantly.
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryHooks {
	/** Called before each wait; lets callers log progress ("retailCRM answered 503, retry 2 of 5 in 600 ms"). */
	onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/**
 * Runs `send` until it returns a response whose status is not retryable, or attempts run out.
 * `safeToRepeat` false means only responses that prove the request was not processed
 * (429/503 = rejected before work) are retried, never lost connections or timeouts.
 */
export async function withRetry(
	send: () => Promise<HttpResponse>,
	policy: RetryPolicy,
	clock: Clock,
	safeToRepeat: boolean,
	hooks: RetryHooks = {},
): Promise<HttpResponse> {
	for (let attempt = 1; ; attempt++) {
		let response: HttpResponse | undefined;
		let failure: unknown;
		let reason: string;
		let retryAfterMs: number | undefined;
		try {
			response = await send();
		} catch (error) {
			failure = error;
		}
		if (response === undefined) {
			// No HTTP answer. Only a TransportError on a request that is safe to repeat is retried; the
			// caller turns anything thrown here into its own typed error.
			const retryable = failure instanceof TransportError && policy.retryTransportErrors && safeToRepeat;
			if (!retryable || attempt >= policy.maxAttempts) throw failure;
			reason = (failure as TransportError).message;
		} else {
			if (!policy.retryStatuses.includes(response.status) && !policy.retryResponse?.(response)) return response;
			reason = `HTTP ${response.status}`;
			retryAfterMs = parseRetryAfter(response.headers['retry-after'], clock.now());
		}
		if (attempt >= policy.maxAttempts) return response as HttpResponse;
		const delayMs = backoffDelay(policy, attempt, retryAfterMs);
		hooks.onRetry?.({ attempt, delayMs, reason });
		await clock.sleep(delayMs);
	}
}
