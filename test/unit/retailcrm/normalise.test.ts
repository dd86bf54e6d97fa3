import { orderGetResponseSchema, orderSchema, type CrmOrder } from '../../../nodes/core/retailcrm/schemas/orders';
import { credentialsResponseSchema } from '../../../nodes/core/retailcrm/schemas/api';
import { referenceResponseSchema } from '../../../nodes/core/retailcrm/schemas/reference';
import { uploadResponseSchema, inventoriesResponseSchema } from '../../../nodes/core/retailcrm/schemas/store';
import { historyResponseSchema } from '../../../nodes/core/retailcrm/schemas/history';
import { normaliseErrorList } from '../../../nodes/core/retailcrm/errors';

const baseOrder = {
	id: 11,
	number: '11C',
	site: 'shop',
	status: 'new',
	items: [{ id: 1, quantity: 2, initialPrice: 100, properties: [], offer: { id: 5, externalId: 'g1' } }],
};

describe('order normalisation', () => {
	it('turns PHP empty maps [] into {} and keeps filled maps', () => {
		const a = orderSchema.parse({ ...baseOrder, customFields: [] });
		expect(a.customFields).toEqual({});
		expect(a.items[0].properties).toEqual({});
		const b = orderSchema.parse({ ...baseOrder, customFields: { onec_number: 'УТ-5' }, items: [{ ...baseOrder.items[0], properties: { size: { code: 'size', value: 'XL' } } }] });
		expect(b.customFields).toEqual({ onec_number: 'УТ-5' });
		expect(b.items[0].properties).toEqual({ size: { code: 'size', value: 'XL' } });
	});

	it('accepts both empty-map forms identically', () => {
		const a = orderSchema.parse({ ...baseOrder, customFields: [], payments: [] });
		const b = orderSchema.parse({ ...baseOrder, customFields: {}, payments: {} });
		expect(a).toEqual(b);
	});

	it('turns keyed payments into an array and leaves an array as it is', () => {
		const keyed = orderSchema.parse({ ...baseOrder, payments: { '4326': { id: 4326, type: 'cash', amount: '150.50', status: 'paid' } } });
		const list = orderSchema.parse({ ...baseOrder, payments: [{ id: 4326, type: 'cash', amount: 150.5, status: 'paid' }] });
		expect(keyed.payments).toEqual([{ id: 4326, type: 'cash', amount: 150.5, status: 'paid' }]);
		expect(list.payments).toEqual(keyed.payments);
		expect(orderSchema.parse(baseOrder).payments).toEqual([]);
	});

	it('reads numeric strings in numeric fields and keeps vatRate as text', () => {
		const o = orderSchema.parse({
			...baseOrder,
			id: '11',
			summ: '779',
			totalSumm: '1395.16',
			items: [{ id: '1', quantity: '2.5', initialPrice: '100.10', discountTotal: '0', vatRate: '20.00', prices: [{ price: '90', quantity: '2.5' }] }],
		});
		expect(o.id).toBe(11);
		expect(o.summ).toBe(779);
		expect(o.totalSumm).toBe(1395.16);
		expect(o.items[0]).toMatchObject({ id: 1, quantity: 2.5, initialPrice: 100.1, discountTotal: 0, vatRate: '20.00', prices: [{ price: 90, quantity: 2.5 }] });
	});

	it('keeps unknown fields (passthrough) and tolerates null in optional fields', () => {
		const o = orderSchema.parse({ ...baseOrder, brandNewField: { x: 1 }, externalId: null, managerId: null });
		expect((o as Record<string, unknown>).brandNewField).toEqual({ x: 1 });
		expect(o.externalId).toBeUndefined();
		expect(o.managerId).toBeUndefined();
	});

	it('rejects a non-numeric id (a real shape error)', () => {
		expect(orderGetResponseSchema.safeParse({ success: true, order: { ...baseOrder, id: 'abc' } }).success).toBe(false);
	});
});

describe('reference books and other answers', () => {
	it('gives arrays for keyed objects, arrays and []', () => {
		const keyed = referenceResponseSchema('statuses').parse({ success: true, statuses: { new: { code: 'new', name: 'New', ordering: '10', active: true, group: 'new' } } });
		expect(keyed.statuses).toEqual([{ code: 'new', name: 'New', ordering: 10, active: true, group: 'new' }]);
		expect(referenceResponseSchema('statuses').parse({ success: true, statuses: [] }).statuses).toEqual([]);
		const stores = referenceResponseSchema('stores').parse({ success: true, stores: [{ code: 'main', inventoryType: 'integer', extra: 1 }] });
		expect(stores.stores).toEqual([{ code: 'main', inventoryType: 'integer', extra: 1 }]);
	});

	it('reads credentials with empty lists as []', () => {
		const c = credentialsResponseSchema.parse({ success: true, scopes: ['order_read'], siteAccess: 'access_full', sitesAvailable: [] });
		expect(c).toMatchObject({ scopes: ['order_read'], sitesAvailable: [], credentials: [] });
	});

	it('reads upload answers with object or bare not-found offers', () => {
		const r = uploadResponseSchema.parse({ success: true, processedOffersCount: '2', notFoundOffers: [{ externalId: 'x' }, 'y'] });
		expect(r.processedOffersCount).toBe(2);
		expect(r.notFoundOffers).toEqual([{ externalId: 'x' }, { value: 'y' }]);
	});

	it('reads inventories with the per-store breakdown', () => {
		const r = inventoriesResponseSchema.parse({
			success: true,
			pagination: { limit: 250, totalCount: '1', currentPage: 1, totalPageCount: 1 },
			offers: [{ id: 7, externalId: 'a', quantity: '3', stores: [{ store: 'main', quantity: '3', purchasePrice: '10.5' }] }],
		});
		expect(r.pagination.totalCount).toBe(1);
		expect(r.offers[0].stores).toEqual([{ store: 'main', quantity: 3, purchasePrice: 10.5 }]);
	});

	it('reads history records with stubs and snapshots (only the head of an order is read: a malformed snapshot passes)', () => {
		const r = historyResponseSchema.parse({
			success: true,
			generatedAt: '2024-01-01 10:00:00',
			history: [
				{ id: 1, created: true, source: 'api', apiKey: { current: true }, field: 'id', order: { ...baseOrder, customFields: [], payments: [{ id: 2, amount: 5 }] } },
				{ id: 2, source: 'user', user: { id: 19 }, field: 'status', oldValue: { code: 'new' }, newValue: { code: 'complete' }, order: { id: 11, site: 'shop', status: 'complete' } },
				{ id: 3, created: true, source: 'api', field: 'id', order: { id: '12', number: 5491, status: 'new', items: [{ quantity: 'abc' }], delivery: null } },
			],
			pagination: { limit: 100, totalCount: 3, currentPage: 1, totalPageCount: 1 },
		});
		expect(r.history.map((h) => h.id)).toEqual([1, 2, 3]);
		expect(r.history[0].order?.payments).toEqual([{ id: 2, amount: 5 }]);
		expect(r.history[1].newValue).toEqual({ code: 'complete' });
		expect(r.history[1].order).toEqual({ id: 11, site: 'shop', status: 'complete' });
		expect(r.history[2].order).toMatchObject({ id: 12, number: '5491', status: 'new', items: [{ quantity: 'abc' }] });
	});
});

describe('normaliseErrorList', () => {
	it('accepts a map, a list, [] and absent', () => {
		expect(normaliseErrorList({ 'offers[0].stores[0].code': 'bad' })).toEqual({ 'offers[0].stores[0].code': 'bad' });
		expect(normaliseErrorList(['first', 'second'])).toEqual({ 0: 'first', 1: 'second' });
		expect(normaliseErrorList([])).toEqual({});
		expect(normaliseErrorList(undefined)).toEqual({});
		expect(normaliseErrorList({ nested: { a: 'b' } })).toEqual({ nested: '{"a":"b"}' });
	});
});

describe('scalar normalisers report real type errors', () => {
	it('rejects non-numeric numbers, non-boolean flags and objects in text fields, naming the path', () => {
		const bad = orderSchema.safeParse({ ...baseOrder, summ: 'abc', shipped: 'yes', status: { code: 'new' } });
		expect(bad.success).toBe(false);
		if (!bad.success) {
			expect(bad.error.issues.map((i) => [i.path.join('.'), i.code, (i as { expected?: string }).expected])).toEqual([
				['status', 'invalid_type', 'string'],
				['shipped', 'invalid_type', 'boolean'],
				['summ', 'invalid_type', 'number'],
			]);
		}
	});

	it('reads PHP booleans and numeric codes', () => {
		const o = orderSchema.parse({ ...baseOrder, shipped: '1', status: 5, externalId: 77 });
		expect(o.shipped).toBe(true);
		expect(o.status).toBe('5');
		expect(o.externalId).toBe('77');
		expect(orderSchema.parse({ ...baseOrder, shipped: 0 }).shipped).toBe(false);
	});

	it('requires a required id', () => {
		expect(orderSchema.safeParse({ ...baseOrder, id: null }).success).toBe(false);
		expect(orderSchema.safeParse({ ...baseOrder, id: undefined }).success).toBe(false);
	});

	it('gives TypeScript types with optional keys for optional fields', () => {
		// Compiles only while optional fields stay optional and arrays stay arrays.
		const minimal: CrmOrder = { id: 1, items: [], payments: [], customFields: {} };
		expect(orderSchema.parse(minimal)).toEqual(minimal);
	});
});
