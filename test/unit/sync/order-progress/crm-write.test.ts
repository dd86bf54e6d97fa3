/**
 * Writing 1C progress into retailCRM: what is planned for an order (only what differs), how 1C payments meet the
 * order's payments, how orders are found for each key form, against the retailCRM sandbox.
 */
import { isStatusStepBack, mappedStatus, planOrderPatch, planPayments, statusPlaces, writeProgressToCrm, type ProgressInput, type ProgressMapping } from '../../../../nodes/core/sync/order-progress/crm-write';
import type { CrmOrder } from '../../../../nodes/core/retailcrm/schemas/orders';
import { SandboxHarness } from '../../../integration/retailcrm/sandbox-harness';

const MAPPING: ProgressMapping = {
	statuses: { cancelled: 'cancel-other', shippedAndPaid: 'complete', shipped: 'send-to-delivery', partlyShipped: 'assembling-complete' },
	shipmentDate: true,
	shippedFlag: true,
	shipmentNumberField: 'onec_shipment_number',
	orderNumberField: 'onec_number',
	payments: { write: true, type: 'bank-card', paidStatus: 'paid', undoneStatus: 'not-paid' },
};
const PAY_REF = '5eed0000-0000-4000-8000-0000000000aa';

function input(extra: Partial<ProgressInput> = {}): ProgressInput {
	return {
		ref: '5eed0000-0000-4000-8000-0000000000ff',
		number: 'ЦРМ00005488',
		crmOrderId: 101,
		crmNumber: null,
		site: null,
		kinds: ['shipped'],
		shipping: { status: 'full', lastShipmentDate: '2024-06-21T10:00:00', shipments: [{ number: '00000000001' }] },
		payment: { payments: [] },
		...extra,
	};
}
const order = (extra: Record<string, unknown> = {}) => ({ id: 101, number: '5488', status: 'new', payments: [], customFields: {}, ...extra }) as unknown as CrmOrder;

describe('planning (pure)', () => {
	it('picks the status of the most decisive mapped progress', () => {
		expect(mappedStatus(['shippedAndPaid', 'shipped', 'paid'], MAPPING.statuses)).toBe('complete');
		expect(mappedStatus(['paid'], MAPPING.statuses)).toBeUndefined();
		expect(mappedStatus(['partlyShipped', 'paid'], MAPPING.statuses)).toBe('assembling-complete');
	});

	it('edits only what differs, and nothing for an order already in step', () => {
		expect(planOrderPatch(input(), order(), MAPPING)).toEqual({
			status: 'send-to-delivery',
			shipmentDate: '2024-06-21',
			shipped: true,
			customFields: { onec_shipment_number: '00000000001', onec_number: 'ЦРМ00005488' },
		});
		const inStep = order({ status: 'send-to-delivery', shipmentDate: '2024-06-21', shipped: true, customFields: { onec_shipment_number: '00000000001', onec_number: 'ЦРМ00005488' } });
		expect(planOrderPatch(input(), inStep, MAPPING)).toEqual({});
		// The shipment the order shows was undone in 1C (a part is left): the flag and the number follow 1C; the status
		// does not go back to partly shipped.
		expect(planOrderPatch(input({ shipping: { status: 'partial', lastShipmentDate: null, shipments: [] }, kinds: ['partlyShipped'] }), inStep, MAPPING)).toEqual({
			shipped: false,
			customFields: { onec_shipment_number: '' },
		});
		// A shipped flag without a 1C shipment number was set by someone else (goods shipped outside 1C): left alone.
		const shippedElsewhere = order({ status: 'send-to-delivery', shipped: true, customFields: { onec_number: 'ЦРМ00005488' } });
		expect(planOrderPatch(input({ shipping: { status: 'none', lastShipmentDate: null, shipments: [] }, kinds: [] }), shippedElsewhere, MAPPING)).toEqual({});
	});

	it('moves the status forward only; cancelled and unposted always apply, and an order in their status or one not mapped follows 1C', () => {
		const statuses = { ...MAPPING.statuses, unposted: 'no-call', paid: 'prepayed' };
		const patchFrom = (status: string, kinds: ProgressInput['kinds']) => planOrderPatch(input({ kinds }), order({ status }), { ...MAPPING, statuses }).status;
		// Undone payment (complete → shipped), undone shipment (shipped → partly shipped), a refund (→ partly paid): left.
		expect(patchFrom('complete', ['shipped'])).toBeUndefined();
		expect(patchFrom('send-to-delivery', ['partlyShipped'])).toBeUndefined();
		expect(patchFrom('complete', ['shipped', 'partlyPaid'])).toBeUndefined();
		expect(patchFrom('assembling-complete', ['paid'])).toBeUndefined();
		// Forward.
		expect(patchFrom('assembling-complete', ['shipped'])).toBe('send-to-delivery');
		expect(patchFrom('prepayed', ['partlyShipped', 'paid'])).toBe('assembling-complete');
		expect(patchFrom('send-to-delivery', ['shippedAndPaid', 'shipped', 'paid'])).toBe('complete');
		// Decisions of 1C apply from any status; after them, and from a status not in the mapping, the order follows 1C.
		expect(patchFrom('complete', ['cancelled'])).toBe('cancel-other');
		expect(patchFrom('complete', ['unposted'])).toBe('no-call');
		expect(patchFrom('cancel-other', ['partlyShipped'])).toBe('assembling-complete');
		expect(patchFrom('delivering', ['partlyShipped'])).toBe('assembling-complete');
		expect(isStatusStepBack('shipped', undefined, statuses)).toBe(false);
	});

	it('with the account\'s status places, a status the mapping does not name is kept when retailCRM orders it after the target (group first, then the status)', () => {
		const places = statusPlaces(
			[
				{ code: 'send-to-assembling', ordering: 60, group: 'assembling' },
				{ code: 'assembling-complete', ordering: 80, group: 'assembling' },
				{ code: 'send-to-delivery', ordering: 90, group: 'delivery' },
				{ code: 'delivering', ordering: 100, group: 'delivery' },
				{ code: 'complete', ordering: 5, group: 'complete' },
				{ code: 'no-product', ordering: 140, group: 'cancel' },
				{ code: 'cancel-other', ordering: 170, group: 'cancel' },
				{ code: 'orphan', ordering: 1 },
			],
			[
				{ code: 'assembling', ordering: 30 },
				{ code: 'delivery', ordering: 40 },
				{ code: 'complete', ordering: 50 },
				{ code: 'cancel', ordering: 60 },
			],
		);
		const statuses = MAPPING.statuses;
		expect(isStatusStepBack('shipped', 'delivering', statuses, places, 'send-to-delivery')).toBe(true);
		expect(isStatusStepBack('shipped', 'no-product', statuses, places, 'send-to-delivery')).toBe(true);
		expect(isStatusStepBack('shipped', 'send-to-assembling', statuses, places, 'send-to-delivery')).toBe(false);
		// complete's own ordering is low, its group's is later than delivery's.
		expect(isStatusStepBack('partlyShipped', 'delivering', statuses, places, 'assembling-complete')).toBe(true);
		expect(isStatusStepBack('shippedAndPaid', 'delivering', statuses, places, 'complete')).toBe(false);
		// Decisions apply, an order in a mapped status follows the mapping's own order, an unknown place changes nothing.
		expect(isStatusStepBack('cancelled', 'delivering', statuses, places, 'cancel-other')).toBe(false);
		expect(isStatusStepBack('shipped', 'cancel-other', statuses, places, 'send-to-delivery')).toBe(false);
		expect(isStatusStepBack('shipped', 'orphan', statuses, places, 'send-to-delivery')).toBe(false);
		expect(isStatusStepBack('shipped', 'delivering', statuses, undefined, 'send-to-delivery')).toBe(false);
		// Off in the mapping: planOrderPatch ignores the places.
		const shippedInput = input({ kinds: ['shipped'], shipping: { status: 'full', lastShipmentDate: null, shipments: [] } });
		expect(planOrderPatch(shippedInput, order({ status: 'delivering', shipped: true }), { ...MAPPING, keepLaterStatuses: true }, places).status).toBeUndefined();
		expect(planOrderPatch(shippedInput, order({ status: 'delivering', shipped: true }), { ...MAPPING, keepLaterStatuses: false }, places).status).toBe('send-to-delivery');
	});

	it('edits its own payment when the amount changed, takes over an unpaid one, else creates one; no refunds', () => {
		const pay = (amount: number) => input({ payment: { payments: [{ ref: PAY_REF, kind: 'bank', number: '00000000007', date: '2024-06-21T12:00:00', amount }] } });
		expect(planPayments(pay(100), order({ payments: [{ id: 5, externalId: PAY_REF, amount: 100, status: 'paid', paidAt: '2024-06-21 12:00:00' }] }), MAPPING)).toEqual([]);
		expect(planPayments(pay(150), order({ payments: [{ id: 5, externalId: PAY_REF, amount: 100, status: 'paid', paidAt: '2024-06-21 12:00:00' }] }), MAPPING)).toEqual([
			{ action: 'edit', id: 5, ref: PAY_REF, payment: { amount: 150, status: 'paid', paidAt: '2024-06-21 12:00:00' } },
		]);
		expect(planPayments(pay(100), order({ payments: [{ id: 6, type: 'cash', amount: 1990, status: 'not-paid' }] }), MAPPING)).toEqual([
			{ action: 'edit', id: 6, ref: PAY_REF, payment: { externalId: PAY_REF, amount: 100, status: 'paid', paidAt: '2024-06-21 12:00:00', comment: '1C ППВ 00000000007' } },
		]);
		expect(planPayments(pay(100), order({ payments: [{ id: 7, type: 'cash', amount: 1990, status: 'paid' }] }), MAPPING)).toEqual([
			{ action: 'create', ref: PAY_REF, payment: { order: { id: 101 }, type: 'bank-card', status: 'paid', amount: 100, paidAt: '2024-06-21 12:00:00', externalId: PAY_REF, comment: '1C ППВ 00000000007' } },
		]);
		// Paid in retailCRM already for the same amount (a card payment taken online, entered in 1C afterwards): linked, not doubled.
		expect(planPayments(pay(100), order({ payments: [{ id: 8, type: 'bank-card', amount: 100, status: 'paid' }, { id: 9, type: 'cash', amount: 100, status: 'not-paid' }] }), MAPPING)).toEqual([
			{ action: 'edit', id: 8, ref: PAY_REF, payment: { externalId: PAY_REF } },
		]);
		expect(planPayments(pay(-50), order(), MAPPING)).toEqual([]);
		expect(planPayments(pay(100), order(), { ...MAPPING, payments: { ...MAPPING.payments, write: false } })).toEqual([]);
	});

	it('a payment written from 1C whose document left 1C goes back to the undone status; a linked shop payment stays paid', () => {
		const OTHER = '5eed0000-0000-4000-8000-0000000000bb';
		const none = input({ payment: { payments: [] } });
		const written = { id: 5, externalId: PAY_REF, amount: 100, status: 'paid', comment: '1C ППВ 00000000007' };
		expect(planPayments(none, order({ payments: [written] }), MAPPING)).toEqual([{ action: 'edit', id: 5, ref: PAY_REF, payment: { status: 'not-paid' } }]);
		// Already undone: nothing more; re-posted in 1C: paid again by the ordinary edit.
		expect(planPayments(none, order({ payments: [{ ...written, status: 'not-paid' }] }), MAPPING)).toEqual([]);
		const again = input({ payment: { payments: [{ ref: PAY_REF.toUpperCase(), kind: 'bank', number: '00000000007', date: null, amount: 100 }] } });
		expect(planPayments(again, order({ payments: [written] }), MAPPING)).toEqual([]);
		// Linked (the shop's comment), a CMS's own external ID, or the option off: left as they are.
		expect(planPayments(none, order({ payments: [{ ...written, comment: 'оплата на сайте' }] }), MAPPING)).toEqual([]);
		expect(planPayments(none, order({ payments: [{ ...written, externalId: 'pay_2Nf8', comment: '1C ПКО 1' }] }), MAPPING)).toEqual([]);
		expect(planPayments(none, order({ payments: [written] }), { ...MAPPING, payments: { ...MAPPING.payments, undoneStatus: '' } })).toEqual([]);
		// Another 1C payment still there: only the undone one changes.
		const other = input({ payment: { payments: [{ ref: OTHER, kind: 'cash', number: '00000000008', date: null, amount: 50 }] } });
		expect(planPayments(other, order({ payments: [written, { id: 6, externalId: OTHER, amount: 50, status: 'paid', comment: '1C ПКО 00000000008' }] }), MAPPING)).toEqual([
			{ action: 'edit', id: 5, ref: PAY_REF, payment: { status: 'not-paid' } },
		]);
	});
});

describe('writeProgressToCrm against the sandbox', () => {
	const h = new SandboxHarness();
	beforeAll(() => h.start('seed'));
	afterAll(() => h.stop());
	beforeEach(async () => {
		await h.reset('seed');
		await h.configure({ rateLimit: false });
		await h.clearRequests();
	});

	it('finds orders by id, by number (release 0.1 keys) and by external ID, in one list request each', async () => {
		const { client } = h.client();
		await client.fixExternalIds([{ id: 103, externalId: '5eed0000-0000-4000-8000-000000000103' }]);
		await h.clearRequests();
		const results = await writeProgressToCrm(
			client,
			[
				input({ crmOrderId: 101 }),
				input({ crmOrderId: null, crmNumber: '5489', site: 'test-crm10', number: 'ЦРМ00005489' }),
				input({ crmOrderId: null, crmNumber: null, ref: '5eed0000-0000-4000-8000-000000000103', number: 'ЦРМ00005490', kinds: ['cancelled'], shipping: { status: 'none', lastShipmentDate: null, shipments: [] } }),
				input({ crmOrderId: 999, number: 'ЦРМ00000999' }),
			],
			MAPPING,
		);
		expect(results.map((r) => [r.crmOrderId, r.error?.message])).toEqual([
			[101, undefined],
			[102, undefined],
			[103, undefined],
			[undefined, 'retailCRM order id 999, 1C ЦРМ00000999: no such order in retailCRM (by id)'],
		]);
		const reads = (await h.requests()).filter((r) => r.method === 'GET');
		expect(reads.map((r) => r.query.filter)).toEqual([{ ids: ['101', '999'] }, { numbers: ['5489'], sites: ['test-crm10'] }, { externalIds: ['5eed0000-0000-4000-8000-000000000103'] }]);
		expect(results[2].writes).toEqual(['orders/edit: status, customFields']);
	});

	it('writes the payment and the order; an identical second call writes nothing', async () => {
		const { client } = h.client();
		const paid = input({ kinds: ['shippedAndPaid', 'shipped', 'paid'], payment: { payments: [{ ref: PAY_REF, kind: 'cash', number: '00000000003', date: '2024-06-21T12:00:00', amount: 1990 }] } });
		const first = await writeProgressToCrm(client, [paid], MAPPING);
		expect(first[0]).toMatchObject({ crmOrderId: 101, status: { from: 'new', to: 'complete' }, writes: ['orders/edit: status, shipmentDate, shipped, customFields', `payments/edit: ${PAY_REF}`] });
		await h.clearRequests();
		const second = await writeProgressToCrm(client, [paid], MAPPING);
		expect(second[0].writes).toEqual([]);
		expect((await h.requests()).filter((r) => r.method === 'POST')).toEqual([]);
	});

	it('sends an edit refused for its status again without it: the other fields are written, the refusal is the error', async () => {
		const { client } = h.client();
		await h.configure({ forbiddenTransitions: [{ from: '*', to: 'send-to-delivery' }] });
		try {
			const [result] = await writeProgressToCrm(client, [input()], MAPPING);
			expect(result.error?.message).toMatch(/^retailCRM order 5488 \(id 101\), 1C ЦРМ00005488: retailCRM refused the status change "new" → "send-to-delivery": /);
			expect(result.writes).toEqual(['orders/edit: shipmentDate, shipped, customFields']);
			const edits = (await h.requests()).filter((r) => r.method === 'POST');
			expect(edits.map((r) => r.path)).toEqual(['/api/v5/orders/101/edit', '/api/v5/orders/101/edit']);
			// In step but for the status: only the status is tried again, one refused edit.
			await h.clearRequests();
			const [again] = await writeProgressToCrm(client, [input()], MAPPING);
			expect([again.writes, Boolean(again.error)]).toEqual([[], true]);
			expect((await h.requests()).filter((r) => r.method === 'POST')).toHaveLength(1);
		} finally {
			await h.configure({ forbiddenTransitions: [] });
		}
	});

	it('refuses to start without a payment type when payments are written', async () => {
		const { client } = h.client();
		await expect(writeProgressToCrm(client, [input()], { ...MAPPING, payments: { ...MAPPING.payments, type: '' } })).rejects.toThrow(/payment type/);
	});
});
