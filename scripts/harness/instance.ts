import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ensureN8n } from './install-n8n';
import { buildAndPack, installIntoN8n } from './install-package';
import { n8nEnv, runN8n } from './n8n-cli';
import { PACKAGE_ROOT } from './paths';

export interface SandboxEndpoints {
	retailCrm: { url: string; apiKey: string };
	oneC: { url: string; user: string; password: string };
}

export interface TemplateJson {
	id: string;
	name: string;
	nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
	[key: string]: unknown;
}

/** Where the catalog template's schedule row writes the file as shipped (`~/.n8n-files/catalog.xml`; HOME is the user folder). */
export function icmlFileOf(instance: Pick<N8nInstance, 'userFolder'>): string {
	return join(instance.userFolder, '.n8n-files', 'catalog.xml');
}

export interface N8nInstance {
	userFolder: string;
	port: number;
	env: NodeJS.ProcessEnv;
	workflowIds: string[];
}

/** The three shipped templates, as files. */
export function templateFiles(): string[] {
	const dir = join(PACKAGE_ROOT, 'workflows');
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => join(dir, f));
}

/**
 * A fresh n8n user folder with our package installed as the Community Nodes panel would, the two
 * credentials pointing at the sandboxes (names as the templates reference them), and the templates.
 */
export async function prepareInstance(
	root: string,
	port: number,
	sandboxes: SandboxEndpoints,
	log: (line: string) => void = console.log,
	/** Local changes to a template before import (none: the templates run as shipped). */
	patchTemplate: (workflow: TemplateJson) => TemplateJson = (w) => w,
): Promise<N8nInstance> {
	await ensureN8n(log);
	const userFolder = join(root, 'user');
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	const tarball = buildAndPack(join(root, 'pack'), log);
	log(`Installing ${tarball.split('/').pop()} into ${userFolder}/.n8n/nodes …`);
	installIntoN8n(tarball, userFolder);
	const env = n8nEnv(userFolder, port);

	const credentialsFile = join(root, 'credentials.json');
	writeFileSync(
		credentialsFile,
		JSON.stringify([
			{ id: 'rcrmSandboxCred1', name: 'RetailCRM account', type: 'retailCrmApi', data: sandboxes.retailCrm },
			{ id: 'onecSandboxCred1', name: '1C UT10 account', type: 'oneCUt10Api', data: sandboxes.oneC },
		]),
	);
	log('Importing credentials (first n8n start runs its database migrations)…');
	const creds = await runN8n(['import:credentials', `--input=${credentialsFile}`], env);
	if (creds.code !== 0) throw new Error(`n8n import:credentials failed:\n${creds.stdout.slice(-2000)}\n${creds.stderr.slice(-2000)}`);

	const workflowIds: string[] = [];
	mkdirSync(join(root, 'templates'), { recursive: true });
	for (const file of templateFiles()) {
		const wf = patchTemplate(JSON.parse(readFileSync(file, 'utf8')) as TemplateJson);
		const patched = join(root, 'templates', file.split('/').pop() as string);
		writeFileSync(patched, JSON.stringify(wf, null, 2));
		log(`Importing workflow "${wf.name}" (${wf.id})…`);
		const res = await runN8n(['import:workflow', `--input=${patched}`], env);
		if (res.code !== 0) throw new Error(`n8n import:workflow ${file} failed:\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
		workflowIds.push(wf.id);
	}
	return { userFolder, port, env, workflowIds };
}
