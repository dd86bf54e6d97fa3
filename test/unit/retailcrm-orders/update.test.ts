import { parseOrderId } from '../../../nodes/RetailCrmOrders/actions/order/update.operation';

describe('Update: CRM order id', () => {
	it.each([[101, 101], ['102', 102], [' 7 ', 7]])('accepts %p', (raw, id) => expect(parseOrderId(raw)).toBe(id));
	it.each([[''], ['abc'], [0], ['-3'], [undefined], ['1.5']])('rejects %p with a message naming the value', (raw) => {
		expect(() => parseOrderId(raw)).toThrow(/CRM order ID must be a positive whole number/);
	});
});
