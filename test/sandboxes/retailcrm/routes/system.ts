/** Unversioned endpoints: api-versions, credentials, system-info (docs/retailcrm-api.md#scopes). */
import type { Route, Router } from '../router';

export function systemRoutes(router: Router, baseUrl: () => string): Route[] {
	return [
		{ method: 'GET', path: 'api-versions', handler: () => ({ status: 200, body: { success: true, versions: ['3.0', '4.0', '5.0'] } }) },
		{
			method: 'GET',
			path: 'credentials',
			handler: (ctx) => {
				// Deprecated `credentials`: the API paths this key may call, derived from the route table.
				const credentials = router
					.all()
					.filter((r) => !r.scope || ctx.key.scopes.includes(r.scope))
					.map((r) => `/api/${r.path.replace(/:(\w+)/g, '{$1}')}`);
				return {
					status: 200,
					body: {
						success: true,
						scopes: [...ctx.key.scopes],
						siteAccess: ctx.key.siteAccess,
						sitesAvailable: ctx.keySites(),
						credentials: [...new Set(credentials)],
					},
				};
			},
		},
		{
			method: 'GET',
			path: 'system-info',
			handler: () => ({ status: 200, body: { success: true, systemVersion: '8.1.51', publicUrl: baseUrl(), technicalUrl: baseUrl() } }),
		},
	];
}
