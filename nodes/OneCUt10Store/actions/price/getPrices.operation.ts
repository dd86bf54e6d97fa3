import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { getPrices, type GetPricesOptions, type PriceReadProblem } from '../../../core/sync/prices/get-prices';
import { priceSliceDate, wallClock } from '../../../core/sync/prices/price-date';
import { refList } from '../../../core/sync/onec-read/ref-list';
import { outputOption, rowFieldsOption, rowsPerBatchOption } from '../../../shared/row-items';
import { rowReadPerItem } from '../row-read';
import { currencyOption, foldersOption, vatOption, virtualTablePageSizeOption } from '../shared-options';
import { operationFields } from '../../../shared/operation-fields';
import { liveMultiSelect } from '../../../shared/live-options-field';
import { optionsCollection } from '../../../shared/options-collection';

/** The fields of Get Prices that Stock Upload's direct mode shows too; `loadOptionsMethod` names the 1C price type list there. */
export function priceTypesField(loadOptionsMethod = 'getPriceTypes'): INodeProperties {
	return liveMultiSelect({
		displayName: 'Price Type Names or IDs',
		name: 'priceTypes',
		required: true,
		loadOptionsMethod,
		description: 'Price types to read. Calculated types are computed from their base type with markup and rounding, as UT does.',
	});
}

export const dateField: INodeProperties = {
	displayName: 'Date',
	name: 'date',
	type: 'dateTime',
	default: '',
	description:
		'Prices valid at this date and time, as the 1C server\'s clock reads. Empty: now in the workflow\'s time zone (set it to the time zone 1C runs in). A date without a time means the end of that day.',
};

export const slicePageSizeOption = virtualTablePageSizeOption({
	displayName: 'Slice Page Size',
	name: 'slicePageSize',
	request: 'SliceLast',
	paged: 'the prices of a large catalog',
	computed: 'the slice',
});

export const description = operationFields({ resource: 'price', operation: 'getPrices' }, [
	priceTypesField(),
	dateField,
	optionsCollection([currencyOption, foldersOption, outputOption, rowFieldsOption, rowsPerBatchOption, slicePageSizeOption, vatOption]),
]);

/** The price slice date of item `i`'s Date field: as set, or now on the workflow's wall clock. */
function readPriceDate(ctx: IExecuteFunctions, i: number): string {
	const date = ctx.getNodeParameter('date', i, '') as string;
	return priceSliceDate(date) ?? wallClock(new Date(), ctx.getTimezone());
}

/** Get Prices' settings of item `i` (fields and Options), as the direct mode of Stock Upload reads them too. */
export function readPriceSettings(ctx: IExecuteFunctions, i: number, options: IDataObject): GetPricesOptions {
	return {
		priceTypeRefs: refList(ctx.getNodeParameter('priceTypes', i), 'Price Types'),
		period: readPriceDate(ctx, i),
		folderRefs: refList(options.folders, 'Nomenclature Folders'),
		slicePageSize: options.slicePageSize === undefined ? undefined : Number(options.slicePageSize),
		currencyRef: (options.currency as string | undefined) || null,
		vat: options.vat === 'asIs' ? 'asIs' : 'gross',
	};
}

/** Prices that could not be computed, and prices in several currencies: logged and shown as execution hints. */
export function reportPriceRead(ctx: IExecuteFunctions, result: { problems: readonly PriceReadProblem[]; currencies: readonly string[] }): void {
	for (const problem of result.problems.slice(0, 20)) {
		ctx.logger.warn(`1C prices: no ${problem.priceTypeName} price for ${problem.offerKey ?? 'any offer'}: ${problem.reason}`);
	}
	if (result.problems.length > 20) ctx.logger.warn(`1C prices: ${result.problems.length - 20} more offers without a price`);
	if (result.problems.length > 0 && typeof ctx.addExecutionHints === 'function') {
		const first = result.problems[0];
		ctx.addExecutionHints({
			type: 'warning',
			location: 'outputPane',
			message: `${result.problems.length} price(s) could not be computed and were left out, e.g. ${first.priceTypeName}${first.offerKey ? ` for ${first.offerKey}` : ''}: ${first.reason}. See the n8n log for more.`,
		});
	}
	const currencies = result.currencies;
	if (currencies.length > 1 && typeof ctx.addExecutionHints === 'function') {
		ctx.addExecutionHints({
			type: 'warning',
			location: 'outputPane',
			message: `The prices are in ${currencies.length} currencies (${currencies.join(', ')}): retailCRM takes the numbers as they are. Set Options → Currency to convert them at the 1C rate.`,
		});
	}
}

/**
 * One item per offer and price type, or batches of them in `rows` (Options → Output). Row fields (stable, read by the Stock Upload node): offerKey, itemRef, characteristicRef, itemCode, itemArticle,
 * itemName, priceTypeRef, priceTypeCode, priceTypeName, price, currencyRef, currencyCode, currencyName; and how the price
 * was made: typePrice, typeCurrencyCode, exchangeRate, priceIncludesVat, vatAdded. With Options → Row Fields "Upload Fields
 * Only": offerKey, priceTypeRef, priceTypeName, price.
 * Offers that got no price (e.g. a unit without coefficient) are not output: they are shown as an execution hint
 * and written to the n8n log, so the items stay uniform for the upload node.
 */
export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	return await rowReadPerItem(
		this,
		'prices',
		async (i, options, context) => await getPrices(client, { ...readPriceSettings(this, i, options), ...context }),
		(result) => reportPriceRead(this, result),
	);
}
