import type { INodeProperties } from 'n8n-workflow';

type TableField = Pick<INodeProperties, 'displayName' | 'name' | 'placeholder' | 'description' | 'displayOptions'>;

/**
 * A mapping table: rows of "this 1C thing goes to that retailCRM thing" (warehouse → store, price type → price
 * type). Every row is a `mappings` entry with the two columns `from` and `to`, as the uploads and the reconciliation
 * read them (StockUpload/actions/upload-settings.ts readMappingTable, RetailCrm1cReconcile).
 */
export function mappingTable(field: TableField, from: INodeProperties, to: INodeProperties): INodeProperties {
	return {
		type: 'fixedCollection',
		default: {},
		typeOptions: { multipleValues: true },
		...field,
		options: [{ displayName: 'Mapping', name: 'mappings', values: [from, to] }],
	};
}
