import { buildIcml, validateIcml, groupOffers } from '../../../nodes/core/icml';
import { dropOffersWithoutPrice, GROUP_FIELD, offerFromValues, toNumber, toTextList, toVatRate } from '../../../nodes/core/icml/from-items';
import type { IcmlInput } from '../../../nodes/core/icml';

/** One row as the 1C UT10 Store node's Catalog → Get Items gives it (with the stock/price join). */
const getItemsRow = {
	offerKey: '5eed0008-0000-4000-8000-000000000002',
	productKey: '5eed0008-0000-4000-8000-000000000002',
	name: 'Джинсы Элегантность (48)',
	productName: 'Джинсы Элегантность (48)',
	categoryId: '5eed0008-0000-4000-8000-000000000001',
	article: 'ДЖ-48',
	unit: { code: '796', name: 'Штука', sym: 'шт' },
	vatRate: 20,
	weight: null,
	barcodes: ['4600000000017'],
	isService: false,
	quantity: 23,
	price: 300,
	purchasePrice: 180,
};

describe('offerFromValues: mapped values → IcmlOffer', () => {
	it('takes a Get Items row as it is', () => {
		const r = getItemsRow;
		const offer = offerFromValues({
			id: r.offerKey,
			name: r.name,
			productName: r.productName,
			price: r.price,
			purchasePrice: r.purchasePrice,
			quantity: r.quantity,
			categoryId: r.categoryId,
			xmlId: r.offerKey,
			article: r.article,
			unit: r.unit,
			vatRate: r.vatRate,
			weight: r.weight,
			barcodes: r.barcodes,
			type: r.isService ? 'service' : 'product',
		});
		expect(offer).toEqual({
			id: r.offerKey,
			name: 'Джинсы Элегантность (48)',
			productName: 'Джинсы Элегантность (48)',
			price: 300,
			purchasePrice: 180,
			quantity: 23,
			categoryId: r.categoryId,
			xmlId: r.offerKey,
			article: 'ДЖ-48',
			unit: { code: '796', name: 'Штука', sym: 'шт' },
			vatRate: 20,
			barcodes: ['4600000000017'],
			type: 'product',
		});
	});

	it('leaves out blank fields (undefined, null, empty or blank strings, empty lists)', () => {
		const offer = offerFromValues({ id: 'a', name: 'A', price: '', purchasePrice: null, article: '  ', barcodes: [], unit: null, vatRate: '', weight: 0, url: '' });
		expect(offer).toEqual({ id: 'a', name: 'A' });
	});

	it('reads spreadsheet-style strings: numbers with a decimal comma and spaces, numeric ids, lists in one string', () => {
		const offer = offerFromValues({ id: 1001, name: ' Стол ', price: '1 299,50', quantity: '7', weight: '0,25', barcodes: '111, 222;333', pictures: 'https://x/1.jpg,https://x/2.jpg', vatRate: 'НДС 10%', productActivity: 'N', unit: { code: 796, name: 'Штука', sym: 'шт' } });
		expect(offer).toMatchObject({ id: '1001', name: 'Стол', price: 1299.5, quantity: 7, weight: 0.25, barcodes: ['111', '222', '333'], pictures: ['https://x/1.jpg', 'https://x/2.jpg'], vatRate: 10, productActivity: false, unit: { code: '796' } });
	});

	it('keeps values it cannot read so validation names them with the offer and field', () => {
		const offer = offerFromValues({ id: 'x1', name: 'X', price: 'abc', quantity: { n: 1 }, vatRate: '7 percent' });
		expect(offer.price).toBe('abc');
		const input: IcmlInput = { shop: { name: 'S', company: 'C' }, date: '2026-01-01 00:00:00', categories: [], offers: [offer] };
		const result = validateIcml(input, groupOffers(input.offers, { mode: 'none' }));
		expect(result.errors.map((e) => [e.field, e.offerId])).toEqual([
			['price', 'x1'],
			['quantity', 'x1'],
			['vatRate', 'x1'],
		]);
		expect(result.errors[0].message).toBe('Offer #0 (id "x1"), price: "abc" is not a finite number');
	});

	it('a missing id is left out, a missing name is empty; validation reports both', () => {
		const offer = offerFromValues({ id: null, name: '  ', price: 1 });
		expect('id' in offer).toBe(false);
		expect(offer.name).toBe('');
		const input: IcmlInput = { shop: { name: 'S', company: 'C' }, date: '2026-01-01 00:00:00', categories: [], offers: [offer] };
		const codes = validateIcml(input, groupOffers(input.offers, { mode: 'none' })).errors.map((e) => e.code);
		expect(codes).toEqual(expect.arrayContaining(['missing-offer-id', 'missing-name']));
	});

	it('params: empty values skipped per offer, codes optional, numbers kept', () => {
		const offer = offerFromValues({
			id: 'a',
			name: 'A',
			params: [
				{ name: 'Размер', code: 'size', value: 48 },
				{ name: 'Цвет', code: '', value: 'синий' },
				{ name: 'Рост', code: 'height', value: '' },
			],
		});
		expect(offer.params).toEqual([
			{ name: 'Размер', code: 'size', value: 48 },
			{ name: 'Цвет', value: 'синий' },
		]);
	});

	it('type: booleans (isService) and strings', () => {
		expect(offerFromValues({ id: 'a', name: 'A', type: true }).type).toBe('service');
		expect(offerFromValues({ id: 'a', name: 'A', type: 'Product' }).type).toBe('product');
		expect(offerFromValues({ id: 'a', name: 'A', type: '' }).type).toBeUndefined();
	});

	it('the grouping field value goes to groupFields, which grouping mode "field" reads', () => {
		const a = offerFromValues({ id: 'a#1', name: 'A 1', price: 1, productGroupKey: 'P1' });
		const b = offerFromValues({ id: 'a#2', name: 'A 2', price: 1, productGroupKey: 'P1' });
		const c = offerFromValues({ id: 'c', name: 'C', price: 1, productGroupKey: '' });
		expect(a.groupFields).toEqual({ [GROUP_FIELD]: 'P1' });
		const products = groupOffers([a, b, c], { mode: 'field', field: GROUP_FIELD });
		expect(products.productIds).toEqual(['P1', 'P1', 'c']);
	});

	it('dimensions from ICML\'s "l/w/h" text or an object', () => {
		expect(offerFromValues({ id: 'a', name: 'A', dimensions: '10/20,5/30' }).dimensions).toEqual({ length: 10, width: 20.5, height: 30 });
		expect(offerFromValues({ id: 'a', name: 'A', dimensions: { length: 1, width: '2', height: 3 } }).dimensions).toEqual({ length: 1, width: 2, height: 3 });
	});
});

describe('value readers', () => {
	it('toNumber', () => {
		expect(toNumber('  -12.5 ')).toBe(-12.5);
		expect(toNumber('1e3')).toBe(1000);
		expect(toNumber('12 abc')).toBe('12 abc');
		expect(toNumber(undefined)).toBeUndefined();
	});
	it('toVatRate', () => {
		expect(toVatRate('none')).toBe('none');
		expect(toVatRate('Без НДС')).toBe('none');
		expect(toVatRate('20%')).toBe(20);
		expect(toVatRate(0)).toBe(0);
		expect(toVatRate('НДС18/118')).toBe('НДС18/118');
	});
	it('toTextList', () => {
		expect(toTextList(['a', '', null, 5])).toEqual(['a', '5']);
		expect(toTextList(' , ')).toBeUndefined();
	});
});

describe('dropOffersWithoutPrice', () => {
	it('leaves out offers without a price with a warning naming them, keeps price 0 for validation, keeps the item map aligned', () => {
		const offers = [offerFromValues({ id: 'a', name: 'A', price: 10 }), offerFromValues({ id: 'kit', name: 'Kit', price: null }), offerFromValues({ id: 'z', name: 'Z', price: 0 })];
		const r = dropOffersWithoutPrice(offers, [3, 4, 5]);
		expect(r.offers.map((o) => o.id)).toEqual(['a', 'z']);
		expect(r.itemOfOffer).toEqual([3, 5]);
		expect(r.skipped).toEqual([
			expect.objectContaining({ severity: 'warning', code: 'no-price-left-out', field: 'price', offerIndex: 1, offerId: 'kit', message: 'Offer #1 (id "kit"), price: no price; left out of the file' }),
		]);
		// Price 0 still fails the build when prices are required.
		expect(() => buildIcml({ shop: { name: 'S', company: 'C' }, date: '2026-01-01 00:00:00', categories: [], offers: r.offers })).toThrow(/Offer #1 \(id "z"\), price: the price is 0/);
	});
});
