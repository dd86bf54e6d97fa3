import type { Clock } from './transport';

/**
 * Spaces requests so that no more than `ratePerSecond` start in any second, per key
 * (one key per credential). retailCRM allows 10 requests/s per key; we stay below it.
 * The state is per process: in queue mode several workers share a key, so 503/429 back-off
 * (retry.ts) still has to hold the line.
 */
export class Pacer {
	private readonly nextSlot = new Map<string, number>();

	constructor(
		private readonly ratePerSecond: number,
		private readonly clock: Clock,
	) {}

	async acquire(key: string): Promise<void> {
		const interval = 1000 / this.ratePerSecond;
		const now = this.clock.now();
		const slot = Math.max(now, this.nextSlot.get(key) ?? 0);
		this.nextSlot.set(key, slot + interval);
		const wait = slot - now;
		if (wait > 0) await this.clock.sleep(wait);
	}
}
