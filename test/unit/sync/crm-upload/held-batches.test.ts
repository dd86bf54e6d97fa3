/**
 * What a planned upload holds while it waits for the pacer (held-batches.ts, planned-upload.ts): each batch as its
 * JSON text, not the caller's rows, and the batches recorded as soon as the ones before them are.
 */
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { emptyChangeHashState, elementHash, OFFER_HASH_CHARS } from '../../../../nodes/core/sync/crm-upload/change-hashes';
import { allBatches, heldAsElements, heldAsText } from '../../../../nodes/core/sync/crm-upload/held-batches';
import { planUpload } from '../../../../nodes/core/sync/crm-upload/upload-plan';
import { runUploadPlan } from '../../../../nodes/core/sync/crm-upload/upload-runner';
import type { InventoryOffer } from '../../../../nodes/core/sync/stock/inventory-batches';
import { planStockUpload } from '../../../../nodes/core/sync/stock/stock-upload';
import { planPriceUpload } from '../../../../nodes/core/sync/prices/price-upload';
import type { PlannedUpload } from '../../../../nodes/core/sync/crm-upload/planned-upload';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const offers = (n: number): InventoryOffer[] =>
	Array.from({ length: n }, (_, i) => ({
		externalId: `o${String(i).padStart(4, '0')}`,
		site: 'shop',
		stores: [
			{ code: 'a', available: i, purchasePrice: i / 4 },
			{ code: 'b', available: 0 },
		],
	}));

const ok = (batch: readonly unknown[]) => ({ processedOffersCount: batch.length, notFoundOffers: [] });

/** Lets a few turns of the event loop and two full collections pass, so a finalised object's WeakRef is clear. */
async function collect(): Promise<void> {
	for (let i = 0; i < 3; i++) {
		await new Promise((resolve) => setImmediate(resolve));
		gc();
	}
}

describe('held batches', () => {
	it('as text: the same elements and sizes, made anew for each call', () => {
		const batches = [offers(3), offers(1)];
		const held = heldAsText(batches);
		expect(held.count).toBe(2);
		expect([held.get(0).length, held.get(1).length]).toEqual([3, 1]);
		expect(allBatches(held)).toEqual(batches);
		expect(held.get(0)).not.toBe(held.get(0));
		expect(held.get(0)[0]).not.toBe(batches[0][0]);
		// The change hash of an element read back is the hash of the element planned (what commit records).
		expect(held.get(0).map((e) => elementHash(e))).toEqual(batches[0].map((e) => elementHash(e)));
	});

	it('as elements: the arrays themselves', () => {
		const batches = [offers(2)];
		expect(heldAsElements(batches).get(0)).toBe(batches[0]);
	});

	it('a plan held as text sends, reports and commits as one held as elements', async () => {
		const outcome = async (holdAsText: boolean) => {
			const state = emptyChangeHashState();
			const plan = planUpload(offers(7), { onlyChanged: true, state, now: 0, batchSize: 3, holdAsText });
			const sent: unknown[] = [];
			const report = await runUploadPlan(
				plan,
				async (batch) => {
					sent.push(batch);
					if (sent.length === 2) throw new Error('HTTP 500');
					return { processedOffersCount: batch.length, notFoundOffers: sent.length === 3 ? [{ externalId: 'o0006' }] : [] };
				},
				{ endpoint: 'store/inventories/upload', identifierKind: 'externalId', concurrency: 1 },
			);
			return { sent, report, hashes: state.hashes };
		};
		const [text, elements] = [await outcome(true), await outcome(false)];
		expect(text).toEqual(elements);
		expect(text.report).toMatchObject({ batches: 3, batchesSucceeded: 2, offersSent: 4, notFoundOffers: [{ externalId: 'o0006' }] });
		expect(text.report.failedBatches.map((f) => f.offers)).toEqual([[{ externalId: 'o0003' }, { externalId: 'o0004' }, { externalId: 'o0005' }]]);
		expect(text.hashes).toHaveLength(3 * OFFER_HASH_CHARS);
	});

	it('records a batch as soon as the batches before it are, in batch order, whatever answers first', async () => {
		const state = emptyChangeHashState();
		const plan = planUpload(offers(4), { onlyChanged: true, state, now: 0, batchSize: 1, holdAsText: true });
		const release: Array<() => void> = [];
		const hashesWhenSent: number[] = [];
		const running = runUploadPlan(
			plan,
			async (batch) => {
				hashesWhenSent.push(state.hashes.length / OFFER_HASH_CHARS);
				await new Promise<void>((resolve) => release.push(resolve));
				return ok(batch);
			},
			{ endpoint: 'store/inventories/upload', identifierKind: 'externalId', concurrency: 2 },
		);
		const settle = async () => await new Promise((resolve) => setImmediate(resolve));
		await settle();
		expect(release).toHaveLength(2);
		release[1](); // batch 1 answers first: nothing recorded until batch 0 is
		await settle();
		expect(state.hashes).toBe('');
		release[0]();
		await settle();
		// Batches 0 and 1 recorded, in that order, before the last two are answered.
		expect(state.hashes.length).toBe(2 * OFFER_HASH_CHARS);
		const [first, second] = offers(2).map((e) => elementHash(e));
		expect(state.hashes).toBe(first + second);
		release[2]();
		release[3]();
		const report = await running;
		expect(report.batchesSucceeded).toBe(4);
		expect(hashesWhenSent).toEqual([0, 0, 0, 2]);
	});

	const settings = { identifierKind: 'externalId' as const, onlyChanged: true, now: 0 };
	/** Plans an upload of 500 offers from rows it makes; only a WeakRef of the rows leaves it. */
	const planners: Record<string, () => { rows: WeakRef<object>; planning: Promise<PlannedUpload<{ offersSent: number }>> }> = {
		stock: () => {
			const rows = Array.from({ length: 500 }, (_, i) => ({ offerKey: `k${i}`, warehouseRef: 'w', quantity: i }));
			const client = { stores: async () => [{ code: 'a', name: 'A' }], uploadInventories: async (batch: readonly unknown[]) => ok(batch) };
			return { rows: new WeakRef(rows), planning: planStockUpload(client, { ...settings, state: emptyChangeHashState(), rows, storeCodeByWarehouse: { w: 'a' } }) };
		},
		price: () => {
			const rows = Array.from({ length: 500 }, (_, i) => ({ offerKey: `k${i}`, priceTypeRef: 't', price: i + 1 }));
			const client = { priceTypes: async () => [{ code: 'base', name: 'Base' }], uploadPrices: async (batch: readonly unknown[]) => ok(batch) };
			return { rows: new WeakRef(rows), planning: planPriceUpload(client, { ...settings, state: emptyChangeHashState(), rows, priceCodeByType: { t: 'base' } }) };
		},
	};

	it.each(Object.keys(planners))('a planned %s upload does not keep the rows it was planned from', async (kind) => {
		const { rows, planning } = planners[kind]();
		const planned = await planning;
		await collect();
		expect(rows.deref()).toBeUndefined();
		expect((await planned.run()).offersSent).toBe(500);
	});
});
