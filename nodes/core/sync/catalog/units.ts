/**
 * The OKEI unit of an item for ICML `<unit code name sym/>`: the storage unit's ЕдиницаПоКлассификатору in
 * Catalog_КлассификаторЕдиницИзмерения (Code = OKEI code, e.g. "796"; Description = short name "шт";
 * НаименованиеПолное = "Штука"). Quantities and prices are per storage unit, so that unit is the offer's unit;
 * an item without a storage unit falls back to its БазоваяЕдиницаИзмерения (a classifier entry itself).
 */
import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import type { ItemRecord } from '../onec-read/items';
import { lowerCaseLatin } from '../../onec/query';

export interface ClassifierUnit {
	ref: string;
	/** OKEI code, trimmed. */
	code: string;
	shortName: string;
	fullName: string;
}

/** ICML unit: `code` = OKEI code, `name` = full name, `sym` = short name. */
export interface OfferUnit {
	code: string;
	name: string;
	sym: string;
}

/** The whole classifier (tens to a few hundred rows: one request). */
export async function readUnitClassifier(client: OneCClient): Promise<Map<string, ClassifierUnit>> {
	const rows = await client.readAll(UT.Catalog_КлассификаторЕдиницИзмерения, { select: ['Ref_Key', 'Code', 'Description', 'НаименованиеПолное'] });
	return new Map(rows.map((row) => [lowerCaseLatin(row.Ref_Key), { ref: lowerCaseLatin(row.Ref_Key), code: row.Code.trim(), shortName: row.Description, fullName: row.НаименованиеПолное }]));
}

/** null when neither the storage unit nor the base unit leads to a classifier entry. */
export function offerUnit(item: ItemRecord, classifier: ReadonlyMap<string, ClassifierUnit>): OfferUnit | null {
	const classifierRef = item.storageUnit?.classifierRef ?? item.baseUnitClassifierRef;
	const entry = classifierRef === null ? undefined : classifier.get(classifierRef);
	if (entry === undefined) {
		// A storage unit without a classifier link still has a name worth showing; no OKEI code to give.
		if (item.storageUnit !== null && item.storageUnit.name !== '') return { code: '', name: item.storageUnit.name, sym: item.storageUnit.name };
		return null;
	}
	return { code: entry.code, name: entry.fullName || entry.shortName, sym: entry.shortName || entry.fullName };
}
