/**
 * The hostile-input corpus's world: both sandboxes, credentials whose secrets are distinctive (the retailCRM
 * integration key, a 1C password set for the corpus), and the checks every case shares: what a run put out holds
 * none of the secrets; nothing of a refused order stays in 1C or retailCRM.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { resetSandboxes } from '../helpers/orders-template';
import type { RunResult } from '../helpers/run-workflow';

/** The 1C password of the corpus: long and unusual, so a hit can only be a leak. */
export const ONEC_PASSWORD = 'Hostile-1C-pw-7Qz9';

export interface World {
	crm: RetailCrmSandbox;
	onec: OneCSandbox;
	credentials(): Record<string, ICredentialDataDecryptedObject>;
	/** Every form in which a secret could leak: the API key, the 1C password, the Basic header value. */
	secrets(): string[];
	/** Both sandboxes back to their seeds (the CRM offers carry the 1C GUIDs), with the corpus's 1C password. */
	reset(): void;
	close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
	const crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
	const onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	const setPassword = () => {
		const user = onec.state.store.users.find((u) => u.name === onec.user);
		if (!user) throw new Error(`the 1C sandbox has no user ${onec.user}`);
		user.password = ONEC_PASSWORD;
	};
	setPassword();
	const world: World = {
		crm,
		onec,
		credentials: () => ({
			retailCrmApi: { url: crm.url, apiKey: crm.keys.integration },
			oneCUt10Api: { url: onec.url, user: onec.user, password: ONEC_PASSWORD },
		}),
		secrets: () => secretForms(crm.keys.integration, onec.user, ONEC_PASSWORD),
		reset() {
			resetSandboxes(crm, onec);
			setPassword();
		},
		close: async () => {
			await crm.close();
			await onec.close();
		},
	};
	return world;
}

/** The key, the password, the Basic header value (`base64(user:password)`), and their URL-encoded forms. */
export function secretForms(apiKey: string, user: string, password: string): string[] {
	const basic = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
	return [...new Set([apiKey, password, basic, encodeURIComponent(apiKey), encodeURIComponent(password), encodeURIComponent(basic)])];
}

/** The secrets found in a text (empty when it is clean). */
export function secretsIn(text: string, secrets: readonly string[]): string[] {
	return secrets.filter((s) => text.includes(s));
}

/** Everything a run put out: every node's items on every output, every error with its description. */
export function everythingOf(result: RunResult): string {
	const data = result.run.data.resultData;
	const parts: string[] = [JSON.stringify(data.runData)];
	if (data.error) parts.push(JSON.stringify(data.error), String((data.error as { description?: unknown }).description ?? ''), data.error.message);
	for (const runs of Object.values(data.runData)) {
		for (const r of runs) {
			if (!r.error) continue;
			const e = r.error as unknown as { message?: string; description?: string; stack?: string };
			parts.push(String(e.message ?? ''), String(e.description ?? ''));
		}
	}
	return parts.join('\n');
}

export function expectNoSecrets(result: RunResult, world: World): void {
	expect(secretsIn(everythingOf(result), world.secrets())).toEqual([]);
}

/**
 * The catalog template's webhook row as the corpus runs it: a token set in the gate and carried by the request,
 * and no cache (Max Age 0, no file written), so every run reads 1C and no run leaves a file in the home folder.
 */
export const CATALOG_TOKEN = 'corpus-catalog-token';
export function catalogWebhookRun(template: { nodes: Array<{ name: string; parameters: unknown }> }): {
	patch: Record<string, { parameters: never }>;
	triggerItems: INodeExecutionData[];
} {
	const parameters = (name: string) => template.nodes.find((n) => n.name === name)?.parameters as Record<string, unknown>;
	const builder = parameters('ICML Builder (on request)');
	return {
		patch: {
			'Check Token and Cache': { parameters: { ...parameters('Check Token and Cache'), token: CATALOG_TOKEN, maxAgeMinutes: 0 } as never },
			'ICML Builder (on request)': { parameters: { ...builder, options: { ...(builder.options as Record<string, unknown>), filePath: '' } } as never },
		},
		triggerItems: [{ json: { headers: {}, params: {}, query: { token: CATALOG_TOKEN }, body: {} } }],
	};
}

/** Stands in for Respond to Webhook (an n8n-nodes-base node, not run in-process): records the items that reached it. */
export function respondNode(into: IDataObject[]): INodeType {
	return {
		description: { displayName: 'respond', name: 'respond', group: ['output'], version: [1, 1.1, 1.2, 1.3, 1.4, 1.5], description: '', defaults: { name: 'respond' }, inputs: ['main'], outputs: ['main'], properties: [] },
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			for (const item of this.getInputData()) into.push(item.json);
			return [this.getInputData()];
		},
	} as INodeType;
}
