/**
 * "Build From 1C": the ICML catalog straight from the 1C read, without n8n items in between.
 *
 * The two-node template (1C: Get Items → ICML Builder) hands every offer row to n8n, which keeps each row in the
 * run data until the run ends and evaluates about twenty expressions per row; at 300,000 offers that is most of
 * the memory and the time (README "Large catalogs"). Here the rows of getItems (get-items.ts, the same requests as
 * Get Items) become IcmlOffers one by one, each row let go as soon as it is converted, with the mapping the shipped
 * template's expressions make (offerKey → id and xmlId, name, productName, prices, quantity, folder chain →
 * categories, article, unit, VAT, weight, barcodes, isService → type), through the same conversion
 * (from-items.ts offerFromValues), so the file is byte for byte the template's. The document is then written by the
 * ICML writer in chunks (build.ts), never held whole.
 */
import { buildIcmlFromOffers, type IcmlCatalogBuild, type IcmlCatalogOptions } from '../../icml/build';
import { CategoryCollector } from '../../icml/categories-from-folders';
import { offerFromValues } from '../../icml/from-items';
import type { IcmlOffer, IcmlShop } from '../../icml/types';
import type { OneCClient } from '../../onec/client';
import { getItems, type GetItemsOptions, type GetItemsResult } from './get-items';
import type { CatalogOffer } from './offer-rows';

export interface IcmlFromOneCOptions extends IcmlCatalogOptions {
	/** What to read from 1C: Get Items' settings. */
	read: GetItemsOptions;
	shop: IcmlShop;
	date: Date | string;
	/**
	 * Called once the 1C read is complete, before its rows are converted (and let go): for the caller's report of
	 * prices that could not be computed and of item-level stock, which may look up the rows.
	 */
	onRead?: (result: GetItemsResult) => void;
}

/** One 1C offer row as the shipped template's ICML Builder expressions map it (workflows/1c-catalog-to-retailcrm-icml.json). */
export function offerFromCatalogRow(row: CatalogOffer, withGroupKey = false): IcmlOffer {
	return offerFromValues({
		id: row.offerKey,
		name: row.name,
		productName: row.productName,
		price: row.price,
		purchasePrice: row.purchasePrice,
		quantity: row.quantity,
		categoryId: row.categoryId,
		xmlId: row.offerKey,
		article: row.article,
		unit: row.unit,
		vatRate: row.vatRate,
		weight: row.weight,
		barcodes: row.barcodes,
		type: row.isService,
		// Grouping "By Field" here groups by the 1C item (its GUID), the only product key a 1C row carries.
		...(withGroupKey ? { productGroupKey: row.productKey } : {}),
	});
}

/**
 * Reads the catalog from 1C and builds the ICML document (throws IcmlValidationError as buildIcml does). The rows
 * are converted in order and each array slot is cleared as it is read, so the rows and the offers are not both
 * held whole: the peak is the rows plus the offers made so far, not rows + offers + the XML.
 */
export async function buildIcmlFromOneC(client: OneCClient, options: IcmlFromOneCOptions): Promise<IcmlCatalogBuild> {
	// The ICML shows no price details: the join leaves them out (600,000 objects fewer at 300,000 offers).
	const join = options.read.join === undefined ? undefined : { ...options.read.join, priceDetails: false };
	const read = await getItems(client, { ...options.read, join });
	options.onRead?.(read);
	const rows: Array<CatalogOffer | undefined> = read.offers;
	read.offers = [];
	const withGroupKey = options.grouping?.mode === 'field';
	const categories = new CategoryCollector();
	const offers = new Array<IcmlOffer>(rows.length);
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i] as CatalogOffer;
		rows[i] = undefined;
		const offer = offerFromCatalogRow(row, withGroupKey);
		// As the builder's "From Offers' Folder Chain" does with the template's Folder Chain and Category Name.
		categories.placeOffer(offer, row.folders, row.categoryName);
		offers[i] = offer;
	}
	rows.length = 0;
	return buildIcmlFromOffers({ shop: options.shop, date: options.date, categories: categories.list(), offers }, options);
}
