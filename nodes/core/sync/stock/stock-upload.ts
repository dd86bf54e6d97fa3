/**
 * Upload Stock, without n8n: reference/stores → check the mapped codes → rows merged per offer
 * (inventory-batches.ts) → only changed (change-hashes.ts) → batches of ≤ 250 → store/inventories/upload,
 * committing the hashes of each accepted batch. Nothing is uploaded when a code or warehouse is wrong.
 */
import type { RetailCrmClient } from '../../retailcrm/client';
import { ChangeSelector, type ChangeHashState } from '../crm-upload/change-hashes';
import {
	buildInventoryOffers,
	type InventoryInputRow,
	type InventoryOffer,
	type StoreInventoryType,
} from './inventory-batches';
import type { Table } from '../crm-upload/lookup-table';
import type { IdentifierOptions } from '../crm-upload/offer-identifier';
import { planUpload, type UploadPlanOptions } from '../crm-upload/upload-plan';
import { checkCodes } from '../crm-upload/reference-check';
import { runUploadPlan, type UploadReport } from '../crm-upload/upload-runner';

export type StockUploadClient = Pick<RetailCrmClient, 'stores' | 'uploadInventories'>;

export interface ChangeTracking {
	/** Off: every element is sent every run. */
	onlyChanged: boolean;
	/** The state from static data; mutated in place (callers copy it for a dry run). */
	state?: ChangeHashState;
	/** Clock time in ms. */
	now: number;
	/** A full resend every N hours (default 24); ≤ 0: every run. */
	fullResendHours?: number;
}

/**
 * "Only Changed": the selector an upload's elements are made through, so that an unchanged offer never becomes an
 * element (its hash is made from its body); undefined when every offer is sent.
 */
export function changeSelector(options: ChangeTracking): ChangeSelector | undefined {
	if (!options.onlyChanged) return undefined;
	if (options.state === undefined) throw new Error('planUpload: "Only changed" needs the change-hash state from static data');
	return new ChangeSelector(options.state, options.now, options.fullResendHours ?? 24);
}

/** The change tracking and batch size of an upload, as planUpload takes them (both uploads pass the same). */
export function uploadPlanOptions(options: ChangeTracking & { batchSize?: number }, changes?: ChangeSelector): UploadPlanOptions {
	return {
		onlyChanged: options.onlyChanged,
		state: options.state,
		now: options.now,
		fullResendHours: options.fullResendHours,
		batchSize: options.batchSize,
		changes,
	};
}

export interface StockUploadOptions extends IdentifierOptions, ChangeTracking {
	rows: readonly InventoryInputRow[];
	/** Warehouse key (as the rows carry it) → retailCRM store code. */
	storeCodeByWarehouse: Table<string>;
	warehouseNames?: Table<string>;
	site?: string;
	/** 1..250, default 250. */
	batchSize?: number;
	dryRun?: boolean;
}

export interface StockUploadReport extends UploadReport<InventoryOffer> {
	/** Offer keys without a CRM identifier (not sent). */
	unresolvedOfferKeys: string[];
}

/**
 * An upload whose elements are planned and whose rows were let go: `run` sends it. What the plan holds is only the
 * elements to send (not the rows they were made from), so a caller that reads its own rows (Stock Upload's direct
 * mode) can drop them before the long part, the sending.
 */
export interface PlannedUpload<Report> {
	/** Batches to send (= upload requests, retries aside). */
	batches: number;
	run(): Promise<Report>;
}

export async function uploadStock(client: StockUploadClient, options: StockUploadOptions): Promise<StockUploadReport> {
	return await (await planStockUpload(client, options)).run();
}

/** Checks the store codes, builds and plans the elements; nothing is sent until `run`. */
export async function planStockUpload(client: StockUploadClient, options: StockUploadOptions): Promise<PlannedUpload<StockUploadReport>> {
	const stores = await client.stores();
	const mapped = Object.values(toRecord(options.storeCodeByWarehouse));
	checkCodes('store', mapped, stores, 'the warehouse → store mapping');
	const storeInventoryTypes = new Map<string, StoreInventoryType>();
	for (const store of stores) storeInventoryTypes.set(store.code, store.inventoryType === 'available' ? 'available' : 'integer');

	const changes = changeSelector(options);
	const built = buildInventoryOffers(options.rows, {
		identifierKind: options.identifierKind,
		identifiers: options.identifiers,
		storeCodeByWarehouse: options.storeCodeByWarehouse,
		warehouseNames: options.warehouseNames,
		storeInventoryTypes,
		site: options.site,
		changes,
	});
	const plan = planUpload(built.offers, uploadPlanOptions(options, changes));
	// Only these are kept for `run`, not `options` (its rows).
	const site = options.site;
	const unresolvedOfferKeys = built.unresolvedOfferKeys;
	const run = { endpoint: 'store/inventories/upload', dryRun: options.dryRun, identifierKind: options.identifierKind } as const;
	return {
		batches: plan.batches.length,
		run: async () => ({ ...(await runUploadPlan(plan, (batch) => client.uploadInventories(batch.map(withoutSite), { site }), run)), unresolvedOfferKeys }),
	};
}

/**
 * The site goes in the request's `site` field only: an inventories element has no `site` in the API reference (docs/retailcrm-api.md#stock-and-prices,
 * unlike a prices element), and a strict form could reject it. It stays on our elements for the change-hash key.
 */
function withoutSite(offer: InventoryOffer): InventoryOffer {
	if (offer.site === undefined) return offer;
	const copy = { ...offer };
	delete copy.site;
	return copy;
}

export function toRecord<V>(table: Table<V>): Record<string, V> {
	return table instanceof Map ? Object.fromEntries(table.entries()) : { ...(table as Record<string, V>) };
}
