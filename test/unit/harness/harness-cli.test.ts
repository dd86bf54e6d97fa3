/** The harness's readers of n8n CLI output and of its own command line (scripts/harness). */
import { spawn } from 'child_process';
import { createServer, type AddressInfo, type Server } from 'net';
import { parseExecuteOutput, waitForFreePort, waitForHealth } from '../../../scripts/harness/n8n-cli';
import { n8nMajorFromArgs } from '../../../scripts/harness/paths';

describe('parseExecuteOutput', () => {
	const run = { status: 'success', data: { resultData: { runData: { Start: [] } } } };
	const printed = JSON.stringify(run, null, 2);

	it('splits the log lines before and after the run from the run itself', () => {
		const stdout = ['n8n Task Broker ready on 127.0.0.1, port 40123', 'Registered runner "JS Task Runner" (x) ', printed, 'Task runner exited', ''].join('\n');
		expect(parseExecuteOutput(stdout)).toEqual({
			log: ['n8n Task Broker ready on 127.0.0.1, port 40123', 'Registered runner "JS Task Runner" (x) ', 'Task runner exited'],
			run,
		});
	});

	it('fails with the output when n8n printed no run', () => {
		expect(() => parseExecuteOutput('Error executing workflow. See log messages for details.\n')).toThrow(/printed no JSON:\nError executing workflow/);
	});
});

describe('n8nMajorFromArgs', () => {
	it('reads --n8n 1, --n8n=2 and defaults to 2', () => {
		expect([n8nMajorFromArgs(['--once', '--n8n', '1']), n8nMajorFromArgs(['--n8n=2']), n8nMajorFromArgs(['--once'])]).toEqual([1, 2, 2]);
	});

	it('refuses a major the harness does not pin', () => {
		expect(() => n8nMajorFromArgs(['--n8n', '3'])).toThrow('--n8n takes 1 or 2 (the n8n major), not "3"');
	});
});

describe('an n8n start never talks to another server on its port', () => {
	function listen(): Promise<Server> {
		return new Promise((resolve) => {
			const server = createServer((socket) => socket.destroy());
			server.listen(0, '127.0.0.1', () => resolve(server));
		});
	}

	it('waits while another process holds the port, and names the port when it never frees it', async () => {
		const server = await listen();
		const { port } = server.address() as AddressInfo;
		await expect(waitForFreePort(port, 600)).rejects.toThrow(`port ${port} on 127.0.0.1 is still taken by another process after 600 ms`);
		setTimeout(() => server.close(), 300);
		await expect(waitForFreePort(port, 5_000)).resolves.toBeUndefined();
	});

	it('fails the health wait as soon as the n8n process has exited, instead of polling the port', async () => {
		const child = spawn(process.execPath, ['-e', 'process.exit(3)']);
		await new Promise((r) => child.once('exit', r));
		const started = Date.now();
		await expect(waitForHealth(1, 60_000, child)).rejects.toThrow('n8n exited (3) before it answered on port 1');
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});
