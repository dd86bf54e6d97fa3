import axios from 'axios';
import { startOneCSandbox, type OneCSandbox } from '../../sandboxes/onec/server';
import { OneCClient, forgetSliceLastForms, type OneCClientOptions } from '../../../nodes/core/onec/client';
import { basicAuthHeader } from '../../../nodes/core/onec/auth';
import { createAxiosTransport, fakeClock } from '../../helpers/axios-transport';

/** Control API of the UT 10.3 sandbox (`/__sandbox/…`). */
export function control(sb: OneCSandbox) {
	const call = async (method: 'GET' | 'POST' | 'DELETE', action: string, data?: unknown) => {
		const res = await axios.request({ method, url: `${sb.controlUrl}${action}`, data, validateStatus: () => true });
		if (res.status >= 400) throw new Error(`sandbox ${method} ${action}: ${res.status} ${JSON.stringify(res.data)}`);
		return res.data as unknown;
	};
	return {
		/** Fixture, faults and request log back to the start, and the behaviour switches to their defaults. */
		reset: async () => {
			await call('POST', 'reset');
			await call('POST', 'config', { defaults: true });
		},
		config: (patch: Record<string, unknown>) => call('POST', 'config', patch),
		faults: (fault: Record<string, unknown>) => call('POST', 'faults', fault),
		clearFaults: () => call('DELETE', 'faults'),
		requests: async () => (await call('GET', 'requests')) as Array<{ method: string; path: string; query: Record<string, string>; rawUrl: string; body: string; status: number; user?: string }>,
		clearRequests: () => call('DELETE', 'requests'),
		state: () => call('GET', 'state'),
		movements: (body: unknown) => call('POST', 'movements', body),
		prices: (body: unknown) => call('POST', 'prices', body),
	};
}

/** A client over axios with the sandbox login (Cyrillic, UTF-8 Basic) and a clock that never waits. */
export function sandboxClient(sb: { url: string; user: string; password: string }, options: Partial<OneCClientOptions> = {}, auth = basicAuthHeader(sb.user, sb.password)) {
	const transport = createAxiosTransport({ Authorization: auth });
	const clock = fakeClock();
	const logs: string[] = [];
	const client = new OneCClient({ rootUrl: sb.url, transport, clock, logger: (m) => logs.push(m), ...options });
	return { client, transport, clock, logs };
}

export async function withSandbox(fixture: 'seed' | 'large' = 'seed') {
	forgetSliceLastForms();
	return startOneCSandbox({ port: 0, fixture });
}
