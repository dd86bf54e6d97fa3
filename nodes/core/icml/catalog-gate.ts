import { createHash, timingSafeEqual } from 'crypto';

/**
 * The catalog URL's gate (README, "Catalog URL: token and cache"): whoever learns the webhook URL must not be able to
 * make n8n read 1C on every request. A request passes only with the secret token (a query parameter, because
 * retailCRM's catalog URL field takes a URL and sends no headers of ours; a header for anything else), and a catalog
 * file younger than the chosen age is served as it is, so any number of requests costs one 1C read per age.
 */

/** The query parameter and the header the token may come in. */
export const TOKEN_QUERY_PARAMETER = 'token';
export const TOKEN_HEADER = 'x-catalog-token';

/** The token a webhook request carries (n8n's Webhook node puts `query` and lower-cased `headers` on its item). */
export function requestToken(request: { query?: unknown; headers?: unknown }): string | undefined {
	const query = request.query as Record<string, unknown> | undefined;
	const headers = request.headers as Record<string, unknown> | undefined;
	for (const value of [query?.[TOKEN_QUERY_PARAMETER], headers?.[TOKEN_HEADER]]) {
		if (typeof value === 'string' && value !== '') return value;
	}
	return undefined;
}

/** Compares in constant time (digests of equal length), so the answer time tells nothing about the token. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
	if (expected === '' || given === undefined) return false;
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(expected), digest(given));
}

/** Whether a file last written at `writtenAtMs` may still be served. */
export function isFresh(writtenAtMs: number | undefined, nowMs: number, maxAgeMs: number): boolean {
	return writtenAtMs !== undefined && nowMs - writtenAtMs >= 0 && nowMs - writtenAtMs < maxAgeMs;
}

/**
 * Requests that find the file stale while another request of this n8n process is already building it wait for
 * that build instead of starting their own: N requests at once cost one 1C read too. A build that never finishes
 * (1C down) holds the others back at most `waitMs`; then the next request builds itself.
 */
export class BuildsInFlight {
	private readonly started = new Map<string, number>();

	/**
	 * 'build' when this request builds (and the file is claimed from `nowMs`), else the time the running build started.
	 * A file written since the claim means that build is over (its file has aged since, or Max Age is short).
	 */
	claim(file: string, nowMs: number, waitMs: number, writtenAtMs?: number): { build: true } | { build: false; since: number } {
		const since = this.started.get(file);
		const finished = since !== undefined && writtenAtMs !== undefined && writtenAtMs >= since;
		if (since !== undefined && !finished && nowMs - since < waitMs) return { build: false, since };
		this.started.set(file, nowMs);
		return { build: true };
	}

	/** The file was seen fresh: no build is running for it any more. */
	settle(file: string): void {
		this.started.delete(file);
	}
}
