import type { Decimal } from './decimal';
import { add, cmp, dec, divRound, mul, sub, toNumber, toText, ZERO } from './decimal';
import type { GoodsRow, ServiceRow } from './document-types';
import { vatAmount } from './vat';

/**
 * With VAT on top of the sum, a row totals `Сумма + Окр(Сумма·r/100, 2)`, which skips some kopeck values
 * (at 20 %: net 0.03 → 0.04 gross, so a gross of 0.03 cannot be hit). When the rows miss the CRM total by a
 * few kopecks, move one row's net by up to 3 kopecks so that net + VAT lands exactly on it — the usual kopeck
 * reconciliation. Returns a note, or undefined when no single row can absorb the difference (then the totals
 * check reports it).
 */
export function reconcileVatOnTop(rows: Array<GoodsRow | ServiceRow>, difference: Decimal): string | undefined {
	if (difference.n === BigInt(0)) return undefined;
	const gross = (n: Decimal, row: GoodsRow | ServiceRow): Decimal => add(n, vatAmount(n, row.СтавкаНДС, false, true));
	for (let i = rows.length - 1; i >= 0; i--) {
		const row = rows[i];
		const net = dec(row.Сумма);
		const before = gross(net, row);
		for (const k of [1, -1, 2, -2, 3, -3]) {
			const candidate = add(net, { n: BigInt(k), s: 2 });
			if (cmp(candidate, ZERO) < 0) continue;
			// Wanted: gross(candidate) − gross(net) = −difference
			if (cmp(sub(gross(candidate, row), before), mul(difference, dec(-1))) !== 0) continue;
			row.Сумма = toNumber(candidate);
			row.СуммаНДС = toNumber(vatAmount(candidate, row.СтавкаНДС, false, true));
			row.Цена = toNumber(divRound(candidate, dec(row.Количество), 2));
			return `${'ЕдиницаИзмерения_Key' in row ? 'Товары' : 'Услуги'} row ${row.LineNumber}: net moved by ${toText({ n: BigInt(k), s: 2 })} so that net + VAT equals the retailCRM total`;
		}
	}
	return undefined;
}
