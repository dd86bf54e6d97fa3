/**
 * Balances without a characteristic of items kept by characteristics (ВестиУчетПоХарактеристикам). 1C can hold
 * them (documents entered before the flag was set, or posted without a characteristic), but their offer key is the
 * bare item GUID, which is not among the offers of such an item (`GUID#characteristic`, offer-key.ts): retailCRM
 * would report it as not found and the stock would be invisible. What happens to them is a rule:
 * - `singleOffer` (default): an item with exactly one characteristic gets the balance on that offer; otherwise it
 *   is left out;
 * - `drop`: always left out.
 * Every balance moved or left out is reported, so the output can say what happened. Pure: no I/O.
 */
import { normalizeRef } from '../offer-key';
import type { BalanceRow } from '../onec-read/balance-read';

export type ItemLevelStockRule = 'singleOffer' | 'drop';

export interface ItemLevelStockNote {
	itemRef: string;
	warehouseRef: string;
	/** The item-level balance (a reserve or transfer row counts negative with free stock: as read). */
	quantity: number;
	outcome: 'movedToSingleOffer' | 'leftOut';
	/** The characteristic it went to (`movedToSingleOffer`). */
	characteristicRef?: string;
	/** Characteristics the item has (not marked for deletion). */
	characteristics: number;
}

/**
 * `characteristicsOf`: item Ref_Key → its characteristics, for items kept by characteristics. Items not in it (not
 * kept by characteristics, or without any characteristic: their offer IS the item key) keep item-level rows.
 */
export function placeItemLevelStock(
	rows: readonly BalanceRow[],
	characteristicsOf: ReadonlyMap<string, readonly string[]>,
	rule: ItemLevelStockRule = 'singleOffer',
): { rows: BalanceRow[]; notes: ItemLevelStockNote[] } {
	const out: BalanceRow[] = [];
	const notes: ItemLevelStockNote[] = [];
	for (const row of rows) {
		const itemRef = normalizeRef(row.Номенклатура_Key);
		const characteristics = itemRef === null || normalizeRef(row.ХарактеристикаНоменклатуры_Key) !== null ? undefined : characteristicsOf.get(itemRef);
		if (characteristics === undefined || characteristics.length === 0) {
			out.push(row);
			continue;
		}
		const note = { itemRef: itemRef as string, warehouseRef: normalizeRef(row.Склад_Key) ?? '', quantity: Number(row.КоличествоBalance), characteristics: characteristics.length };
		if (rule === 'singleOffer' && characteristics.length === 1) {
			const characteristicRef = characteristics[0].toLowerCase();
			out.push({ ...row, ХарактеристикаНоменклатуры_Key: characteristicRef });
			notes.push({ ...note, outcome: 'movedToSingleOffer', characteristicRef });
		} else {
			notes.push({ ...note, outcome: 'leftOut' });
		}
	}
	return { rows: out, notes };
}

/** One line per note, for logs and execution hints. */
export function describeItemLevelStock(note: ItemLevelStockNote, itemName?: string): string {
	const what = `${itemName ? `"${itemName}" (${note.itemRef})` : note.itemRef}: ${note.quantity} without a characteristic on warehouse ${note.warehouseRef}`;
	return note.outcome === 'movedToSingleOffer'
		? `${what} went to its only characteristic ${note.characteristicRef}`
		: `${what} was left out (the item is kept by characteristics and has ${note.characteristics}; retailCRM has no offer for the item alone)`;
}
