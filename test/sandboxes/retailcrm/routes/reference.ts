/** Reference books (reference §6): keyed objects for most, arrays for stores, price-types and legal-entities. */
import type { Route } from '../router';
import type { SandboxState } from '../types';
import { toLocal } from '../dates';

type KeyedBook = 'statuses' | 'statusGroups' | 'orderTypes' | 'orderMethods' | 'deliveryTypes' | 'paymentTypes' | 'paymentStatuses' | 'units';

const keyed: [string, KeyedBook][] = [
	['statuses', 'statuses'],
	['status-groups', 'statusGroups'],
	['order-types', 'orderTypes'],
	['order-methods', 'orderMethods'],
	['delivery-types', 'deliveryTypes'],
	['payment-types', 'paymentTypes'],
	['payment-statuses', 'paymentStatuses'],
	['units', 'units'],
];

const arrays: [string, 'stores' | 'priceTypes' | 'legalEntities'][] = [
	['stores', 'stores'],
	['price-types', 'priceTypes'],
	['legal-entities', 'legalEntities'],
];

export function referenceRoutes(): Route[] {
	const routes: Route[] = keyed.map(([path, book]) => ({
		method: 'GET' as const,
		path: `v5/reference/${path}`,
		scope: 'reference_read',
		handler: (ctx) => ({ status: 200, body: { success: true, [book]: (ctx.state as SandboxState)[book] } }),
	}));
	routes.push(
		...arrays.map(([path, book]) => ({
			method: 'GET' as const,
			path: `v5/reference/${path}`,
			scope: 'reference_read',
			handler: (ctx: import('../context').RequestContext) => ({ status: 200, body: { success: true, [book]: ctx.state[book] } }),
		})),
	);
	routes.push({
		method: 'GET',
		path: 'v5/reference/sites',
		scope: 'reference_read',
		handler: (ctx) => {
			const sites: Record<string, unknown> = {};
			for (const s of Object.values(ctx.state.sites)) {
				sites[s.code] = {
					...s,
					catalogUpdatedAt: s.catalogUpdatedAt ? toLocal(s.catalogUpdatedAt, ctx.tz) : undefined,
					catalogLoadingAt: s.catalogLoadingAt ? toLocal(s.catalogLoadingAt, ctx.tz) : undefined,
				};
			}
			return { status: 200, body: { success: true, sites } };
		},
	});
	return routes;
}
