/**
 * Registers our integration as the account's warehouse system: `POST integration-modules/{code}/edit` with an
 * `integrations.store` block, as retailCRM's own 1C module does, so that retailCRM treats stock as managed outside
 * (managers stop editing it by hand, the uploads are the truth).
 *
 * UNVERIFIED against a real account: the public API documentation (docs/retailcrm-api.md#integration-modules) names
 * the endpoint and the `integrations.store` block but not its inner fields. We send `integrations.store.actions: []`
 * (no callbacks: we push, retailCRM never calls us) and let the caller deep-merge any field on top ("Extra Module
 * Fields"), so a difference found on a real account is a parameter change, not a code change.
 */
import type { RetailCrmClient } from '../../retailcrm/client';
import { RetailCrmApiError } from '../../retailcrm/errors';
import type { CrmIntegrationModule } from '../../retailcrm/schemas/integration';

export type WarehouseSystemClient = Pick<RetailCrmClient, 'getIntegrationModule' | 'editIntegrationModule'>;

export interface WarehouseSystemOptions {
	/** Module code in the account, e.g. `n8n-1c-stock` (letters, digits, `-`, `_`). */
	code: string;
	name: string;
	active: boolean;
	/** Defaults to the code. */
	clientId?: string;
	/** Where the integration lives (shown in the CRM); optional. */
	baseUrl?: string;
	accountUrl?: string;
	/** Deep-merged over the module we build (objects merged, arrays and values replaced). */
	extra?: Record<string, unknown>;
}

export interface WarehouseSystemResult {
	/** False when a module with this code existed and was updated. */
	created: boolean;
	module: CrmIntegrationModule & { code: string };
	info: Record<string, unknown>;
}

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(patch)) {
		if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
		out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as Record<string, unknown>, value) : value;
	}
	return out;
}

/** The module body: what is already registered under the code, our fields over it, then `extra`. */
export function warehouseSystemModule(
	options: WarehouseSystemOptions,
	existing?: CrmIntegrationModule,
): CrmIntegrationModule & { code: string } {
	const code = options.code.trim();
	if (!CODE_PATTERN.test(code)) {
		throw new Error(`The module code "${options.code}" is not valid: use 1 to 60 Latin letters, digits, "-" or "_", e.g. n8n-1c-stock`);
	}
	if (options.name.trim() === '') throw new Error('The module name is empty');
	const ours: Record<string, unknown> = {
		code,
		integrationCode: code,
		active: options.active,
		name: options.name.trim(),
		clientId: options.clientId?.trim() || code,
		integrations: { store: { actions: [] } },
	};
	if (options.baseUrl) ours.baseUrl = options.baseUrl.trim();
	if (options.accountUrl) ours.accountUrl = options.accountUrl.trim();
	const merged = deepMerge(deepMerge((existing ?? {}) as Record<string, unknown>, ours), options.extra ?? {});
	// The code in the path and in the body must agree; `extra` may not move the module.
	merged.code = code;
	// retailCRM refuses a module whose code does not start with its integrationCode ("Code prefix must match
	// integrationCode", docs/retailcrm-api.md#integration-modules): said here, naming both, before any request.
	const integrationCode = merged.integrationCode;
	if (typeof integrationCode !== 'string' || integrationCode === '' || !code.startsWith(integrationCode)) {
		throw new Error(`The module code "${code}" must start with its integrationCode (${JSON.stringify(integrationCode ?? null)}): retailCRM refuses it otherwise; remove integrationCode from "Extra Module Fields (JSON)" or make it a prefix of the code`);
	}
	return merged as CrmIntegrationModule & { code: string };
}

/** The module registered under `code`, or undefined when retailCRM answers 404 (not registered yet). */
async function readExisting(client: WarehouseSystemClient, code: string): Promise<CrmIntegrationModule | undefined> {
	const found = await client.getIntegrationModule(code).then(
		(module) => ({ module, error: undefined }),
		(error: unknown) => ({ module: undefined, error }),
	);
	if (found.error === undefined) return found.module;
	if (found.error instanceof RetailCrmApiError && found.error.kind === 'notFound') return undefined;
	throw found.error;
}

export async function registerWarehouseSystem(client: WarehouseSystemClient, options: WarehouseSystemOptions): Promise<WarehouseSystemResult> {
	const existing = await readExisting(client, options.code.trim());
	const module = warehouseSystemModule(options, existing);
	const info = await client.editIntegrationModule(module);
	return { created: existing === undefined, module, info };
}
