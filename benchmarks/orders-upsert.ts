/**
 * `npm run bench:orders`: flow 1's 1C side at scale. Core code (Create or Update from retailCRM Order) against
 * the UT 10.3 sandbox in the same process: N new orders from M buyers, then an unchanged re-run, a run in which
 * every order was edited, and a run in which every order was cancelled (its document released). Prints 1C requests
 * (total, per order, writes), wall time, orders/s and peak memory.
 *   node -r @swc-node/register benchmarks/orders-upsert.ts [--orders 1000] [--buyers 200]
 */
import { upsertCustomerOrders } from '../nodes/core/sync/orders/onec-writer/upsert';
import { basicAuthHeader } from '../nodes/core/onec/auth';
import { OneCClient } from '../nodes/core/onec/client';
import { createAxiosTransport, realClock } from '../test/helpers/axios-transport';
import { startOneCSandbox } from '../test/sandboxes/onec/server';
import { seedOptions } from '../test/unit/sync/orders/onec-writer/fixtures';
import { generateOrders } from '../test/unit/sync/orders/onec-writer/generate-orders';

const option = (name: string, fallback: number) => {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const ORDERS = option('orders', 1000);
const BUYERS = option('buyers', 200);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

async function main() {
	const sandbox = await startOneCSandbox({ port: 0, fixture: 'seed' });
	const client = new OneCClient({
		rootUrl: sandbox.url,
		transport: createAxiosTransport({ Authorization: basicAuthHeader(sandbox.user, sandbox.password) }),
		clock: realClock,
	});
	console.log(`Create or Update from retailCRM Order, ${ORDERS} orders from ${BUYERS} buyers; Node ${process.version}`);
	console.log('run                  | 1C requests | per order | writes | time ms | orders/s | peak RSS↑ MB | failed');
	console.log('---------------------|-------------|-----------|--------|---------|----------|--------------|-------');
	const runs: Array<[string, number, 'load' | 'cancel']> = [
		['all new', 0, 'load'],
		['unchanged re-run', 0, 'load'],
		['every order edited', 1, 'load'],
		['every order cancelled', 1, 'cancel'],
	];
	for (const [what, variant, syncIntent] of runs) {
		const orders = generateOrders(ORDERS, BUYERS, 42, variant).map((o) => ({ ...o, syncIntent }));
		const logStart = sandbox.state.log.length;
		const rssBefore = process.memoryUsage().rss;
		peakRss = rssBefore;
		const started = process.hrtime.bigint();
		const outcomes = await upsertCustomerOrders(client, orders, seedOptions());
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		const log = sandbox.state.log.slice(logStart);
		const writes = log.filter((r) => r.method !== 'GET').length;
		const failed = outcomes.filter((o) => !o.ok).length;
		console.log(
			`${what.padEnd(20)} | ${String(log.length).padStart(11)} | ${(log.length / ORDERS).toFixed(2).padStart(9)} | ${String(writes).padStart(6)} | ${ms
				.toFixed(0)
				.padStart(7)} | ${Math.round((ORDERS / ms) * 1000).toString().padStart(8)} | ${((peakRss - rssBefore) / 2 ** 20).toFixed(1).padStart(12)} | ${String(failed).padStart(6)}`,
		);
	}
	console.log(`budget: ≤ 2.5 requests per new order + 1 per new buyer = ${2.5 * ORDERS + BUYERS} for the first run (Posted is re-read in one batch per run)`);
	clearInterval(sampler);
	await sandbox.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
