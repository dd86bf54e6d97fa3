import { z } from 'zod';
import { keyedList, optStr, str } from '../normalise';
import { successSchema } from './common';

/** GET /api/api-versions (docs/retailcrm-api.md#scopes). */
export const apiVersionsResponseSchema = successSchema.extend({ versions: keyedList(str()) });

/** GET /api/credentials: what the calling key may do (docs/retailcrm-api.md#scopes). */
export const credentialsSchema = z
	.object({
		scopes: keyedList(str()),
		/** "access_full" (every store) or "access_selective". */
		siteAccess: optStr(),
		sitesAvailable: keyedList(str()),
		/** Deprecated list of API paths the key may call; kept because older accounts still send it. */
		credentials: keyedList(str()),
	})
	.passthrough();
export type Credentials = z.infer<typeof credentialsSchema>;
export const credentialsResponseSchema = successSchema.merge(credentialsSchema);
