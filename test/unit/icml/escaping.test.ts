import { buildIcml, escapeAttr, escapeText, stripInvalidXmlChars, type IcmlInput } from '../../../nodes/core/icml';
import { categoriesOf, child, children, expectGolden, offersOf, parseIcml, textOf } from './xml';

const EMOJI = '\u{1F600}\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // 😀 and a ZWJ family sequence
const LONE_HIGH = '\uD83D';
const LONE_LOW = '\uDE00';

describe('escapeText / escapeAttr', () => {
	it('escapes markup characters; quotes only in attributes', () => {
		expect(escapeText(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
		expect(escapeAttr(`a & b < c > d "e" 'f'`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
		expect(escapeText('&amp;')).toBe('&amp;amp;');
	});

	it('leaves Cyrillic, emoji and plain text untouched (same string instance on the fast path)', () => {
		const s = `Джинсы Элегантность ${EMOJI} №5 «ёлка»`;
		expect(escapeText(s)).toBe(s);
		expect(escapeAttr(s)).toBe(s);
	});

	it('drops control characters except tab, LF and CR, and U+FFFE/U+FFFF', () => {
		expect(escapeText('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\th\ni\rj\uFFFEk\uFFFFl')).toBe('abcdefg\th\ni&#13;jkl');
		expect(escapeAttr('g\th\ni\rj')).toBe('g&#9;h&#10;i&#13;j');
		expect(escapeAttr('x\u0007&y')).toBe('x&amp;y');
		// DEL and C1 controls are legal XML 1.0 characters and stay.
		expect(escapeText('a\u007Fb\u0085c')).toBe('a\u007Fb\u0085c');
	});

	it('keeps surrogate pairs and drops lone surrogates', () => {
		expect(escapeText(`a${LONE_HIGH}b`)).toBe('ab');
		expect(escapeText(`a${LONE_LOW}b`)).toBe('ab');
		expect(escapeText(`${LONE_LOW}${LONE_HIGH}`)).toBe(''); // reversed pair = two lone halves
		expect(escapeText(`${LONE_HIGH}${EMOJI}${LONE_LOW}&`)).toBe(`${EMOJI}&amp;`);
		expect(escapeText(`end${LONE_HIGH}`)).toBe('end');
		expect(stripInvalidXmlChars(`<${LONE_HIGH}\u0002>`)).toBe('<>');
	});
});

const tricky: IcmlInput = {
	shop: { name: `Магазин "Одежда & Обувь" <'опт'>`, company: 'ООО «Ромашка» & Co\u0003' },
	date: '2026-11-27 10:00:00',
	categories: [
		{ id: 'root&1', name: 'Товары <новые> & "лучшие"' },
		{ id: "child'2", parentId: 'root&1', name: `Эмодзи ${EMOJI}`, picture: 'https://img.example/c.png?a=1&b=2' },
	],
	offers: [
		{
			id: 'o"1"',
			name: `Джинсы "Элегантность" & <Ко> 'New' ${EMOJI}\u0000\u0001`,
			price: 300,
			categoryId: 'root&1',
			vendor: `O'Brien & Sons`,
			article: 'A<1>&"2"',
			params: [{ code: 'c&d', name: `Цвет "основной" <1>`, value: `синий & 'белый'\u0007` }],
			unit: { code: '796', name: 'Штука "шт"', sym: "ш'т" },
			url: 'https://shop.example/p?id=1&lang=ru',
			pictures: [`https://shop.example/img/${LONE_HIGH}a.jpg`],
		},
		{
			id: `o2${LONE_LOW}\t`,
			name: `Tab\tLF\nCR\r end${LONE_HIGH}`,
			price: 1.5,
			categoryIds: ["child'2"],
			barcodes: ['4600000000001'],
		},
	],
};

describe('writer escaping (golden)', () => {
	it('writes a well-formed document that reads back to the cleaned input', async () => {
		const build = buildIcml(tricky, { grouping: { mode: 'none' } });
		const { root, text } = await parseIcml(build.toBuffer());
		expectGolden('escaping.xml', text);

		const shop = child(root, 'shop');
		expect(textOf(shop, 'name')).toBe(tricky.shop.name);
		expect(textOf(shop, 'company')).toBe('ООО «Ромашка» & Co');
		const cats = categoriesOf(root);
		expect(cats[0].$).toEqual({ id: 'root&1' });
		expect(cats[0]._).toBe('Товары <новые> & "лучшие"');
		expect(cats[1].$).toEqual({ id: "child'2", parentId: 'root&1' });
		expect(textOf(cats[1], 'name')).toBe(`Эмодзи ${EMOJI}`);
		expect(textOf(cats[1], 'picture')).toBe('https://img.example/c.png?a=1&b=2');

		const [a, b] = offersOf(root);
		expect(a.$).toEqual({ id: 'o"1"', productId: 'o"1"', quantity: '0' });
		expect(textOf(a, 'name')).toBe(`Джинсы "Элегантность" & <Ко> 'New' ${EMOJI}`);
		expect(textOf(a, 'vendor')).toBe(`O'Brien & Sons`);
		const params = children(a, 'param');
		expect(params.map((p) => [p.$, p._])).toEqual([
			[{ name: 'Артикул', code: 'article' }, 'A<1>&"2"'],
			[{ name: `Цвет "основной" <1>`, code: 'c&d' }, `синий & 'белый'`],
		]);
		expect(child(a, 'unit').$).toEqual({ code: '796', name: 'Штука "шт"', sym: "ш'т" });
		expect(textOf(a, 'url')).toBe('https://shop.example/p?id=1&lang=ru');
		expect(textOf(a, 'picture')).toBe('https://shop.example/img/a.jpg');

		expect(b.$!.id).toBe('o2\t'); // tab in an attribute survives as &#9;
		expect(textOf(b, 'name')).toBe('Tab\tLF\nCR\r end'); // CR survives because it is written as &#13;
		expect(textOf(b, 'categoryId')).toBe("child'2");
	});
});

describe('escaping against an independent regex reference', () => {
	// Written the slow, obvious way: drop what XML 1.0 cannot hold, then replace markup.
	const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
	const refStrip = (s: string) => s.replace(INVALID, '');
	const refText = (s: string) => refStrip(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
	const refAttr = (s: string) =>
		refText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');

	it('agrees on 20,000 random strings mixing markup, controls, surrogate halves, pairs and Cyrillic', () => {
		let seed = 99;
		const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
		const alphabet = ['&', '<', '>', '"', "'", '\t', '\n', '\r', '\u0000', '\u0008', '\u000B', '\u001F', ' ', '\uD83D', '\uDE00', '\uDBFF', '\uDC00', '\uFFFE', '\uFFFF', '\uFFFD', 'я', 'Z', '\u007F', '\u00A0'];
		for (let i = 0; i < 20000; i++) {
			let s = '';
			const len = Math.floor(rand() * 10);
			for (let k = 0; k < len; k++) s += alphabet[Math.floor(rand() * alphabet.length)];
			expect([s, escapeText(s), escapeAttr(s), stripInvalidXmlChars(s)]).toEqual([s, refText(s), refAttr(s), refStrip(s)]);
		}
	});
});
