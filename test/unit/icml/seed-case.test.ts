/**
 * The seed manual's example ("Выгрузка каталога"): two 1C items `Джинсы Элегантность (48)` and `(50)`
 * in group `Товары`, 300 руб, 23 and 41 pcs, show up in retailCRM as ONE product with two offers
 * (64 pcs in total).
 */
import { buildIcml, type IcmlInput } from '../../../nodes/core/icml';
import { categoriesOf, child, expectGolden, offersOf, parseIcml, textOf } from './xml';

const seed: IcmlInput = {
	shop: { name: 'Магазин', company: 'ООО "Магазин"' },
	date: '2026-11-27 10:00:00',
	categories: [{ id: '00000000796', name: 'Товары' }],
	offers: [
		{ id: '00000000797', xmlId: '00000000797', name: 'Джинсы Элегантность (48)', price: 300, quantity: 23, categoryId: '00000000796', unit: { code: '796', name: 'Штука', sym: 'шт' } },
		{ id: '00000000798', xmlId: '00000000798', name: 'Джинсы Элегантность (50)', price: 300, quantity: 41, categoryId: '00000000796', unit: { code: '796', name: 'Штука', sym: 'шт' } },
	],
};

describe('seed case: Джинсы Элегантность (48) and (50)', () => {
	it('becomes one product with two offers under name-pattern grouping', async () => {
		const build = buildIcml(seed, { grouping: { mode: 'namePattern' } });
		const out = build.toBuffer();
		expect(build.stats).toMatchObject({ offers: 2, products: 1, categories: 1, warnings: 0, bytes: out.length });

		const { root, text } = await parseIcml(out);
		const offers = offersOf(root);
		expect(offers.map((o) => o.$!.id)).toEqual(['00000000797', '00000000798']);
		expect(offers[0].$!.productId).toBe(offers[1].$!.productId);
		// The product is the 1C key of one of its items (the smallest), so renaming it in 1C keeps the card.
		expect(offers[0].$!.productId).toBe('00000000797');
		expect(offers.map((o) => textOf(o, 'productName'))).toEqual(['Джинсы Элегантность', 'Джинсы Элегантность']);
		expect(offers.map((o) => textOf(o, 'name'))).toEqual(['Джинсы Элегантность (48)', 'Джинсы Элегантность (50)']);
		expect(offers.map((o) => textOf(o, 'price'))).toEqual(['300.00', '300.00']);
		expect(offers.map((o) => Number(o.$!.quantity)).reduce((a, b) => a + b)).toBe(64);
		expect(offers.map((o) => textOf(o, 'categoryId'))).toEqual(['00000000796', '00000000796']);
		expect(child(offers[0], 'unit').$).toEqual({ code: '796', name: 'Штука', sym: 'шт' });
		expect(categoriesOf(root).map((c) => [c.$!.id, c._])).toEqual([['00000000796', 'Товары']]);
		expectGolden('seed-jeans.xml', text);
	});

	it('stays two products without grouping', async () => {
		const build = buildIcml(seed, { grouping: { mode: 'none' } });
		const { root } = await parseIcml(build.toBuffer());
		expect(build.stats.products).toBe(2);
		expect(offersOf(root).map((o) => o.$!.productId)).toEqual(['00000000797', '00000000798']);
	});
});
