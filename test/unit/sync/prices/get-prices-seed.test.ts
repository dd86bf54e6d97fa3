/**
 * Price → Get Prices core (nodes/core/sync/prices/get-prices.ts) against the UT 10.3 sandbox seed, over axios:
 * SliceLast on a date, characteristic over item price, unit conversion, calculated type, folder scope.
 */
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { getPrices, PriceTypeNotFoundError, type PriceItem } from '../../../../nodes/core/sync/prices/get-prices';
import { priceSliceDate, wallClock } from '../../../../nodes/core/sync/prices/price-date';
import { control, sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';

const T = SEED_IDS.priceTypes;
const N = SEED_IDS.items;
const C = SEED_IDS.characteristics;

let sb: OneCSandbox;
let ctl: ReturnType<typeof control>;

beforeAll(async () => {
	sb = await withSandbox('seed');
	ctl = control(sb);
});
afterAll(async () => sb.close());
beforeEach(async () => ctl.reset());

/** `<item name>[#char]/<type name>` → price. */
function byName(items: readonly PriceItem[]): Record<string, number> {
	return Object.fromEntries(items.map((i) => [`${i.itemName}${i.characteristicRef ? `#${i.characteristicRef}` : ''}/${i.priceTypeName}`, i.price]));
}

describe('getPrices on the seed', () => {
	it('retail price type: jeans → 300 with codes, type and currency; characteristic price wins; unit converted', async () => {
		const { client } = sandboxClient(sb);
		const { items, problems } = await getPrices(client, { priceTypeRefs: [T.retail], period: '2030-01-01T00:00:00' });
		expect(problems).toEqual([]);
		expect(items.find((i) => i.offerKey === N.jeans48)).toEqual({
			offerKey: N.jeans48,
			itemRef: N.jeans48,
			characteristicRef: null,
			itemCode: '00000000797',
			itemArticle: 'ДЖ-48',
			itemName: 'Джинсы Элегантность (48)',
			priceTypeRef: T.retail,
			priceTypeCode: '000000002',
			priceTypeName: 'Розничная',
			price: 300,
			currencyRef: SEED_IDS.currencies.rub,
			currencyCode: '643',
			currencyName: 'руб.',
			typePrice: 300,
			typeCurrencyCode: '643',
			exchangeRate: null,
			priceIncludesVat: true,
			vatAdded: null,
		});
		expect(byName(items)).toEqual({
			'Джинсы Элегантность (48)/Розничная': 300,
			'Джинсы Элегантность (50)/Розничная': 300,
			// the item row (450) reaches every characteristic without its own; Белый L has 480 of its own
			[`Футболка базовая#${C.whiteM}/Розничная`]: 450,
			[`Футболка базовая#${C.whiteL}/Розничная`]: 480,
			[`Футболка базовая#${C.blackM}/Розничная`]: 450,
			// 20 per шт, stored in packs of 6 → 120 per pack
			'Носки хлопковые/Розничная': 120,
		});
		const offers = items.filter((i) => i.itemRef === N.tshirt).map((i) => i.offerKey).sort();
		expect(offers).toEqual([`${N.tshirt}#${C.blackM}`, `${N.tshirt}#${C.whiteL}`, `${N.tshirt}#${C.whiteM}`].sort());
		const slice = (await ctl.requests()).filter((r) => r.path.includes('SliceLast'));
		expect(slice).toHaveLength(1);
		expect(slice[0].path).toMatch(/InformationRegister_ЦеныНоменклатуры_RecordType\/SliceLast$/);
		expect(slice[0].query.Condition).toBe(`ТипЦен_Key eq guid'${T.retail}'`);
		expect(slice[0].query.Period).toBe("datetime'2030-01-01T00:00:00'");
	});

	it('the date picks the slice: before the June price list jeans cost 280', async () => {
		const { client } = sandboxClient(sb);
		const { items } = await getPrices(client, { priceTypeRefs: [T.retail], period: priceSliceDate('2024-03-01') });
		expect(byName(items)).toEqual({ 'Джинсы Элегантность (48)/Розничная': 280, 'Джинсы Элегантность (50)/Розничная': 280 });
	});

	it('a new price set in 1C is read from its date on', async () => {
		const { client } = sandboxClient(sb);
		await ctl.prices({ period: '2025-01-15T00:00:00', records: [{ ТипЦен_Key: T.retail, Номенклатура_Key: N.jeans48, Цена: 333, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.rub }] });
		expect(byName((await getPrices(client, { priceTypeRefs: [T.retail], period: '2025-01-14T23:59:59' })).items)['Джинсы Элегантность (48)/Розничная']).toBe(300);
		expect(byName((await getPrices(client, { priceTypeRefs: [T.retail], period: '2025-01-15T00:00:00' })).items)['Джинсы Элегантность (48)/Розничная']).toBe(333);
	});

	it('calculated type «Оптовая (расчетная)»: purchase + 15 %, rounded up to 1; base rows read in the same SliceLast', async () => {
		const { client } = sandboxClient(sb);
		const { items, problems } = await getPrices(client, { priceTypeRefs: [T.wholesaleCalculated, T.retail], period: '2030-01-01T00:00:00' });
		expect(problems).toEqual([]);
		const wholesale = Object.fromEntries(Object.entries(byName(items)).filter(([k]) => k.endsWith('/Оптовая (расчетная)')));
		expect(wholesale).toEqual({
			'Джинсы Элегантность (48)/Оптовая (расчетная)': 207, // 180 × 1.15
			'Джинсы Элегантность (50)/Оптовая (расчетная)': 219, // 190 × 1.15 = 218.5 → up
			[`Футболка базовая#${C.whiteM}/Оптовая (расчетная)`]: 230, // item 200 × 1.15
			[`Футболка базовая#${C.whiteL}/Оптовая (расчетная)`]: 230,
			[`Футболка базовая#${C.blackM}/Оптовая (расчетная)`]: 253, // own 220 × 1.15
			'Носки хлопковые/Оптовая (расчетная)': 58, // 50 per pack × 1.15 = 57.5 → up
		});
		// No purchase prices are output (not requested), only used as the base.
		expect(items.some((i) => i.priceTypeRef === T.purchase)).toBe(false);
		const slice = (await ctl.requests()).filter((r) => r.path.includes('SliceLast'));
		expect(slice).toHaveLength(1);
		expect(slice[0].query.Condition?.split(' or ').sort()).toEqual([T.wholesaleCalculated, T.retail, T.purchase].map((t) => `ТипЦен_Key eq guid'${t}'`).sort());
	});

	it('a row of the calculated type itself carries a per-item markup (UT: ЕСТЬNULL(row percent, type percent)): jeans (48) 180 × 1.30 = 234; SliceLast asks for the percent and method then', async () => {
		const { client } = sandboxClient(sb);
		await ctl.prices({ period: '2025-02-01T00:00:00', records: [{ ТипЦен_Key: T.wholesaleCalculated, Номенклатура_Key: N.jeans48, Цена: 0, ПроцентСкидкиНаценки: 30, Валюта_Key: SEED_IDS.currencies.rub }] });
		const { items, problems } = await getPrices(client, { priceTypeRefs: [T.wholesaleCalculated], period: '2030-01-01T00:00:00' });
		expect(problems).toEqual([]);
		const wholesale = byName(items);
		expect(wholesale['Джинсы Элегантность (48)/Оптовая (расчетная)']).toBe(234);
		expect(wholesale['Джинсы Элегантность (50)/Оптовая (расчетная)']).toBe(219); // the type's 15 %
		const slice = (await ctl.requests()).filter((r) => r.path.includes('SliceLast'));
		expect(slice[0].query.$select?.split(',')).toEqual(expect.arrayContaining(['ПроцентСкидкиНаценки', 'СпособРасчетаЦены']));
	});

	it('without a calculated type SliceLast asks only for the columns the calculation reads (no Period, percent or method: smaller pages)', async () => {
		const { client } = sandboxClient(sb);
		const { items } = await getPrices(client, { priceTypeRefs: [T.retail, T.purchase], period: '2030-01-01T00:00:00' });
		expect(byName(items)['Джинсы Элегантность (48)/Розничная']).toBe(300);
		const slice = (await ctl.requests()).filter((r) => r.path.includes('SliceLast'));
		expect(slice.map((r) => r.query.$select)).toEqual(['ТипЦен_Key,Номенклатура_Key,ХарактеристикаНоменклатуры_Key,Цена,Валюта_Key,ЕдиницаИзмерения_Key']);
	});

	it('a price per box of 10 becomes a price per storage unit (шт); units are read only for such rows', async () => {
		const { client } = sandboxClient(sb);
		await ctl.prices({ period: '2025-02-01T00:00:00', records: [{ ТипЦен_Key: T.purchase, Номенклатура_Key: N.jeans48, Цена: 1900, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Box, Валюта_Key: SEED_IDS.currencies.rub }] });
		const { items } = await getPrices(client, { priceTypeRefs: [T.purchase], period: '2030-01-01T00:00:00' });
		expect(byName(items)['Джинсы Элегантность (48)/Закупочная']).toBe(190);
		const unitReads = (await ctl.requests()).filter((r) => r.path.endsWith('Catalog_ЕдиницыИзмерения'));
		expect(unitReads).toHaveLength(1);
		// jeans 48 (box vs шт) and socks (purchase per pack = storage unit: not needed) → only the jeans' two units
		expect((unitReads[0].query.$filter ?? '').split(' or ').length).toBe(2);
	});

	it('a calculated type over a base row in USD converts at the 1C rate before the markup (КурсыВалют read once)', async () => {
		const { client } = sandboxClient(sb);
		await ctl.prices({ period: '2025-02-01T00:00:00', records: [{ ТипЦен_Key: T.purchase, Номенклатура_Key: N.socks, Цена: 1, ЕдиницаИзмерения_Key: SEED_IDS.units.socksPack, Валюта_Key: SEED_IDS.currencies.usd }] });
		const { items, problems } = await getPrices(client, { priceTypeRefs: [T.wholesaleCalculated, T.purchase], period: '2030-01-01T00:00:00' });
		expect(problems).toEqual([]);
		const socks = items.filter((i) => i.itemRef === N.socks).map((i) => [i.priceTypeName, i.price, i.currencyCode]);
		expect(socks).toEqual([
			['Оптовая (расчетная)', 104, '643'], // 1 USD × 90 × 1.15 = 103.5 → rounded up to 1
			['Закупочная', 1, '840'], // a stored type keeps the row's currency
		]);
		const rateReads = (await ctl.requests()).filter((r) => r.path.includes('КурсыВалют'));
		expect(rateReads).toHaveLength(1);
	});

	it('Slice Page Size pages SliceLast with $top/$skip and gives the same prices', async () => {
		const { client } = sandboxClient(sb);
		const whole = await getPrices(client, { priceTypeRefs: [T.wholesaleCalculated, T.retail], period: '2030-01-01T00:00:00', slicePageSize: 0 });
		expect((await ctl.requests()).filter((r) => r.path.includes('SliceLast')).map((r) => r.query.$top)).toEqual([undefined]);
		await ctl.clearRequests();
		const paged = await getPrices(client, { priceTypeRefs: [T.wholesaleCalculated, T.retail], period: '2030-01-01T00:00:00', slicePageSize: 4 });
		expect(paged).toEqual(whole);
		const slices = (await ctl.requests()).filter((r) => r.path.includes('SliceLast'));
		// the slice holds 10 rows (5 purchase, 5 retail) → 4, then pages of 4 new rows starting one row early: 0, 3, 7
		expect(slices.map((r) => [r.query.$skip ?? '0', r.query.$top])).toEqual([
			['0', '4'],
			['3', '5'],
			['7', '5'],
		]);
		expect(slices.every((r) => r.path.endsWith('InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast'))).toBe(true);
		expect(slices[0].query.$orderby).toBe('ТипЦен_Key,Номенклатура_Key,ХарактеристикаНоменклатуры_Key');
	});

	it('limits to a folder and its sub-folders', async () => {
		const { client } = sandboxClient(sb);
		const { items } = await getPrices(client, { priceTypeRefs: [T.retail], folderRefs: [N.clothesFolder], period: '2030-01-01T00:00:00' });
		expect(items.map((i) => i.itemRef)).toEqual([N.tshirt, N.tshirt, N.tshirt]);
	});

	it('refuses an unknown price type and an empty choice', async () => {
		const { client } = sandboxClient(sb);
		await expect(getPrices(client, { priceTypeRefs: [SEED_IDS.items.jeans48] })).rejects.toBeInstanceOf(PriceTypeNotFoundError);
		await expect(getPrices(client, { priceTypeRefs: [] })).rejects.toThrow(/at least one price type/);
	});
});

describe('VAT and currency (what retailCRM expects: prices with VAT, in the shop\'s currency)', () => {
	const RUB = SEED_IDS.currencies.rub;
	const USD = SEED_IDS.currencies.usd;
	const USD_TYPE = '5eed0005-0000-4000-8000-0000000000a1';

	/** A price type kept in dollars (with VAT), priced 5 USD for the jeans (48) since 2025-02-01. */
	async function addDollarPriceType(): Promise<void> {
		sb.state.store.put('Catalog_ТипыЦенНоменклатуры', { Ref_Key: USD_TYPE, Code: '000000009', Description: 'Розничная USD', ВалютаЦены_Key: USD, ЦенаВключаетНДС: true, ПорядокОкругления: 'Окр0_01' });
		await ctl.prices({ period: '2025-02-01T00:00:00', records: [{ ТипЦен_Key: USD_TYPE, Номенклатура_Key: N.jeans48, Цена: 5, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: USD }] });
	}

	it('a USD price type comes out in roubles at the 1C rate on the price date, with the dollar price and the rate beside it', async () => {
		await addDollarPriceType();
		// The dollar costs 90 since 2024 and 100 from 2025-03-01 (InformationRegister_КурсыВалют).
		sb.state.store.put('InformationRegister_КурсыВалют', { Period: '2025-03-01T00:00:00', Валюта_Key: USD, Курс: 100, Кратность: 1 });
		const { client } = sandboxClient(sb);
		const before = await getPrices(client, { priceTypeRefs: [USD_TYPE], period: '2025-02-15T23:59:59', currencyRef: RUB });
		const after = await getPrices(client, { priceTypeRefs: [USD_TYPE], period: '2025-03-15T23:59:59', currencyRef: RUB });
		expect(before.problems).toEqual([]);
		const pick = (i: PriceItem) => ({ price: i.price, currencyCode: i.currencyCode, typePrice: i.typePrice, typeCurrencyCode: i.typeCurrencyCode, exchangeRate: i.exchangeRate });
		expect(before.items.map(pick)).toEqual([{ price: 450, currencyCode: '643', typePrice: 5, typeCurrencyCode: '840', exchangeRate: 90 }]);
		expect(after.items.map(pick)).toEqual([{ price: 500, currencyCode: '643', typePrice: 5, typeCurrencyCode: '840', exchangeRate: 100 }]);
		const rateReads = (await ctl.requests()).filter((r) => r.path.includes('КурсыВалют'));
		expect(rateReads.map((r) => r.query.Period)).toEqual(["datetime'2025-02-15T23:59:59'", "datetime'2025-03-15T23:59:59'"]);
	});

	it('without a currency the dollars stay dollars; rates are read only when a price changes currency', async () => {
		await addDollarPriceType();
		const { client } = sandboxClient(sb);
		const kept = await getPrices(client, { priceTypeRefs: [USD_TYPE], period: '2030-01-01T00:00:00' });
		expect(kept.items.map((i) => [i.price, i.currencyCode, i.exchangeRate])).toEqual([[5, '840', null]]);
		const roubles = await getPrices(client, { priceTypeRefs: [T.retail], period: '2030-01-01T00:00:00', currencyRef: RUB });
		expect(roubles.items.every((i) => i.exchangeRate === null && i.currencyCode === '643')).toBe(true);
		expect((await ctl.requests()).filter((r) => r.path.includes('КурсыВалют'))).toEqual([]);
	});

	it('a missing rate is a problem, never an unconverted price; an unknown currency is refused', async () => {
		await addDollarPriceType();
		sb.state.store.removeWhere('InformationRegister_КурсыВалют', (r) => r.Валюта_Key === USD);
		const { client } = sandboxClient(sb);
		const { items, problems } = await getPrices(client, { priceTypeRefs: [USD_TYPE], period: '2030-01-01T00:00:00', currencyRef: RUB });
		expect(items).toEqual([]);
		expect(problems).toEqual([{ offerKey: N.jeans48, priceTypeRef: USD_TYPE, priceTypeName: 'Розничная USD', reason: `no exchange rate for currency ${USD}` }]);
		await expect(getPrices(client, { priceTypeRefs: [T.retail], currencyRef: N.jeans48 })).rejects.toThrow(/Currency not found in 1C/);
	});

	it('a net price type (ЦенаВключаетНДС off) gets the item\'s VAT: «Закупочная» jeans 190 → 228 (20 %), socks 50 → 55 (10 %); gross types stay', async () => {
		const { client } = sandboxClient(sb);
		const { items } = await getPrices(client, { priceTypeRefs: [T.purchase, T.retail], period: '2030-01-01T00:00:00', vat: 'gross' });
		const row = (item: string, type: string) => items.find((i) => i.itemRef === item && i.characteristicRef === null && i.priceTypeRef === type);
		expect(row(N.jeans50, T.purchase)).toMatchObject({ price: 228, typePrice: 190, priceIncludesVat: false, vatAdded: 20 });
		expect(row(N.socks, T.purchase)).toMatchObject({ price: 55, typePrice: 50, priceIncludesVat: false, vatAdded: 10 });
		expect(row(N.jeans50, T.retail)).toMatchObject({ price: 300, typePrice: 300, priceIncludesVat: true, vatAdded: null });
		// "As in 1C": the net figure.
		const asIs = await getPrices(client, { priceTypeRefs: [T.purchase], period: '2030-01-01T00:00:00' });
		expect(asIs.items.find((i) => i.itemRef === N.jeans50)).toMatchObject({ price: 190, vatAdded: null });
	});

	it('an item without VAT (БезНДС) keeps its net price', async () => {
		const jeans = sb.state.store.get('Catalog_Номенклатура', N.jeans50)!;
		sb.state.store.put('Catalog_Номенклатура', { ...jeans, СтавкаНДС: 'БезНДС' });
		const { client } = sandboxClient(sb);
		const { items } = await getPrices(client, { priceTypeRefs: [T.purchase], period: '2030-01-01T00:00:00', vat: 'gross' });
		expect(items.find((i) => i.itemRef === N.jeans50)).toMatchObject({ price: 190, vatAdded: null });
	});
});

describe('price dates', () => {
	it('a date alone means the end of that day; a date-time keeps its wall clock', () => {
		expect(priceSliceDate('2024-06-01')).toBe('2024-06-01T23:59:59');
		expect(priceSliceDate('2024-06-01T10:20:30.000+03:00')).toBe('2024-06-01T10:20:30');
		expect(priceSliceDate('2024-06-01 10:20')).toBe('2024-06-01T10:20:00');
		expect(priceSliceDate('')).toBeUndefined();
		expect(() => priceSliceDate('June')).toThrow(/Not a date/);
	});

	it('now as the wall clock of a time zone', () => {
		const instant = new Date('2024-06-01T21:30:05Z');
		expect(wallClock(instant, 'Europe/Moscow')).toBe('2024-06-02T00:30:05');
		expect(wallClock(instant, 'UTC')).toBe('2024-06-01T21:30:05');
	});
});
