import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Transport } from '../../core/http/transport';
import type { RetailCrmClient } from '../../core/retailcrm/client';
import type { OfferIdentity } from '../../core/sync/crm-upload/offer-identifier';
import type { FailedBatch } from '../../core/sync/crm-upload/upload-runner';
import { uploadStockAndPricesFromOneC, type PartReport, type UploadPart } from '../../core/sync/stock/stock-and-prices-from-onec';
import type { StockUploadReport } from '../../core/sync/stock/stock-upload';
import { balancePageSizeOption, freeStockField, includeZeroStockField, readBalanceSettings, warehousesField } from '../../OneCUt10Store/actions/stock/getBalances.operation';
import { dateField, priceTypesField, reportPriceRead, slicePageSizeOption } from '../../OneCUt10Store/actions/price/getPrices.operation';
import { readPriceSettings } from '../../OneCUt10Store/actions/price/price-read';
import { currencyOption, foldersOption, itemLevelStockOption, nttRegisterOption, reportItemLevelStock } from '../../OneCUt10Store/actions/shared-options';
import { oneCClientFor, retailCrmClientFor } from '../../shared/clients';
import { toNodeError } from '../../shared/errors';
import { vatOption } from '../../shared/onec-options';
import { operationFields } from '../../shared/operation-fields';
import { optionsCollection } from '../../shared/options-collection';
import { siteOption } from '../../shared/retailcrm-options';
import { n8nClock } from '../../shared/transport';
import { failedBatchesError } from '../../core/sync/crm-upload/failed-batches';
import { hintDroppedCodes, loadHashes, saveHashes } from './upload-rows';
import { hintManualFullResend } from './manual-run-hint';
import { batchSizeOption, changeFieldList, fullResendOption, offerKeyKindField } from './upload-fields';
import { readUploadSettings } from './upload-settings';
import { ALL_WAREHOUSES, readStoreMapping, skipUnmappedWarehousesOption, storeCodeField, storeModeField, warehouseMappingField } from './uploadStock.operation';
import { priceTypeMappingField, readPriceTypeMapping, skipUnmappedPriceTypesOption } from './uploadPrices.operation';

const OPERATION = 'uploadFromOneC';
/** The other operations' change-hash keys: a node switched between the modes keeps its hashes (upload-rows.ts). */
const STOCK_STATE = 'uploadStock';
const PRICE_STATE = 'uploadPrices';
/** Offers retailCRM did not find, listed in the summary at most (the count is always whole). */
const NOT_FOUND_LISTED = 100;

const [onlyChangedField, dryRunField] = changeFieldList;

/**
 * Upload Stock and Prices from 1C: Get Balances, Get Prices, Upload Stock and Upload Prices in one node, with their
 * own fields, and no row in n8n's run data (core/sync/stock/stock-and-prices-from-onec.ts says how the work overlaps).
 */
export const description = operationFields({ operation: OPERATION }, [
	warehousesField,
	freeStockField,
	includeZeroStockField,
	storeModeField,
	storeCodeField,
	warehouseMappingField,
	// The 1C list under its own name here: getPriceTypes is retailCRM's in this node.
	priceTypesField('getOneCPriceTypes'),
	dateField,
	priceTypeMappingField,
	offerKeyKindField,
	siteOption,
	onlyChangedField,
	{
		...dryRunField,
		description: 'Whether to read 1C and plan the batches without sending anything or changing the saved state; the summary counts what would be sent',
	},
	optionsCollection(
		[
			balancePageSizeOption,
			batchSizeOption,
			currencyOption,
			fullResendOption,
			foldersOption,
			nttRegisterOption,
			skipUnmappedPriceTypesOption,
			skipUnmappedWarehousesOption,
			slicePageSizeOption,
			itemLevelStockOption,
			vatOption,
		].sort((a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName, 'en')),
	),
]);

/** Counts the requests a client sends (for the summary). */
function counting(count: { requests: number }): (transport: Transport) => Transport {
	return (transport) => ({
		request: async (req) => {
			count.requests++;
			return await transport.request(req);
		},
	});
}

/** A part's report as the summary shows it: counts, and at most NOT_FOUND_LISTED offers retailCRM did not find. */
function partSummary(report: PartReport<StockUploadReport>): IDataObject {
	const { notFoundOffers, failedBatches, unresolvedOfferKeys, ...counts } = report;
	return {
		...counts,
		notFound: notFoundOffers.length,
		notFoundOffers: notFoundOffers.slice(0, NOT_FOUND_LISTED).map((offer: OfferIdentity) => offer.id ?? offer.xmlId ?? offer.externalId ?? ''),
		unresolvedOffers: unresolvedOfferKeys.length,
		failedBatches: failedBatches.map((batch: FailedBatch) => ({ index: batch.index, offers: batch.offers.length, error: batch.error, status: batch.status ?? null })),
	};
}

/** Every chosen 1C warehouse to the one store ("One Store"), else the mapping table. */
function storeMapping(ctx: IExecuteFunctions, warehouseRefs: readonly string[]): Map<string, string> {
	const mapping = readStoreMapping.call(ctx);
	const single = mapping.get(ALL_WAREHOUSES);
	if (single === undefined) return mapping;
	return new Map(warehouseRefs.map((ref) => [ref.trim().toLowerCase(), single]));
}

/**
 * The node's settings are read at item 0 (one run for all input items, like the other upload operations); the one
 * summary item is paired with every input item. An error stops the node naming item 0 (the settings' item), or with
 * "continue on fail" becomes the node's error item.
 */
export async function execute(this: IExecuteFunctions, _client: RetailCrmClient): Promise<INodeExecutionData[]> {
	try {
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const settings = readUploadSettings.call(this, options);
		if (settings.identifierKind === 'id') {
			throw new NodeOperationError(this.getNode(), 'The 1C offer key is an External ID or an XML ID, not a CRM ID ("Identifier Is")', { itemIndex: 0 });
		}
		const balances = readBalanceSettings(this, 0, options);
		const prices = readPriceSettings(this, 0, options);
		const part = (mapping: Map<string, string>, skip: string, stateKey: string): UploadPart => ({
			mapping,
			skipUnmapped: options[skip] === true,
			state: settings.onlyChanged ? loadHashes.call(this, stateKey) : undefined,
		});
		const stock = part(storeMapping(this, balances.warehouseRefs), skipUnmappedWarehousesOption.name, STOCK_STATE);
		const priceTypes = part(readPriceTypeMapping.call(this), skipUnmappedPriceTypesOption.name, PRICE_STATE);
		hintManualFullResend.call(this, [stock.state, priceTypes.state], settings.dryRun);

		const oneCRequests = { requests: 0 };
		const crmRequests = { requests: 0 };
		const onec = await oneCClientFor(this, counting(oneCRequests));
		const crm = await retailCrmClientFor(this, counting(crmRequests));
		const report = await uploadStockAndPricesFromOneC(onec, crm, {
			balances,
			prices,
			folderRefs: balances.folderRefs ?? [],
			stock,
			priceTypes,
			upload: {
				identifierKind: settings.identifierKind,
				site: settings.site,
				batchSize: settings.batchSize,
				onlyChanged: settings.onlyChanged,
				now: n8nClock.now(),
				fullResendHours: settings.fullResendHours,
				dryRun: settings.dryRun,
			},
			// As Upload Stock / Upload Prices: saved when something was sent or a full resend was due (or the price part's
			// record of its inputs changed), never on a dry run; each part as soon as it is done, so a failure of the other
			// keeps what this one sent.
			onUploaded: (which, done, stateChanged) => {
				const { state } = which === 'stock' ? stock : priceTypes;
				if (state !== undefined && !settings.dryRun && (done.batches > 0 || done.fullResend || stateChanged)) saveHashes.call(this, which === 'stock' ? STOCK_STATE : PRICE_STATE, state);
			},
		});
		reportItemLevelStock(this, report.itemLevelStock, report.itemName);
		if (report.priceInputs === 'unchanged') {
			this.logger.info('1C prices: 1C answered every price request as at the last upload retailCRM took whole; the prices were not read again');
		}
		reportPriceRead(this, { problems: report.priceProblems, currencies: report.currencies });
		hintDroppedCodes.call(this, report.stock, settings.dryRun);
		hintDroppedCodes.call(this, report.prices, settings.dryRun);
		// After both parts ran and saved what retailCRM took (failed-batches.ts says why it fails the node).
		const failed = failedBatchesError([report.stock, report.prices]);
		if (failed !== undefined) throw failed;
		return [
			{
				json: {
					operation: OPERATION,
					dryRun: settings.dryRun,
					rowsRead: { balances: report.balanceRowsRead, prices: report.priceRowsRead },
					priceInputs: report.priceInputs,
					stock: partSummary(report.stock),
					prices: partSummary(report.prices),
					requests: { oneC: oneCRequests.requests, retailCrm: crmRequests.requests },
				},
				pairedItem: this.getInputData().map((_, item) => ({ item })),
			},
		];
	} catch (error) {
		throw toNodeError(this.getNode(), error, 0);
	}
}
