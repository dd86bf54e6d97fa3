/**
 * Get Progress (core) against the UT 10.3 sandbox: which orders it follows, what it reads when, and how what was
 * reported is remembered (state), with request counts from the sandbox log.
 */
import { getProgress, type GetProgressOptions } from '../../../../nodes/core/sync/order-progress/get-progress';
import { confirmProgress, emptyProgressState, migrateProgressState, recordProgressFailure, type ProgressState } from '../../../../nodes/core/sync/order-progress/state';
import { useOrderSandbox } from './sandbox-orders';

const { ctx, post, orders: createOrders, client: newClient } = useOrderSandbox();
const RECENT = '2024-06-01T00:00:00';
/** Orders dated `date`, keys crm#500… unless given. */
const orders = (n: number, date: string, key?: (i: number) => string) => createOrders(n, { date, key: key ?? ((i) => `crm#${500 + i}`) });

async function run(state: ProgressState, options: Partial<GetProgressOptions> = {}) {
	const client = newClient();
	await ctx.ctl.clearRequests();
	const result = await getProgress(client, state, { since: RECENT, now: '2024-06-21T00:00:00.000Z', ...options });
	const requests = (await ctx.ctl.requests()).map((r) => r.path.replace(/^.*standard\.odata\//, ''));
	return { ...result, requests };
}

describe('followed orders', () => {
	it('follows an order older than the look-back while it is open, reading its header only when its balances move', async () => {
		const [old] = await orders(1, '2015-10-12T16:55:10');
		const state = emptyProgressState();
		let r = await run(state);
		expect(r.changed).toEqual([]);
		expect(r.requests).toEqual(['Document_ЗаказПокупателя', 'AccumulationRegister_ЗаказыПокупателей/Balance', 'AccumulationRegister_РасчетыСКонтрагентами/Balance', 'Document_ЗаказПокупателя']);
		r = await run(state);
		expect(r.requests).toHaveLength(3);

		await post('shipments', { order: old, lines: [{ Номенклатура_Key: '5eed0008-0000-4000-8000-000000000002', Количество: 1 }] });
		r = await run(state);
		expect(r.changed.map((c) => [c.ref, c.kinds, c.shipping.shipped, c.shipping.remaining])).toEqual([[old, ['partlyShipped'], 1, 3]]);
		expect(r.changed[0].shipping.shipments).toEqual([
			expect.objectContaining({ quantity: 1, amount: 300, lines: [{ item: '5eed0008-0000-4000-8000-000000000002', characteristic: null, quantity: 1, amount: 300 }] }),
		]);
		expect(r.requests).toEqual([
			'Document_ЗаказПокупателя',
			'AccumulationRegister_ЗаказыПокупателей/Balance',
			'AccumulationRegister_РасчетыСКонтрагентами/Balance',
			'Document_ЗаказПокупателя',
			'AccumulationRegister_ЗаказыПокупателей_RecordType',
			'Document_РеализацияТоваровУслуг',
		]);
		confirmProgress(state, old, r.changed[0].progressHash);

		// Shipped and paid in full: gone from both balances; still reported once, then forgotten.
		await post('shipments', { order: old });
		await post('payments', { order: old, kind: 'bank' });
		r = await run(state);
		expect(r.changed.map((c) => [c.kinds, c.payment.paid])).toEqual([[['shippedAndPaid', 'shipped', 'paid'], 1200]]);
		confirmProgress(state, old, r.changed[0].progressHash);
		r = await run(state);
		expect(r.changed).toEqual([]);
		expect(state.orders[old]).toBeUndefined();
	});

	it('reads the header of an open order not from retailCRM once, and again only when its balances move', async () => {
		const [foreign] = await orders(1, '2015-10-12T00:00:00', () => '');
		const state = emptyProgressState();
		let r = await run(state);
		expect(r.requests.filter((p) => p === 'Document_ЗаказПокупателя')).toHaveLength(2);
		expect(state.orders[foreign]).toEqual({ s: expect.any(String) });
		r = await run(state);
		expect(r.requests).toHaveLength(3);
		expect((await run(state, { fromRetailCrmOnly: false })).changed).toEqual([]);
	});
});

describe('what was reported', () => {
	it('reports progress found on a first run, or only remembers it with firstRun "baseline"', async () => {
		const [a] = await orders(1, RECENT);
		await post('shipments', { order: a });
		expect((await run(emptyProgressState())).changed.map((c) => c.kinds)).toEqual([['shipped']]);
		const baseline = emptyProgressState();
		expect((await run(baseline, { firstRun: 'baseline' })).changed).toEqual([]);
		expect(baseline.startedAt).toBe('2024-06-21T00:00:00.000Z');
		await post('payments', { order: a, kind: 'cash' });
		expect((await run(baseline, { firstRun: 'baseline' })).changed.map((c) => c.kinds)).toEqual([['shippedAndPaid', 'shipped', 'paid']]);
	});

	it('reports again until confirmed, stops after Max Attempts failures, and counts as confirmed on output when asked', async () => {
		const [a] = await orders(1, RECENT);
		const state = emptyProgressState();
		await run(state);
		await post('shipments', { order: a });
		let r = await run(state, { maxAttempts: 2 });
		const hash = r.changed[0].progressHash;
		expect((await run(state, { maxAttempts: 2 })).changed.map((c) => [c.ref, c.attempts])).toEqual([[a, 0]]);
		expect(recordProgressFailure(state, a, hash)).toBe(1);
		expect((await run(state, { maxAttempts: 2 })).changed.map((c) => c.attempts)).toEqual([1]);
		expect(recordProgressFailure(state, a, hash)).toBe(2);
		r = await run(state, { maxAttempts: 2 });
		expect(r.changed).toEqual([]);
		expect(r.requests).toHaveLength(3); // waiting: no detailed read either
		// The next change in 1C (a 1C user writes the document: its DataVersion moves) gives the same progress a fresh set.
		const doc = ctx.sb.state.store.get('Document_ЗаказПокупателя', a)!;
		ctx.sb.state.store.put('Document_ЗаказПокупателя', { ...doc, Комментарий: 'правка в 1С', DataVersion: ctx.sb.state.store.nextDataVersion() });
		expect((await run(state, { maxAttempts: 2 })).changed.map((c) => [c.ref, c.attempts, c.progressHash])).toEqual([[a, 0, hash]]);

		const auto = emptyProgressState();
		const [b] = await orders(1, RECENT);
		await run(auto, { confirm: 'output' });
		await post('shipments', { order: b });
		expect((await run(auto, { confirm: 'output' })).changed.map((c) => c.ref)).toEqual([b]);
		expect((await run(auto, { confirm: 'output' })).changed).toEqual([]);
	});

	it('reports a deletion mark as cancelled without a detailed read, once no other document holds the order\'s key', async () => {
		const [a] = await orders(1, RECENT);
		const state = emptyProgressState();
		await run(state);
		await post('cancel', { order: a });
		const r = await run(state);
		expect(r.changed.map((c) => [c.kinds, c.posted, c.deletionMark])).toEqual([[['cancelled'], false, true]]);
		// The walk, the two balances, and the documents of its key (duplicates.ts): a look-up only in a run where a
		// document was marked or unposted.
		expect(r.requests).toEqual(['Document_ЗаказПокупателя', 'AccumulationRegister_ЗаказыПокупателей/Balance', 'AccumulationRegister_РасчетыСКонтрагентами/Balance', 'Document_ЗаказПокупателя']);
	});

	it('keeps only well-formed entries of a stored state', () => {
		expect(migrateProgressState({ version: 1, startedAt: null, orders: { a: { s: 's', m: 1 }, b: { s: 's', m: 'yes' } } }).orders).toEqual({ a: { s: 's', m: 1 }, b: { s: 's' } });
		expect(migrateProgressState({ version: 1, startedAt: 'x', orders: { 'AB-1': { s: 's1', r: 'r1', a: 2 }, bad: { r: 'r' }, nul: null } })).toEqual({
			version: 1,
			startedAt: 'x',
			orders: { 'ab-1': { s: 's1', r: 'r1', a: 2 } },
		});
		expect(migrateProgressState({ version: 9 })).toEqual(emptyProgressState());
		expect(migrateProgressState('junk')).toEqual(emptyProgressState());
	});
});

describe('a second document with the order\'s key', () => {
	it('marked for deletion while the order\'s document is live, is not reported; the holder found in the walk costs no look-up', async () => {
		const [own, copy] = await orders(2, RECENT, () => 'crm#700');
		const state = emptyProgressState();
		await run(state);
		await post('cancel', { order: copy });
		const r = await run(state);
		expect(r.changed).toEqual([]);
		expect(r.requests).toHaveLength(3);
		expect(state.orders[copy]).toEqual({ s: expect.any(String), r: expect.any(String) });
		// Once the order's own document is marked too, nothing holds the key: the order is cancelled.
		await post('cancel', { order: own });
		expect((await run(state)).changed.map((c) => [c.ref, c.kinds])).toEqual([[own, ['cancelled']]]);
	});

	it('unposted while a document older than the look-back holds the key: one look-up by key, and nothing more while it stays so', async () => {
		const [own] = await orders(1, '2015-10-12T16:55:10', () => 'crm#701');
		const [copy] = await orders(1, RECENT, () => 'crm#701');
		const state = emptyProgressState();
		await run(state);
		await post('cancel', { order: copy, how: 'unpost' });
		let r = await run(state);
		expect(r.changed).toEqual([]);
		expect(r.requests.filter((p) => p === 'Document_ЗаказПокупателя')).toHaveLength(2);
		r = await run(state);
		expect(r.requests).toHaveLength(3);
		expect(state.orders[own]).toBeDefined(); // open: followed through the balances
	});

	it('of two unposted documents with one key, the one the order flow keeps (lowest number) reports', async () => {
		const [first, second] = await orders(2, RECENT, () => 'crm#702');
		const state = emptyProgressState();
		await run(state);
		await post('cancel', { order: second, how: 'unpost' });
		await post('cancel', { order: first, how: 'unpost' });
		expect((await run(state)).changed.map((c) => [c.ref, c.kinds])).toEqual([[first, ['unposted']]]);
	});
});
