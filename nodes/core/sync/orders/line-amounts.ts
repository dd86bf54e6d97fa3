import type { CrmOrderItemLike } from './crm-order';
import type { Decimal } from './decimal';
import { add, cmp, dec, divRound, fitsScale, mul, round, sub, sum, ZERO } from './decimal';
import { OrderMappingError } from './errors';
import type { VatRateName } from './ut103-model';
import { vatAmount, vatPercent } from './vat';

/**
 * Turns one CRM order line into 1C row amounts (`Количество`, `Цена`, `Сумма`, `СуммаНДС`) computed the
 * way UT 10.3 computes them (docs/1c-odata.md#customer-orders):
 *   Сумма = Окр(Цена × Количество, 2)  (we never send percent discounts: the CRM price is already net of them)
 *   СуммаНДС = Окр(Сумма·r/(100+r), 2) when the sum includes VAT, Окр(Сумма·r/100, 2) otherwise.
 *
 * The CRM unit price after discounts (`initialPrice − discountTotal`) can have fractions of a kopeck when an
 * order discount is spread over several units (100 ₽ off 3 units = 33.333… per unit). `Цена` has 2 digits,
 * so one row cannot carry it. `prices[]` (CRM's own kopeck split) is used when present; otherwise, with
 * `splitRows`, an integer quantity is split into two rows (e.g. 1 × 33.34 and 2 × 33.33) so that every row
 * keeps Сумма = Цена × Количество exactly and 1C's own recalculation changes nothing; with `adjustSum`
 * (and always for fractional quantities) one row keeps the CRM line total in `Сумма` and the rounded price
 * in `Цена` — 1C keeps a sent Сумма, but would recompute it if a user edits the row.
 */
export type FractionalPriceMode = 'splitRows' | 'adjustSum';

export interface RowAmounts {
	quantity: Decimal;
	price: Decimal;
	amount: Decimal;
	vat: Decimal;
	/** Сумма differs from Окр(Цена × Количество, 2): 1C would change it on a manual recalculation. */
	adjusted: boolean;
}

export interface LineAmountOptions {
	fractionalPrice: FractionalPriceMode;
	/** СуммаВключаетНДС */
	amountIncludesVat: boolean;
	/** УчитыватьНДС */
	keepVat: boolean;
}

interface GrossGroup {
	quantity: Decimal;
	price: Decimal;
	amount: Decimal;
	adjusted: boolean;
}

function quantityOf(value: number | null | undefined, what: string): Decimal {
	const q = dec(value ?? 0);
	if (cmp(q, ZERO) <= 0 || !fitsScale(q, 3)) {
		throw new OrderMappingError('INVALID_QUANTITY', `${what}: quantity ${value ?? 'is missing; it'} must be positive with at most 3 decimals`);
	}
	return round(q, 3);
}

/** The CRM line total after discounts, to kopecks: Σ prices[] when CRM split it, else Окр(unit × qty, 2). */
export function crmLineTotal(item: CrmOrderItemLike): Decimal {
	const groups = pricesSplit(item);
	if (groups) return sum(groups.map((g) => g.amount));
	return round(mul(unitPriceAfterDiscount(item), dec(item.quantity ?? 0)), 2);
}

function unitPriceAfterDiscount(item: CrmOrderItemLike): Decimal {
	const initial = dec(item.initialPrice ?? 0);
	if (cmp(initial, ZERO) < 0) {
		throw new OrderMappingError('NEGATIVE_PRICE', `line "${item.productName ?? item.offer?.name ?? item.id}": price ${item.initialPrice} is negative`);
	}
	const unit = sub(initial, dec(item.discountTotal ?? 0));
	if (cmp(unit, ZERO) < 0) {
		throw new OrderMappingError(
			'NEGATIVE_PRICE',
			`line "${item.productName ?? item.offer?.name ?? item.id}": discount ${item.discountTotal} exceeds price ${item.initialPrice}`,
		);
	}
	return unit;
}

/** CRM `prices[]`, if usable: kopeck prices whose quantities add up to the line quantity. */
function pricesSplit(item: CrmOrderItemLike): GrossGroup[] | undefined {
	const prices = item.prices ?? [];
	if (prices.length === 0) return undefined;
	const total = sum(prices.map((p) => dec(p.quantity)));
	if (cmp(total, dec(item.quantity ?? 0)) !== 0) return undefined;
	if (prices.some((p) => !fitsScale(dec(p.price), 2) || p.price < 0 || p.quantity <= 0)) return undefined;
	const merged: GrossGroup[] = [];
	for (const p of prices) {
		const price = round(dec(p.price), 2);
		const quantity = round(dec(p.quantity), 3);
		const last = merged[merged.length - 1];
		if (last && cmp(last.price, price) === 0) {
			last.quantity = add(last.quantity, quantity);
			last.amount = round(mul(last.price, last.quantity), 2);
		} else {
			merged.push({ price, quantity, amount: round(mul(price, quantity), 2), adjusted: false });
		}
	}
	return merged;
}

function grossGroups(item: CrmOrderItemLike, mode: FractionalPriceMode, what: string): GrossGroup[] {
	const quantity = quantityOf(item.quantity, what);
	const fromCrm = pricesSplit(item);
	if (fromCrm) return fromCrm;
	const unit = unitPriceAfterDiscount(item);
	if (fitsScale(unit, 2)) {
		const price = round(unit, 2);
		return [{ price, quantity, amount: round(mul(price, quantity), 2), adjusted: false }];
	}
	const lineTotal = round(mul(unit, quantity), 2);
	if (mode === 'splitRows' && fitsScale(quantity, 0)) {
		// k units at base + 1 kopeck, the rest at base: Σ = lineTotal exactly.
		const units = round(quantity, 0).n;
		const totalKopecks = lineTotal.n;
		const base = totalKopecks / units;
		const extra = totalKopecks - base * units;
		const groups: GrossGroup[] = [];
		const kopecks = (n: bigint): Decimal => ({ n, s: 2 });
		const qty = (n: bigint): Decimal => round({ n, s: 0 }, 3);
		if (extra > BigInt(0)) groups.push({ price: kopecks(base + BigInt(1)), quantity: qty(extra), amount: kopecks((base + BigInt(1)) * extra), adjusted: false });
		if (units - extra > BigInt(0)) groups.push({ price: kopecks(base), quantity: qty(units - extra), amount: kopecks(base * (units - extra)), adjusted: false });
		return groups;
	}
	const price = divRound(lineTotal, quantity, 2);
	return [{ price, quantity, amount: lineTotal, adjusted: cmp(round(mul(price, quantity), 2), lineTotal) !== 0 }];
}

/**
 * Net amount S with S + Окр(S·r/100, 2) = gross, so that a document with VAT on top still totals the CRM
 * (customer-paid) amount. Some gross values cannot be hit (VAT steps skip a kopeck); then the nearest net
 * is returned and the totals check reports the kopeck.
 */
export function netFromGross(gross: Decimal, rate: VatRateName): Decimal {
	const target = round(gross, 2);
	const estimate = divRound(mul(gross, dec(100)), add(dec(100), dec(vatPercent(rate))), 2);
	const step: Decimal = { n: BigInt(1), s: 2 };
	let best = estimate;
	let bestGap: Decimal | undefined;
	for (const k of [0, -1, 1, -2, 2, -3, 3]) {
		const candidate = add(estimate, mul(step, dec(k)));
		const back = add(candidate, vatAmount(candidate, rate, false, true));
		const gap = sub(back, target);
		const absGap = gap.n < BigInt(0) ? { n: -gap.n, s: gap.s } : gap;
		if (bestGap === undefined || cmp(absGap, bestGap) < 0) {
			best = candidate;
			bestGap = absGap;
		}
	}
	return best;
}

/** Row amounts for one CRM line at one VAT rate. */
export function lineRows(item: CrmOrderItemLike, rate: VatRateName, options: LineAmountOptions, what: string): RowAmounts[] {
	const groups = grossGroups(item, options.fractionalPrice, what);
	return groups.map((g) => {
		if (!options.keepVat || options.amountIncludesVat) {
			return { quantity: g.quantity, price: g.price, amount: g.amount, vat: vatAmount(g.amount, rate, options.amountIncludesVat, options.keepVat), adjusted: g.adjusted };
		}
		// VAT on top: CRM amounts are what the customer pays, so 1C gets the net part.
		const amount = netFromGross(g.amount, rate);
		const price = divRound(amount, g.quantity, 2);
		return {
			quantity: g.quantity,
			price,
			amount,
			vat: vatAmount(amount, rate, false, true),
			adjusted: cmp(round(mul(price, g.quantity), 2), amount) !== 0,
		};
	});
}
