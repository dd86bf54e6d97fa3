import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { assertSecureUrl } from '../core/http/plain-http';
import { RetailCrmClient } from '../core/retailcrm/client';
import { credentialsCheckAnyNode } from '../core/retailcrm/credentials-check';
import { redactSecrets } from '../core/retailcrm/redact';
import { createFetchTransport } from './fetch-transport';
import { n8nClock } from './transport';

const PROXY_NOTE =
	' If n8n reaches the internet through a proxy: this test cannot use it (the nodes do), so try the key with RetailCRM Orders → Setup → Check Setup.';

/**
 * The retailCRM credential's Test button (nodes name it with `testedBy`). A declarative test makes one request and
 * can only compare single values, so it said "Connection successful" for a key without the scopes the nodes
 * need; this reads GET /api/credentials and names the missing scopes per node. The key goes in the X-API-KEY
 * header only and is scrubbed from every text.
 */
export async function retailCrmApiConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const apiKey = String(data.apiKey ?? '');
	const redact = (text: string) => redactSecrets(text, [apiKey]);
	try {
		// The nodes' rule (README "Plain HTTP"): the key is not sent in clear text to a public host, not even by the test.
		assertSecureUrl(String(data.url ?? ''), { credential: 'RetailCRM API', field: 'Account URL', allowPlainHttp: data.allowPlainHttp === true });
	} catch (error) {
		return { status: 'Error', message: redact(error instanceof Error ? error.message : String(error)) };
	}
	const client = new RetailCrmClient({
		baseUrl: String(data.url ?? ''),
		transport: createFetchTransport(apiKey === '' ? {} : { 'X-API-KEY': apiKey }),
		clock: n8nClock,
		// A button press: one retry of a 503/429 at most, not the nodes' patient back-off.
		retry: { maxAttempts: 2, maxDelayMs: 2_000 },
		redact,
	});
	try {
		const result = await credentialsCheckAnyNode(client);
		if (result.ok) return { status: 'OK', message: redact(result.message) };
		const network = result.errorKind === 'network';
		return { status: 'Error', message: redact(result.message) + (network ? PROXY_NOTE : '') };
	} catch (error) {
		return { status: 'Error', message: redact(error instanceof Error ? error.message : String(error)) };
	}
}
