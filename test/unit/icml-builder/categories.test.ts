import { validateIcml, groupOffers } from '../../../nodes/core/icml';
import { CategoryCollector, categoryFromValues, IcmlCategoryListError, parseCategoryList } from '../../../nodes/core/icml/categories-from-folders';

const GOODS = { ref: 'g', name: 'Товары' };
const CLOTHES = { ref: 'c', name: 'Одежда' };
const TSHIRTS = { ref: 't', name: 'Футболки' };

describe('CategoryCollector', () => {
	it('folder chains (root first) become a parent-linked tree, each folder once, parents before children', () => {
		const c = new CategoryCollector();
		expect(c.addChain([GOODS])).toBe('g');
		expect(c.addChain([GOODS, CLOTHES, TSHIRTS])).toBe('t');
		expect(c.addChain([GOODS, CLOTHES, TSHIRTS])).toBe('t');
		expect(c.addChain([{ ref: 's', name: 'Услуги' }])).toBe('s');
		expect(c.list()).toEqual([
			{ id: 'g', name: 'Товары' },
			{ id: 'c', name: 'Одежда', parentId: 'g' },
			{ id: 't', name: 'Футболки', parentId: 'c' },
			{ id: 's', name: 'Услуги' },
		]);
	});

	it('empty, missing or malformed chains add nothing; entries without a ref are skipped', () => {
		const c = new CategoryCollector();
		expect(c.addChain([])).toBeUndefined();
		expect(c.addChain(null)).toBeUndefined();
		expect(c.addChain('Товары')).toBeUndefined();
		expect(c.addChain([null, { name: 'no ref' }, { id: 7, name: 'Seven' }])).toBe('7');
		expect(c.list()).toEqual([{ id: '7', name: 'Seven' }]);
	});

	it('addLeaf: an offer\'s own categoryId + name when no chain knew it; without a name nothing (validation reports the offer)', () => {
		const c = new CategoryCollector();
		c.addChain([GOODS]);
		c.addLeaf('g', 'other name');
		c.addLeaf('x', 'Без папки');
		c.addLeaf('y', '');
		expect(c.list()).toEqual([
			{ id: 'g', name: 'Товары' },
			{ id: 'x', name: 'Без папки' },
		]);
		const offers = [{ id: 'o1', name: 'O', price: 1, categoryId: 'y' }];
		const errors = validateIcml({ shop: { name: 'S', company: 'C' }, date: '2026-01-01 00:00:00', categories: c.list(), offers }, groupOffers(offers, { mode: 'none' })).errors;
		expect(errors.map((e) => e.message)).toEqual(['Offer #0 (id "o1"), categoryId: category "y" is not in the category list']);
	});

	it('add() keeps repeated ids and categories without id so validation reports them', () => {
		const c = new CategoryCollector();
		c.add(categoryFromValues({ id: 'a', name: 'A' }));
		c.add(categoryFromValues({ id: 'a', name: 'A again' }));
		c.add(categoryFromValues({ id: '', name: 'No id' }));
		expect(c.size).toBe(3);
		const errors = validateIcml({ shop: { name: 'S', company: 'C' }, date: '2026-01-01 00:00:00', categories: c.list(), offers: [] }, groupOffers([], { mode: 'none' }), { allowEmptyCatalog: true }).errors;
		expect(errors.map((e) => e.code)).toEqual(['duplicate-category-id', 'missing-category-id']);
	});
});

describe('categoryFromValues (Get Folders items)', () => {
	it('null parent (top level) is left out; numeric ids become strings', () => {
		expect(categoryFromValues({ id: 'g', name: 'Товары', parentId: null })).toEqual({ id: 'g', name: 'Товары' });
		expect(categoryFromValues({ id: 2, name: 'Одежда', parentId: 1 })).toEqual({ id: '2', name: 'Одежда', parentId: '1' });
	});
});

describe('parseCategoryList', () => {
	it('reads a JSON string or an array', () => {
		expect(parseCategoryList('[{"id":1,"name":"Товары"},{"id":"2","name":"Одежда","parentId":1}]')).toEqual([
			{ id: '1', name: 'Товары' },
			{ id: '2', name: 'Одежда', parentId: '1' },
		]);
		expect(parseCategoryList([{ id: 'a', name: 'A' }])).toEqual([{ id: 'a', name: 'A' }]);
		expect(parseCategoryList('  ')).toEqual([]);
	});

	it('says what is wrong with a bad list', () => {
		expect(() => parseCategoryList('[{"id":1,')).toThrow(IcmlCategoryListError);
		expect(() => parseCategoryList('[{"id":1,')).toThrow(/Categories \(JSON\) is not valid JSON/);
		expect(() => parseCategoryList('{"id":1}')).toThrow('Categories (JSON) must be an array');
		expect(() => parseCategoryList('[1]')).toThrow('Categories (JSON) entry #0 is not an object');
	});
});
