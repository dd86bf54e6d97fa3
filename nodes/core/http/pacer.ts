import type { Clock } from './transport';

/**
 * Spaces requests so that no more than `ratePerSecond` start in any second, per key (one key per account), and adapts
 * that pace to the server's answers: a refusal for the rate (503/429) cuts it to 70 % and holds the next request back by
 * one interval, and each request that goes through wins back a fifth of the way, up to the target. At the target (retailCRM: 10
 * requests/s per key, docs/retailcrm-api.md#rate-limits) a run takes the time the limit allows, not a margin more;
 * when something else spends the same key's budget (another integration, another n8n worker: the pace is per
 * process), the refusals it causes bring this pace down to what is left, and it climbs back when they stop.
 */
export interface PaceState {
	/** The pace now, requests per second. */
	rate: number;
	/** The pace it returns to. */
	target: number;
	/** Clock time the next request may start. */
	nextSlot: number;
}

/** Lowest pace a burst of refusals can bring it to (one request every 2 s). */
export const MIN_RATE_PER_SECOND = 0.5;
/** Share of the pace kept after a refusal. */
const BACK_OFF = 0.7;
/** Share of the way back to the target each accepted request wins (about 10 requests from 70 % to 95 %). */
const RECOVERY = 0.2;

export class Pacer {
	private readonly keys = new Map<string, PaceState>();

	constructor(
		private readonly ratePerSecond: number,
		private readonly clock: Clock,
	) {}

	private state(key: string, target: number): PaceState {
		let state = this.keys.get(key);
		if (state === undefined) {
			state = { rate: target, target, nextSlot: 0 };
			this.keys.set(key, state);
		} else if (state.target !== target) {
			// A credential's share changed: take the new target at once (never above it).
			state.target = target;
			state.rate = Math.min(state.rate, target);
		}
		return state;
	}

	/** Waits for this key's next slot. `target` overrides the pacer's rate for this key (the credential's share). */
	async acquire(key: string, target: number = this.ratePerSecond): Promise<void> {
		const state = this.state(key, target);
		const now = this.clock.now();
		const slot = Math.max(now, state.nextSlot);
		state.nextSlot = slot + 1000 / state.rate;
		const wait = slot - now;
		if (wait > 0) await this.clock.sleep(wait);
	}

	/** The server refused a request for the rate: slow down, and keep the next request one (new) interval away. */
	refused(key: string): void {
		const state = this.keys.get(key);
		if (state === undefined) return;
		state.rate = Math.max(MIN_RATE_PER_SECOND, Math.min(state.rate, state.target) * BACK_OFF);
		state.nextSlot = Math.max(state.nextSlot, this.clock.now() + 1000 / state.rate);
	}

	/** The server took a request: win back a step toward the target. */
	accepted(key: string): void {
		const state = this.keys.get(key);
		if (state === undefined || state.rate >= state.target) return;
		state.rate = Math.min(state.target, state.rate + (state.target - state.rate) * RECOVERY + 0.05);
	}

	/** The pace of a key now (requests per second), for logs and tests. */
	rate(key: string): number {
		return this.keys.get(key)?.rate ?? this.ratePerSecond;
	}
}
