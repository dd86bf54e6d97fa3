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
				const module: Record<string, unknown> = { ...(existing ?? {}), ...(m as Record<string, unknown>), code };
				// retailCRM refuses a module whose code does not start with its integrationCode: "Errors in the entity format",
				// errors.code "Code prefix must match integrationCode" (api-client-php tests/src/Factory/ApiExceptionFactoryTest.php).
				// A missing integrationCode or name is refused too (the stricter reading; every official module sends both).
				const errors: Record<string, string> = {};
				const integrationCode = typeof module.integrationCode === 'string' ? module.integrationCode : '';
				if (integrationCode === '') errors.integrationCode = 'This value should not be blank.';
				else if (!code.startsWith(integrationCode)) errors.code = 'Code prefix must match integrationCode';
				if (typeof module.name !== 'string' || module.name.trim() === '') errors.name = 'This value should not be blank.';
				if (Object.keys(errors).length) throw entityFormat(errors);
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
