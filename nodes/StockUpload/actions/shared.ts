import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { emptyChangeHashState, loadChangeHashState, type ChangeHashState } from '../../core/sync/crm-upload/change-hashes';
import { MAX_UPLOAD_BATCH_SIZE } from '../../core/sync/crm-upload/upload-batches';
import type { OfferIdentifierKind, OfferIdentity } from '../../core/sync/crm-upload/offer-identifier';
import { identityKey, type UploadReport } from '../../core/sync/crm-upload/upload-runner';
import { appendAll } from '../../core/common/append-all';
import { rowFieldReader, type RowSource } from '../../shared/row-items';
import { readState, writeState } from '../../shared/state';
import { toNodeError } from '../../shared/errors';

/** Fields shared by Upload Stock and Upload Prices. */
export const uploadOperations = ['uploadStock', 'uploadPrices'];
const showUploads = { operation: uploadOperations };

export const identifierFields: INodeProperties[] = [
	{
		displayName: 'Offer Identifier',
		name: 'offerIdentifier',
		type: 'string',
		default: '={{ $json.offerKey }}',
		required: true,
		displayOptions: { show: showUploads },
		description:
			'The offer this row is about. The default is the 1C offer key (item GUID, or item GUID#characteristic GUID), which is the offer ID of the ICML catalog made from 1C.',
	},
	{
		displayName: 'Identifier Is',
		name: 'identifierKind',
		type: 'options',
		default: 'externalId',
		displayOptions: { show: showUploads },
		options: [
			{ name: 'External ID', value: 'externalId', description: 'The offer ID of the ICML catalog (offer@ID)' },
			{ name: 'XML ID', value: 'xmlId', description: 'The &lt;xmlId&gt; of the ICML catalog' },
			{ name: 'CRM ID', value: 'id', description: 'The internal offer ID in retailCRM (a number)' },
		],
		description: 'Which retailCRM offer identifier the value above is',
	},
];

export const siteField: INodeProperties = {
	displayName: 'Site Name or ID',
	name: 'site',
	type: 'options',
	default: '',
	displayOptions: { show: showUploads },
	typeOptions: { loadOptionsMethod: 'getSites' },
	description:
		'The store (site) the offers belong to. Needed when the API key reaches several sites and offers are addressed by External ID or XML ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const changeFields: INodeProperties[] = [
	{
		displayName: 'Only Changed',
		name: 'onlyChanged',
		type: 'boolean',
		default: true,
		displayOptions: { show: showUploads },
		description:
			'Whether to send only the offers whose values changed since the last successful upload (kept in the workflow static data), with a full resend every few hours',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		displayOptions: { show: showUploads },
		description: 'Whether to return the batches that would be sent without sending anything or changing the saved state',
	},
];

export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	default: MAX_UPLOAD_BATCH_SIZE,
	typeOptions: { minValue: 1, maxValue: MAX_UPLOAD_BATCH_SIZE },
	description: `Offers per request, at most ${MAX_UPLOAD_BATCH_SIZE} (the retailCRM limit)`,
};

export const fullResendOption: INodeProperties = {
	displayName: 'Full Resend Every (Hours)',
	name: 'fullResendHours',
	type: 'number',
	default: 24,
	typeOptions: { minValue: 0 },
	description: 'With Only Changed: send everything again after this many hours, to repair manual edits in retailCRM. 0 sends everything every run.',
};

export interface UploadSettings {
	identifierKind: OfferIdentifierKind;
	site?: string;
	onlyChanged: boolean;
	dryRun: boolean;
	batchSize: number;
	fullResendHours: number;
}

export function readUploadSettings(this: IExecuteFunctions, options: IDataObject): UploadSettings {
	const site = String(this.getNodeParameter('site', 0, '') ?? '').trim();
	const batchSize = Number(options.batchSize ?? MAX_UPLOAD_BATCH_SIZE);
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_UPLOAD_BATCH_SIZE) {
		throw new NodeOperationError(this.getNode(), `Batch Size must be a whole number from 1 to ${MAX_UPLOAD_BATCH_SIZE}, got ${String(options.batchSize)}`);
	}
	const fullResendHours = Number(options.fullResendHours ?? 24);
	if (!Number.isFinite(fullResendHours) || fullResendHours < 0) {
		throw new NodeOperationError(this.getNode(), `"Full Resend Every (Hours)" must be 0 or more, got ${String(options.fullResendHours)}`);
	}
	return {
		identifierKind: this.getNodeParameter('identifierKind', 0, 'externalId') as OfferIdentifierKind,
		site: site === '' ? undefined : site,
		onlyChanged: this.getNodeParameter('onlyChanged', 0, true) as boolean,
		dryRun: this.getNodeParameter('dryRun', 0, false) as boolean,
		batchSize,
		fullResendHours,
	};
}

export type ItemValue = (r: number) => unknown;

/**
 * Reads a per-row parameter for each row of `source` (one item per row, or batches of rows: shared/row-items.ts).
 * The defaults (`={{ $json.offerKey }}` …) only read a field of the row, so they are read straight from it: the same
 * value without one expression evaluation per row and field, which made 20,000 rows take ~20 s (300,000 rows are
 * normal for 100,000 offers on 3 warehouses). Anything else is evaluated by n8n per item (not possible per row of a batch).
 */
export function itemValue(this: IExecuteFunctions, name: string, label: string, source: RowSource): ItemValue {
	return rowFieldReader(this, source, name, label, '');
}

/** How a value that is neither text nor a number is named in messages. */
function kindOfValue(raw: unknown): string {
	if (Array.isArray(raw)) return `a list (${JSON.stringify(raw).slice(0, 40)})`;
	if (typeof raw === 'object') return `an object (${JSON.stringify(raw).slice(0, 40)})`;
	return `${typeof raw} ${String(raw)}`;
}

/** The offer identifier of row `r`, checked: a non-empty text, or a positive whole number for CRM ID. */
export function readIdentifier(this: IExecuteFunctions, read: ItemValue, source: RowSource, r: number, kind: OfferIdentifierKind): string {
	const raw = read(r);
	// An expression returning a list or an object would otherwise become "a,b" or "[object Object]".
	if (raw !== null && raw !== undefined && typeof raw !== 'string' && typeof raw !== 'number') {
		throw new NodeOperationError(this.getNode(), `${source.where(r)}: the offer identifier must be text, got ${kindOfValue(raw)}`, { itemIndex: source.item(r) });
	}
	const value = raw === null || raw === undefined ? '' : String(raw).trim();
	if (value === '') {
		throw new NodeOperationError(this.getNode(), `${source.where(r)}: the offer identifier is empty`, {
			itemIndex: source.item(r),
			description: 'Check the "Offer Identifier" expression; by default it reads $json.offerKey from the 1C node.',
		});
	}
	if (kind === 'id' && !/^[1-9]\d*$/.test(value)) {
		throw new NodeOperationError(this.getNode(), `${source.where(r)}: the CRM offer ID must be a positive whole number, got "${value}"`, { itemIndex: source.item(r) });
	}
	return value;
}

/** A number read from an expression field; `''`/null only when `optional`. */
export function readNumber(this: IExecuteFunctions, read: ItemValue, label: string, source: RowSource, r: number, optional: boolean): number | undefined {
	const raw = read(r);
	if (raw === '' || raw === null || raw === undefined) {
		if (optional) return undefined;
		throw new NodeOperationError(this.getNode(), `${source.where(r)}: "${label}" is empty`, { itemIndex: source.item(r) });
	}
	// A list [1, 2] would otherwise read as "1,2" → 1.2, an object as NaN with a puzzling message.
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw new NodeOperationError(this.getNode(), `${source.where(r)}: "${label}" must be a number, got ${kindOfValue(raw)}`, { itemIndex: source.item(r) });
	}
	const value = typeof raw === 'number' ? raw : Number(String(raw).replace(',', '.').trim());
	if (!Number.isFinite(value)) {
		throw new NodeOperationError(this.getNode(), `${source.where(r)}: "${label}" must be a number, got "${String(raw)}"`, { itemIndex: source.item(r) });
	}
	return value;
}

/**
 * Reads the input rows one by one. A row that cannot be read stops the node (n8n's default), or — with the node's
 * "On Error" set to continue — becomes an error item naming the item and the field, and the other rows are uploaded.
 */
export function readRows(this: IExecuteFunctions, source: RowSource, readRow: (r: number) => void): INodeExecutionData[] {
	const errors: INodeExecutionData[] = [];
	for (let r = 0; r < source.count; r++) {
		try {
			readRow(r);
		} catch (error) {
			if (!this.continueOnFail() || !(error instanceof NodeOperationError)) throw toNodeError(this.getNode(), error, source.item(r));
			errors.push({ json: { error: error.message }, pairedItem: { item: source.item(r) } });
		}
	}
	return errors;
}

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

/**
 * Runs one upload with this operation's change hashes (loaded only for Only Changed, saved unless it was a
 * dry run or nothing changed) and turns its report into the node's output items.
 */
export async function runUpload<E>(
	this: IExecuteFunctions,
	operation: string,
	settings: UploadSettings,
	pairing: Pairing,
	upload: (state: ChangeHashState | undefined) => Promise<UploadReport<E> & { unresolvedOfferKeys: string[] }>,
): Promise<INodeExecutionData[]> {
	const state = settings.onlyChanged ? loadHashes.call(this, operation) : undefined;
	const report = await upload(state);
	// An unchanged run leaves the state as it was: not writing it spares n8n saving the workflow's static data (MBs).
	if (state !== undefined && !settings.dryRun && (report.batches > 0 || report.fullResend)) saveHashes.call(this, operation, state);
	return reportItems(report, operation, this.getInputData().length, pairing);
}

/**
 * Output: one summary item paired with every input item, then (dry run) one item per batch, then one item per
 * offer retailCRM did not find, paired with the items it came from.
 */
export function reportItems<E>(
	report: UploadReport<E> & { unresolvedOfferKeys: string[] },
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

/** What a mapping table is called in messages, and its parameter and column names. */
export interface MappingTableSpec {
	/** e.g. `warehouseMapping.mappings` */
	parameter: string;
	/** Shown in messages, e.g. "Warehouse Mapping". */
	title: string;
	fromField: string;
	toField: string;
	/** e.g. "1C warehouse" / "retailCRM store". */
	fromLabel: string;
	toLabel: string;
	emptyHint: string;
}

/**
 * Reads a 1C → retailCRM mapping table (fixedCollection rows) into a map keyed by the lower-cased 1C
 * reference or code. Incomplete rows, a 1C value mapped to two codes and an empty table are refused
 * before anything is uploaded.
 */
export function readMappingTable(this: IExecuteFunctions, spec: MappingTableSpec): Map<string, string> {
	const entries = (this.getNodeParameter(spec.parameter, 0, []) as Array<Record<string, unknown>>) ?? [];
	const mapping = new Map<string, string>();
	for (const [n, entry] of entries.entries()) {
		const from = String(entry[spec.fromField] ?? '').trim().toLowerCase();
		const to = String(entry[spec.toField] ?? '').trim();
		if (from === '' || to === '') {
			throw new NodeOperationError(
				this.getNode(),
				`${spec.title} row ${n + 1} is incomplete: give both the ${spec.fromLabel} and the ${spec.toLabel}`,
			);
		}
		const other = mapping.get(from);
		if (other !== undefined && other !== to) {
			throw new NodeOperationError(
				this.getNode(),
				`The ${spec.fromLabel} "${String(entry[spec.fromField])}" is mapped twice (to "${other}" and to "${to}")`,
			);
		}
		mapping.set(from, to);
	}
	if (mapping.size === 0) {
		throw new NodeOperationError(this.getNode(), `The ${spec.title} is empty`, { description: spec.emptyHint });
	}
	return mapping;
}
