import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { MAX_UPLOAD_BATCH_SIZE } from '../../core/sync/crm-upload/upload-batches';
import type { OfferIdentifierKind } from '../../core/sync/crm-upload/offer-identifier';
import type { MappedRefSpec } from './row-reading';

/** The node-wide settings of an upload (read at item 0: all rows are one upload) and its mapping table. */

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

/** How an upload's rows name their mapped key: the label in messages, the row field with the 1C name, the skip option. */
export interface MappedRefRead {
	label: string;
	nameField: string;
	skipOption: string;
}

/** What both uploads read before the rows, in this order: Options, the node-wide settings, the mapping table. */
export function readUploadSetup(
	this: IExecuteFunctions,
	readMapping: (this: IExecuteFunctions) => Map<string, string>,
	ref: MappedRefRead,
): { settings: UploadSettings; mappedRef: MappedRefSpec } {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const settings = readUploadSettings.call(this, options);
	const mapping = readMapping.call(this);
	const skipUnmapped = options[ref.skipOption] === true;
	return { settings, mappedRef: { label: ref.label, nameField: ref.nameField, mapping, skipUnmapped, names: new Map<string, string>() } };
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
	/**
	 * Refuse two rows with one retailCRM code (price types: one code holds one price, so which 1C type won would
	 * depend on the rows' order). Off for warehouses: several 1C warehouses may share a store, their stock is summed.
	 */
	uniqueTo?: boolean;
}

/**
 * Reads a 1C → retailCRM mapping table (fixedCollection rows) into a map keyed by the lower-cased 1C
 * reference or code. Incomplete rows, a 1C value mapped to two codes, one code mapped from two 1C values (with
 * `uniqueTo`) and an empty table are refused before anything is uploaded.
 */
export function readMappingTable(this: IExecuteFunctions, spec: MappingTableSpec): Map<string, string> {
	const entries = (this.getNodeParameter(spec.parameter, 0, []) as Array<Record<string, unknown>>) ?? [];
	const mapping = new Map<string, string>();
	const fromOf = new Map<string, string>();
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
		const firstFrom = fromOf.get(to);
		if (spec.uniqueTo === true && firstFrom !== undefined && firstFrom.toLowerCase() !== from) {
			throw new NodeOperationError(
				this.getNode(),
				`The ${spec.toLabel} "${to}" is mapped from two ${spec.fromLabel}s ("${firstFrom}" and "${String(entry[spec.fromField]).trim()}")`,
				{ description: `Each ${spec.toLabel} can take one ${spec.fromLabel}: remove one of the two rows of the ${spec.title}.` },
			);
		}
		if (firstFrom === undefined) fromOf.set(to, String(entry[spec.fromField]).trim());
		mapping.set(from, to);
	}
	if (mapping.size === 0) {
		throw new NodeOperationError(this.getNode(), `The ${spec.title} is empty`, { description: spec.emptyHint });
	}
	return mapping;
}
