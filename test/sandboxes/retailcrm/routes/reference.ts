/** Reference books (docs/retailcrm-api.md#reference-books): keyed objects for most, arrays for stores, price-types and legal-entities. */
import type { Route } from '../router';
import type { RequestContext } from '../context';
import { toLocal } from '../dates';
import { ApiError, entityFormat } from '../envelope';

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
		handler: (ctx: RequestContext) => ({ status: 200, body: { success: true, [book]: ctx.state[book] } }),
	}));
	routes.push(
		...arrays.map(([path, book]) => ({
			method: 'GET' as const,
			path: `v5/reference/${path}`,
			scope: 'reference_read',
			handler: (ctx: RequestContext) => ({ status: 200, body: { success: true, [book]: ctx.state[book] } }),
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
	routes.push({
		// PrestaShop points the store at its ICML file this way (docs/retailcrm-api.md#reference-books): `site={"code":…,"ymlUrl":…}`.
		method: 'POST',
		path: 'v5/reference/sites/:code/edit',
		scope: 'reference_write',
		handler: (ctx) => {
			const input = ctx.jsonParam('site');
			if (input === null || typeof input !== 'object' || Array.isArray(input)) throw entityFormat({ site: 'This value should be an object.' });
			const code = ctx.params.code;
			const existing = ctx.state.sites[code];
			if (!existing) throw new ApiError(400, 'Errors in the entity format', { code: 'Creating sites is not supported by the sandbox.' });
			const patch = input as Record<string, unknown>;
			for (const k of ['name', 'url', 'description', 'ymlUrl'] as const) if (typeof patch[k] === 'string') existing[k] = patch[k] as string;
			if (typeof patch.loadFromYml === 'boolean') existing.loadFromYml = patch.loadFromYml;
			return { status: 200, body: { success: true, id: existing.id } };
		},
	});
	return routes;
}
