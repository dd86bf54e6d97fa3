/**
 * Deterministic retailCRM orders for request-budget tests and benchmarks: `orderCount` orders from
 * `buyerCount` buyers (every fourth a company with ИНН/КПП), 1–3 lines of the seed's offers, some with
 * discounts and delivery, generated from a seeded PRNG.
 */
import type { CrmOrderLike } from '../../../../../nodes/core/sync/orders/crm-order';
import { prng } from '../../../../sandboxes/prng';
import { IDS, JEANS48, JEANS50, TSHIRT_WHITE_M, crmOrder, line, type Buyer } from './fixtures';


const SOCKS = { id: 4, externalId: IDS.items.socks, name: 'Носки хлопковые' };
const TSHIRT_BLACK_M = { id: 5, externalId: `${IDS.items.tshirt}#${IDS.characteristics.blackM}`, name: 'Футболка базовая (Черный, M)' };
const OFFERS = [JEANS48, JEANS50, TSHIRT_WHITE_M, TSHIRT_BLACK_M, SOCKS];
const FIRST = ['Анна', 'Иван', 'Мария', 'Олег', 'Елена', 'Сергей'];
const LAST = ['Орлова', 'Кузнецов', 'Попова', 'Соколов', 'Лебедева', 'Новиков', 'Морозова'];

export function generateOrders(orderCount: number, buyerCount: number, seed: number, variant = 0): CrmOrderLike[] {
	const rnd = prng(seed);
	const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
	const buyers: Array<{ buyer: Buyer; inn?: string }> = [];
	for (let b = 0; b < buyerCount; b++) {
		const buyer: Buyer = { firstName: pick(FIRST), lastName: `${pick(LAST)}-${b}`, email: `buyer${b}@example.ru`, customerId: 1000 + b };
		buyers.push(b % 4 === 3 ? { buyer, inn: String(7700000000 + b * 7919).slice(0, 10) } : { buyer });
	}
	const orders: CrmOrderLike[] = [];
	let number = 20000;
	for (let i = 0; i < orderCount; i++) {
		number += 1 + Math.floor(rnd() * 4);
		const { buyer, inn } = buyers[i % buyerCount];
		const items = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => line(pick(OFFERS), 1 + Math.floor(rnd() * 3) + variant, 100 + Math.floor(rnd() * 50) * 10, rnd() < 0.3 ? 15 : 0));
		const delivery = rnd() < 0.5 ? 0 : 250;
		const extra: Partial<CrmOrderLike> = inn
			? { contragent: { contragentType: 'legal-entity', legalName: `ООО "Покупатель ${i % buyerCount}"`, INN: inn, KPP: '770101001' }, company: { id: i % buyerCount, name: `Покупатель ${i % buyerCount}` } }
			: {};
		orders.push(crmOrder(50000 + i, String(number), items, delivery, buyer, extra));
	}
	return orders;
}

