/**
 * The retailCRM sandbox: a local HTTP server faithful to retailCRM API v5 (docs/retailcrm-api.md, test/sandboxes/retailcrm/README.md),
 * with a control API under `/__sandbox/`. Used by tests, benchmarks and the demo.
 *
 *   const sb = await startRetailCrmSandbox({ port: 0 });
 *   // GET `${sb.url}/api/v5/orders` with header X-API-KEY: sb.keys.integration
 *   await sb.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api-handler';
import { handleControl, validateConfigPatch } from './control';
import { FaultInjector, type Fault, type FaultSpec } from './faults';
import { RandomFaults, type RandomFaultReport, type RandomFaultSpec } from '../random-faults';
import { largeState, type LargeCounts } from './fixtures/large';
import { INTEGRATION_KEY, READONLY_KEY, SITE_KEY, defaultConfig } from './fixtures/reference-data';
import { seedState } from './fixtures/seed';
import { importIcml, type IcmlImportResult } from './icml/import';
import { RateLimiter } from './rate-limiter';
import { RequestLog, type LoggedRequest } from './request-log';
import { Router } from './router';
import { customerRoutes } from './routes/customers';
import { historyRoutes } from './routes/history';
import { integrationModuleRoutes } from './routes/integration-modules';
import { customFieldRoutes } from './routes/custom-fields';
import { orderRoutes } from './routes/orders';
import { paymentRoutes } from './routes/payments';
import { referenceRoutes } from './routes/reference';
import { storeRoutes } from './routes/store';
import { systemRoutes } from './routes/system';
import { changeStatus, deleteOrder } from './orders-domain';
import { StateStore } from './state-store';
import { TriggerEmulator, type TriggerCall, type TriggerSpec } from './triggers';
import type { SandboxConfig, SandboxState } from './types';

export type SandboxFixture = 'seed' | 'large';
export type { SandboxConfig, SandboxState } from './types';
export type { FaultSpec } from './faults';
export type { LoggedRequest } from './request-log';
export type { TriggerCall, TriggerSpec } from './triggers';
export { TRIGGER_STATUS, SITE_CODE, SEED_ORDER_IDS, SEED_OFFER_IDS, SEED_CUSTOMER_IDS } from './fixtures/seed';

export interface StartOptions {
	port?: number;
	host?: string;
	fixture?: SandboxFixture;
	/** Config overrides, kept across fixture resets (e.g. `{ rateLimit: false }` for fast bulk tests). */
	config?: Partial<SandboxConfig>;
	/** Clock for the rate limiter and timestamps (ms since epoch); defaults to Date.now. */
	now?: () => number;
	/** Sizes of the large fixture (default LARGE_COUNTS: 10,000 products, 30,000 offers). */
	large?: Partial<LargeCounts>;
}

export interface RetailCrmSandbox {
	/** e.g. http://127.0.0.1:18080 (no trailing slash). */
	url: string;
	port: number;
	keys: { integration: string; site: string; readonly: string };
	/** Direct access to the in-memory state (call `reindex()` after changing offers/orders by hand). */
	readonly state: SandboxState;
	close(): Promise<void>;
	/** Same as POST /__sandbox/reset; also clears faults, rate-limit buckets and the request log. */
	reset(fixture?: SandboxFixture | { state: SandboxState }): void;
	/** Same as POST /__sandbox/config. */
	configure(patch: Partial<SandboxConfig>): SandboxConfig;
	/** Same as POST /__sandbox/faults. */
	injectFault(spec: FaultSpec): Fault;
	/**
	 * Seeded random faults on about `rate` of the API requests (test/sandboxes/random-faults.ts), or none (`null`);
	 * reset() turns them off. Returns the report of the mode it replaces.
	 */
	randomFaults(spec: RandomFaultSpec | null): RandomFaultReport | undefined;
	/** What the random mode injected so far. */
	randomFaultReport(): RandomFaultReport | undefined;
	/** Same as GET /__sandbox/requests. */
	requests(since?: number): LoggedRequest[];
	clearRequests(): void;
	/** A manager changes the status in the CRM UI (history `source: user`). */
	setStatus(orderId: number, status: string, userId?: number): void;
	/** A manager deletes the order in the CRM UI (history record `deleted: true`). */
	deleteOrder(orderId: number, userId?: number): void;
	/** Same as POST /__sandbox/icml. */
	importIcml(xml: string, site?: string): IcmlImportResult;
	reindex(): void;
	/** Same as POST /__sandbox/triggers: retailCRM triggers that call a URL when an order enters a status (triggers.ts). */
	configureTriggers(specs: TriggerSpec[]): void;
	/** The calls the triggers made, are about to make, or dropped (GET /__sandbox/triggers). */
	triggerCalls(): TriggerCall[];
	/** Resolves when no trigger call is waiting or under way. */
	triggersIdle(): Promise<void>;
}

const MAX_BODY = 512 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new Error('body too large'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function fixtureState(fixture: SandboxFixture, large?: Partial<LargeCounts>): SandboxState {
	return fixture === 'large' ? largeState(undefined, large) : seedState();
}

export async function startRetailCrmSandbox(opts: StartOptions = {}): Promise<RetailCrmSandbox> {
	const now = opts.now ?? Date.now;
	const overrides = validateConfigPatch({ ...(opts.config ?? {}) });
	const withOverrides = (s: SandboxState) => {
		s.config = { ...s.config, ...overrides };
		return s;
	};
	const store = new StateStore(withOverrides(fixtureState(opts.fixture ?? 'seed', opts.large)), now);
	const faults = new FaultInjector();
	const limiter = new RateLimiter(now);
	const log = new RequestLog();
	let random: RandomFaults | undefined;
	const triggers = new TriggerEmulator(now);
	store.statusListeners.add((order, status) => triggers.onStatusChange(order, status));
	let baseUrl = '';

	const router = new Router();
	router.add(...systemRoutes(router, () => baseUrl), ...referenceRoutes(), ...orderRoutes(), ...paymentRoutes(), ...historyRoutes(), ...customerRoutes(), ...storeRoutes(), ...integrationModuleRoutes(), ...customFieldRoutes());

	const clearRuntime = () => {
		faults.clear();
		random = undefined;
		limiter.clear();
		log.clear();
		triggers.clearCalls();
	};
	const internals = {
		store,
		faults,
		log,
		triggers,
		reset(fixture: SandboxFixture) {
			store.replace(withOverrides(fixtureState(fixture, opts.large)));
			clearRuntime();
		},
		resetTo(state: SandboxState) {
			// Fill what a hand-written state may leave out.
			const full = { ...seedState(), ...state, config: { ...defaultConfig(), ...(state.config ?? {}) } } as SandboxState;
			full.history = [...full.history].sort((a, b) => a.id - b.id);
			store.replace(full);
			clearRuntime();
		},
		configure(patch: Partial<SandboxConfig>) {
			store.state.config = { ...store.state.config, ...patch };
			if (patch.rateLimitPerSecond !== undefined || patch.rateLimitBurst !== undefined || patch.rateLimit !== undefined) limiter.clear();
		},
		importIcml(xml: string, site?: string) {
			return importIcml(store, xml, site ?? Object.keys(store.state.sites)[0]);
		},
	};

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		void (async () => {
			const body = await readBody(req);
			// Split by hand: `new URL` would read `//api/…` as a host name.
			const target = req.url ?? '/';
			const q = target.indexOf('?');
			const pathname = q < 0 ? target : target.slice(0, q);
			const rawQuery = q < 0 ? '' : target.slice(q + 1);
			if (pathname.startsWith('/__sandbox/') || pathname === '/__sandbox') {
				await handleControl(internals, req, res, pathname, new URLSearchParams(rawQuery), body);
			} else {
				await handleApi({ store, router, faults, limiter, log, now, randomFaults: () => random }, req, res, pathname, rawQuery, body);
			}
		})().catch((e) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
				res.end(JSON.stringify({ success: false, errorMsg: String((e as Error).message ?? e) }));
			}
		});
	});
	const sockets = new Set<import('node:net').Socket>();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});

	const host = opts.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

	return {
		url: baseUrl,
		port,
		keys: { integration: INTEGRATION_KEY, site: SITE_KEY, readonly: READONLY_KEY },
		get state() {
			return store.state;
		},
		close: () =>
			new Promise<void>((resolve) => {
				triggers.clearCalls();
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
		reset(fixture: SandboxFixture | { state: SandboxState } = 'seed') {
			if (typeof fixture === 'string') internals.reset(fixture);
			else internals.resetTo(fixture.state);
		},
		configure(patch) {
			internals.configure(validateConfigPatch(patch as Record<string, unknown>));
			return store.state.config;
		},
		injectFault: (spec) => faults.add(spec),
		randomFaults(spec) {
			const before = random?.report();
			random = spec ? new RandomFaults(spec) : undefined;
			return before;
		},
		randomFaultReport: () => random?.report(),
		requests: (since) => log.list(since),
		clearRequests: () => log.clear(),
		setStatus(orderId, status, userId = 1) {
			const order = store.order(orderId);
			if (!order) throw new Error(`No order with id ${orderId}`);
			changeStatus(store, order, status, { source: 'user', userId });
		},
		deleteOrder(orderId, userId = 1) {
			const order = store.order(orderId);
			if (!order) throw new Error(`No order with id ${orderId}`);
			deleteOrder(store, order, { source: 'user', userId });
		},
		importIcml: (xml, site) => internals.importIcml(xml, site),
		reindex: () => store.reindex(),
		configureTriggers: (specs) => triggers.configure(specs),
		triggerCalls: () => triggers.calls(),
		triggersIdle: () => triggers.idle(),
	};
}
