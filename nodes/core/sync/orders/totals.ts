import type { CrmOrderLike } from './crm-order';
import { activeItems } from './crm-order';
import type { Decimal } from './decimal';
import { add, dec, round, sub, sum, toNumber, toText } from './decimal';
import type { CustomerOrderPayload } from './document-types';
import { crmLineTotal } from './line-amounts';

/**
 * `СуммаДокумента` as `ЗаказПокупателя.ПередЗаписью` sets it (docs/1c-odata.md#customer-orders):
 * Σ Товары.Сумма + Σ Услуги.Сумма, plus Σ СуммаНДС of both when VAT is kept and not included.
 */
export function documentTotal(doc: Pick<CustomerOrderPayload, 'Товары' | 'Услуги' | 'УчитыватьНДС' | 'СуммаВключаетНДС'>): Decimal {
	const rows = [...doc.Товары, ...doc.Услуги];
	let total = sum(rows.map((r) => dec(r.Сумма)));
	if (doc.УчитыватьНДС && !doc.СуммаВключаетНДС) total = add(total, sum(rows.map((r) => dec(r.СуммаНДС))));
	return round(total, 2);
}

/** What the customer owes in retailCRM: `totalSumm`, or Σ line totals + delivery cost when it is absent. */
export function crmOrderTotal(order: CrmOrderLike): Decimal {
	if (typeof order.totalSumm === 'number') return round(dec(order.totalSumm), 2);
	const items = sum(activeItems(order).map(crmLineTotal));
	return round(add(items, dec(order.delivery?.cost ?? 0)), 2);
}

export interface TotalsMismatch {
	expected: number;
	actual: number;
	/** actual − expected */
	difference: number;
	message: string;
}

/** undefined when the 1C document will total exactly what retailCRM says; otherwise a description. */
export function checkTotals(order: CrmOrderLike, doc: CustomerOrderPayload): TotalsMismatch | undefined {
	const expected = crmOrderTotal(order);
	const actual = documentTotal(doc);
	const difference = sub(actual, expected);
	if (difference.n === BigInt(0)) return undefined;
	return {
		expected: toNumber(expected),
		actual: toNumber(actual),
		difference: toNumber(difference),
		message:
			`retailCRM order ${order.number}: 1C СуммаДокумента would be ${toText(actual)}, retailCRM total is ${toText(expected)} ` +
			`(difference ${toText(difference)})`,
	};
}
