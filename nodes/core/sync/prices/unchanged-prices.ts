/**
 * Unchanged prices between two nodes: OneCUt10Store → Get Prices (Options → Skip Unchanged Prices) straight into
 * Stock Upload → Upload Prices, as the stock template wires them. What Upload Stock and Prices from 1C does in one node
 * (price-inputs.ts), split where n8n splits the work:
 *   - Get Prices notes the digests of the 1C answers it priced from (the price types and the catalog scope in the
 *     record's key, the price read's own requests in its `answers`) and hands that record to Upload Prices on its
 *     first output item (`priceInputs`);
 *   - Upload Prices, when retailCRM took the upload whole, keeps the record in its change-hash state and publishes it
 *     in the workflow's static data for that Get Prices node (`PublishedPriceInputs`), with its own parameters'
 *     signature and the time its next full resend is due;
 *   - the next run's Get Prices asks 1C the same requests again and compares only the digests of the answers: when
 *     all are the same, it outputs one item saying so (`pricesUnchanged`) instead of hundreds of thousands of rows,
 *     and Upload Prices, finding the same record in its own state, sends nothing, as it would have after comparing
 *     every offer's hash.
 * Anything not known for sure means the prices are read as always: no record, another key, another Upload Prices
 * (its parameters changed, renamed, disabled, another node between the two, another branch after Get Prices), a full
 * resend due, a manual run, a dry run, a batch refused, an offer not found.
 */
import { AnswerLog, type OneCClient } from '../../onec/client';
import { fullResendDue, type ChangeHashState } from '../crm-upload/change-hashes';
import { normalizeRef } from '../offer-key';
import { readNotedCatalogScope } from '../onec-read/catalog-scope';
import { leaveScope, takeScope, type CatalogScope } from '../onec-read/scope-cache';
import { getPrices, readPriceTypes, requestedPriceTypes, type GetPricesOptions, type GetPricesResult, type PriceItem, type UploadPriceItem } from './get-prices';
import type { PriceUploadReport } from './price-upload';
import {
	isDatedSet,
	isPricePageSet,
	loadPriceInputs,
	markPeriod,
	MAX_RECORDED_PROBLEMS,
	priceInputsKey,
	sameAnswers,
	PRICE_INPUTS_VERSION,
	type PriceInputs,
	type PriceRunSummary,
} from './price-inputs';

/** The record Get Prices hands on: PriceInputs and the name of the Get Prices node it came from. */
export interface HandedPriceInputs extends PriceInputs {
	source: string;
}

/** What Upload Prices publishes for one Get Prices node (static data, PUBLISHED_STATE_KEY, by the Get Prices node's name). */
export interface PublishedPriceInputs extends PriceInputs {
	/** Epoch ms at which Upload Prices' next full resend is due: the record counts only before it. */
	validUntil: number;
	/** The Upload Prices node that took the prices whole, and the signature of its parameters then (parametersSignature). */
	upload: { node: string; signature: string };
}

export interface PublishedPriceInputsState {
	version: 1;
	bySource: Record<string, PublishedPriceInputs>;
}

/** The workflow's static data key of PublishedPriceInputsState (global: Get Prices reads what Upload Prices writes). */
export const PUBLISHED_STATE_KEY = 'unchangedPrices';

export function emptyPublishedState(): PublishedPriceInputsState {
	return { version: 1, bySource: {} };
}

/** The published record of `source`, if it is one this code wrote; anything else is none (the prices are read). */
export function loadPublished(state: PublishedPriceInputsState | undefined, source: string): PublishedPriceInputs | undefined {
	const raw = state?.bySource?.[source] as Partial<PublishedPriceInputs> | undefined;
	if (loadPriceInputs(raw) === undefined || typeof raw?.validUntil !== 'number' || typeof raw.upload?.node !== 'string' || typeof raw.upload.signature !== 'string') return undefined;
	return raw as PublishedPriceInputs;
}

/**
 * A node's parameters as one string: Get Prices compares it with what Upload Prices published, so any change to
 * Upload Prices (a mapping row, the price expression, the site) makes the next run read the prices.
 */
export function parametersSignature(typeVersion: number, parameters: unknown): string {
	return JSON.stringify([typeVersion, parameters]);
}

/** What Get Prices read, or that its inputs are the ones the record of the last whole upload was computed from. */
export type PricesOrUnchanged<Row> =
	| { unchanged: false; read: GetPricesResult<Row>; record: PriceInputs | undefined }
	| { unchanged: true; key: string; summary: PriceRunSummary };

/**
 * getPrices with its inputs noted; when `published` (already checked by the node: the same Upload Prices, no full
 * resend due) has this run's key and 1C answers its requests as then, the rows are not read.
 * `period` must be the price date the read uses (the node always sets one).
 */
export async function getPricesUnlessUnchanged<Row extends PriceItem | UploadPriceItem>(
	client: OneCClient,
	options: GetPricesOptions & { period: string },
	published: PriceInputs | undefined,
): Promise<PricesOrUnchanged<Row>> {
	const requested = requestedPriceTypes(options.priceTypeRefs);
	const before = new AnswerLog();
	const priceTypes = options.priceTypes ?? (await client.noting(before, async () => await readPriceTypes(client, requested)));
	// The scope: the one Get Balances of this run left (its answers noted there), else read here and left for it.
	const folderRefs = options.folderRefs ?? [];
	let scope: CatalogScope | undefined;
	let readHere = false;
	if (folderRefs.length > 0) {
		scope = options.scope ?? takeScope(options.share, client.rootUrl, folderRefs);
		if (scope === undefined) {
			readHere = true;
			scope = await readNotedCatalogScope(client, { folderRefs, maxWhereInRequests: options.maxWhereInRequests });
		}
	}
	const scopeAnswers = scope === undefined ? [] : scope.answers;
	const key =
		scopeAnswers === undefined
			? undefined
			: priceInputsKey(
					{
						priceTypeRefs: [...requested].sort(),
						currencyRef: normalizeRef(options.currencyRef) ?? null,
						vat: options.vat ?? 'asIs',
						slicePageSize: options.slicePageSize ?? null,
						folderRefs: folderRefs.map((ref) => normalizeRef(ref)).sort(),
						maxWhereInRequests: options.maxWhereInRequests ?? null,
						rowFields: options.rowFields ?? 'all',
					},
					[...before.answers, ...scopeAnswers],
				);
	const leave = () => {
		if (readHere && scope !== undefined) leaveScope(options.share, client.rootUrl, folderRefs, scope);
	};
	if (key !== undefined && published?.key === key && (await sameAnswers(client, published, options.period, isPricePageSet))) {
		leave();
		return { unchanged: true, key, summary: published.summary };
	}
	const priceLog = new AnswerLog();
	const read: GetPricesResult<PriceItem | UploadPriceItem> = await client.noting(priceLog, async () => await getPrices(client, { ...options, priceTypes, scope }));
	leave();
	const answers = markPeriod(priceLog.answers, options.period, isDatedSet);
	const record: PriceInputs | undefined =
		key === undefined || answers === undefined || answers.length === 0 || read.problems.length > MAX_RECORDED_PROBLEMS
			? undefined
			: { version: PRICE_INPUTS_VERSION, key, answers, summary: { rows: read.items.length, offers: 0, problems: read.problems, currencies: read.currencies } };
	return { unchanged: false, read: read as GetPricesResult<Row>, record };
}

/** The record on an input item (`priceInputs`), if it is one Get Prices wrote. */
export function handedRecord(raw: unknown): HandedPriceInputs | undefined {
	const record = loadPriceInputs(raw);
	const source = (raw as { source?: unknown } | undefined)?.source;
	return record === undefined || typeof source !== 'string' || source === '' ? undefined : { ...record, source };
}

/** The `json` of Get Prices' one item when its inputs are unchanged (Upload Prices recognises it by `pricesUnchanged`). */
export interface UnchangedPricesJson {
	pricesUnchanged: { key: string; source: string; rows: number; currencies: string[]; problems: number };
}

export function isUnchangedPrices(json: unknown): json is UnchangedPricesJson {
	const marker = (json as { pricesUnchanged?: { key?: unknown; source?: unknown } } | undefined)?.pricesUnchanged;
	return typeof marker === 'object' && marker !== null && typeof marker.key === 'string' && typeof marker.source === 'string';
}

/**
 * Whether retailCRM took a price upload whole, so that the record of its inputs may be kept: Only Changed on, not a
 * dry run, every batch accepted, no offer not found or without an identifier.
 */
export function tookWhole(report: PriceUploadReport, upload: { onlyChanged: boolean; dryRun: boolean }): boolean {
	return (
		upload.onlyChanged &&
		!upload.dryRun &&
		report.batchesSucceeded === report.batches &&
		report.failedBatches.length === 0 &&
		report.notFoundOffers.length === 0 &&
		report.unresolvedOfferKeys.length === 0
	);
}

/** The price part when its inputs are unchanged: nothing to send, every offer unchanged, as the read would plan it. */
export function unchangedPriceReport(offers: number, dryRun: boolean): PriceUploadReport {
	return {
		endpoint: 'store/prices/upload',
		dryRun,
		fullResend: false,
		batches: 0,
		batchesSucceeded: 0,
		offersSent: 0,
		processedOffersCount: 0,
		unchangedOffers: offers,
		notFoundOffers: [],
		failedBatches: [],
		unresolvedOfferKeys: [],
	};
}

/**
 * Upload Prices after an upload of rows (not a dry run): keeps the record Get Prices handed on in `state` when
 * retailCRM took the upload whole and every row was read, and says what to publish for that Get Prices node; any
 * other upload drops the record it kept (`stateChanged` then says whether there was one, so the state is saved).
 */
export function keepHandedRecord(
	state: ChangeHashState,
	handed: HandedPriceInputs | undefined,
	report: PriceUploadReport,
	upload: { onlyChanged: boolean; dryRun: boolean; rowErrors: number; fullResendHours: number; node: string; signature: string },
): { stateChanged: boolean; published: PublishedPriceInputs | undefined } {
	const hadRecord = state.inputs !== undefined;
	const lastFull = state.lastFullAt === null ? Number.NaN : Date.parse(state.lastFullAt);
	if (handed === undefined || upload.rowErrors > 0 || !Number.isFinite(lastFull) || !tookWhole(report, upload)) {
		delete state.inputs;
		return { stateChanged: hadRecord, published: undefined };
	}
	const { source: _source, ...record } = handed;
	const kept: PriceInputs = { ...record, summary: { ...record.summary, offers: report.offersSent + report.unchangedOffers } };
	state.inputs = kept;
	return { stateChanged: true, published: { ...kept, validUntil: lastFull + upload.fullResendHours * 3_600_000, upload: { node: upload.node, signature: upload.signature } } };
}

/**
 * Upload Prices given Get Prices' `pricesUnchanged` item: the record its state keeps for that key, unless a full resend
 * is due (then the prices must be sent, and were not read). Undefined: the node cannot tell retailCRM holds them.
 */
export function keptRecordFor(state: ChangeHashState | undefined, key: string, now: number, fullResendHours: number): PriceInputs | undefined {
	if (state === undefined || fullResendDue(state, now, fullResendHours)) return undefined;
	const kept = loadPriceInputs(state.inputs);
	return kept?.key === key ? kept : undefined;
}
