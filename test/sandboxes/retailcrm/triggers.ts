/**
 * retailCRM triggers, as far as the orders push needs them: *Administration → Communications → Triggers*, event
 * "Order changed", a condition on the new status (`changeSet.hasChangedField("status") and
 * changeSet.newValue("status").code == "…"`), action "HTTP request" to a URL with parameters written in Twig
 * (`{{ order.id }}`). Sources: retailCRM's trigger documentation (docs.simla.com/Users/Administration/Triggers, the
 * event/action table docs.simla.com/Users/AutomationUser/FunctionTriggers/CompatibilityTable: "Change of order" →
 * "Execute HTTP request"), the changeSet syntax (docs.retailcrm.ru/Developers/Automation/PipeLang/ChangeSet/ArticleChangeSet),
 * and a module's published set-up of the same action with POST and Twig parameters
 * (docs.modx.pro/en/components/modretailcrm/triggers/order-status-change).
 *
 * What the real service does that its documentation does not say, the sandbox takes on the stricter side:
 *  - the call comes after a delay (`delayMs`, default 500 ms), never inside the status change;
 *  - a call may be lost (`dropRate`: that share of calls is never made, spread evenly: 0.2 drops the 5th, 10th …,
 *    so a test knows exactly which), and an answer other than 2xx is logged as failed and not repeated;
 *  - only status changes fire (not the creation of an order in a trigger status), by anyone: a manager, a site's
 *    API key or the integration's own key, as a condition on the status alone would.
 * POST sends the parameters form-encoded (`application/x-www-form-urlencoded`), GET in the query string.
 */
import type { Order } from './types';

export interface TriggerSpec {
	/** Symbolic code, shown in the call log. */
	code?: string;
	/** The condition: the order's status changed to one of these codes. */
	statuses: string[];
	/** Where the HTTP request goes (Twig is rendered here too). */
	url: string;
	method?: 'POST' | 'GET';
	/** Request parameters, values in Twig; default `{ id: '{{ order.id }}' }`. */
	params?: Record<string, string>;
	/** Wait before the call, ms. Default 500. */
	delayMs?: number;
	/** Share of calls never made, 0…1, spread evenly (0.2: every 5th). Default 0. */
	dropRate?: number;
}

export interface TriggerCall {
	seq: number;
	trigger: string;
	orderId: number;
	status: string;
	/** When the status changed (ms since epoch). */
	changedAt: number;
	/** When the request was sent, if it was. */
	sentAt?: number;
	outcome: 'pending' | 'sent' | 'dropped' | 'failed';
	httpStatus?: number;
	error?: string;
}

const DEFAULT_PARAMS = { id: '{{ order.id }}' };

/** `{{ order.id }}`, `{{ order.status.code }}`, `{{ order.getId() }}`, `{{ order.getStatus().getCode() }}` … */
export function renderTwig(template: string, order: Order): string {
	return template.replace(/\{\{\s*order((?:\.[A-Za-z_][A-Za-z0-9_]*(?:\(\))?)+)\s*\}\}/g, (_m, path: string) => {
		const segments = path
			.slice(1)
			.split('.')
			.map((s) => s.replace(/\(\)$/, ''))
			.map((s) => (/^get[A-Z]/.test(s) ? s.charAt(3).toLowerCase() + s.slice(4) : s));
		let value: unknown = order;
		for (const [i, segment] of segments.entries()) {
			// The status is an object in retailCRM's Twig (code, name); the sandbox keeps its code.
			if (segment === 'code' && i > 0 && segments[i - 1] === 'status') continue;
			value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
		}
		return value === undefined || value === null ? '' : String(value);
	});
}

export class TriggerEmulator {
	private specs: TriggerSpec[] = [];
	private log: TriggerCall[] = [];
	private seq = 0;
	private fired = new Map<string, number>();
	private timers = new Set<NodeJS.Timeout>();
	private inFlight = new Set<Promise<void>>();

	constructor(private readonly now: () => number = Date.now) {}

	configure(specs: readonly TriggerSpec[]): void {
		for (const spec of specs) {
			if (!Array.isArray(spec.statuses) || spec.statuses.length === 0) throw new Error('A trigger needs at least one status');
			if (typeof spec.url !== 'string' || !/^https?:\/\//.test(spec.url)) throw new Error('A trigger needs an http(s) URL');
			if (spec.dropRate !== undefined && !(spec.dropRate >= 0 && spec.dropRate <= 1)) throw new Error('dropRate must be between 0 and 1');
		}
		this.specs = specs.map((s, i) => ({ ...s, code: s.code ?? `trigger-${i + 1}` }));
		this.fired.clear();
	}

	list(): TriggerSpec[] {
		return this.specs.map((s) => ({ ...s }));
	}

	calls(): TriggerCall[] {
		return this.log.map((c) => ({ ...c }));
	}

	/** Cancels calls not yet made and empties the log; the configuration stays. */
	clearCalls(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.log = [];
		this.fired.clear();
	}

	/** Resolves once no call is waiting or under way. */
	async idle(): Promise<void> {
		while (this.timers.size > 0 || this.inFlight.size > 0) {
			await Promise.all([...this.inFlight]);
			if (this.timers.size > 0) await new Promise((r) => setTimeout(r, 20));
		}
	}

	onStatusChange(order: Order, to: string): void {
		for (const spec of this.specs) {
			if (!spec.statuses.includes(to)) continue;
			const code = spec.code as string;
			const k = this.fired.get(code) ?? 0;
			this.fired.set(code, k + 1);
			const rate = spec.dropRate ?? 0;
			const drop = Math.floor((k + 1) * rate) > Math.floor(k * rate);
			const call: TriggerCall = { seq: ++this.seq, trigger: code, orderId: order.id, status: to, changedAt: this.now(), outcome: drop ? 'dropped' : 'pending' };
			this.log.push(call);
			if (drop) continue;
			// The order as it is now: retailCRM renders the action's Twig when the trigger fires.
			const url = renderTwig(spec.url, order);
			const params = Object.entries(spec.params ?? DEFAULT_PARAMS).map(([name, value]) => [name, renderTwig(value, order)] as [string, string]);
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				const sending = this.send(call, spec.method ?? 'POST', url, params);
				this.inFlight.add(sending);
				void sending.finally(() => this.inFlight.delete(sending));
			}, spec.delayMs ?? 500);
			this.timers.add(timer);
		}
	}

	private async send(call: TriggerCall, method: 'POST' | 'GET', url: string, params: Array<[string, string]>): Promise<void> {
		const form = new URLSearchParams(params).toString();
		call.sentAt = this.now();
		try {
			const response =
				method === 'GET'
					? await fetch(`${url}${url.includes('?') ? '&' : '?'}${form}`)
					: await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
			call.httpStatus = response.status;
			await response.arrayBuffer();
			call.outcome = response.ok ? 'sent' : 'failed';
		} catch (error) {
			call.outcome = 'failed';
			call.error = (error as Error).message;
		}
	}
}
