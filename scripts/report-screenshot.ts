/**
 * `npm run screenshots:report`: the reconciliation report as a user sees it. Both sandboxes are brought into agreement
 * by the shipped templates, a discrepancy of every kind is seeded (test/helpers/reconcile-scenario.ts, the same as the
 * template test), the reconciliation template runs (n8n-core, in this process), and its reconciliation.html is opened
 * in Debian's chromium through playwright-core and saved as docs/screenshots/reconciliation.png.
 * Needs /usr/bin/chromium (CHROMIUM_PATH overrides); no browser is downloaded.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { chromium } from 'playwright-core';
import { credentialsFor } from '../test/helpers/orders-template';
import { bringIntoAgreement, reconcileOnce, seedDiscrepancies } from '../test/helpers/reconcile-scenario';
import { startOneCSandbox } from '../test/sandboxes/onec/server';
import { startRetailCrmSandbox } from '../test/sandboxes/retailcrm/server';
import { PACKAGE_ROOT } from './harness/paths';
import { runMain } from './harness/run-main';

async function main(): Promise<number> {
	const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (!existsSync(executablePath)) throw new Error(`No chromium at ${executablePath}. On Debian/Ubuntu: apt-get install chromium (or set CHROMIUM_PATH).`);
	const outDir = process.env.SCREENSHOTS_OUT_DIR ?? join(PACKAGE_ROOT, 'docs', 'screenshots');
	mkdirSync(outDir, { recursive: true });
	const crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
	const onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	const root = mkdtempSync(join(tmpdir(), 'rcrm1c-report-'));
	try {
		const credentials = credentialsFor(crm, onec);
		await seedDiscrepancies(crm, onec, await bringIntoAgreement(crm, onec, credentials, 2));
		const report = await reconcileOnce(credentials);
		const file = join(root, 'reconciliation.html');
		writeFileSync(file, report.html);
		const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
		try {
			const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
			await page.goto(`file://${file}`);
			const out = join(outDir, 'reconciliation.png');
			await page.screenshot({ path: out, fullPage: true });
			console.log(`${report.items.length} discrepancies → ${relative(PACKAGE_ROOT, out)}`);
		} finally {
			await browser.close();
		}
		return 0;
	} finally {
		await Promise.all([crm.close(), onec.close()]);
		rmSync(root, { recursive: true, force: true });
	}
}

runMain(main);
