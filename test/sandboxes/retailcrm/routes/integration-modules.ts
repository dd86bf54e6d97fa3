/** integration-modules/{code} (used to register the integration as the warehouse system, `integrations.store`). */
import { entityFormat, notFound } from '../envelope';
import type { Route } from '../router';

export function integrationModuleRoutes(): Route[] {
	return [
		{
			method: 'POST',
			path: 'v5/integration-modules/:code/edit',
			scope: 'integration_write',
			handler: (ctx) => {
				const m = ctx.jsonParam('integrationModule');
				if (m === null || typeof m !== 'object' || Array.isArray(m)) throw entityFormat({ integrationModule: 'This value should be an object.' });
				const code = ctx.params.code;
				const existing = ctx.state.integrationModules[code];
				const module = { ...(existing ?? {}), ...(m as Record<string, unknown>), code };
				ctx.state.integrationModules[code] = module;
				// Real answers carry `info` (billing data etc.); an empty map here.
				return { status: existing ? 200 : 201, body: { success: true, info: {} } };
			},
		},
		{
			method: 'GET',
			path: 'v5/integration-modules/:code',
			scope: 'integration_read',
			handler: (ctx) => {
				const m = ctx.state.integrationModules[ctx.params.code];
				if (!m) throw notFound();
				return { status: 200, body: { success: true, integrationModule: m } };
			},
		},
	];
}
