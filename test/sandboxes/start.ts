/**
 * `npm run sandbox`: starts the retailCRM and UT 10.3 sandboxes and prints where they are.
 * Ports: RETAILCRM_SANDBOX_PORT (default 18080), ONEC_SANDBOX_PORT (default 18081).
 * Fixture: SANDBOX_FIXTURE=seed|large (default seed); the large one's size from SANDBOX_LARGE_OFFERS (both sandboxes), or
 * SANDBOX_LARGE_ITEMS / SANDBOX_LARGE_CHARACTERISTICS (1C) and SANDBOX_LARGE_CUSTOMERS / SANDBOX_LARGE_ORDERS (retailCRM).
 * Stops on Ctrl-C.
 */
import { startRetailCrmSandbox } from './retailcrm/server';
import { startOneCSandbox } from './onec/server';
import { largeOptionsFromEnv } from './onec/fixtures/large';
import { largeCountsFromEnv } from './retailcrm/fixtures/large';

type Fixture = 'seed' | 'large';

export async function startSandboxes(options: { retailCrmPort?: number; oneCPort?: number; fixture?: Fixture; host?: string } = {}) {
	const fixture = options.fixture ?? 'seed';
	const retailCrm = await startRetailCrmSandbox({ port: options.retailCrmPort ?? 18080, host: options.host, fixture, large: largeCountsFromEnv() });
	const oneC = await startOneCSandbox({ port: options.oneCPort ?? 18081, host: options.host, fixture, large: largeOptionsFromEnv() });
	return {
		retailCrm,
		oneC,
		async close() {
			await Promise.all([retailCrm.close(), oneC.close()]);
		},
	};
}

async function main() {
	const fixtureEnv = process.env.SANDBOX_FIXTURE ?? 'seed';
	if (fixtureEnv !== 'seed' && fixtureEnv !== 'large') {
		console.error(`SANDBOX_FIXTURE must be "seed" or "large", not "${fixtureEnv}"`);
		process.exit(2);
	}
	const sandboxes = await startSandboxes({
		retailCrmPort: Number(process.env.RETAILCRM_SANDBOX_PORT ?? 18080),
		oneCPort: Number(process.env.ONEC_SANDBOX_PORT ?? 18081),
		fixture: fixtureEnv,
	});
	const { retailCrm, oneC } = sandboxes;
	console.log(`retailCRM sandbox (${fixtureEnv}): ${retailCrm.url}`);
	console.log(`  integration API key: ${retailCrm.keys.integration}`);
	console.log(`  shop website API key: ${retailCrm.keys.site}`);
	console.log(`  control API: ${retailCrm.url}/__sandbox/`);
	console.log(`UT 10.3 OData sandbox (${fixtureEnv}): ${oneC.url}`);
	console.log(`  user: ${oneC.user}   password: ${oneC.password}`);
	console.log(`  control API: ${new URL(oneC.url).origin}/__sandbox/`);
	console.log('Press Ctrl-C to stop.');
	const stop = async () => {
		await sandboxes.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
