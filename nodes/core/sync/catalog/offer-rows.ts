/**
 * Items + characteristics + folder tree + units + barcodes → one output row per offer (pure, no I/O).
 * An item kept by characteristics (ВестиУчетПоХарактеристикам) gives one row per characteristic, named
 * `<item> (<characteristic>)`, offerKey `<item>#<characteristic>`; an item without characteristics (or kept by
 * them but with none yet) gives one row with offerKey `<item>` — the ids UT's own CommerceML export writes, so
 * orders coming back from retailCRM map without look-ups. `productKey` (the item GUID) groups offers into one
 * retailCRM product (ICML `productId`).
 */
import type { CharacteristicRow } from '../onec-read/items';
import { normalizeRef, offerKey } from '../offer-key';
import type { BarcodeIndex } from './barcodes';
import type { FolderTree } from '../onec-read/folders';
import type { ItemRecord } from '../onec-read/items';
import { offerUnit, type ClassifierUnit, type OfferUnit } from './units';
import { icmlVatRate, type IcmlVatRate } from './vat';
import { lowerCaseLatin } from '../../onec/query';

/** One offer. Field names are the contract with the ICML Builder node's defaults: keep them stable. */
export interface CatalogOffer {
	/** `<item GUID>` or `<item GUID>#<characteristic GUID>` (ICML offer id / retailCRM externalId). */
	offerKey: string;
	/** The item GUID (ICML productId: offers of one item form one product). */
	productKey: string;
	/** The item GUID. */
	ref: string;
	/** null for an item-level offer. */
	characteristicRef: string | null;
	characteristicName: string | null;
	code: string;
	article: string;
	/** Offer name: the item's, plus ` (<characteristic>)` for a characteristic offer. */
	name: string;
	/** The item's name (ICML productName). */
	productName: string;
	fullName: string;
	/** Parent folder GUID; null for an item at the top level. */
	folderRef: string | null;
	/** Folder chain from the root to the parent. */
	folders: Array<{ ref: string; name: string }>;
	/** The direct parent (ICML categoryId); null at the top level. */
	categoryId: string | null;
	categoryName: string | null;
	/** Storage unit with its OKEI code; null when 1C has none. */
	unit: OfferUnit | null;
	/** ICML vatRate: 20, 10, 0, 'none' …; null when the item's rate is empty. */
	vatRate: IcmlVatRate | null;
	isService: boolean;
	/** Kit (Набор): its stock is its parts'. */
	isSet: boolean;
	/** kg per storage unit (ЕдиницыИзмерения.Вес); null when not filled. */
	weight: number | null;
	/** Empty unless barcodes were read. */
	barcodes: string[];
	/** With "Join Stock and Prices" only. */
	quantity?: number;
	price?: number | null;
	purchasePrice?: number | null;
	/** How `price` was made (the price type's own figure, the currency conversion, the VAT added). */
	priceDetails?: PriceDetails;
	purchasePriceDetails?: PriceDetails;
}

/** A joined price as its type holds it, and what was done to it. */
export interface PriceDetails {
	/** Per storage unit, rounded as the type says, in the type's currency, with or without VAT as the type holds it. */
	typePrice: number;
	typeCurrencyRef: string | null;
	/** The type's ЦенаВключаетНДС. */
	typeIncludesVat: boolean;
	/** Units of the chosen currency per unit of the type's (1C's rate on the price date), when converted. */
	exchangeRate?: number;
	/** VAT percent added to the type's net price. */
	vatAdded?: number;
}

export interface OfferRowsInput {
	items: readonly ItemRecord[];
	characteristics: readonly CharacteristicRow[];
	tree: FolderTree;
	classifier: ReadonlyMap<string, ClassifierUnit>;
	barcodes?: BarcodeIndex;
}

/** Characteristic rows grouped by owner, each group by name then GUID (a stable order). */
export function characteristicsByOwner(characteristics: readonly CharacteristicRow[]): Map<string, CharacteristicRow[]> {
	const byOwner = new Map<string, CharacteristicRow[]>();
	const seen = new Set<string>();
	for (const ch of characteristics) {
		const owner = normalizeRef(ch.Owner_Key);
		// $top/$skip pages can repeat a row when the catalog changes during the read: one offer per GUID.
		if (owner === null || seen.has(lowerCaseLatin(ch.Ref_Key))) continue;
		seen.add(lowerCaseLatin(ch.Ref_Key));
		const list = byOwner.get(owner);
		if (list === undefined) byOwner.set(owner, [ch]);
		else list.push(ch);
	}
	for (const list of byOwner.values()) list.sort((a, b) => a.Description.localeCompare(b.Description, 'ru') || a.Ref_Key.localeCompare(b.Ref_Key));
	return byOwner;
}

/**
 * One output row per offer. Values many offers have alike — the folder chain of a folder, the unit of a classifier
 * entry, an empty barcode list — are one object shared by those rows: 300,000 offers then hold a few thousand of
 * them instead of a million small copies (the rows are read, never changed, downstream).
 */
export function buildOfferRows(input: OfferRowsInput): CatalogOffer[] {
	const byOwner = characteristicsByOwner(input.characteristics);
	const out: CatalogOffer[] = [];
	const seen = new Set<string>();
	const folderChains = new Map<string, Array<{ ref: string; name: string }>>();
	const units = new Map<string, OfferUnit | null>();
	const noBarcodes: string[] = [];
	const barcodesOf = (key: string) => input.barcodes?.get(key) ?? noBarcodes;
	for (const item of input.items) {
		if (seen.has(item.ref)) continue; // see characteristicsByOwner
		seen.add(item.ref);
		const chain = input.tree.chain(item.parentRef);
		const parent = chain.length > 0 ? chain[chain.length - 1] : undefined;
		const weight = item.storageUnit !== null && item.storageUnit.weight > 0 ? item.storageUnit.weight : null;
		const chainKey = item.parentRef ?? '';
		let folders = folderChains.get(chainKey);
		if (folders === undefined) folderChains.set(chainKey, (folders = chain.map((f) => ({ ref: f.ref, name: f.name }))));
		const unitKey = `${item.storageUnit?.classifierRef ?? item.baseUnitClassifierRef ?? ''}\u0000${item.storageUnit?.name ?? ''}`;
		let unit = units.get(unitKey);
		if (unit === undefined) units.set(unitKey, (unit = offerUnit(item, input.classifier)));
		const base = {
			productKey: item.ref,
			ref: item.ref,
			code: item.code,
			article: item.article,
			productName: item.name,
			fullName: item.fullName,
			folderRef: item.parentRef,
			folders,
			categoryId: parent?.ref ?? null,
			categoryName: parent?.name ?? null,
			unit,
			vatRate: icmlVatRate(item.vat),
			isService: item.isService,
			isSet: item.isSet,
			weight,
		};
		const chars = item.keptByCharacteristics ? byOwner.get(item.ref) : undefined;
		if (chars === undefined || chars.length === 0) {
			const key = offerKey(item.ref, null);
			out.push({ offerKey: key, ...base, characteristicRef: null, characteristicName: null, name: item.name, barcodes: barcodesOf(key) });
			continue;
		}
		for (const ch of chars) {
			const key = offerKey(item.ref, ch.Ref_Key);
			out.push({
				offerKey: key,
				...base,
				characteristicRef: lowerCaseLatin(ch.Ref_Key),
				characteristicName: ch.Description,
				name: `${item.name} (${ch.Description})`,
				// Item-level barcodes are not copied to characteristic offers: one code on several offers would be wrong.
				barcodes: barcodesOf(key),
			});
		}
	}
	return out;
}
