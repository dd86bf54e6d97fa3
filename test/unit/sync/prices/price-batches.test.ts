import { calculatePrices } from '../../../../nodes/core/sync/prices/price-calc';
import { UnmappedPriceTypeError, buildPriceBatches, buildPriceOffers, type PriceInputRow } from '../../../../nodes/core/sync/prices/price-batches';
import { SEED, guid } from '../stock/fixtures';

const retail = SEED.retailPriceType;
const wholesale = guid(3, 2);
const codes = { [retail]: 'base', [wholesale]: 'opt' };
const p = (offerKey: string, priceTypeRef: string, price: number): PriceInputRow => ({ offerKey, priceTypeRef, price });

describe('buildPriceOffers', () => {
	it('seed case end to end: SliceLast rows → prices upload elements with 300 for both jeans', () => {
		const calculated = calculatePrices({
			priceTypeRefs: [retail],
			priceTypes: [{ Ref_Key: retail, Рассчитывается: false, ВалютаЦены_Key: SEED.rub }],
			sliceRows: [SEED.jeans48, SEED.jeans50].map((itemRef) => ({
				ТипЦен_Key: retail,
				Номенклатура_Key: itemRef,
				ХарактеристикаНоменклатуры_Key: null,
				Цена: 300,
				Валюта_Key: SEED.rub,
				ЕдиницаИзмерения_Key: SEED.pcs,
			})),
			items: { [SEED.jeans48]: { ЕдиницаХраненияОстатков_Key: SEED.pcs }, [SEED.jeans50]: { ЕдиницаХраненияОстатков_Key: SEED.pcs } },
			units: { [SEED.pcs]: { Коэффициент: 1 } },
		});
		const { offers } = buildPriceOffers(calculated.prices, { identifierKind: 'externalId', priceCodeByType: { [retail]: SEED.priceCode }, site: 'ms' });
		expect(offers).toEqual([
			{ externalId: SEED.jeans48, site: 'ms', prices: [{ code: SEED.priceCode, price: 300 }] },
			{ externalId: SEED.jeans50, site: 'ms', prices: [{ code: SEED.priceCode, price: 300 }] },
		]);
	});

	it('merges all price types of an offer into one element, codes sorted, prices rounded to 0.01', () => {
		const { offers } = buildPriceOffers([p('b', wholesale, 90.005), p('a', retail, 100), p('b', retail, 120), p('a', wholesale, 80)], {
			identifierKind: 'externalId',
			priceCodeByType: codes,
		});
		expect(offers).toEqual([
			{ externalId: 'a', prices: [{ code: 'base', price: 100 }, { code: 'opt', price: 80 }] },
			{ externalId: 'b', prices: [{ code: 'base', price: 120 }, { code: 'opt', price: 90.01 }] },
		]);
	});

	it('names every unmapped price type in one error', () => {
		const other = guid(3, 7);
		expect(() => buildPriceOffers([p('a', other, 1)], { identifierKind: 'externalId', priceCodeByType: codes, priceTypeNames: { [other]: 'Закупочная' } })).toThrow(
			new UnmappedPriceTypeError([other], new Map([[other, 'Закупочная']])).message,
		);
	});

	it('can remove missing prices of mapped types for offers in scope (Bitrix behaviour), off by default', () => {
		const rows = [p('a', retail, 100)];
		expect(buildPriceOffers(rows, { identifierKind: 'externalId', priceCodeByType: codes }).offers).toEqual([{ externalId: 'a', prices: [{ code: 'base', price: 100 }] }]);
		const withRemove = buildPriceOffers(rows, { identifierKind: 'externalId', priceCodeByType: codes, removeMissingFor: ['a', 'z'] });
		expect(withRemove.offers).toEqual([
			{ externalId: 'a', prices: [{ code: 'base', price: 100 }, { code: 'opt', remove: true }] },
			{ externalId: 'z', prices: [{ code: 'base', remove: true }, { code: 'opt', remove: true }] },
		]);
	});

	it('uses CRM ids from a table and reports offers missing from it', () => {
		const result = buildPriceOffers([p('a', retail, 1), p('b', retail, 2)], { identifierKind: 'id', identifiers: { b: '15' }, priceCodeByType: codes });
		expect(result.offers).toEqual([{ id: 15, prices: [{ code: 'base', price: 2 }] }]);
		expect(result.unresolvedOfferKeys).toEqual(['a']);
	});

	it('batches at most 250 offers and validates the size', () => {
		const rows: PriceInputRow[] = [];
		for (let i = 0; i < 1001; i++) rows.push(p(guid(1, i), retail, i), p(guid(1, i), wholesale, i / 2));
		const { batches } = buildPriceBatches(rows, { identifierKind: 'externalId', priceCodeByType: codes });
		expect(batches.map((b) => b.length)).toEqual([250, 250, 250, 250, 1]);
		expect(batches[4][0]).toEqual({ externalId: guid(1, 1000), prices: [{ code: 'base', price: 1000 }, { code: 'opt', price: 500 }] });
		expect(() => buildPriceBatches(rows, { identifierKind: 'externalId', priceCodeByType: codes, batchSize: 251 })).toThrow(RangeError);
	});
});

describe('prices at scale', () => {
	it('20,000 offers with a stored and a calculated type → 80 batches of 250 elements with both codes', () => {
		const wholesaleType = { Ref_Key: wholesale, Рассчитывается: false, ВалютаЦены_Key: SEED.rub, ПорядокОкругления: 'Окр0_01' };
		const markup = { Ref_Key: retail, Рассчитывается: true, БазовыйТипЦен_Key: wholesale, ВалютаЦены_Key: SEED.rub, ПроцентСкидкиНаценки: 15, ПорядокОкругления: 'Окр1', ОкруглятьВБольшуюСторону: true };
		const sliceRows = [];
		const items: Record<string, { ЕдиницаХраненияОстатков_Key: string }> = {};
		for (let i = 0; i < 20_000; i++) {
			const itemRef = guid(1, i);
			items[itemRef] = { ЕдиницаХраненияОстатков_Key: SEED.pcs };
			sliceRows.push({ ТипЦен_Key: wholesale, Номенклатура_Key: itemRef, ХарактеристикаНоменклатуры_Key: null, Цена: 100 + (i % 997) / 100, Валюта_Key: SEED.rub, ЕдиницаИзмерения_Key: SEED.pcs });
		}
		const calculated = calculatePrices({ priceTypeRefs: [wholesale, retail], priceTypes: [wholesaleType, markup], sliceRows, items, units: { [SEED.pcs]: { Коэффициент: 1 } } });
		expect(calculated.problems).toEqual([]);
		expect(calculated.prices).toHaveLength(40_000);
		const { batches } = buildPriceBatches(calculated.prices, { identifierKind: 'externalId', priceCodeByType: codes });
		expect(batches).toHaveLength(80);
		expect(batches.every((b) => b.length === 250 && b.every((o) => o.prices.length === 2))).toBe(true);
		const sample = batches.flat().find((o) => o.externalId === guid(1, 996));
		expect(sample?.prices).toEqual([
			{ code: 'base', price: 127 }, // 109.96 × 1.15 = 126.454 → up to 127
			{ code: 'opt', price: 109.96 },
		]);
	});
});
