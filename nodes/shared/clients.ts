import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import type { Transport } from '../core/http/transport';
import { OneCClient } from '../core/onec/client';
import { RetailCrmClient, clampRate } from '../core/retailcrm/client';
import { redactSecrets } from '../core/retailcrm/redact';
import { createN8nTransport, n8nClock } from './transport';

type Context = IExecuteFunctions | ILoadOptionsFunctions;
/** Wraps the n8n transport, e.g. to count requests. */
type Wrap = (transport: Transport) => Transport;
const asIs: Wrap = (t) => t;

/**
 * A retailCRM client for this node run. The key is added by n8n from the credential; it is read here
 * only so that texts shown to the user can be scrubbed of it.
 */
export async function retailCrmClientFor(context: Context, wrap: Wrap = asIs): Promise<RetailCrmClient> {
	const credentials = await context.getCredentials('retailCrmApi');
	const apiKey = String(credentials.apiKey ?? '');
	return new RetailCrmClient({
		baseUrl: String(credentials.url ?? ''),
		transport: wrap(createN8nTransport(context, 'retailCrmApi')),
		clock: n8nClock,
		ratePerSecond: clampRate(credentials.requestsPerSecond),
		redact: (text) => redactSecrets(text, [apiKey]),
		logger: (message) => context.logger.info(message),
	});
}

/** A 1C UT 10.3 OData client for this node run; the login is added by n8n from the credential. */
export async function oneCClientFor(context: Context, wrap: Wrap = asIs): Promise<OneCClient> {
	const credentials = await context.getCredentials('oneCUt10Api');
	return new OneCClient({
		rootUrl: String(credentials.url ?? ''),
		transport: wrap(createN8nTransport(context, 'oneCUt10Api')),
		clock: n8nClock,
		// 1C dates have no zone: "now" for price and rate slices is the workflow's wall clock.
		timeZone: typeof context.getTimezone === 'function' ? context.getTimezone() : undefined,
		logger: (message) => context.logger.info(message),
	});
}
