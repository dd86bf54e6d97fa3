/**
 * Stock rows → `store/inventories/upload` elements (docs/retailcrm-api.md#stock-and-prices):
 * `{ externalId|xmlId|id, site?, stores: [{ code, available, purchasePrice? }] }`, one element per offer with all
 * its stores, zeros sent explicitly (a dropped zero would leave a sold-out offer at its old stock), negatives
 * clamped to 0, `available`-type stores reduced to 0/1 (as the Bitrix module does), deterministic order.
 */
import { compareStrings, roundQuantity } from './balance-rows';
import { lookup, lowerCaseKeys, type Table } from './lookup-table';
import {
	identityValue,
	resolveIdentity,
	validateIdentifierOptions,
	type IdentifierOptions,
	type OfferIdentity,
} from './offer-identifier';
import { MAX_UPLOAD_BATCH_SIZE, splitIntoBatches, validateBatchSize } from './upload-batches';

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
		const shown = warehouseRefs.map((ref) => {
			const name = names?.get(ref.toLowerCase());
			return name === undefined ? ref : `"${String(name)}" (${ref})`;
		});
		super(`No retailCRM store code is mapped for 1C warehouse(s): ${shown.join(', ')}. Add them to the warehouse → store mapping or narrow the warehouse selection.`);
		this.name = 'UnmappedWarehouseError';
		this.warehouseRefs = warehouseRefs;
	}
}

/** Thrown when two different offers resolve to the same CRM identifier (a broken identifier table). */
export class DuplicateIdentifierError extends Error {
	constructor(identifier: string, offerKeys: [string, string]) {
		super(`Offers ${offerKeys[0]} and ${offerKeys[1]} both resolve to the CRM identifier "${identifier}"`);
		this.name = 'DuplicateIdentifierError';
	}
}

interface StoreAcc {
	available: number;
	purchasePrice?: number;
}

interface OfferAcc {
	offerKey: string;
	identity: OfferIdentity;
	sortKey: string;
	stores: Map<string, StoreAcc>;
}

/** Merges rows into one element per offer with all its stores. */
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

	const rowsByOffer = new Map<string, InventoryInputRow[]>();
	const unmapped = new Set<string>();
	for (const row of rows) {
		if (storeCode(row.warehouseRef) === undefined) unmapped.add(row.warehouseRef);
		const list = rowsByOffer.get(row.offerKey);
		if (list === undefined) rowsByOffer.set(row.offerKey, [row]);
		else list.push(row);
	}
	if (unmapped.size > 0) {
		const names = options.warehouseNames === undefined ? undefined : lowerCaseKeys(options.warehouseNames);
		throw new UnmappedWarehouseError([...unmapped].sort(compareStrings), names);
	}

	const offers: OfferAcc[] = [];
	const byIdentifier = new Map<string, string>();
	const unresolved: string[] = [];
	for (const key of [...rowsByOffer.keys()].sort(compareStrings)) {
		const identity = resolveIdentity(key, options);
		if (identity === null) {
			unresolved.push(key);
			continue;
		}
		const sortKey = identityValue(identity);
		const other = byIdentifier.get(sortKey);
		if (other !== undefined) throw new DuplicateIdentifierError(sortKey, [other, key]);
		byIdentifier.set(sortKey, key);
		const acc: OfferAcc = { offerKey: key, identity, sortKey, stores: new Map() };
		offers.push(acc);
		// Rows of several warehouses mapped to one store are summed; the first purchase price in warehouse order wins.
		const offerRows = rowsByOffer.get(key) as InventoryInputRow[];
		if (offerRows.length > 1) offerRows.sort((a, b) => compareStrings(a.warehouseRef, b.warehouseRef));
		for (const row of offerRows) {
			const code = storeCode(row.warehouseRef) as string;
			const quantity = Number.isFinite(row.quantity) ? row.quantity : 0;
			const store = acc.stores.get(code);
			if (store === undefined) {
				acc.stores.set(code, { available: quantity, ...(row.purchasePrice !== undefined ? { purchasePrice: row.purchasePrice } : {}) });
			} else {
				store.available += quantity;
				if (store.purchasePrice === undefined && row.purchasePrice !== undefined) store.purchasePrice = row.purchasePrice;
			}
		}
	}

	const result: InventoryOffer[] = [];
	const ordered = offers.sort((a, b) => compareStrings(a.sortKey, b.sortKey));
	for (const acc of ordered) {
		const stores: InventoryStore[] = [];
		for (const code of [...acc.stores.keys()].sort(compareStrings)) {
			const store = acc.stores.get(code) as StoreAcc;
			const inventoryType = options.storeInventoryTypes === undefined ? undefined : lookup(options.storeInventoryTypes, code);
			stores.push(toInventoryStore(code, store, inventoryType === 'available' ? 'available' : 'integer'));
		}
		result.push({ ...acc.identity, ...(options.site !== undefined ? { site: options.site } : {}), stores });
	}
	return { offers: result, unresolvedOfferKeys: unresolved };
}

function toInventoryStore(code: string, store: StoreAcc, inventoryType: StoreInventoryType): InventoryStore {
	const quantity = Math.max(0, roundQuantity(store.available));
	const available = inventoryType === 'available' ? (quantity > 0 ? 1 : 0) : quantity;
	const out: InventoryStore = { code, available };
	if (store.purchasePrice !== undefined && Number.isFinite(store.purchasePrice)) {
		out.purchasePrice = Math.max(0, Math.round(store.purchasePrice * 100) / 100);
	}
	return out;
}

export interface InventoryBatchOptions extends InventoryOptions {
	/** Offers per request, 1..250 (default 250). */
	batchSize?: number;
}

/** Rows → elements → batches of at most `batchSize` offers (validated before any work). */
export function buildInventoryBatches(
	rows: readonly InventoryInputRow[],
	options: InventoryBatchOptions,
): { batches: InventoryOffer[][]; unresolvedOfferKeys: string[] } {
	const size = validateBatchSize(options.batchSize ?? MAX_UPLOAD_BATCH_SIZE);
	const built = buildInventoryOffers(rows, options);
	return { batches: splitIntoBatches(built.offers, size), unresolvedOfferKeys: built.unresolvedOfferKeys };
}
