/**
 * CRM orders over the UT 10.3 sandbox seed (SEED_IDS), shaped like the RetailCRM Orders node outputs them,
 * and the upsert settings the seed calls for (ИП Иванов И.И., Основной склад, руб., Розничная, Доставка).
 */
import type { CrmOrderItemLike, CrmOrderLike } from '../../../../../nodes/core/sync/orders/crm-order';
import type { UpsertOptions } from '../../../../../nodes/core/sync/orders/onec-writer/types';
import { SEED_IDS } from '../../../../sandboxes/onec/fixtures/seed';

export const IDS = SEED_IDS;

export function seedOptions(extra: Partial<UpsertOptions> = {}): UpsertOptions {
	return {
		organizationKey: IDS.organizations.ivanov,
		warehouseKey: IDS.warehouses.main,
		currencyKey: IDS.currencies.rub,
		priceTypeKey: IDS.priceTypes.retail,
		deliveryItemKey: IDS.items.delivery,
		counterpartyFolderKey: IDS.counterparties.buyersFolder,
		offerMatch: 'externalId',
		matchByName: true,
		...extra,
	};
}

export function line(offer: { id: number; externalId?: string; article?: string; name: string }, quantity: number, initialPrice = 300, discountTotal = 0): CrmOrderItemLike {
	return { id: offer.id * 1000 + quantity, offer: { id: offer.id, externalId: offer.externalId ?? null, article: offer.article ?? null, name: offer.name }, productName: offer.name, quantity, initialPrice, discountTotal, vatRate: 'none' };
}

export const JEANS48 = { id: 1, externalId: IDS.items.jeans48, name: 'Джинсы Элегантность (48)' };
export const JEANS50 = { id: 2, externalId: IDS.items.jeans50, name: 'Джинсы Элегантность (50)' };
export const TSHIRT_WHITE_M = { id: 3, externalId: `${IDS.items.tshirt}#${IDS.characteristics.whiteM}`, name: 'Футболка базовая (Белый, M)' };

export interface Buyer {
	firstName: string;
	lastName: string;
	email?: string;
	phone?: string;
	customerId: number;
}

export const RETAIL_BUYER: Buyer = { firstName: 'Розничный', lastName: 'покупатель', email: 'roznica@example.ru', phone: '+79990000001', customerId: 1 };

export function crmOrder(id: number, number: string, items: CrmOrderItemLike[], deliveryCost: number, buyer: Buyer = RETAIL_BUYER, extra: Partial<CrmOrderLike> = {}): CrmOrderLike {
	const summ = items.reduce((a, it) => a + ((it.initialPrice ?? 0) - (it.discountTotal ?? 0)) * (it.quantity ?? 0), 0);
	return {
		id,
		number,
		site: 'test-crm10',
		status: 'send-to-assembling',
		createdAt: '2015-10-12 16:55:10',
		firstName: buyer.firstName,
		lastName: buyer.lastName,
		email: buyer.email ?? null,
		phone: buyer.phone ?? null,
		customer: { id: buyer.customerId, type: 'customer', firstName: buyer.firstName, lastName: buyer.lastName, email: buyer.email ?? null },
		contragent: { contragentType: 'individual' },
		items,
		delivery: deliveryCost ? { code: 'courier', cost: deliveryCost, address: { city: 'Москва', text: 'Москва, ул. Тверская, д. 7, кв. 12' } } : { code: 'self-delivery', cost: 0 },
		summ,
		totalSumm: summ + deliveryCost,
		payments: [],
		customFields: {},
		...extra,
	};
}

/** The seed's three orders: 1 990, 1 070 and 1 390 руб. */
export const ORDER_5488 = () => crmOrder(101, '5488', [line(JEANS48, 3), line(JEANS50, 3)], 190);
export const ORDER_5489 = () => crmOrder(102, '5489', [line(JEANS50, 4, 300, 32.5)], 0, RETAIL_BUYER, { customerComment: 'Позвонить за час' });
export const ORDER_5490 = () => crmOrder(103, '5490', [line(JEANS48, 4)], 190);
