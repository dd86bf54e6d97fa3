/**
 * Edge cases of the reconciliation template's order comparison, each from a review: what the orders flow did on
 * purpose is not reported, and what it promises but did not do is.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow } from '../helpers/run-workflow';
import { DOCS, ORDERS_TEMPLATE, retryNow, useSeedSandboxes } from '../helpers/orders-template';
import { O5488, O5489, O5490, createInTrigger, liveDocsOf, reconcileOnce } from '../helpers/reconcile-scenario';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { TRIGGER_STATUS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { seedCatalogIcml } from '../unit/stock-upload/seed-catalog';

let crm: RetailCrmSandbox;
let onec: OneCSandbox;
let credentials: Record<string, ICredentialDataDecryptedObject>;
const sandboxes = useSeedSandboxes();
beforeAll(() => ({ crm, onec, credentials } = sandboxes));

/** The order discrepancies found, as [kind, order id]. */
const orderKinds = (items: IDataObject[]) => items.filter((d) => !['stockDiffers', 'priceDiffers', 'offerMissingInCrm'].includes(String(d.kind))).map((d) => [d.kind, d.crmOrderId ?? d.subject]);

describe('reconciliation: orders, edge cases', () => {
	it('an order deleted in retailCRM whose document the orders flow released (unposted, cancel mark, live) is no orphan', async () => {
		crm.reset('seed');
		onec.state.reset('seed');
		onec.state.store.removeWhere(DOCS, (d) => d.Ref_Key === SEED_IDS.orders.existing);
		crm.importIcml(seedCatalogIcml('all'));
		expect((await runWorkflow(stockTemplate, { credentials, trigger: 'Run Now' })).error()).toBeUndefined();
		// One staticData across the runs: the flow sees the deletion in the order history it follows.
		const staticData: IDataObject = {};
		const orders = { credentials, staticData, patch: retryNow, trigger: 'Every 5 Minutes', mode: 'trigger' as const };
		expect((await runWorkflow(ORDERS_TEMPLATE, orders)).error()).toBeUndefined();
		for (const id of [O5488, O5489, O5490]) crm.setStatus(id, TRIGGER_STATUS);
		const extra = await createInTrigger(crm, 'extra0');
		expect((await runWorkflow(ORDERS_TEMPLATE, orders)).error()).toBeUndefined();
		expect(liveDocsOf(onec, extra)).toHaveLength(1);
		crm.deleteOrder(extra);
		expect((await runWorkflow(ORDERS_TEMPLATE, orders)).error()).toBeUndefined();
		const [released] = liveDocsOf(onec, extra);
		expect(released).toMatchObject({ Posted: false });
		expect(String(released.Комментарий)).toContain('[retailCRM: заказ отменён]');
		const { items } = await reconcileOnce(credentials);
		expect(orderKinds(items)).toEqual([]);
		// Posted again by a 1C user: it reserves goods for an order that no longer exists, an orphan again.
		released.Posted = true;
		expect(orderKinds((await reconcileOnce(credentials)).items)).toEqual([['orphanIn1C', extra]]);
	}, 120_000);
});
