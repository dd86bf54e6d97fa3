/**
 * Order mutations shared by the API routes and the control API: create, edit, status change, externalId fix.
 * Every change appends history records (docs/retailcrm-api.md#order-history, test/sandboxes/retailcrm/README.md); history ids are global and monotonic.
 */
import { parseLocal } from './dates';
import { ApiError } from './envelope';
import type { StateStore } from './state-store';
import type { Contragent, HistoryRecord, Order, OrderItem, Payment } from './types';

export type Actor = { source: 'api'; keyLabel: string } | { source: 'user'; userId: number } | { source: 'code' };

const orderNotLoaded = (errors: Record<string, string>) => new ApiError(400, 'Order is not loaded', errors);

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown, d = 0): number => {
	const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
	return Number.isFinite(n) ? n : d;
};
const round2 = (n: number) => Math.round(n * 100) / 100;

function actorFields(a: Actor): Pick<HistoryRecord, 'source' | 'apiKeyLabel' | 'userId'> {
	if (a.source === 'api') return { source: 'api', apiKeyLabel: a.keyLabel };
	if (a.source === 'user') return { source: 'user', userId: a.userId };
	return { source: 'code' };
}

export function recomputeSums(o: Order): void {
	o.summ = round2(o.items.reduce((s, it) => s + (it.initialPrice - it.discountTotal) * it.quantity, 0));
	o.purchaseSumm = round2(o.items.reduce((s, it) => s + (it.purchasePrice ?? 0) * it.quantity, 0));
	o.totalSumm = round2(o.summ - o.discountManualAmount + o.delivery.cost);
}

function firstDefault(map: Record<string, Record<string, unknown>>): string | undefined {
	const values = Object.values(map);
	return (values.find((v) => v.defaultForApi) ?? values[0])?.code as string | undefined;
}

function validateRefs(store: StateStore, input: Json): Record<string, string> {
	const s = store.state;
	const errors: Record<string, string> = {};
	const check = (field: string, value: unknown, exists: (code: string) => boolean, what: string) => {
		if (value === undefined || value === null) return;
		const code = str(value);
		if (code === undefined || !exists(code)) errors[field] = `${what} "${String(value)}" does not exist.`;
	};
	check('status', input.status, (c) => !!s.statuses[c], 'Status');
	// A status switched off (Administration → Statuses) takes no orders through the API either: the stricter reading,
	// retailCRM does not publish it (docs/retailcrm-api.md#reference-books).
	const status = str(input.status);
	if (status !== undefined && !errors.status && s.statuses[status]?.active === false) errors.status = `Status "${status}" is not active.`;
	// Typed scalars as the API documents them (a date is Y-m-d, flags are booleans); a string where a date or flag
	// belongs is refused rather than stored as sent (the stricter reading).
	if (input.shipmentDate !== undefined && input.shipmentDate !== null && !(typeof input.shipmentDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.shipmentDate))) errors.shipmentDate = 'This value is not a valid date.';
	for (const flag of ['shipped', 'call', 'expired'] as const) if (input[flag] !== undefined && typeof input[flag] !== 'boolean') errors[flag] = 'This value should be of type boolean.';
	check('orderType', input.orderType, (c) => !!s.orderTypes[c], 'Order type');
	check('orderMethod', input.orderMethod, (c) => !!s.orderMethods[c], 'Order method');
	check('shipmentStore', input.shipmentStore, (c) => s.stores.some((x) => x.code === c), 'Store');
	if (isObj(input.delivery)) check('delivery[code]', input.delivery.code, (c) => !!s.deliveryTypes[c], 'Delivery type');
	return errors;
}

/**
 * `customFields` of an order write: every code must be an order field defined in Settings → Custom fields, and a typed
 * field takes only its type. Whether retailCRM refuses an unknown code or drops it silently is not published; the
 * sandbox takes the stricter side and refuses the whole write (docs/retailcrm-api.md#custom-fields).
 */
function validateCustomFields(store: StateStore, raw: unknown, errors: Record<string, string>): void {
	const defs = store.state.customFieldDefinitions;
	if (raw === undefined || defs === undefined) return;
	if (!isObj(raw)) {
		errors.customFields = 'This value should be of type array.';
		return;
	}
	for (const [code, value] of Object.entries(raw)) {
		const def = defs.find((d) => d.entity === 'order' && d.code === code);
		const key = `customFields[${code}]`;
		if (!def) errors[key] = `Custom field with code "${code}" does not exist.`;
		else if (value === null || value === '') continue;
		else if (def.type === 'integer' && !(Number.isInteger(typeof value === 'string' ? Number(value) : value) && String(value).trim() !== '')) errors[key] = 'This value should be of type integer.';
		else if (def.type === 'numeric' && !Number.isFinite(typeof value === 'string' && value.trim() !== '' ? Number(value) : value)) errors[key] = 'This value should be of type numeric.';
		else if (def.type === 'boolean' && typeof value !== 'boolean') errors[key] = 'This value should be of type boolean.';
		else if (def.type === 'date' && !(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))) errors[key] = 'This value is not a valid date.';
		else if ((def.type === 'string' || def.type === 'text') && typeof value !== 'string' && typeof value !== 'number') errors[key] = 'This value should be of type string.';
	}
}

function buildItems(store: StateStore, site: string, raw: unknown, errors: Record<string, string>): OrderItem[] {
	if (raw === undefined) return [];
	if (!Array.isArray(raw)) {
		errors.items = 'This value should be of type array.';
		return [];
	}
	return raw.map((r, i) => {
		const it = isObj(r) ? r : {};
		const offerRef = isObj(it.offer) ? it.offer : undefined;
		let offer;
		if (offerRef) {
			if (offerRef.id !== undefined) offer = store.offerById(num(offerRef.id));
			else if (offerRef.externalId !== undefined) offer = store.offerByExternalId(site, String(offerRef.externalId));
			else if (offerRef.xmlId !== undefined) offer = store.offersByXml(site, String(offerRef.xmlId))[0];
			if (!offer) errors[`items[${i}].offer`] = 'Offer not found.';
		}
		const quantity = num(it.quantity, 1);
		if (quantity <= 0) errors[`items[${i}].quantity`] = 'This value should be greater than 0.';
		const item: OrderItem = {
			id: 0, // assigned once the whole request is valid, so a rejected request consumes no ids
			productName: str(it.productName) ?? offer?.name ?? '',
			quantity,
			initialPrice: num(it.initialPrice, offer ? (offer.prices[store.state.priceTypes.find((p) => p.default)?.code ?? ''] ?? 0) : 0),
			discountTotal: num(it.discountTotal, num(it.discountManualAmount, 0)),
			vatRate: str(it.vatRate) ?? offer?.vatRate ?? 'none',
			purchasePrice: it.purchasePrice !== undefined ? num(it.purchasePrice) : offer?.purchasePrice,
			status: str(it.status),
			comment: str(it.comment),
			properties: {},
		};
		if (offer) item.offer = { id: offer.id, externalId: offer.externalId, xmlId: offer.xmlId, name: offer.name, article: offer.article, unit: offer.unit };
		return item;
	});
}

function buildPayments(store: StateStore, raw: unknown, errors: Record<string, string>): Payment[] {
	if (!Array.isArray(raw)) return [];
	return raw.map((r, i) => {
		const p = isObj(r) ? r : {};
		const type = str(p.type) ?? '';
		if (!store.state.paymentTypes[type]) errors[`payments[${i}].type`] = `Payment type "${type}" does not exist.`;
		const status = str(p.status) ?? 'not-paid';
		if (!store.state.paymentStatuses[status]) errors[`payments[${i}].status`] = `Payment status "${status}" does not exist.`;
		return { id: 0, type, status, amount: num(p.amount), externalId: str(p.externalId), comment: str(p.comment) };
	});
}

/** Creates an order (orders/create). Site already resolved and access-checked by the caller. */
export function createOrder(store: StateStore, site: string, input: Json, actor: Actor): Order {
	const s = store.state;
	const errors = validateRefs(store, input);
	const externalId = str(input.externalId);
	if (externalId && s.orders.some((o) => o.site === site && o.externalId === externalId)) errors.externalId = 'Order with this externalId already exists.';
	let customerId: number | undefined;
	if (isObj(input.customer)) {
		const ref = input.customer;
		const c =
			ref.id !== undefined
				? store.customer(num(ref.id))
				: ref.externalId !== undefined
					? s.customers.find((x) => x.site === site && x.externalId === String(ref.externalId))
					: undefined;
		if (!c) errors.customer = 'Customer not found.';
		else customerId = c.id;
	}
	validateCustomFields(store, input.customFields, errors);
	const items = buildItems(store, site, input.items, errors);
	const payments = buildPayments(store, input.payments, errors);
	const tz = s.config.timezone;
	let createdAt = store.nowIso();
	if (input.createdAt !== undefined) {
		const parsed = parseLocal(String(input.createdAt), tz, { requireTime: true });
		if (!parsed) errors.createdAt = 'This value is not valid.';
		else createdAt = parsed;
	}
	if (Object.keys(errors).length) throw orderNotLoaded(errors);
	for (const it of items) it.id = store.nextId('orderItem');
	for (const p of payments) p.id = store.nextId('payment');

	const delivery = isObj(input.delivery) ? input.delivery : {};
	const contragent: Contragent = isObj(input.contragent) ? ({ contragentType: 'individual', ...input.contragent } as Contragent) : { contragentType: 'individual' };
	const id = store.nextId('order');
	if (customerId === undefined) {
		// Like the real CRM, an order without a customer reference creates one from its contact data.
		customerId = store.nextId('customer');
		store.addCustomer({
			type: 'customer',
			id: customerId,
			site,
			createdAt,
			firstName: str(input.firstName),
			lastName: str(input.lastName),
			patronymic: str(input.patronymic),
			email: str(input.email),
			phones: str(input.phone) ? [{ number: str(input.phone)! }] : [],
			contragent: { ...contragent },
			customFields: {},
			vip: false,
			bad: false,
		});
	}
	const order: Order = {
		id,
		externalId,
		number: str(input.number) ?? `${id}A`,
		site,
		status: str(input.status) ?? 'new',
		statusComment: str(input.statusComment),
		statusUpdatedAt: createdAt,
		createdAt,
		orderType: str(input.orderType) ?? firstDefault(s.orderTypes) ?? 'eshop-individual',
		orderMethod: str(input.orderMethod) ?? firstDefault(s.orderMethods) ?? 'shopping-cart',
		managerId: input.managerId !== undefined ? num(input.managerId) : undefined,
		firstName: str(input.firstName),
		lastName: str(input.lastName),
		patronymic: str(input.patronymic),
		phone: str(input.phone),
		email: str(input.email),
		customerComment: str(input.customerComment),
		managerComment: str(input.managerComment),
		customerId,
		contragent,
		summ: 0,
		totalSumm: 0,
		prepaySum: 0,
		purchaseSumm: 0,
		discountManualAmount: num(input.discountManualAmount),
		discountManualPercent: num(input.discountManualPercent),
		currency: s.sites[site]?.currency ?? 'RUB',
		countryIso: str(input.countryIso) ?? 'RU',
		call: input.call === true,
		expired: false,
		fromApi: actor.source === 'api',
		shipped: input.shipped === true,
		shipmentStore: str(input.shipmentStore),
		shipmentDate: str(input.shipmentDate),
		delivery: {
			code: str(delivery.code),
			cost: num(delivery.cost),
			netCost: num(delivery.netCost),
			date: str(delivery.date),
			address: isObj(delivery.address) ? (delivery.address as Order['delivery']['address']) : {},
		},
		items,
		payments,
		customFields: isObj(input.customFields) ? { ...input.customFields } : {},
	};
	recomputeSums(order);
	order.prepaySum = round2(payments.filter((p) => s.paymentStatuses[p.status]?.paymentComplete).reduce((a, p) => a + p.amount, 0));
	store.addOrder(order);
	store.appendHistory({
		...actorFields(actor),
		createdAt,
		created: true,
		field: 'status',
		oldValue: null,
		newValue: { code: order.status },
		orderId: id,
		snapshot: structuredClone(order),
	});
	return order;
}

const SCALAR_FIELDS: Record<string, string> = {
	firstName: 'first_name',
	lastName: 'last_name',
	patronymic: 'patronymic',
	phone: 'phone',
	email: 'email',
	customerComment: 'customer_comment',
	managerComment: 'manager_comment',
	statusComment: 'status_comment',
	number: 'number',
	shipmentDate: 'shipment_date',
	shipped: 'shipped',
	call: 'call',
	expired: 'expired',
	discountManualAmount: 'discount_manual_amount',
	discountManualPercent: 'discount_manual_percent',
};
const REFERENCE_FIELDS: Record<string, string> = { orderType: 'order_type', orderMethod: 'order_method', shipmentStore: 'shipment_store' };

/** The refusal text when the account forbids moving an order from `from` to `to` (config.forbiddenTransitions). */
export function forbiddenTransition(store: StateStore, from: string, to: string): string | undefined {
	if (from === to) return undefined;
	const rule = store.state.config.forbiddenTransitions?.find((t) => (t.from === '*' || t.from === from) && t.to === to);
	return rule ? `Status transition from "${from}" to "${to}" is forbidden.` : undefined;
}

/** Changes the status and writes one `status` record. No-op when unchanged. */
export function changeStatus(store: StateStore, order: Order, status: string, actor: Actor): void {
	if (!store.state.statuses[status]) throw orderNotLoaded({ status: `Status "${status}" does not exist.` });
	if (order.status === status) return;
	const old = order.status;
	order.status = status;
	order.statusUpdatedAt = store.nowIso();
	store.appendHistory({ ...actorFields(actor), field: 'status', oldValue: { code: old }, newValue: { code: status }, orderId: order.id });
	store.statusChanged(order, status);
}

/** Partial update (orders/{x}/edit). Validates everything first, then applies, so a bad edit changes nothing. */
export function editOrder(store: StateStore, order: Order, patch: Json, actor: Actor): void {
	const errors = validateRefs(store, patch);
	const newExternal = patch.externalId !== undefined ? str(patch.externalId) : undefined;
	if (newExternal && store.state.orders.some((o) => o !== order && o.site === order.site && o.externalId === newExternal)) errors.externalId = 'Order with this externalId already exists.';
	validateCustomFields(store, patch.customFields, errors);
	const newItems = patch.items !== undefined ? buildItems(store, order.site, patch.items, errors) : undefined;
	if (typeof patch.status === 'string' && !errors.status && actor.source === 'api') {
		const refused = forbiddenTransition(store, order.status, patch.status);
		if (refused) errors.status = refused;
	}
	if (Object.keys(errors).length) throw orderNotLoaded(errors);
	for (const it of newItems ?? []) it.id = store.nextId('orderItem');

	const record = (field: string, oldValue: unknown, newValue: unknown, item?: unknown) =>
		store.appendHistory({ ...actorFields(actor), field, oldValue, newValue, orderId: order.id, ...(item !== undefined ? { item } : {}) });
	const o = order as unknown as Json;
	let sumsChanged = false;

	if (patch.externalId !== undefined && newExternal !== order.externalId) {
		record('external_id', order.externalId ?? null, newExternal ?? null);
		order.externalId = newExternal;
	}
	for (const [key, field] of Object.entries(SCALAR_FIELDS)) {
		if (!(key in patch) || patch[key] === o[key]) continue;
		record(field, o[key] ?? null, patch[key] ?? null);
		o[key] = patch[key];
		if (key.startsWith('discountManual')) sumsChanged = true;
	}
	for (const [key, field] of Object.entries(REFERENCE_FIELDS)) {
		if (!(key in patch) || patch[key] === o[key]) continue;
		record(field, o[key] ? { code: o[key] } : null, patch[key] ? { code: patch[key] } : null);
		o[key] = patch[key];
	}
	if (patch.managerId !== undefined && patch.managerId !== order.managerId) {
		record('manager', order.managerId !== undefined ? { id: order.managerId } : null, patch.managerId === null ? null : { id: num(patch.managerId) });
		order.managerId = patch.managerId === null ? undefined : num(patch.managerId);
	}
	if (isObj(patch.customFields)) {
		for (const [code, value] of Object.entries(patch.customFields)) {
			if (order.customFields[code] === value) continue;
			record(`custom_${code}`, order.customFields[code] ?? null, value);
			order.customFields[code] = value;
		}
	}
	if (isObj(patch.contragent)) {
		for (const [k, v] of Object.entries(patch.contragent)) {
			const c = order.contragent as unknown as Json;
			if (c[k] === v) continue;
			record(`contragent.${/^[A-Z]+$/.test(k) ? k.toLowerCase() : k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)}`, c[k] ?? null, v);
			c[k] = v;
		}
	}
	if (isObj(patch.delivery)) {
		const d = patch.delivery;
		if (d.code !== undefined && d.code !== order.delivery.code) {
			record('delivery_type', order.delivery.code ? { code: order.delivery.code } : null, d.code ? { code: d.code } : null);
			order.delivery.code = str(d.code);
		}
		if (d.cost !== undefined && num(d.cost) !== order.delivery.cost) {
			record('delivery_cost', order.delivery.cost, num(d.cost));
			order.delivery.cost = num(d.cost);
			sumsChanged = true;
		}
		if (isObj(d.address)) {
			for (const [k, v] of Object.entries(d.address)) {
				const a = order.delivery.address as Json;
				if (a[k] === v) continue;
				record(`delivery_address.${k}`, a[k] ?? null, v);
				a[k] = v;
			}
		}
	}
	if (newItems) {
		// Items are replaced as a whole: one removal record per old line, one addition per new line (docs/retailcrm-api.md#how-the-official-modules-sync "Assembly").
		const ref = (it: OrderItem) => ({ id: it.id, offer: it.offer ? { id: it.offer.id, externalId: it.offer.externalId, xmlId: it.offer.xmlId } : null });
		for (const it of order.items) record('order_product', ref(it), null, ref(it));
		for (const it of newItems) record('order_product', null, ref(it), ref(it));
		order.items = newItems;
		sumsChanged = true;
	}
	if (typeof patch.status === 'string') changeStatus(store, order, patch.status, actor);
	if (sumsChanged) recomputeSums(order);
}

/**
 * A manager deletes the order in the UI (API v5 has no order delete): it disappears from every endpoint and one
 * history record with `deleted: true` remains (reference: retailCRM API docs, orders/history record fields).
 */
export function deleteOrder(store: StateStore, order: Order, actor: Actor): void {
	store.state.orders = store.state.orders.filter((o) => o !== order);
	store.reindex();
	store.appendHistory({ ...actorFields(actor), deleted: true, site: order.site, field: 'id', oldValue: order.id, newValue: null, orderId: order.id });
}

/** orders/fix-external-ids: all-or-nothing; history field `external_id` (a choice, documented). */
export function fixExternalIds(store: StateStore, rows: { id: number; externalId: string }[], actor: Actor): void {
	const orders = rows.map((r) => store.order(r.id));
	const errors: Record<string, string> = {};
	rows.forEach((r, i) => {
		const o = orders[i];
		if (!o) {
			errors[`orders[${i}].id`] = `Order with id ${r.id} not found.`;
			return;
		}
		const clash = store.state.orders.find((x) => x !== o && x.site === o.site && x.externalId === r.externalId);
		const clashInBatch = rows.some((x, j) => j !== i && x.externalId === r.externalId && orders[j]?.site === o.site);
		if (clash || clashInBatch) errors[`orders[${i}].externalId`] = `Order with externalId "${r.externalId}" already exists.`;
	});
	if (Object.keys(errors).length) throw new ApiError(400, 'Invalid input parameters', errors);
	rows.forEach((r, i) => {
		const o = orders[i]!;
		if (o.externalId === r.externalId) return;
		store.appendHistory({ ...actorFields(actor), field: 'external_id', oldValue: o.externalId ?? null, newValue: r.externalId, orderId: o.id });
		o.externalId = r.externalId;
	});
}
