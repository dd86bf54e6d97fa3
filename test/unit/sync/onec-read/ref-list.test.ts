import { refList } from '../../../../nodes/core/sync/onec-read/ref-list';

const A = '5EED0004-0000-4000-8000-000000000001';
const B = '5eed0004-0000-4000-8000-000000000002';

describe('refList (multiOptions or an expression)', () => {
	it('accepts arrays, separated strings and JSON arrays; lower-cases and de-duplicates', () => {
		expect(refList([A, B, A.toLowerCase()], 'Warehouses')).toEqual([A.toLowerCase(), B]);
		expect(refList(`${A}, ${B};${B}\n`, 'Warehouses')).toEqual([A.toLowerCase(), B]);
		expect(refList(JSON.stringify([B]), 'Warehouses')).toEqual([B]);
		expect(refList(undefined, 'Warehouses')).toEqual([]);
		expect(refList('', 'Warehouses')).toEqual([]);
	});

	it('refuses anything that is not a GUID, naming the parameter', () => {
		expect(() => refList(['Основной склад'], 'Warehouses')).toThrow(/Warehouses: "Основной склад" is not a 1C reference/);
		expect(() => refList(`${A}' or 1 eq 1`, 'Price Types')).toThrow(/Price Types/);
	});
});
