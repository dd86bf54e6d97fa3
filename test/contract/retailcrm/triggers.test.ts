import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_ORDER_IDS, TRIGGER_STATUS } from '../../sandboxes/retailcrm/server';
import { renderTwig } from '../../sandboxes/retailcrm/triggers';
import { control, postForm, start } from './helpers';

interface Received {
	method: string;
	url: string;
	contentType: string;
	body: string;
	at: number;
}

/** A receiver standing in for n8n's webhook: records every call, answers with `status`. */
async function receiver(status = 200): Promise<{ url: string; calls: Received[]; close(): Promise<void>; status: number }> {
	const calls: Received[] = [];
	const state = { status };
	const server: Server = createServer((req: IncomingMessage, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString()));
		req.on('end', () => {
			calls.push({ method: req.method ?? '', url: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body, at: Date.now() });
			res.writeHead(state.status);
			res.end('{}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/webhook/retailcrm-order`,
		calls,
		get status() {
			return state.status;
		},
		set status(v: number) {
			state.status = v;
		},
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}

const [O5488, O5489, O5490] = [SEED_ORDER_IDS['5488'], SEED_ORDER_IDS['5489'], SEED_ORDER_IDS['5490']];

describe('triggers: a status change calls a URL (retailCRM "HTTP request" action)', () => {
	let sb: RetailCrmSandbox;
	let hook: Awaited<ReturnType<typeof receiver>>;
	beforeAll(async () => {
		sb = await start();
		hook = await receiver();
	});
	afterAll(async () => {
		await sb.close();
		await hook.close();
	});
	beforeEach(() => {
		sb.reset('seed');
		hook.calls.length = 0;
		hook.status = 200;
	});

	it('calls the URL after the delay, with the Twig parameters form-encoded, only for the configured statuses', async () => {
		sb.configureTriggers([{ code: 'to-1c', statuses: [TRIGGER_STATUS], url: `${hook.url}?secret=s3`, params: { id: '{{ order.id }}', number: '{{ order.getNumber() }}', status: '{{ order.status.code }}' }, delayMs: 150 }]);
		const changedAt = Date.now();
		sb.setStatus(O5488, TRIGGER_STATUS);
		sb.setStatus(O5489, 'assembling');
		expect(hook.calls).toHaveLength(0);
		await sb.triggersIdle();
		expect(hook.calls).toHaveLength(1);
		const [call] = hook.calls;
		expect(call.at - changedAt).toBeGreaterThanOrEqual(140);
		expect(call).toMatchObject({ method: 'POST', url: '/webhook/retailcrm-order?secret=s3', contentType: 'application/x-www-form-urlencoded' });
		expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({ id: String(O5488), number: '5488', status: TRIGGER_STATUS });
		expect(sb.triggerCalls()).toEqual([expect.objectContaining({ trigger: 'to-1c', orderId: O5488, status: TRIGGER_STATUS, outcome: 'sent', httpStatus: 200 })]);
	});

	it('fires on any actor\'s status change (manager, site key, API edit), and not for an unchanged status', async () => {
		sb.configureTriggers([{ statuses: [TRIGGER_STATUS], url: hook.url, delayMs: 0 }]);
		sb.setStatus(O5488, TRIGGER_STATUS);
		sb.setStatus(O5488, TRIGGER_STATUS);
		const edit = await postForm(sb, `/api/v5/orders/${O5489}/edit`, { by: 'id', order: { status: TRIGGER_STATUS } }, sb.keys.site);
		expect(edit.status).toBe(200);
		// A write-back (custom fields only) is no status change: no call, so no echo.
		await postForm(sb, `/api/v5/orders/${O5490}/edit`, { by: 'id', order: { customFields: { onec_number: 'ЦРМ00005490' } } });
		await sb.triggersIdle();
		expect(hook.calls.map((c) => new URLSearchParams(c.body).get('id'))).toEqual([String(O5488), String(O5489)]);
	});

	it('drops the configured share of calls, evenly and knowably (0.2: the 5th and the 10th)', async () => {
		sb.configureTriggers([{ statuses: [TRIGGER_STATUS], url: hook.url, delayMs: 0, dropRate: 0.2 }]);
		const ids: number[] = [];
		for (let i = 0; i < 10; i++) {
			const created = await postForm(sb, '/api/v5/orders/create', { site: 'test-crm10', order: { firstName: `Покупатель ${i}`, items: [{ offer: { id: 1 }, quantity: 1 }] } });
			ids.push(created.data.id);
			sb.setStatus(created.data.id, TRIGGER_STATUS);
		}
		await sb.triggersIdle();
		const log = sb.triggerCalls();
		expect(log.filter((c) => c.outcome === 'dropped').map((c) => c.orderId)).toEqual([ids[4], ids[9]]);
		// Each call is its own request, as retailCRM's are: they may arrive in any order.
		const delivered = hook.calls.map((c) => Number(new URLSearchParams(c.body).get('id')));
		expect(delivered.sort((a, b) => a - b)).toEqual(ids.filter((_, i) => i !== 4 && i !== 9).sort((a, b) => a - b));
	});

	it('logs an answer other than 2xx as failed and does not repeat it; GET puts the parameters in the query', async () => {
		hook.status = 500;
		sb.configureTriggers([{ statuses: [TRIGGER_STATUS], url: hook.url, method: 'GET', delayMs: 0 }]);
		sb.setStatus(O5490, TRIGGER_STATUS);
		await sb.triggersIdle();
		expect(hook.calls.map((c) => [c.method, c.url])).toEqual([['GET', `/webhook/retailcrm-order?id=${O5490}`]]);
		expect(sb.triggerCalls()[0]).toMatchObject({ outcome: 'failed', httpStatus: 500 });
	});

	it('is configured and read through the control API; a reset cancels pending calls but keeps the triggers', async () => {
		const bad = await control(sb, 'POST', 'triggers', { triggers: [{ statuses: [], url: hook.url }] });
		expect(bad.status).toBe(400);
		const set = await control(sb, 'POST', 'triggers', { triggers: [{ code: 'push', statuses: [TRIGGER_STATUS], url: hook.url, delayMs: 300 }] });
		expect(set.status).toBe(200);
		sb.setStatus(O5488, TRIGGER_STATUS);
		const read = await control(sb, 'GET', 'triggers');
		expect(read.data.triggers).toEqual([expect.objectContaining({ code: 'push', statuses: [TRIGGER_STATUS] })]);
		expect(read.data.calls).toEqual([expect.objectContaining({ orderId: O5488, outcome: 'pending' })]);
		sb.reset('seed');
		await sb.triggersIdle();
		expect(hook.calls).toHaveLength(0);
		expect(sb.triggerCalls()).toEqual([]);
		sb.setStatus(O5489, TRIGGER_STATUS);
		await sb.triggersIdle();
		expect(hook.calls).toHaveLength(1);
	});

	it('renders the Twig forms retailCRM documents (properties and getters)', () => {
		const order = sb.state.orders.find((o) => o.id === O5488)!;
		expect(renderTwig('{{ order.id }}|{{order.number}}|{{ order.getId() }}|{{ order.getStatus().getCode() }}|{{ order.site }}|{{ order.nope }}', order)).toBe(
			`${O5488}|5488|${O5488}|new|test-crm10|`,
		);
	});
});
