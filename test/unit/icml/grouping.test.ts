import { createHash } from 'crypto';
import { buildIcml, compileNamePattern, DEFAULT_NAME_PATTERN, DEFAULT_VARIANT_PATTERN, groupOffers, IcmlConfigError, productNameByPattern, stemByPattern, type IcmlInput, type IcmlOffer } from '../../../nodes/core/icml';
import { expectGolden, offersOf, parseIcml, textOf } from './xml';

const offer = (id: string, name: string, extra: Partial<IcmlOffer> = {}): IcmlOffer => ({ id, name, price: 100, categoryId: 'c1', ...extra });

function doc(offers: IcmlOffer[]): IcmlInput {
	return {
		shop: { name: 'Shop', company: 'Company' },
		date: '2026-11-27 10:00:00',
		categories: [{ id: 'c1', name: 'Одежда' }, { id: 'c2', name: 'Обувь' }],
		offers,
	};
}

/** Writes with a rule, checks well-formedness and the golden file, returns [id, productId, productName] per offer. */
async function writeAndRead(golden: string, input: IcmlInput, grouping: Parameters<typeof buildIcml>[1]): Promise<string[][]> {
	const { root, text } = await parseIcml(buildIcml(input, grouping).toBuffer());
	expectGolden(golden, text);
	return offersOf(root).map((o) => [o.$!.id, o.$!.productId, textOf(o, 'productName')]);
}

const ITEM = '6f1c2a3b-0000-4000-8000-00000000a001';
const CHAR_48 = '9d8e7f60-0000-4000-8000-00000000c048';
const CHAR_50 = '9d8e7f60-0000-4000-8000-00000000c050';

describe('grouping: characteristics (1C УТ 10.3 GUID#characteristicGUID)', () => {
	it('groups GUID#char offers under the item GUID; a bare GUID is its own product', async () => {
		const input = doc([
			offer(`${ITEM}#${CHAR_48}`, 'Джинсы Элегантность (48)'),
			offer(`${ITEM}#${CHAR_50}`, 'Джинсы Элегантность (50)'),
			offer('7a7a7a7a-0000-4000-8000-00000000b001', 'Ремень кожаный'),
			offer('7a7a7a7a-0000-4000-8000-00000000b002#c1', 'Сумка (красная)', { productName: 'Сумка дорожная' }),
		]);
		const rows = await writeAndRead('grouping-characteristics.xml', input, { grouping: { mode: 'characteristics' } });
		expect(rows).toEqual([
			[`${ITEM}#${CHAR_48}`, ITEM, 'Джинсы Элегантность'],
			[`${ITEM}#${CHAR_50}`, ITEM, 'Джинсы Элегантность'],
			['7a7a7a7a-0000-4000-8000-00000000b001', '7a7a7a7a-0000-4000-8000-00000000b001', 'Ремень кожаный'],
			['7a7a7a7a-0000-4000-8000-00000000b002#c1', '7a7a7a7a-0000-4000-8000-00000000b002', 'Сумка дорожная'],
		]);
	});

	it('honours a custom separator and rejects an empty one', () => {
		const g = groupOffers([offer('A|1', 'x (1)'), offer('A|2', 'x (2)'), offer('A#3', 'y')], { mode: 'characteristics', separator: '|' });
		expect(g.productIds).toEqual(['A', 'A', 'A#3']);
		expect(g.products).toBe(2);
		expect(() => groupOffers([], { mode: 'characteristics', separator: '' })).toThrow(IcmlConfigError);
	});
});

describe('grouping: namePattern (separate 1C items that are sizes of one product)', () => {
	const J48 = '5eed0008-0000-4000-8000-000000000002';
	const J50 = '5eed0008-0000-4000-8000-000000000003';
	const J52 = '5eed0008-0000-4000-8000-000000000001';

	it('groups items whose names differ only by a size suffix in one category; the product id is the smallest item key', async () => {
		const input = doc([
			offer('797', 'Джинсы Элегантность (48)'),
			offer('798', 'Джинсы Элегантность (50)'),
			offer('799', 'Джинсы Элегантность (52)', { categoryId: 'c2' }), // other category: other product
			offer('800', 'Футболка (хлопок) белая'), // parentheses not at the end: not a variant
			offer('801', '  Кепка (S) '), // a size, but alone in its category: keeps its whole name
		]);
		const rows = await writeAndRead('grouping-name-pattern.xml', input, { grouping: { mode: 'namePattern' } });
		expect(rows).toEqual([
			['797', '797', 'Джинсы Элегантность'],
			['798', '797', 'Джинсы Элегантность'],
			['799', '799', 'Джинсы Элегантность (52)'],
			['800', '800', 'Футболка (хлопок) белая'],
			['801', '801', 'Кепка (S)'],
		]);
		const g = groupOffers(input.offers, { mode: 'namePattern' });
		expect(g.products).toBe(4);
		expect(g.groups).toEqual([{ productId: '797', productName: 'Джинсы Элегантность', categoryId: 'c1', items: ['797', '798'], offers: 2, productIdFrom: 'memberKey' }]);
	});

	it('a lone item keeps its whole name: «Клей ПВА (0,5 л)» is not cut to «Клей ПВА»', () => {
		const g = groupOffers([offer('k1', 'Клей ПВА (0,5 л)'), offer('k2', 'Клей ПВА')], { mode: 'namePattern' });
		expect(g.productNames).toEqual(['Клей ПВА (0,5 л)', 'Клей ПВА']);
		expect(g.productIds).toEqual(['k1', 'k2']);
		expect(g.groups).toEqual([]);
		// With the wide pattern (any trailing "( … )") too: alone in its category, it stays whole.
		const wide = groupOffers([offer('k1', 'Клей ПВА (0,5 л)')], { mode: 'namePattern', pattern: DEFAULT_NAME_PATTERN });
		expect(wide.productNames).toEqual(['Клей ПВА (0,5 л)']);
	});

	it('does not merge unrelated items that share a stem: only size suffixes are variants by default', () => {
		const offers = [offer('a', 'Кабель (медный)'), offer('b', 'Кабель (алюминиевый)'), offer('c', 'Клей ПВА (0,5 л)'), offer('d', 'Клей ПВА (1 л)')];
		expect(groupOffers(offers, { mode: 'namePattern' }).productIds).toEqual(['a', 'b', 'c', 'd']);
		// The user can set a wider variant suffix pattern; then they are grouped.
		const wide = groupOffers(offers, { mode: 'namePattern', pattern: DEFAULT_NAME_PATTERN });
		expect(wide.productIds).toEqual(['a', 'a', 'c', 'c']);
		expect(wide.groups?.map((x) => [x.productName, x.items])).toEqual([
			['Кабель', ['a', 'b']],
			['Клей ПВА', ['c', 'd']],
		]);
	});

	it('the default variant pattern: numbers, ranges and letter sizes, not volumes or colours', () => {
		const re = compileNamePattern(DEFAULT_VARIANT_PATTERN);
		const cases: Array<[string, string | undefined]> = [
			['Джинсы (48)', 'Джинсы'],
			['Джинсы (48-50)', 'Джинсы'],
			['Рубашка (42/170)', 'Рубашка'],
			['Кроссовки (39,5)', 'Кроссовки'],
			['Футболка (XL)', 'Футболка'],
			['Футболка (xxl)', 'Футболка'],
			['Футболка (3XL)', 'Футболка'],
			['Футболка ( M )', 'Футболка'],
			['Клей ПВА (0,5 л)', undefined],
			['Футболка (Белый, M)', undefined],
			['Набор (2 шт)', undefined],
			['(48)', undefined],
		];
		for (const [name, stem] of cases) expect([name, stemByPattern(name, re)]).toEqual([name, stem]);
	});

	it('renaming and moving the items keeps the product id (it is a 1C key, not the name)', () => {
		const before = groupOffers([offer(J48, 'Джинсы Элегантность (48)'), offer(J50, 'Джинсы Элегантность (50)')], { mode: 'namePattern' });
		const renamedAndMoved = groupOffers([offer(J50, 'Джинсы Классика (50)', { categoryId: 'c2' }), offer(J48, 'Джинсы Классика (48)', { categoryId: 'c2' })], { mode: 'namePattern' });
		expect(before.productIds).toEqual([J48, J48]);
		expect(renamedAndMoved.productIds).toEqual([J48, J48]);
		expect(renamedAndMoved.productNames).toEqual(['Джинсы Классика', 'Джинсы Классика']);
	});

	it('remembered ids keep a product when an item with a smaller key joins or the item whose key it carries leaves', () => {
		const first = groupOffers([offer(J48, 'Джинсы (48)'), offer(J50, 'Джинсы (50)')], { mode: 'namePattern' });
		expect(first.productIds).toEqual([J48, J48]);
		expect([...(first.remember ?? [])]).toEqual([
			[J48, J48],
			[J50, J48],
		]);
		// A new size whose GUID sorts first: without memory the product would be re-keyed.
		const joined = groupOffers([offer(J52, 'Джинсы (52)'), offer(J48, 'Джинсы (48)'), offer(J50, 'Джинсы (50)')], { mode: 'namePattern', remembered: first.remember });
		expect(joined.productIds).toEqual([J48, J48, J48]);
		expect(joined.groups?.[0].productIdFrom).toBe('remembered');
		expect(groupOffers([offer(J52, 'Джинсы (52)'), offer(J48, 'Джинсы (48)')], { mode: 'namePattern' }).productIds).toEqual([J52, J52]);
		// (48) is deleted in 1C: the rest keep the product.
		const left = groupOffers([offer(J50, 'Джинсы (50)'), offer(J52, 'Джинсы (52)')], { mode: 'namePattern', remembered: joined.remember });
		expect(left.productIds).toEqual([J48, J48]);
		// A lone item that was a variant keeps the product too (its photos stay).
		const lone = groupOffers([offer(J50, 'Джинсы (50)')], { mode: 'namePattern', remembered: left.remember });
		expect(lone.productIds).toEqual([J48]);
	});

	it('a remembered id goes to the product that carries most of its items; the other takes its own smallest key', () => {
		const remembered = new Map([
			['a', 'a'],
			['b', 'a'],
			['c', 'a'],
		]);
		// c was renamed into another product together with d.
		const g = groupOffers([offer('a', 'Пальто (46)'), offer('b', 'Пальто (48)'), offer('c', 'Куртка (46)'), offer('d', 'Куртка (48)')], { mode: 'namePattern', remembered });
		expect(g.productIds).toEqual(['a', 'a', 'c', 'c']);
		expect(new Set(g.productIds).size).toBe(2);
	});

	it('offers of one item (GUID#characteristic) always stay one product, named by productName or the cut offer name', () => {
		const T = '7a7a7a7a-0000-4000-8000-00000000b002';
		const g = groupOffers(
			[offer(`${T}#1`, 'Футболка базовая (Белый, M)'), offer(`${T}#2`, 'Футболка базовая (Черный, M)'), offer('s1', 'Шарф (M)'), offer('s2', 'Шарф (L)', { productName: 'Шарф вязаный' })],
			{ mode: 'namePattern' },
		);
		expect(g.productIds).toEqual([T, T, 's1', 's1']);
		expect(g.productNames).toEqual(['Футболка базовая', 'Футболка базовая', 'Шарф', 'Шарф']);
	});

	it('productIdFrom hash: prefix + SHA-1 of category and product name for groups (changes on rename, kept for old catalogs)', () => {
		const hash = (category: string, name: string) => 'p-' + createHash('sha1').update(`${category}\u0000${name}`).digest('hex').slice(0, 20);
		const g = groupOffers([offer('1', 'Пальто (46)'), offer('2', 'Пальто (48)'), offer('3', 'Шарф')], { mode: 'namePattern', productIdFrom: 'hash' });
		expect(g.productIds).toEqual([hash('c1', 'Пальто'), hash('c1', 'Пальто'), '3']);
	});

	it('accepts a custom suffix pattern and a pattern with a named group "product"', () => {
		const cut = groupOffers([offer('1', 'Носки, размер 39'), offer('2', 'Носки, размер 41')], { mode: 'namePattern', pattern: ',\\s*размер\\s+\\d+$' });
		expect(cut.productNames).toEqual(['Носки', 'Носки']);
		expect(cut.products).toBe(1);
		const named = groupOffers([offer('1', 'Шапка / синяя'), offer('2', 'шапка / красная')], {
			mode: 'namePattern',
			pattern: '^(?<product>.+?)\\s*/',
			flags: 'i',
		});
		expect(named.productNames).toEqual(['Шапка / синяя', 'шапка / красная']);
		expect(named.products).toBe(2); // stems differ in case: grouping is exact, and each is alone
	});

	it('keeps the whole name when the pattern would leave nothing', () => {
		expect(productNameByPattern('(48)', compileNamePattern())).toBe('(48)');
	});

	it('reports an invalid pattern as a configuration error naming it', () => {
		expect(() => groupOffers([offer('1', 'a')], { mode: 'namePattern', pattern: '(unclosed' })).toThrow(/Invalid product name pattern \/\(unclosed\//);
	});
});

describe('grouping: field', () => {
	it('groups by a groupFields key and falls back to the offer id when it is missing', async () => {
		const input = doc([
			offer('1', 'Кроссовки 40', { groupFields: { owner: 'ITEM-7' }, productName: 'Кроссовки' }),
			offer('2', 'Кроссовки 41', { groupFields: { owner: 'ITEM-7' }, productName: 'Кроссовки' }),
			offer('3', 'Шнурки', { groupFields: { owner: '' } }),
			offer('4', 'Стельки', { groupFields: { owner: 42 } }),
		]);
		const rows = await writeAndRead('grouping-field.xml', input, { grouping: { mode: 'field', field: 'owner' } });
		expect(rows).toEqual([
			['1', 'ITEM-7', 'Кроссовки'],
			['2', 'ITEM-7', 'Кроссовки'],
			['3', '3', 'Шнурки'],
			['4', '42', 'Стельки'],
		]);
	});

	it('reads productId by default; leaveEmpty turns a missing id into a validation error', () => {
		const offers = [offer('1', 'a', { productId: 'P' }), offer('2', 'b')];
		expect(groupOffers(offers, { mode: 'field' }).productIds).toEqual(['P', '2']);
		expect(groupOffers(offers, { mode: 'field', whenMissing: 'leaveEmpty' }).productIds).toEqual(['P', undefined]);
		expect(() => buildIcml(doc(offers), { grouping: { mode: 'field', whenMissing: 'leaveEmpty' } })).toThrow(/Offer #1 \(id "2"\), productId: no product id after grouping/);
	});
});

describe('grouping: none', () => {
	it('makes every offer its own product, ignoring any given productId', async () => {
		const input = doc([offer('1', 'Джинсы (48)', { productId: 'X' }), offer('2', 'Джинсы (50)')]);
		const rows = await writeAndRead('grouping-none.xml', input, { grouping: { mode: 'none' } });
		expect(rows).toEqual([
			['1', '1', 'Джинсы (48)'],
			['2', '2', 'Джинсы (50)'],
		]);
	});

	it('rejects an unknown mode', () => {
		expect(() => groupOffers([], { mode: 'bogus' } as never)).toThrow(/Unknown grouping mode "bogus"/);
	});
});

describe('default name pattern fast path', () => {
	it('gives exactly what the regex gives, on random names made of parentheses, spaces and letters', () => {
		let seed = 7;
		const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
		const alphabet = ['(', ')', ' ', '\t', '\n', '\u00A0', 'а', 'b', '4', '8'];
		const viaRegex = compileNamePattern(DEFAULT_NAME_PATTERN, 'u'); // other flags: the generic regex path
		const fast = compileNamePattern();
		expect(fast.flags).toBe('');
		for (let i = 0; i < 20000; i++) {
			let name = '';
			const len = Math.floor(rand() * 12);
			for (let k = 0; k < len; k++) name += alphabet[Math.floor(rand() * alphabet.length)];
			expect([name, productNameByPattern(name, fast)]).toEqual([name, productNameByPattern(name, viaRegex)]);
		}
	});
});
