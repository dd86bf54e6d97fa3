/**
 * Deterministic synthetic catalog for the ICML benchmark: Cyrillic names with `&`, quotes and `<`,
 * 30 categories (two levels), offers in groups of sizes `(44)…(54)` so name-pattern grouping has work.
 */
import { prng } from '../test/sandboxes/prng';
import type { IcmlCategory, IcmlInput, IcmlOffer } from '../nodes/core/icml';


const KINDS = ['Джинсы', 'Куртка', 'Рубашка', 'Платье', 'Ботинки', 'Свитер', 'Шапка', 'Брюки'];
const STYLES = ['Элегантность', 'Классика', 'Лето & Море', 'Городской "Стиль"', "Мастер's", 'Нео <2024>', 'Уют', 'Север'];
const VENDORS = ['Ромашка & Ко', 'ООО "Лён"', 'Текстиль <Про>', 'Вектор', "O'Brien"];
const COLOURS = ['синий', 'чёрный', 'белый', 'серый', 'красный'];
const SIZES = ['44', '46', '48', '50', '52', '54'];

function guid(rand: () => number): string {
	const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
	return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

export function generateCatalog(offerCount: number, seed = 20261127): IcmlInput {
	const rand = prng(seed);
	const categories: IcmlCategory[] = [];
	for (let i = 1; i <= 30; i++) {
		categories.push({ id: String(i), parentId: i > 5 ? String(((i - 1) % 5) + 1) : undefined, name: `Раздел ${i} «${KINDS[i % KINDS.length]}» & <аксессуары>` });
	}
	const offers: IcmlOffer[] = [];
	let product = 0;
	while (offers.length < offerCount) {
		product++;
		const base = `${KINDS[product % KINDS.length]} ${STYLES[Math.floor(rand() * STYLES.length)]} арт. ${product}`;
		const categoryId = String(1 + Math.floor(rand() * 30));
		const vendor = VENDORS[Math.floor(rand() * VENDORS.length)];
		const price = Math.round(rand() * 1000000) / 100 + 1;
		const sizes = 1 + Math.floor(rand() * 4);
		const itemGuid = guid(rand);
		for (let s = 0; s < sizes && offers.length < offerCount; s++) {
			const size = SIZES[(product + s) % SIZES.length];
			const offer: IcmlOffer = {
				id: `${itemGuid}#${guid(rand)}`,
				name: `${base} (${size})`,
				price,
				purchasePrice: Math.round(price * 60) / 100,
				quantity: Math.floor(rand() * 100),
				categoryId,
				xmlId: itemGuid,
				article: `A-${product}-${size}`,
				params: [{ code: 'size', name: 'Размер', value: size }],
				unit: { code: '796', name: 'Штука', sym: 'шт' },
				vatRate: 20,
				weight: Math.round(rand() * 5000) / 1000,
				barcodes: [String(4600000000000 + product * 10 + s)],
				productActivity: true,
			};
			// Every tenth offer carries the rarer fields, so the benchmark exercises them too.
			if (offers.length % 10 === 0) {
				offer.vendor = vendor;
				offer.params!.push({ code: 'color', name: 'Цвет', value: COLOURS[Math.floor(rand() * COLOURS.length)] });
				offer.dimensions = { length: 30, width: 20.5, height: Math.round(rand() * 100) / 10 };
				offer.url = `https://shop.example/p/${product}`;
				offer.pictures = [`https://shop.example/img/${product}.jpg`];
			}
			// Round-trip through JSON, as n8n hands items to a node (parsed from an HTTP/OData response):
			// template-literal strings are V8 ropes, and flattening 100,000 of them on first access would
			// bill the builder for work real input never needs. Per offer, so no huge intermediate string
			// inflates the process before the benchmark takes its memory baseline.
			offers.push(JSON.parse(JSON.stringify(offer)) as IcmlOffer);
		}
	}
	return { shop: { name: 'Магазин "Одежда & Обувь"', company: 'ООО «Одежда»' }, date: '2026-11-27 12:00:00', categories, offers };
}
