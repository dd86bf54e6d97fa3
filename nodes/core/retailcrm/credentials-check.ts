import type { RetailCrmClient } from './client';
import { RetailCrmApiError, type RetailCrmErrorKind } from './errors';
import { redactSecrets } from './redact';
import type { Credentials } from './schemas/api';

/**
 * The scopes each node uses (retailCRM: Administration → Integration → API access keys), so a key made for one
 * flow is told which node it serves and which it does not.
 */
export const SCOPES_BY_NODE: Readonly<Record<string, readonly string[]>> = {
	'RetailCRM Orders': ['order_read', 'order_write', 'customer_read', 'reference_read'],
	'Stock Upload': ['store_read', 'store_write', 'reference_read', 'integration_read', 'integration_write'],
	'retailCRM 1C Reconcile': ['order_read', 'reference_read', 'store_read'],
};

/** Scopes our nodes use: orders in/out, customers, reference books, stock and prices, warehouse registration. */
export const DEFAULT_REQUIRED_SCOPES: readonly string[] = [
	'order_read',
	'order_write',
	'customer_read',
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

/**
 * Calls GET /api/credentials and tells apart a wrong URL (no retailCRM answers there), a wrong key,
 * and a key lacking scopes. `requiredScopes` is a parameter so each node can ask only for what it uses.
 */
export async function credentialsCheck(
	client: RetailCrmClient,
	requiredScopes: readonly string[] = DEFAULT_REQUIRED_SCOPES,
): Promise<CredentialsCheckResult> {
	let credentials: Credentials;
	try {
		credentials = await client.credentials();
	} catch (error) {
		if (!(error instanceof RetailCrmApiError)) {
			// The client wraps every failure; anything else is a bug, reported rather than thrown so the test stays readable.
			const text = redactSecrets(error instanceof Error ? error.message : String(error));
			return { ok: false, problem: 'unavailable', message: `Unexpected failure while checking the credentials: ${text}` };
		}
		const kind = error.kind;
		if (KEY_KINDS.includes(kind)) {
			const why = kind === 'missingKey' ? 'no API key was sent' : 'the API key is not valid';
			return {
				ok: false,
				problem: 'wrongKey',
				errorKind: kind,
				message: `The retailCRM account at ${client.baseUrl} answered, but ${why}. ${error.hint}`,
			};
		}
		if (URL_KINDS.includes(kind) || (kind === 'network' && error.networkKind === 'dns')) {
			return {
				ok: false,
				problem: 'wrongUrl',
				errorKind: kind,
				message: `No retailCRM API answers at ${client.baseUrl} (${error.message}). Use the account address, e.g. https://<your-account>.retailcrm.ru.`,
			};
		}
		if (kind === 'accessDenied') {
			return {
				ok: false,
				problem: 'missingScopes',
				errorKind: kind,
				missingScopes: [...requiredScopes],
				message: `The API key is valid but may not even read its own permissions. ${error.hint}`,
			};
		}
		return { ok: false, problem: 'unavailable', errorKind: kind, message: `${error.message}. ${error.hint}` };
	}
	const granted = new Set(credentials.scopes);
	const missingScopes = requiredScopes.filter((scope) => !granted.has(scope));
	const stores =
		credentials.siteAccess === 'access_full' ? 'all stores' : `stores: ${credentials.sitesAvailable.join(', ') || 'none'}`;
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
