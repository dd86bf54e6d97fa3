import { buildLarge, largeOfferCount, largeOptionsFromEnv, largeSizeForOffers } from '../../sandboxes/onec/fixtures/large';
import { startClient, type Client } from './helpers';

/** The large fixture: deterministic, parameterised, consistent (small sizes here; speed is for benchmarks). */
let c: Client;
beforeAll(async () => {
	c = await startClient({ fixture: 'large', large: { items: 3000, characteristics: 800, topFolders: 2 } });
});
afterAll(() => c.sb.close());

describe('large fixture', () => {
	it('is deterministic for a given seed and different for another', () => {
		const a = buildLarge({ items: 50, characteristics: 10, topFolders: 1 });
		const b = buildLarge({ items: 50, characteristics: 10, topFolders: 1 });
		const d = buildLarge({ items: 50, characteristics: 10, topFolders: 1, seed: 7 });
		const refs = (s: typeof a): string[] => s.entities.Catalog_Номенклатура.map((r) => String(r.Ref_Key));
		expect(refs(a)).toEqual(refs(b));
		expect(refs(a)).not.toEqual(refs(d));
	});

	it('is sized by offers (SANDBOX_LARGE_OFFERS) in the default proportion, exactly', () => {
		expect(largeOfferCount({})).toBe(115_000);
		expect(largeSizeForOffers(115_000)).toEqual({ items: 100_000, characteristics: 20_000 });
		for (const offers of [1, 7, 1000, 100_000, 300_000, 500_000]) expect(largeOfferCount(largeSizeForOffers(offers))).toBe(offers);
		expect(largeOptionsFromEnv({})).toEqual({});
		expect(largeOptionsFromEnv({ SANDBOX_LARGE_OFFERS: '300_000' })).toEqual({ items: 260_870, characteristics: 52_174 });
		expect(largeOptionsFromEnv({ SANDBOX_LARGE_OFFERS: '1000', SANDBOX_LARGE_CHARACTERISTICS: '0' })).toEqual({ items: 870, characteristics: 0 });
		expect(() => largeOptionsFromEnv({ SANDBOX_LARGE_ITEMS: 'many' })).toThrow(/SANDBOX_LARGE_ITEMS must be a whole number/);
		const built = buildLarge({ ...largeSizeForOffers(1000), topFolders: 1 });
		const items = built.entities.Catalog_Номенклатура.filter((r) => r.IsFolder === false && String(r.Description).startsWith('Товар '));
		const kept = new Set(built.entities.Catalog_ХарактеристикиНоменклатуры.map((r) => String(r.Owner_Key)));
		const offers = items.reduce((n, item) => n + (kept.has(String(item.Ref_Key)) ? built.entities.Catalog_ХарактеристикиНоменклатуры.filter((ch) => ch.Owner_Key === item.Ref_Key).length : 1), 0);
		expect(offers).toBe(1000);
	});

	it('has the requested number of items and characteristics in a 3-level tree', async () => {
		const items = await c.json('Catalog_Номенклатура', { $filter: 'IsFolder eq false', $top: 0, $inlinecount: 'allpages' });
		expect(Number(items['odata.count'])).toBe(3000 + 6); // + seed items
		const chars = await c.json('Catalog_ХарактеристикиНоменклатуры', { $top: 0, $inlinecount: 'allpages' });
		expect(Number(chars['odata.count'])).toBe(800 + 3);
		const folders = await c.json('Catalog_Номенклатура', { $filter: 'IsFolder eq true', $top: 0, $inlinecount: 'allpages' });
		expect(Number(folders['odata.count'])).toBe(4 + 2 * (1 + 10 + 50));
	});

	it('pages through every item exactly once with $orderby=Ref_Key', async () => {
		const seen = new Set<string>();
		let pages = 0;
		for (let skip = 0; ; skip += 500) {
			const p = await c.json('Catalog_Номенклатура', { $filter: 'IsFolder eq false', $select: 'Ref_Key', $orderby: 'Ref_Key', $top: 500, $skip: skip });
			pages++;
			for (const v of p.value) seen.add(v.Ref_Key);
			if (p.value.length < 500) break;
		}
		expect(seen.size).toBe(3006);
		expect(pages).toBe(7);
	});

	it('has stock on several warehouses incl. a retail one, units with coefficients and stored prices', async () => {
		const wh = await c.json(`AccumulationRegister_ТоварыНаСкладах/Balance(Dimensions='Склад')`);
		expect(wh.value.length).toBeGreaterThanOrEqual(2);
		const retail = await c.json(`AccumulationRegister_ТоварыВРознице/Balance(Dimensions='Склад')`);
		expect(retail.value.length).toBeGreaterThanOrEqual(2);
		const packs = await c.json('Catalog_ЕдиницыИзмерения', { $filter: 'Коэффициент eq 10', $top: 0, $inlinecount: 'allpages' });
		expect(Number(packs['odata.count'])).toBeGreaterThanOrEqual(300);
		const barcodes = await c.json('InformationRegister_Штрихкоды', { $top: 0, $inlinecount: 'allpages' });
		expect(Number(barcodes['odata.count'])).toBe(3000 + 3);
		const calc = await c.json('InformationRegister_ЦеныНоменклатуры_RecordType', { $filter: "ТипЦен_Key eq guid'5eed0005-0000-4000-8000-000000000003'", $top: 0, $inlinecount: 'allpages' });
		expect(calc['odata.count']).toBe('0');
	});
});
