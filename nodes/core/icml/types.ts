/**
 * Input model of the ICML catalog (docs/retailcrm-api.md#icml). Plain data, no n8n types:
 * the 1C side (core/onec, core/sync) fills it, the IcmlBuilder node passes it through.
 */

/** `<param name code>value</param>`: an offer property (size, colour…). */
export interface IcmlParam {
	/** Machine code, e.g. `size`; optional in ICML. */
	code?: string;
	/** Human label shown in retailCRM, e.g. `Размер`. */
	name: string;
	value: string | number;
}

/** `<unit code name sym/>`; 1C holds the OKEI code (`796` = штука). */
export interface IcmlUnit {
	code: string;
	name: string;
	sym: string;
}

/** Centimetres; written as `length/width/height`. */
export interface IcmlDimensions {
	length: number;
	width: number;
	height: number;
}

export interface IcmlOffer {
	/** `offer@id`, becomes the offer's externalId in retailCRM (1C GUID or `GUID#characteristicGUID`). */
	id: string;
	/** `offer@productId`, the product's externalId. Usually filled by grouping (see grouping.ts). */
	productId?: string;
	/** Offer name. */
	name: string;
	/** Product name shared by the offers of one product. Filled by grouping when absent. */
	productName?: string;
	/** Base price, written with two decimals. */
	price?: number;
	purchasePrice?: number;
	/** Total stock (ICML has no per-warehouse stock). */
	quantity?: number;
	/** One category id, or several in `categoryIds` (both are written, categoryId first). */
	categoryId?: string;
	categoryIds?: string[];
	/** `<xmlId>`: the 1C GUID or code, so stock and price uploads can find the offer. */
	xmlId?: string;
	vendor?: string;
	/** Written as `<param name="Артикул" code="article">`. */
	article?: string;
	params?: IcmlParam[];
	unit?: IcmlUnit;
	/** `none` or a rate such as 0, 10, 20. */
	vatRate?: string | number;
	/** Kilograms. */
	weight?: number;
	dimensions?: IcmlDimensions;
	barcodes?: string[];
	url?: string;
	pictures?: string[];
	/** `<productActivity>` Y/N. */
	productActivity?: boolean;
	/** `offer@type`; written only when given. */
	type?: 'product' | 'service';
	/** `<markable>` Y/N; written only when given. */
	markable?: boolean;
	/**
	 * Source fields that grouping mode `field` may read (e.g. the 1C owner item GUID), so the
	 * grouping key does not have to be one of the ICML fields above.
	 */
	groupFields?: Record<string, string | number | null | undefined>;
}

export interface IcmlCategory {
	id: string;
	/**
	 * Omitted for top-level categories. `''`, `'0'` and the 1C empty reference
	 * `00000000-0000-0000-0000-000000000000` also mean top level (writers skip parentId ≤ 0, docs/retailcrm-api.md#icml).
	 */
	parentId?: string;
	name: string;
	/** Optional; when given the category is written in the `<name>`+`<picture>` child form. */
	picture?: string;
}

export interface IcmlShop {
	name: string;
	company: string;
}

export interface IcmlInput {
	shop: IcmlShop;
	/**
	 * `yml_catalog@date`: a Date (formatted `YYYY-MM-DD HH:mm:ss` in `timeZone`, UTC by default)
	 * or an already formatted string. Passed in, never read from a clock here, so output is reproducible.
	 */
	date: Date | string;
	categories: IcmlCategory[];
	offers: IcmlOffer[];
}

/** parentId values that mean "top level": nothing, 0, or 1C's empty reference. */
export function isTopLevelParent(parentId: string | null | undefined): boolean {
	return parentId === undefined || parentId === null || parentId === '' || parentId === '0' || parentId === '00000000-0000-0000-0000-000000000000';
}
