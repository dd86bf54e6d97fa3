import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { appendAll } from '../../../core/common/append-all';
import type { PriceReadProblem } from '../../../core/sync/prices/get-prices';
import type { AheadRead } from '../../../core/sync/onec-read/read-ahead';
import type { UnchangedPricesJson } from '../../../core/sync/prices/unchanged-prices';
import { outputOption, readOutputShape, rowFieldsOption, rowItems, rowsPerBatchOption } from '../../../shared/row-items';
import { perItem } from '../../../shared/per-item';
import { n8nClock } from '../../../shared/transport';
import { publishedForThisNode } from '../../../shared/unchanged-prices-state';
import { currencyOption, foldersOption, shareOf, vatOption, virtualTablePageSizeOption } from '../shared-options';
import { operationFields } from '../../../shared/operation-fields';
import { liveMultiSelect } from '../../../shared/live-options-field';
import { optionsCollection } from '../../../shared/options-collection';
import { priceReadPlan, readPrices, readPriceSettings, type PriceRead, type PriceReadPlan } from './price-read';
import { takePricesAhead } from './read-ahead';

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

export const readAheadOption: INodeProperties = {
	displayName: 'Read Ahead',
	name: 'readAhead',
	type: 'boolean',
	default: true,
	description:
		'Whether 1C: Get Balances fed by the same trigger may set this read up when it ends, for Upload Stock to start once its batches are planned, so that it runs while the stock uploads instead of after. Only outside manual runs, when this node\'s fields hold no expressions and it uses the same 1C credential; the prices are then as 1C had them when the stock upload began.',
};

export const description = operationFields({ resource: 'price', operation: 'getPrices' }, [
	priceTypesField(),
	dateField,
	optionsCollection([currencyOption, foldersOption, outputOption, readAheadOption, rowFieldsOption, rowsPerBatchOption, skipUnchangedOption, slicePageSizeOption, vatOption]),
]);

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
 * Skip Unchanged Prices (one input item): the read with its inputs noted (core/sync/prices/unchanged-prices.ts). The
 * first output item carries the record of those inputs (`priceInputs`) for Upload Prices to keep; when they are the
 * ones of the record Upload Prices published, the one output item says so (`pricesUnchanged`) and no row is read.
 * Read Ahead (one input item): the read Get Balances of the run held for this node, when it did, as Upload Stock
 * started it (or started now) (read-ahead.ts).
 */
export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	const single = this.getInputData().length === 1;
	const source = this.getNode().name;
	const ahead = single ? takePricesAhead(this, client) : undefined;
	return await perItem(this, async (i, out) => {
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const shape = readOutputShape(this, options);
		const result = (await takenAhead(this, ahead)) ?? (await readPrices(client, planOf(this, i, options, single)));
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
		appendAll(out, items);
	});
}

function planOf(ctx: IExecuteFunctions, i: number, options: IDataObject, single: boolean): PriceReadPlan {
	return priceReadPlan(readPriceSettings(ctx, i, options), options, shareOf(ctx, 'prices'), () => publishedForThisNode(ctx, n8nClock.now()), single);
}

/** The outcome of the read started ahead, once; a read ahead that failed is logged and read again by the node. */
async function takenAhead(ctx: IExecuteFunctions, ahead: AheadRead<PriceRead> | undefined): Promise<PriceRead | undefined> {
	if (ahead === undefined) return undefined;
	const outcome = await ahead.outcome;
	if ('error' in outcome) {
		ctx.logger.warn(`1C prices: the read started ahead failed (${(outcome.error as Error)?.message ?? String(outcome.error)}), reading again`);
		return undefined;
	}
	ctx.logger.info(`1C prices: read ahead, started ${Math.round((n8nClock.now() - ahead.startedAt) / 1000)} s ago`);
	return outcome.value;
}
