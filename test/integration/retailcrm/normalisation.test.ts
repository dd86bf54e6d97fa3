/** Both PHP empty-map forms and both payments shapes, as the sandbox serialises them. */
import axios from 'axios';
import { SandboxHarness } from './sandbox-harness';

const h = new SandboxHarness();
const SITE = 'test-crm10';

beforeAll(() => h.start('seed'));
afterAll(() => h.stop());
beforeEach(async () => {
	await h.reset('seed');
	await h.configure({ rateLimit: false });
});

/** The raw wire text, to prove which form the sandbox really sent. */
async function raw(path: string): Promise<string> {
	const res = await axios.get(`${h.url}/api/v5/${path}`, { headers: { 'X-API-KEY': h.keys.integration }, responseType: 'text', transformResponse: [(d: unknown) => d] });
	return res.data as string;
}

describe.each(['[]', '{}'] as const)('emptyMapStyle %s', (style) => {
	beforeEach(() => h.configure({ emptyMapStyle: style }));

	it('reads an empty keyed reference book (no payment statuses, delivery types) as an empty list', async () => {
		const state = (await axios.get(`${h.url}/__sandbox/state`)).data;
		state.paymentStatuses = {};
		state.deliveryTypes = {};
		await axios.post(`${h.url}/__sandbox/reset`, { state });
		await h.configure({ emptyMapStyle: style, rateLimit: false });
		expect(await raw('reference/payment-statuses')).toContain(`"paymentStatuses":${style}`);
		const { client } = h.client();
		expect(await client.paymentStatuses()).toEqual([]);
		expect(await client.deliveryTypes()).toEqual([]);
		expect((await client.statuses()).length).toBeGreaterThan(0);
	});

	it('gives {} for empty customFields and item properties, [] for no payments', async () => {
		const text = await raw('orders/103?by=id');
		expect(text).toContain(`"customFields":${style}`);
		expect(text).toContain(`"properties":${style}`);
		const { client } = h.client();
		const order = await client.getOrder(103, { by: 'id' });
		expect(order.customFields).toEqual({});
		expect(order.items[0].properties).toEqual({});
		expect(order.payments).toEqual([]);
	});

	it('reads errors of a failed request whatever their form', async () => {
		const { client } = h.client();
		await expect(client.getOrder(999999, { by: 'id' })).rejects.toMatchObject({ kind: 'notFound', errors: {} });
	});

	it('reads history snapshots with empty maps', async () => {
		const { client } = h.client();
		const page = await client.ordersHistory({ limit: 20 });
		const created = page.records.find((r) => r.created && r.order?.id === 103);
		expect(created?.order?.customFields).toEqual({});
		expect(created?.order?.payments).toEqual([]);
	});
});

describe('payments shapes', () => {
	it('turns keyed payments (GET) and listed payments (create, history) into the same array', async () => {
		const keyedText = await raw('orders/101?by=id');
		expect(keyedText).toMatch(/"payments":\{"1":\{/);
		const { client } = h.client();
		const fromGet = await client.getOrder(101, { by: 'id' });
		expect(fromGet.payments).toEqual([expect.objectContaining({ id: 1, type: 'cash', amount: 1990 })]);
		const list = await client.listOrders({ filter: { ids: [101] } });
		expect(list.items[0].payments).toEqual(fromGet.payments);
		const history = await client.ordersHistory({ filter: { orderId: 101 }, limit: 20 });
		const snapshot = history.records.find((r) => r.created)?.order;
		expect(snapshot?.payments).toEqual([expect.objectContaining({ id: 1, type: 'cash', amount: 1990 })]);

		const created = await client.createOrder({ firstName: 'A', payments: [{ type: 'cash', amount: 10, status: 'not-paid' }] }, { site: SITE });
		expect(Array.isArray(created.order?.payments)).toBe(true);
		const again = await client.getOrder(created.id as number, { by: 'id' });
		expect(again.payments.map((p) => p.type)).toEqual(created.order?.payments.map((p) => p.type));
	});
});
