/**
 * Upload Prices, without n8n: reference/price-types → check the mapped codes → rows merged per offer
 * (price-batches.ts) → only changed → batches of ≤ 250 → store/prices/upload, committing each accepted batch.
 */
import type { RetailCrmClient } from '../../retailcrm/client';
import { buildPriceOffers, type PriceInputRow, type PriceOffer } from './price-batches';
import type { Table } from '../crm-upload/lookup-table';
import type { IdentifierOptions } from '../crm-upload/offer-identifier';
import { planUpload } from '../crm-upload/upload-plan';
import { checkCodes } from '../crm-upload/reference-check';
import { changeSelector, toRecord, uploadPlanOptions, type ChangeTracking } from '../stock/stock-upload';
import { runUploadPlan, type UploadReport } from '../crm-upload/upload-runner';

export type PriceUploadClient = Pick<RetailCrmClient, 'priceTypes' | 'uploadPrices'>;

export interface PriceUploadOptions extends IdentifierOptions, ChangeTracking {
	rows: readonly PriceInputRow[];
	/** 1C price type key (as the rows carry it) → retailCRM price-type code. */
	priceCodeByType: Table<string>;
	priceTypeNames?: Table<string>;
	site?: string;
	batchSize?: number;
	dryRun?: boolean;
	/** See PriceOptions.removeMissingFor: offers in scope without a price get `{ code, remove: true }`. */
	removeMissingFor?: readonly string[];
}

export interface PriceUploadReport extends UploadReport<PriceOffer> {
	unresolvedOfferKeys: string[];
}

export async function uploadPrices(client: PriceUploadClient, options: PriceUploadOptions): Promise<PriceUploadReport> {
	const priceTypes = await client.priceTypes();
	checkCodes('price type', Object.values(toRecord(options.priceCodeByType)), priceTypes, 'the price type mapping');

	const changes = changeSelector(options);
	const built = buildPriceOffers(options.rows, {
		identifierKind: options.identifierKind,
		identifiers: options.identifiers,
		priceCodeByType: options.priceCodeByType,
		priceTypeNames: options.priceTypeNames,
		site: options.site,
		removeMissingFor: options.removeMissingFor,
		changes,
	});
	const plan = planUpload(built.offers, uploadPlanOptions(options, changes));
	const report = await runUploadPlan(plan, (batch) => client.uploadPrices(batch, { site: options.site }), {
		endpoint: 'store/prices/upload',
		dryRun: options.dryRun,
		identifierKind: options.identifierKind,
	});
	return { ...report, unresolvedOfferKeys: built.unresolvedOfferKeys };
}
