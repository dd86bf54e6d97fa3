/** Orders: list, get, create, edit, fix-external-ids, statuses (docs/retailcrm-api.md#orders, test/sandboxes/retailcrm/README.md). */
import { paginate, sortById, type RequestContext } from '../context';
import { parseLocal } from '../dates';
import { ApiError, entityFormat, inputErrors, missingParameter, notFound } from '../envelope';
import { createOrder, editOrder, fixExternalIds, type Actor } from '../orders-domain';
import { asString, asStringList, type PhpValue } from '../php-query';
import { renderOrder } from '../render';
import type { Route } from '../router';
import type { Order } from '../types';

const ORDER_FILTERS = [
	'ids',
	'externalIds',
	'numbers',
	'sites',
	'extendedStatus',
	'createdAtFrom',
	'createdAtTo',
	'statusUpdatedAtFrom',
	'statusUpdatedAtTo',
	'customerId',
	'customerExternalId',
	'email',
	'contragentInn',
	'contragentKpp',
	'contragentTypes',
	'orderTypes',
	'orderMethods',
	'paymentStatuses',
	'paymentTypes',
	'deliveryTypes',
	'shipmentStores',
	'managers',
	'shipped',
	'customFields',
] as const;

/** `filter[customFields][code]=value` (equality) or `[code][min]`/`[code][max]` (numeric range). */
function customFieldMatcher(raw: PhpValue | undefined): ((o: Order) => boolean) | undefined {
	if (raw === undefined || typeof raw === 'string' || Array.isArray(raw)) return undefined;
	const checks = Object.entries(raw).map(([code, want]) => (o: Order) => {
		const have = o.customFields[code];
		if (typeof want === 'string') return have !== undefined && have !== null && String(have) === want;
		if (Array.isArray(want)) return want.some((w) => String(have) === w);
		const n = Number(have);
		if (typeof want.min === 'string' && !(n >= Number(want.min))) return false;
		if (typeof want.max === 'string' && !(n <= Number(want.max))) return false;
		return have !== undefined;
	});
	return (o) => checks.every((c) => c(o));
}

export const apiActor = (ctx: RequestContext): Actor => ({ source: 'api', keyLabel: ctx.key.label });

/** A date bound: `Y-m-d` or `Y-m-d H:i:s` in account time (both accepted, docs/retailcrm-api.md#orders). */
function dateBound(ctx: RequestContext, f: Record<string, PhpValue>, name: string, end: boolean, errors: Record<string, string>): string | undefined {
	const raw = asString(f[name]);
	if (raw === undefined || raw === '') return undefined;
	const iso = parseLocal(raw, ctx.tz, { endOfDay: end });
	if (!iso) errors[`children[${name}]`] = 'This value is not valid.';
	return iso ?? undefined;
}

function listOrders(ctx: RequestContext) {
	const { limit, page } = ctx.paging();
	const f = ctx.filter(ORDER_FILTERS);
	const errors: Record<string, string> = {};
	const createdFrom = dateBound(ctx, f, 'createdAtFrom', false, errors);
	const createdTo = dateBound(ctx, f, 'createdAtTo', true, errors);
	const statusFrom = dateBound(ctx, f, 'statusUpdatedAtFrom', false, errors);
	const statusTo = dateBound(ctx, f, 'statusUpdatedAtTo', true, errors);
	if (Object.keys(errors).length) throw inputErrors(errors);

	const set = (name: string) => {
		const l = asStringList(f[name]);
		return l && l.length ? new Set(l) : undefined;
	};
	const ids = set('ids');
	const externalIds = set('externalIds');
	const numbers = set('numbers');
	const sites = set('sites');
	for (const s of sites ?? []) if (!ctx.canSee(s)) throw new ApiError(403, 'Access denied.');
	const extended = set('extendedStatus');
	const contragentTypes = set('contragentTypes');
	const orderTypes = set('orderTypes');
	const orderMethods = set('orderMethods');
	const deliveryTypes = set('deliveryTypes');
	const shipmentStores = set('shipmentStores');
	const managers = set('managers');
	const paymentTypes = set('paymentTypes');
	const paymentStatuses = set('paymentStatuses');
	const customerId = asString(f.customerId);
	const customerExternalId = asString(f.customerExternalId);
	const email = asString(f.email);
	const inn = asString(f.contragentInn);
	const kpp = asString(f.contragentKpp);
	const shipped = asString(f.shipped);
	const customFields = customFieldMatcher(f.customFields);
	const visible = new Set(ctx.keySites());
	const groups = ctx.state.statusGroups;

	const rows = ctx.state.orders.filter((o: Order) => {
		if (!visible.has(o.site)) return false;
		if (ids && !ids.has(String(o.id))) return false;
		if (externalIds && (!o.externalId || !externalIds.has(o.externalId))) return false;
		if (numbers && !(ctx.state.config.numbersFilter === 'exact' ? numbers.has(o.number) : [...numbers].some((n) => o.number.toLowerCase().includes(n.toLowerCase())))) return false;
		if (sites && !sites.has(o.site)) return false;
		// extendedStatus: a status code or a status-group code (group matching is a choice; docs/retailcrm-api.md#orders UNVERIFIED).
		if (extended && !extended.has(o.status) && ![...extended].some((g) => groups[g]?.statuses.includes(o.status))) return false;
		if (createdFrom && o.createdAt < createdFrom) return false;
		if (createdTo && o.createdAt > createdTo) return false;
		if (statusFrom && o.statusUpdatedAt < statusFrom) return false;
		if (statusTo && o.statusUpdatedAt > statusTo) return false;
		if (contragentTypes && !contragentTypes.has(o.contragent.contragentType)) return false;
		if (orderTypes && !orderTypes.has(o.orderType)) return false;
		if (orderMethods && !orderMethods.has(o.orderMethod)) return false;
		if (deliveryTypes && (!o.delivery.code || !deliveryTypes.has(o.delivery.code))) return false;
		if (shipmentStores && (!o.shipmentStore || !shipmentStores.has(o.shipmentStore))) return false;
		if (managers && (o.managerId === undefined || !managers.has(String(o.managerId)))) return false;
		if (paymentTypes && !o.payments.some((p) => paymentTypes.has(p.type))) return false;
		if (paymentStatuses && !o.payments.some((p) => paymentStatuses.has(p.status))) return false;
		if (customerId && String(o.customerId) !== customerId) return false;
		if (customerExternalId && ctx.store.customer(o.customerId ?? -1)?.externalId !== customerExternalId) return false;
		if (email && o.email !== email) return false;
		if (inn && o.contragent.INN !== inn) return false;
		if (kpp && o.contragent.KPP !== kpp) return false;
		if (shipped !== undefined && shipped !== '' && o.shipped !== (shipped === '1' || shipped === 'true')) return false;
		if (customFields && !customFields(o)) return false;
		return true;
	});
	sortById(rows, 'desc');
	const { items, pagination } = paginate(rows, limit, page);
	return { status: 200, body: { success: true, pagination, orders: items.map((o) => renderOrder(ctx.store, o, 'keyed')) } };
}

/** Finds an order by the `{x}` path part and `by`/`site`, within the key's sites. */
export function findOrder(ctx: RequestContext, x: string): Order {
	const by = ctx.by();
	let order: Order | undefined;
	if (by === 'id') {
		const id = Number(x);
		order = /^\d+$/.test(x) ? ctx.store.order(id) : undefined;
		const site = ctx.stringParam('site');
		if (order && site && order.site !== site) order = undefined;
		if (site) ctx.site(false, site);
	} else {
		const site = ctx.site(true);
		order = ctx.state.orders.find((o) => o.externalId === x && o.site === site);
	}
	if (!order || !ctx.canSee(order.site)) throw notFound();
	return order;
}

function parseJsonObject(ctx: RequestContext, name: string): Record<string, unknown> {
	const v = ctx.jsonParam(name);
	if (v === null || typeof v !== 'object' || Array.isArray(v)) throw entityFormat({ [name]: 'This value should be an object.' });
	return v as Record<string, unknown>;
}

export function orderRoutes(): Route[] {
	return [
		{ method: 'GET', path: 'v5/orders', scope: 'order_read', handler: listOrders },
		{
			method: 'GET',
			path: 'v5/orders/statuses',
			scope: 'order_read',
			handler: (ctx) => {
				const ids = new Set(asStringList(ctx.param('ids')) ?? []);
				const externalIds = new Set(asStringList(ctx.param('externalIds')) ?? []);
				if (ids.size + externalIds.size === 0) throw missingParameter('ids');
				if (ids.size + externalIds.size > 500) throw inputErrors({ ids: 'This collection should contain 500 elements or less.' });
				const visible = new Set(ctx.keySites());
				const orders = ctx.state.orders
					.filter((o) => visible.has(o.site) && (ids.has(String(o.id)) || (o.externalId !== undefined && externalIds.has(o.externalId))))
					.map((o) => ({ id: o.id, externalId: o.externalId, status: o.status, group: ctx.store.statusGroupOf(o.status) }));
				return { status: 200, body: { success: true, orders } };
			},
		},
		{
			method: 'POST',
			path: 'v5/orders/create',
			scope: 'order_write',
			handler: (ctx) => {
				const input = parseJsonObject(ctx, 'order');
				const site = ctx.site(true, ctx.stringParam('site') ?? (typeof input.site === 'string' ? input.site : undefined))!;
				const order = createOrder(ctx.store, site, input, apiActor(ctx));
				return { status: 201, body: { success: true, id: order.id, order: renderOrder(ctx.store, order, 'array') } };
			},
		},
		{
			method: 'POST',
			path: 'v5/orders/fix-external-ids',
			scope: 'order_write',
			handler: (ctx) => {
				const rows = ctx.jsonParam('orders');
				if (!Array.isArray(rows) || rows.length === 0) throw new ApiError(400, 'Invalid input parameters', { orders: 'This value should not be blank.' });
				const parsed = rows.map((r, i) => {
					const row = (r ?? {}) as Record<string, unknown>;
					const id = Number(row.id);
					const externalId = row.externalId;
					if (!Number.isInteger(id) || (typeof externalId !== 'string' && typeof externalId !== 'number') || String(externalId) === '')
						throw new ApiError(400, 'Invalid input parameters', { [`orders[${i}]`]: 'Set both id and externalId.' });
					return { id, externalId: String(externalId) };
				});
				// A key only fixes orders of its own sites.
				for (const p of parsed) {
					const o = ctx.store.order(p.id);
					if (o && !ctx.canSee(o.site)) throw new ApiError(403, 'Access denied.');
				}
				fixExternalIds(ctx.store, parsed, apiActor(ctx));
				return { status: 200, body: { success: true } };
			},
		},
		{
			method: 'GET',
			path: 'v5/orders/:x',
			scope: 'order_read',
			handler: (ctx) => ({ status: 200, body: { success: true, order: renderOrder(ctx.store, findOrder(ctx, ctx.params.x), 'keyed') } }),
		},
		{
			method: 'POST',
			path: 'v5/orders/:x/edit',
			scope: 'order_write',
			handler: (ctx) => {
				const patch = parseJsonObject(ctx, 'order');
				const order = findOrder(ctx, ctx.params.x);
				editOrder(ctx.store, order, patch, apiActor(ctx));
				return { status: 200, body: { success: true, id: order.id, order: renderOrder(ctx.store, order, 'array') } };
			},
		},
	];
}
