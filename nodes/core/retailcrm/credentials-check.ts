import type { RetailCrmClient } from './client';
import { RetailCrmApiError, type RetailCrmErrorKind } from './errors';
import { redactSecrets } from './redact';
import type { Credentials } from './schemas/api';

/**
 * The scopes each node calls (retailCRM: Administration → Integration → API access keys; the paths per node in
 * docs/retailcrm-api.md), so a key made for one flow is told which node it serves and which it does not. Every node
 * reads reference books (statuses, stores, price types, sites) for its dropdowns and checks: reference_read.
 * Stock Upload's uploads only write (store/inventories/upload, store/prices/upload); registering the warehouse
 * system is an operation of its own, done once, with the integration scopes. No node reads customers: the buyer comes
 * with the order.
 */
export const SCOPES_BY_NODE: Readonly<Record<string, readonly string[]>> = {
	'RetailCRM Orders': ['order_read', 'order_write', 'reference_read'],
	'Stock Upload': ['store_write', 'reference_read'],
	'Stock Upload → Register Warehouse System': ['integration_read', 'integration_write'],
	'retailCRM 1C Reconcile': ['order_read', 'reference_read', 'store_read'],
};

/**
 * Scopes of one key for every workflow: the union of SCOPES_BY_NODE (README's key set-up lists the same). No
 * customer_read: no node calls a customers method (an order carries its buyer). The setup check and the credential
 * test (credentialsCheckAnyNode) judge a key per node (nodeCoverage) instead.
 */
export const DEFAULT_REQUIRED_SCOPES: readonly string[] = [
	'order_read',
	'order_write',
	'reference_read',
	'store_read',
	'store_write',
	'integration_read',
	'integration_write',
];

/** "RetailCRM Orders needs order_write; Stock Upload has what it needs." for the scopes a key lacks. */
export function describeMissingScopes(missing: readonly string[]): string {
	const lacking = new Set(missing);
	return Object.entries(SCOPES_BY_NODE)
		.map(([node, scopes]) => {
			const needs = scopes.filter((scope) => lacking.has(scope));
			return needs.length > 0 ? `${node} needs ${needs.join(', ')}` : `${node} has what it needs`;
		})
		.join('; ');
}

/** Which nodes a key with `granted` scopes serves, and what each other node lacks. */
export function nodeCoverage(granted: readonly string[]): { served: string[]; lacking: Array<{ node: string; needs: string[] }> } {
	const has = new Set(granted);
	const served: string[] = [];
	const lacking: Array<{ node: string; needs: string[] }> = [];
	for (const [node, scopes] of Object.entries(SCOPES_BY_NODE)) {
		const needs = scopes.filter((scope) => !has.has(scope));
		if (needs.length === 0) served.push(node);
		else lacking.push({ node, needs });
	}
	return { served, lacking };
}

export type CredentialsProblem = 'wrongUrl' | 'wrongKey' | 'missingScopes' | 'unavailable';

export interface CredentialsCheckResult {
	ok: boolean;
	/** One English paragraph for the credential test / docs. Never contains the key. */
	message: string;
	problem?: CredentialsProblem;
	missingScopes?: string[];
	credentials?: Credentials;
	errorKind?: RetailCrmErrorKind;
}

const URL_KINDS: RetailCrmErrorKind[] = ['accountMissing', 'badResponse', 'unknownMethod', 'notFound'];
const KEY_KINDS: RetailCrmErrorKind[] = ['missingKey', 'invalidKey'];

/** GET /api/credentials, or the failed result that tells a wrong URL, a wrong key and an unreachable account apart. */
async function readCredentials(
	client: RetailCrmClient,
	deniedMissing: readonly string[],
): Promise<{ credentials: Credentials; failed?: undefined } | { failed: CredentialsCheckResult }> {
	try {
		return { credentials: await client.credentials() };
	} catch (error) {
		if (!(error instanceof RetailCrmApiError)) {
			// The client wraps every failure; anything else is a bug, reported rather than thrown so the test stays readable.
			const text = redactSecrets(error instanceof Error ? error.message : String(error));
			return { failed: { ok: false, problem: 'unavailable', message: `Unexpected failure while checking the credentials: ${text}` } };
		}
		const kind = error.kind;
		if (KEY_KINDS.includes(kind)) {
			const why = kind === 'missingKey' ? 'no API key was sent' : 'the API key is not valid';
			return {
				failed: {
					ok: false,
					problem: 'wrongKey',
					errorKind: kind,
					message: `The retailCRM account at ${client.baseUrl} answered, but ${why}. ${error.hint}`,
				},
			};
		}
		if (URL_KINDS.includes(kind) || (kind === 'network' && error.networkKind === 'dns')) {
			return {
				failed: {
					ok: false,
					problem: 'wrongUrl',
					errorKind: kind,
					message: `No retailCRM API answers at ${client.baseUrl} (${error.message}). Use the account address, e.g. https://<your-account>.retailcrm.ru.`,
				},
			};
		}
		if (kind === 'accessDenied') {
			return {
				failed: {
					ok: false,
					problem: 'missingScopes',
					errorKind: kind,
					missingScopes: [...deniedMissing],
					message: `The API key is valid but may not even read its own permissions. ${error.hint}`,
				},
			};
		}
		return { failed: { ok: false, problem: 'unavailable', errorKind: kind, message: `${error.message}. ${error.hint}` } };
	}
}

function storesOf(credentials: Credentials): string {
	return credentials.siteAccess === 'access_full' ? 'all stores' : `stores: ${credentials.sitesAvailable.join(', ') || 'none'}`;
}

/**
 * Calls GET /api/credentials and tells apart a wrong URL (no retailCRM answers there), a wrong key,
 * and a key lacking scopes. `requiredScopes` is a parameter so each node can ask only for what it uses.
 */
export async function credentialsCheck(
	client: RetailCrmClient,
	requiredScopes: readonly string[] = DEFAULT_REQUIRED_SCOPES,
): Promise<CredentialsCheckResult> {
	const read = await readCredentials(client, requiredScopes);
	if (read.failed) return read.failed;
	const credentials = read.credentials;
	const granted = new Set(credentials.scopes);
	const missingScopes = requiredScopes.filter((scope) => !granted.has(scope));
	const stores = storesOf(credentials);
	if (missingScopes.length > 0) {
		return {
			ok: false,
			problem: 'missingScopes',
			missingScopes,
			credentials,
			message: `The API key is valid (${stores}) but lacks these permissions: ${missingScopes.join(', ')} (${describeMissingScopes(missingScopes)}). Enable them for the key in retailCRM: Administration → Integration → API access keys.`,
		};
	}
	return { ok: true, credentials, missingScopes: [], message: `Connected to retailCRM at ${client.baseUrl} (${stores}); the key has every required permission.` };
}

/**
 * The credential's Test button: a key made for one workflow (least privilege) passes when it serves at least one
 * node, and the message says which nodes it serves and what the others would need. It fails when the key serves no
 * node, naming what each node needs (and first what every node needs, reference_read).
 */
export async function credentialsCheckAnyNode(client: RetailCrmClient): Promise<CredentialsCheckResult> {
	const everyScope = [...new Set(Object.values(SCOPES_BY_NODE).flat())];
	const read = await readCredentials(client, everyScope);
	if (read.failed) return read.failed;
	const credentials = read.credentials;
	const stores = storesOf(credentials);
	const { served, lacking } = nodeCoverage(credentials.scopes);
	const missingScopes = everyScope.filter((scope) => !credentials.scopes.includes(scope));
	const needs = lacking.map(({ node, needs: scopes }) => `${node} needs ${scopes.join(', ')}`).join('; ');
	if (served.length === 0) {
		const common = credentials.scopes.includes('reference_read')
			? ''
			: ' Every node reads the reference books (reference_read) for its lists and checks; only Register Warehouse System does without.';
		return {
			ok: false,
			problem: 'missingScopes',
			missingScopes,
			credentials,
			message: `The API key is valid (${stores}) but serves none of the nodes: ${needs}.${common} Enable the scopes of the nodes you use for the key in retailCRM: Administration → Integration → API access keys.`,
		};
	}
	const others = lacking.length > 0 ? ` Other nodes would need more scopes: ${needs}.` : ' It has every scope the nodes use.';
	return {
		ok: true,
		credentials,
		missingScopes,
		message: `Connected to retailCRM at ${client.baseUrl} (${stores}); the key serves ${served.join(', ')}.${others}`,
	};
}
