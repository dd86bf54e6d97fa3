/**
 * Stock per offer and warehouse from UT 10.3 balance registers (docs/1c-odata.md#virtual-tables, #ut-103-objects, #stock-registers).
 *
 * The caller reads `Balance(Dimensions='Склад,Номенклатура,ХарактеристикаНоменклатуры')` of
 *   - `ТоварыНаСкладах` for Оптовый warehouses, `ТоварыВРознице` for Розничный and `ТоварыВНТТ` for НТТ ones (passed together as `stock`),
 *   - and, for free stock, `ТоварыВРезервеНаСкладах` and `ТоварыКПередачеСоСкладов` with the same dimensions.
 * Free stock = on hand − reserved − to be shipped, as UT 10.3's own site export computes it (docs/1c-odata.md#stock-registers); the result is
 * clamped at 0 per offer and warehouse. Pure: no I/O; codes and names are added by the caller.
 */
import { isEmptyRef, normalizeRef, offerKey } from '../offer-key';
import { compareStrings } from '../../common/compare-strings';
import type { BalanceRow } from '../onec-read/balance-read';
import type { OfferInScope } from '../onec-read/items';
import type { ItemLevelStockNote, ItemLevelStockRule } from './item-level-stock';

export interface StockRow {
	/** `<item>` or `<item>#<characteristic>` (offer-key.ts). */
	offerKey: string;
	itemRef: string;
	characteristicRef: string | null;
	warehouseRef: string;
	/** Never negative; rounded to 1C's 3 fraction digits. */
	quantity: number;
}

export interface CombineBalancesInput {
	/** Balance rows of ТоварыНаСкладах (Оптовый), ТоварыВРознице (Розничный) and ТоварыВНТТ (НТТ). Several rows per key are summed. */
	stock: readonly BalanceRow[];
	/** "Free stock": subtract reserves and goods to be shipped. */
	freeStock?: boolean;
	/** Balance rows of ТоварыВРезервеНаСкладах; required when freeStock is on (may be empty). */
	reserves?: readonly BalanceRow[];
	/** Balance rows of ТоварыКПередачеСоСкладов; required when freeStock is on (may be empty). */
	transfers?: readonly BalanceRow[];
	/**
	 * Warehouses in scope. When given, rows of other warehouses are ignored (a reserve query may be wider than the
	 * stock query). Required for includeZeroStock: zeros are produced for every offer on each of these warehouses.
	 */
	warehouseRefs?: readonly string[];
	/** "Include zero stock": every offer in `offersInScope` gets a row (0 when it has no stock) per warehouse. */
	includeZeroStock?: boolean;
	/** All offers (items and characteristics) in scope; required for includeZeroStock. */
	offersInScope?: readonly OfferInScope[];
}

/** 1C keeps quantities with 3 fraction digits; rounding here removes binary noise such as 23.1 − 0.1 = 22.999…. */
export function roundQuantity(value: number): number {
	return Math.round(value * 1000) / 1000;
}

/**
 * Combines balance rows into one non-negative quantity per offer and warehouse.
 * Offers that appear only in reserve/transfer rows come out as 0 (their stock row vanished because Balance
 * drops zero rows) — sending that 0 keeps a sold-out offer from keeping its old CRM stock.
 */
export function combineBalances(input: CombineBalancesInput): StockRow[] {
	const freeStock = input.freeStock === true;
	if (freeStock && (input.reserves === undefined || input.transfers === undefined)) {
		throw new Error(
			'combineBalances: "Free stock" needs the Balance rows of ТоварыВРезервеНаСкладах and ТоварыКПередачеСоСкладов (pass empty arrays when there are none)',
		);
	}
	if (input.includeZeroStock === true && (input.offersInScope === undefined || input.warehouseRefs === undefined)) {
		throw new Error('combineBalances: "Include zero stock" needs offersInScope and warehouseRefs');
	}
	const totals = new BalanceTotals(input.warehouseRefs);
	totals.add(input.stock, 'stock');
	if (freeStock) {
		totals.add(input.reserves ?? [], 'deduction');
		totals.add(input.transfers ?? [], 'deduction');
	}
	if (input.includeZeroStock === true) for (const offer of input.offersInScope ?? []) totals.addZero(offer.itemRef, offer.characteristicRef);
	const out: StockRow[] = [];
	totals.forEachRow(freeStock, (row) => out.push({ offerKey: row.offerKey, itemRef: row.itemRef, characteristicRef: row.characteristicRef, warehouseRef: row.warehouseRef, quantity: row.quantity }));
	return out;
}

/**
 * Balance rows summed per offer and warehouse as they are read, page by page, so a stock read of 300,000 offers holds
 * one small record per offer instead of every row of every register and a string key per offer and warehouse. The
 * rules are combineBalances' (free stock, scope, zero stock) and item-level-stock.ts's (balances without a
 * characteristic of items kept by characteristics); combineBalances runs on this class, so there is one implementation.
 */
/** One warehouse of one offer. */
interface Cell {
	warehouse: number;
	/** Sum of the stock registers' rows. */
	stock: number;
	/** Sum of the reserve and transfer rows (free stock subtracts it). */
	deduction: number;
	/** Order of the first stock row read for this cell, or -1 when none was (a zero row, or reserves only). */
	stockRow: number;
	/** Stock held without a characteristic that went to this, the item's only characteristic. */
	moved?: number;
}

/** One offer: the strings are kept once and shared by every output row of the offer. */
interface OfferTotals {
	offerKey: string;
	itemRef: string;
	characteristicRef: string | null;
	cells: Cell[];
}

/** A stock row of the output with what it carries besides the quantity. */
export interface TotalRow extends StockRow {
	/** Part of the quantity 1C holds without a characteristic (moved here by the item-level rule). */
	itemLevelQuantity?: number;
}

export class BalanceTotals {
	private readonly offers = new Map<string, OfferTotals>();
	private readonly warehouseIndex = new Map<string, number>();
	private readonly warehouseRefs: string[] = [];
	private readonly fixedWarehouses: boolean;
	private stockRows = 0;

	/**
	 * `warehouseRefs`: the warehouses in scope (rows of others are ignored; zeros are made for these). Undefined: every
	 * warehouse a row names.
	 */
	constructor(warehouseRefs?: readonly string[]) {
		this.fixedWarehouses = warehouseRefs !== undefined;
		for (const ref of warehouseRefs ?? []) {
			const normal = normalizeRef(ref);
			if (normal !== null) this.warehouse(normal);
		}
	}

	/** Offers read so far. */
	get size(): number {
		return this.offers.size;
	}

	private warehouse(ref: string): number {
		let index = this.warehouseIndex.get(ref);
		if (index === undefined) {
			index = this.warehouseRefs.length;
			this.warehouseRefs.push(ref);
			this.warehouseIndex.set(ref, index);
		}
		return index;
	}

	private offer(itemRef: string, characteristicRef: string | null): OfferTotals {
		const key = offerKey(itemRef, characteristicRef);
		let offer = this.offers.get(key);
		if (offer === undefined) {
			offer = { offerKey: key, itemRef, characteristicRef, cells: [] };
			this.offers.set(key, offer);
		}
		return offer;
	}

	private static cell(offer: OfferTotals, warehouse: number): Cell {
		const cells = offer.cells;
		for (let i = 0; i < cells.length; i++) if (cells[i].warehouse === warehouse) return cells[i];
		const cell: Cell = { warehouse, stock: 0, deduction: 0, stockRow: -1 };
		cells.push(cell);
		return cell;
	}

	/**
	 * Adds Balance rows: `stock` (ТоварыНаСкладах, ТоварыВРознице, ТоварыВНТТ) or `deduction` (ТоварыВРезервеНаСкладах,
	 * ТоварыКПередачеСоСкладов, subtracted). `inScope` keeps only rows of these items (lower-case refs).
	 */
	add(rows: readonly BalanceRow[], part: 'stock' | 'deduction', inScope?: (itemRef: string) => boolean): void {
		for (let i = 0; i < rows.length; i++) {
			const row = rows[i];
			if (isEmptyRef(row.Номенклатура_Key) || isEmptyRef(row.Склад_Key)) continue;
			const warehouseRef = row.Склад_Key.toLowerCase();
			if (this.fixedWarehouses && !this.warehouseIndex.has(warehouseRef)) continue;
			const itemRef = row.Номенклатура_Key.toLowerCase();
			if (inScope !== undefined && !inScope(itemRef)) continue;
			const cell = BalanceTotals.cell(this.offer(itemRef, normalizeRef(row.ХарактеристикаНоменклатуры_Key)), this.warehouse(warehouseRef));
			const quantity = Number(row.КоличествоBalance);
			if (part === 'stock') {
				if (Number.isFinite(quantity)) cell.stock += quantity;
				if (cell.stockRow < 0) cell.stockRow = this.stockRows++;
			} else if (Number.isFinite(quantity)) cell.deduction += quantity;
		}
	}

	/** "Include zero stock": the offer gets a row (0 when it has no stock) on every warehouse in scope. */
	addZero(itemRef: string, characteristicRef: string | null | undefined): void {
		const item = normalizeRef(itemRef);
		if (item === null) return;
		const offer = this.offer(item, normalizeRef(characteristicRef));
		for (let w = 0; w < this.warehouseRefs.length; w++) BalanceTotals.cell(offer, w);
	}

	/** Leaves out the offers `out` names (all their rows, stock and deductions). */
	dropOffers(out: (itemRef: string, characteristicRef: string | null) => boolean): void {
		for (const [key, offer] of [...this.offers]) if (out(offer.itemRef, offer.characteristicRef)) this.offers.delete(key);
	}

	/** Item refs of every offer read (for reading the items' codes). */
	itemRefs(): Set<string> {
		const out = new Set<string>();
		for (const offer of this.offers.values()) out.add(offer.itemRef);
		return out;
	}

	/** Items that have a balance without a characteristic. */
	itemsWithItemLevelRows(): Set<string> {
		const out = new Set<string>();
		for (const offer of this.offers.values()) if (offer.characteristicRef === null) out.add(offer.itemRef);
		return out;
	}

	/**
	 * Balances without a characteristic of items in `characteristicsOf` (kept by characteristics, item → its
	 * characteristics): `singleOffer` moves them to the item's only characteristic, otherwise (and with `drop`) they are
	 * left out. Returns a note per stock row moved or left out, in the order the rows were read.
	 */
	placeItemLevel(characteristicsOf: ReadonlyMap<string, readonly string[]>, rule: ItemLevelStockRule = 'singleOffer'): ItemLevelStockNote[] {
		const notes: Array<ItemLevelStockNote & { order: number }> = [];
		for (const offer of [...this.offers.values()]) {
			if (offer.characteristicRef !== null) continue;
			const characteristics = characteristicsOf.get(offer.itemRef);
			if (characteristics === undefined || characteristics.length === 0) continue;
			this.offers.delete(offer.offerKey);
			const single = rule === 'singleOffer' && characteristics.length === 1 ? characteristics[0].toLowerCase() : undefined;
			const target = single === undefined ? undefined : this.offer(offer.itemRef, single);
			for (const cell of offer.cells) {
				if (target !== undefined) {
					const into = BalanceTotals.cell(target, cell.warehouse);
					into.stock += cell.stock;
					into.deduction += cell.deduction;
					if (cell.stockRow >= 0) {
						into.moved = (into.moved ?? 0) + cell.stock;
						if (into.stockRow < 0 || cell.stockRow < into.stockRow) into.stockRow = cell.stockRow;
					}
				}
				if (cell.stockRow < 0) continue;
				const note = { itemRef: offer.itemRef, warehouseRef: this.warehouseRefs[cell.warehouse], quantity: cell.stock, characteristics: characteristics.length, order: cell.stockRow };
				notes.push(single === undefined ? { ...note, outcome: 'leftOut' } : { ...note, outcome: 'movedToSingleOffer', characteristicRef: single });
			}
		}
		notes.sort((a, b) => a.order - b.order);
		return notes.map(({ order: _order, ...note }) => note);
	}

	/**
	 * The rows, one per offer and warehouse, ordered by offer key then warehouse ref: quantity = stock, or stock minus
	 * reserves and transfers with `freeStock`; never negative, 3 fraction digits. Each row is made when `visit` takes it.
	 */
	forEachRow(freeStock: boolean, visit: (row: TotalRow) => void): void {
		const offers = [...this.offers.values()].sort((a, b) => compareStrings(a.offerKey, b.offerKey));
		const refs = this.warehouseRefs;
		for (const offer of offers) {
			const cells = offer.cells.length > 1 ? [...offer.cells].sort((a, b) => compareStrings(refs[a.warehouse], refs[b.warehouse])) : offer.cells;
			for (const cell of cells) {
				const raw = freeStock ? cell.stock - cell.deduction : cell.stock;
				// Negative balances (over-reserved, or a register gone negative by back-dated documents) mean "none free".
				const row: TotalRow = { offerKey: offer.offerKey, itemRef: offer.itemRef, characteristicRef: offer.characteristicRef, warehouseRef: refs[cell.warehouse], quantity: Math.max(0, roundQuantity(raw)) };
				if (cell.moved !== undefined) row.itemLevelQuantity = cell.moved;
				visit(row);
			}
		}
	}
}
