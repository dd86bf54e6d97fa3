/**
 * Order payments (`orders/payments/create`, `orders/payments/{id|externalId}/edit`) as retailCRM API v5 handles them:
 * request `payment` JSON {order{id|externalId|number}, type, status, amount, paidAt, comment, externalId} and `site`
 * (retailcrm/api-client-php: src/ResourceGroup/Orders.php paymentsCreate/paymentsEdit, src/Model/Request/Orders/
 * OrdersPaymentsCreateRequest.php, src/Model/Entity/Orders/SerializedPayment.php); answer `{success, id}` (IdResponse).
 * Payments are separate entities: orders/{x}/edit does not take them (retailcrm/opencart-module#140, maintainer's answer).
 * With by=externalId a new payment[externalId] is ignored; only by=id may change it (help.retailcrm.ru/Developers/
 * ApiVersion5#post--api-v5-orders-payments-id-edit, quoted in retailcrm/api-client-python#14).
 * Every change writes history records (`payments`, `payments.<field>`) with a `payment` stub (reference §4.7).
 */
import { parseLocal } from './dates';
import { ApiError, entityFormat } from './envelope';
import type { Actor } from './orders-domain';
import type { StateStore } from './state-store';
import type { Order, Payment } from './types';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const round2 = (n: number) => Math.round(n * 100) / 100;

export const paymentNotFound = () => new ApiError(404, 'Payment not found');

function actorFields(a: Actor) {
	if (a.source === 'api') return { source: 'api' as const, apiKeyLabel: a.keyLabel };
	if (a.source === 'user') return { source: 'user' as const, userId: a.userId };
	return { source: 'code' as const };
}

const stub = (p: Payment) => ({ id: p.id, type: p.type, ...(p.externalId ? { externalId: p.externalId } : {}), status: p.status, amount: p.amount });

function recomputePrepay(store: StateStore, order: Order): void {
	order.prepaySum = round2(order.payments.filter((p) => store.state.paymentStatuses[p.status]?.paymentComplete).reduce((a, p) => a + p.amount, 0));
}

/** Field checks shared by create and edit; `errors` keys as retailCRM names them (`payment[type]` style is not documented: plain names). */
function checkFields(store: StateStore, input: Json, errors: Record<string, string>, tz: string): Partial<Payment> {
	const out: Partial<Payment> = {};
	if (input.type !== undefined) {
		const type = str(input.type) ?? '';
		if (!store.state.paymentTypes[type]) errors.type = `Payment type "${type}" does not exist.`;
		// Switched off in the reference book: refused (the stricter reading, docs/retailcrm-api.md#reference-books).
		else if (store.state.paymentTypes[type].active === false) errors.type = `Payment type "${type}" is not active.`;
		else out.type = type;
	}
	if (input.status !== undefined) {
		const status = str(input.status) ?? '';
		if (!store.state.paymentStatuses[status]) errors.status = `Payment status "${status}" does not exist.`;
		else if (store.state.paymentStatuses[status].active === false) errors.status = `Payment status "${status}" is not active.`;
		else out.status = status;
	}
	if (input.amount !== undefined) {
		const amount = typeof input.amount === 'number' ? input.amount : Number(str(input.amount));
		if (!Number.isFinite(amount) || amount < 0) errors.amount = 'This value should be greater than or equal to 0.';
		else out.amount = round2(amount);
	}
	if (input.paidAt !== undefined && input.paidAt !== null) {
		const paidAt = parseLocal(String(input.paidAt), tz, { requireTime: true });
		if (!paidAt) errors.paidAt = 'This value is not a valid datetime.';
		else out.paidAt = paidAt;
	}
	if (input.comment !== undefined) out.comment = str(input.comment);
	return out;
}

function externalIdTaken(store: StateStore, externalId: string, except?: Payment): boolean {
	return store.state.orders.some((o) => o.payments.some((p) => p !== except && p.externalId === externalId));
}

/** orders/payments/create. `findOrder` resolves `payment.order` within the key's sites. */
export function createPayment(store: StateStore, input: Json, findOrder: (ref: Json) => Order | undefined, actor: Actor): { order: Order; payment: Payment } {
	const errors: Record<string, string> = {};
	if (!isObj(input.order)) errors.order = 'This value should not be blank.';
	const order = isObj(input.order) ? findOrder(input.order) : undefined;
	if (isObj(input.order) && !order) errors.order = 'Order not found.';
	if (input.type === undefined) errors.type = 'This value should not be blank.';
	const fields = checkFields(store, input, errors, store.state.config.timezone);
	const externalId = str(input.externalId);
	if (externalId && externalIdTaken(store, externalId)) errors.externalId = 'Payment with this externalId already exists.';
	if (Object.keys(errors).length) throw entityFormat(errors);
	const payment: Payment = { id: store.nextId('payment'), type: fields.type!, status: fields.status ?? 'not-paid', amount: fields.amount ?? order!.totalSumm, ...(externalId ? { externalId } : {}), ...(fields.paidAt ? { paidAt: fields.paidAt } : {}), ...(fields.comment ? { comment: fields.comment } : {}) };
	order!.payments.push(payment);
	recomputePrepay(store, order!);
	store.appendHistory({ ...actorFields(actor), field: 'payments', oldValue: null, newValue: stub(payment), orderId: order!.id, payment: stub(payment) });
	return { order: order!, payment };
}

const HISTORY_FIELDS: Array<[keyof Payment, string]> = [
	['status', 'payments.status'],
	['amount', 'payments.amount'],
	['paidAt', 'payments.paid_at'],
	['type', 'payments.type'],
	['comment', 'payments.comment'],
	['externalId', 'payments.external_id'],
];

/** orders/payments/{x}/edit. Validates everything first, then applies (a refused edit changes nothing). */
export function editPayment(store: StateStore, identifier: string, by: 'id' | 'externalId', input: Json, canSee: (order: Order) => boolean, actor: Actor): { order: Order; payment: Payment } {
	let found: { order: Order; payment: Payment } | undefined;
	for (const order of store.state.orders) {
		const payment = order.payments.find((p) => (by === 'id' ? String(p.id) === identifier : p.externalId === identifier));
		if (payment) {
			found = { order, payment };
			break;
		}
	}
	if (!found || !canSee(found.order)) throw paymentNotFound();
	const { order, payment } = found;
	const errors: Record<string, string> = {};
	const fields = checkFields(store, input, errors, store.state.config.timezone);
	// by=externalId: a new externalId in the body is ignored (retailCRM documents it so).
	const newExternal = by === 'id' ? str(input.externalId) : undefined;
	if (newExternal && newExternal !== payment.externalId && externalIdTaken(store, newExternal, payment)) errors.externalId = 'Payment with this externalId already exists.';
	if (Object.keys(errors).length) throw entityFormat(errors);
	const patch: Partial<Payment> = { ...fields, ...(newExternal ? { externalId: newExternal } : {}) };
	for (const [key, field] of HISTORY_FIELDS) {
		if (!(key in patch) || patch[key] === payment[key]) continue;
		const old = payment[key];
		(payment as unknown as Json)[key] = patch[key];
		store.appendHistory({ ...actorFields(actor), field, oldValue: old ?? null, newValue: patch[key] ?? null, orderId: order.id, payment: stub(payment) });
	}
	recomputePrepay(store, order);
	return { order, payment };
}
