import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { getItems, type GetItemsOptions, type GetItemsResult } from '../../../core/sync/catalog/get-items';
import type { UnitRead } from '../../../core/sync/onec-read/items';
import type { StockRegisterName } from '../../../core/sync/onec-read/warehouses';
import { appendAll } from '../../../core/common/append-all';
import { perItem } from '../../../shared/per-item';
import { outputOption, readOutputShape, rowItems, rowsPerBatchOption } from '../../../shared/row-items';
import { currencyOption, itemLevelStockOption, nttRegisterOption, offerNames, reportItemLevelStock, vatOption } from '../shared-options';
import { operationFields } from '../../../shared/operation-fields';
import { liveDropdown, liveMultiSelect } from '../../../shared/live-options-field';
import { optionsCollection } from '../../../shared/options-collection';

/** Shown with Join Stock and Prices on. */
const showJoin = { joinStockAndPrices: [true] };

/**
 * What to read from 1C and how: the fields of Get Items, also shown by the ICML Builder's "Build From 1C"
 * (which reads 1C itself), so both read the same catalog from the same settings.
 */
export const catalogReadFields: INodeProperties[] = [
	liveMultiSelect({
		displayName: 'Folder Names or IDs',
		name: 'folders',
		loadOptionsMethod: 'getNomenclatureFolderPaths',
		description: 'Item folders to read, with all their sub-folders. Leave empty for the whole catalog.',
	}),
	{
		displayName: 'Include Barcodes',
		name: 'includeBarcodes',
		type: 'boolean',
		default: false,
		description:
			'Whether to read barcodes (InformationRegister_Штрихкоды). The register has about one row per item: on a whole catalog this about doubles the requests; for a few items they are asked by item.',
	},
	{
		displayName: 'Join Stock and Prices',
		name: 'joinStockAndPrices',
		type: 'boolean',
		default: false,
		description: 'Whether to add quantity (total over the chosen warehouses), price and purchase price to each offer, so this node alone can feed the ICML Builder',
	},
	liveMultiSelect({
		displayName: 'Warehouse Names or IDs',
		name: 'warehouses',
		loadOptionsMethod: 'getWarehouses',
		displayOptions: { show: showJoin },
		description: 'Warehouses whose stock is summed into quantity. Leave empty for all warehouses.',
	}),
	liveDropdown({
		displayName: 'Sale Price Type Name or ID',
		name: 'salePriceType',
		loadOptionsMethod: 'getPriceTypes',
		displayOptions: { show: showJoin },
		description: 'Price type of the "price" field (ICML &lt;price&gt;); calculated types are computed as UT does.',
	}),
	liveDropdown({
		displayName: 'Purchase Price Type Name or ID',
		name: 'purchasePriceType',
		loadOptionsMethod: 'getPriceTypes',
		displayOptions: { show: showJoin },
		description: 'Price type of the "purchasePrice" field (ICML &lt;purchasePrice&gt;); leave empty for none.',
	}),
	{
		displayName: 'Skip Offers Without Price',
		name: 'dropUnpriced',
		type: 'boolean',
		default: false,
		displayOptions: { show: showJoin },
		description: 'Whether to leave out offers that have no price of the sale price type (ICML requires a price; sets priced from their parts have none in 1C)',
	},
];

/** The 1C options of Get Items (Options collection), without the output shape. */
export const catalogReadOptions: INodeProperties[] = [
	{ ...currencyOption, description: `With Join Stock and Prices: ${currencyOption.description}` },
	{
		...nttRegisterOption,
		description: 'With Join Stock and Prices: which balance register holds the goods of НТТ (non-automated retail point) warehouses in your base',
	},
	{ ...itemLevelStockOption, description: `With Join Stock and Prices: ${itemLevelStockOption.description}` },
	{
		displayName: 'Storage Unit Reading',
		name: 'unitRead',
		type: 'options',
		default: 'auto',
		options: [
			{ name: 'Automatic', value: 'auto', description: 'Together with the items; separately if 1C refuses $expand' },
			{ name: 'Together With the Items (Expand)', value: 'expand', description: 'No extra requests' },
			{ name: 'Separately by Key', value: 'separate', description: 'For publications that refuse $expand; up to as many requests again on a whole catalog' },
		],
		description: 'How the storage unit (ЕдиницаХраненияОстатков) of each item is read',
	},
	{ ...vatOption, description: `With Join Stock and Prices: ${vatOption.description}` },
];

export const description = operationFields({ resource: 'catalog', operation: 'getItems' }, [
	...catalogReadFields,
	// Listed by name, as n8n lists a collection's options.
	optionsCollection([...catalogReadOptions, outputOption, rowsPerBatchOption].sort((a, b) => a.displayName.localeCompare(b.displayName))),
]);

/**
 * One item per offer, or batches of them in `rows` (Options → Output). Offer fields (stable, read by the ICML Builder node): offerKey, productKey, ref,
 * characteristicRef, characteristicName, code, article, name, productName, fullName, folderRef, folders[{ref,name}],
 * categoryId, categoryName, unit{code,name,sym}, vatRate, isService, isSet, weight, barcodes[]; with the join also
 * quantity, price, purchasePrice and priceDetails / purchasePriceDetails (the type's own figure, rate, VAT added).
 */
export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	return await perItem(this, async (i, out) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const shape = readOutputShape(this, options);
		const result = await getItems(client, catalogReadOptionsOf(this, i, options));
		reportCatalogRead(this, result);
		appendAll(out, rowItems(result.offers as unknown as IDataObject[], shape, 'offers', { item: i }));
	});
}

/** Get Items' settings of item `i` as the core read takes them (`options`: the node's Options collection). */
export function catalogReadOptionsOf(ctx: IExecuteFunctions, i: number, options: IDataObject): GetItemsOptions {
	const join = ctx.getNodeParameter('joinStockAndPrices', i, false) as boolean;
	return {
		folderRefs: ctx.getNodeParameter('folders', i, []) as string[],
		includeBarcodes: ctx.getNodeParameter('includeBarcodes', i, false) as boolean,
		unitRead: (options.unitRead as UnitRead | undefined) ?? 'auto',
		join: join
			? {
					warehouseRefs: ctx.getNodeParameter('warehouses', i, []) as string[],
					salePriceTypeRef: (ctx.getNodeParameter('salePriceType', i, '') as string) || null,
					purchasePriceTypeRef: (ctx.getNodeParameter('purchasePriceType', i, '') as string) || null,
					registerByKind: options.nttRegister ? { НТТ: options.nttRegister as StockRegisterName } : undefined,
					dropUnpriced: ctx.getNodeParameter('dropUnpriced', i, false) as boolean,
					currencyRef: (options.currency as string | undefined) || null,
					vat: options.vat === 'asIs' ? 'asIs' : 'gross',
					itemLevelStock: options.itemLevelStock === 'drop' ? 'drop' : 'singleOffer',
				}
			: undefined,
	};
}

/** Logs prices that could not be computed, and reports item-level stock (hint + log). */
export function reportCatalogRead(ctx: IExecuteFunctions, result: GetItemsResult): void {
	for (const problem of result.problems) {
		ctx.logger.warn(`1C catalog: no ${problem.priceTypeName || problem.priceTypeRef} price${problem.offerKey ? ` for ${problem.offerKey}` : ''}: ${problem.reason}`);
	}
	reportItemLevelStock(ctx, result.itemLevelStock, offerNames(result.offers));
}
