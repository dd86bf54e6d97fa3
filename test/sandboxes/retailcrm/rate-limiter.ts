/** Token bucket per API key (docs/retailcrm-api.md#rate-limits: 10 req/s per key, small burst). Time comes from an injectable clock. */

interface Bucket {
	tokens: number;
	at: number;
}

export class RateLimiter {
	private readonly buckets = new Map<string, Bucket>();

	constructor(private readonly now: () => number) {}

	/** Takes a token for `key`; false when the bucket is empty. */
	take(key: string, perSecond: number, burst: number): boolean {
		const t = this.now();
		const capacity = Math.max(1, burst);
		let b = this.buckets.get(key);
		if (!b) {
			b = { tokens: capacity, at: t };
			this.buckets.set(key, b);
		}
		b.tokens = Math.min(capacity, b.tokens + ((t - b.at) / 1000) * perSecond);
		b.at = t;
		if (b.tokens >= 1) {
			b.tokens -= 1;
			return true;
		}
		return false;
	}

	clear(): void {
		this.buckets.clear();
	}
}
