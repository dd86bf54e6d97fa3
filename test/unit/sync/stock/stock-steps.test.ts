/**
 * What lets the direct stock mode's price read start early (nodes/core/sync/stock/stock-and-prices-from-onec.ts):
 * Get Balances says when its last balance page is in (`afterRead`), before it sums the rows up, and the stock upload's
 * build takes turns (common/steps.ts), so the price read's first request goes to 1C while the balances are planned.
 */
import { runSteps, STEP_ROWS } from '../../../../nodes/core/common/steps';
import { buildInventoryOfferSteps, buildInventoryOffers, type InventoryInputRow } from '../../../../nodes/core/sync/stock/inventory-batches';
import { planStockUpload } from '../../../../nodes/core/sync/stock/stock-upload';
import { getBalances } from '../../../../nodes/core/sync/stock/get-balances';
import { forgetSliceLastForms } from '../../../../nodes/core/onec/client';
import { startOneCSandbox, type OneCSandbox } from '../../../sandboxes/onec/server';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { sandboxClient } from '../../../integration/onec/sandbox-helpers';

const OFFERS = 2 * STEP_ROWS + 1_000;
const guid = (n: number, tail: string) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${tail.padStart(12, '0')}`;
const WAREHOUSE = guid(1, 'aa');

/** A turn that lets timers run (setTimeout 0, as n8n's sleep(0) does). */
const timerTurn = async () => await new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('stock planning in steps', () => {
	it('the upload build: the same elements as buildInventoryOffers, and a timer runs before planStockUpload ends', async () => {
		const rows: InventoryInputRow[] = Array.from({ length: OFFERS }, (_, i) => ({ offerKey: guid(i + 100, 'cc'), warehouseRef: WAREHOUSE, quantity: i % 7 }));
		const options = { identifierKind: 'externalId' as const, storeCodeByWarehouse: new Map([[WAREHOUSE, 'main']]) };
		expect(runSteps(buildInventoryOfferSteps(rows, options))).toEqual(buildInventoryOffers(rows, options));
		let turns = 0;
		let turnsAtTimer: number | undefined;
		setTimeout(() => (turnsAtTimer = turns), 0);
		// retailCRM is outside the process: its answers here are the store list and nothing sent.
		const client = { stores: async () => [{ code: 'main', name: 'Основной' }], uploadInventories: async () => ({ success: true }) };
		await planStockUpload(client as never, {
			...options,
			rows,
			batchSize: 250,
			onlyChanged: false,
			now: 0,
			turn: async () => {
				turns++;
				await timerTurn();
			},
		});
		// One turn per STEP_ROWS rows checked for a mapping, one per STEP_ROWS offers built.
		expect(turns).toBe(2 * Math.floor(OFFERS / STEP_ROWS));
		// Run straight through, the timer would run only after the last step (turnsAtTimer === turns, or never set).
		expect(turnsAtTimer).toBeLessThan(turns);
	});

	describe('Get Balances says when its balance read is done', () => {
		let sb: OneCSandbox;
		beforeAll(async () => {
			forgetSliceLastForms();
			sb = await startOneCSandbox({ port: 0, fixture: 'seed' });
		});
		afterAll(async () => sb.close());

		it('calls afterRead once, after its last balance request and before it returns the rows', async () => {
			const { client } = sandboxClient(sb);
			const from = sb.state.log.length;
			const calls: Array<{ requests: number }> = [];
			const result = await getBalances(client, {
				warehouseRefs: [SEED_IDS.warehouses.main],
				includeZeroStock: true,
				folderRefs: [SEED_IDS.items.goodsFolder],
				afterRead: () => calls.push({ requests: sb.state.log.length - from }),
			});
			const requests = sb.state.log.slice(from).map((r) => decodeURIComponent(r.path));
			const balanceRequests = requests.filter((path) => path.includes('/Balance'));
			expect(balanceRequests.length).toBeGreaterThan(0);
			expect(calls).toHaveLength(1);
			// Every balance request came before the call; after it only the characteristics Include Zero Stock needs.
			const lastBalance = requests.map((path) => path.includes('/Balance')).lastIndexOf(true);
			expect(calls[0].requests).toBeGreaterThan(lastBalance);
			expect(requests.slice(calls[0].requests).map((path) => path.split('?')[0].split('/').pop())).toEqual(['Catalog_ХарактеристикиНоменклатуры']);
			expect(result.items.length).toBeGreaterThan(0);
		});
	});
});
