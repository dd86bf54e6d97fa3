/**
 * Long synchronous passes cut into steps. A pass written as a generator yields once every STEP_ROWS rows: run alone
 * it goes straight through (runSteps); where other work waits on the event loop it lets the loop run between steps
 * (runStepsTakingTurns). The direct stock mode computes and plans the prices while its stock upload sends paced
 * requests on timers: a pass of 300,000 offers that held the loop for 1–2 s delayed those requests by as much
 * (README "Large catalogs").
 */

/** Rows between two turns: at 300,000 offers' passes some 50–100 ms of work, well inside the upload pacer's 3 requests booked ahead. */
export const STEP_ROWS = 16_384;

/** A pass that yields between steps and returns its result. */
export type Steps<T> = Generator<void, T, undefined>;

/** The pass's result, without turns. */
export function runSteps<T>(steps: Steps<T>): T {
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
	}
}

/** The pass's result, with `turn()` awaited between steps (none given: as runSteps). */
export async function runStepsTakingTurns<T>(steps: Steps<T>, turn: (() => Promise<void>) | undefined): Promise<T> {
	if (turn === undefined) return runSteps(steps);
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
		await turn();
	}
}

/** Counts rows; `due()` is true once every STEP_ROWS calls (the place for a `yield` or a turn). */
export class StepCounter {
	private count = 0;

	due(): boolean {
		if (++this.count < STEP_ROWS) return false;
		this.count = 0;
		return true;
	}
}
