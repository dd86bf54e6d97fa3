/**
 * The seed manual's three orders (Синхронизация заказов: 5488, 5489, 5490 totalling 1 990, 1 070, 1 390 руб.)
 * rebuilt as realistic retailCRM v5 orders over the seed catalog (`Джинсы Элегантность (48)` / `(50)`,
 * 300 руб. each), and the 1C references the seed shows (ИП Иванов И.И., Основной склад, покупатель Розничный).
 */
import type { CrmOrderLike, CrmOrderItemLike } from '../../../../nodes/core/sync/orders/crm-order';
import type { OrderReferences, ResolvedLine } from '../../../../nodes/core/sync/orders/document';

export const GUIDS = {
	jeans48: '5a1b3c4d-0001-11e5-8f1a-0050569a0797',
	jeans50: '5a1b3c4d-0002-11e5-8f1a-0050569a0798',
	unitPcs: '7e0f0a10-0001-11e5-8f1a-0050569a0001',
	organization: '1c000000-0000-11e5-8f1a-000000000001',
	counterparty: '1c000000-0000-11e5-8f1a-000000000002',
	contract: '1c000000-0000-11e5-8f1a-000000000003',
	rub: '1c000000-0000-11e5-8f1a-000000000643',
	priceType: '1c000000-0000-11e5-8f1a-000000000004',
	warehouse: '1c000000-0000-11e5-8f1a-000000000005',
	responsible: '1c000000-0000-11e5-8f1a-000000000006',
	delivery: '1c000000-0000-11e5-8f1a-000000000007',
	installation: '1c000000-0000-11e5-8f1a-000000000008',
};

export function jeans(size: 48 | 50, quantity: number, extra: Partial<CrmOrderItemLike> = {}): CrmOrderItemLike {
	const key = size === 48 ? GUIDS.jeans48 : GUIDS.jeans50;
	return {
		id: 9000 + size + quantity,
		offer: { id: size === 48 ? 797 : 798, externalId: key, xmlId: key, article: '', name: `Джинсы Элегантность (${size})` },
		productName: `Джинсы Элегантность (${size})`,
		quantity,
		initialPrice: 300,
		discountTotal: 0,
		vatRate: 'none',
		...extra,
	};
}

export function baseOrder(number: string, items: CrmOrderItemLike[], deliveryCost: number, totalSumm: number, createdAt: string): CrmOrderLike {
	return {
		id: Number(number.replace(/\D/g, '')) + 100000,
		number,
		site: 'test-crm10',
		status: 'send-to-1c',
		createdAt,
		firstName: 'Розничный',
		lastName: 'покупатель',
		email: 'buyer@example.ru',
		phone: '+7 (916) 123-45-67',
		customerComment: '',
		customer: { id: 77, type: 'customer', firstName: 'Розничный', lastName: 'покупатель', email: 'buyer@example.ru', phones: [{ number: '+7 (916) 123-45-67' }] },
		contragent: { contragentType: 'individual' },
		items,
		delivery: { code: 'courier', service: null, cost: deliveryCost, vatRate: 'none', date: '2015-10-13', address: { city: 'Москва', street: 'Тверская', building: '1', flat: '5', text: 'Москва, Тверская ул., д. 1, кв. 5' } },
		totalSumm,
		payments: [],
		customFields: [],
	};
}

/** 6 × 300 + delivery 190 = 1 990. */
export const ORDER_5488 = (): CrmOrderLike => baseOrder('5488', [jeans(48, 3), jeans(50, 3)], 190, 1990, '2015-10-12 17:08:34');

/** 3 × (300 − 10 item discount) + delivery 200 = 1 070. */
export const ORDER_5489 = (): CrmOrderLike =>
	({ ...baseOrder('5489', [jeans(50, 3, { discountTotal: 10 })], 200, 1070, '2015-10-12 17:27:59'), customerComment: 'Позвонить за час' });

/** 4 × 300 − 110 order discount (retailCRM spreads it: 27.50 per unit) + delivery 300 = 1 390. */
export const ORDER_5490 = (): CrmOrderLike =>
	baseOrder('5490', [jeans(48, 2, { discountTotal: 27.5 }), jeans(50, 2, { discountTotal: 27.5 })], 300, 1390, '2015-10-12 18:39:05');

export function goodsLine(itemKey: string, extra: Partial<ResolvedLine> = {}): ResolvedLine {
	return { itemKey, unitKey: GUIDS.unitPcs, coefficient: 1, vatRate: 'БезНДС', isService: false, ...extra };
}

/** References resolved for an order, one goods line per active CRM item (48 or 50 by offer id). */
export function refsFor(order: CrmOrderLike, lines?: ResolvedLine[]): OrderReferences {
	return {
		organizationKey: GUIDS.organization,
		counterpartyKey: GUIDS.counterparty,
		contractKey: GUIDS.contract,
		currencyKey: GUIDS.rub,
		priceTypeKey: GUIDS.priceType,
		warehouse: { key: GUIDS.warehouse },
		responsibleKey: GUIDS.responsible,
		deliveryItem: { itemKey: GUIDS.delivery, vatRate: 'БезНДС' },
		lines:
			lines ??
			(order.items ?? [])
				.filter((i) => i.isCanceled !== true)
				.map((i) => goodsLine(i.offer?.id === 797 ? GUIDS.jeans48 : GUIDS.jeans50)),
	};
}
