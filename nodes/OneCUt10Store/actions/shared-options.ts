import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ScopeConsumer, ScopeShare } from '../../core/sync/onec-read/scope-cache';
import { describeItemLevelStock, type ItemLevelStockNote } from '../../core/sync/stock/item-level-stock';

/** Options shared by Get Items (with the join), Get Prices and Get Balances (and the reconciliation node). */
export { currencyOption, foldersOption, itemLevelStockOption, vatOption } from '../../shared/onec-options';

/** Get Balances, and Get Items with Join Stock and Prices: the register of НТТ warehouses' goods. */
export const nttRegisterOption: INodeProperties = {
	displayName: 'NTT Warehouses Register',
	name: 'nttRegister',
	type: 'options',
	default: 'ТоварыВНТТ',
	options: [
		{ name: 'ТоварыВНТТ (Goods in НТТ, UT 10.3 Standard)', value: 'ТоварыВНТТ' },
		{ name: 'ТоварыВРознице (Retail Goods)', value: 'ТоварыВРознице' },
		{ name: 'ТоварыНаСкладах (Goods in Warehouses)', value: 'ТоварыНаСкладах' },
	],
	description: 'Which balance register holds the goods of НТТ (non-automated retail point) warehouses in your base',
};

/**
 * Get Balances' Balance Page Size and Get Prices' Slice Page Size: both page a 1C virtual table with $top/$skip
 * (core/onec/client.ts balancePages, sliceLastPages), so the option and its wording are one; only what is paged differs.
 */
export function virtualTablePageSizeOption(option: { displayName: string; name: string; request: string; paged: string; computed: string }): INodeProperties {
	return {
		displayName: option.displayName,
		name: option.name,
		type: 'number',
		default: 50000,
		typeOptions: { minValue: 0 },
		description: `Rows per ${option.request} request. Pages keep ${option.paged} from arriving as one huge answer; each page makes 1C compute ${option.computed} again, so they are large. A base that ignores $skip on virtual tables is read in one request automatically. 0: always one request.`,
	};
}


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

/** Product names of Get Items' offers, for the item-level stock report, looked up only when there is something to report. */
export function offerNames(offers: ReadonlyArray<{ ref: string; productName: string }>): (itemRef: string) => string | undefined {
	let names: Map<string, string> | undefined;
	return (ref) => {
		names ??= new Map(offers.map((offer) => [offer.ref, offer.productName]));
		return names.get(ref);
	};
}

/** This run: n8n's execution id, when the context has one. */
export function runOf(ctx: IExecuteFunctions): string | undefined {
	const run = typeof ctx.getExecutionId === 'function' ? ctx.getExecutionId() : undefined;
	return run ? String(run) : undefined;
}

/** This run's share of the catalog read between Get Balances and Get Prices (core/sync/onec-read/scope-cache.ts). */
export function shareOf(ctx: IExecuteFunctions, consumer: ScopeConsumer): ScopeShare | undefined {
	const run = runOf(ctx);
	return run === undefined ? undefined : { run, consumer };
}
