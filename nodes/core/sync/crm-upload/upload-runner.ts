/**
 * Runs an upload plan (nodes/core/sync/crm-upload/upload-plan.ts): sends the batches (a few at once, started at the
 * client's pace), commits the change hashes of each batch that retailCRM accepted, and collects one report. A batch that still fails after the client's
 * own retries (503/429 are retried there) is recorded with its offers and the error, and the next batch goes on:
 * its offers stay dirty and are selected again next run. The node fails the run afterwards (failed-batches.ts), once
 * the state of what was accepted is kept.
 */
import { appendAll } from '../../common/append-all';
import type { NotFoundOffer } from '../../retailcrm/schemas/store';
import type { HashableElement } from './change-hashes';
import { identityKind, identityValue, type OfferIdentifierKind, type OfferIdentity } from './offer-identifier';
import type { UploadPlan } from './upload-plan';
import { allBatches } from './held-batches';

export type UploadEndpoint = 'store/inventories/upload' | 'store/prices/upload';

export interface BatchResult {
	processedOffersCount: number;
	notFoundOffers: readonly NotFoundOffer[];
}

export interface FailedBatch {
	/** 0-based index of the batch in this run. */
	index: number;
	/** The identifiers of the offers the batch carried (not committed: sent again next run). */
	offers: OfferIdentity[];
	error: string;
	/** HTTP status when retailCRM answered, 0 when no answer arrived. */
	status?: number;
	/** What to do about it, when the error says (e.g. the key's scopes for a 403). */
	hint?: string;
}

/** One upload run, as the node's summary item shows it. */
export interface UploadReport<E> {
	endpoint: UploadEndpoint;
	dryRun: boolean;
	/** True when every element was considered (Only Changed off, first run or periodic full resend). */
	fullResend: boolean;
	/** Batches planned (= upload requests, retries aside). */
	batches: number;
	/** Batches retailCRM accepted. */
	batchesSucceeded: number;
	/** Offers in the accepted batches. */
	offersSent: number;
	/** Sum of retailCRM's processedOffersCount over the accepted batches. */
	processedOffersCount: number;
	/** Offers left out because nothing in them changed since the last successful upload. */
	unchangedOffers: number;
	notFoundOffers: OfferIdentity[];
	failedBatches: FailedBatch[];
	/** Dry run only: the batches that would be sent. */
	plannedBatches?: E[][];
}

/** Upload requests in flight at once (their starts are paced by the client). */
export const DEFAULT_UPLOAD_CONCURRENCY = 3;

export interface RunUploadOptions {
	endpoint: UploadEndpoint;
	/** Batches in flight at once; default DEFAULT_UPLOAD_CONCURRENCY. 1: one after another. */
	concurrency?: number;
	dryRun?: boolean;
	/** Which identifier the elements use; turns a bare `notFoundOffers` value into that identifier. */
	identifierKind: OfferIdentifierKind;
}

/** The identity fields of an element, for reports (stores/prices left out). */
export function identityOf(element: OfferIdentity): OfferIdentity {
	const kind = identityKind(element);
	return kind === 'id' ? { id: element.id } : kind === 'xmlId' ? { xmlId: element.xmlId } : { externalId: element.externalId };
}

/** retailCRM's notFoundOffers as identities; a bare value (`{ value }`) is read as the identifier kind in use. */
export function toIdentities(found: readonly NotFoundOffer[], kind: OfferIdentifierKind): OfferIdentity[] {
	const out: OfferIdentity[] = [];
	for (const offer of found) {
		if (offer.id !== undefined && offer.id !== null) out.push({ id: Number(offer.id) });
		else if (offer.externalId !== undefined && offer.externalId !== null) out.push({ externalId: String(offer.externalId) });
		else if (offer.xmlId !== undefined && offer.xmlId !== null) out.push({ xmlId: String(offer.xmlId) });
		else if (offer.value !== undefined && offer.value !== null) {
			const value = String(offer.value);
			out.push(kind === 'id' ? { id: Number(value) } : kind === 'xmlId' ? { xmlId: value } : { externalId: value });
		}
	}
	return out;
}

function describeError(error: unknown): { error: string; status?: number; hint?: string } {
	const e = error as { message?: unknown; status?: unknown; hint?: unknown };
	const message = typeof e?.message === 'string' ? e.message : String(error);
	return {
		error: message,
		...(typeof e?.status === 'number' ? { status: e.status } : {}),
		...(typeof e?.hint === 'string' && e.hint !== '' ? { hint: e.hint } : {}),
	};
}

export async function runUploadPlan<E extends HashableElement>(
	plan: UploadPlan<E>,
	send: (batch: E[]) => Promise<BatchResult>,
	options: RunUploadOptions,
): Promise<UploadReport<E>> {
	const { batches } = plan;
	const report: UploadReport<E> = {
		endpoint: options.endpoint,
		dryRun: options.dryRun === true,
		fullResend: plan.full,
		batches: batches.count,
		batchesSucceeded: 0,
		offersSent: 0,
		processedOffersCount: 0,
		unchangedOffers: plan.unchangedCount,
		notFoundOffers: [],
		failedBatches: [],
	};
	if (options.dryRun === true) {
		report.plannedBatches = allBatches(batches);
		return report;
	}
	// Each batch is recorded (committed, or reported as failed) in batch order, so the report and the change hashes do
	// not depend on which answer came first; and as soon as the batches before it are, so a sent batch's elements (made
	// from the plan's text for the request, held-batches.ts) are let go then, not held to the end of the upload.
	const outcomes: Array<{ sent: E[]; result?: BatchResult; error?: unknown } | undefined> = new Array(batches.count);
	let recorded = 0;
	const record = () => {
		for (let outcome = outcomes[recorded]; outcome !== undefined; outcome = outcomes[recorded]) {
			const index = recorded++;
			outcomes[index] = undefined;
			const { sent, result, error } = outcome;
			if (result === undefined) {
				report.failedBatches.push({ index, offers: sent.map(identityOf), ...describeError(error) });
				continue;
			}
			const notFound = toIdentities(result.notFoundOffers, options.identifierKind);
			plan.commitBatch(index, notFound, sent);
			report.batchesSucceeded++;
			report.offersSent += sent.length;
			report.processedOffersCount += result.processedOffersCount;
			appendAll(report.notFoundOffers, notFound);
		}
	};
	// Up to `concurrency` batches in flight: the client's pacer spaces their starts at the account's rate, so a slow
	// answer (retailCRM takes a few hundred ms for 250 offers) does not leave the rate's slots unused.
	let next = 0;
	const worker = async () => {
		while (next < batches.count) {
			const index = next++;
			const sent = batches.get(index);
			try {
				outcomes[index] = { sent, result: await send(sent) };
			} catch (error) {
				outcomes[index] = { sent, error };
			}
			record();
		}
	};
	const workers: Array<Promise<void>> = [];
	for (let w = 0; w < Math.max(1, Math.min(options.concurrency ?? DEFAULT_UPLOAD_CONCURRENCY, batches.count)); w++) workers.push(worker());
	await Promise.all(workers);
	return report;
}

/** Key of an identity for look-ups (kind + value), e.g. to pair a not-found offer with its input rows. */
export function identityKey(identity: OfferIdentity): string {
	return `${identityKind(identity)}\u0000${identityValue(identity)}`;
}
