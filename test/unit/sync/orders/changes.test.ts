import { decideUpsert, diffDocument, orderFingerprint } from '../../../../nodes/core/sync/orders/changes';
import { buildCustomerOrder } from '../../../../nodes/core/sync/orders/document';
import { ORDER_5488, jeans, refsFor } from './seed-orders';

/** The document as 1C's OData would return it after our POST: Int64 as strings, padded number, extra fields. */
function as1CReturnsIt(payload: ReturnType<typeof buildCustomerOrder>['payload']): Record<string, unknown> {
	const upper = (v: unknown) => (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v) ? v.toUpperCase() : v);
	const rows = (list: Array<object>) =>
		list.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, upper(v)]))).reverse();
	return {
		...Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? v : upper(v)])),
		Ref_Key: '9d3c0e9a-1111-11e5-8f1a-0050569a0001',
		DataVersion: 'AAAAAQAAAAA=',
		DeletionMark: false,
		Posted: true,
		Number: `${payload.Number}`,
		КратностьВзаиморасчетов: '1',
		ДатаОплаты: '0001-01-01T00:00:00',
		ДокументОснование: '',
		ДокументОснование_Type: 'StandardODATA.Undefined',
		Товары: rows(payload.Товары),
		Услуги: rows(payload.Услуги),
	};
}

describe('created / updated / unchanged by comparing the built payload with the 1C document', () => {
	const built = () => {
		const order = ORDER_5488();
		return buildCustomerOrder(order, refsFor(order)).payload;
	};

	it('create when 1C has no document', () => {
		expect(decideUpsert(built(), undefined)).toEqual({ action: 'create', changes: [] });
	});

	it('unchanged when 1C holds the same values in its own representation', () => {
		expect(decideUpsert(built(), as1CReturnsIt(built()))).toEqual({ action: 'unchanged', changes: [] });
	});

	it('unchanged when a client decoded Int64 strings to numbers (or the other way round)', () => {
		const existing = as1CReturnsIt(built());
		existing['КратностьВзаиморасчетов'] = 1;
		existing['КурсВзаиморасчетов'] = '1.0000';
		for (const row of existing['Товары'] as Array<Record<string, unknown>>) {
			row.LineNumber = Number(row.LineNumber);
			row['Количество'] = `${row['Количество']}.000`;
		}
		expect(decideUpsert(built(), existing).action).toBe('unchanged');
	});

	it('update, naming the fields and rows that differ', () => {
		const existing = as1CReturnsIt(built());
		existing['Комментарий'] = 'retailCRM №5488\nстарый комментарий';
		const goods = existing['Товары'] as Array<Record<string, unknown>>;
		goods.find((r) => r.LineNumber === '2')!['Количество'] = 2;
		expect(decideUpsert(built(), existing)).toEqual({ action: 'update', changes: ['Комментарий', 'Товары[2].Количество'] });
	});

	it('a line added in retailCRM changes the row count', () => {
		const order = ORDER_5488();
		order.items = [...(order.items ?? []), jeans(48, 1)];
		order.totalSumm = 2290;
		const newer = buildCustomerOrder(order, refsFor(order)).payload;
		expect(diffDocument(newer, as1CReturnsIt(built()))).toEqual(expect.arrayContaining(['Товары.length', 'СуммаДокумента']));
	});

	it('a filled composite differs from an empty one; ignored fields are not compared', () => {
		const existing = as1CReturnsIt(built());
		(existing['Товары'] as Array<Record<string, unknown>>)[0]['Размещение'] = '1c000000-0000-11e5-8f1a-000000000005';
		(existing['Товары'] as Array<Record<string, unknown>>)[0]['Размещение_Type'] = 'StandardODATA.Catalog_Склады';
		existing.Date = '2015-10-13T09:00:00';
		expect(diffDocument(built(), existing)).toEqual(['Date', 'Товары[2].Размещение', 'Товары[2].Размещение_Type']);
		expect(diffDocument(built(), existing, ['Date', 'Размещение', 'Размещение_Type'])).toEqual([]);
	});
});

describe('order fingerprint', () => {
	it('is stable for the same content and key order, and ignores status', () => {
		const a = ORDER_5488();
		const b = { ...ORDER_5488(), status: 'complete', statusUpdatedAt: '2015-10-14 10:00:00' };
		expect(orderFingerprint(a)).toMatch(/^[0-9a-f]{40}$/);
		expect(orderFingerprint(b)).toBe(orderFingerprint(a));
	});

	it('changes when something 1C receives changes', () => {
		const a = ORDER_5488();
		const b = ORDER_5488();
		b.items![0].quantity = 4;
		const c = { ...ORDER_5488(), customerComment: 'другой' };
		expect(orderFingerprint(b)).not.toBe(orderFingerprint(a));
		expect(orderFingerprint(c)).not.toBe(orderFingerprint(a));
	});
});
