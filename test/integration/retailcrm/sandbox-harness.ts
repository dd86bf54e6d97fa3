import axios from 'axios';
import { Pacer } from '../../../nodes/core/http/pacer';
import { RetailCrmClient, type RetailCrmClientOptions } from '../../../nodes/core/retailcrm/client';
import { createAxiosTransport, realClock } from '../../helpers/axios-transport';
import { startRetailCrmSandbox } from '../../sandboxes/retailcrm/server';

type Sandbox = Awaited<ReturnType<typeof startRetailCrmSandbox>>;

/** One sandbox per test file, reset before each test; a client over axios with the key in X-API-KEY. */
export class SandboxHarness {
	sandbox!: Sandbox;
	/** Every log line any client of this harness printed (checked for keys). */
	readonly logLines: string[] = [];

	async start(fixture: 'seed' | 'large' = 'seed'): Promise<void> {
		this.sandbox = await startRetailCrmSandbox({ port: 0, fixture });
	}

	async stop(): Promise<void> {
		await this.sandbox?.close();
	}

	get url(): string {
		return this.sandbox.url;
	}

	get keys() {
		return this.sandbox.keys;
	}

	/**
	 * A client with a fast pacer and short back-off by default, so tests stay quick; the rate-limit
	 * test passes the real pacer instead.
	 */
	client(key: string = this.keys.integration, options: Partial<RetailCrmClientOptions> = {}) {
		const transport = createAxiosTransport({ 'X-API-KEY': key });
		const client = new RetailCrmClient({
			baseUrl: this.url,
			transport,
			clock: realClock,
			pacer: new Pacer(1000, realClock),
			retry: { baseDelayMs: 20, maxDelayMs: 200 },
			logger: (line) => this.logLines.push(line),
			...options,
		});
		return { client, transport };
	}

	private async control<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
		const res = await axios.request({ method, url: `${this.url}/__sandbox/${path}`, data: body, validateStatus: () => true });
		if (res.status >= 300) throw new Error(`sandbox control ${method} ${path} answered ${res.status}: ${JSON.stringify(res.data)}`);
		return res.data as T;
	}

	reset(fixture: 'seed' | 'large' = 'seed') {
		return this.control('POST', 'reset', { fixture });
	}

	configure(patch: Record<string, unknown>) {
		return this.control('POST', 'config', patch);
	}

	fault(spec: Record<string, unknown>) {
		return this.control('POST', 'faults', spec);
	}

	setStatus(orderId: number, status: string) {
		return this.control('POST', `orders/${orderId}/status`, { status });
	}

	async requests(): Promise<Array<{ method: string; path: string; status: number; outcome: string; key: string; query: Record<string, unknown>; form: Record<string, unknown> }>> {
		return (await this.control<{ requests: never[] }>('GET', 'requests')).requests;
	}

	clearRequests() {
		return this.control('DELETE', 'requests');
	}
}
