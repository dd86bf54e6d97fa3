import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ChangeHashState } from '../../core/sync/crm-upload/change-hashes';
import type { PriceUploadReport } from '../../core/sync/prices/price-upload';
import { handedRecord, isUnchangedPrices, keepHandedRecord, keptRecordFor, unchangedPriceReport, type UnchangedPricesJson } from '../../core/sync/prices/unchanged-prices';
import { n8nClock } from '../../shared/transport';
import { ownSignature, publishForSource } from '../../shared/unchanged-prices-state';
import type { RetailCrmClient } from '../../core/retailcrm/client';
import type { PriceInputRow } from '../../core/sync/prices/price-batches';
import { checkPriceTypeCodes, uploadPrices } from '../../core/sync/prices/price-upload';
import { itemValue, readMappedRef, readNumber } from './row-reading';
import { oneCGuidOrCodeColumn, skipUnmappedOption, uploadOptions } from './upload-fields';
import { loadHashes, reportItems, uploadRows } from './upload-rows';
import { readMappingTable, readUploadSetup, type UploadSettings } from './upload-settings';
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
	const input = this.getInputData();
	if (input.length === 1 && isUnchangedPrices(input[0].json)) {
		// The codes are checked as for an upload (a price type deleted in retailCRM shows at once), though nothing is sent.
		await checkPriceTypeCodes(client, mappedRef.mapping);
		return unchangedPrices.call(this, input[0].json, settings);
	}
	// Get Prices' record of the 1C answers these prices came from (Skip Unchanged Prices), on its first item.
	const handed = input.length > 0 ? handedRecord(input[0].json.priceInputs) : undefined;
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
		afterUpload: (report, state, rowErrors) => keepRecord.call(this, handed, report as PriceUploadReport, state, settings, rowErrors),
	});
}

/**
 * After an upload of rows: the record of their inputs kept and published for Get Prices when retailCRM took the upload
 * whole, else withdrawn (core/sync/prices/unchanged-prices.ts). A dry run changes neither.
 */
function keepRecord(
	this: IExecuteFunctions,
	handed: ReturnType<typeof handedRecord>,
	report: PriceUploadReport,
	state: ChangeHashState | undefined,
	settings: UploadSettings,
	rowErrors: number,
): boolean {
	if (settings.dryRun) return false;
	if (state === undefined) {
		publishForSource(this, handed?.source, undefined);
		return false;
	}
	const kept = keepHandedRecord(state, handed, report, { ...settings, rowErrors, node: this.getNode().name, signature: ownSignature(this) });
	publishForSource(this, handed?.source, kept.published);
	return kept.stateChanged;
}

/**
 * Get Prices found its inputs unchanged and read no rows: nothing to send when this node's state keeps the record of
 * the upload they came from. Otherwise (its state lost or edited by hand since) the prices cannot be uploaded in this
 * run: the record Get Prices relied on is withdrawn, so the next run reads them, and the run fails saying so rather
 * than report prices it never saw.
 */
function unchangedPrices(this: IExecuteFunctions, json: UnchangedPricesJson, settings: UploadSettings): INodeExecutionData[] {
	const { key, source } = json.pricesUnchanged;
	const state = settings.onlyChanged ? loadHashes.call(this, OPERATION) : undefined;
	const kept = keptRecordFor(state, key, n8nClock.now(), settings.fullResendHours);
	if (kept === undefined) {
		publishForSource(this, source, undefined);
		throw new NodeOperationError(this.getNode(), `"${source}" found the 1C prices unchanged since an upload this node no longer holds a record of, so it read none: nothing was uploaded`, {
			itemIndex: 0,
			description: `The next run reads and uploads them (the record "${source}" relied on is withdrawn). This happens when the node's saved state was cleared or edited, or Only Changed was turned off.`,
		});
	}
	this.logger.info(`retailCRM prices: unchanged in 1C since the last upload retailCRM took whole (${kept.summary.offers} offers), nothing to send`);
	return reportItems({ ...unchangedPriceReport(kept.summary.offers, settings.dryRun), pricesUnchanged: true } as PriceUploadReport, OPERATION, 1, () => new Map());
}
