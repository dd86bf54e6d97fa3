import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RetailCrmClient } from '../../core/retailcrm/client';
import type { InventoryInputRow } from '../../core/sync/stock/inventory-batches';
import { uploadStock } from '../../core/sync/stock/stock-upload';
import { runAhead } from '../../OneCUt10Store/actions/price/read-ahead';
import { itemValue, readMappedRef, readNumber } from './row-reading';
import { oneCGuidOrCodeColumn, skipUnmappedOption, uploadOptions } from './upload-fields';
import { uploadRows } from './upload-rows';
import { readMappingTable, readUploadSetup } from './upload-settings';
import { operationFields } from '../../shared/operation-fields';
import { liveDropdown } from '../../shared/live-options-field';
import { warehouseMappingTable } from '../../shared/mapping-table';

const OPERATION = 'uploadStock';
/** The warehouse key of every row in "One Store" mode. */
export const ALL_WAREHOUSES = '*';

/** The store fields Stock Upload's direct mode shows too. */
export const storeModeField: INodeProperties = {
	displayName: 'Store Selection',
	name: 'storeMode',
	type: 'options',
	default: 'mapping',
	options: [
		{ name: 'Map 1C Warehouses to Stores', value: 'mapping', description: 'Each 1C warehouse goes to the retailCRM store you choose' },
		{ name: 'One Store', value: 'single', description: 'Every row goes to one retailCRM store' },
	],
};

export const storeCodeField = liveDropdown({
	displayName: 'Store Name or ID',
	name: 'storeCode',
	required: true,
	displayOptions: { show: { storeMode: ['single'] } },
	loadOptionsMethod: 'getStores',
	description: 'The retailCRM store (warehouse) to write the stock to.',
});

export const warehouseMappingField = warehouseMappingTable(
	{
		displayOptions: { show: { storeMode: ['mapping'] } },
		description: 'Which retailCRM store each 1C warehouse goes to. Several warehouses may share a store: their stock is added up.',
	},
	oneCGuidOrCodeColumn({ displayName: '1C Warehouse (GUID or Code)', name: 'warehouse', placeholder: 'e.g. 5eed0004-0000-4000-8000-000000000001' }),
);

export const skipUnmappedWarehousesOption = skipUnmappedOption({ displayName: 'Skip Unmapped Warehouses', name: 'skipUnmappedWarehouses', rowsOf: 'warehouses' });

export const description = operationFields({ operation: OPERATION }, [
	storeModeField,
	storeCodeField,
	{
		displayName: '1C Warehouse',
		name: 'warehouse',
		type: 'string',
		default: '={{ $json.warehouseRef }}',
		displayOptions: { show: { storeMode: ['mapping'] } },
		description: 'The 1C warehouse of this row, as the mapping below names it: its GUID (default) or its code',
	},
	warehouseMappingField,
	{
		displayName: 'Available',
		name: 'quantity',
		type: 'string',
		default: '={{ $json.quantity }}',
		description: 'The stock of this row. Negative values are sent as 0; stores that keep availability only get 0 or 1.',
	},
	{
		displayName: 'Purchase Price',
		name: 'purchasePrice',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.purchasePrice }}',
		description: 'Optional purchase price per store; leave empty to keep what retailCRM has',
	},
	uploadOptions(skipUnmappedWarehousesOption),
]);

/** The 1C warehouse → retailCRM store table; in "One Store" mode it holds ALL_WAREHOUSES only. */
export function readStoreMapping(this: IExecuteFunctions): Map<string, string> {
	const mode = this.getNodeParameter('storeMode', 0, 'mapping') as string;
	const mapping = new Map<string, string>();
	if (mode === 'single') {
		const code = String(this.getNodeParameter('storeCode', 0, '') ?? '').trim();
		if (code === '') throw new NodeOperationError(this.getNode(), 'Choose the retailCRM store to upload to ("Store")');
		mapping.set(ALL_WAREHOUSES, code);
		return mapping;
	}
	return readMappingTable.call(this, {
		parameter: 'warehouseMapping.mappings',
		title: 'Warehouse Mapping',
		fromField: 'warehouse',
		toField: 'store',
		fromLabel: '1C warehouse',
		toLabel: 'retailCRM store',
		emptyHint: 'Add one row per 1C warehouse, or choose "One Store".',
	});
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	const { settings, mappedRef } = readUploadSetup.call(this, readStoreMapping, {
		label: '1C warehouse',
		nameField: 'warehouseName',
		skipOption: 'skipUnmappedWarehouses',
	});
	const single = mappedRef.mapping.has(ALL_WAREHOUSES);
	return await uploadRows<InventoryInputRow>(this, {
		operation: OPERATION,
		settings,
		rowReader: (source) => {
			const warehouseOf = single ? undefined : itemValue.call(this, 'warehouse', '1C Warehouse', source);
			const quantityOf = itemValue.call(this, 'quantity', 'Available', source);
			const purchasePriceOf = itemValue.call(this, 'purchasePrice', 'Purchase Price', source);
			return (r, offerKey) => {
				const warehouseRef = warehouseOf === undefined ? ALL_WAREHOUSES : readMappedRef.call(this, warehouseOf, source, r, mappedRef);
				if (warehouseRef === undefined) return undefined;
				const quantity = readNumber.call(this, quantityOf, 'Available', source, r, false) as number;
				const purchasePrice = readNumber.call(this, purchasePriceOf, 'Purchase Price', source, r, true);
				return purchasePrice === undefined ? { offerKey, warehouseRef, quantity } : { offerKey, warehouseRef, quantity, purchasePrice };
			};
		},
		// Planned: Get Prices' read held for this run (four-node template, Read Ahead) starts while the batches go out.
		upload: async (rows, input) =>
			await uploadStock(client, { rows, storeCodeByWarehouse: mappedRef.mapping, warehouseNames: mappedRef.names, ...input }, () => runAhead(this)),
	});
}
