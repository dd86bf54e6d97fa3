import type { INodeProperties } from 'n8n-workflow';
import { liveColumn } from './live-options-field';

type TableField = Pick<INodeProperties, 'displayName' | 'name' | 'placeholder' | 'description' | 'displayOptions'>;

/**
 * A mapping table: rows of "this 1C thing goes to that retailCRM thing" (warehouse → store, price type → price
 * type). Every row is a `mappings` entry with the two columns `from` and `to`, as the uploads and the reconciliation
 * read them (StockUpload/actions/upload-settings.ts readMappingTable, RetailCrm1cReconcile).
 */
function mappingTable(field: TableField, from: INodeProperties, to: INodeProperties): INodeProperties {
	return {
		type: 'fixedCollection',
		default: {},
		typeOptions: { multipleValues: true },
		...field,
		options: [{ displayName: 'Mapping', name: 'mappings', values: [from, to] }],
	};
}

/** What a node says of its warehouse or price type mapping: where it shows and what it is for. */
type TableUse = Pick<INodeProperties, 'description' | 'displayOptions'>;

/**
 * 1C warehouse → retailCRM store: Upload Stock's table (also in the direct mode) and the reconciliation's, which
 * reads the same mapping. `warehouse` is the 1C column (typed in, or listed where the node has 1C credentials).
 */
export function warehouseMappingTable(use: TableUse, warehouse: INodeProperties): INodeProperties {
	return mappingTable(
		{ displayName: 'Warehouse Mapping', name: 'warehouseMapping', placeholder: 'Add Warehouse', ...use },
		warehouse,
		liveColumn({ displayName: 'retailCRM Store Name or ID', name: 'store', loadOptionsMethod: 'getStores' }),
	);
}

/**
 * 1C price type → retailCRM price type: Upload Prices' table (also in the direct mode) and the reconciliation's.
 * `priceType` is the 1C column; the retailCRM one lists price types by the node's `crmPriceTypesMethod`.
 */
export function priceTypeMappingTable(use: TableUse, priceType: INodeProperties, crmPriceTypesMethod: string): INodeProperties {
	return mappingTable(
		{ displayName: 'Price Type Mapping', name: 'priceTypeMapping', placeholder: 'Add Price Type', ...use },
		priceType,
		liveColumn({ displayName: 'retailCRM Price Type Name or ID', name: 'crmPriceType', loadOptionsMethod: crmPriceTypesMethod }),
	);
}
