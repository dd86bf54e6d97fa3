/** The node descriptions as the editor sees them: every property with its displayOptions, object keys sorted. */
import type { INodeTypeDescription } from 'n8n-workflow';
import { IcmlBuilder } from '../../../nodes/IcmlBuilder/IcmlBuilder.node';
import { IcmlCatalogGate } from '../../../nodes/IcmlCatalogGate/IcmlCatalogGate.node';
import { OneCUt10Store } from '../../../nodes/OneCUt10Store/OneCUt10Store.node';
import { RetailCrm1cReconcile } from '../../../nodes/RetailCrm1cReconcile/RetailCrm1cReconcile.node';
import { RetailCrmOrders } from '../../../nodes/RetailCrmOrders/RetailCrmOrders.node';
import { StockUpload } from '../../../nodes/StockUpload/StockUpload.node';

/** Key order means nothing to n8n (displayOptions.show is a map); array order does (fields, options). */
function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
	}
	return value;
}

/** The six node descriptions as plain data (what JSON carries to the editor), in the nodes' own key order. */
export function nodeDescriptions(): INodeTypeDescription[] {
	const nodes: Array<{ description: INodeTypeDescription }> = [
		new IcmlBuilder(),
		new IcmlCatalogGate(),
		new OneCUt10Store(),
		new RetailCrm1cReconcile(),
		new RetailCrmOrders(),
		new StockUpload(),
	];
	return nodes.map((node) => JSON.parse(JSON.stringify(node.description)) as INodeTypeDescription);
}

export function normalizedDescriptions(): Record<string, unknown> {
	return Object.fromEntries(nodeDescriptions().map((description) => [description.name, sortKeys(description)]));
}
