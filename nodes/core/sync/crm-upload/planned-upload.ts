/**
 * What Upload Stock and Upload Prices share between building their elements and sending them: the "only changed"
 * selector the elements are made through, the plan's options, and the planned upload whose `run` sends it.
 */
import { ChangeSelector, droppedCodes, rememberCodes, type ChangeHashState, type HashableElement } from './change-hashes';
import type { IdentifierOptions } from './offer-identifier';
import { planUpload, type UploadPlan, type UploadPlanOptions } from './upload-plan';
import { runUploadPlan, type BatchResult, type RunUploadOptions, type UploadEndpoint, type UploadReport } from './upload-runner';

export interface ChangeTracking {
	/** Off: every element is sent every run. */
	onlyChanged: boolean;
	/** The state from static data; mutated in place (callers copy it for a dry run). */
	state?: ChangeHashState;
	/** Clock time in ms. */
	now: number;
	/** A full resend every N hours (default 24); ≤ 0: every run. */
	fullResendHours?: number;
}

/** What Upload Stock and Upload Prices take besides their rows and mapping (the Stock Upload node's shared settings). */
export interface UploadSettings extends IdentifierOptions, ChangeTracking {
	site?: string;
	/** 1..250, default 250. */
	batchSize?: number;
	dryRun?: boolean;
}

/**
 * "Only Changed": the selector an upload's elements are made through, so that an unchanged offer never becomes an
 * element (its hash is made from its body); undefined when every offer is sent.
 */
export function changeSelector(options: ChangeTracking, clearing: readonly string[] = []): ChangeSelector | undefined {
	if (!options.onlyChanged) return undefined;
	if (options.state === undefined) throw new Error('planUpload: "Only changed" needs the change-hash state from static data');
	return new ChangeSelector(options.state, options.now, options.fullResendHours ?? 24, new Set(clearing));
}

/**
 * What an upload's element builder takes from its settings (UploadElements' options): how offers are named, the site,
 * "only changed" (whose selector sends every offer that carries a `clearing` code).
 */
export function elementOptions(options: UploadSettings, clearing: readonly string[] = []): IdentifierOptions & { site?: string; changes?: ChangeSelector } {
	return { identifierKind: options.identifierKind, identifiers: options.identifiers, site: options.site, changes: changeSelector(options, clearing) };
}

/**
 * The codes of this run's mapping (stores or price types) and the remembered ones no longer among them, which the
 * elements clear (ChangeHashState.codes). Without Only Changed nothing is remembered, so nothing is cleared.
 */
export interface MappedCodes {
	current: string[];
	dropped: string[];
}

/** What an execution hint says of the codes a run clears (report.droppedCodes). */
export function droppedCodesMessage(endpoint: UploadEndpoint, codes: readonly string[], dryRun: boolean): string {
	const list = codes.map((code) => `"${code}"`).join(', ');
	if (endpoint === 'store/inventories/upload') {
		return `Store${codes.length === 1 ? '' : 's'} ${list} left the warehouse mapping since the last upload: this run ${dryRun ? 'would send' : 'sends'} them available 0 on every offer it uploads, so retailCRM does not keep their last stock (it adds up the stores); later runs send nothing for them.`;
	}
	return `Price type${codes.length === 1 ? '' : 's'} ${list} left the price type mapping since the last upload: this run ${dryRun ? 'would remove' : 'removes'} their prices from every offer it uploads (remove: true); later runs send nothing for them.`;
}

export function mappedCodes(options: ChangeTracking, current: Iterable<string>): MappedCodes {
	const codes = [...new Set(current)];
	return { current: codes, dropped: options.onlyChanged ? droppedCodes(options.state, codes) : [] };
}

/** The change tracking and batch size of an upload, as planUpload takes them (both uploads pass the same). */
function uploadPlanOptions(options: ChangeTracking & { batchSize?: number }, changes?: ChangeSelector): UploadPlanOptions {
	return {
		onlyChanged: options.onlyChanged,
		state: options.state,
		now: options.now,
		fullResendHours: options.fullResendHours,
		batchSize: options.batchSize,
		changes,
		// The elements wait for the pacer for minutes in a large upload: held as the text they are sent as.
		holdAsText: true,
	};
}

/**
 * An upload whose elements are planned and whose rows were let go: `run` sends it. What the plan holds is only the
 * elements to send (not the rows they were made from), so a caller that reads its own rows (Stock Upload's direct
 * mode) can drop them before the long part, the sending.
 */
export interface PlannedUpload<Report> {
	/** Batches to send (= upload requests, retries aside). */
	batches: number;
	run(): Promise<Report>;
}

/** An upload's report, with the offer keys that had no CRM identifier (not sent). */
export interface UploadReportWithUnresolved<E> extends UploadReport<E> {
	unresolvedOfferKeys: string[];
	/** Codes left out of the mapping since the last run, cleared on every offer of this one (only when there are some). */
	droppedCodes?: string[];
}

/**
 * Plans the built elements (only changed, batches) and returns the upload that `send`s them. Only the plan, `send` and
 * the unresolved keys are kept for `run`, not `options` or `built` (the caller's rows); `send` should not hold them either.
 */
export function planBuiltUpload<E extends HashableElement>(
	built: { offers: readonly E[]; unresolvedOfferKeys: string[] },
	options: UploadSettings,
	changes: ChangeSelector | undefined,
	endpoint: UploadEndpoint,
	send: (batch: E[]) => Promise<BatchResult>,
	codes?: MappedCodes,
): PlannedUpload<UploadReportWithUnresolved<E>> {
	const plan = planUpload(built.offers, uploadPlanOptions(options, changes));
	// Only plain values from `options` below: a closure that read `options` would keep the caller's rows (its `rows`)
	// alive until the upload ends, minutes after they were planned.
	const remember = options.onlyChanged && options.state !== undefined && options.dryRun !== true ? options.state : undefined;
	return sendingPlan(plan, send, { endpoint, dryRun: options.dryRun, identifierKind: options.identifierKind }, built.unresolvedOfferKeys, remember, codes);
}

function sendingPlan<E extends HashableElement>(
	plan: UploadPlan<E>,
	send: (batch: E[]) => Promise<BatchResult>,
	run: RunUploadOptions,
	unresolvedOfferKeys: string[],
	remember: ChangeHashState | undefined,
	codes: MappedCodes | undefined,
): PlannedUpload<UploadReportWithUnresolved<E>> {
	return {
		batches: plan.batches.count,
		run: async () => {
			const report: UploadReportWithUnresolved<E> = { ...(await runUploadPlan(plan, send, run)), unresolvedOfferKeys };
			if (codes === undefined) return report;
			if (remember !== undefined) rememberCodes(remember, codes.current, codes.dropped, report.failedBatches.length === 0);
			return codes.dropped.length > 0 ? { ...report, droppedCodes: codes.dropped } : report;
		},
	};
}
