/**
 * Upload Prices, without n8n: reference/price-types → check the mapped codes → rows merged per offer
 * (price-batches.ts) → only changed → batches of ≤ 250 → store/prices/upload, committing each accepted batch.
 */
import type { RetailCrmClient } from '../../retailcrm/client';
import { buildPriceOfferSteps, type PriceInputRow, type PriceOffer } from './price-batches';
import { runStepsTakingTurns } from '../../common/steps';
import { tableValues, type Table } from '../crm-upload/lookup-table';
import { checkUploadCodes, PRICE_TYPE_MAPPING } from '../crm-upload/reference-check';
import { elementOptions, mappedCodes, planBuiltUpload, type PlannedUpload, type UploadReportWithUnresolved, type UploadSettings } from '../crm-upload/planned-upload';

export type PriceUploadClient = Pick<RetailCrmClient, 'priceTypes' | 'uploadPrices'>;

export interface PriceUploadOptions extends UploadSettings {
	rows: readonly PriceInputRow[];
	/** 1C price type key (as the rows carry it) → retailCRM price-type code. */
	priceCodeByType: Table<string>;
	priceTypeNames?: Table<string>;
	/** See PriceOptions.removeMissingFor: offers in scope without a price get `{ code, remove: true }`. */
	removeMissingFor?: readonly string[];
	/** Let the event loop run between steps of the build (common/steps.ts): the direct mode's stock upload runs meanwhile. */
	turn?: () => Promise<void>;
}

export type PriceUploadReport = UploadReportWithUnresolved<PriceOffer>;

export async function uploadPrices(client: PriceUploadClient, options: PriceUploadOptions): Promise<PriceUploadReport> {
	return await (await planPriceUpload(client, options)).run();
}

/** Checks the price type codes, builds and plans the elements; nothing is sent until `run` (see PlannedUpload). */
export async function planPriceUpload(client: PriceUploadClient, options: PriceUploadOptions): Promise<PlannedUpload<PriceUploadReport>> {
	const mapped = await checkPriceTypeCodes(client, options.priceCodeByType);

	// A price type gone from the mapping since the last run is removed from every offer (else it keeps its last price).
	const codes = mappedCodes(options, mapped);
	const elements = elementOptions(options, codes.dropped);
	const steps = buildPriceOfferSteps(options.rows, {
		...elements,
		priceCodeByType: options.priceCodeByType,
		priceTypeNames: options.priceTypeNames,
		removeMissingFor: options.removeMissingFor,
		clearedPriceCodes: codes.dropped,
	});
	const built = await runStepsTakingTurns(steps, options.turn);
	// `site` alone is kept for `send`, not `options` (its rows).
	const site = options.site;
	return planBuiltUpload(built, options, elements.changes, 'store/prices/upload', (batch) => client.uploadPrices(batch, { site }), codes);
}

/** The mapped retailCRM price type codes, checked against the account's (reference/price-types) before anything is sent. */
export async function checkPriceTypeCodes(client: PriceUploadClient, priceCodeByType: Table<string>): Promise<string[]> {
	const mapped = tableValues(priceCodeByType);
	checkUploadCodes('price type', mapped, await client.priceTypes(), PRICE_TYPE_MAPPING);
	return mapped;
}
