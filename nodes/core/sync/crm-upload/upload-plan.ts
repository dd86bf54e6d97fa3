/**
 * The sequence a StockUpload node runs, for inventories and prices alike:
 * elements → (only changed, if enabled) → batches of ≤ 250 → send each → commit each batch that succeeded.
 * Keeps the node thin and the protocol (commit only after success) in one tested place.
 */
import { selectChanged, type ChangeHashState, type ChangeSelection, type ChangeSelector, type HashableElement, type NotFoundIdentity } from './change-hashes';
import { MAX_UPLOAD_BATCH_SIZE, splitIntoBatches, validateBatchSize } from './upload-batches';
import { heldAsElements, heldAsText, type HeldBatches } from './held-batches';

export interface UploadPlanOptions {
	/** Off: every element is sent every run and `state` is ignored. */
	onlyChanged: boolean;
	/** Required when onlyChanged is on (the static-data object, mutated in place). */
	state?: ChangeHashState;
	/** Clock time in ms (Clock.now()) or a Date. */
	now: number | Date;
	fullResendHours?: number;
	batchSize?: number;
	/**
	 * The selector the elements were made through (UploadElements' `changes`): they are the changed offers already,
	 * and `state`, `now` and `fullResendHours` are the selector's.
	 */
	changes?: ChangeSelector;
	/** Hold the batches as their JSON text until sent (held-batches.ts): a large plan waits minutes to be sent. */
	holdAsText?: boolean;
}

export interface UploadPlan<E extends HashableElement> {
	batches: HeldBatches<E>;
	/** True when every element is sent (only-changed off, first run or periodic full resend). */
	full: boolean;
	/** Offers left out because nothing in them changed. */
	unchangedCount: number;
	/**
	 * Call after batch `index` was accepted by retailCRM (HTTP 200, success true), with the response's
	 * `notFoundOffers` so those are retried next run (see ChangeSelection.commit). `sent`: the batch's elements, when
	 * the caller has them at hand (else they are taken from `batches` again).
	 */
	commitBatch(index: number, notFound?: readonly NotFoundIdentity[], sent?: readonly E[]): void;
}

export function planUpload<E extends HashableElement>(elements: readonly E[], options: UploadPlanOptions): UploadPlan<E> {
	const size = validateBatchSize(options.batchSize ?? MAX_UPLOAD_BATCH_SIZE);
	const asText = options.holdAsText === true;
	if (!options.onlyChanged) {
		return { batches: hold(splitIntoBatches(elements, size), asText), full: true, unchangedCount: 0, commitBatch: () => undefined };
	}
	const selection =
		options.changes !== undefined ? options.changes.finish(elements) : selectChanged(elements, requireState(options.state), options.now, options.fullResendHours ?? 24);
	const batches = hold(splitIntoBatches(selection.elements, size), asText);
	return committingPlan(batches, selection.full, selection.unchangedCount, selection.commit);
}

function hold<E>(batches: E[][], asText: boolean): HeldBatches<E> {
	return asText ? heldAsText(batches) : heldAsElements(batches);
}

/** The plan's commit, in a scope of its own: it keeps the batches and the commit, not the selected elements or the options. */
function committingPlan<E extends HashableElement>(batches: HeldBatches<E>, full: boolean, unchangedCount: number, commit: ChangeSelection<E>['commit']): UploadPlan<E> {
	const committed = new Set<number>();
	return {
		batches,
		full,
		unchangedCount,
		commitBatch: (index, notFound, sent) => {
			if (index < 0 || index >= batches.count || committed.has(index)) return;
			committed.add(index);
			commit(sent ?? batches.get(index), notFound);
		},
	};
}

function requireState(state: ChangeHashState | undefined): ChangeHashState {
	if (state === undefined) throw new Error('planUpload: "Only changed" needs the change-hash state from static data');
	return state;
}
