/**
 * Both sandboxes brought into agreement by the package's own templates (catalog import, stock and prices, orders),
 * then a discrepancy of every kind seeded in one system or the other, and the reconciliation template run in-process.
 * Shared by the reconciliation tests and the report screenshot (scripts/report-screenshot.ts).
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import reconcileTemplate from '../../workflows/reconcile-retailcrm-1c.json';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow } from './run-workflow';
import { DOCS, ORDERS_TEMPLATE, editAsShop, retryNow } from './orders-template';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import type { Rec } from '../sandboxes/onec/filter/evaluator';
import { SEED_ORDER_IDS, TRIGGER_STATUS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { JEANS48_KEY, JEANS50_KEY, OTHER_OFFERS, seedCatalogIcml } from '../unit/stock-upload/seed-catalog';

export const RECONCILE = 'Reconcile retailCRM and 1C';
export const [O5488, O5489, O5490] = [SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5489'], SEED_ORDER_IDS['5490']];

export function liveDocsOf(onec: OneCSandbox, id: number): Rec[] {
	return onec.state.store.rows(DOCS).filter((d) => String(d.НомерВходящегоДокументаЭлектронногоОбмена).trim() === `crm#${id}` && d.DeletionMark !== true);
}

/** A new order from the shop's site (its own key), created directly in the trigger status. */
export async function createInTrigger(crm: RetailCrmSandbox, name: string): Promise<number> {
	const response = await fetch(`${crm.url}/api/v5/orders/create`, {
		method: 'POST',
		headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			site: 'test-crm10',
			order: JSON.stringify({ status: TRIGGER_STATUS, firstName: name, lastName: 'Покупатель', email: `${name}@example.ru`, items: [{ offer: { id: 1 }, quantity: 2, initialPrice: 300 }] }),
		}).toString(),
	});
	return ((await response.json()) as { id: number }).id;
}

function ok(result: Awaited<ReturnType<typeof runWorkflow>>, what: string): void {
	const error = result.error();
	if (error) throw new Error(`${what}: ${error.message}`);
}

/**
 * Both systems in agreement, made by the package's own flows: catalog, stock and prices, the three seed orders and
 * `extraOrders` more loaded into 1C. Returns the extra orders' ids.
 */
export async function bringIntoAgreement(crm: RetailCrmSandbox, onec: OneCSandbox, credentials: Record<string, ICredentialDataDecryptedObject>, extraOrders = 0): Promise<number[]> {
	crm.reset('seed');
	onec.state.reset('seed');
	// The 1C seed holds an older document of a retailCRM order №1 (keyed by number, as version 0.1 wrote) that the
	// retailCRM seed does not have: a true orphan, removed here so that the systems start in agreement.
	onec.state.store.removeWhere(DOCS, (d) => d.Ref_Key === SEED_IDS.orders.existing);
	crm.importIcml(seedCatalogIcml('all'));
	ok(await runWorkflow(stockTemplate, { credentials, trigger: 'Run Now' }), 'stock template');
	const staticData: IDataObject = {};
	const orders = { credentials, staticData, patch: retryNow, trigger: 'Every 5 Minutes', mode: 'trigger' as const };
	ok(await runWorkflow(ORDERS_TEMPLATE, orders), 'orders template, first run');
	for (const id of [O5488, O5489, O5490]) crm.setStatus(id, TRIGGER_STATUS);
	const extra: number[] = [];
	for (let i = 0; i < extraOrders; i++) extra.push(await createInTrigger(crm, `extra${i}`));
	ok(await runWorkflow(ORDERS_TEMPLATE, orders), 'orders template');
	for (const id of [O5488, O5489, O5490, ...extra]) if (liveDocsOf(onec, id).length !== 1) throw new Error(`order ${id} did not load into 1C`);
	return extra;
}

export interface Seeded {
	neverLoaded: number;
	cancelled: number;
	deleted: number;
	socksKey: string;
}

/**
 * One discrepancy of every kind, after `bringIntoAgreement(…, 2)`: the two extra orders become the cancelled and the
 * deleted one, a third is created and never loaded; 5488 gets a second document, 5489 a new delivery cost, 5490's
 * document a changed quantity; stock, a price and an offer change in retailCRM; a v0.1 document of a gone order.
 */
export async function seedDiscrepancies(crm: RetailCrmSandbox, onec: OneCSandbox, extra: number[]): Promise<Seeded> {
	const [cancelled, deleted] = extra;
	const neverLoaded = await createInTrigger(crm, 'never');
	// 1C: a second live document for 5488 (a lost race of 1C numbering, say).
	const copy: Rec = JSON.parse(JSON.stringify(liveDocsOf(onec, O5488)[0]));
	delete copy.Ref_Key;
	copy.Number = 'ЦРМ00099999';
	onec.state.store.put(DOCS, copy);
	// retailCRM: 5489's delivery cost edited while the flow did not run (its total differs, its lines do not).
	await editAsShop(crm, O5489, { delivery: { cost: 100 } });
	// 1C: a user changed a quantity of 5490's document without its sum.
	const [doc5490] = liveDocsOf(onec, O5490);
	const legacy = { ...JSON.parse(JSON.stringify(doc5490)), Ref_Key: undefined, Number: 'ЦРМ00004242', НомерВходящегоДокументаЭлектронногоОбмена: '4242' };
	(doc5490.Товары as Rec[])[0].Количество = Number((doc5490.Товары as Rec[])[0].Количество) + 1;
	// retailCRM: an order cancelled, another deleted, behind the flow's back.
	crm.setStatus(cancelled, 'cancel-other');
	crm.deleteOrder(deleted);
	// retailCRM: stock and a price edited by hand; an offer 1C has is gone from retailCRM.
	const offer = (externalId: string) => crm.state.offers.find((o) => o.externalId === externalId)!;
	offer(JEANS48_KEY).stocks.main.available = 5;
	offer(JEANS50_KEY).prices.base = 299;
	const [socksKey] = OTHER_OFFERS.find(([, name]) => name === 'Носки хлопковые') as [string, string, string];
	crm.state.offers = crm.state.offers.filter((o) => o.externalId !== socksKey);
	crm.reindex();
	// 1C: a document version 0.1 wrote (keyed by the CRM number) for an order retailCRM no longer has.
	onec.state.store.put(DOCS, legacy);
	return { neverLoaded, cancelled, deleted, socksKey };
}

/** The seed orders were created in 2015: the period starts then (the template's default is the last 30 days). */
export const SINCE_2015 = (() => {
	const node = reconcileTemplate.nodes.find((n) => n.name === RECONCILE) as { parameters: IDataObject };
	return { [RECONCILE]: { parameters: { ...node.parameters, from: '2015-01-01T00:00:00' } } };
})();

export interface ReconcileOutput {
	summary: IDataObject;
	items: IDataObject[];
	html: string;
	binary?: { fileName?: string; mimeType?: string };
}

/** The reconciliation template, Run Now, from 2015 on. */
export async function reconcileOnce(credentials: Record<string, ICredentialDataDecryptedObject>): Promise<ReconcileOutput> {
	const result = await runWorkflow(reconcileTemplate, { credentials, trigger: 'Run Now', mode: 'manual', patch: SINCE_2015 });
	ok(result, 'reconciliation template');
	const [first, ...rest] = result.output(RECONCILE);
	const binary = first.binary?.data;
	return {
		summary: first.json,
		items: rest.map((i) => i.json),
		html: Buffer.from(String(binary?.data ?? ''), 'base64').toString('utf8'),
		...(binary ? { binary: { fileName: binary.fileName, mimeType: binary.mimeType } } : {}),
	};
}
