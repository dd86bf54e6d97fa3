/**
 * Contract with the retailCRM client: its zod output types must be assignable to our structural types
 * (checked by tsc through the annotations below), and a raw API answer with PHP quirks (numbers as strings,
 * payments keyed by id, `[]` for empty maps) must map to the same document as our hand-built fixtures.
 */
import { historyRecordSchema } from '../../../../nodes/core/retailcrm/schemas/history';
import { orderSchema } from '../../../../nodes/core/retailcrm/schemas/orders';
import type { CrmOrderLike } from '../../../../nodes/core/sync/orders/crm-order';
import { buildCustomerOrder } from '../../../../nodes/core/sync/orders/document';
import { readOrderChanges, type HistoryRecordLike } from '../../../../nodes/core/sync/orders/history';
import { GUIDS, refsFor } from './seed-orders';

const raw5490 = {
	id: 105490,
	number: '5490',
	site: 'test-crm10',
	status: 'send-to-1c',
	createdAt: '2015-10-12 18:39:05',
	firstName: 'Розничный',
	lastName: 'покупатель',
	customer: { type: 'customer', id: 77, phones: [{ number: '+79161234567' }] },
	contragent: { contragentType: 'individual' },
	items: [
		{ id: 1, offer: { id: 797, externalId: GUIDS.jeans48, name: 'Джинсы Элегантность (48)' }, productName: 'Джинсы Элегантность (48)', quantity: '2', initialPrice: '300', discountTotal: '27.5', vatRate: 'none', prices: [{ price: 272.5, quantity: 2 }], properties: [] },
		{ id: 2, offer: { id: 798, externalId: GUIDS.jeans50, name: 'Джинсы Элегантность (50)' }, productName: 'Джинсы Элегантность (50)', quantity: 2, initialPrice: 300, discountTotal: 27.5, vatRate: 'none', properties: [] },
	],
	delivery: { code: 'courier', cost: '300', date: '2015-10-13', address: { text: 'Москва, Тверская ул., д. 1' } },
	summ: 1090,
	totalSumm: '1390',
	payments: { '11': { id: 11, type: 'cash', status: 'not-paid', amount: 1390 } },
	customFields: [],
};

describe('retailCRM client output fits the order mapping', () => {
	it('a parsed raw order builds the seed document 5490 (total 1 390)', () => {
		const order: CrmOrderLike = orderSchema.parse(raw5490);
		const { payload, mismatch } = buildCustomerOrder(order, refsFor(order));
		expect(payload.Number).toBe('ЦРМ00005490');
		expect(payload.Товары.map((r) => [r.Номенклатура_Key, r.Количество, r.Цена, r.Сумма])).toEqual([
			[GUIDS.jeans48, 2, 272.5, 545],
			[GUIDS.jeans50, 2, 272.5, 545],
		]);
		expect(payload.СуммаДокумента).toBe(1390);
		expect(mismatch).toBeUndefined();
	});

	it('parsed history records drive the trigger detection', () => {
		const records: HistoryRecordLike[] = [
			{ id: 7044, createdAt: '2015-10-12 18:40:00', source: 'user', user: { id: 19 }, field: 'status', oldValue: { code: 'new' }, newValue: { code: 'send-to-1c' }, order: { id: 105490, site: 'test-crm10', status: 'send-to-1c' } },
			{ id: 7045, createdAt: '2015-10-12 18:41:00', source: 'api', apiKey: { current: true }, field: 'status', newValue: { code: 'send-to-1c' }, order: { id: 105491, site: 'test-crm10', status: 'send-to-1c' } },
		].map((r) => historyRecordSchema.parse(r));
		const changes = readOrderChanges(records, { statuses: ['send-to-1c'] });
		expect(changes.touched).toEqual([105490]);
		expect([...changes.enteredTrigger]).toEqual([105490]);
		expect(changes.deleted).toEqual([]);
		expect(changes.maxHistoryId).toBe(7045);
	});
});
