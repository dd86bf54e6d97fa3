/**
 * Request budget of Flow 1 (the template) for 1,000 new orders from 200 customers, counted in both sandboxes'
 * request logs. The orders are put into the retailCRM sandbox's state directly (deterministic, seeded PRNG), as
 * created by the shop in the trigger status; the seed's offers carry the 1C GUIDs (what the catalog flow sets).
 * The orders have no external ID of their own (created in retailCRM), and the write-back writes the external ID
 * only here (one batched request per 100 orders): a custom field costs one orders/{id}/edit per order, which
 * retailCRM has no batch form for.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, INode } from 'n8n-workflow';
import { runWorkflow } from '../helpers/run-workflow';
import { startRetailCrmSandbox, TRIGGER_STATUS, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import type { Customer, Order } from '../sandboxes/retailcrm/types';
import { prng } from '../sandboxes/retailcrm/fixtures/prng';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';

const TEMPLATE = JSON.parse(readFileSync(join(__dirname, '../../workflows/retailcrm-orders-to-1c.json'), 'utf8')) as { nodes: INode[] };
const ORDERS = 1000;
const CUSTOMERS = 200;

let crm: RetailCrmSandbox;
let onec: OneCSandbox;

beforeAll(async () => {
	crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
	onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
});
afterAll(async () => {
	await crm.close();
	await onec.close();
});

/** 1,000 orders of 200 customers, created by the shop (site key) directly in the trigger status. */
function addOrders(): void {
	const s = crm.state;
	const rand = prng(20261127);
	const template = s.orders[0];
	const baseCustomer = s.customers[0];
	for (const offer of s.offers) offer.externalId = offer.id === 1 ? SEED_IDS.items.jeans48 : SEED_IDS.items.jeans50;
	const customers: Customer[] = [];
	for (let c = 0; c < CUSTOMERS; c++) {
		const customer = structuredClone(baseCustomer);
		customer.id = 1000 + c;
		customer.firstName = `Покупатель${c}`;
		customer.lastName = `Тестовый${c}`;
		customer.email = `buyer${c}@example.ru`;
		customer.phones = [{ number: `+7999100${String(c).padStart(4, '0')}` }];
		customers.push(customer);
	}
	s.customers.push(...customers);
	let itemId = 10_000;
	let historyId = s.counters.history;
	for (let i = 0; i < ORDERS; i++) {
		const customer = customers[i % CUSTOMERS];
		const order: Order = structuredClone(template);
		order.id = 5000 + i;
		order.number = String(60000 + i);
		order.status = TRIGGER_STATUS;
		order.externalId = undefined;
		order.customerId = customer.id;
		order.firstName = customer.firstName;
		order.lastName = customer.lastName;
		order.email = customer.email;
		order.phone = customer.phones[0].number;
		const lines = 1 + Math.floor(rand() * 2);
		order.items = order.items.slice(0, 1).flatMap((line) =>
			Array.from({ length: lines }, (_x, n) => ({ ...structuredClone(line), id: ++itemId, quantity: 1 + Math.floor(rand() * 3), offer: { ...line.offer, id: n + 1 } })),
		);
		order.delivery = { code: 'self-delivery', cost: 0, netCost: 0, address: {} };
		order.payments = [];
		order.summ = order.items.reduce((a, it) => a + (it.initialPrice - it.discountTotal) * it.quantity, 0);
		order.totalSumm = order.summ;
		s.orders.push(order);
		s.history.push({
			id: ++historyId,
			createdAt: order.createdAt,
			source: 'api',
			apiKeyLabel: 'site',
			created: true,
			field: 'status',
			oldValue: null,
			newValue: { code: TRIGGER_STATUS },
			orderId: order.id,
			snapshot: structuredClone(order),
		});
	}
	s.counters.history = historyId;
	s.counters.order = 5000 + ORDERS;
	s.counters.customer = 1000 + CUSTOMERS;
	s.counters.orderItem = itemId;
	crm.reindex();
}

describe('Flow 1 request budget', () => {
	it(`${ORDERS} new orders from ${CUSTOMERS} customers: history, order fetches and 1C requests within budget`, async () => {
		crm.reset('seed');
		onec.state.reset('seed');
		const credentials = {
			retailCrmApi: { url: crm.url, apiKey: crm.keys.integration },
			oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password },
		};
		const update = TEMPLATE.nodes.find((n) => n.name === 'Write Back to retailCRM') as INode;
		const patch = {
			'Write Back to retailCRM': { parameters: { ...update.parameters, referenceField: '', numberField: '' } },
		};
		const staticData: IDataObject = {};
		const options = { credentials, staticData, patch, mode: 'trigger' as const, trigger: 'Every 5 Minutes' };
		expect((await runWorkflow(TEMPLATE, options)).error()).toBeUndefined();

		addOrders();
		const historyRecords = crm.state.history.length - 3;
		crm.clearRequests();
		onec.state.log.length = 0;
		const result = await runWorkflow(TEMPLATE, options);
		expect(result.error()).toBeUndefined();

		const summary = result.output('Confirm Processed')[0].json as { advanced: boolean; processed: number[]; failed: unknown[] };
		expect(summary.failed).toEqual([]);
		expect(summary.processed).toHaveLength(ORDERS);
		expect(summary.advanced).toBe(true);

		const crmCalls = crm.requests();
		const history = crmCalls.filter((r) => r.path === '/api/v5/orders/history').length;
		const fetches = crmCalls.filter((r) => r.path === '/api/v5/orders').length;
		const fixes = crmCalls.filter((r) => r.path === '/api/v5/orders/fix-external-ids').length;
		const onecRequests = onec.state.log.length;
		const budget = { history, fetches, fixes, onecRequests, perOrder: onecRequests / ORDERS };
		// Printed for the report; the assertions below are the budget.
		process.stdout.write(`Flow 1 budget for ${ORDERS} orders / ${CUSTOMERS} customers: ${JSON.stringify(budget)}\n`);
		expect(history).toBeLessThanOrEqual(Math.ceil(historyRecords / 100) + 1);
		// Get Changed's order fetches (100 a request), and the write-back's re-read of the orders it links (100 a request).
		expect(fetches).toBeLessThanOrEqual(2 * Math.ceil(ORDERS / 100));
		expect(fixes).toBe(10);
		// POST, Post and the re-read of Posted per order, plus a look-up-or-create per customer.
		expect(onecRequests).toBeLessThanOrEqual(2.5 * ORDERS + CUSTOMERS);
		expect(crm.state.orders.filter((o) => o.externalId).length).toBe(ORDERS);
	}, 120_000);
});
