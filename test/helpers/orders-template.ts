/**
 * The Flow 1 template (workflows/retailcrm-orders-to-1c.json) run as n8n runs it on a schedule, through n8n-core's
 * engine against both sandboxes, with one static-data object kept between runs. Shared by the template tests.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runWorkflow, type RunResult } from './run-workflow';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';

export const ORDERS_TEMPLATE = JSON.parse(readFileSync(join(__dirname, '../../workflows/retailcrm-orders-to-1c.json'), 'utf8')) as {
	id: string;
	nodes: INode[];
	connections: Record<string, { main: Array<Array<{ node: string; index: number }>> }>;
};

export const GET = 'Get Changed Orders';
export const ONEC = 'Create or Update in 1C';
export const WRITE_BACK = 'Write Back to retailCRM';
export const CONFIRM = 'Confirm Processed';
export const RELEASE_FORM = 'Release Quarantined Orders (Form)';
export const PUSH_TRIGGER = 'retailCRM Trigger';
export const PUSH_GET = 'Get Pushed Order';
export const DOCS = 'Document_ЗаказПокупателя';

export type Patch = Record<string, Partial<INode>>;

function templateNode(name: string): INode {
	const node = ORDERS_TEMPLATE.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`The template has no node "${name}"`);
	return node;
}

/** Node parameters merged over the template's (run-workflow's patch replaces whole keys); `options` merged too. */
export function withParameters(name: string, parameters: IDataObject, extra: Partial<INode> = {}): Patch {
	const node = templateNode(name);
	const merged = { ...node.parameters, ...parameters } as IDataObject;
	if (parameters.options && node.parameters.options) merged.options = { ...(node.parameters.options as IDataObject), ...(parameters.options as IDataObject) };
	return { [name]: { ...extra, parameters: merged as INodeParameters } };
}

/** Several patches of different nodes (later ones win per node). */
export function patches(...list: Patch[]): Patch {
	const out: Patch = {};
	for (const p of list) {
		for (const [name, value] of Object.entries(p)) {
			const held = out[name];
			out[name] = held ? { ...held, ...value, parameters: { ...(held.parameters ?? {}), ...(value.parameters ?? {}) } as INodeParameters } : value;
		}
	}
	return out;
}

/** Retries due at once (the template waits 4 minutes, more than a test should). */
export const retryNow = withParameters(GET, { options: { retryDelayMinutes: 0 } });

export function credentialsFor(crm: RetailCrmSandbox, onec: OneCSandbox): Record<string, ICredentialDataDecryptedObject> {
	return {
		retailCrmApi: { url: crm.url, apiKey: crm.keys.integration },
		oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password },
	};
}

export interface SeedSandboxes {
	crm: RetailCrmSandbox;
	onec: OneCSandbox;
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

/**
 * Both sandboxes with their seeds for one test file (port 0, retailCRM's rate limit off: the engine runs back to back),
 * started in its beforeAll and closed in its afterAll; the fields are set once the beforeAll has run.
 */
export function useSeedSandboxes(): SeedSandboxes {
	const sandboxes = {} as SeedSandboxes;
	beforeAll(async () => {
		sandboxes.crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
		sandboxes.onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		sandboxes.credentials = credentialsFor(sandboxes.crm, sandboxes.onec);
	});
	afterAll(async () => {
		await Promise.all([sandboxes.crm?.close(), sandboxes.onec?.close()]);
	});
	return sandboxes;
}

/** Both sandboxes back to their seeds; the CRM offers get the 1C GUIDs as external IDs (what the catalog flow sets). */
export function resetSandboxes(crm: RetailCrmSandbox, onec: OneCSandbox): void {
	crm.reset('seed');
	const guids: Record<number, string> = { 1: SEED_IDS.items.jeans48, 2: SEED_IDS.items.jeans50 };
	for (const offer of crm.state.offers) if (guids[offer.id]) offer.externalId = guids[offer.id];
	crm.reindex();
	onec.state.reset('seed');
	onec.state.log.length = 0;
}

export interface TemplateRunner {
	run(
		staticData: IDataObject,
		patch?: Patch,
		options?: { trigger?: string; triggerItems?: INodeExecutionData[]; mode?: 'trigger' | 'webhook' | 'manual'; startAt?: string },
	): Promise<RunResult>;
}

export function templateRunner(credentials: () => Record<string, ICredentialDataDecryptedObject>): TemplateRunner {
	return {
		run: (staticData, patch = retryNow, options = {}) =>
			runWorkflow(ORDERS_TEMPLATE, {
				credentials: credentials(),
				staticData,
				patch,
				mode: options.mode ?? 'trigger',
				trigger: options.trigger ?? 'Every 5 Minutes',
				...(options.triggerItems ? { triggerItems: options.triggerItems } : {}),
				...(options.startAt ? { startAt: options.startAt } : {}),
			}),
	};
}

/** The order-sync state as Get Changed and Confirm Processed keep it in static data. */
export function syncState(staticData: IDataObject): IDataObject {
	return ((staticData.global as IDataObject | undefined)?.orderSync ?? {}) as IDataObject;
}

/** Offer 2 points at no 1C item, so orders holding it fail in 1C until the function returned puts it back. */
export function unknownOffer(crm: RetailCrmSandbox): () => void {
	const offer = crm.state.offers.find((o) => o.id === 2)!;
	const kept = offer.externalId;
	offer.externalId = '00000000-0000-4000-8000-0000000000ff';
	crm.reindex();
	return () => {
		offer.externalId = kept;
		crm.reindex();
	};
}

/** A change made through the API with the shop's own key (a site module), as a manager's edit would be. */
export async function editAsShop(crm: RetailCrmSandbox, id: number, patch: Record<string, unknown>): Promise<void> {
	const response = await fetch(`${crm.url}/api/v5/orders/${id}/edit`, {
		method: 'POST',
		headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ by: 'id', site: 'test-crm10', order: JSON.stringify(patch) }).toString(),
	});
	if (response.status !== 200) throw new Error(`edit of order ${id} answered ${response.status}: ${await response.text()}`);
}
