import { z } from 'zod';
import { optBool, optStr } from '../normalise';
import { successSchema } from './common';

/**
 * integration-modules/{code} (not in our reference; shapes from the official Go and PHP clients:
 * GET answers `{success, integrationModule}`, POST …/edit takes form field `integrationModule` (JSON)
 * and answers `{success, info}`). Used to register a warehouse system.
 */
export const integrationModuleSchema = z
	.object({
		code: optStr(),
		integrationCode: optStr(),
		active: optBool(),
		name: optStr(),
		baseUrl: optStr(),
		accountUrl: optStr(),
		clientId: optStr(),
	})
	.passthrough();
export type CrmIntegrationModule = z.infer<typeof integrationModuleSchema>;

export const integrationModuleGetResponseSchema = successSchema.extend({ integrationModule: integrationModuleSchema });
export const integrationModuleEditResponseSchema = successSchema.extend({
	info: z.preprocess((v) => (Array.isArray(v) && v.length === 0 ? {} : v), z.record(z.unknown()).optional()),
});
