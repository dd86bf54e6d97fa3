import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ScopeConsumer, ScopeShare } from '../../core/sync/stock-read/scope-cache';
import { describeItemLevelStock, type ItemLevelStockNote } from '../../core/sync/stock/item-level-stock';

/** Options shared by Get Items (with the join), Get Prices and Get Balances. */

export const currencyOption: INodeProperties = {
	displayName: 'Currency Name or ID',
	name: 'currency',
	type: 'options',
	default: '',
	typeOptions: { loadOptionsMethod: 'getCurrencies' },
	description:
		'Convert every price to this currency at the 1C exchange rate (КурсыВалют) on the price date, e.g. roubles for a retailCRM shop in roubles. Empty: each price type keeps its own currency. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const vatOption: INodeProperties = {
	displayName: 'VAT',
	name: 'vat',
	type: 'options',
	default: 'gross',
	options: [
		{
			name: 'Add to Net Prices',
			value: 'gross',
			description: "Prices of a price type without VAT (ЦенаВключаетНДС off) get the item's VAT rate, as retailCRM expects prices with VAT",
		},
		{ name: 'As in 1C', value: 'asIs', description: 'Every price as its price type holds it' },
	],
	description: 'Whether net prices get VAT. The output shows the price type\'s own figure and the VAT added.',
};

export const itemLevelStockOption: INodeProperties = {
	displayName: 'Stock Without Characteristic',
	name: 'itemLevelStock',
	type: 'options',
	default: 'singleOffer',
	options: [
		{ name: 'To the Only Characteristic', value: 'singleOffer', description: 'An item with one characteristic gets it there; with several it is left out' },
		{ name: 'Leave Out', value: 'drop' },
	],
	description:
		'Stock 1C holds without a characteristic for an item kept by characteristics: retailCRM has no offer for the item alone (its offers are item#characteristic). What was moved or left out is shown as a hint and logged.',
};

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

/** Item names for the item-level stock report, looked up only when there is something to report. */
export function itemNames(rows: ReadonlyArray<{ itemRef: string; itemName: string }>): (itemRef: string) => string | undefined {
	let names: Map<string, string> | undefined;
	return (ref) => {
		names ??= new Map(rows.map((row) => [row.itemRef, row.itemName]));
		return names.get(ref);
	};
}

/** Product names of Get Items' offers, for the same report. */
export function offerNames(offers: ReadonlyArray<{ ref: string; productName: string }>): (itemRef: string) => string | undefined {
	return itemNames(offers.map((o) => ({ itemRef: o.ref, itemName: o.productName })));
}

/** This run's share of the catalog read between Get Balances and Get Prices (core/sync/stock-read/scope-cache.ts). */
export function shareOf(ctx: IExecuteFunctions, consumer: ScopeConsumer): ScopeShare | undefined {
	const run = typeof ctx.getExecutionId === 'function' ? ctx.getExecutionId() : undefined;
	return run ? { run: String(run), consumer } : undefined;
}
