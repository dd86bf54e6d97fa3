/**
 * `npm run screenshots`: opens the shipped workflows in the REAL n8n editor (the harness's n8n
 * 2.41.1, what new installs get; `-- --n8n 1` for 1.123.50; with this package installed as the Community
 * Nodes panel does) in Debian's chromium through
 * playwright-core, saves a 1600×900 picture of each into docs/screenshots/<workflow id>.png, and exits
 * non-zero if any node of ours is not known to n8n or is drawn without its icon.
 *
 * Checks:
 *  - n8n's node catalogue (GET /types/nodes.json, with the editor's session) lists every node type of ours,
 *    each with an iconUrl, and every icon URL (light and dark) answers 200 image/svg+xml;
 *  - on the canvas, every node of the template whose type is `n8n-nodes-retailcrm-1c.*` is rendered, has
 *    no "install this node" marker, and shows an <img> from icons/n8n-nodes-retailcrm-1c/ that loaded.
 *
 * Needs /usr/bin/chromium (Debian: `apt-get install chromium`); no browser is downloaded.
 * Environment: SCREENSHOTS_N8N_PORT (5688), SCREENSHOTS_RETAILCRM_PORT (28080), SCREENSHOTS_ONEC_PORT (28081),
 * CHROMIUM_PATH (/usr/bin/chromium), SCREENSHOTS_OUT_DIR (docs/screenshots for 2.x; for `--n8n 1`,
 * screenshots-n8n1 in the harness cache), SCREENSHOTS_KEEP=1 keeps the temporary n8n user folder.
 */
import type { ChildProcess } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSandboxes } from '../test/sandboxes/start';
import { prepareInstance, templateFiles } from './harness/instance';
import { startN8n, stopN8n, waitForHealth } from './harness/n8n-cli';
import { DEMO_OWNER, setupOwner } from './harness/owner';
import { cacheRoot, n8nMajorFromArgs, n8nRelease, PACKAGE_ROOT } from './harness/paths';
import { nodeTypeName, packageNodeFolders } from './harness/package-nodes';
import { runMain } from './harness/run-main';

const PACKAGE_NAME = 'n8n-nodes-retailcrm-1c';
/** Every node the package ships (package.json n8n.nodes). */
const OUR_NODE_TYPES = packageNodeFolders().map((folder) => `${PACKAGE_NAME}.${nodeTypeName(folder)}`);
const WORKFLOW_IDS = ['rcrm1cOrders', 'rcrm1cStock', 'rcrm1cIcml', 'rcrm1cProgress', 'rcrm1cReconcile'];
const VIEWPORT = { width: 1600, height: 900 };
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** What the canvas DOM says about one rendered node (collected in the page, see CANVAS_PROBE). */
interface RenderedNode {
	name: string;
	type: string;
	notInstalled: boolean;
	icons: Array<{ src: string; loaded: boolean }>;
}

/**
 * Runs in the page. A string, not a function, because tsconfig has no DOM lib. The canvas of n8n 1.123 and 2.41 (Vue
 * Flow) renders each node as a div with data-node-name / data-node-type; an uninstalled community node
 * carries a [data-test-id=node-not-installed] marker; icons from iconUrl are <img> elements.
 */
const CANVAS_PROBE = `[...document.querySelectorAll('[data-node-type]')].map((el) => ({
	name: el.getAttribute('data-node-name') || '',
	type: el.getAttribute('data-node-type') || '',
	notInstalled: !!el.querySelector('[data-test-id="node-not-installed"]'),
	icons: [...el.querySelectorAll('img')].map((img) => ({ src: img.getAttribute('src') || '', loaded: img.complete && img.naturalWidth > 0 })),
}))`;

/**
 * Runs in the page: hides the "Execute workflow" button with everything around it that is still small
 * (n8n 2.x wraps it in a split button whose trigger chooser is a sibling; 1.123 in one element), never the
 * canvas that holds it.
 */
const HIDE_RUN_BUTTON = `(() => {
	let el = document.querySelector('[data-test-id="execute-workflow-button"]');
	if (!el) return;
	while (el.parentElement) {
		const box = el.parentElement.getBoundingClientRect();
		if (box.width > window.innerWidth / 2 || box.height > window.innerHeight / 4) break;
		el = el.parentElement;
	}
	el.style.setProperty('visibility', 'hidden', 'important');
})()`;

interface WorkflowSummary {
	id: string;
	file: string;
	nodes: number;
	ours: number;
	iconsOk: number;
	problems: string[];
}

function log(line: string): void {
	console.log(line);
}

interface Template {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string }>;
}

function templatesById(): Map<string, Template> {
	const out = new Map<string, Template>();
	for (const file of templateFiles()) {
		const wf = JSON.parse(readFileSync(file, 'utf8')) as Template;
		out.set(wf.id, wf);
	}
	return out;
}

async function signIn(page: Page, base: string): Promise<void> {
	await page.goto(`${base}/signin`, { waitUntil: 'domcontentloaded' });
	const email = page.locator('input[name="emailOrLdapLoginId"], input[type="email"]').first();
	await email.waitFor({ timeout: 60_000 });
	await email.fill(DEMO_OWNER.email);
	await page.locator('input[type="password"]').first().fill(DEMO_OWNER.password);
	await page.locator('input[type="password"]').first().press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/** Our node types in n8n's catalogue, with icon URLs that really serve SVG. Returns problems found. */
async function checkNodeCatalogue(page: Page, base: string): Promise<string[]> {
	const problems: string[] = [];
	const res = await page.request.get(`${base}/types/nodes.json`);
	if (!res.ok()) return [`GET /types/nodes.json answered ${res.status()}`];
	const types = (await res.json()) as Array<{ name: string; iconUrl?: string | { light?: string; dark?: string } }>;
	for (const type of OUR_NODE_TYPES) {
		const found = types.find((t) => t.name === type);
		if (!found) {
			problems.push(`${type}: not in n8n's node catalogue (the package did not load)`);
			continue;
		}
		const urls = typeof found.iconUrl === 'string' ? [found.iconUrl] : Object.values(found.iconUrl ?? {}).filter((u): u is string => !!u);
		if (urls.length === 0) problems.push(`${type}: no iconUrl in n8n's node catalogue`);
		for (const url of urls) {
			const icon = await page.request.get(`${base}/${url.replace(/^\//, '')}`);
			const contentType = icon.headers()['content-type'] ?? '';
			if (icon.status() !== 200 || !contentType.startsWith('image/svg+xml')) {
				problems.push(`${type}: icon ${url} answered ${icon.status()} ${contentType}`);
			}
		}
		log(`  ${type}: in the catalogue, ${urls.length} icon URL(s) serve SVG${problems.some((p) => p.startsWith(type)) ? ' — NOT all' : ''}`);
	}
	return problems;
}

/** Escape closes n8n's modals and popovers; the canvas keeps focus for the zoom shortcut. */
async function dismissOverlays(page: Page): Promise<void> {
	for (let i = 0; i < 3; i++) {
		const modal = page.locator('.el-overlay:visible, [role="dialog"]:visible');
		if ((await modal.count()) === 0) break;
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
	}
}

async function shootWorkflow(
	page: Page,
	base: string,
	template: Template,
	outFile: string,
): Promise<WorkflowSummary> {
	const problems: string[] = [];
	const expected = template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
	const expectedOurs = expected.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`));
	await page.goto(`${base}/workflow/${template.id}`, { waitUntil: 'domcontentloaded' });
	await page.locator('[data-node-type]').first().waitFor({ timeout: 60_000 });
	// Every node of the template is on the canvas and the icons of ours have finished loading.
	await page
		.waitForFunction(
			`(() => { const els = [...document.querySelectorAll('[data-node-type]')];
				if (els.length < ${template.nodes.length}) return false;
				return [...document.querySelectorAll('[data-node-type^="${PACKAGE_NAME}."] img')].every((i) => i.complete); })()`,
			undefined,
			{ timeout: 30_000 },
		)
		.catch(() => undefined); // the checks below report what is missing
	await dismissOverlays(page);
	// The floating "Execute workflow" button and the zoom controls sit over the bottom row of nodes in a
	// fitted view; they are editor chrome, not part of the workflow, so the pictures leave them out.
	await page.addStyleTag({ content: '[data-test-id="canvas-controls"] { visibility: hidden !important; }' });
	await page.evaluate(HIDE_RUN_BUTTON);
	// Fit the whole workflow (stickies included) with n8n's "Zoom to Fit" shortcut: a click on the empty
	// pane gives the canvas focus; a click on the button would leave its tooltip in the picture.
	await page.locator('.vue-flow__pane').first().click({ position: { x: 5, y: 5 } });
	await page.keyboard.press('1');
	await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height / 2); // no hover toolbar in the picture
	await page.waitForTimeout(1_000); // the fit animates; hover buttons fade out
	const rendered = (await page.evaluate(CANVAS_PROBE)) as RenderedNode[];
	let iconsOk = 0;
	for (const node of expected) {
		const el = rendered.find((r) => r.name === node.name);
		if (!el) {
			problems.push(`"${node.name}" (${node.type}) is not on the canvas`);
			continue;
		}
		if (!node.type.startsWith(`${PACKAGE_NAME}.`)) continue;
		if (el.type !== node.type) problems.push(`"${node.name}": canvas says type ${el.type}, template ${node.type}`);
		if (el.notInstalled) problems.push(`"${node.name}" (${node.type}) is drawn as not installed`);
		const icon = el.icons.find((i) => i.src.includes(`icons/${PACKAGE_NAME}/`));
		if (!icon) problems.push(`"${node.name}" (${node.type}) has no icon from icons/${PACKAGE_NAME}/ (imgs: ${el.icons.map((i) => i.src).join(', ') || 'none'})`);
		else if (!icon.loaded) problems.push(`"${node.name}" (${node.type}): icon ${icon.src} did not load`);
		else iconsOk++;
	}
	// A node of ours the template does not name would be a rendering surprise too.
	for (const el of rendered) {
		if (el.type.startsWith(`${PACKAGE_NAME}.`) && !OUR_NODE_TYPES.includes(el.type)) problems.push(`"${el.name}": unknown type ${el.type}`);
	}
	await page.screenshot({ path: outFile, fullPage: false });
	return { id: template.id, file: outFile, nodes: rendered.length, ours: expectedOurs.length, iconsOk, problems };
}

function chromiumPath(): string {
	const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (!existsSync(path)) {
		throw new Error(`No chromium at ${path}. On Debian/Ubuntu: apt-get install chromium (or set CHROMIUM_PATH). No browser is downloaded.`);
	}
	return path;
}


async function main(): Promise<number> {
	const started = Date.now();
	const executablePath = chromiumPath();
	const major = n8nMajorFromArgs(process.argv.slice(2));
	log(`Shooting the n8n ${n8nRelease(major).version} editor`);
	const port = Number(process.env.SCREENSHOTS_N8N_PORT ?? 5688);
	const base = `http://127.0.0.1:${port}`;
	// README shows the 2.x editor; 1.x pictures (on request) go to the cache, not over README's.
	const outDir = process.env.SCREENSHOTS_OUT_DIR ?? (major === 2 ? join(PACKAGE_ROOT, 'docs', 'screenshots') : join(cacheRoot(), 'screenshots-n8n1'));
	mkdirSync(outDir, { recursive: true });
	const root = mkdtempSync(join(tmpdir(), 'rcrm1c-screenshots-'));
	const templates = templatesById();
	const sandboxes = await startSandboxes({
		retailCrmPort: Number(process.env.SCREENSHOTS_RETAILCRM_PORT ?? 28080),
		oneCPort: Number(process.env.SCREENSHOTS_ONEC_PORT ?? 28081),
		fixture: 'seed',
	});
	let n8n: ChildProcess | undefined;
	let browser: BrowserContext | undefined;
	try {
		const { retailCrm, oneC } = sandboxes;
		const instance = await prepareInstance(
			root,
			port,
			{
				retailCrm: { url: retailCrm.url, apiKey: retailCrm.keys.integration },
				oneC: { url: oneC.url, user: oneC.user, password: oneC.password },
			},
			log,
			undefined,
			{ major },
		);
		log(`Starting n8n on ${base} …`);
		const n8nLines: string[] = [];
		n8n = await startN8n(instance, (line) => n8nLines.push(line));
		await waitForHealth(port, undefined, n8n).catch((e) => {
			throw new Error(`${(e as Error).message}\n${n8nLines.slice(-30).join('\n')}`);
		});
		await setupOwner(port);

		const userDataDir = join(root, 'chromium-profile');
		// A fresh profile in the temporary folder: nothing from an earlier run (cookies, local storage) leaks in.
		browser = await chromium.launchPersistentContext(userDataDir, {
			executablePath,
			args: CHROMIUM_ARGS,
			viewport: VIEWPORT,
			colorScheme: 'light',
			locale: 'en-US',
		});
		const page = browser.pages()[0] ?? (await browser.newPage());
		log('Signing in to the editor…');
		await signIn(page, base);

		log('n8n node catalogue:');
		const catalogueProblems = await checkNodeCatalogue(page, base);

		const summaries: WorkflowSummary[] = [];
		for (const id of WORKFLOW_IDS) {
			const template = templates.get(id);
			if (!template) throw new Error(`No template with id ${id} under workflows/`);
			const summary = await shootWorkflow(page, base, template, join(outDir, `${id}.png`));
			summaries.push(summary);
			log(
				`${id}: ${summary.nodes} nodes on the canvas, ${summary.ours} of ours, icons OK ${summary.iconsOk}/${summary.ours} → ${summary.file.startsWith(PACKAGE_ROOT) ? relative(PACKAGE_ROOT, summary.file) : summary.file}`,
			);
			for (const p of summary.problems) log(`  PROBLEM: ${p}`);
		}
		const problems = [...catalogueProblems, ...summaries.flatMap((s) => s.problems.map((p) => `${s.id}: ${p}`))];
		log(`Done in ${Math.round((Date.now() - started) / 1000)} s.`);
		if (problems.length) {
			log(`FAILED:\n  - ${problems.join('\n  - ')}`);
			return 1;
		}
		log('All nodes of ours render with their icons.');
		return 0;
	} finally {
		await browser?.close().catch(() => undefined);
		if (n8n) await stopN8n(n8n);
		await sandboxes.close();
		if (process.env.SCREENSHOTS_KEEP === '1') log(`Kept ${root}`);
		else rmSync(root, { recursive: true, force: true });
	}
}

runMain(main);
