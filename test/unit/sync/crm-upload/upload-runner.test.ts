/** The upload runner and the reference check, with a scripted sender (no HTTP). */
import { failedBatchesError, FAILED_BATCHES_LISTED } from '../../../../nodes/core/sync/crm-upload/failed-batches';
import { allBatches } from '../../../../nodes/core/sync/crm-upload/held-batches';
import { RetailCrmApiError } from '../../../../nodes/core/retailcrm/errors';
import { emptyChangeHashState } from '../../../../nodes/core/sync/crm-upload/change-hashes';
import type { InventoryOffer } from '../../../../nodes/core/sync/stock/inventory-batches';
import { planUpload } from '../../../../nodes/core/sync/crm-upload/upload-plan';
import { checkCodes, UnknownReferenceCodeError } from '../../../../nodes/core/sync/crm-upload/reference-check';
import { uploadStock } from '../../../../nodes/core/sync/stock/stock-upload';
import { runUploadPlan, toIdentities, type BatchResult } from '../../../../nodes/core/sync/crm-upload/upload-runner';

const offers = (n: number): InventoryOffer[] =>
	Array.from({ length: n }, (_, i) => ({ externalId: `o${String(i).padStart(3, '0')}`, stores: [{ code: 'main', available: i }] }));

const ok = (batch: InventoryOffer[]): BatchResult => ({ processedOffersCount: batch.length, notFoundOffers: [] });

describe('runUploadPlan', () => {
	it('sends every batch in order, goes on after a failed one, and commits only the accepted ones', async () => {
		const state = emptyChangeHashState();
		const plan = planUpload(offers(5), { onlyChanged: true, state, now: 0, batchSize: 2 });
		const seen: string[][] = [];
		const report = await runUploadPlan(
			plan,
			async (batch) => {
				seen.push(batch.map((o) => o.externalId!));
				if (seen.length === 2) throw new RetailCrmApiError({ kind: 'server', status: 500, message: 'retailCRM POST /api/v5/store/inventories/upload: HTTP 500', hint: 'later' });
				return ok(batch);
			},
			{ endpoint: 'store/inventories/upload', identifierKind: 'externalId' },
		);
		expect(seen).toEqual([['o000', 'o001'], ['o002', 'o003'], ['o004']]);
		expect(report).toMatchObject({ batches: 3, batchesSucceeded: 2, offersSent: 3, processedOffersCount: 3, fullResend: true });
		expect(report.failedBatches).toEqual([
			{ index: 1, offers: [{ externalId: 'o002' }, { externalId: 'o003' }], error: 'retailCRM POST /api/v5/store/inventories/upload: HTTP 500', status: 500, hint: 'later' },
		]);
		// Next run: only the failed batch's offers are dirty.
		const next = planUpload(offers(5), { onlyChanged: true, state, now: 1000, batchSize: 250 });
		expect(allBatches(next.batches).flat().map((o) => o.externalId)).toEqual(['o002', 'o003']);
	});

	it('collects not-found offers (a bare value read as the identifier kind in use) and does not commit them', async () => {
		const state = emptyChangeHashState();
		const plan = planUpload(offers(3), { onlyChanged: true, state, now: 0 });
		const report = await runUploadPlan(plan, async () => ({ processedOffersCount: 1, notFoundOffers: [{ externalId: 'o001' }, { value: 'o002' }] }), {
			endpoint: 'store/inventories/upload',
			identifierKind: 'externalId',
		});
		expect(report.notFoundOffers).toEqual([{ externalId: 'o001' }, { externalId: 'o002' }]);
		const next = planUpload(offers(3), { onlyChanged: true, state, now: 1000 });
		expect(allBatches(next.batches).flat().map((o) => o.externalId)).toEqual(['o001', 'o002']);
	});

	it('a dry run returns the planned batches and sends nothing', async () => {
		const plan = planUpload(offers(3), { onlyChanged: false, now: 0, batchSize: 2 });
		const send = jest.fn(async (batch: InventoryOffer[]) => ok(batch));
		const report = await runUploadPlan(plan, send, { endpoint: 'store/inventories/upload', identifierKind: 'externalId', dryRun: true });
		expect(send).not.toHaveBeenCalled();
		expect(report).toMatchObject({ dryRun: true, batches: 2, offersSent: 0 });
		expect(report.plannedBatches?.map((b) => b.length)).toEqual([2, 1]);
	});

	it('toIdentities reads id / externalId / xmlId and bare values per kind', () => {
		expect(toIdentities([{ id: 5 }, { xmlId: 'x' }, { value: '7' }], 'id')).toEqual([{ id: 5 }, { xmlId: 'x' }, { id: 7 }]);
		expect(toIdentities([{ value: 'x1' }], 'xmlId')).toEqual([{ xmlId: 'x1' }]);
	});
});

describe('reference check', () => {
	const stores = [
		{ code: 'main', name: 'Основной склад' },
		{ code: 'showroom', name: 'Шоурум', active: false },
	];

	it('names every unknown code once and lists the valid ones with names', () => {
		let error: unknown;
		try {
			checkCodes('store', ['main', 'mian', 'x', 'mian'], stores, 'the warehouse → store mapping');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(UnknownReferenceCodeError);
		const e = error as UnknownReferenceCodeError;
		expect(e.unknownCodes).toEqual(['mian', 'x']);
		expect(e.message).toBe(
			'Unknown retailCRM store codes "mian", "x" in the warehouse → store mapping. Valid store codes: "main" (Основной склад), "showroom" (Шоурум) [inactive].',
		);
	});

	it('passes known codes and says so when the account has none', () => {
		expect(() => checkCodes('price type', ['base'], [{ code: 'base' }], 'the price type mapping')).not.toThrow();
		expect(() => checkCodes('price type', ['base'], [], 'the price type mapping')).toThrow(/Valid price type codes: \(none/);
	});

	it('uploadStock checks the mapping before building or sending anything', async () => {
		const client = {
			stores: jest.fn(async () => [{ code: 'main' }]),
			uploadInventories: jest.fn(async () => ({ processedOffersCount: 0, notFoundOffers: [] })),
		};
		await expect(
			uploadStock(client as never, {
				rows: [{ offerKey: 'a', warehouseRef: 'w', quantity: 1 }],
				storeCodeByWarehouse: { w: 'nope' },
				identifierKind: 'externalId',
				onlyChanged: false,
				now: 0,
			}),
		).rejects.toThrow(/Unknown retailCRM store code "nope"/);
		expect(client.uploadInventories).not.toHaveBeenCalled();
	});
});

describe('failedBatchesError', () => {
	const batch = (index: number, status = 403) => ({ index, offers: [{ externalId: `o${index}` }], error: `retailCRM POST /api/v5/store/inventories/upload: Access denied.`, status, hint: 'Allow store_write.' });

	it('is undefined when no batch failed (offers not found are no failure)', () => {
		expect(failedBatchesError([{ endpoint: 'store/inventories/upload', batches: 2, failedBatches: [] }])).toBeUndefined();
	});

	it('counts every failed batch, lists the first few with retailCRM\'s reason and status, and says each hint once', () => {
		const error = failedBatchesError([
			{ endpoint: 'store/inventories/upload', batches: 9, failedBatches: [0, 1, 2, 3, 4, 5].map((i) => batch(i)) },
			{ endpoint: 'store/prices/upload', batches: 1, failedBatches: [{ index: 0, offers: [], error: 'retailCRM POST /api/v5/store/prices/upload: no answer', status: 0 }] },
		])!;
		expect(error.message).toBe('retailCRM did not take 7 upload batches (6 of 9 to store/inventories/upload, 1 of 1 to store/prices/upload): retailCRM POST /api/v5/store/inventories/upload: Access denied. (HTTP 403)');
		const lines = error.hint.split('\n');
		expect(lines.slice(0, FAILED_BATCHES_LISTED)).toEqual([1, 2, 3, 4, 5].map((n) => `store/inventories/upload batch ${n} (1 offer): retailCRM POST /api/v5/store/inventories/upload: Access denied. (HTTP 403)`));
		expect(lines.slice(FAILED_BATCHES_LISTED)).toEqual(['… and 2 more', 'The accepted batches are kept; the offers of the failed ones are sent again next run.', 'Allow store_write.']);
	});
});
