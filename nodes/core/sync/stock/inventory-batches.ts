/**
 * Stock rows → `store/inventories/upload` elements (docs/retailcrm-api.md#stock-and-prices):
 * `{ externalId|xmlId|id, site?, stores: [{ code, available, purchasePrice? }] }`, one element per offer with all
 * its stores, zeros sent explicitly (a dropped zero would leave a sold-out offer at its old stock), negatives
 * clamped to 0, `available`-type stores reduced to 0/1 (as the Bitrix module does), deterministic order.
 */
import { compareStrings } from '../../common/compare-strings';
import { roundQuantity } from './balance-rows';
import { forEachOffer, UploadElements } from '../crm-upload/offer-order';
import { describeRefs, lookup, lowerCaseKeys, type Table } from '../crm-upload/lookup-table';
import { validateIdentifierOptions, type IdentifierOptions, type OfferIdentity } from '../crm-upload/offer-identifier';
import { batched } from '../crm-upload/upload-batches';
import type { ChangeSelector } from '../crm-upload/change-hashes';

export interface InventoryStore {
	code: string;
	available: number;
	purchasePrice?: number;
}

export interface InventoryOffer extends OfferIdentity {
	site?: string;
	stores: InventoryStore[];
}

/** A stock row as balance-rows.ts produces it (extra fields are ignored); purchasePrice comes from the caller. */
export interface InventoryInputRow {
	offerKey: string;
	warehouseRef: string;
	quantity: number;
	purchasePrice?: number;
}

/** retailCRM `reference/stores` inventoryType: `integer` keeps a count, `available` only a 0/1 flag. */
export type StoreInventoryType = 'integer' | 'available';


export interface InventoryOptions extends IdentifierOptions {
	/** 1C warehouse GUID (Catalog_Склады Ref_Key) → CRM store code. Several warehouses may share a code: summed. */
	storeCodeByWarehouse: Table<string>;
	/** Warehouse GUID → name, only to make the "unmapped warehouse" error readable. */
	warehouseNames?: Table<string>;
	/** Store code → inventoryType from `reference/stores`; missing codes count as `integer`. */
	storeInventoryTypes?: Table<StoreInventoryType>;
	/** Sent in every element when the key serves several sites and offers are named by externalId/xmlId. */
	site?: string;
	/** "Only Changed" (crm-upload/planned-upload.ts changeSelector): unchanged offers are left out without becoming elements. */
	changes?: ChangeSelector;
	/** Store codes gone from the mapping (ChangeHashState.codes): every offer gets `available: 0` for each, once. */
	clearedStoreCodes?: readonly string[];
}

export interface InventoryBuildResult {
	offers: InventoryOffer[];
	/** Offer keys that had no identifier in `identifiers` (not sent). */
	unresolvedOfferKeys: string[];
}

/** Thrown when rows name a warehouse that has no CRM store code; lists every such warehouse at once. */
export class UnmappedWarehouseError extends Error {
	readonly warehouseRefs: string[];

	constructor(warehouseRefs: string[], names: ReadonlyMap<string, string> | undefined) {
		super(`No retailCRM store code is mapped for 1C warehouse(s): ${describeRefs(warehouseRefs, names)}. Add them to the warehouse → store mapping or narrow the warehouse selection.`);
		this.name = 'UnmappedWarehouseError';
		this.warehouseRefs = warehouseRefs;
	}
}

/** Thrown when two different offers resolve to the same CRM identifier (a broken identifier table). */
interface StoreAcc {
	code: string;
	available: number;
	purchasePrice?: number;
}

/**
 * Merges rows into one element per offer with all its stores. Rows are taken in offer-key order — as given when
 * they already are (1C's rows come sorted by offer key and warehouse), else through a sorted index — so no table of
 * every offer is built on the way.
 */
export function buildInventoryOffers(rows: readonly InventoryInputRow[], options: InventoryOptions): InventoryBuildResult {
	validateIdentifierOptions(options);
	// GUIDs are compared case-insensitively: 1C answers lower case, hand-written mappings may not.
	const codes = lowerCaseKeys(options.storeCodeByWarehouse);
	const codeCache = new Map<string, string | undefined>();
	const storeCode = (warehouseRef: string): string | undefined => {
		if (codeCache.has(warehouseRef)) return codeCache.get(warehouseRef);
		const code = codes.get(warehouseRef.toLowerCase());
		const result = code === undefined || code === '' ? undefined : String(code);
		codeCache.set(warehouseRef, result);
		return result;
	};

	const unmapped = new Set<string>();
	for (const row of rows) if (storeCode(row.warehouseRef) === undefined) unmapped.add(row.warehouseRef);
	if (unmapped.size > 0) {
		const names = options.warehouseNames === undefined ? undefined : lowerCaseKeys(options.warehouseNames);
		throw new UnmappedWarehouseError([...unmapped].sort(compareStrings), names);
	}

	// Rows of several warehouses mapped to one store are summed; the first purchase price in warehouse order wins.
	const storesOf = (offerRows: InventoryInputRow[]): InventoryStore[] => {
		if (offerRows.length > 1) offerRows.sort((a, b) => compareStrings(a.warehouseRef, b.warehouseRef));
		const accs: StoreAcc[] = [];
		for (const offerRow of offerRows) {
			const code = storeCode(offerRow.warehouseRef) as string;
			const quantity = Number.isFinite(offerRow.quantity) ? offerRow.quantity : 0;
			const store = accs.find((acc) => acc.code === code);
			if (store === undefined) accs.push(offerRow.purchasePrice !== undefined ? { code, available: quantity, purchasePrice: offerRow.purchasePrice } : { code, available: quantity });
			else {
				store.available += quantity;
				if (store.purchasePrice === undefined && offerRow.purchasePrice !== undefined) store.purchasePrice = offerRow.purchasePrice;
			}
		}
		for (const code of options.clearedStoreCodes ?? []) if (!accs.some((acc) => acc.code === code)) accs.push({ code, available: 0 });
		if (accs.length > 1) accs.sort((a, b) => compareStrings(a.code, b.code));
		return accs.map((acc) => {
			const inventoryType = options.storeInventoryTypes === undefined ? undefined : lookup(options.storeInventoryTypes, acc.code);
			return toInventoryStore(acc.code, acc, inventoryType === 'available' ? 'available' : 'integer');
		});
	};
	const elements = new UploadElements<{ stores: InventoryStore[] }>(options);
	forEachOffer(rows, (key, offerRows) => elements.add(key, () => ({ stores: storesOf(offerRows) })));
	return elements.result();
}

function toInventoryStore(code: string, store: Omit<StoreAcc, 'code'>, inventoryType: StoreInventoryType): InventoryStore {
	const quantity = Math.max(0, roundQuantity(store.available));
	const available = inventoryType === 'available' ? (quantity > 0 ? 1 : 0) : quantity;
	const out: InventoryStore = { code, available };
	if (store.purchasePrice !== undefined && Number.isFinite(store.purchasePrice)) {
		out.purchasePrice = Math.max(0, Math.round(store.purchasePrice * 100) / 100);
	}
	return out;
}

/** Rows → elements → batches of at most `batchSize` offers (1..250, default 250; validated before any work). */
export const buildInventoryBatches = batched(buildInventoryOffers);
