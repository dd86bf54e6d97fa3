/**
 * The ICML facade: grouping → validation → streaming writer, with figures for the node's output.
 *
 *   const build = buildIcml(input, { grouping: { mode: 'namePattern' } }); // throws IcmlValidationError
 *   const data = build.toBuffer();                 // n8n binary output: one Buffer, no extra copy kept
 *   await build.writeTo((chunk) => stream.write(chunk)); // a tool streaming to a file
 *   build.stats.bytes                              // filled once a pass over the chunks has finished
 */
import { dropOffersWithoutPrice } from './from-items';
import { groupOffers, type GroupingRule, type ProductAssignment } from './grouping';
import type { IcmlInput } from './types';
import { applyUnitCodes, type UnitCodeTable } from './unit-codes';
import { validateIcml, type IcmlIssue, type IcmlValidationOptions, type IcmlValidationResult } from './validate';
import { writeIcmlBuffers, writeIcmlPieces, type IcmlWriteProgress, type IcmlWriterOptions } from './writer';

export interface BuildIcmlOptions extends IcmlWriterOptions, IcmlValidationOptions {
	/** Default `characteristics`: `GUID#characteristicGUID` offers group under the item GUID; plain ids stay single. */
	grouping?: GroupingRule;
}

export interface IcmlStats {
	offers: number;
	products: number;
	categories: number;
	warnings: number;
	/** UTF-8 bytes of the document; 0 until a pass over the chunks (or toBuffer) has finished. */
	bytes: number;
	/** Chunks of the last finished pass (1 after toBuffer). */
	chunks: number;
}

export interface IcmlBuild {
	stats: IcmlStats;
	/** Product of each offer; for `namePattern` also the groups formed and the ids to remember for the next build. */
	products: ProductAssignment;
	/** Warnings (errors are empty, or buildIcml would have thrown). */
	validation: IcmlValidationResult;
	/** UTF-8 chunks of the document. Each call starts a fresh pass; finishing one sets stats.bytes. */
	chunks(): Generator<Buffer, void, undefined>;
	/** Streams every chunk to `sink`, awaiting it (back-pressure); returns the byte count. */
	writeTo(sink: (chunk: Buffer) => unknown): Promise<number>;
	/** The whole document in one Buffer. */
	toBuffer(): Buffer;
}

export class IcmlValidationError extends Error {
	readonly validation: IcmlValidationResult;

	constructor(validation: IcmlValidationResult) {
		const shown = validation.errors.slice(0, 5).map((e) => e.message);
		const more = validation.errorCount > shown.length ? ` (and ${validation.errorCount - shown.length} more)` : '';
		super(`ICML catalog has ${validation.errorCount} error(s): ${shown.join('; ')}${more}`);
		this.name = 'IcmlValidationError';
		this.validation = validation;
	}

	get errors(): IcmlIssue[] {
		return this.validation.errors;
	}

	get warnings(): IcmlIssue[] {
		return this.validation.warnings;
	}
}

/** Groups and validates (no writing). For a dry run that lists issues without throwing. */
export function prepareIcml(input: IcmlInput, options: BuildIcmlOptions = {}): { products: ProductAssignment; validation: IcmlValidationResult } {
	const offers = Array.isArray(input.offers) ? input.offers : [];
	const products = groupOffers(offers, options.grouping ?? { mode: 'characteristics' });
	return { products, validation: validateIcml(input, products, options) };
}

/**
 * New capacity: the bytes per offer so far × all offers + 10 % (so usually a few allocations in
 * total), or ×1.5 growth while no offer has been written yet; never less than `need`.
 */
function grow(buf: Buffer, used: number, need: number, offersWritten: number, totalOffers: number): Buffer {
	const estimate = offersWritten > 0 ? Math.ceil((used / offersWritten) * totalOffers * 1.1) + 256 * 1024 : buf.length * 1.5;
	const next = Buffer.allocUnsafe(Math.ceil(Math.max(need, estimate, 1024 * 1024)));
	buf.copy(next, 0, 0, used);
	return next;
}

export function buildIcml(input: IcmlInput, options: BuildIcmlOptions = {}): IcmlBuild {
	const { products, validation } = prepareIcml(input, options);
	if (validation.errorCount > 0) throw new IcmlValidationError(validation);

	const stats: IcmlStats = {
		offers: input.offers.length,
		products: products.products,
		categories: input.categories.length,
		warnings: validation.warningCount,
		bytes: 0,
		chunks: 0,
	};

	function* chunks(): Generator<Buffer, void, undefined> {
		let bytes = 0;
		let count = 0;
		for (const buf of writeIcmlBuffers(input, products, options)) {
			bytes += buf.length;
			count++;
			yield buf;
		}
		stats.bytes = bytes;
		stats.chunks = count;
	}

	return {
		stats,
		products,
		validation,
		chunks,
		async writeTo(sink) {
			for (const chunk of chunks()) await sink(chunk);
			return stats.bytes;
		},
		toBuffer() {
			// Encodes each piece straight into one Buffer sized from the bytes per offer so far, instead
			// of collecting chunk Buffers and concatenating them (that holds the document twice).
			const progress: IcmlWriteProgress = { offersWritten: 0 };
			const total = input.offers.length;
			let buf: Buffer = Buffer.allocUnsafe(0);
			let used = 0;
			for (const piece of writeIcmlPieces(input, products, options, progress)) {
				// UTF-8 needs at most 3 bytes per UTF-16 unit; reserving that means write() never truncates.
				const need = used + piece.length * 3;
				if (need > buf.length) buf = grow(buf, used, need, progress.offersWritten, total);
				used += buf.write(piece, used, 'utf8');
			}
			stats.bytes = used;
			stats.chunks = 1;
			// Usually a view, not a copy: the estimate's margin (~10 %) stays allocated with it. When early
			// offers were much larger than the rest, the estimate overshoots; then one exact copy frees it.
			if (buf.length > used * 1.25 + 1024 * 1024) {
				const exact = Buffer.allocUnsafe(used);
				buf.copy(exact, 0, 0, used);
				return exact;
			}
			return buf.subarray(0, used);
		},
	};
}

export interface IcmlCatalogOptions extends BuildIcmlOptions {
	/** "Offers Without Price → Leave Out": offers without a price are dropped, each with a warning. */
	skipUnpriced?: boolean;
	/** 1C unit codes → retailCRM codes (unit-codes.ts); none = units as given. */
	unitCodes?: UnitCodeTable;
}

export interface IcmlCatalogBuild {
	build: IcmlBuild;
	/** Warnings of the offers left out for having no price (offer indexes before the drop). */
	leftOut: IcmlIssue[];
	/** Warnings of unit codes the table does not know. */
	unitWarnings: IcmlIssue[];
	/** The input item of each offer kept (as given, less the offers left out); empty when none was given. */
	itemOfOffer: number[];
}

/**
 * The ICML Builder's steps after the offers are made, for any source: leave out unpriced offers (when asked), map
 * unit codes, then buildIcml (throws IcmlValidationError). `itemOfOffer`: the input item of each offer, if any;
 * `onLeftOut` hears of the offers left out and the items of those kept before validation can throw, so a caller
 * names the items of validation issues right.
 */
export function buildIcmlFromOffers(
	input: IcmlInput,
	options: IcmlCatalogOptions,
	itemOfOffer: number[] = [],
	onLeftOut?: (skipped: IcmlIssue[], itemOfOffer: number[]) => void,
): IcmlCatalogBuild {
	let offers = input.offers;
	let leftOut: IcmlIssue[] = [];
	if (options.skipUnpriced === true) {
		const dropped = dropOffersWithoutPrice(offers, itemOfOffer);
		leftOut = dropped.skipped;
		offers = dropped.offers;
		itemOfOffer = dropped.itemOfOffer;
		onLeftOut?.(leftOut, itemOfOffer);
	}
	const unitWarnings = options.unitCodes !== undefined ? applyUnitCodes(offers, options.unitCodes) : [];
	const build = buildIcml({ ...input, offers }, options);
	return { build, leftOut, unitWarnings, itemOfOffer };
}
