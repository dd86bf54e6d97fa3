/**
 * Our upload elements must be what the retailCRM client (nodes/core/retailcrm) sends. The assignments below are
 * checked by `tsc` (tests are in tsconfig); the runtime part checks the JSON the client will serialise.
 */
import { uploadResultSchema, type InventoryUploadOffer, type PriceUploadOffer } from '../../../../nodes/core/retailcrm/schemas/store';
import { allBatches } from '../../../../nodes/core/sync/crm-upload/held-batches';
import { buildPriceOffers } from '../../../../nodes/core/sync/prices/price-batches';
import { buildInventoryOffers } from '../../../../nodes/core/sync/stock/inventory-batches';
import { planUpload } from '../../../../nodes/core/sync/crm-upload/upload-plan';
import { emptyChangeHashState } from '../../../../nodes/core/sync/crm-upload/change-hashes';
import { SEED } from './fixtures';

describe('contract with the retailCRM client upload types', () => {
	it('inventory and price elements are assignable to the client request types and serialise zeros', () => {
		const inventories: readonly InventoryUploadOffer[] = buildInventoryOffers(
			[
				{ offerKey: SEED.jeans48, warehouseRef: SEED.mainWarehouse, quantity: 0 },
				{ offerKey: SEED.jeans50, warehouseRef: SEED.mainWarehouse, quantity: 41 },
			],
			{ identifierKind: 'externalId', storeCodeByWarehouse: { [SEED.mainWarehouse]: SEED.storeCode } },
		).offers;
		const prices: readonly PriceUploadOffer[] = buildPriceOffers([{ offerKey: SEED.jeans48, priceTypeRef: SEED.retailPriceType, price: 300 }], {
			identifierKind: 'externalId',
			priceCodeByType: { [SEED.retailPriceType]: SEED.priceCode },
		}).offers;
		const planState = emptyChangeHashState();
		const plan = planUpload(inventories.map((o) => ({ ...o, stores: [...o.stores] })), { onlyChanged: true, state: planState, now: 0 });
		const batch: readonly InventoryUploadOffer[] = plan.batches.get(0);
		expect(JSON.parse(JSON.stringify(batch))).toEqual([
			{ externalId: SEED.jeans48, stores: [{ code: 'main', available: 0 }] },
			{ externalId: SEED.jeans50, stores: [{ code: 'main', available: 41 }] },
		]);
		// The client's parsed notFoundOffers go straight into commitBatch; a bare identifier (`{ value }`) also matches.
		const result = uploadResultSchema.parse({ processedOffersCount: 1, notFoundOffers: [SEED.jeans48] });
		plan.commitBatch(0, result.notFoundOffers);
		const rerun = planUpload(batch.map((o) => ({ ...o, stores: [...o.stores] })), { onlyChanged: true, state: planState, now: 1 });
		expect(allBatches(rerun.batches).flat().map((o) => o.externalId)).toEqual([SEED.jeans48]);
		expect(JSON.parse(JSON.stringify(prices))).toEqual([{ externalId: SEED.jeans48, prices: [{ code: 'base', price: 300 }] }]);
	});
});
