/**
 * Barcodes from InformationRegister_Штрихкоды (independent, non-periodic; ut103-odata.md §B7, §B10). Only rows
 * whose owner (`Владелец`, composite) is an item count; a row with a characteristic belongs to that offer, a row
 * without one to the item's own offer. The register has about one row per item, so a full read costs about
 * ⌈rows / pageSize⌉ requests — which is why the node reads it only on request ("Include Barcodes").
 */
import type { OneCClient } from '../../onec/client';
import { UT, odataTypeName } from '../../onec/model';
import { offerKey } from '../stock/offer-key';

const ITEM_OWNER_TYPE = odataTypeName(UT.Catalog_Номенклатура.set);

/** offerKey → barcodes (in register order, de-duplicated). */
export type BarcodeIndex = Map<string, string[]>;

/** Every item barcode, in pages over the register's dimensions (it has no Ref_Key to order by). */
export async function readBarcodes(client: OneCClient): Promise<BarcodeIndex> {
	const register = UT.InformationRegister_Штрихкоды.records;
	const rows = await client.readAll(register, {
		select: ['Штрихкод', 'Владелец', 'Владелец_Type', 'ХарактеристикаНоменклатуры_Key'],
		orderby: ['Владелец', 'ХарактеристикаНоменклатуры_Key', 'Штрихкод'],
	});
	const out: BarcodeIndex = new Map();
	for (const row of rows) {
		if (row.Владелец_Type !== ITEM_OWNER_TYPE || row.Владелец === null || row.Штрихкод === null) continue;
		const code = String(row.Штрихкод).trim();
		if (code === '') continue;
		const key = offerKey(row.Владелец, row.ХарактеристикаНоменклатуры_Key);
		const list = out.get(key);
		if (list === undefined) out.set(key, [code]);
		else if (!list.includes(code)) list.push(code);
	}
	return out;
}
