/**
 * A 1C read started by one node for a later node of the same run (Get Balances for Get Prices in the stock template:
 * n8n runs one node at a time, so without it the 1C price read waits for the stock upload to end, and the price upload
 * for the read; started ahead, it runs while the stock upload waits on retailCRM's pace).
 *
 * Like scope-cache.ts it holds one read at a time, keyed by the run and by everything the read depends on: a new read
 * replaces the old one, a read is handed over once, and a read nobody took lives at most until the next one is held.
 * A held read starts only when the run releases it (the stock upload, once its batches are planned: its own peak of
 * memory is over then and it only waits) or when its node takes it, so that two peaks do not meet.
 * A key that does not match (the later node edited, another credential) leaves the later node to read as usual.
 */

export interface AheadRead<T> {
	/** The read's outcome: never rejects (a failed read ahead is `{ error }`, for the later node to read again). */
	outcome: Promise<{ value: T } | { error: unknown }>;
	/** When it was started (ms since the epoch). */
	startedAt: number;
}

interface Entry {
	key: string;
	run: string;
	start: () => AheadRead<unknown>;
	started?: AheadRead<unknown>;
}

interface Slot {
	held?: Entry;
	/** The runs (n8n execution ids) and nodes whose own read already ran: a read ahead for them would never be taken. */
	readBy: string[];
}

const READ_BY_KEPT = 64;

/**
 * One slot for the process. The build bundles each node on its own, which would give each node type its own copy of
 * this module: gulpfile.js (SHARED_STATE) builds it once to dist/shared/ and every node bundle requires that file, so
 * Get Balances and Get Prices (1C UT10 Store) and Upload Stock (Stock Upload) share it.
 */
const slot: Slot = { readBy: [] };

function runNode(run: string, node: string): string {
	return `${run}\u0000${node}`;
}

/**
 * Holds `read` for the node whose `key` it is, in `run`, replacing any read held; it starts when the run releases it
 * (releaseAhead) or when the node takes it, whichever comes first.
 */
export function holdAhead<T>(key: string, run: string, read: () => Promise<T>, now: () => number): void {
	const start = (): AheadRead<unknown> => {
		const outcome = (async () => {
			try {
				return { value: await read() };
			} catch (error) {
				return { error };
			}
		})();
		return { outcome, startedAt: now() };
	};
	slot.held = { key, run, start };
}

/**
 * Starts the read held for `run`, if any and not yet started: a node of the run calls it when what it holds in memory
 * at its peak is let go and it only waits (Upload Stock once its batches are planned, on retailCRM's pace).
 */
export function releaseAhead(run: string): void {
	const { held } = slot;
	if (held !== undefined && held.run === run) held.started ??= held.start();
}

/** The read held for `key`, started now if the run did not release it, handed over once; undefined when none is. */
export function takeAhead<T>(key: string): AheadRead<T> | undefined {
	const entry = slot.held;
	if (entry === undefined || entry.key !== key) return undefined;
	slot.held = undefined;
	return (entry.started ?? entry.start()) as AheadRead<T>;
}

/** Notes that `node` of `run` read for itself (or took its read), so that nothing reads ahead for it again in that run. */
export function noteOwnRead(run: string, node: string): void {
	const { readBy } = slot;
	readBy.push(runNode(run, node));
	if (readBy.length > READ_BY_KEPT) readBy.shift();
}

/** Whether `node` of `run` already read (noteOwnRead). */
export function hasRead(run: string, node: string): boolean {
	return slot.readBy.includes(runNode(run, node));
}

/** Tests only: forget what is held and noted. */
export function forgetAhead(): void {
	slot.held = undefined;
	slot.readBy.length = 0;
}

/** Tests only: whether a read is held, and whether it started. */
export function holdsAhead(): 'no' | 'held' | 'started' {
	const { held } = slot;
	return held === undefined ? 'no' : held.started === undefined ? 'held' : 'started';
}
