import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { basename, join } from 'path';
import { ensureN8n, type N8nRuntime } from './install-n8n';
import { buildAndPack, installIntoN8n } from './install-package';
import { filesDir, n8nEnv, runN8n } from './n8n-cli';
import { DEFAULT_N8N_MAJOR, PACKAGE_ROOT, type N8nMajor } from './paths';

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

/** A test's local change to a template before import. */
export type TemplatePatch = (workflow: TemplateJson) => TemplateJson;

/** Where the catalog template's schedule row writes the file as shipped (`~/.n8n-files/catalog.xml`; HOME is the user folder). */
export function icmlFileOf(instance: Pick<N8nInstance, 'filesDir'>): string {
	return join(instance.filesDir, 'catalog.xml');
}

export interface N8nInstance {
	major: N8nMajor;
	runtime: N8nRuntime;
	userFolder: string;
	/** The folder nodes may write into (HOME/.n8n-files; see n8nEnv). */
	filesDir: string;
	port: number;
	env: NodeJS.ProcessEnv;
	workflowIds: string[];
}

export interface PrepareOptions {
	/** Which pinned n8n (paths.ts N8N_RELEASES); default DEFAULT_N8N_MAJOR (2). */
	major?: N8nMajor;
	/** Settings over n8nEnv's (e.g. queue mode's EXECUTIONS_MODE and Postgres for the database). */
	env?: NodeJS.ProcessEnv;
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
	/** Local changes to a template before import (none for the shipped runs: the templates run as shipped). */
	patchTemplate: TemplatePatch = (w) => w,
	options: PrepareOptions = {},
): Promise<N8nInstance> {
	const major = options.major ?? DEFAULT_N8N_MAJOR;
	const runtime = await ensureN8n(major, log);
	const userFolder = join(root, 'user');
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	const files = filesDir(userFolder);
	mkdirSync(files, { recursive: true });
	const tarball = buildAndPack(join(root, 'pack'), log);
	log(`Installing ${tarball.split('/').pop()} into ${userFolder}/.n8n/nodes as n8n ${runtime.version}'s Community Nodes panel does…`);
	installIntoN8n(tarball, userFolder, major);
	const env = { ...n8nEnv(runtime, userFolder, port), ...options.env };
	const target = { runtime, env };

	const credentialsFile = join(root, 'credentials.json');
	writeFileSync(
		credentialsFile,
		JSON.stringify([
			{ id: 'rcrmSandboxCred1', name: 'RetailCRM account', type: 'retailCrmApi', data: sandboxes.retailCrm },
			{ id: 'onecSandboxCred1', name: '1C UT10 account', type: 'oneCUt10Api', data: sandboxes.oneC },
		]),
	);
	log(`Importing credentials into n8n ${runtime.version} (first n8n start runs its database migrations)…`);
	const creds = await runN8n(target, ['import:credentials', `--input=${credentialsFile}`]);
	if (creds.code !== 0) throw new Error(`n8n import:credentials failed:\n${creds.stdout.slice(-2000)}\n${creds.stderr.slice(-2000)}`);

	// All templates in one CLI run (each n8n command starts n8n: seconds apiece).
	const templatesDir = join(root, 'templates');
	rmSync(templatesDir, { recursive: true, force: true });
	mkdirSync(templatesDir, { recursive: true });
	const workflowIds: string[] = [];
	for (const file of templateFiles()) {
		const wf = patchTemplate(JSON.parse(readFileSync(file, 'utf8')) as TemplateJson);
		writeFileSync(join(templatesDir, basename(file)), JSON.stringify(wf, null, 2));
		log(`Importing workflow "${wf.name}" (${wf.id})…`);
		workflowIds.push(wf.id);
	}
	const res = await runN8n(target, ['import:workflow', '--separate', `--input=${templatesDir}`]);
	if (res.code !== 0) throw new Error(`n8n import:workflow --separate ${templatesDir} failed:\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
	return { major, runtime, userFolder, filesDir: files, port, env, workflowIds };
}

/** Imports one more workflow (its `id` kept) into a prepared instance, e.g. a test's own. */
export async function importWorkflow(instance: N8nInstance, workflow: { id: string; name: string }): Promise<void> {
	const file = join(instance.userFolder, `import-${workflow.id}.json`);
	writeFileSync(file, JSON.stringify(workflow, null, 2));
	const res = await runN8n(instance, ['import:workflow', `--input=${file}`]);
	rmSync(file, { force: true });
	if (res.code !== 0) throw new Error(`n8n import:workflow ${workflow.id} failed:\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`);
}
