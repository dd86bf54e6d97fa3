import { combineBalances } from '../../../../nodes/core/sync/stock/balance-rows';
import {
	UnmappedWarehouseError,
	buildInventoryBatches,
	buildInventoryOffers,
	type InventoryInputRow,
} from '../../../../nodes/core/sync/stock/inventory-batches';
import { splitIntoBatches, validateBatchSize } from '../../../../nodes/core/sync/crm-upload/upload-batches';
import { SEED, guid, seededRandom } from './fixtures';

const wh1 = guid(2, 1);
const wh2 = guid(2, 2);
const wh3 = guid(2, 3);
const mapping = { [wh1]: 'msk', [wh2]: 'spb', [wh3]: 'ekb' };

const r = (offerKey: string, warehouseRef: string, quantity: number, purchasePrice?: number): InventoryInputRow => ({
	offerKey,
	warehouseRef,
	quantity,
	...(purchasePrice !== undefined ? { purchasePrice } : {}),
});

describe('buildInventoryOffers', () => {
	it('seed case: Джинсы Элегантность (48) and (50) → 23 and 41 on the store mapped from Основной склад', () => {
		const rows = combineBalances({
			stock: [
				{ Склад_Key: SEED.mainWarehouse, Номенклатура_Key: SEED.jeans48, ХарактеристикаНоменклатуры_Key: null, КоличествоBalance: 23 },
				{ Склад_Key: SEED.mainWarehouse, Номенклатура_Key: SEED.jeans50, ХарактеристикаНоменклатуры_Key: null, КоличествоBalance: 41 },
			],
		});
		const { offers } = buildInventoryOffers(rows, { identifierKind: 'externalId', storeCodeByWarehouse: { [SEED.mainWarehouse]: SEED.storeCode } });
		expect(offers).toEqual([
			{ externalId: SEED.jeans48, stores: [{ code: SEED.storeCode, available: 23 }] },
			{ externalId: SEED.jeans50, stores: [{ code: SEED.storeCode, available: 41 }] },
		]);
		expect(JSON.stringify(offers)).not.toContain('site');
	});

	it('merges several warehouses of one offer into one element, stores sorted by code', () => {
		const key = `${guid(1, 5)}#${guid(6, 1)}`;
		const { offers } = buildInventoryOffers([r(key, wh2, 2), r(key, wh1, 5), r(key, wh3, 0)], { identifierKind: 'xmlId', storeCodeByWarehouse: mapping, site: 'shop' });
		expect(offers).toEqual([
			{
				xmlId: key,
				site: 'shop',
				stores: [
					{ code: 'ekb', available: 0 },
					{ code: 'msk', available: 5 },
					{ code: 'spb', available: 2 },
				],
			},
		]);
	});

	it('sends zeros explicitly and clamps negatives to 0', () => {
		const { offers } = buildInventoryOffers([r('a', wh1, 0), r('b', wh1, -3)], { identifierKind: 'externalId', storeCodeByWarehouse: mapping });
		expect(offers.map((o) => o.stores[0])).toEqual([
			{ code: 'msk', available: 0 },
			{ code: 'msk', available: 0 },
		]);
		expect(JSON.parse(JSON.stringify(offers))[0].stores[0]).toHaveProperty('available', 0);
	});

	it('sums warehouses mapped to the same store code and keeps the purchase price', () => {
		const { offers } = buildInventoryOffers([r('a', wh1, 2, 120.456), r('a', wh2, 3)], {
			identifierKind: 'externalId',
			storeCodeByWarehouse: { [wh1]: 'msk', [wh2]: 'msk' },
		});
		expect(offers[0].stores).toEqual([{ code: 'msk', available: 5, purchasePrice: 120.46 }]);
	});

	it('reduces stores of inventoryType "available" to 0/1', () => {
		const { offers } = buildInventoryOffers([r('a', wh1, 17), r('a', wh2, 0), r('b', wh1, 0.5), r('b', wh2, -2)], {
			identifierKind: 'externalId',
			storeCodeByWarehouse: mapping,
			storeInventoryTypes: { msk: 'available', spb: 'integer' },
		});
		expect(offers).toEqual([
			{ externalId: 'a', stores: [{ code: 'msk', available: 1 }, { code: 'spb', available: 0 }] },
			{ externalId: 'b', stores: [{ code: 'msk', available: 1 }, { code: 'spb', available: 0 }] },
		]);
	});

	it('names every unmapped warehouse (with its name) in one clear error', () => {
		const build = () =>
			buildInventoryOffers([r('a', wh1, 1), r('a', wh2, 1), r('b', wh3, 1)], {
				identifierKind: 'externalId',
				storeCodeByWarehouse: { [wh1]: 'msk' },
				warehouseNames: { [wh2]: 'Склад СПб' },
			});
		expect(build).toThrow(UnmappedWarehouseError);
		expect(build).toThrow(`"Склад СПб" (${wh2}), ${wh3}`);
		try {
			build();
		} catch (error) {
			expect((error as UnmappedWarehouseError).warehouseRefs).toEqual([wh2, wh3]);
		}
	});

	it('matches warehouse GUIDs case-insensitively', () => {
		const { offers } = buildInventoryOffers([r('a', wh1, 1)], { identifierKind: 'externalId', storeCodeByWarehouse: { [wh1.toUpperCase()]: 'msk' } });
		expect(offers[0].stores[0].code).toBe('msk');
	});

	it('identifier kinds: externalId/xmlId default to the offer key; id needs a table; unknown offers are reported, not sent', () => {
		const rows = [r('k1', wh1, 1), r('k2', wh1, 2)];
		expect(() => buildInventoryOffers(rows, { identifierKind: 'id', storeCodeByWarehouse: mapping })).toThrow('needs a table');
		const byId = buildInventoryOffers(rows, { identifierKind: 'id', identifiers: new Map([['k2', 77]]), storeCodeByWarehouse: mapping });
		expect(byId.offers).toEqual([{ id: 77, stores: [{ code: 'msk', available: 2 }] }]);
		expect(byId.unresolvedOfferKeys).toEqual(['k1']);
		const byXml = buildInventoryOffers(rows, { identifierKind: 'xmlId', identifiers: { k1: 'X-1', k2: 'X-2' }, storeCodeByWarehouse: mapping });
		expect(byXml.offers.map((o) => o.xmlId)).toEqual(['X-1', 'X-2']);
		expect(() => buildInventoryOffers(rows, { identifierKind: 'xmlId', identifiers: { k1: 'X', k2: 'X' }, storeCodeByWarehouse: mapping })).toThrow(
			'both resolve',
		);
	});

	it('is deterministic whatever the row order', () => {
		const random = seededRandom(7);
		const rows: InventoryInputRow[] = [];
		for (let i = 0; i < 200; i++) rows.push(r(guid(1, i % 50), [wh1, wh2, wh3][i % 3], Math.floor(random() * 10)));
		const shuffled = [...rows].sort(() => random() - 0.5);
		const opts = { identifierKind: 'externalId' as const, storeCodeByWarehouse: mapping };
		expect(buildInventoryOffers(shuffled, opts)).toEqual(buildInventoryOffers(rows, opts));
	});
});

describe('batches', () => {
	it('validates the batch size: integer 1..250', () => {
		expect(validateBatchSize(250)).toBe(250);
		expect(() => validateBatchSize(251)).toThrow(RangeError);
		expect(() => validateBatchSize(0)).toThrow('1 to 250');
		expect(() => validateBatchSize(10.5)).toThrow(RangeError);
		expect(() => buildInventoryBatches([], { identifierKind: 'externalId', storeCodeByWarehouse: {}, batchSize: 300 })).toThrow(RangeError);
	});

	it('splits keeping order, the last batch holding the rest', () => {
		const batches = splitIntoBatches([1, 2, 3, 4, 5, 6, 7], 3);
		expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
		expect(splitIntoBatches([], 3)).toEqual([]);
	});

	it('100,000 offers × 3 warehouses → exactly 400 batches of 250 elements, each offer once with its 3 stores', () => {
		const random = seededRandom(42);
		const rows: InventoryInputRow[] = [];
		for (let i = 0; i < 100_000; i++) {
			const key = i % 4 === 0 ? `${guid(1, i)}#${guid(6, i)}` : guid(1, i);
			rows.push(r(key, wh1, Math.floor(random() * 100)), r(key, wh2, Math.floor(random() * 100) - 20), r(key, wh3, 0));
		}
		const { batches, unresolvedOfferKeys } = buildInventoryBatches(rows, { identifierKind: 'externalId', storeCodeByWarehouse: mapping });
		expect(unresolvedOfferKeys).toEqual([]);
		expect(batches).toHaveLength(Math.ceil(100_000 / 250));
		expect(batches.every((batch) => batch.length === 250)).toBe(true);
		const ids = new Set(batches.flat().map((o) => o.externalId));
		expect(ids.size).toBe(100_000);
		expect(batches.flat().every((o) => o.stores.length === 3 && o.stores.every((s) => s.available >= 0))).toBe(true);

		const smaller = buildInventoryBatches(rows.slice(0, 3 * 1001), { identifierKind: 'externalId', storeCodeByWarehouse: mapping, batchSize: 200 });
		expect(smaller.batches.map((b) => b.length)).toEqual([200, 200, 200, 200, 200, 1]);
	});
});
