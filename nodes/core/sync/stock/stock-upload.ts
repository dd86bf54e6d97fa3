/**
 * Upload Stock, without n8n: reference/stores → check the mapped codes → rows merged per offer
 * (inventory-batches.ts) → only changed (change-hashes.ts) → batches of ≤ 250 → store/inventories/upload,
 * committing the hashes of each accepted batch. Nothing is uploaded when a code or warehouse is wrong.
 */
import type { RetailCrmClient } from '../../retailcrm/client';
import {
	buildInventoryOffers,
	type InventoryInputRow,
	type InventoryOffer,
	type StoreInventoryType,
} from './inventory-batches';
import { tableValues, type Table } from '../crm-upload/lookup-table';
import { elementOptions, mappedCodes, planBuiltUpload, type PlannedUpload, type UploadReportWithUnresolved, type UploadSettings } from '../crm-upload/planned-upload';
import { checkUploadCodes, STORE_MAPPING } from '../crm-upload/reference-check';

export type StockUploadClient = Pick<RetailCrmClient, 'stores' | 'uploadInventories'>;

export interface StockUploadOptions extends UploadSettings {
	rows: readonly InventoryInputRow[];
	/** Warehouse key (as the rows carry it) → retailCRM store code. */
	storeCodeByWarehouse: Table<string>;
	warehouseNames?: Table<string>;
}

export type StockUploadReport = UploadReportWithUnresolved<InventoryOffer>;

/**
 * `planned`: called once the batches are planned, before the first is sent: the planning, the upload's peak of memory,
 * is over (the rows stay held for pairing) and it mostly waits on retailCRM's pace, so other work of the run may start
 * (Get Prices read ahead: nodes/OneCUt10Store/actions/price/read-ahead.ts).
 */
export async function uploadStock(client: StockUploadClient, options: StockUploadOptions, planned?: () => void): Promise<StockUploadReport> {
	const upload = await planStockUpload(client, options);
	planned?.();
	return await upload.run();
}

/** Checks the store codes, builds and plans the elements; nothing is sent until `run`. */
export async function planStockUpload(client: StockUploadClient, options: StockUploadOptions): Promise<PlannedUpload<StockUploadReport>> {
	const stores = await client.stores();
	const mapped = tableValues(options.storeCodeByWarehouse);
	checkUploadCodes('store', mapped, stores, STORE_MAPPING);
	const storeInventoryTypes = new Map<string, StoreInventoryType>();
	for (const store of stores) storeInventoryTypes.set(store.code, store.inventoryType === 'available' ? 'available' : 'integer');

	// A store gone from the mapping since the last run gets 0 on every offer (retailCRM adds up the stores).
	const codes = mappedCodes(options, mapped);
	const elements = elementOptions(options, codes.dropped);
	const built = buildInventoryOffers(options.rows, {
		...elements,
		storeCodeByWarehouse: options.storeCodeByWarehouse,
		warehouseNames: options.warehouseNames,
		storeInventoryTypes,
		clearedStoreCodes: codes.dropped,
	});
	// `site` alone is kept for `send`, not `options` (its rows).
	const site = options.site;
	return planBuiltUpload(built, options, elements.changes, 'store/inventories/upload', (batch) => client.uploadInventories(batch.map(withoutSite), { site }), codes);
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
