/**
 * Order payments and refused status transitions: the client against the retailCRM sandbox over real HTTP.
 * Payments are written with the integration's key, so the order history marks them as its own (apiKey.current).
 */
import { RetailCrmApiError } from '../../../nodes/core/retailcrm/errors';
import { SandboxHarness } from './sandbox-harness';

const h = new SandboxHarness();

beforeAll(() => h.start('seed'));
afterAll(() => h.stop());
beforeEach(async () => {
	await h.reset('seed');
	await h.configure({ rateLimit: false });
	await h.clearRequests();
});

const orderById = async (id: number) => h.client().client.getOrder(id, { by: 'id' });

describe('orders/payments/create and /edit', () => {
	it('creates a payment of an order by its id and sends it as one JSON form field', async () => {
		const { client } = h.client();
		const { id } = await client.createPayment({ order: { id: 103 }, type: 'cash', status: 'paid', amount: 1390, paidAt: '2024-06-21 12:00:00', externalId: '5eed0000-0000-4000-8000-00000000aaaa', comment: '1C ПКО 00000000001' });
		expect(id).toBeGreaterThan(2);
		const order = await orderById(103);
		expect(order.payments).toEqual([expect.objectContaining({ id, type: 'cash', status: 'paid', amount: 1390, paidAt: '2024-06-21 12:00:00', externalId: '5eed0000-0000-4000-8000-00000000aaaa' })]);
		expect(order.prepaySum).toBe(1390);
		const [request] = (await h.requests()).filter((r) => r.path.endsWith('payments/create'));
		expect(request).toMatchObject({ method: 'POST', status: 201, key: 'integration' });
		expect(JSON.parse(String(request.form.payment))).toMatchObject({ order: { id: 103 }, type: 'cash', amount: 1390 });
	});

	it('edits a payment by id (externalId may be set) and by externalId (it may not change)', async () => {
		const { client } = h.client();
		await client.editPayment(1, { by: 'id' }, { status: 'paid', externalId: 'ext-1', paidAt: '2024-06-21 13:00:00' });
		let order = await orderById(101);
		expect(order.payments[0]).toMatchObject({ id: 1, status: 'paid', externalId: 'ext-1', amount: 1990 });
		await client.editPayment('ext-1', { by: 'externalId' }, { amount: 1000, externalId: 'ignored' });
		order = await orderById(101);
		expect(order.payments[0]).toMatchObject({ id: 1, amount: 1000, externalId: 'ext-1' });
		expect(order.prepaySum).toBe(1000);
	});

	it('refuses an unknown payment, a taken externalId and an unknown type with retailCRM\'s errors', async () => {
		const { client } = h.client();
		await expect(client.editPayment('nope', { by: 'externalId' }, { status: 'paid' })).rejects.toMatchObject({ status: 404, errorMsg: 'Payment not found' });
		await client.editPayment(2, { by: 'id' }, { externalId: 'taken' });
		const taken = await client.createPayment({ order: { id: 103 }, type: 'cash', externalId: 'taken' }).catch((e: unknown) => e);
		expect(taken).toBeInstanceOf(RetailCrmApiError);
		expect(taken).toMatchObject({ status: 400, errors: { externalId: expect.stringMatching(/already exists/) } });
		await expect(client.createPayment({ order: { id: 103 }, type: 'barter' })).rejects.toMatchObject({ status: 400, errors: { type: expect.stringMatching(/does not exist/) } });
		expect((await orderById(103)).payments).toEqual([]);
	});

	it('writes history records the integration recognises as its own', async () => {
		const { client } = h.client();
		const before = (await client.ordersHistory({ filter: { orderId: 103 }, limit: 100 })).records.length;
		const { id } = await client.createPayment({ order: { id: 103 }, type: 'cash', amount: 100 });
		await client.editPayment(id, { by: 'id' }, { status: 'paid' });
		const records = (await client.ordersHistory({ filter: { orderId: 103 }, limit: 100 })).records.slice(before);
		expect(records.map((r) => r.field)).toEqual(['payments', 'payments.status']);
		for (const r of records) expect(r).toMatchObject({ source: 'api', apiKey: { current: true }, payment: expect.objectContaining({ id }) });
		const seenBySite = (await h.client(h.keys.site).client.ordersHistory({ filter: { orderId: 103 }, limit: 100 })).records.slice(before);
		expect(seenBySite.every((r) => (r as { apiKey?: { current: boolean } }).apiKey?.current === false)).toBe(true);
	});
});

describe('status transitions the account forbids', () => {
	it('refuses the edit with the transition named and changes nothing else of the order', async () => {
		await h.configure({ forbiddenTransitions: [{ from: 'new', to: 'complete' }] });
		const { client } = h.client();
		const error = (await client.editOrder(101, { by: 'id' }, { status: 'complete', managerComment: 'x' }).catch((e: unknown) => e)) as RetailCrmApiError;
		expect(error).toBeInstanceOf(RetailCrmApiError);
		expect(error.status).toBe(400);
		expect(error.errors).toEqual({ status: 'Status transition from "new" to "complete" is forbidden.' });
		const order = await orderById(101);
		expect(order).toMatchObject({ status: 'new' });
		expect(order.managerComment ?? '').toBe('');
		await client.editOrder(101, { by: 'id' }, { status: 'send-to-delivery' });
		expect((await orderById(101)).status).toBe('send-to-delivery');
		await h.configure({ forbiddenTransitions: [{ from: '*', to: 'new' }] });
		await expect(client.editOrder(101, { by: 'id' }, { status: 'new' })).rejects.toMatchObject({ status: 400 });
	});

	it('a malformed rule list is refused by the control API', async () => {
		await expect(h.configure({ forbiddenTransitions: [{ from: 'new' }] })).rejects.toThrow(/forbiddenTransitions must be an array/);
	});
});
