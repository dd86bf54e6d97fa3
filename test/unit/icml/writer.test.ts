import { buildIcml, formatDecimal, formatIcmlDate, groupOffers, stripInvalidXmlChars, writeIcml, type IcmlInput, type IcmlOffer } from '../../../nodes/core/icml';
import { categoriesOf, child, children, expectGolden, offersOf, parseIcml, textOf } from './xml';
import { prng } from '../../sandboxes/prng';

const fullOffer: IcmlOffer = {
	id: 'a1b2c3d4-0000-4000-8000-000000000001#00000000-0000-4000-8000-0000000000c1',
	name: 'Куртка зимняя (XL)',
	productName: 'Куртка зимняя',
	price: 14000,
	purchasePrice: 13200.5,
	quantity: 16,
	categoryId: '3',
	categoryIds: ['3', '7'],
	xmlId: 'a1b2c3d4-0000-4000-8000-000000000001',
	vendor: 'Бренд',
	article: '789789',
	params: [
		{ code: 'size', name: 'Размер', value: 'XL' },
		{ name: 'Сезон', value: 'зима' },
		{ code: 'layers', name: 'Слоёв', value: 3 },
	],
	unit: { code: '796', name: 'Штука', sym: 'шт' },
	vatRate: 20,
	weight: 12.256,
	dimensions: { length: 20.1, width: 20.551, height: 22 },
	barcodes: ['4600000000000', '4600000000017'],
	url: 'https://shop.example/p/1',
	pictures: ['https://shop.example/1.jpg', 'https://shop.example/2.jpg'],
	productActivity: true,
	type: 'product',
	markable: false,
};

const input: IcmlInput = {
	shop: { name: 'Магазин', company: 'ООО Магазин' },
	date: new Date(Date.UTC(2024, 4, 1, 7, 0, 0)),
	categories: [
		{ id: '2', name: 'Одежда' },
		{ id: '3', parentId: '2', name: 'Куртки', picture: 'https://shop.example/c3.jpg' },
		{ id: '7', parentId: '', name: 'Распродажа' },
		{ id: '8', parentId: '0', name: 'Новинки' },
		{ id: '9', parentId: '00000000-0000-0000-0000-000000000000', name: 'Архив' },
	],
	offers: [
		fullOffer,
		{ id: 'svc-1', name: 'Доставка', price: 350, vatRate: 'none', type: 'service', productActivity: false, dimensions: { length: 0, width: 0, height: 0 } },
	],
};

describe('writer: element and attribute names per docs/retailcrm-api.md#icml (golden)', () => {
	it('writes every field of a full offer', async () => {
		const build = buildIcml(input, { grouping: { mode: 'characteristics' }, timeZone: 'Europe/Moscow', requirePrice: true });
		const { root, text } = await parseIcml(build.toBuffer());
		expectGolden('full-offer.xml', text);

		expect(root.$).toEqual({ date: '2024-05-01 10:00:00' });
		// '', '0' and 1C's empty reference all mean top level: no parentId attribute.
		expect(categoriesOf(root).map((c) => c.$)).toEqual([{ id: '2' }, { id: '3', parentId: '2' }, { id: '7' }, { id: '8' }, { id: '9' }]);

		const [o, svc] = offersOf(root);
		expect(o.$).toEqual({ id: fullOffer.id, productId: 'a1b2c3d4-0000-4000-8000-000000000001', quantity: '16', type: 'product' });
		expect(textOf(o, 'price')).toBe('14000.00');
		expect(textOf(o, 'purchasePrice')).toBe('13200.50');
		expect(children(o, 'categoryId').map((c) => c._)).toEqual(['3', '7']);
		expect(textOf(o, 'name')).toBe('Куртка зимняя (XL)');
		expect(textOf(o, 'productName')).toBe('Куртка зимняя');
		expect(textOf(o, 'xmlId')).toBe('a1b2c3d4-0000-4000-8000-000000000001');
		expect(textOf(o, 'vendor')).toBe('Бренд');
		expect(children(o, 'param').map((p) => [p.$, p._])).toEqual([
			[{ name: 'Артикул', code: 'article' }, '789789'],
			[{ name: 'Размер', code: 'size' }, 'XL'],
			[{ name: 'Сезон' }, 'зима'],
			[{ name: 'Слоёв', code: 'layers' }, '3'],
		]);
		expect(child(o, 'unit').$).toEqual({ code: '796', name: 'Штука', sym: 'шт' });
		expect(textOf(o, 'vatRate')).toBe('20');
		expect(textOf(o, 'weight')).toBe('12.256');
		expect(textOf(o, 'dimensions')).toBe('20.1/20.551/22');
		expect(children(o, 'barcode').map((b) => b._)).toEqual(['4600000000000', '4600000000017']);
		expect(textOf(o, 'url')).toBe('https://shop.example/p/1');
		expect(children(o, 'picture').map((p) => p._)).toEqual(['https://shop.example/1.jpg', 'https://shop.example/2.jpg']);
		expect(textOf(o, 'productActivity')).toBe('Y');
		expect(textOf(o, 'markable')).toBe('N');

		expect(svc.$).toEqual({ id: 'svc-1', productId: 'svc-1', quantity: '0', type: 'service' });
		expect(textOf(svc, 'vatRate')).toBe('none');
		expect(textOf(svc, 'productActivity')).toBe('N');
		expect(children(svc, 'dimensions')).toEqual([]); // all zero: omitted
		expect(children(svc, 'categoryId')).toEqual([]);
	});

	it('quantity options: floor by default, decimals on request, omit when missing on request', async () => {
		const offers: IcmlOffer[] = [
			{ id: '1', name: 'Сыр весовой', price: 1, categoryId: '2', quantity: 2.75 },
			{ id: '2', name: 'Без остатка', price: 1, categoryId: '2' },
		];
		const doc = { ...input, offers };
		const quantities = async (opts: Parameters<typeof buildIcml>[1]) =>
			offersOf((await parseIcml(buildIcml(doc, opts).toBuffer())).root).map((o) => o.$!.quantity);
		expect(await quantities({})).toEqual(['2', '0']);
		expect(await quantities({ quantityFormat: 'decimal', missingQuantity: 'omit' })).toEqual(['2.75', undefined]);
		const clamped = { ...input, offers: [{ id: '1', name: 'Минус', price: 1, categoryId: '2', quantity: -4 }] };
		expect(offersOf((await parseIcml(buildIcml(clamped, { negativeQuantity: 'zero' }).toBuffer())).root)[0].$!.quantity).toBe('0');
	});

	it('weight precision follows weightDecimals (milligram accounts)', async () => {
		const doc = { ...input, offers: [{ id: '1', name: 'Перец', price: 1, categoryId: '2', weight: 0.0012346 }] };
		const weight = async (weightDecimals?: number) => textOf(offersOf((await parseIcml(buildIcml(doc, { weightDecimals }).toBuffer())).root)[0], 'weight');
		expect(await weight()).toBe('0.001');
		expect(await weight(6)).toBe('0.001235');
	});
});

describe('writer: chunks', () => {
	const many: IcmlInput = {
		shop: { name: 'S', company: 'C' },
		date: '2026-01-01 00:00:00',
		categories: Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, name: `Категория ${i} ${'😀'.repeat(i % 3)}` })),
		offers: Array.from({ length: 500 }, (_, i) => ({ id: `o${i}`, name: `Товар №${i} «${'я'.repeat(i % 50)}» 😀`, price: i + 1, categoryId: `c${i % 40}` })),
	};

	it('yields many bounded chunks whose concatenation equals a single-chunk write', () => {
		const products = groupOffers(many.offers, { mode: 'none' });
		const single = [...writeIcml(many, products, { chunkSize: Number.MAX_SAFE_INTEGER })];
		expect(single).toHaveLength(1);
		const parts = [...writeIcml(many, products, { chunkSize: 1024 })];
		expect(parts.length).toBeGreaterThan(20);
		// A chunk is flushed right after the element that crossed the threshold: bounded by threshold + one element.
		for (const p of parts.slice(0, -1)) {
			expect(p.length).toBeGreaterThanOrEqual(1024);
			expect(p.length).toBeLessThan(1024 + 400);
		}
		expect(parts.join('')).toBe(single[0]);
	});

	it('Buffer chunks stay within chunkSize bytes, except one holding a single larger element', () => {
		const big: IcmlInput = { ...many, offers: [...many.offers.slice(0, 100), { id: 'big', name: 'Ё'.repeat(5000), price: 1, categoryId: 'c0' }, ...many.offers.slice(100)] };
		const chunks = [...buildIcml(big, { grouping: { mode: 'none' }, chunkSize: 4096 }).chunks()];
		const oversized = chunks.filter((c) => c.length > 4096);
		expect(oversized).toHaveLength(1);
		expect(oversized[0].toString('utf8')).toMatch(/^<offer id="big"[^]*<\/offer>\n$/);
		// All but the last and the ones cut short by the big element are nearly full.
		expect(chunks.filter((c) => c.length < 4096 - 3 * 400).length).toBeLessThanOrEqual(3);
	});

	it('every Buffer chunk is valid UTF-8 on its own (no split characters) and stats count them', () => {
		const build = buildIcml(many, { grouping: { mode: 'none' }, chunkSize: 700 });
		const decoder = new TextDecoder('utf-8', { fatal: true });
		let joined = '';
		let bytes = 0;
		let count = 0;
		for (const chunk of build.chunks()) {
			joined += decoder.decode(chunk);
			bytes += chunk.length;
			count++;
		}
		expect(build.stats.bytes).toBe(bytes);
		expect(build.stats.chunks).toBe(count);
		expect(Buffer.byteLength(joined)).toBe(bytes);
	});

	it('toBuffer, writeTo and a second pass give identical bytes', async () => {
		const build = buildIcml(many, { grouping: { mode: 'none' } });
		const a = build.toBuffer();
		const got: Buffer[] = [];
		const n = await build.writeTo(async (c) => {
			await Promise.resolve();
			got.push(c);
		});
		expect(n).toBe(a.length);
		expect(Buffer.concat(got).equals(a)).toBe(true);
		expect(build.stats).toMatchObject({ offers: 500, products: 500, categories: 40, bytes: a.length });
	});

	it('toBuffer sizes its buffer from early offers yet stays exact when later offers are much larger', () => {
		const growing: IcmlInput = {
			...many,
			offers: Array.from({ length: 400 }, (_, i) => ({ id: `g${i}`, name: 'Ж'.repeat(1 + Math.floor((i * i) / 16)), price: 1, categoryId: 'c0' })),
		};
		const build = buildIcml(growing, { grouping: { mode: 'none' }, chunkSize: 2048 });
		const viaBuffer = build.toBuffer();
		const viaChunks = Buffer.concat([...build.chunks()]);
		expect(viaBuffer.length).toBeGreaterThan(4 * 1024 * 1024); // ≫ what the first chunk suggests
		expect(viaBuffer.equals(viaChunks)).toBe(true);
		expect(build.stats.bytes).toBe(viaBuffer.length);
	});

	it('toBuffer does not keep a much larger buffer alive when early offers were the big ones', () => {
		const shrinking: IcmlInput = {
			...many,
			offers: Array.from({ length: 3000 }, (_, i) => ({ id: `s${i}`, name: i < 1500 ? 'Ж'.repeat(2000) : 'x', price: 1, categoryId: 'c0' })),
		};
		const build = buildIcml(shrinking, { grouping: { mode: 'none' } });
		const out = build.toBuffer();
		expect(out.equals(Buffer.concat([...build.chunks()]))).toBe(true);
		expect(out.buffer.byteLength).toBeLessThanOrEqual(out.length * 1.25 + 1024 * 1024);
	});

	it('toBuffer works for a catalog with no offers (when allowed)', async () => {
		const build = buildIcml({ ...many, offers: [] }, { allowEmptyCatalog: true });
		const { root } = await parseIcml(build.toBuffer());
		expect(offersOf(root)).toEqual([]);
		expect(categoriesOf(root)).toHaveLength(40);
	});

	it('stats.bytes stays 0 until a pass over the chunks has finished', () => {
		const build = buildIcml(many, { grouping: { mode: 'none' }, chunkSize: 1024 });
		const it = build.chunks();
		it.next();
		expect(build.stats.bytes).toBe(0);
	});
});


describe('writer: randomised well-formedness', () => {
	it('any UTF-16 input (controls, lone surrogates, markup, emoji) gives a well-formed document that reads back cleaned', async () => {
		const rand = prng(42);
		const alphabet = ['&', '<', '>', '"', "'", '\u0000', '\u0001', '\u001F', '\t', '\n', '\r', '\uD83D', '\uDE00', '😀', 'Ж', 'ё', 'a', ' ', '\uFFFE', ']]>', '&amp;', '\u2028'];
		const randomText = () => {
			let s = 'x';
			const len = Math.floor(rand() * 20);
			for (let i = 0; i < len; i++) s += rand() < 0.7 ? alphabet[Math.floor(rand() * alphabet.length)] : String.fromCharCode(Math.floor(rand() * 0x10000));
			return s;
		};
		const offers: IcmlOffer[] = Array.from({ length: 300 }, (_, i) => ({
			id: `id${i}-${randomText()}`,
			name: randomText(),
			price: 1,
			categoryId: 'c',
			vendor: randomText(),
			params: [{ code: randomText(), name: randomText(), value: randomText() }],
			unit: { code: randomText(), name: randomText(), sym: randomText() },
		}));
		const doc: IcmlInput = { shop: { name: randomText(), company: randomText() }, date: '2026-01-01 00:00:00', categories: [{ id: 'c', name: randomText() }], offers };
		const { root } = await parseIcml(buildIcml(doc, { grouping: { mode: 'none' }, chunkSize: 512 }).toBuffer());
		const read = offersOf(root);
		expect(read).toHaveLength(300);
		read.forEach((o, i) => {
			expect(o.$!.id).toBe(stripInvalidXmlChars(offers[i].id));
			expect(textOf(o, 'name')).toBe(stripInvalidXmlChars(offers[i].name));
			expect(textOf(o, 'vendor')).toBe(stripInvalidXmlChars(offers[i].vendor!));
			const p = child(o, 'param');
			expect([p.$!.name, p.$!.code, p._ ?? '']).toEqual([offers[i].params![0].name, offers[i].params![0].code ?? '', String(offers[i].params![0].value)].map((v) => stripInvalidXmlChars(v)));
			expect(child(o, 'unit').$).toEqual({ code: stripInvalidXmlChars(offers[i].unit!.code), name: stripInvalidXmlChars(offers[i].unit!.name), sym: stripInvalidXmlChars(offers[i].unit!.sym) });
		});
	});

	it('the parser helper itself rejects malformed XML (so the checks above can fail)', async () => {
		await expect(parseIcml('<yml_catalog><shop>a & b</shop></yml_catalog>')).rejects.toThrow();
		await expect(parseIcml('<yml_catalog><shop>a < b</shop></yml_catalog>')).rejects.toThrow();
		await expect(parseIcml('<yml_catalog><shop></yml_catalog>')).rejects.toThrow();
		await expect(parseIcml('<yml_catalog a="1" a="2"/>')).rejects.toThrow();
		await expect(parseIcml('<yml_catalog>\u0001</yml_catalog>')).rejects.toThrow(/U\+0001/);
		await expect(parseIcml(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]))).rejects.toThrow();
	});
});

describe('formats', () => {
	it('formatDecimal trims trailing zeros and never writes -0', () => {
		expect([formatDecimal(20.1, 3), formatDecimal(22, 3), formatDecimal(20.551, 3), formatDecimal(0.0004, 3), formatDecimal(-0.0001, 3), formatDecimal(100, 0)]).toEqual([
			'20.1',
			'22',
			'20.551',
			'0',
			'0',
			'100',
		]);
	});

	it('formatIcmlDate writes Y-m-d H:i:s in UTC or a given zone; strings pass through', () => {
		const d = new Date(Date.UTC(2026, 0, 2, 21, 5, 9));
		expect(formatIcmlDate(d)).toBe('2026-01-02 21:05:09');
		expect(formatIcmlDate(d, 'Europe/Moscow')).toBe('2026-01-03 00:05:09');
		expect(formatIcmlDate('2026-01-01 00:00:00')).toBe('2026-01-01 00:00:00');
		expect(() => formatIcmlDate(d, 'Mars/Olympus')).toThrow(RangeError);
	});
});

describe('formatDecimal fast path', () => {
	it('matches toFixed-and-trim on random values for 0–6 decimals, and handles large and tiny values', () => {
		let seed = 5;
		const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
		const slow = (v: number, d: number) => {
			const f = (Math.round(v * 10 ** d) / 10 ** d).toFixed(d);
			const t = f.indexOf('.') === -1 ? f : f.replace(/\.?0+$/, '');
			return t === '-0' ? '0' : t;
		};
		for (let i = 0; i < 20000; i++) {
			const d = i % 7;
			const v = Math.round(rand() * 10 ** (1 + (i % 9))) / 10 ** (i % 8);
			expect([v, d, formatDecimal(v, d)]).toEqual([v, d, slow(v, d)]);
		}
		expect(formatDecimal(1e20, 3)).toBe('100000000000000000000');
		expect(formatDecimal(0.0000004, 6)).toBe('0');
		expect(formatDecimal(0.000001, 6)).toBe('0.000001');
		expect(formatDecimal(1.23456789e-9, 9)).toBe('0.000000001');
	});
});

describe('writer: a few thousand offers with the default 64 KB chunks', () => {
	it('streams dozens of chunks that join into a well-formed document with every offer in order', async () => {
		const rand = prng(2026);
		const words = ['Джинсы', 'Куртка "Зима"', 'Ботинки & шнурки', 'Шапка <вязаная>', "Мастер's", '😀 Эмодзи', 'Брюки'];
		const offers: IcmlOffer[] = Array.from({ length: 3000 }, (_, i) => ({
			id: `${i.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-${'d'.repeat(12)}#${i}`,
			name: `${words[Math.floor(rand() * words.length)]} ${words[Math.floor(rand() * words.length)]} №${i} (${44 + (i % 6) * 2})`,
			price: Math.round(rand() * 100000) / 100 + 1,
			quantity: Math.floor(rand() * 50),
			categoryId: `c${i % 7}`,
			params: [{ code: 'size', name: 'Размер', value: String(44 + (i % 6) * 2) }],
			unit: { code: '796', name: 'Штука', sym: 'шт' },
		}));
		const doc: IcmlInput = {
			shop: { name: 'S', company: 'C' },
			date: '2026-01-01 00:00:00',
			categories: Array.from({ length: 7 }, (_, i) => ({ id: `c${i}`, name: `Раздел ${i}` })),
			offers,
		};
		const build = buildIcml(doc, { grouping: { mode: 'namePattern' } });
		const decoder = new TextDecoder('utf-8', { fatal: true });
		const chunks = [...build.chunks()];
		expect(chunks.length).toBeGreaterThan(10);
		for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThanOrEqual(64 * 1024);
		chunks.forEach((c) => decoder.decode(c)); // each chunk is whole UTF-8 on its own
		const whole = Buffer.concat(chunks);
		expect(whole.equals(build.toBuffer())).toBe(true);
		const { root } = await parseIcml(whole);
		const read = offersOf(root);
		expect(read.map((o) => o.$!.id)).toEqual(offers.map((o) => o.id));
		expect(read.map((o) => textOf(o, 'name'))).toEqual(offers.map((o) => o.name));
		// Every product id is shared only by offers whose names differ just by the size suffix.
		const byProduct = new Map<string, Set<string>>();
		read.forEach((o) => {
			const set = byProduct.get(o.$!.productId) ?? new Set<string>();
			set.add(`${textOf(o, 'categoryId')}|${textOf(o, 'productName')}`);
			byProduct.set(o.$!.productId, set);
		});
		for (const names of byProduct.values()) expect(names.size).toBe(1);
		expect(build.stats.products).toBe(byProduct.size);
	});
});
