/**
 * Both seed sandboxes for a template test in n8n-core, and the two credentials the templates name, pointed at them:
 *
 *   beforeAll(async () => ({ crm, onec, credentials } = await startTemplateSandboxes({ rateLimit: false })));
 *   afterAll(async () => await closeSandboxes(crm, onec));
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { startOneCSandbox, type OneCSandbox } from '../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox, type SandboxConfig } from '../sandboxes/retailcrm/server';
import { control } from '../integration/onec/sandbox-helpers';
import { crmWithCatalogOnly } from '../unit/stock-upload/seed-catalog';

export type OneCControl = ReturnType<typeof control>;

export interface TemplateSandboxes {
	crm: RetailCrmSandbox;
	onec: OneCSandbox;
	/** retailCrmApi with the integration key, oneCUt10Api with the sandbox's user. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

/** `crmConfig`: the retailCRM sandbox's settings (e.g. `{ rateLimit: false }`); both on their seed fixtures. */
export async function startTemplateSandboxes(crmConfig?: Partial<SandboxConfig>): Promise<TemplateSandboxes> {
	const crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed', ...(crmConfig === undefined ? {} : { config: crmConfig }) });
	const onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	return {
		crm,
		onec,
		credentials: {
			retailCrmApi: { url: crm.url, apiKey: crm.keys.integration },
			oneCUt10Api: { url: onec.url, user: onec.user, password: onec.password },
		},
	};
}

export async function closeSandboxes(crm: RetailCrmSandbox | undefined, onec: OneCSandbox | undefined): Promise<void> {
	await crm?.close();
	await onec?.close();
}

/**
 * The hooks of a stock template test: both sandboxes for the file, handed to `take` once started; before each test 1C
 * back to its seed and a retailCRM that knows nothing of 1C's stock and prices (crmWithCatalogOnly), so every value a
 * test sees was uploaded, then `each`.
 */
export function stockTemplateHooks(take: (sandboxes: TemplateSandboxes & { oneC: OneCControl }) => void, each?: () => void): void {
	let started: (TemplateSandboxes & { oneC: OneCControl }) | undefined;
	beforeAll(async () => {
		const sandboxes = await startTemplateSandboxes();
		started = { ...sandboxes, oneC: control(sandboxes.onec) };
		take(started);
	});
	afterAll(async () => await closeSandboxes(started?.crm, started?.onec));
	beforeEach(async () => {
		await started!.oneC.reset();
		crmWithCatalogOnly(started!.crm);
		each?.();
	});
}
