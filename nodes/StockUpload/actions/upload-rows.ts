import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { emptyChangeHashState, loadChangeHashState, type ChangeHashState } from '../../core/sync/crm-upload/change-hashes';
import type { OfferIdentifierKind, OfferIdentity } from '../../core/sync/crm-upload/offer-identifier';
import { identityKey } from '../../core/sync/crm-upload/upload-runner';
import { failedBatchesError } from '../../core/sync/crm-upload/failed-batches';
import { droppedCodesMessage, type UploadReportWithUnresolved } from '../../core/sync/crm-upload/planned-upload';
import { toNodeError } from '../../shared/errors';
import { appendAll } from '../../core/common/append-all';
import { rowSource, type RowSource } from '../../shared/row-items';
import { readState, writeState } from '../../shared/state';
import { n8nClock } from '../../shared/transport';
import { itemValue, readIdentifier, readRows } from './row-reading';
import type { UploadSettings } from './upload-settings';
import { hintManualFullResend } from './manual-run-hint';

/** Identity of a row's identifier, as the core builds it (for pairing not-found offers with their rows). */
export function rowIdentity(value: string, kind: OfferIdentifierKind): OfferIdentity {
	return kind === 'id' ? { id: Number(value) } : kind === 'xmlId' ? { xmlId: value } : { externalId: value };
}

/** The identifier → itself table the core needs for CRM ID (it resolves offer keys through a table). */
export function identityTable(values: Iterable<string>, kind: OfferIdentifierKind): Map<string, string> | undefined {
	if (kind !== 'id') return undefined;
	const table = new Map<string, string>();
	for (const value of values) table.set(value, value);
	return table;
}

/** The input items each of `identities` came from (identityKey → item indexes), found when an output item needs them. */
export type Pairing = (identities: readonly OfferIdentity[]) => ReadonlyMap<string, number[]>;

/**
 * Pairing over the rows an upload took: row `k` has identifier `identifierOf(k)` and came from input item `itemOf[k]`.
 * It is worked out only for the few offers an output item is about (not found, or a dry run's batches), instead of a
 * table of every offer kept for the whole run.
 */
export function pairingOver(count: number, identifierOf: (k: number) => string, itemOf: ArrayLike<number>, kind: OfferIdentifierKind): Pairing {
	return (identities) => {
		const wanted = new Set(identities.map((identity) => identityKey(identity)));
		const out = new Map<string, number[]>();
		if (wanted.size === 0) return out;
		for (let k = 0; k < count; k++) {
			const key = identityKey(rowIdentity(identifierOf(k), kind));
			if (!wanted.has(key)) continue;
			const list = out.get(key);
			const item = itemOf[k];
			if (list === undefined) out.set(key, [item]);
			else if (list[list.length - 1] !== item) list.push(item);
		}
		return out;
	};
}

/** Change hashes live in this node's static data, one key per operation (stock and prices never share one). */
function stateKey(operation: string): string {
	return `changeHashes:${operation}`;
}

/**
 * A plain copy of the saved state: static data is a change-tracking proxy, and 100,000 look-ups through it
 * are slow. A dry run works on the copy and never writes it back.
 */
export function loadHashes(this: IExecuteFunctions, operation: string): ChangeHashState {
	const stored = readState<ChangeHashState>(this, 'node', stateKey(operation), emptyChangeHashState, () => emptyChangeHashState());
	return loadChangeHashState(JSON.parse(JSON.stringify(stored)) as unknown);
}

export function saveHashes(this: IExecuteFunctions, operation: string, state: ChangeHashState): void {
	writeState(this, 'node', stateKey(operation), state);
}

/** The output pane's hint about the stores or price types a run clears (left the mapping since the last upload). */
export function hintDroppedCodes(this: IExecuteFunctions, report: Pick<UploadReportWithUnresolved<unknown>, 'endpoint' | 'droppedCodes'>, dryRun: boolean): void {
	if (report.droppedCodes === undefined || report.droppedCodes.length === 0) return;
	this.addExecutionHints({ message: droppedCodesMessage(report.endpoint, report.droppedCodes, dryRun), type: 'warning', location: 'outputPane' });
}

/**
 * Called once an upload has run, before its failed batches fail the node (the state is saved after it); true when it
 * changed the state although nothing was sent (Upload Prices' record of unchanged inputs).
 */
export type AfterUpload<E> = (report: UploadReportWithUnresolved<E>, state: ChangeHashState | undefined) => boolean;

/**
 * Runs one upload with this operation's change hashes (loaded only for Only Changed, saved unless it was a
 * dry run or nothing changed) and turns its report into the node's output items. Failed batches fail the node
 * once the state is saved (core/sync/crm-upload/failed-batches.ts says why).
 */
export async function runUpload<E>(
	this: IExecuteFunctions,
	operation: string,
	settings: UploadSettings,
	pairing: Pairing,
	upload: (state: ChangeHashState | undefined) => Promise<UploadReportWithUnresolved<E>>,
	afterUpload?: AfterUpload<E>,
): Promise<INodeExecutionData[]> {
	const state = settings.onlyChanged ? loadHashes.call(this, operation) : undefined;
	hintManualFullResend.call(this, [state], settings.dryRun);
	const report = await upload(state);
	const changedAfter = afterUpload?.(report, state) === true;
	// An unchanged run leaves the state as it was: not writing it spares n8n saving the workflow's static data (MBs).
	if (state !== undefined && !settings.dryRun && (report.batches > 0 || report.fullResend || changedAfter)) saveHashes.call(this, operation, state);
	hintDroppedCodes.call(this, report, settings.dryRun);
	const failed = failedBatchesError([report]);
	if (failed !== undefined) throw toNodeError(this.getNode(), failed);
	return reportItems(report, operation, this.getInputData().length, pairing);
}

/**
 * Output: one summary item paired with every input item, then (dry run) one item per batch, then one item per
 * offer retailCRM did not find, paired with the items it came from.
 */
export function reportItems<E>(
	report: UploadReportWithUnresolved<E>,
	operation: string,
	inputCount: number,
	pairing: Pairing,
): INodeExecutionData[] {
	const all = Array.from({ length: inputCount }, (_, item) => ({ item }));
	const { plannedBatches, unresolvedOfferKeys, ...summary } = report;
	const out: INodeExecutionData[] = [
		{
			json: { operation, ...summary, unresolvedOffers: unresolvedOfferKeys } as unknown as IDataObject,
			pairedItem: all,
		},
	];
	const wanted: OfferIdentity[] = [];
	for (const offers of plannedBatches ?? []) for (const offer of offers) wanted.push(offer as OfferIdentity);
	appendAll(wanted, report.notFoundOffers);
	const itemsOf = pairing(wanted);
	(plannedBatches ?? []).forEach((offers, index) => {
		const paired = new Set<number>();
		for (const offer of offers) for (const row of itemsOf.get(identityKey(offer as OfferIdentity)) ?? []) paired.add(row);
		out.push({
			json: { dryRun: true, endpoint: report.endpoint, batch: index, offers } as unknown as IDataObject,
			pairedItem: [...paired].sort((a, b) => a - b).map((item) => ({ item })),
		});
	});
	for (const offer of report.notFoundOffers) {
		const rows = itemsOf.get(identityKey(offer)) ?? [];
		out.push({
			json: { notFound: true, identifier: identifierOf(offer), kind: kindOf(offer) },
			pairedItem: rows.length > 0 ? rows.map((item) => ({ item })) : all,
		});
	}
	return out;
}

function identifierOf(offer: OfferIdentity): string | number {
	return offer.id ?? offer.xmlId ?? offer.externalId ?? '';
}

function kindOf(offer: OfferIdentity): OfferIdentifierKind {
	return offer.id !== undefined ? 'id' : offer.xmlId !== undefined ? 'xmlId' : 'externalId';
}

/** What both core uploads take besides their rows and their mapping. */
export interface CommonUploadInput {
	identifierKind: OfferIdentifierKind;
	identifiers: Map<string, string> | undefined;
	site: string | undefined;
	batchSize: number;
	onlyChanged: boolean;
	state: ChangeHashState | undefined;
	now: number;
	fullResendHours: number;
	dryRun: boolean;
}

export interface RowUpload<Row extends { offerKey: string }> {
	/** Also the key of this operation's change hashes. */
	operation: string;
	settings: UploadSettings;
	/**
	 * Makes the reader of the operation's own fields (called once, after the Offer Identifier reader is made): it
	 * gives row `r`'s upload row, or undefined to leave the row out (a skipped unmapped value).
	 */
	rowReader: (source: RowSource) => (r: number, offerKey: string) => Row | undefined;
	/** The core upload of the rows read. */
	upload: (rows: Row[], input: CommonUploadInput) => Promise<UploadReportWithUnresolved<unknown>>;
	/** See AfterUpload; `rowErrors`: input rows that could not be read (On Error set to continue). */
	afterUpload?: (report: UploadReportWithUnresolved<unknown>, state: ChangeHashState | undefined, rowErrors: number) => boolean;
}

/**
 * The row loop of Upload Stock and Upload Prices: reads every input row (offer identifier first, then the
 * operation's own fields), uploads the rows that could be read, and outputs the report items followed by
 * one error item per row that could not be read (with "On Error" set to continue; else the first one stops the node).
 */
export async function uploadRows<Row extends { offerKey: string }>(ctx: IExecuteFunctions, spec: RowUpload<Row>): Promise<INodeExecutionData[]> {
	const { settings } = spec;
	const source = rowSource(ctx.getInputData());
	const rows: Row[] = [];
	const itemOfRow: number[] = [];
	const identifierOf = itemValue.call(ctx, 'offerIdentifier', 'Offer Identifier', source);
	const readRow = spec.rowReader(source);
	const rowErrors = readRows.call(ctx, source, (r) => {
		const identifier = readIdentifier.call(ctx, identifierOf, source, r, settings.identifierKind);
		const row = readRow(r, identifier);
		if (row === undefined) return;
		rows.push(row);
		itemOfRow.push(source.item(r));
	});

	const pairing = pairingOver(rows.length, (k) => rows[k].offerKey, itemOfRow, settings.identifierKind);
	const afterUpload = spec.afterUpload;
	const report = await runUpload.call(ctx, spec.operation, settings, pairing, async (state) =>
		await spec.upload(rows, {
			identifierKind: settings.identifierKind,
			identifiers: settings.identifierKind === 'id' ? identityTable(rows.map((r) => r.offerKey), 'id') : undefined,
			site: settings.site,
			batchSize: settings.batchSize,
			onlyChanged: settings.onlyChanged,
			state,
			now: n8nClock.now(),
			fullResendHours: settings.fullResendHours,
			dryRun: settings.dryRun,
		}),
		afterUpload === undefined ? undefined : (report, state) => afterUpload(report, state, rowErrors.length),
	);
	return [...report, ...rowErrors];
}
