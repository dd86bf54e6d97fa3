/** orders/payments/create and orders/payments/{x}/edit (payments-domain.ts). */
import type { RequestContext } from '../context';
import { entityFormat } from '../envelope';
import { createPayment, editPayment } from '../payments-domain';
import type { Route } from '../router';
import type { Order } from '../types';
import { apiActor } from './orders';

function paymentJson(ctx: RequestContext): Record<string, unknown> {
	const v = ctx.jsonParam('payment');
	if (v === null || typeof v !== 'object' || Array.isArray(v)) throw entityFormat({ payment: 'This value should be an object.' });
	return v as Record<string, unknown>;
}

/** `payment.order` = {id} | {externalId} | {number}, within the key's sites (`site` narrows externalId/number). */
function orderFinder(ctx: RequestContext) {
	return (ref: Record<string, unknown>): Order | undefined => {
		const visible = (o: Order) => ctx.canSee(o.site);
		if (ref.id !== undefined) {
			const o = ctx.store.order(Number(ref.id));
			return o && visible(o) ? o : undefined;
		}
		// Addressing by externalId (or number) needs `site` when the key reaches several stores (docs/retailcrm-api.md#base-url-and-keys):
		// 400 Parameter 'site' is missing, the stricter reading for an order named inside the payment.
		const site = ctx.site(true);
		const sameSite = (o: Order) => visible(o) && (site === undefined || o.site === site);
		if (ref.externalId !== undefined) return ctx.state.orders.find((o) => sameSite(o) && o.externalId === String(ref.externalId));
		if (ref.number !== undefined) return ctx.state.orders.find((o) => sameSite(o) && o.number === String(ref.number));
		return undefined;
	};
}

export function paymentRoutes(): Route[] {
	return [
		{
			method: 'POST',
			path: 'v5/orders/payments/create',
			scope: 'order_write',
			handler: (ctx) => {
				const { payment } = createPayment(ctx.store, paymentJson(ctx), orderFinder(ctx), apiActor(ctx));
				return { status: 201, body: { success: true, id: payment.id } };
			},
		},
		{
			method: 'POST',
			path: 'v5/orders/payments/:x/edit',
			scope: 'order_write',
			handler: (ctx) => {
				const by = ctx.by();
				// by=externalId: `site` as for orders (required when the key reaches several stores); the payment must be of an order there.
				const site = by === 'externalId' ? ctx.site(true) : undefined;
				const { payment } = editPayment(ctx.store, ctx.params.x, by, paymentJson(ctx), (o) => ctx.canSee(o.site) && (site === undefined || o.site === site), apiActor(ctx));
				return { status: 200, body: { success: true, id: payment.id } };
			},
		},
	];
}
