import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { assertSecureUrl } from '../core/http/plain-http';
import type { HttpResponse } from '../core/http/transport';
import { basicAuthHeader } from '../core/onec/auth';
import { REQUIRED_SETS } from '../core/onec/model';
import { normalizeRootUrl, redactUrl } from '../core/onec/url';
import { RetailCrmClient } from '../core/retailcrm/client';
import { credentialsCheckAnyNode } from '../core/retailcrm/credentials-check';
import { redactSecrets } from '../core/retailcrm/redact';
import { createFetchTransport } from './fetch-transport';
import { n8nClock } from './transport';

/** The Test button's answer when the URL breaks the nodes' plain-HTTP rule (no request is sent), else undefined. */
function plainHttpRefusal(url: string, credential: string, field: string, allowPlainHttp: boolean, redact: (text: string) => string): INodeCredentialTestResult | undefined {
	try {
		assertSecureUrl(url, { credential, field, allowPlainHttp });
		return undefined;
	} catch (error) {
		return { status: 'Error', message: redact(error instanceof Error ? error.message : String(error)) };
	}
}

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
	// The nodes' rule (README "Plain HTTP"): the key is not sent in clear text to a public host, not even by the test.
	const refused = plainHttpRefusal(String(data.url ?? ''), 'RetailCRM API', 'Account URL', data.allowPlainHttp === true, redact);
	if (refused) return refused;
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

const ONEC_PROXY_NOTE =
	' If n8n reaches the network through a proxy: this test cannot use it (the nodes do), so try the login with 1C UT10 Store → Setup → Check Setup.';

/** What a status of the service document means (the old declarative test's rules, kept word for word). */
const ONEC_STATUS_TEXT: Record<number, string> = {
	401: '1C rejected the user or password. Check the login exactly as in the 1C user list.',
	403: 'The 1C user may not use the OData interface. Give the user the rights README lists, then run 1C UT10 Store → Setup → Check Setup.',
	404: 'No standard OData interface at this URL. It must end with /odata/standard.odata, and the publication must have «Публиковать стандартный интерфейс OData» on.',
	500: '1C or its web server failed (licence limit, sessions locked for maintenance, the 1C server cluster down). 1C UT10 Store → Setup → Check Setup shows 1C\'s own text.',
};

const NOT_ODATA =
	'The server answered, but not with 1C OData JSON. Check that the URL ends with /odata/standard.odata and that OData is published for this base.';

/** The published sets of a service document answer, or undefined when it is not 1C OData JSON. */
function publishedSets(response: HttpResponse): unknown[] | undefined {
	try {
		const body = JSON.parse(response.body.replace(/^\uFEFF/, '')) as { value?: unknown };
		return Array.isArray(body?.value) ? body.value : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The 1C credential's Test button (nodes name it with `testedBy`). A declarative test would send the Basic login to
 * whatever the URL says, plain http:// to a public host included; this applies the nodes' rule first (README "Plain
 * HTTP"), then reads the OData service document once: it answers whatever the composition holds, so a 404 can only
 * be a wrong URL, and an empty list is the state of every new publication. The password is scrubbed from every text.
 */
export async function oneCUt10ApiConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const user = String(data.user ?? '');
	const password = String(data.password ?? '');
	const redact = (text: string) => redactSecrets(redactUrl(text), [password]);
	const url = String(data.url ?? '');
	const refused = plainHttpRefusal(url, '1C UT10 API', 'OData URL', data.allowPlainHttp === true, redact);
	if (refused) return refused;
	// As the client (core/onec/url.ts): query and fragment dropped, a pasted /$metadata dropped, /odata/standard.odata added.
	const root = normalizeRootUrl(url);
	const transport = createFetchTransport({ Authorization: basicAuthHeader(user, password), Accept: 'application/json' });
	let response: HttpResponse;
	try {
		response = await transport.request({ method: 'GET', url: `${root}/?$format=json` });
	} catch (error) {
		const text = error instanceof Error ? error.message : String(error);
		return { status: 'Error', message: redact(`No answer from ${root}: ${text}.`) + ONEC_PROXY_NOTE };
	}
	const known = ONEC_STATUS_TEXT[response.status] ?? (response.status > 500 ? ONEC_STATUS_TEXT[500] : undefined);
	if (known) return { status: 'Error', message: known };
	if (response.status < 200 || response.status > 299) {
		return { status: 'Error', message: redact(`1C's web server at ${root} answered HTTP ${response.status}. Check the OData URL.`) };
	}
	const sets = publishedSets(response);
	if (!sets) return { status: 'Error', message: NOT_ODATA };
	if (sets.length === 0) {
		return {
			status: 'Error',
			message: `Connected to 1C, but its OData composition is empty (a new publication publishes nothing). Publish these sets (УстановитьСоставСтандартногоИнтерфейсаOData): ${REQUIRED_SETS.join(', ')}`,
		};
	}
	// A composition that lacks some sets passes here; Check Setup names each missing set.
	return { status: 'OK', message: redact(`Connected to 1C at ${root}: the OData interface publishes ${sets.length} set${sets.length === 1 ? '' : 's'}. 1C UT10 Store → Setup → Check Setup names any the nodes need that is missing.`) };
}
