/**
 * The orders template's push row in a running n8n (`n8n start`, workflow active), driven by the retailCRM sandbox's
 * triggers (test/sandboxes/retailcrm/triggers.ts), for the demo's report, `npm run bench:push` and the e2e test:
 * orders move into the trigger status one after another; the time from each status change to its posted
 * `Заказ покупателя` in the 1C sandbox is measured; the calls the sandbox drops must arrive through the scheduled
 * (catch-up) row within one schedule interval.
 */
import type { ChildProcess } from 'child_process';
import type { N8nInstance, TemplateJson } from './instance';
import { runN8n, startN8n, waitForHealth } from './n8n-cli';
import { executeWorkflow } from './scenario';
import type { RetailCrmSandbox } from '../../test/sandboxes/retailcrm/server';
import { TRIGGER_STATUS } from '../../test/sandboxes/retailcrm/server';
import type { OneCSandbox } from '../../test/sandboxes/onec/server';

export const ORDERS_WORKFLOW = 'rcrm1cOrders';
export const PUSH_PATH = 'retailcrm-order';
/** The template's schedule row (Every 5 Minutes). */
export const SCHEDULE_INTERVAL_MS = 5 * 60_000;

/** The user's set-up step "put a secret into *Secret Correct?*", done before import. */
export function withPushSecret(secret: string): (workflow: TemplateJson) => TemplateJson {
	return (workflow) => {
		if (workflow.id !== ORDERS_WORKFLOW) return workflow;
		const check = workflow.nodes.find((n) => n.name === 'Secret Correct?');
		const conditions = (check?.parameters.conditions as { conditions?: Array<{ rightValue: unknown; operator: { operation: string } }> } | undefined)?.conditions;
		const equals = conditions?.find((c) => c.operator.operation === 'equals');
		if (!equals) throw new Error('The orders template has no secret check "Secret Correct?" with an "equals" condition');
		equals.rightValue = secret;
		return workflow;
	};
}

export function pushUrl(instance: Pick<N8nInstance, 'port'>, secret?: string): string {
	return `http://127.0.0.1:${instance.port}/webhook/${PUSH_PATH}${secret === undefined ? '' : `?secret=${encodeURIComponent(secret)}`}`;
}

/**
 * n8n starts schedules and production webhooks only of active workflows. The cursor is started first by one CLI
 * execution (as an active workflow's first scheduled run would), so status changes after it are in its history.
 */
export async function prepareActiveOrders(instance: N8nInstance, log: (line: string) => void = console.log): Promise<void> {
	log('Starting the orders cursor (one CLI execution) and activating the orders workflow…');
	const first = await executeWorkflow(instance, ORDERS_WORKFLOW);
	if (!first.ok) throw new Error(`The first orders run failed: ${first.error ?? first.status}`);
	await activateOrders(instance);
}

/** `update:workflow --active=true` (n8n stopped): n8n then starts its schedule and production webhooks. */
export async function activateOrders(instance: N8nInstance): Promise<void> {
	// Deprecated on n8n 2.x (where it publishes the workflow), still there: one command for both majors.
	const active = await runN8n(instance, ['update:workflow', `--id=${ORDERS_WORKFLOW}`, '--active=true']);
	if (active.code !== 0) throw new Error(`n8n update:workflow failed:\n${active.stdout.slice(-1500)}\n${active.stderr.slice(-1500)}`);
}

/** `n8n start`, healthy, with the push webhook answering (401 without a secret). */
export async function startActiveN8n(instance: N8nInstance, onLine: (line: string) => void = () => undefined): Promise<ChildProcess> {
	const child = await startN8n(instance, onLine);
	try {
		await waitForHealth(instance.port, undefined, child);
		const until = Date.now() + 60_000;
		for (;;) {
			const res = await fetch(pushUrl(instance), { method: 'POST' }).catch(() => undefined);
			if (res?.status === 401) break;
			if (Date.now() > until) throw new Error(`The push webhook did not answer 401 without a secret (last: ${res?.status ?? 'no answer'})`);
			await new Promise((r) => setTimeout(r, 500));
		}
		return child;
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}
}

export { stopN8n } from './n8n-cli';

export interface PushOptions {
	orders: number;
	/** Share of trigger calls the sandbox drops (0.2: every 5th). */
	dropRate: number;
	secret: string;
	/**
	 * Between two status changes, ms. Default 500: two orders a second. Each pushed order costs four retailCRM requests
	 * (status groups, the order, the write-back's two), and one n8n process paces its retailCRM requests at 8 a second
	 * (core/retailcrm/client.ts, under retailCRM's 10 a second per key, which the sandbox enforces): faster pushes queue.
	 */
	spacingMs?: number;
	/** The sandbox's trigger delay, ms. Default 500. */
	triggerDelayMs?: number;
	/** How long to wait for dropped calls to arrive through the scheduled row. Default one interval + 2 minutes. */
	catchUpTimeoutMs?: number;
	log?: (line: string) => void;
}

export interface PushMeasurement {
	orders: number;
	delivered: number;
	dropped: number;
	/** Status change → posted document, seconds, of orders whose call was made. */
	latencies: number[];
	median: number;
	worst: number;
	/** Status change → posted document, seconds, of orders whose call was dropped (the catch-up row loaded them). */
	catchUp: number[];
	catchUpWorst: number;
	/** Trigger calls made in all (a write-back firing the trigger again would show here). */
	triggerCalls: number;
	problems: string[];
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p + 0.5))]);
export const median = (values: number[]) => {
	const s = [...values].sort((a, b) => a - b);
	if (s.length === 0) return NaN;
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** A new order from the shop's site (its own API key), in status "new"; waits out the sandbox's rate limit. */
async function createOrder(crm: RetailCrmSandbox, index: number): Promise<number> {
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(`${crm.url}/api/v5/orders/create`, {
			method: 'POST',
			headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				site: 'test-crm10',
				order: JSON.stringify({ firstName: 'Покупатель', lastName: `Пуш ${index}`, email: `push${index}@example.ru`, items: [{ offer: { id: 1 + (index % 2) }, quantity: 1 + (index % 3), initialPrice: 300 }] }),
			}).toString(),
		});
		const body = (await response.json()) as { id?: number; errorMsg?: string };
		if (body.id) return body.id;
		if ((response.status !== 503 && response.status !== 429) || attempt >= 20) throw new Error(`orders/create answered ${response.status}: ${body.errorMsg ?? ''}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

function postedDocuments(onec: OneCSandbox): Map<number, number> {
	const live = new Map<number, number>();
	for (const row of onec.state.store.rows('Document_ЗаказПокупателя')) {
		const key = /^crm#(\d+)$/.exec(String(row['НомерВходящегоДокументаЭлектронногоОбмена'] ?? '').trim());
		if (!key || row.DeletionMark === true) continue;
		const id = Number(key[1]);
		live.set(id, (live.get(id) ?? 0) + (row.Posted === true ? 1 : 0));
	}
	return live;
}

/** Moves `orders` fresh orders into the trigger status, one every `spacingMs`, and times their way into 1C. */
export async function measurePush(instance: N8nInstance, crm: RetailCrmSandbox, onec: OneCSandbox, options: PushOptions): Promise<PushMeasurement> {
	const log = options.log ?? console.log;
	const spacing = options.spacingMs ?? 500;
	const problems: string[] = [];
	crm.configureTriggers([
		{ code: 'orders-to-1c', statuses: [TRIGGER_STATUS], url: pushUrl(instance, options.secret), params: { id: '{{ order.id }}' }, delayMs: options.triggerDelayMs ?? 500, dropRate: options.dropRate },
	]);
	const ids: number[] = [];
	for (let i = 0; i < options.orders; i++) ids.push(await createOrder(crm, i));
	log(`Created ${ids.length} orders; moving them into "${TRIGGER_STATUS}", one every ${spacing} ms…`);

	const changedAt = new Map<number, number>();
	const arrivedAt = new Map<number, number>();
	let polling = true;
	const poll = (async () => {
		while (polling) {
			const now = Date.now();
			for (const [id, posted] of postedDocuments(onec)) if (posted > 0 && changedAt.has(id) && !arrivedAt.has(id)) arrivedAt.set(id, now);
			await new Promise((r) => setTimeout(r, 25));
		}
	})();
	for (const id of ids) {
		changedAt.set(id, Date.now());
		crm.setStatus(id, TRIGGER_STATUS);
		await new Promise((r) => setTimeout(r, spacing));
	}
	await crm.triggersIdle();
	const calls = crm.triggerCalls().filter((c) => ids.includes(c.orderId));
	const dropped = new Set(calls.filter((c) => c.outcome === 'dropped').map((c) => c.orderId));
	const failedCalls = calls.filter((c) => c.outcome === 'failed');
	if (failedCalls.length) problems.push(`${failedCalls.length} trigger calls were answered with an error (${failedCalls.map((c) => c.httpStatus ?? c.error).join(', ')})`);

	const delivered = ids.filter((id) => !dropped.has(id));
	const pushedBy = Date.now() + 60_000;
	while (delivered.some((id) => !arrivedAt.has(id)) && Date.now() < pushedBy) await new Promise((r) => setTimeout(r, 100));
	const latencies = delivered.filter((id) => arrivedAt.has(id)).map((id) => ((arrivedAt.get(id) as number) - (changedAt.get(id) as number)) / 1000);
	const late = delivered.filter((id) => !arrivedAt.has(id));
	if (late.length) problems.push(`pushed orders not in 1C after a minute: ${late.join(', ')}`);
	log(`Pushed: ${latencies.length} of ${delivered.length} in 1C; median ${median(latencies).toFixed(2)} s, worst ${Math.max(...latencies).toFixed(2)} s. Dropped calls: ${dropped.size}.`);

	if (dropped.size > 0) {
		const timeout = options.catchUpTimeoutMs ?? SCHEDULE_INTERVAL_MS + 120_000;
		log(`Waiting for the ${dropped.size} dropped orders to arrive through the scheduled row (every ${SCHEDULE_INTERVAL_MS / 60_000} minutes; up to ${Math.round(timeout / 1000)} s)…`);
		const until = Date.now() + timeout;
		while ([...dropped].some((id) => !arrivedAt.has(id)) && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
	}
	polling = false;
	await poll;
	const catchUp = [...dropped].filter((id) => arrivedAt.has(id)).map((id) => ((arrivedAt.get(id) as number) - (changedAt.get(id) as number)) / 1000);
	const missing = [...dropped].filter((id) => !arrivedAt.has(id));
	if (missing.length) problems.push(`dropped calls never caught up: orders ${missing.join(', ')}`);
	const catchUpWorst = catchUp.length ? Math.max(...catchUp) : 0;
	if (catchUpWorst > (SCHEDULE_INTERVAL_MS + 60_000) / 1000) problems.push(`a dropped order took ${catchUpWorst.toFixed(0)} s, more than one schedule interval`);

	const live = postedDocuments(onec);
	const counts = ids.map((id) => onec.state.store.rows('Document_ЗаказПокупателя').filter((r) => String(r['НомерВходящегоДокументаЭлектронногоОбмена'] ?? '').trim() === `crm#${id}` && r.DeletionMark !== true).length);
	const notOnce = ids.filter((_id, i) => counts[i] !== 1);
	if (notOnce.length) problems.push(`orders without exactly one live document: ${notOnce.join(', ')}`);
	if (ids.some((id) => (live.get(id) ?? 0) !== 1)) problems.push('some documents are not posted');
	await crm.triggersIdle();
	const triggerCalls = crm.triggerCalls().filter((c) => ids.includes(c.orderId)).length;
	if (triggerCalls !== ids.length) problems.push(`retailCRM's trigger fired ${triggerCalls} times for ${ids.length} status changes (an echo?)`);
	const sorted = [...latencies].sort((a, b) => a - b);
	return {
		orders: ids.length,
		delivered: delivered.length,
		dropped: dropped.size,
		latencies: sorted,
		median: median(latencies),
		worst: percentile(sorted, 1),
		catchUp: catchUp.sort((a, b) => a - b),
		catchUpWorst,
		triggerCalls,
		problems,
	};
}

export function printPush(m: PushMeasurement, log: (line: string) => void = console.log): void {
	log(`Push (retailCRM trigger → n8n webhook → 1C), ${m.orders} orders, ${m.dropped} calls dropped by the sandbox:`);
	log(`  status change → posted 1C document: median ${m.median.toFixed(2)} s, worst ${m.worst.toFixed(2)} s (${m.latencies.length} pushed orders; target median ≤ 5 s)`);
	if (m.dropped > 0) log(`  dropped calls caught up by the schedule row: ${m.catchUp.length} of ${m.dropped}, worst ${m.catchUpWorst.toFixed(0)} s (interval ${SCHEDULE_INTERVAL_MS / 1000} s)`);
	log(`  one posted document per order; trigger calls ${m.triggerCalls} for ${m.orders} status changes (no echo)${m.problems.length ? `; problems: ${m.problems.join('; ')}` : ''}`);
}
