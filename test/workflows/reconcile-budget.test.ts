/**
 * The reconciliation's cost, through the shipped template in n8n-core, counted in both sandboxes' request logs, for
 * 1,000 orders and 10,000 offers (docs/reconciliation.md "Cost"):
 *   orders:  retailCRM ⌈N/100⌉ + 2 (the trigger status codes checked against the account, the cancel status group), 1C ⌈(D+1)/1000⌉ (D documents of the period);
 *   stock:   retailCRM 1 + ⌈F/250⌉, prices: retailCRM 1 + ⌈F/100⌉ (F offers retailCRM holds);
 *   1C side of stock and prices: exactly what Get Balances and Get Prices cost by themselves (the same reads).
 * The systems are first made to agree (the documents written as the orders flow writes them, the stock template run
 * once), so the count is of a comparison that finds nothing, and the summary's own request count is checked too.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import reconcileTemplate from '../../workflows/reconcile-retailcrm-1c.json';
import stockTemplate from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow } from '../helpers/run-workflow';
import { DOCS } from '../helpers/orders-template';
import { sandboxClient } from '../integration/onec/sandbox-helpers';
import { getBalances } from '../../nodes/core/sync/stock/get-balances';
import { getPrices } from '../../nodes/core/sync/prices/get-prices';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { startRetailCrmSandbox, TRIGGER_STATUS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { Offer, Order } from '../sandboxes/retailcrm/types';
import { toLocal } from '../sandboxes/retailcrm/dates';

const RECONCILE = 'Reconcile retailCRM and 1C';
const ORDERS = 1000;
/** 8,002 items, 666 of them kept by 2,664 characteristics: 7,336 + 2,664 = 10,000 offers (plus the seed's own). */
const LARGE = { items: 8_002, characteristics: 2_664 };

const node = reconcileTemplate.nodes.find((n) => n.name === RECONCILE) as { parameters: IDataObject };
const only = (parts: { orders?: boolean; stock?: boolean; prices?: boolean }) => ({
	[RECONCILE]: {
		parameters: { ...node.parameters, from: '2026-01-01T00:00:00', compareOrders: parts.orders === true, compareStock: parts.stock === true, comparePrices: parts.prices === true },
	},
});

describe('reconciliation request budget', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	afterEach(async () => {
		await crm?.close();
		await onec?.close();
	});

	async function run(patch: ReturnType<typeof only>) {
		crm.clearRequests();
		onec.state.log.length = 0;
		const result = await runWorkflow(reconcileTemplate, { credentials, trigger: 'Run Now', mode: 'manual', patch });
		expect(result.error()).toBeUndefined();
		const out = result.output(RECONCILE);
		return { summary: out[0].json as IDataObject, discrepancies: out.length - 1, crmCalls: crm.requests(), oneCCalls: onec.state.log.length };
	}

	it(`${ORDERS} orders: ⌈N/100⌉ + 2 retailCRM requests and ⌈(D+1)/1000⌉ 1C requests; nothing found when all agree`, async () => {
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		credentials = { retailCrmApi: { url: crm.url, apiKey: crm.keys.integration }, oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password } };
		const template = crm.state.orders[0];
		const zone = crm.state.config.timezone;
		const docs: Array<Record<string, unknown>> = [];
		for (let i = 0; i < ORDERS; i++) {
			const order: Order = structuredClone(template);
			order.id = 5000 + i;
			order.number = String(60000 + i);
			order.status = TRIGGER_STATUS;
			order.createdAt = new Date(Date.UTC(2026, 5, 1, 9, 0, 0) + i * 60_000).toISOString();
			order.items = order.items.slice(0, 1).map((line) => ({ ...structuredClone(line), id: 20_000 + i, quantity: 1 + (i % 3), offer: { ...line.offer, id: 1 } }));
			order.delivery = { code: 'self-delivery', cost: 0, netCost: 0, address: {} };
			order.summ = order.items.reduce((a, it) => a + (it.initialPrice - it.discountTotal) * it.quantity, 0);
			order.totalSumm = order.summ;
			order.externalId = undefined;
			crm.state.orders.push(order);
			const line = order.items[0];
			const sum = (line.initialPrice - line.discountTotal) * line.quantity;
			// As the orders flow writes it: keyed by the order id, dated with the order's local createdAt, posted.
			docs.push({
				// `load` (a fixture's bulk load) gives no Ref_Key of its own.
				Ref_Key: `d0c00000-0000-4000-8000-${String(i).padStart(12, '0')}`,
				Number: `ЦРМ000${order.number}`,
				Date: toLocal(order.createdAt, zone).replace(' ', 'T'),
				Posted: true,
				НомерВходящегоДокументаЭлектронногоОбмена: `crm#${order.id}`,
				СуммаДокумента: sum,
				УчитыватьНДС: true,
				СуммаВключаетНДС: true,
				Товары: [{ Номенклатура_Key: SEED_IDS.items.jeans48, Количество: line.quantity, Цена: line.initialPrice - line.discountTotal, Сумма: sum, СтавкаНДС: 'БезНДС', СуммаНДС: 0 }],
			});
		}
		for (const offer of crm.state.offers) offer.externalId = offer.id === 1 ? SEED_IDS.items.jeans48 : SEED_IDS.items.jeans50;
		crm.reindex();
		onec.state.store.load(DOCS, docs);

		const { summary, discrepancies, crmCalls, oneCCalls } = await run(only({ orders: true }));
		const pages = crmCalls.filter((r) => r.path === '/api/v5/orders').length;
		const budget = { retailCrm: crmCalls.length, pages, oneC: oneCCalls };
		process.stdout.write(`Reconciliation of ${ORDERS} orders / ${ORDERS} documents: ${JSON.stringify(budget)}\n`);
		expect(discrepancies).toBe(0);
		expect(summary).toMatchObject({ agree: true, checked: { orders: ORDERS, documents: ORDERS } });
		expect(pages).toBe(Math.ceil(ORDERS / 100));
		expect(crmCalls.map((r) => r.path).filter((p) => p !== '/api/v5/orders')).toEqual(['/api/v5/reference/statuses', '/api/v5/reference/status-groups']);
		expect(oneCCalls).toBe(Math.ceil((ORDERS + 1) / 1000));
		expect(summary.requests).toEqual({ retailCrm: crmCalls.length, oneC: oneCCalls });
	}, 120_000);

	it('10,000 offers: 1 + ⌈F/250⌉ and 1 + ⌈F/100⌉ retailCRM requests, and on 1C exactly what Get Balances and Get Prices cost', async () => {
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
		onec = await startOneCSandbox({ port: 0, fixture: 'large', large: LARGE });
		credentials = { retailCrmApi: { url: crm.url, apiKey: crm.keys.integration }, oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password } };
		// retailCRM knows every offer of the catalog's folder (what the ICML import would give it), with no stock or price yet.
		const { client } = sandboxClient(onec);
		const scope = { warehouseRefs: [SEED_IDS.warehouses.main, SEED_IDS.warehouses.retail], includeZeroStock: true, folderRefs: ['5eed0008-0000-4000-8000-000000000001'] };
		const keys = [...new Set((await getBalances(client, scope)).items.map((b) => b.offerKey))];
		expect(keys.length).toBeGreaterThanOrEqual(10_000);
		const site = crm.state.offers[0].site;
		crm.state.offers = keys.map((key, n): Offer => ({ id: 100 + n, externalId: key, productId: 1, site, name: `Товар ${n}`, active: true, vatRate: 'none', prices: {}, stocks: {}, properties: {} }));
		crm.reindex();
		// The stock template makes retailCRM agree with 1C.
		expect((await runWorkflow(stockTemplate, { credentials, trigger: 'Run Now' })).error()).toBeUndefined();

		// What Get Balances and Get Prices cost by themselves, with the template's settings.
		onec.state.log.length = 0;
		await getBalances(client, scope);
		const balancesCost = onec.state.log.length;
		onec.state.log.length = 0;
		await getPrices(client, { priceTypeRefs: [SEED_IDS.priceTypes.retail], folderRefs: scope.folderRefs, currencyRef: SEED_IDS.currencies.rub, vat: 'gross', period: '2026-12-01T00:00:00' });
		const pricesCost = onec.state.log.length;

		const F = crm.state.offers.length;
		const stock = await run(only({ stock: true }));
		const prices = await run(only({ prices: true }));
		const figures = {
			offers: F,
			stock: { retailCrm: stock.crmCalls.length, oneC: stock.oneCCalls, getBalancesAlone: balancesCost },
			prices: { retailCrm: prices.crmCalls.length, oneC: prices.oneCCalls, getPricesAlone: pricesCost },
		};
		process.stdout.write(`Reconciliation of ${F} offers: ${JSON.stringify(figures)}\n`);
		expect(stock.discrepancies).toBe(0);
		expect(prices.discrepancies).toBe(0);
		expect(stock.summary).toMatchObject({ agree: true, checked: { offers: F } });
		expect(stock.crmCalls.map((r) => r.path)).toEqual(['/api/v5/reference/stores', ...Array(Math.ceil(F / 250)).fill('/api/v5/store/inventories')]);
		expect(prices.crmCalls.map((r) => r.path)).toEqual(['/api/v5/reference/price-types', ...Array(Math.ceil(F / 100)).fill('/api/v5/store/offers')]);
		expect(stock.oneCCalls).toBe(balancesCost);
		expect(prices.oneCCalls).toBe(pricesCost);
		expect(stock.summary.requests).toEqual({ retailCrm: stock.crmCalls.length, oneC: stock.oneCCalls });
	}, 600_000);
});
