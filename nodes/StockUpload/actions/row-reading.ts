import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { OfferIdentifierKind } from '../../core/sync/crm-upload/offer-identifier';
import { rowFieldReader, type RowSource } from '../../shared/row-items';
import { toNodeError } from '../../shared/errors';

/** Reading the upload operations' per-row fields, checked, with errors that name the row and the field. */

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

/** How a row's mapped key (1C warehouse, 1C price type) is read: `names` collects the 1C names the rows carry. */
export interface MappedRefSpec {
	label: string;
	nameField: string;
	mapping: Map<string, string>;
	skipUnmapped: boolean;
	names: Map<string, string>;
}

/** The mapped key of row `r`, lower-cased; undefined when the row is unmapped and such rows are skipped. */
export function readMappedRef(this: IExecuteFunctions, read: ItemValue, source: RowSource, r: number, spec: MappedRefSpec): string | undefined {
	const raw = read(r);
	const ref = raw === null || raw === undefined ? '' : String(raw).trim().toLowerCase();
	if (ref === '') throw new NodeOperationError(this.getNode(), `${source.where(r)}: the ${spec.label} is empty`, { itemIndex: source.item(r) });
	if (spec.skipUnmapped && !spec.mapping.has(ref)) return undefined;
	const name = source.json(r)[spec.nameField];
	if (typeof name === 'string' && name !== '' && !spec.names.has(ref)) spec.names.set(ref, name);
	return ref;
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
