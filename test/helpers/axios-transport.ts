import axios from 'axios';
import type { Clock, HttpRequest, HttpResponse, Transport } from '../../nodes/core/http/transport';
import { TransportError, bytesResponse } from '../../nodes/core/http/transport';

/**
 * Plain HTTP transport for tests, benchmarks and tools (nodes use n8n's helpers instead).
 * `defaultHeaders` carries auth the way a credential would (X-API-KEY, Authorization).
 */
export function createAxiosTransport(defaultHeaders: Record<string, string> = {}): Transport & { count: number } {
	const transport = {
		count: 0,
		async request(req: HttpRequest): Promise<HttpResponse> {
			transport.count++;
			try {
				const res = await axios.request<string | Buffer>({
					method: req.method,
					url: req.url,
					headers: { ...defaultHeaders, ...(req.headers ?? {}) },
					data: req.body,
					timeout: req.timeoutMs ?? 30_000,
					// As the n8n transport (nodes/shared/transport.ts): a 2xx answer as bytes when asked.
					responseType: req.bytes === true ? 'arraybuffer' : 'text',
					transformResponse: [(d: unknown) => d],
					validateStatus: () => true,
					maxRedirects: 0,
				});
				const headers: Record<string, string> = {};
				for (const [k, v] of Object.entries(res.headers ?? {})) {
					if (v !== undefined && v !== null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
				}
				if (Buffer.isBuffer(res.data)) return bytesResponse(res.status, headers, res.data);
				return { status: res.status, headers, body: typeof res.data === 'string' ? res.data : String(res.data ?? '') };
			} catch (error) {
				const e = error as { code?: string; message?: string };
				const kind =
					e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT'
						? 'timeout'
						: e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
							? 'dns'
							: e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' || e.code === 'EPIPE' || e.code === 'ERR_BAD_RESPONSE'
								? 'connection'
								: 'other';
				throw new TransportError(kind, `${e.code ?? 'error'}: ${e.message ?? 'request failed'}`);
			}
		},
	};
	return transport;
}

/** Real clock for tests that talk to sandboxes. */
export const realClock: Clock = {
	now: () => Date.now(),
	sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock that never waits but records the waits it was asked for (back-off tests). */
export function fakeClock(start = 0): Clock & { slept: number[] } {
	let now = start;
	const slept: number[] = [];
	return {
		slept,
		now: () => now,
		sleep: async (ms: number) => {
			slept.push(ms);
			now += ms;
		},
	};
}
