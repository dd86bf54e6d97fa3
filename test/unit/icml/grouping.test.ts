import { createHash } from 'crypto';
import { buildIcml, compileNamePattern, DEFAULT_NAME_PATTERN, groupOffers, IcmlConfigError, productNameByPattern, type IcmlInput, type IcmlOffer } from '../../../nodes/core/icml';
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

describe('grouping: namePattern', () => {
	it('cuts the trailing (…) suffix and groups per product name and category', async () => {
		const input = doc([
			offer('797', 'Джинсы Элегантность (48)'),
			offer('798', 'Джинсы Элегантность (50)'),
			offer('799', 'Джинсы Элегантность (52)', { categoryId: 'c2' }), // other category: other product
			offer('800', 'Футболка (хлопок) белая'), // parentheses not at the end: not a variant
			offer('801', '  Кепка (S) '),
		]);
		const rows = await writeAndRead('grouping-name-pattern.xml', input, { grouping: { mode: 'namePattern' } });
		const hash = (category: string, name: string) => 'p-' + createHash('sha1').update(`${category}\u0000${name}`).digest('hex').slice(0, 20);
		expect(rows).toEqual([
			['797', hash('c1', 'Джинсы Элегантность'), 'Джинсы Элегантность'],
			['798', hash('c1', 'Джинсы Элегантность'), 'Джинсы Элегантность'],
			['799', hash('c2', 'Джинсы Элегантность'), 'Джинсы Элегантность'],
			['800', hash('c1', 'Футболка (хлопок) белая'), 'Футболка (хлопок) белая'],
			['801', hash('c1', 'Кепка'), 'Кепка'],
		]);
		expect(groupOffers(input.offers, { mode: 'namePattern' }).products).toBe(4);
		expect(groupOffers(input.offers, { mode: 'namePattern', productIdFrom: 'smallestOfferId' }).products).toBe(4);
	});

	it('derives the same product id whatever the offer order or which sizes exist', () => {
		const a = groupOffers([offer('1', 'Пальто (46)'), offer('2', 'Пальто (48)')], { mode: 'namePattern' });
		const b = groupOffers([offer('2', 'Пальто (48)')], { mode: 'namePattern' });
		const c = groupOffers([offer('9', 'Пальто (50)'), offer('1', 'Пальто (46)')], { mode: 'namePattern' });
		expect(new Set([...a.productIds, ...b.productIds, ...c.productIds]).size).toBe(1);
	});

	it('productIdFrom smallestOfferId uses the smallest offer id of the group, in any order', () => {
		const g = groupOffers([offer('B2', 'Пальто (48)'), offer('A1', 'Пальто (46)'), offer('C3', 'Шарф')], {
			mode: 'namePattern',
			productIdFrom: 'smallestOfferId',
		});
		expect(g.productIds).toEqual(['A1', 'A1', 'C3']);
		expect(g.products).toBe(2);
	});

	it('accepts a custom cut pattern and a pattern with a named group "product"', () => {
		const cut = groupOffers([offer('1', 'Носки, размер 39'), offer('2', 'Носки, размер 41')], { mode: 'namePattern', pattern: ',\\s*размер\\s+\\d+$' });
		expect(cut.productNames).toEqual(['Носки', 'Носки']);
		expect(cut.products).toBe(1);
		const named = groupOffers([offer('1', 'Шапка / синяя'), offer('2', 'шапка / красная')], {
			mode: 'namePattern',
			pattern: '^(?<product>.+?)\\s*/',
			flags: 'i',
		});
		expect(named.productNames).toEqual(['Шапка', 'шапка']);
		expect(named.products).toBe(2); // names differ in case: grouping is exact
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
