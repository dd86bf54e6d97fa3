import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { jsonPathOf, readPath } from './field-expression';

/** Reads one mapped parameter for item `i`. */
export type FieldReader = (i: number) => unknown;

/**
 * A reader for parameter `path` (dotted, e.g. `additionalFields.vendor`). Looked at once: a fixed
 * value is read once, `={{ $json.x }}` straight from the item, anything else through n8n's
 * expression engine per item (same values, see core/icml/field-expression.ts for why).
 */
export function fieldReader(ctx: IExecuteFunctions, items: INodeExecutionData[], path: string, fallback: unknown = ''): FieldReader {
	if (items.length === 0) return () => undefined;
	const raw = ctx.getNodeParameter(path, 0, fallback, { rawExpressions: true });
	if (typeof raw !== 'string' || !raw.startsWith('=')) return () => raw;
	const jsonPath = jsonPathOf(raw);
	if (jsonPath !== undefined) return (i) => readPath(items[i].json, jsonPath);
	return (i) => ctx.getNodeParameter(path, i, fallback);
}
