import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { jsonPathOf, readPath } from './field-expression';
import type { FieldReader } from './field-reader';
import type { RowFields } from '../core/sync/row-fields';

/**
 * Rows between the bulk nodes, in one of two shapes. **One item per row**: what n8n users expect, good for a few
 * thousand rows and for looking at. **Batches**: one item carries a page of rows in `rows` (and says what they are in
 * `batchOf`), so 300,000 offers are a few hundred n8n items instead of a million: n8n keeps every node's output of a run
 * in memory and copies, pairs and, when a run is saved, serialises each item. Both shapes carry the same row objects;
 * the 1C node's Output option chooses, and Stock Upload and ICML Builder read either.
 */

/** What a batch's rows are: the 1C operation that made them. */
export type BatchOf = 'balances' | 'prices' | 'offers';

/** The `json` of a batch item. */
export interface RowBatchJson extends IDataObject {
	batchOf: BatchOf;
	/** 0-based number of the batch in its output. */
	batch: number;
	rows: IDataObject[];
}

export const DEFAULT_ROWS_PER_BATCH = 1000;
export const MAX_ROWS_PER_BATCH = 10_000;

/** The 1C node's Output option (Get Balances, Get Prices, Get Items). */
export const outputOption: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'rows',
	options: [
		{ name: 'One Item per Row', value: 'rows', description: 'Easy to look at and to map; for small catalogs' },
		{
			name: 'Batches of Rows',
			value: 'batches',
			description: 'Each item carries up to "Rows per Batch" rows in its "rows" field: for large catalogs (Stock Upload and ICML Builder read them)',
		},
	],
	description: 'How the rows come out. Batches keep a run of 300,000 offers to a few hundred items, which n8n holds and saves far more cheaply.',
};

export const rowsPerBatchOption: INodeProperties = {
	displayName: 'Rows per Batch',
	name: 'rowsPerBatch',
	type: 'number',
	default: DEFAULT_ROWS_PER_BATCH,
	typeOptions: { minValue: 1, maxValue: MAX_ROWS_PER_BATCH },
	displayOptions: { show: { output: ['batches'] } },
	description: `With Output "Batches of Rows": rows per item, at most ${MAX_ROWS_PER_BATCH}`,
};

/** Get Balances' and Get Prices' Row Fields option (core/sync/row-fields.ts). */
export const rowFieldsOption: INodeProperties = {
	displayName: 'Row Fields',
	name: 'rowFields',
	type: 'options',
	default: 'all',
	options: [
		{ name: 'All Fields', value: 'all', description: 'Codes, names and every other column: to look at and to map' },
		{
			name: 'Upload Fields Only',
			value: 'upload',
			description: 'Only what Stock Upload reads (offer key, warehouse or price type and its name, quantity or price): for large catalogs',
		},
	],
	description: 'Which fields each row carries. n8n holds every row until the run ends: narrow rows take a fraction of the memory of a large catalog and upload the same.',
};

/** The Row Fields option as core/sync/row-fields.ts names it. */
export function readRowFields(options: IDataObject): RowFields {
	return options.rowFields === 'upload' ? 'upload' : 'all';
}

export interface OutputShape {
	batches: boolean;
	rowsPerBatch: number;
}

/** The Output option of input item `i` (read from the node's Options collection). */
export function readOutputShape(ctx: IExecuteFunctions, options: IDataObject): OutputShape {
	const batches = options.output === 'batches';
	const size = Number(options.rowsPerBatch ?? DEFAULT_ROWS_PER_BATCH);
	if (batches && (!Number.isInteger(size) || size < 1 || size > MAX_ROWS_PER_BATCH)) {
		throw new NodeOperationError(ctx.getNode(), `Rows per Batch must be a whole number from 1 to ${MAX_ROWS_PER_BATCH}, got ${String(options.rowsPerBatch)}`);
	}
	return { batches, rowsPerBatch: size };
}

/** Output items for `rows`, one per row or in batches, each paired with `pairedItem`. */
export function rowItems(rows: readonly IDataObject[], shape: OutputShape, batchOf: BatchOf, pairedItem: IPairedItemData): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	if (!shape.batches) {
		for (const json of rows) out.push({ json, pairedItem });
		return out;
	}
	for (let start = 0, batch = 0; start < rows.length; start += shape.rowsPerBatch, batch++) {
		const json: RowBatchJson = { batchOf, batch, rows: rows.slice(start, start + shape.rowsPerBatch) };
		out.push({ json, pairedItem });
	}
	return out;
}

/** Whether an item's json is a batch of rows. */
export function isRowBatch(json: IDataObject): json is RowBatchJson {
	return typeof json.batchOf === 'string' && Array.isArray(json.rows);
}

/**
 * The rows of the input, whichever shape it came in: row `r` is `json(r)`, from input item `item(r)`. Items of
 * either shape may be mixed (e.g. two 1C nodes merged).
 */
export interface RowSource {
	count: number;
	/** Whether any input item was a batch. */
	batched: boolean;
	json(r: number): IDataObject;
	/** The input item row `r` came from. */
	item(r: number): number;
	/** "Item 3" or "Item 3, row 41", for messages. */
	where(r: number): string;
}

export function rowSource(items: readonly INodeExecutionData[]): RowSource {
	let batched = false;
	for (const item of items) {
		if (isRowBatch(item.json)) {
			batched = true;
			break;
		}
	}
	if (!batched) {
		return { count: items.length, batched, json: (r) => items[r].json, item: (r) => r, where: (r) => `Item ${r}` };
	}
	let count = 0;
	for (const item of items) count += isRowBatch(item.json) ? item.json.rows.length : 1;
	const rows: IDataObject[] = new Array(count);
	const itemOf = new Int32Array(count);
	const rowInItem = new Int32Array(count);
	let r = 0;
	items.forEach((item, i) => {
		if (isRowBatch(item.json)) {
			const list = item.json.rows;
			for (let k = 0; k < list.length; k++, r++) {
				rows[r] = list[k];
				itemOf[r] = i;
				rowInItem[r] = k;
			}
		} else {
			rows[r] = item.json;
			itemOf[r] = i;
			rowInItem[r] = -1;
			r++;
		}
	});
	return {
		count,
		batched,
		json: (r) => rows[r],
		item: (r) => itemOf[r],
		where: (r) => (rowInItem[r] < 0 ? `Item ${itemOf[r]}` : `Item ${itemOf[r]}, row ${rowInItem[r]}`),
	};
}

/**
 * A reader of parameter `path` for each row of `source`: a fixed value is read once, `={{ $json.x }}` straight from the
 * row, any other expression by n8n per item — which batches cannot give per row, so with batched input such a mapping
 * is refused naming the field.
 */
export function rowFieldReader(ctx: IExecuteFunctions, source: RowSource, path: string, label: string, fallback: unknown = ''): FieldReader {
	if (source.count === 0) return () => undefined;
	const raw = ctx.getNodeParameter(path, 0, fallback, { rawExpressions: true });
	if (typeof raw !== 'string' || !raw.startsWith('=')) return () => raw;
	const jsonPath = jsonPathOf(raw);
	if (jsonPath !== undefined) return (r) => readPath(source.json(r), jsonPath);
	if (source.batched) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" is an expression that batches of rows cannot give per row: ${raw.slice(1)}`, {
			description:
				'With batched input only mappings that read a field of the row ({{ $json.field }}) are applied to each row. Set the 1C node\'s Options → Output to "One Item per Row", or map a plain field.',
		});
	}
	return (r) => ctx.getNodeParameter(path, source.item(r), fallback);
}
