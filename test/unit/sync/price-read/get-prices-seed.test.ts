/**
 * Price → Get Prices core (nodes/core/sync/price-read) against the UT 10.3 sandbox seed, over axios:
 * SliceLast on a date, characteristic over item price, unit conversion, calculated type, folder scope.
 */
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { getPrices, PriceTypeNotFoundError, type PriceItem } from '../../../../nodes/core/sync/price-read/get-prices';
import { priceSliceDate, wallClock } from '../../../../nodes/core/sync/price-read/price-date';
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
		const whole = await getPrices(client, { priceTypeRefs: [T.wholesaleCalculated, T.retail], period: '2030-01-01T00:00:00' });
		await ctl.clearRequests();
		const paged = await getPrices(client, { priceTypeRefs: [T.wholesaleCalculated, T.retail], period: '2030-01-01T00:00:00', slicePageSize: 4 });
		expect(paged).toEqual(whole);
		const slices = (await ctl.requests()).filter((r) => r.path.includes('SliceLast'));
		// the slice holds 10 rows (5 purchase, 5 retail) → pages of 4: 0, 4, 8
		expect(slices.map((r) => r.query.$skip ?? '0')).toEqual(['0', '4', '8']);
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
