import type { CrmVatRate } from './crm-order';
import type { Decimal } from './decimal';
import { dec, divRound, mul, round, ZERO } from './decimal';
import { OrderMappingError } from './errors';
import type { VatRateName } from './ut103-model';

/** Percent of each plain rate; compound rates (НДС20_120 …) belong to advance invoices, not order rows. */
const RATE_PERCENT: Partial<Record<VatRateName, number>> = {
	НДС22: 22,
	НДС20: 20,
	НДС18: 18,
	НДС10: 10,
	НДС7: 7,
	НДС5: 5,
	НДС0: 0,
	БезНДС: 0,
};

const PERCENT_TO_NAME = new Map<number, VatRateName>([
	[22, 'НДС22'],
	[20, 'НДС20'],
	[18, 'НДС18'],
	[10, 'НДС10'],
	[7, 'НДС7'],
	[5, 'НДС5'],
	[0, 'НДС0'],
]);

/**
 * retailCRM VAT rate (`"none"`, `"20.00"`, 20, 0, null) → `СтавкиНДС` value name.
 * undefined for "not given" (null, undefined, empty), so the caller can fall back to the 1C item's rate.
 * A number 1C has no rate for (e.g. 12) is an error: guessing a rate would misstate tax.
 */
export function vatRateFromCrm(rate: CrmVatRate): VatRateName | undefined {
	if (rate === null || rate === undefined) return undefined;
	const text = String(rate).trim().toLowerCase();
	if (text === '') return undefined;
	if (text === 'none' || text === 'без ндс') return 'БезНДС';
	const value = Number(text.replace(',', '.').replace('%', ''));
	const name = Number.isFinite(value) ? PERCENT_TO_NAME.get(value) : undefined;
	if (!name) throw new OrderMappingError('UNKNOWN_VAT_RATE', `retailCRM VAT rate "${String(rate)}" has no UT 10.3 СтавкиНДС value`);
	return name;
}

export function vatPercent(name: VatRateName): number {
	const percent = RATE_PERCENT[name];
	if (percent === undefined) {
		throw new OrderMappingError('UNKNOWN_VAT_RATE', `СтавкаНДС ${name} is a calculated rate and cannot be used on order rows`);
	}
	return percent;
}

/**
 * UT 10.3 `УчетНДС.РассчитатьСуммуНДС`, rounded to kopecks half away from zero:
 * inside: Сумма − Сумма/((r+100)/100) (= Сумма·r/(100+r)); outside: Сумма·r/100; 0 when VAT is not kept.
 */
export function vatAmount(amount: Decimal, rate: VatRateName, amountIncludesVat: boolean, keepVat: boolean): Decimal {
	if (!keepVat) return round(ZERO, 2);
	const r = dec(vatPercent(rate));
	if (amountIncludesVat) return divRound(mul(amount, r), dec(100 + vatPercent(rate)), 2);
	return divRound(mul(amount, r), dec(100), 2);
}
