/**
 * `npm run bench:push`: the orders template's push row in a running n8n (2.41.1, or 1.123.50 with `--n8n 1`;
 * `n8n start`, workflow active)
 * against both sandboxes. The retailCRM sandbox's trigger calls the webhook when an order enters the trigger status
 * (after 500 ms, as a queued trigger might; a share of the calls dropped). Prints, for N orders moved one after
 * another, the time from the status change to the posted 1C document (median, worst), and how long the dropped
 * orders took to arrive through the scheduled row (every 5 minutes).
 *   node -r @swc-node/register benchmarks/push-latency.ts [--orders 50] [--drop 0.2] [--spacing 500] [--n8n 2|1]
 * N8N_BENCH_PORT (default 5699) is n8n's port.
 */
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { prepareInstance } from '../scripts/harness/instance';
import { n8nMajorFromArgs } from '../scripts/harness/paths';
import { runMain } from '../scripts/harness/run-main';
import { measurePush, prepareActiveOrders, printPush, startActiveN8n, stopN8n, withPushSecret } from '../scripts/harness/push';
import { SEED_IDS } from '../test/sandboxes/onec/fixtures/seed';
import { startOneCSandbox } from '../test/sandboxes/onec/server';
import { startRetailCrmSandbox } from '../test/sandboxes/retailcrm/server';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main(): Promise<number> {
	const orders = arg('orders', 50);
	const dropRate = arg('drop', 0.2);
	const spacingMs = arg('spacing', 500);
	const root = mkdtempSync(join(tmpdir(), 'rcrm1c-bench-push-'));
	const crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
	const onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	// The catalog flow would give the CRM offers the 1C GUIDs as external IDs.
	for (const offer of crm.state.offers) offer.externalId = offer.id === 1 ? SEED_IDS.items.jeans48 : SEED_IDS.items.jeans50;
	crm.reindex();
	const secret = randomBytes(18).toString('base64url');
	let n8n: Awaited<ReturnType<typeof startActiveN8n>> | undefined;
	try {
		const instance = await prepareInstance(
			root,
			Number(process.env.N8N_BENCH_PORT ?? 5699),
			{ retailCrm: { url: crm.url, apiKey: crm.keys.integration }, oneC: { url: onec.url, user: onec.user, password: onec.password } },
			console.log,
			withPushSecret(secret),
			{ major: n8nMajorFromArgs(process.argv.slice(2)) },
		);
		await prepareActiveOrders(instance);
		console.log('Starting n8n with the orders workflow active…');
		n8n = await startActiveN8n(instance);
		const m = await measurePush(instance, crm, onec, { orders, dropRate, spacingMs, secret });
		console.log('');
		printPush(m);
		console.log(`  latencies (s): ${m.latencies.map((x) => x.toFixed(2)).join(' ')}`);
		if (m.catchUp.length) console.log(`  catch-up (s): ${m.catchUp.map((x) => x.toFixed(0)).join(' ')}`);
		return m.problems.length === 0 ? 0 : 1;
	} finally {
		if (n8n) await stopN8n(n8n);
		await Promise.all([crm.close(), onec.close()]);
		rmSync(root, { recursive: true, force: true });
	}
}

runMain(main);
