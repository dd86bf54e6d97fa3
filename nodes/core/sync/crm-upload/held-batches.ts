/**
 * Upload batches between planning and sending. A plan of 300,000 offers is made in seconds and sent over minutes (at
 * retailCRM's 10 requests a second, 1,200 batches take two); all that time its elements wait. As objects, a stock
 * element with three stores costs about 300 bytes of heap on Node 24 (the element, its stores array and three store
 * objects) and more on Node 20, where objects made by spreading got a hidden class each: about 80 MB for the stock
 * plan and 110 MB for the prices of the 300,000-offer benchmark, against about 130 bytes an offer as the JSON text that
 * is sent anyway (docs/large-catalogs.md, "Upload plans held as text"). So a plan holds each batch as its JSON text and
 * parses it back when the batch is sent, reported or committed; JSON gives back the same plain values (the elements
 * are plain JSON data: strings, finite numbers, booleans), so the request and the change hashes are the same.
 */

export interface HeldBatches<E> {
	readonly count: number;
	/** The elements of batch `index` (a new array each call when held as text). */
	get(index: number): E[];
}

/** The batches as they are: for plans that are sent at once or kept for a dry run's output. */
export function heldAsElements<E>(batches: E[][]): HeldBatches<E> {
	return { count: batches.length, get: (index) => batches[index] };
}

/** Each batch as its JSON text; `get` parses it back. */
export function heldAsText<E>(batches: ReadonlyArray<readonly E[]>): HeldBatches<E> {
	const texts = batches.map((batch) => JSON.stringify(batch));
	return { count: texts.length, get: (index) => JSON.parse(texts[index]) as E[] };
}

/** Every batch's elements (a dry run's output). */
export function allBatches<E>(held: HeldBatches<E>): E[][] {
	return Array.from({ length: held.count }, (_, index) => held.get(index));
}
