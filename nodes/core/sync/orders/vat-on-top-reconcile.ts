import type { Decimal } from './decimal';
import { add, cmp, dec, divRound, mul, round, sub, toNumber, toText, ZERO } from './decimal';
import type { GoodsRow, ServiceRow } from './document-types';
import { vatAmount, vatPercent } from './vat';

type Row = GoodsRow | ServiceRow;

const KOPECK: Decimal = { n: BigInt(1), s: 2 };

/** The kopeck reconciliation's bounds, which the reconciliation report tolerates (reconcile/order-compare.ts). */
export const VAT_ON_TOP_BOUNDS = {
	/** One row's net may move by up to this many kopecks (step 1 below). */
	netKopecks: 3,
	/** Each VAT-bearing row's СуммаНДС may take at most this many kopecks (step 2 below). */
	vatKopecksPerRow: 1,
} as const;

/** Net moves tried, smallest first: ±1, ±2, … ±netKopecks. */
const NET_MOVES = Array.from({ length: VAT_ON_TOP_BOUNDS.netKopecks }, (_, i) => [i + 1, -(i + 1)]).flat();
const tableOf = (row: Row): string => ('ЕдиницаИзмерения_Key' in row ? 'Товары' : 'Услуги');

/**
 * With VAT on top of the sum, a row totals `Сумма + Окр(Сумма·r/100, 2)`, which skips some kopeck values
 * (at 20 %: net 0.03 → 0.04 gross, so a gross of 0.03 cannot be hit; one gross in six is out of reach). When the
 * rows miss the CRM total by a few kopecks:
 *  1. move one row's net by up to 3 kopecks so that net + VAT lands exactly on it — the usual kopeck reconciliation;
 *  2. when no net move reaches it (a single line whose gross is one of the skipped values: 1 × 100.01 … at 20 %,
 *     or 3 × 100.01 = 300.03, whose nets give 300.02 or 300.04), let the СуммаНДС of VAT-bearing rows take the
 *     rest, at most one kopeck per row: the row's VAT is then its gross − net, one kopeck off Окр(Сумма·r/100, 2),
 *     the way `adjustSum` (line-amounts.ts) keeps a Сумма off Цена × Количество.
 * Why 2 keeps in UT 10.3 (rf-bessome/ut10_3_22_percent, src/Documents/ЗаказПокупателя/Ext/ObjectModule.bsl):
 * `ПередЗаписью` does not recompute СуммаНДС — it only forces БезНДС when УчитыватьНДС is off
 * (ОбработкаТабличныхЧастей.ПриЗаписиПроверитьСтавкуНДС) and sets СуммаДокумента = Σ Сумма + Σ СуммаНДС
 * (УчетНДС.ПолучитьСуммуДокументаСНДС); posting (`ПодготовитьТаблицуТоваров` / `…Услуг`) takes the row's
 * СуммаНДС as written (СуммаСНДС = Сумма + НДС for the settlements). Only a user editing the row in the form gets
 * the VAT recalculated, as with an adjusted Сумма. Splitting a row of quantity > 1 instead would not help a
 * quantity of 1 and changes the rows' prices; a kopeck of VAT is what a shop's accountant would correct by hand.
 * The one-kopeck-per-row bound is what rounding can cause: gross(S) rises by 1 or 2 kopecks per kopeck of net
 * (r < 100 %), so netFromGross (line-amounts.ts) leaves each row at most one kopeck off its CRM amount, and the
 * rows together at most one kopeck per VAT-bearing row. A larger difference is not rounding (a totalSumm that
 * does not add up): it is left to the totals check, which refuses the order.
 * Returns a note, or undefined when nothing was changed (then the totals check reports any difference).
 */
export function reconcileVatOnTop(rows: Row[], difference: Decimal): string | undefined {
	if (difference.n === BigInt(0)) return undefined;
	return moveOneNet(rows, difference) ?? spreadOverVat(rows, difference);
}

function moveOneNet(rows: Row[], difference: Decimal): string | undefined {
	const gross = (n: Decimal, row: Row): Decimal => add(n, vatAmount(n, row.СтавкаНДС, false, true));
	for (let i = rows.length - 1; i >= 0; i--) {
		const row = rows[i];
		const net = dec(row.Сумма);
		const before = gross(net, row);
		for (const k of NET_MOVES) {
			const candidate = add(net, { n: BigInt(k), s: 2 });
			if (cmp(candidate, ZERO) < 0) continue;
			// Wanted: gross(candidate) − gross(net) = −difference
			if (cmp(sub(gross(candidate, row), before), mul(difference, dec(-1))) !== 0) continue;
			row.Сумма = toNumber(candidate);
			row.СуммаНДС = toNumber(vatAmount(candidate, row.СтавкаНДС, false, true));
			row.Цена = toNumber(divRound(candidate, dec(row.Количество), 2));
			return `${tableOf(row)} row ${row.LineNumber}: net moved by ${toText({ n: BigInt(k), s: 2 })} so that net + VAT equals the retailCRM total`;
		}
	}
	return undefined;
}

function spreadOverVat(rows: Row[], difference: Decimal): string | undefined {
	// Kopecks the VAT must change by (the opposite of the difference), one per row, last rows first.
	const wanted = -round(difference, 2).n;
	const kopecks = wanted < BigInt(0) ? -wanted : wanted;
	const step: Decimal = wanted < BigInt(0) ? { n: -KOPECK.n, s: 2 } : KOPECK;
	const takers: Row[] = [];
	for (let i = rows.length - 1; i >= 0 && BigInt(takers.length) < kopecks; i--) {
		const row = rows[i];
		// A row at 0 % or without VAT, or with a zero sum (a gift), carries no VAT to adjust; a VAT never goes below zero.
		if (vatPercent(row.СтавкаНДС) === 0 || cmp(dec(row.Сумма), ZERO) === 0) continue;
		if (cmp(add(dec(row.СуммаНДС), step), ZERO) < 0) continue;
		takers.push(row);
	}
	if (BigInt(takers.length) < kopecks) return undefined;
	for (const row of takers) row.СуммаНДС = toNumber(add(dec(row.СуммаНДС), step));
	const which = takers.map((row) => `${tableOf(row)} row ${row.LineNumber}`).join(', ');
	return `${which}: СуммаНДС ${step.n > BigInt(0) ? '+' : '−'}0.01 (gross − net, a kopeck off the rate) so that net + VAT equals the retailCRM total`;
}
