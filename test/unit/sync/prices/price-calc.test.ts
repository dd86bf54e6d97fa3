import { calculatePrices, type ItemRecord, type PriceSliceRow, type PriceTypeRecord } from '../../../../nodes/core/sync/prices/price-calc';
import { EMPTY_GUID } from '../../../../nodes/core/sync/offer-key';
import { SEED, guid } from '../stock/fixtures';

const RUB = SEED.rub;
const USD = guid(5, 840);
const pcs = SEED.pcs;
const box = guid(4, 2); // 12 pcs
const item = guid(1, 100);
const boxedItem = guid(1, 101); // stored in boxes
const red = guid(6, 1);
const blue = guid(6, 2);

const retail: PriceTypeRecord = { Ref_Key: SEED.retailPriceType, Description: 'Розничная', ВалютаЦены_Key: RUB, Рассчитывается: false, ПорядокОкругления: '' };
const wholesale: PriceTypeRecord = { Ref_Key: guid(3, 2), Description: 'Оптовая', ВалютаЦены_Key: RUB, Рассчитывается: false, ПорядокОкругления: 'Окр0_01' };
const calc = (over: Partial<PriceTypeRecord> = {}): PriceTypeRecord => ({
	Ref_Key: guid(3, 3),
	Description: 'Оптовая +15',
	ВалютаЦены_Key: RUB,
	БазовыйТипЦен_Key: wholesale.Ref_Key,
	Рассчитывается: true,
	ПроцентСкидкиНаценки: 15,
	ПорядокОкругления: 'Окр1',
	ОкруглятьВБольшуюСторону: true,
	СпособРасчетаЦены: 'ПоПроцентнойНаценкеНаБазовыйТип',
	...over,
});

const priceRow = (type: string, itemRef: string, characteristic: string | null, price: number, unit: string = pcs, currency: string = RUB): PriceSliceRow => ({
	ТипЦен_Key: type,
	Номенклатура_Key: itemRef,
	ХарактеристикаНоменклатуры_Key: characteristic ?? EMPTY_GUID,
	Цена: price,
	Валюта_Key: currency,
	ЕдиницаИзмерения_Key: unit,
	ПроцентСкидкиНаценки: 0,
	СпособРасчетаЦены: '',
});

const items = {
	[item]: { ЕдиницаХраненияОстатков_Key: pcs },
	[boxedItem]: { ЕдиницаХраненияОстатков_Key: box },
	[SEED.jeans48]: { ЕдиницаХраненияОстатков_Key: pcs },
	[SEED.jeans50]: { ЕдиницаХраненияОстатков_Key: pcs },
};
const units = { [pcs]: { Коэффициент: 1 }, [box]: { Коэффициент: 12 } };
const priceOf = (result: ReturnType<typeof calculatePrices>, offerKey: string, type: string) =>
	result.prices.find((p) => p.offerKey === offerKey && p.priceTypeRef === type)?.price;

describe('calculatePrices', () => {
	it('seed case: both jeans items at 300 in the retail type', () => {
		const result = calculatePrices({
			priceTypeRefs: [retail.Ref_Key],
			priceTypes: [retail],
			sliceRows: [priceRow(retail.Ref_Key, SEED.jeans48, null, 300), priceRow(retail.Ref_Key, SEED.jeans50, null, 300)],
			items,
			units,
		});
		expect(result.problems).toEqual([]);
		expect(result.prices).toEqual([
			{ offerKey: SEED.jeans48, itemRef: SEED.jeans48, characteristicRef: null, priceTypeRef: retail.Ref_Key, price: 300, currencyRef: RUB, typePrice: 300, typeCurrencyRef: RUB, typeIncludesVat: true },
			{ offerKey: SEED.jeans50, itemRef: SEED.jeans50, characteristicRef: null, priceTypeRef: retail.Ref_Key, price: 300, currencyRef: RUB, typePrice: 300, typeCurrencyRef: RUB, typeIncludesVat: true },
		]);
	});

	it('an offer given twice (or in another case) is priced once per type, in key order', () => {
		const result = calculatePrices({
			priceTypeRefs: [retail.Ref_Key],
			priceTypes: [retail],
			sliceRows: [priceRow(retail.Ref_Key, item, null, 100)],
			offers: [
				{ itemRef: item, characteristicRef: blue },
				{ itemRef: item, characteristicRef: red },
				{ itemRef: item.toUpperCase(), characteristicRef: blue.toUpperCase() },
				{ itemRef: item, characteristicRef: null },
				{ itemRef: item, characteristicRef: blue },
			],
			items,
			units,
		});
		expect(result.problems).toEqual([]);
		const keys = [`${item}#${blue}`, `${item}#${red}`, item].sort();
		expect(result.prices.map((p) => [p.offerKey, p.price])).toEqual(keys.map((key) => [key, 100]));
	});

	it("a characteristic's own price wins; the item price applies to every other characteristic and to the item", () => {
		const result = calculatePrices({
			priceTypeRefs: [retail.Ref_Key],
			priceTypes: [retail],
			sliceRows: [priceRow(retail.Ref_Key, item, red, 120), priceRow(retail.Ref_Key, item, null, 100)],
			offers: [{ itemRef: item, characteristicRef: red }, { itemRef: item, characteristicRef: blue }, { itemRef: item }],
			items,
			units,
		});
		expect(priceOf(result, `${item}#${red}`, retail.Ref_Key)).toBe(120);
		expect(priceOf(result, `${item}#${blue}`, retail.Ref_Key)).toBe(100);
		expect(priceOf(result, item, retail.Ref_Key)).toBe(100);
		expect(result.prices).toHaveLength(3);
	});

	it('without an offer list, only offers that have rows are priced', () => {
		const result = calculatePrices({
			priceTypeRefs: [retail.Ref_Key],
			priceTypes: [retail],
			sliceRows: [priceRow(retail.Ref_Key, item, red, 120), priceRow(retail.Ref_Key, item, null, 100)],
			items,
			units,
		});
		expect(result.prices.map((p) => [p.offerKey, p.price])).toEqual([
			[item, 100],
			[`${item}#${red}`, 120],
		]);
	});

	it('offers without any row of the type simply get no price (not a problem)', () => {
		const result = calculatePrices({ priceTypeRefs: [retail.Ref_Key], priceTypes: [retail], sliceRows: [], offers: [{ itemRef: item }], items, units });
		expect(result).toEqual({ prices: [], problems: [] });
	});

	it('converts to the storage unit: price per row unit × storage coefficient ÷ row-unit coefficient', () => {
		const result = calculatePrices({
			priceTypeRefs: [retail.Ref_Key],
			priceTypes: [retail],
			sliceRows: [priceRow(retail.Ref_Key, item, null, 1200, box), priceRow(retail.Ref_Key, boxedItem, null, 10, pcs)],
			items,
			units,
		});
		expect(priceOf(result, item, retail.Ref_Key)).toBe(100); // 1200 per box of 12 → 100 per pcs
		expect(priceOf(result, boxedItem, retail.Ref_Key)).toBe(120); // 10 per pcs → 120 per box
	});

	it('reports a unit without coefficient or an unknown item instead of publishing a wrong price', () => {
		const result = calculatePrices({
			priceTypeRefs: [retail.Ref_Key],
			priceTypes: [retail],
			sliceRows: [priceRow(retail.Ref_Key, item, null, 1200, guid(4, 9)), priceRow(retail.Ref_Key, guid(1, 555), null, 5)],
			items,
			units,
		});
		expect(result.prices).toEqual([]);
		expect(result.problems.map((p) => p.offerKey as string).sort()).toEqual([item, guid(1, 555)].sort());
		expect(result.problems.find((p) => p.offerKey === item)?.reason).toContain('has no coefficient');
	});

	it('rounds stored prices by their type too (UT rounds every price it reads)', () => {
		const rounded = { ...retail, ПорядокОкругления: 'Окр1', ОкруглятьВБольшуюСторону: false };
		const result = calculatePrices({
			priceTypeRefs: [rounded.Ref_Key],
			priceTypes: [rounded],
			sliceRows: [priceRow(rounded.Ref_Key, item, null, 1000, box)],
			items,
			units,
		});
		expect(priceOf(result, item, rounded.Ref_Key)).toBe(83); // 83.333… per pcs
	});

	describe('calculated types', () => {
		const base = 123.37; // × 1.15 = 141.8755
		const expected: Array<[string, number, number]> = [
			['Окр0_01', 141.88, 141.88],
			['Окр0_05', 141.9, 141.9],
			['Окр0_1', 141.9, 141.9],
			['Окр0_5', 142, 142],
			['Окр1', 142, 142],
			['Окр5', 140, 145],
			['Окр10', 140, 150],
			['Окр50', 150, 150],
			['Окр100', 100, 200],
		];
		it.each(expected)('base × (1 + 15/100) rounded %s: %p nearest, %p up', (order, nearest, up) => {
			for (const [roundUp, want] of [
				[false, nearest],
				[true, up],
			] as const) {
				const type = calc({ ПорядокОкругления: order, ОкруглятьВБольшуюСторону: roundUp });
				const result = calculatePrices({
					priceTypeRefs: [type.Ref_Key],
					priceTypes: [wholesale, type],
					sliceRows: [priceRow(wholesale.Ref_Key, item, null, base)],
					items,
					units,
				});
				expect(result.problems).toEqual([]);
				expect(priceOf(result, item, type.Ref_Key)).toBe(want);
			}
		});

		it('uses the base row of the characteristic, else of the item', () => {
			const type = calc({ ПорядокОкругления: 'Окр0_01' });
			const result = calculatePrices({
				priceTypeRefs: [type.Ref_Key],
				priceTypes: [wholesale, type],
				sliceRows: [priceRow(wholesale.Ref_Key, item, red, 200), priceRow(wholesale.Ref_Key, item, null, 100)],
				offers: [{ itemRef: item, characteristicRef: red }, { itemRef: item, characteristicRef: blue }],
				items,
				units,
			});
			expect(priceOf(result, `${item}#${red}`, type.Ref_Key)).toBe(230);
			expect(priceOf(result, `${item}#${blue}`, type.Ref_Key)).toBe(115);
		});

		it('a row of the calculated type itself overrides the percent for that item', () => {
			const type = calc({ ПорядокОкругления: 'Окр0_01' });
			const override = { ...priceRow(type.Ref_Key, item, null, 0), ПроцентСкидкиНаценки: 50 };
			const result = calculatePrices({
				priceTypeRefs: [type.Ref_Key],
				priceTypes: [wholesale, type],
				sliceRows: [priceRow(wholesale.Ref_Key, item, null, 100), priceRow(wholesale.Ref_Key, boxedItem, null, 100, box), override],
				items,
				units,
			});
			expect(priceOf(result, item, type.Ref_Key)).toBe(150);
			expect(priceOf(result, boxedItem, type.Ref_Key)).toBe(115);
		});

		it('rounds after the unit conversion (the shown per-unit price is the round one)', () => {
			const type = calc(); // Окр1, up
			const result = calculatePrices({
				priceTypeRefs: [type.Ref_Key],
				priceTypes: [wholesale, type],
				sliceRows: [priceRow(wholesale.Ref_Key, item, null, 1000, box)],
				items,
				units,
			});
			expect(priceOf(result, item, type.Ref_Key)).toBe(96); // 1000 × 1.15 / 12 = 95.83 → 96
		});

		it('converts the base price into the type currency by the rates before the markup', () => {
			const type = calc({ ПорядокОкругления: 'Окр0_01' });
			const input = {
				priceTypeRefs: [type.Ref_Key],
				priceTypes: [{ ...wholesale, ВалютаЦены_Key: USD }, type],
				sliceRows: [priceRow(wholesale.Ref_Key, item, null, 10, pcs, USD)],
				items,
				units,
			};
			const result = calculatePrices({ ...input, currencyRates: { [USD]: { Курс: 90.5, Кратность: 1 }, [RUB]: { Курс: 1, Кратность: 1 } } });
			expect(priceOf(result, item, type.Ref_Key)).toBe(1040.75); // 905 × 1.15
			expect(result.prices[0].currencyRef).toBe(RUB);
			const noRate = calculatePrices(input);
			expect(noRate.prices).toEqual([]);
			expect(noRate.problems[0].reason).toContain('no exchange rate');
		});

		it('reports what UT 10.3 cannot compute: calculated base, price ranges, missing base', () => {
			const chained = calc({ Ref_Key: guid(3, 4), БазовыйТипЦен_Key: guid(3, 3) });
			const ranges = calc({ Ref_Key: guid(3, 5), СпособРасчетаЦены: 'ПоВхождениюБазовойЦеныВДиапазон' });
			const noBase = calc({ Ref_Key: guid(3, 6), БазовыйТипЦен_Key: null });
			const result = calculatePrices({
				priceTypeRefs: [chained.Ref_Key, ranges.Ref_Key, noBase.Ref_Key],
				priceTypes: [wholesale, calc(), chained, ranges, noBase],
				sliceRows: [priceRow(wholesale.Ref_Key, item, null, 100)],
				items,
				units,
			});
			expect(result.prices).toEqual([]);
			expect(result.problems.map((p) => p.offerKey)).toEqual([null, null, null]);
			expect(result.problems.map((p) => p.reason)).toEqual([
				expect.stringContaining('itself calculated'),
				expect.stringContaining('price ranges'),
				expect.stringContaining('no БазовыйТипЦен'),
			]);
		});
	});

	it('optionally converts every price to one target currency (UT formula, rounded to 0.01)', () => {
		const result = calculatePrices({
			priceTypeRefs: [retail.Ref_Key],
			priceTypes: [retail],
			sliceRows: [priceRow(retail.Ref_Key, item, null, 1000)],
			items,
			units,
			targetCurrencyRef: USD,
			currencyRates: { [USD]: { Курс: 90, Кратность: 1 }, [RUB]: { Курс: 1, Кратность: 1 } },
		});
		expect(result.prices[0]).toMatchObject({ price: 11.11, currencyRef: USD });
	});

	it('VAT on a net type comes last, after rounding in the type\'s currency and the conversion (UT ЗаполнитьЦенуВСтрокеТабличнойЧасти)', () => {
		const netUsd: PriceTypeRecord = { ...wholesale, ВалютаЦены_Key: USD, ПорядокОкругления: 'Окр1', ЦенаВключаетНДС: false };
		const input = {
			priceTypeRefs: [netUsd.Ref_Key],
			priceTypes: [netUsd],
			sliceRows: [priceRow(netUsd.Ref_Key, item, null, 10.4, pcs, USD), priceRow(netUsd.Ref_Key, boxedItem, null, 10.4, box, USD)],
			items,
			units,
			targetCurrencyRef: RUB,
			currencyRates: { [USD]: { Курс: 90.5, Кратность: 1 }, [RUB]: { Курс: 1, Кратность: 1 } },
		};
		const gross = calculatePrices({ ...input, vat: { mode: 'gross', rates: { [item]: 20, [boxedItem]: null } } });
		// 10.4 → 10 USD (Окр1) → × 90.5 = 905 → + 20 % = 1086
		expect(gross.prices[0]).toMatchObject({ offerKey: item, price: 1086, currencyRef: RUB, typePrice: 10, typeCurrencyRef: USD, exchangeRate: 90.5, typeIncludesVat: false, vatAdded: 20 });
		// A rate not known: no VAT added, and the output says none was.
		expect([gross.prices[1].offerKey, gross.prices[1].price, 'vatAdded' in gross.prices[1]]).toEqual([boxedItem, 905, false]);
		const asIs = calculatePrices({ ...input, vat: { mode: 'asIs', rates: { [item]: 20 } } });
		expect([asIs.prices[0].price, 'vatAdded' in asIs.prices[0]]).toEqual([905, false]);
		// A type that includes VAT is left alone in gross mode.
		const grossType = calculatePrices({ ...input, priceTypes: [{ ...netUsd, ЦенаВключаетНДС: true }], vat: { mode: 'gross', rates: { [item]: 20 } } });
		expect([grossType.prices[0].price, grossType.prices[0].typeIncludesVat, 'vatAdded' in grossType.prices[0]]).toEqual([905, true, false]);
		// Lookups over the caller's own index (as the catalog join passes them) price the same as tables; an item the
		// lookup does not know gets no price and a problem, as with a table.
		const table = items as Record<string, ItemRecord>;
		const rates: Record<string, number | null> = { [item]: 20, [boxedItem]: null };
		const looked = calculatePrices({ ...input, items: (ref: string) => (ref === boxedItem ? undefined : table[ref]), vat: { mode: 'gross', rates: (ref: string) => rates[ref] } });
		expect(looked.prices).toEqual([gross.prices[0]]);
		expect(looked.problems).toEqual([{ offerKey: boxedItem, priceTypeRef: netUsd.Ref_Key, reason: expect.stringMatching(/item table/) }]);
	});

	it('VAT is added with the item\'s own rate and rounded to kopecks: 10 % and 0 % items', () => {
		const net: PriceTypeRecord = { ...retail, ЦенаВключаетНДС: false };
		const result = calculatePrices({
			priceTypeRefs: [net.Ref_Key],
			priceTypes: [net],
			sliceRows: [priceRow(net.Ref_Key, item, null, 33.33), priceRow(net.Ref_Key, SEED.jeans48, null, 100)],
			items,
			units,
			vat: { mode: 'gross', rates: { [item]: 10, [SEED.jeans48]: 0 } },
		});
		expect(result.prices.map((p) => [p.offerKey, p.price, p.vatAdded])).toEqual(
			[
				[item, 36.66, 10], // 33.33 × 1.1 = 36.663
				[SEED.jeans48, 100, undefined],
			].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
		);
	});

	it('reports a price type with an unknown rounding order once, and still prices the other types', () => {
		const broken = { ...retail, Ref_Key: guid(3, 8), ПорядокОкругления: 'Окр2' };
		const result = calculatePrices({
			priceTypeRefs: [broken.Ref_Key, retail.Ref_Key],
			priceTypes: [broken, retail],
			sliceRows: [priceRow(broken.Ref_Key, item, null, 10), priceRow(retail.Ref_Key, item, null, 20)],
			items,
			units,
		});
		expect(result.problems).toEqual([{ offerKey: null, priceTypeRef: broken.Ref_Key, reason: expect.stringContaining('"Окр2"') }]);
		expect(result.prices.map((p) => p.price)).toEqual([20]);
	});

	it('refuses a requested price type that was not given', () => {
		expect(() => calculatePrices({ priceTypeRefs: [guid(3, 99)], priceTypes: [retail], sliceRows: [], items, units })).toThrow('is not among the price types');
	});
});
