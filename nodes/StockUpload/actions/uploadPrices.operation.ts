import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RetailCrmClient } from '../../core/retailcrm/client';
import type { PriceInputRow } from '../../core/sync/prices/price-batches';
import { uploadPrices } from '../../core/sync/prices/price-upload';
import { itemValue, readMappedRef, readNumber } from './row-reading';
import { oneCGuidOrCodeColumn, skipUnmappedOption, uploadOptions } from './upload-fields';
import { uploadRows } from './upload-rows';
import { readMappingTable, readUploadSetup } from './upload-settings';
import { operationFields } from '../../shared/operation-fields';
import { priceTypeMappingTable } from '../../shared/mapping-table';

const OPERATION = 'uploadPrices';

/** The price type fields Stock Upload's direct mode shows too. */
export const priceTypeMappingField = priceTypeMappingTable(
	{ description: 'Which retailCRM price type each 1C price type goes to' },
	oneCGuidOrCodeColumn({ displayName: '1C Price Type (GUID or Code)', name: 'priceType', placeholder: 'e.g. 5eed0005-0000-4000-8000-000000000002' }),
	'getPriceTypes',
);

export const skipUnmappedPriceTypesOption = skipUnmappedOption({ displayName: 'Skip Unmapped Price Types', name: 'skipUnmappedPriceTypes', rowsOf: '1C price types' });

export const description = operationFields({ operation: OPERATION }, [
	{
		displayName: '1C Price Type',
		name: 'priceType',
		type: 'string',
		default: '={{ $json.priceTypeRef }}',
		description: 'The 1C price type of this row, as the mapping below names it: its GUID (default) or its code',
	},
	{
		displayName: 'Price',
		name: 'price',
		type: 'string',
		default: '={{ $json.price }}',
		description: 'The price of this row, rounded to kopecks',
	},
	priceTypeMappingField,
	uploadOptions(skipUnmappedPriceTypesOption),
]);

export function readPriceTypeMapping(this: IExecuteFunctions): Map<string, string> {
	return readMappingTable.call(this, {
		parameter: 'priceTypeMapping.mappings',
		title: 'Price Type Mapping',
		fromField: 'priceType',
		toField: 'crmPriceType',
		fromLabel: '1C price type',
		toLabel: 'retailCRM price type',
		emptyHint: 'Add one row per 1C price type to upload, with the retailCRM price type it fills.',
		uniqueTo: true,
	});
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	const { settings, mappedRef } = readUploadSetup.call(this, readPriceTypeMapping, {
		label: '1C price type',
		nameField: 'priceTypeName',
		skipOption: 'skipUnmappedPriceTypes',
	});
	return await uploadRows<PriceInputRow>(this, {
		operation: OPERATION,
		settings,
		rowReader: (source) => {
			const priceTypeOf = itemValue.call(this, 'priceType', '1C Price Type', source);
			const priceOf = itemValue.call(this, 'price', 'Price', source);
			return (r, offerKey) => {
				const priceTypeRef = readMappedRef.call(this, priceTypeOf, source, r, mappedRef);
				if (priceTypeRef === undefined) return undefined;
				const price = readNumber.call(this, priceOf, 'Price', source, r, false) as number;
				if (price < 0) throw new NodeOperationError(this.getNode(), `${source.where(r)}: the price is negative (${price})`, { itemIndex: source.item(r) });
				return { offerKey, priceTypeRef, price };
			};
		},
		upload: async (rows, input) => await uploadPrices(client, { rows, priceCodeByType: mappedRef.mapping, priceTypeNames: mappedRef.names, ...input }),
	});
}
