/**
 * `npm run demo`: both sandboxes + a real n8n (2.41.1 by default, `--n8n 1` for 1.123.50; installed once
 * into a cache folder outside the package, n8n 2.x with the Node 24 it needs) with this package installed
 * as the Community Nodes panel installs it, the two credentials and the templates imported. Runs
 * until Ctrl-C.
 *
 * `npm run demo -- --once`: instead executes the workflows through the n8n CLI (the order progress one after a
 * 1C user shipped, took a payment and cancelled in the 1C sandbox), then starts n8n with the orders workflow active and
 * pushes 50 orders through its webhook row (the retailCRM sandbox's trigger, 20 % of the calls dropped and caught up by
 * the schedule row), runs the reconciliation, prints a short report, and exits 0 only if all succeeded.
 *
 * Environment: N8N_DEMO_PORT (5678), RETAILCRM_SANDBOX_PORT
 * (18080), ONEC_SANDBOX_PORT (18081), N8N_HARNESS_CACHE (where n8n and the demo's n8n user folder live).
 */
import { randomBytes } from 'crypto';
import { rmSync } from 'fs';
import { join } from 'path';
import { startSandboxes } from '../test/sandboxes/start';
import { icmlFileOf, prepareInstance } from './harness/instance';
import { DEMO_OWNER, setupOwner } from './harness/owner';
import { cacheRoot, n8nMajorFromArgs, n8nRelease } from './harness/paths';
import { printProgressReport, runProgressScenario } from './harness/progress-scenario';
import { printReport, runScenario } from './harness/scenario';
import { activateOrders, measurePush, printPush, pushUrl, startActiveN8n, stopN8n, withPushSecret } from './harness/push';
import { runMain } from './harness/run-main';
import { printReconciliation, runReconciliation } from './harness/reconcile';
import { TRIGGER_STATUS } from '../test/sandboxes/retailcrm/server';

async function main(): Promise<number> {
	const once = process.argv.includes('--once');
	const major = n8nMajorFromArgs(process.argv.slice(2));
	const port = Number(process.env.N8N_DEMO_PORT ?? 5678);
	console.log(`n8n ${n8nRelease(major).version} (${major === 2 ? 'default; --n8n 1 for 1.x' : '--n8n 1'})`);
	const sandboxes = await startSandboxes({
		retailCrmPort: Number(process.env.RETAILCRM_SANDBOX_PORT ?? 18080),
		oneCPort: Number(process.env.ONEC_SANDBOX_PORT ?? 18081),
		fixture: 'seed',
	});
	const { retailCrm, oneC } = sandboxes;
	const secret = randomBytes(18).toString('base64url');
	console.log(`retailCRM sandbox: ${retailCrm.url} (API key ${retailCrm.keys.integration})`);
	console.log(`UT 10.3 sandbox:   ${oneC.url} (user ${oneC.user}, password ${oneC.password})`);
	try {
		const root = join(cacheRoot(), `demo-n8n${major}`);
		const instance = await prepareInstance(
			root,
			port,
			{
				retailCrm: { url: retailCrm.url, apiKey: retailCrm.keys.integration },
				oneC: { url: oneC.url, user: oneC.user, password: oneC.password },
			},
			console.log,
			// The push row's shared secret (the set-up step "put a secret into Secret Correct?").
			withPushSecret(secret),
			{ major },
		);
		// As shipped, the catalog template writes ~/.n8n-files/catalog.xml, n8n 2.x's default file folder.
		const icmlPath = icmlFileOf(instance);
		if (once) {
			rmSync(icmlPath, { force: true });
			const report = await runScenario(instance, sandboxes, console.log, icmlPath);
			const progress = report.ok ? await runProgressScenario(instance, sandboxes, console.log) : undefined;
			// Push: n8n running with the orders workflow active, the sandbox's trigger calling its webhook.
			await activateOrders(instance);
			const n8n = await startActiveN8n(instance);
			let push;
			try {
				push = await measurePush(instance, retailCrm, oneC, { orders: 50, dropRate: 0.2, secret });
			} finally {
				await stopN8n(n8n);
			}
			const reconciliation = await runReconciliation(instance);
			printReport(report, console.log);
			if (progress) printProgressReport(progress, console.log);
			printPush(push, console.log);
			printReconciliation(reconciliation, console.log);
			return report.ok && progress?.ok && push.problems.length === 0 && reconciliation.ok ? 0 : 1;
		}
		// The orders workflow active, and the sandbox's trigger calling its webhook when an order enters the trigger status.
		await activateOrders(instance);
		retailCrm.configureTriggers([{ code: 'orders-to-1c', statuses: [TRIGGER_STATUS], url: pushUrl(instance, secret), delayMs: 500 }]);
		console.log(`Starting n8n on http://127.0.0.1:${port} …`);
		let offlineNoted = false;
		const n8n = await startActiveN8n(instance, (line) => {
			// n8n 2.x fetches its online catalogs (verified community nodes, MCP servers) from api.n8n.io at
			// start; without internet that fails with stack traces that say nothing about the demo.
			if (/api\.n8n\.io/.test(line) || /^\s+at /.test(line)) {
				if (!offlineNoted) console.log('[n8n] api.n8n.io is not reachable: n8n\'s online catalogs stay empty (the demo needs none)');
				offlineNoted = true;
				return;
			}
			if (/error|warn/i.test(line)) console.log(`[n8n] ${line}`);
		});
		await setupOwner(port);
		console.log('');
		console.log(`n8n is ready: http://127.0.0.1:${port}`);
		console.log(`  login: ${DEMO_OWNER.email}   password: ${DEMO_OWNER.password}`);
		console.log('  workflows: "retailCRM orders → 1C" (active), "1C stock and prices → retailCRM", "1C catalog → retailCRM (ICML)", "1C order progress → retailCRM", "retailCRM ↔ 1C reconciliation"');
		console.log('  open one and press "Execute workflow"; the sandboxes log every request at their /__sandbox/requests');
		console.log(`  push: ${pushUrl(instance)}?secret=${secret} — move an order to "${TRIGGER_STATUS}" (POST ${retailCrm.url}/__sandbox/orders/<id>/status) and it reaches 1C in seconds`);
		console.log(`  the catalog workflow's schedule row writes ${icmlPath}`);
		console.log('Press Ctrl-C to stop.');
		// Whatever ends the demo (Ctrl-C, SIGTERM, an error), n8n goes with it.
		process.once('exit', () => {
			if (n8n.exitCode === null) n8n.kill('SIGKILL');
		});
		await new Promise<void>((resolve) => {
			const stop = () => {
				console.log('Stopping n8n and the sandboxes…');
				const force = setTimeout(() => n8n.kill('SIGKILL'), 10_000);
				n8n.once('exit', () => {
					clearTimeout(force);
					resolve();
				});
				n8n.kill('SIGTERM');
			};
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
			n8n.once('exit', () => resolve());
		});
		return 0;
	} finally {
		await sandboxes.close();
	}
}

runMain(main);
