import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { RetailCrmClient } from '../core/retailcrm/client';
import { redactSecrets } from '../core/retailcrm/redact';
import { createN8nTransport, n8nClock } from './transport';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * A retailCRM client for this node run. The key is added by n8n from the credential; it is read here
 * only so that texts shown to the user can be scrubbed of it.
 */
export async function retailCrmClientFor(context: Context): Promise<RetailCrmClient> {
	const credentials = await context.getCredentials('retailCrmApi');
	const apiKey = String(credentials.apiKey ?? '');
	return new RetailCrmClient({
		baseUrl: String(credentials.url ?? ''),
		transport: createN8nTransport(context, 'retailCrmApi'),
		clock: n8nClock,
		redact: (text) => redactSecrets(text, [apiKey]),
		logger: (message) => context.logger.info(message),
	});
}
