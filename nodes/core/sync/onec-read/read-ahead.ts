/**
 * A 1C read started by one node for a later node of the same run (Get Balances for Get Prices in the stock template:
 * n8n runs one node at a time, so without it the 1C price read waits for the stock upload to end, and the price upload
 * for the read; started ahead, it runs while the stock upload waits on retailCRM's pace).
 *
 * Like scope-cache.ts it holds one read at a time, keyed by the run and by everything the read depends on: a new read
 * replaces the old one, a read is handed over once, and a read nobody took lives at most until the next read starts.
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
	read: AheadRead<unknown>;
}

let held: Entry | undefined;

/** The runs (n8n execution ids) and nodes whose own read already ran: a read ahead for them would never be taken. */
const readBy: string[] = [];
const READ_BY_KEPT = 64;

function runNode(run: string, node: string): string {
	return `${run}\u0000${node}`;
}

/** Starts `read` for the node whose `key` it is; it replaces any read held. */
export function startAhead<T>(key: string, read: () => Promise<T>, now: number): void {
	const outcome = (async () => {
		try {
			return { value: await read() };
		} catch (error) {
			return { error };
		}
	})();
	held = { key, read: { outcome, startedAt: now } };
}

/** The read started for `key`, handed over once; undefined when none was (or another replaced it). */
export function takeAhead<T>(key: string): AheadRead<T> | undefined {
	if (held === undefined || held.key !== key) return undefined;
	const { read } = held;
	held = undefined;
	return read as AheadRead<T>;
}

/** Notes that `node` of `run` read for itself (or took its read), so that nothing reads ahead for it again in that run. */
export function noteOwnRead(run: string, node: string): void {
	readBy.push(runNode(run, node));
	if (readBy.length > READ_BY_KEPT) readBy.shift();
}

/** Whether `node` of `run` already read (noteOwnRead). */
export function hasRead(run: string, node: string): boolean {
	return readBy.includes(runNode(run, node));
}

/** Tests only: forget what is held and noted. */
export function forgetAhead(): void {
	held = undefined;
	readBy.length = 0;
}

/** Tests only: whether a read is held. */
export function holdsAhead(): boolean {
	return held !== undefined;
}
