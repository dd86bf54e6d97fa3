/**
 * Catalog → Get Items, without n8n: the items of the chosen folders (recursively) as offer rows, optionally with
 * barcodes and with stock and prices joined, so one node can feed the ICML builder.
 *
 * Requests (P(n) = pages of n rows = ⌊n / pageSize⌋ + 1; pageSize 1000 by default; Pₖ(n) the same for a keyed
 * read's whole-set read of narrow rows, k × pageSize a page: onec-read/keyed-read.ts wholeSetPageSize):
 *   1 folders (P(folders), one page below 1000 folders)
 *   + items: P(items in the catalog); with folders chosen, OR-chains of Parent_Key while ≤ maxWhereInRequests
 *     (each paged), else P(items in the catalog). Storage units come in the same requests ($expand).
 *   + characteristics of items kept by them: ≤ maxWhereInRequests OR-chains, else P₃(characteristics)
 *   + 1 unit classifier (P(classifier))
 *   + Include Barcodes: P(barcode rows) (about one row per item: the reason it is an option); with folders chosen
 *     and few items, ≤ maxWhereInRequests OR-chains on the owner instead (about 7 items per request)
 *   + Join Stock and Prices: 1 warehouses + Balance per register in use (usually 1–2) + 1 price types + 1 SliceLast
 *     + units of rows priced in another unit than the storage unit (≤ maxWhereInRequests, else P₅(units))
 *     (+ 1 КурсыВалют only for a calculated type across currencies) — stock-price-join.ts, catalog-prices.ts.
 * Whole catalog of 100,000 items / 20,000 characteristics: 101 + 7 + 2 = 110 requests, no barcodes, no join.
 */
import type { OneCClient } from '../../onec/client';
import { readCharacteristics } from '../onec-read/items';
import { readBarcodes } from './barcodes';
import { FolderTree, itemFoldersNotFound, readFolders } from '../onec-read/folders';
import { readItems, type ItemRecord, type UnitRead } from '../onec-read/items';
import { buildOfferRows, type CatalogOffer } from './offer-rows';
import type { ItemLevelStockNote } from '../stock/item-level-stock';
import { joinStockAndPrices, type StockPriceJoinOptions, type JoinProblem } from './stock-price-join';
import { readUnitClassifier } from './units';

export interface GetItemsOptions {
	/** Folders whose items (and their sub-folders' items) to read; empty or undefined = the whole catalog. */
	folderRefs?: readonly string[];
	/** Read InformationRegister_Штрихкоды (one more paged read of about one row per item). */
	includeBarcodes?: boolean;
	/** Join quantities and prices (see StockPriceJoinOptions). */
	join?: StockPriceJoinOptions;
	/** How storage units are read: in the item requests ($expand, default) or by key afterwards. */
	unitRead?: UnitRead;
	/** OR-chain requests allowed for a keyed read before reading the whole set in pages. */
	maxWhereInRequests?: number;
}

export interface GetItemsResult {
	offers: CatalogOffer[];
	/** Prices that could not be computed (from the join), for the node to log or output. */
	problems: JoinProblem[];
	/** From the join: balances without a characteristic of items kept by characteristics, moved or left out. */
	itemLevelStock: ItemLevelStockNote[];
}

export async function getItems(client: OneCClient, options: GetItemsOptions = {}): Promise<GetItemsResult> {
	const tree = new FolderTree(await readFolders(client));
	let scope: Set<string> | undefined;
	if (options.folderRefs !== undefined && options.folderRefs.length > 0) {
		const { refs, missing } = tree.descendants(options.folderRefs);
		if (missing.length > 0) throw itemFoldersNotFound(missing);
		scope = refs;
	}
	const items = await readItems(client, { folderRefs: scope, unitRead: options.unitRead, maxWhereInRequests: options.maxWhereInRequests });
	const offers = await offerRowsOf(client, items, tree, scope !== undefined, options);
	if (options.join === undefined) return { offers, problems: [], itemLevelStock: [] };
	const joined = await joinStockAndPrices(client, offers, items, { maxWhereInRequests: options.maxWhereInRequests, ...options.join });
	return { offers, ...joined };
}

/**
 * The items' offer rows, with what only they need read here: the characteristics, the unit classifier and the
 * barcode index (a key per offer) go when the rows are made, before the join's reads, not at the end of the read.
 */
async function offerRowsOf(client: OneCClient, items: ItemRecord[], tree: FolderTree, scoped: boolean, options: GetItemsOptions): Promise<CatalogOffer[]> {
	const owners = items.filter((item) => item.keptByCharacteristics).map((item) => item.ref);
	const characteristics = await readCharacteristics(client, owners, { maxWhereInRequests: options.maxWhereInRequests });
	const classifier = await readUnitClassifier(client);
	// With a folder scope the barcodes of just those items (by owner while that is short); otherwise the whole register.
	const barcodes = options.includeBarcodes
		? await readBarcodes(client, { itemRefs: scoped ? new Set(items.map((i) => i.ref)) : undefined, maxWhereInRequests: options.maxWhereInRequests })
		: undefined;
	return buildOfferRows({ items, characteristics, tree, classifier, barcodes });
}
