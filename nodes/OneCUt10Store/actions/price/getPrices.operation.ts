import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { getPrices, type GetPricesOptions, type PriceReadProblem } from '../../../core/sync/prices/get-prices';
import { priceSliceDate, wallClock } from '../../../core/sync/prices/price-date';
import { refList } from '../../../core/sync/onec-read/ref-list';
import { getPricesUnlessUnchanged, type UnchangedPricesJson } from '../../../core/sync/prices/unchanged-prices';
import { outputOption, readOutputShape, readRowFields, rowFieldsOption, rowItems, rowsPerBatchOption } from '../../../shared/row-items';
import { perItem } from '../../../shared/per-item';
import { n8nClock } from '../../../shared/transport';
import { publishedForThisNode } from '../../../shared/unchanged-prices-state';
import { rowReadPerItem } from '../row-read';
import { currencyOption, foldersOption, shareOf, vatOption, virtualTablePageSizeOption } from '../shared-options';
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

export const skipUnchangedOption: INodeProperties = {
	displayName: 'Skip Unchanged Prices',
	name: 'skipUnchanged',
	type: 'boolean',
	default: false,
	description:
		'Whether to output one item saying the prices are unchanged instead of the rows, when 1C answers every request the prices of the last upload came from as it did then. Only with Stock Upload → Upload Prices (Only Changed on) straight after this node and nothing else after it, after an upload retailCRM took whole and before its next full resend; manual runs always read. Saves reading and pricing every price row of a large catalog on each unchanged run.',
};

export const description = operationFields({ resource: 'price', operation: 'getPrices' }, [
	priceTypesField(),
	dateField,
	optionsCollection([currencyOption, foldersOption, outputOption, rowFieldsOption, rowsPerBatchOption, skipUnchangedOption, slicePageSizeOption, vatOption]),
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
	const single = this.getInputData().length === 1;
	if (single && (this.getNodeParameter('options', 0, {}) as IDataObject).skipUnchanged === true) return await readUnlessUnchanged.call(this, client);
	return await rowReadPerItem(
		this,
		'prices',
		async (i, options, context) => await getPrices(client, { ...readPriceSettings(this, i, options), ...context }),
		(result) => reportPriceRead(this, result),
	);
}

/**
 * Skip Unchanged Prices (one input item): the read with its inputs noted (core/sync/prices/unchanged-prices.ts). The
 * first output item carries the record of those inputs (`priceInputs`) for Upload Prices to keep; when they are the
 * ones of the record Upload Prices published, the one output item says so (`pricesUnchanged`) and no row is read.
 */
async function readUnlessUnchanged(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	const source = this.getNode().name;
	return await perItem(this, async (i, out) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const shape = readOutputShape(this, options);
		const settings = { ...readPriceSettings(this, i, options), share: shareOf(this, 'prices'), rowFields: readRowFields(options) };
		const result = await getPricesUnlessUnchanged(client, { ...settings, period: settings.period as string }, publishedForThisNode(this, n8nClock.now()));
		if (result.unchanged) {
			const { summary } = result;
			this.logger.info(`1C prices: unchanged since the last upload retailCRM took whole (${summary.rows} rows then), not read`);
			const json: UnchangedPricesJson = {
				pricesUnchanged: { key: result.key, source, rows: summary.rows, currencies: summary.currencies, problems: summary.problems.length },
			};
			out.push({ json: json as unknown as IDataObject, pairedItem: { item: i } });
			return;
		}
		reportPriceRead(this, result.read);
		const items = rowItems(result.read.items as unknown as IDataObject[], shape, 'prices', { item: i });
		if (result.record !== undefined && items.length > 0) items[0] = { ...items[0], json: { ...items[0].json, priceInputs: { ...result.record, source } as unknown as IDataObject } };
		for (const item of items) out.push(item);
	});
}
