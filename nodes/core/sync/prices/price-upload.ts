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
import { changeSelector, toRecord, uploadPlanOptions, type ChangeTracking, type PlannedUpload } from '../stock/stock-upload';
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
	return await (await planPriceUpload(client, options)).run();
}

/** Checks the price type codes, builds and plans the elements; nothing is sent until `run` (see PlannedUpload). */
export async function planPriceUpload(client: PriceUploadClient, options: PriceUploadOptions): Promise<PlannedUpload<PriceUploadReport>> {
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
	// Only these are kept for `run`, not `options` (its rows).
	const site = options.site;
	const unresolvedOfferKeys = built.unresolvedOfferKeys;
	const run = { endpoint: 'store/prices/upload', dryRun: options.dryRun, identifierKind: options.identifierKind } as const;
	return {
		batches: plan.batches.length,
		run: async () => ({ ...(await runUploadPlan(plan, (batch) => client.uploadPrices(batch, { site }), run)), unresolvedOfferKeys }),
	};
}
