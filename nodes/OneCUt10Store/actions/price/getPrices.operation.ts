import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { getPrices } from '../../../core/sync/price-read/get-prices';
import { priceSliceDate, wallClock } from '../../../core/sync/price-read/price-date';
import { refList } from '../../../core/sync/stock-read/ref-list';
import { toNodeError } from '../../../shared/errors';
import { currencyOption, foldersOption, vatOption } from '../shared-options';

const show = { resource: ['price'], operation: ['getPrices'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Price Type Names or IDs',
		name: 'priceTypes',
		type: 'multiOptions',
		required: true,
		default: [],
		typeOptions: { loadOptionsMethod: 'getPriceTypes' },
		displayOptions: { show },
		description:
			'Price types to read. Calculated types are computed from their base type with markup and rounding, as UT does. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'dateTime',
		default: '',
		displayOptions: { show },
		description:
			'Prices valid at this date and time, as the 1C server\'s clock reads. Empty: now in the workflow\'s time zone (set it to the time zone 1C runs in). A date without a time means the end of that day.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			currencyOption,
			foldersOption,
			{
				displayName: 'Slice Page Size',
				name: 'slicePageSize',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description:
					'Rows per SliceLast request. 0 reads the prices in one request (1C computes the slice once). Set e.g. 10000 when one answer is too large for the request timeout; needs $skip support on virtual tables.',
			},
			vatOption,
		],
	},
];

/**
 * Output fields (stable, read by the Stock Upload node): offerKey, itemRef, characteristicRef, itemCode, itemArticle,
 * itemName, priceTypeRef, priceTypeCode, priceTypeName, price, currencyRef, currencyCode, currencyName; and how the price
 * was made: typePrice, typeCurrencyCode, exchangeRate, priceIncludesVat, vatAdded.
 * Offers that got no price (e.g. a unit without coefficient) are not output: they are shown as an execution hint
 * and written to the n8n log, so the items stay uniform for the upload node.
 */
export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const date = this.getNodeParameter('date', i, '') as string;
			const result = await getPrices(client, {
				priceTypeRefs: refList(this.getNodeParameter('priceTypes', i), 'Price Types'),
				period: priceSliceDate(date) ?? wallClock(new Date(), this.getTimezone()),
				folderRefs: refList(options.folders, 'Nomenclature Folders'),
				slicePageSize: Number(options.slicePageSize ?? 0) || undefined,
				currencyRef: (options.currency as string | undefined) || null,
				vat: options.vat === 'asIs' ? 'asIs' : 'gross',
			});
			for (const problem of result.problems.slice(0, 20)) {
				this.logger.warn(`1C prices: no ${problem.priceTypeName} price for ${problem.offerKey ?? 'any offer'}: ${problem.reason}`);
			}
			if (result.problems.length > 20) this.logger.warn(`1C prices: ${result.problems.length - 20} more offers without a price`);
			if (result.problems.length > 0 && typeof this.addExecutionHints === 'function') {
				const first = result.problems[0];
				this.addExecutionHints({
					type: 'warning',
					location: 'outputPane',
					message: `${result.problems.length} price(s) could not be computed and were left out, e.g. ${first.priceTypeName}${first.offerKey ? ` for ${first.offerKey}` : ''}: ${first.reason}. See the n8n log for more.`,
				});
			}
			const currencies = [...new Set(result.items.map((row) => row.currencyName || row.currencyCode))];
			if (currencies.length > 1 && typeof this.addExecutionHints === 'function') {
				this.addExecutionHints({
					type: 'warning',
					location: 'outputPane',
					message: `The prices are in ${currencies.length} currencies (${currencies.join(', ')}): retailCRM takes the numbers as they are. Set Options → Currency to convert them at the 1C rate.`,
				});
			}
			for (const row of result.items) out.push({ json: { ...row }, pairedItem: { item: i } });
		} catch (error) {
			if (this.continueOnFail()) {
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
				continue;
			}
			throw toNodeError(this.getNode(), error, i);
		}
	}
	return out;
}
