import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { getBalances, type GetBalancesOptions } from '../../../core/sync/stock/get-balances';
import { refList } from '../../../core/sync/onec-read/ref-list';
import type { StockRegisterName } from '../../../core/sync/onec-read/warehouses';
import { outputOption, rowFieldsOption, rowsPerBatchOption } from '../../../shared/row-items';
import { rowReadPerItem } from '../row-read';
import { holdPricesAhead } from '../price/read-ahead';
import { foldersOption, itemLevelStockOption, nttRegisterOption, reportItemLevelStock, virtualTablePageSizeOption } from '../shared-options';
import { operationFields } from '../../../shared/operation-fields';
import { liveMultiSelect } from '../../../shared/live-options-field';
import { optionsCollection } from '../../../shared/options-collection';

/** The fields of Get Balances that Stock Upload's direct mode shows too (it reads 1C itself). */
export const warehousesField = liveMultiSelect({
	displayName: 'Warehouse Names or IDs',
	name: 'warehouses',
	required: true,
	loadOptionsMethod: 'getWarehouses',
	description: 'Warehouses to read. Wholesale ones are read from ТоварыНаСкладах, retail ones from ТоварыВРознице, НТТ ones from ТоварыВНТТ.',
});

export const freeStockField: INodeProperties = {
	displayName: 'Free Stock',
	name: 'freeStock',
	type: 'boolean',
	default: false,
	description:
		'Whether to subtract reserves (ТоварыВРезервеНаСкладах) and goods to be shipped (ТоварыКПередачеСоСкладов), as UT\'s own site export does. Both registers must be published in 1C\'s OData composition; negatives become 0.',
};

export const includeZeroStockField: INodeProperties = {
	displayName: 'Include Zero Stock',
	name: 'includeZeroStock',
	type: 'boolean',
	default: false,
	description:
		'Whether to return offers without stock with quantity 0 on every chosen warehouse, so that sold-out offers reach 0 in retailCRM. Reads the catalog (items and characteristics) in pages.',
};

export const balancePageSizeOption = virtualTablePageSizeOption({
	displayName: 'Balance Page Size',
	name: 'balancePageSize',
	request: 'Balance',
	paged: 'a large register',
	computed: 'the balance',
});

export const description = operationFields({ resource: 'stock', operation: 'getBalances' }, [
	warehousesField,
	freeStockField,
	includeZeroStockField,
	optionsCollection([
		balancePageSizeOption,
		foldersOption,
		nttRegisterOption,
		outputOption,
		rowFieldsOption,
		rowsPerBatchOption,
		itemLevelStockOption,
	]),
]);

/** Get Balances' settings of item `i` (fields and Options), as the direct mode of Stock Upload reads them too. */
export function readBalanceSettings(ctx: IExecuteFunctions, i: number, options: IDataObject): GetBalancesOptions {
	return {
		warehouseRefs: refList(ctx.getNodeParameter('warehouses', i), 'Warehouses'),
		freeStock: ctx.getNodeParameter('freeStock', i, false) as boolean,
		includeZeroStock: ctx.getNodeParameter('includeZeroStock', i, false) as boolean,
		folderRefs: refList(options.folders, 'Nomenclature Folders'),
		balancePageSize: options.balancePageSize === undefined ? undefined : Number(options.balancePageSize),
		registerByKind: options.nttRegister ? { НТТ: options.nttRegister as StockRegisterName } : undefined,
		itemLevelStock: options.itemLevelStock === 'drop' ? 'drop' : 'singleOffer',
	};
}

/**
 * One item per offer and warehouse, or batches of them in `rows` (Options → Output). Row fields (stable, read by the Stock Upload node): offerKey, itemRef, characteristicRef, itemCode, itemArticle, itemName,
 * warehouseRef, warehouseCode, warehouseName, warehouseKind, quantity (+ itemLevelQuantity: the part 1C holds without a characteristic);
 * with Options → Row Fields "Upload Fields Only": offerKey, warehouseRef, warehouseName, quantity (+ itemLevelQuantity).
 */
export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	const items = await rowReadPerItem(
		this,
		'balances',
		async (i, options, context) => await getBalances(client, { ...readBalanceSettings(this, i, options), ...context }),
		(result) => reportItemLevelStock(this, result.itemLevelStock, result.itemName),
	);
	// Get Prices of the same run, if it may, reads while the stock uploads (price/read-ahead.ts).
	holdPricesAhead(this, client);
	return items;
}
