/** The whole pure pipeline of flow 2 for stock, as a node will run it: Balance rows → elements → only changed → batches → commit. */
import { combineBalances } from '../../../../nodes/core/sync/stock/balance-rows';
import { allBatches } from '../../../../nodes/core/sync/crm-upload/held-batches';
import type { BalanceRow } from '../../../../nodes/core/sync/onec-read/balance-read';
import { emptyChangeHashState, loadChangeHashState, type ChangeHashState } from '../../../../nodes/core/sync/crm-upload/change-hashes';
import { buildInventoryOffers, type InventoryOffer } from '../../../../nodes/core/sync/stock/inventory-batches';
import { planUpload } from '../../../../nodes/core/sync/crm-upload/upload-plan';
import { SEED } from './fixtures';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const MINUTE = 60_000;

function balances(jeans48: number, jeans50: number): BalanceRow[] {
	return [
		{ Склад_Key: SEED.mainWarehouse, Номенклатура_Key: SEED.jeans48, ХарактеристикаНоменклатуры_Key: null, КоличествоBalance: jeans48 },
		{ Склад_Key: SEED.mainWarehouse, Номенклатура_Key: SEED.jeans50, ХарактеристикаНоменклатуры_Key: null, КоличествоBalance: jeans50 },
	];
}

function elements(stock: BalanceRow[], reserves: BalanceRow[] = []): InventoryOffer[] {
	const rows = combineBalances({
		stock,
		freeStock: true,
		reserves,
		transfers: [],
		warehouseRefs: [SEED.mainWarehouse],
		includeZeroStock: true,
		offersInScope: [{ itemRef: SEED.jeans48 }, { itemRef: SEED.jeans50 }],
	});
	return buildInventoryOffers(rows, {
		identifierKind: 'externalId',
		storeCodeByWarehouse: { [SEED.mainWarehouse]: SEED.storeCode },
		warehouseNames: { [SEED.mainWarehouse]: SEED.mainWarehouseName },
	}).offers;
}

/** Sends every batch to a fake upload endpoint and commits the ones it accepts. */
function sync(offers: InventoryOffer[], state: ChangeHashState, now: number, accept: (batch: InventoryOffer[]) => boolean = () => true) {
	const plan = planUpload(offers, { onlyChanged: true, state, now, fullResendHours: 24 });
	const sent: InventoryOffer[][] = [];
	allBatches(plan.batches).forEach((batch, index) => {
		sent.push(batch);
		if (accept(batch)) plan.commitBatch(index);
	});
	return { sent, full: plan.full };
}

describe('stock flow (seed case)', () => {
	it('first run uploads 23 and 41; a rerun uploads nothing; a sale of one (48) uploads only that offer with 22', () => {
		const state = emptyChangeHashState();
		const first = sync(elements(balances(23, 41)), state, T0);
		expect(first.sent).toEqual([
			[
				{ externalId: SEED.jeans48, stores: [{ code: 'main', available: 23 }] },
				{ externalId: SEED.jeans50, stores: [{ code: 'main', available: 41 }] },
			],
		]);
		expect(sync(elements(balances(23, 41)), state, T0 + 5 * MINUTE).sent).toEqual([]);
		const afterSale = sync(elements(balances(22, 41)), state, T0 + 10 * MINUTE);
		expect(afterSale.sent).toEqual([[{ externalId: SEED.jeans48, stores: [{ code: 'main', available: 22 }] }]]);
	});

	it('a reserve for an order lowers the free stock; selling out sends an explicit 0', () => {
		const state = emptyChangeHashState();
		sync(elements(balances(23, 41)), state, T0);
		const reserved = sync(
			elements(balances(23, 41), [{ Склад_Key: SEED.mainWarehouse, Номенклатура_Key: SEED.jeans50, ХарактеристикаНоменклатуры_Key: null, КоличествоBalance: 1 }]),
			state,
			T0 + MINUTE,
		);
		expect(reserved.sent).toEqual([[{ externalId: SEED.jeans50, stores: [{ code: 'main', available: 40 }] }]]);
		// Balance drops zero rows: (48) sold out disappears from the register, zero stock inclusion still sends 0.
		const soldOut = sync(elements([balances(0, 41)[1]]), state, T0 + 2 * MINUTE);
		expect(soldOut.sent).toEqual([
			[
				{ externalId: SEED.jeans48, stores: [{ code: 'main', available: 0 }] },
				{ externalId: SEED.jeans50, stores: [{ code: 'main', available: 41 }] },
			],
		]);
	});

	it('a rejected batch is uploaded again next run; the state survives a JSON round trip through static data', () => {
		let staticData: unknown = undefined;
		const run = (offers: InventoryOffer[], now: number, accept = true) => {
			const state = loadChangeHashState(staticData);
			const result = sync(offers, state, now, () => accept);
			staticData = JSON.parse(JSON.stringify(state));
			return result.sent.flat();
		};
		expect(run(elements(balances(23, 41)), T0, false)).toHaveLength(2);
		expect(run(elements(balances(23, 41)), T0 + MINUTE)).toHaveLength(2);
		expect(run(elements(balances(23, 41)), T0 + 2 * MINUTE)).toHaveLength(0);
		expect(run(elements(balances(23, 41)), T0 + 25 * 60 * MINUTE)).toHaveLength(2); // daily full resend
	});

	it('"Only changed" off sends everything every run; commitBatch is harmless then', () => {
		const plan = planUpload(elements(balances(23, 41)), { onlyChanged: false, now: T0 });
		expect(plan.full).toBe(true);
		expect(allBatches(plan.batches).flat()).toHaveLength(2);
		plan.commitBatch(0);
		expect(() => planUpload([], { onlyChanged: true, now: T0 })).toThrow('change-hash state');
	});

});
