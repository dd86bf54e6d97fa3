/**
 * The large 1C sandbox in a process of its own, for benchmarks: a real 1C is another server, so its work (building
 * and serializing pages of tens of thousands of rows) must not hold up the retailCRM sandbox's answers or the
 * benchmark's own accounting, as it does when both sandboxes share one event loop. The parent gets the address,
 * the warehouses by code and the child's pid (for its CPU time); the request count comes from the control API.
 *
 *   const oneC = await startOneCSandboxChild({ items, characteristics });
 */
import { spawn, type ChildProcess } from 'child_process';
import { warehouseRefsByCode } from '../../helpers/large-catalog';
import type { LargeOptions } from './fixtures/large';
import { startOneCSandbox } from './server';

export interface OneCSandboxChild {
	url: string;
	controlUrl: string;
	user: string;
	password: string;
	pid: number;
	/** Catalog_Склады Code → Ref_Key. */
	warehouseRefByCode: Map<string, string>;
	/** Requests the sandbox has logged since it started (its control API). */
	requestCount(): Promise<number>;
	close(): Promise<void>;
}

interface ChildInfo {
	url: string;
	controlUrl: string;
	user: string;
	password: string;
	warehouses: Array<[string, string]>;
}

const CHILD_FLAG = '--onec-sandbox-child';

export async function startOneCSandboxChild(large: LargeOptions): Promise<OneCSandboxChild> {
	const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', __filename, CHILD_FLAG, JSON.stringify(large)], { stdio: ['ignore', 'pipe', 'inherit'] });
	const info = await new Promise<ChildInfo>((resolve, reject) => {
		let out = '';
		child.stdout?.on('data', (d: Buffer) => {
			out += String(d);
			if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as ChildInfo);
		});
		child.on('exit', (code) => reject(new Error(`the 1C sandbox process ended (${code})`)));
	});
	return {
		url: info.url,
		controlUrl: info.controlUrl,
		user: info.user,
		password: info.password,
		pid: child.pid as number,
		warehouseRefByCode: new Map(info.warehouses),
		async requestCount() {
			const answer = await fetch(`${info.controlUrl}requests`);
			return ((await answer.json()) as unknown[]).length;
		},
		async close() {
			if (child.exitCode !== null) return;
			await new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill();
			});
		},
	};
}

/** The child: start the sandbox, say where it is, and serve until killed. */
async function serve(large: LargeOptions): Promise<void> {
	const sandbox = await startOneCSandbox({ port: 0, fixture: 'large', large });
	const warehouses = [...warehouseRefsByCode(sandbox)];
	const info: ChildInfo = { url: sandbox.url, controlUrl: sandbox.controlUrl, user: sandbox.user, password: sandbox.password, warehouses };
	process.stdout.write(`${JSON.stringify(info)}\n`);
}

const flag = process.argv.indexOf(CHILD_FLAG);
if (flag > 0) {
	serve(JSON.parse(process.argv[flag + 1]) as LargeOptions).catch((error: unknown) => {
		process.stderr.write(`${String(error)}\n`);
		process.exit(1);
	});
}
