import { combineBalances } from '../../../../nodes/core/sync/stock/balance-rows';
import type { BalanceRow } from '../../../../nodes/core/sync/onec-read/balance-read';
import { EMPTY_GUID, offerKey, splitOfferKey } from '../../../../nodes/core/sync/offer-key';
import { SEED, guid } from './fixtures';

const item = guid(1, 10);
const charRed = guid(6, 1);
const charBlue = guid(6, 2);
const wh1 = guid(2, 1);
const wh2 = guid(2, 2);

const row = (warehouse: string, itemRef: string, characteristic: string | null, quantity: number): BalanceRow => ({
	Склад_Key: warehouse,
	Номенклатура_Key: itemRef,
	ХарактеристикаНоменклатуры_Key: characteristic,
	КоличествоBalance: quantity,
});

describe('offer keys', () => {
	it('is the item GUID alone for an empty characteristic (null or the all-zero GUID) and GUID#GUID otherwise', () => {
		expect(offerKey(item, null)).toBe(item);
		expect(offerKey(item, EMPTY_GUID)).toBe(item);
		expect(offerKey(item, charRed)).toBe(`${item}#${charRed}`);
		expect(offerKey(item.toUpperCase(), charRed.toUpperCase())).toBe(`${item}#${charRed}`);
		expect(splitOfferKey(`${item}#${charRed}`)).toEqual({ itemRef: item, characteristicRef: charRed });
		expect(() => offerKey(EMPTY_GUID, null)).toThrow('item reference is empty');
	});
});

describe('combineBalances', () => {
	it('seed case: the two jeans items get 23 and 41 on Основной склад', () => {
		const rows = combineBalances({
			stock: [row(SEED.mainWarehouse, SEED.jeans50, EMPTY_GUID, 41), row(SEED.mainWarehouse, SEED.jeans48, null, 23)],
		});
		expect(rows).toEqual([
			{ offerKey: SEED.jeans48, itemRef: SEED.jeans48, characteristicRef: null, warehouseRef: SEED.mainWarehouse, quantity: 23 },
			{ offerKey: SEED.jeans50, itemRef: SEED.jeans50, characteristicRef: null, warehouseRef: SEED.mainWarehouse, quantity: 41 },
		]);
	});

	it('keys characteristics separately and sums several rows of one key (e.g. per Качество or Серия)', () => {
		const rows = combineBalances({
			stock: [row(wh1, item, charRed, 2), row(wh1, item, charRed, 3), row(wh1, item, charBlue, 7), row(wh1, item, null, 1)],
		});
		const byKey = Object.fromEntries(rows.map((r) => [r.offerKey, r.quantity]));
		expect(byKey).toEqual({ [item]: 1, [`${item}#${charRed}`]: 5, [`${item}#${charBlue}`]: 7 });
		expect(rows.find((r) => r.offerKey === `${item}#${charBlue}`)?.characteristicRef).toBe(charBlue);
	});

	it('free stock subtracts reserves and goods to be shipped; without the option they are ignored', () => {
		const input = {
			stock: [row(wh1, item, null, 10), row(wh2, item, null, 4)],
			reserves: [row(wh1, item, null, 3)],
			transfers: [row(wh1, item, null, 2), row(wh2, item, null, 1)],
		};
		const free = combineBalances({ ...input, freeStock: true });
		expect(free.map((r) => [r.warehouseRef, r.quantity])).toEqual([
			[wh1, 5],
			[wh2, 3],
		]);
		const onHand = combineBalances({ ...input, freeStock: false });
		expect(onHand.map((r) => r.quantity)).toEqual([10, 4]);
	});

	it('takes ТоварыНаСкладах rows (Оптовый) and ТоварыВРознице rows (Розничный) together, one row per warehouse', () => {
		const wholesaleRows = [row(wh1, item, null, 8)];
		const retailRows = [row(wh2, item, null, 3), row(wh2, item, null, 2)];
		const rows = combineBalances({ stock: [...wholesaleRows, ...retailRows], freeStock: true, reserves: [row(wh1, item, null, 1)], transfers: [] });
		expect(rows.map((r) => [r.warehouseRef, r.quantity])).toEqual([
			[wh1, 7],
			[wh2, 5],
		]);
	});

	it('refuses free stock without reserve and transfer rows (a caller bug must not pass as full stock)', () => {
		expect(() => combineBalances({ stock: [], freeStock: true, reserves: [] })).toThrow('ТоварыКПередачеСоСкладов');
	});

	it('clamps negatives to 0 (over-reserved, negative register) and keeps reserve-only offers as explicit zeros', () => {
		const other = guid(1, 11);
		const rows = combineBalances({
			stock: [row(wh1, item, null, 2), row(wh1, guid(1, 12), null, -4)],
			reserves: [row(wh1, item, null, 5), row(wh1, other, null, 1)],
			transfers: [],
			freeStock: true,
		});
		expect(rows.map((r) => [r.offerKey, r.quantity])).toEqual([
			[item, 0],
			[other, 0],
			[guid(1, 12), 0],
		]);
		expect(rows.every((r) => !Object.is(r.quantity, -0))).toBe(true);
	});

	it('rounds away binary noise to 1C precision', () => {
		const rows = combineBalances({ stock: [row(wh1, item, null, 23.1)], reserves: [row(wh1, item, null, 0.1)], transfers: [], freeStock: true });
		expect(rows[0].quantity).toBe(23);
	});

	it('include zero stock adds every offer in scope on every warehouse in scope as 0', () => {
		const rows = combineBalances({
			stock: [row(wh1, item, charRed, 4)],
			includeZeroStock: true,
			warehouseRefs: [wh1, wh2],
			offersInScope: [
				{ itemRef: item, characteristicRef: charRed },
				{ itemRef: item, characteristicRef: charBlue },
				{ itemRef: SEED.jeans48, characteristicRef: null },
			],
		});
		expect(rows).toHaveLength(6);
		const quantity = (key: string, wh: string) => rows.find((r) => r.offerKey === key && r.warehouseRef === wh)?.quantity;
		expect(quantity(`${item}#${charRed}`, wh1)).toBe(4);
		expect(quantity(`${item}#${charRed}`, wh2)).toBe(0);
		expect(quantity(`${item}#${charBlue}`, wh1)).toBe(0);
		expect(quantity(SEED.jeans48, wh2)).toBe(0);
	});

	it('without include zero stock, offers without stock are not invented', () => {
		const rows = combineBalances({ stock: [row(wh1, item, charRed, 4)], offersInScope: [{ itemRef: item, characteristicRef: charBlue }], warehouseRefs: [wh1] });
		expect(rows.map((r) => r.offerKey)).toEqual([`${item}#${charRed}`]);
	});

	it('requires the offer list and warehouses for zero stock', () => {
		expect(() => combineBalances({ stock: [], includeZeroStock: true, warehouseRefs: [wh1] })).toThrow('offersInScope');
	});

	it('drops rows of warehouses outside the scope and rows without item or warehouse', () => {
		const rows = combineBalances({
			stock: [row(wh1, item, null, 1), row(wh2, item, null, 9), row(EMPTY_GUID, item, null, 3), { ...row(wh1, item, null, 3), Номенклатура_Key: null }],
			warehouseRefs: [wh1.toUpperCase()],
		});
		expect(rows.map((r) => [r.warehouseRef, r.quantity])).toEqual([[wh1, 1]]);
	});

	it('orders output by offer key then warehouse, whatever the input order', () => {
		const a = [row(wh2, guid(1, 2), null, 1), row(wh1, guid(1, 2), null, 1), row(wh1, guid(1, 1), null, 1)];
		const first = combineBalances({ stock: a });
		const second = combineBalances({ stock: [...a].reverse() });
		expect(first).toEqual(second);
		expect(first.map((r) => `${r.offerKey}@${r.warehouseRef}`)).toEqual([
			`${guid(1, 1)}@${wh1}`,
			`${guid(1, 2)}@${wh1}`,
			`${guid(1, 2)}@${wh2}`,
		]);
	});
});
