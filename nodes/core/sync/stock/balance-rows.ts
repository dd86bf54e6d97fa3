/**
 * Stock per offer and warehouse from UT 10.3 balance registers (docs/1c-odata.md#virtual-tables, #ut-103-objects, #stock-registers).
 *
 * The caller reads `Balance(Dimensions='Склад,Номенклатура,ХарактеристикаНоменклатуры')` of
 *   - `ТоварыНаСкладах` for Оптовый warehouses, `ТоварыВРознице` for Розничный and `ТоварыВНТТ` for НТТ ones (passed together as `stock`),
 *   - and, for free stock, `ТоварыВРезервеНаСкладах` and `ТоварыКПередачеСоСкладов` with the same dimensions.
 * Free stock = on hand − reserved − to be shipped, as UT 10.3's own site export computes it (docs/1c-odata.md#stock-registers); the result is
 * clamped at 0 per offer and warehouse. Pure: no I/O; codes and names are added by the caller.
 */
import { isEmptyRef, normalizeRef, offerKey, type RefValue } from '../offer-key';

/** One row of a register's `Balance` virtual table after the OData codecs (refs as GUID strings or null). */
export interface BalanceRow {
	Склад_Key: RefValue;
	Номенклатура_Key: RefValue;
	ХарактеристикаНоменклатуры_Key?: RefValue;
	КоличествоBalance: number;
}

/** An offer that exists in the catalog scope (for "Include zero stock"). */
export interface OfferInScope {
	itemRef: string;
	characteristicRef?: RefValue;
}

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

interface Accumulator {
	itemRef: string;
	characteristicRef: string | null;
	warehouseRef: string;
	quantity: number;
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
	const scope = input.warehouseRefs === undefined ? null : new Set(input.warehouseRefs.map((ref) => normalizeRef(ref)));
	const totals = new Map<string, Accumulator>();

	const add = (rows: readonly BalanceRow[], sign: 1 | -1) => {
		for (const row of rows) {
			if (isEmptyRef(row.Номенклатура_Key) || isEmptyRef(row.Склад_Key)) continue;
			const warehouseRef = row.Склад_Key.toLowerCase();
			if (scope !== null && !scope.has(warehouseRef)) continue;
			const itemRef = row.Номенклатура_Key.toLowerCase();
			const characteristicRef = normalizeRef(row.ХарактеристикаНоменклатуры_Key);
			const key = offerKey(itemRef, characteristicRef);
			const mapKey = `${key}\u0000${warehouseRef}`;
			let acc = totals.get(mapKey);
			if (acc === undefined) {
				acc = { itemRef, characteristicRef, warehouseRef, quantity: 0 };
				totals.set(mapKey, acc);
			}
			const quantity = Number(row.КоличествоBalance);
			if (Number.isFinite(quantity)) acc.quantity += sign * quantity;
		}
	};

	add(input.stock, 1);
	if (freeStock) {
		add(input.reserves ?? [], -1);
		add(input.transfers ?? [], -1);
	}

	if (input.includeZeroStock === true) {
		for (const offer of input.offersInScope ?? []) {
			const itemRef = normalizeRef(offer.itemRef);
			if (itemRef === null) continue;
			const characteristicRef = normalizeRef(offer.characteristicRef);
			const key = offerKey(itemRef, characteristicRef);
			for (const warehouse of input.warehouseRefs ?? []) {
				const warehouseRef = normalizeRef(warehouse);
				if (warehouseRef === null) continue;
				const mapKey = `${key}\u0000${warehouseRef}`;
				if (!totals.has(mapKey)) totals.set(mapKey, { itemRef, characteristicRef, warehouseRef, quantity: 0 });
			}
		}
	}

	const out: StockRow[] = [];
	for (const acc of totals.values()) {
		out.push({
			offerKey: offerKey(acc.itemRef, acc.characteristicRef),
			itemRef: acc.itemRef,
			characteristicRef: acc.characteristicRef,
			warehouseRef: acc.warehouseRef,
			// Negative balances (over-reserved, or a register gone negative by back-dated documents) mean "none free".
			quantity: Math.max(0, roundQuantity(acc.quantity)),
		});
	}
	out.sort((a, b) => compareStrings(a.offerKey, b.offerKey) || compareStrings(a.warehouseRef, b.warehouseRef));
	return out;
}

/** Locale-independent ordering, so output order never depends on the host's ICU data. */
export function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
