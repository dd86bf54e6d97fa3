import type { IExecuteFunctions } from 'n8n-workflow';
import { describeItemLevelStock, type ItemLevelStockNote } from '../../core/sync/stock/item-level-stock';

/** Options shared by Get Items (with the join), Get Prices and Get Balances (and the reconciliation node). */
export { currencyOption, foldersOption, itemLevelStockOption, vatOption } from '../../shared/onec-options';


/** Shows what happened to item-level balances of items kept by characteristics (hint + log), if anything did. */
export function reportItemLevelStock(ctx: IExecuteFunctions, notes: readonly ItemLevelStockNote[], nameOf: (itemRef: string) => string | undefined = () => undefined): void {
	if (notes.length === 0) return;
	for (const note of notes.slice(0, 20)) ctx.logger.warn(`1C stock: ${describeItemLevelStock(note, nameOf(note.itemRef))}`);
	if (notes.length > 20) ctx.logger.warn(`1C stock: ${notes.length - 20} more balances without a characteristic`);
	const moved = notes.filter((n) => n.outcome === 'movedToSingleOffer').length;
	if (typeof ctx.addExecutionHints === 'function') {
		ctx.addExecutionHints({
			type: 'warning',
			location: 'outputPane',
			message: `${notes.length} balance(s) 1C holds without a characteristic for items kept by characteristics: ${moved} moved to the item's only characteristic, ${notes.length - moved} left out. E.g. ${describeItemLevelStock(notes[0], nameOf(notes[0].itemRef))}. See the n8n log for more.`,
		});
	}
}

