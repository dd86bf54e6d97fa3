import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ConflictEntry, OrderResult, OrderSyncState, RetryIntent } from '../../../core/sync/orders/cursor-state';
import { DEFAULT_MAX_ATTEMPTS, PUSH_RECHECK_NOTE, listQuarantine, markProcessed, settleOrders } from '../../../core/sync/orders/cursor-state';
import { toNodeError } from '../../../shared/errors';
import { n8nClock } from '../../../shared/transport';
import { readOrderSyncState, writeOrderSyncState } from '../../helpers/order-sync-state';
import { operationFields } from '../../../shared/operation-fields';

export const description = operationFields({ resource: 'order', operation: 'confirmProcessed' }, [
	{
		displayName:
			'Connect both the success path and the error output of the 1C step here. Items carrying "error" count as failed: they go to the retry list, and after Max Attempts to quarantine. The cursor moves once every order of the run has a result here, whatever it is: failed orders are fetched again from the retry list, not by reading the history again. When the orders did not come from Get Changed in this execution (e.g. a webhook row with Get), only those orders are settled and the cursor stays; an order the 1C step wrote goes back on the retry list, due at once, so the next scheduled run reads it again as it is then (it may have changed while the 1C step wrote the copy read before).',
		name: 'confirmNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'CRM Order ID',
		name: 'crmOrderId',
		type: 'string',
		// Success items carry crmOrderId (1C node, Update); on the 1C error output n8n merges the input order, whose id is `id`.
		default: '={{ $json.crmOrderId ?? $json.id }}',
		required: true,
		description:
			'The internal retailCRM order ID of each result. Where it is empty (n8n keeps only the message on items of an error output), the order is found through the item\'s link back to the Get Changed (or Get) node upstream that ran.',
	},
	{
		displayName: 'Max Attempts',
		name: 'maxAttempts',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_ATTEMPTS,
		description: 'Failed runs of one order before it is quarantined (no longer retried, listed in the output)',
	},
]);

function errorText(value: unknown): string | undefined {
	if (value === undefined || value === null || value === false || value === '') return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'object') {
		const message = (value as { message?: unknown }).message;
		if (typeof message === 'string' && message !== '') return message;
		return JSON.stringify(value);
	}
	return String(value);
}

function idOf(raw: unknown): number | undefined {
	const text = typeof raw === 'number' ? String(raw) : String(raw ?? '').trim();
	return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}

interface OrderSource {
	name: string;
	operation: 'getChanged' | 'get';
}

/** The RetailCRM Orders nodes upstream that emit orders (Get Changed, Get), enabled. */
function upstreamSources(context: IExecuteFunctions): OrderSource[] {
	try {
		const self = context.getNode();
		const parents = context.getParentNodes(self.name, { includeNodeParameters: true });
		return parents
			.filter((p) => p.type === self.type && !p.disabled && (p.parameters?.operation === 'getChanged' || p.parameters?.operation === 'get'))
			.map((p) => ({ name: p.name, operation: p.parameters?.operation as OrderSource['operation'] }));
	} catch {
		return [];
	}
}

const quoted = (name: string) => name.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

/** Whether the node ran in this execution (a template may feed one 1C node from a schedule row and a webhook row). */
function ranInThisExecution(context: IExecuteFunctions, name: string): boolean {
	try {
		return context.evaluateExpression(`{{ $('${quoted(name)}').isExecuted }}`, 0) === true;
	} catch {
		return false;
	}
}

/**
 * Where this execution's orders came from. Only a Get Changed that ran here read the history and recorded `pending`:
 * then the cursor may move. Otherwise (the webhook row's Get, or any other source) only the orders seen are settled.
 */
export function orderSourceOf(context: IExecuteFunctions): { cursor: boolean; trace?: string } {
	const ran = upstreamSources(context).filter((s) => ranInThisExecution(context, s.name));
	const history = ran.find((s) => s.operation === 'getChanged');
	return { cursor: history !== undefined, trace: (history ?? ran[0])?.name };
}

/**
 * n8n replaces the JSON of every item that carries an `error` with `{ error: message }`, so a failure from the
 * 1C step arrives without its order id. The paired-item chain still leads to the order Get Changed emitted.
 */
function sourceFieldThroughPairedItem(context: IExecuteFunctions, source: string, itemIndex: number, field: 'id' | 'site' | 'number'): unknown {
	try {
		return context.evaluateExpression(`{{ $('${quoted(source)}').item.json.${field} }}`, itemIndex);
	} catch {
		return undefined;
	}
}

const filled = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * The site and CRM number a failed order keeps on the retry list, so that its document is still found once retailCRM
 * deleted it (cursor-state `deletedOrderStub`). The 1C node names them (`site`, `crmOrderNumber`; its `number` is the
 * 1C one); on its error output the item holds the order it was given, so they are read from the source's item.
 */
function keyFieldsOf(context: IExecuteFunctions, json: IDataObject, source: string | undefined, itemIndex: number): { site?: string; number?: string } {
	let site = filled(json.site);
	let number = filled(json.crmOrderNumber);
	if (source && site === undefined) site = filled(sourceFieldThroughPairedItem(context, source, itemIndex, 'site'));
	if (source && number === undefined) number = filled(sourceFieldThroughPairedItem(context, source, itemIndex, 'number'));
	return { ...(site ? { site } : {}), ...(number ? { number } : {}) };
}

/**
 * One result per order: a failure wins over a success for the same order in one call (the order is retried,
 * and the idempotent 1C upsert makes the extra attempt harmless).
 */
export interface ConfirmEntry {
	orderId: number | undefined;
	error: string | undefined;
	intent?: RetryIntent;
	conflict?: Omit<ConflictEntry, 'at'>;
	recheck?: boolean;
	/** Why the order is checked once more (the retry list shows it); the duplicates' note when absent. */
	note?: string;
	/** Of a failed or rechecked order: kept on the retry list (a deleted order's document key needs them). */
	site?: string;
	number?: string;
}

export function collectResults(entries: readonly ConfirmEntry[]): {
	results: OrderResult[];
	unattributedErrors: string[];
} {
	const byOrder = new Map<number, OrderResult>();
	const unattributedErrors: string[] = [];
	for (const { orderId, error, intent, conflict, recheck, note, site, number } of entries) {
		if (orderId === undefined) {
			if (error !== undefined) unattributedErrors.push(error);
			continue;
		}
		const known = byOrder.get(orderId);
		if (error !== undefined) byOrder.set(orderId, { orderId, outcome: 'failed', error, ...(intent ? { intent } : {}), ...(site ? { site } : {}), ...(number ? { number } : {}) });
		else if (known?.outcome === 'failed') continue;
		else if (conflict) byOrder.set(orderId, { orderId, outcome: 'conflict', conflict });
		else if (!known || (known.outcome === 'ok' && recheck && !known.recheck)) {
			byOrder.set(orderId, { orderId, outcome: 'ok', ...(recheck ? { recheck, ...(note ? { note } : {}), ...(site ? { site } : {}), ...(number ? { number } : {}) } : {}) });
		}
	}
	return { results: [...byOrder.values()], unattributedErrors };
}

/** What the 1C node did that wrote to 1C; an `unchanged` document only when the run posted it (`postedInRun`: one a refused posting had left unposted). */
const WRITING_ACTIONS = new Set(['created', 'updated', 'restored', 'cancelled']);

/**
 * Whether a push (an execution that did not read the history) must have its order read once more by the next scheduled
 * run: it wrote to 1C the copy of the order it read before the write. A scheduled run may meanwhile have handled a newer
 * change of the order (a cancellation, an edit) and moved its cursor past it; without the recheck nothing ever looked
 * at the order again, and the document kept the push's older copy.
 */
export function pushWrote(json: IDataObject): boolean {
	const wrote = WRITING_ACTIONS.has(String(json.action)) || (json.action === 'unchanged' && json.postedInRun === true);
	return (json.error === undefined || json.error === null || json.error === false || json.error === '') && json.dryRun === undefined && wrote;
}

const INTENTS = new Set(['load', 'follow', 'cancel']);

function intentOfItem(json: IDataObject): RetryIntent | undefined {
	const raw = json.intent ?? json.syncIntent;
	return typeof raw === 'string' && INTENTS.has(raw) ? (raw as RetryIntent) : undefined;
}

function conflictOfItem(json: IDataObject): Omit<ConflictEntry, 'at'> | undefined {
	if (json.action !== 'conflict') return undefined;
	const c = (json.conflict ?? {}) as { reason?: string; message?: string; oneC?: { ref?: string; number?: string; total?: number }; crm?: { total?: number | null } };
	return {
		reason: String(c.reason ?? 'conflict'),
		message: String(c.message ?? 'the 1C document has moved on'),
		...(c.oneC?.ref ? { ref: c.oneC.ref } : {}),
		...(c.oneC?.number ? { number: c.oneC.number } : {}),
		...(typeof c.oneC?.total === 'number' ? { oneCTotal: c.oneC.total } : {}),
		...(c.crm ? { crmTotal: c.crm.total ?? null } : {}),
	};
}

/**
 * Orders the 1C step asks to look at once more although they were not in this run (their documents named a duplicate
 * counterparty it marked for deletion): due at once on the retry list, without an attempt counted. A quarantined
 * order stays in quarantine.
 */
export function addRechecks(results: OrderResult[], items: ReadonlyArray<{ json: IDataObject }>, state: OrderSyncState): void {
	for (const item of items) {
		const more = item.json.recheckOrders;
		if (!Array.isArray(more)) continue;
		for (const raw of more) {
			const orderId = idOf(raw);
			if (orderId === undefined || state.quarantine[String(orderId)]) continue;
			const known = results.find((r) => r.orderId === orderId);
			if (!known) results.push({ orderId, outcome: 'ok', recheck: true });
			else if (known.outcome === 'ok') known.recheck = true;
		}
	}
}

/**
 * n8n runs a node once per incoming branch that has data: the 1C error output and the success path reach
 * this node as two runs of one execution. A partial confirm therefore keeps the orders still unsettled as
 * pending, so the second run can settle them and move the cursor.
 */
export function settle(state: OrderSyncState, results: readonly OrderResult[], now: Date, maxAttempts: number) {
	const outcome = markProcessed(state, results, now, { maxAttempts });
	const pending = state.pending;
	if (!outcome.advanced && outcome.unaccounted.length > 0 && pending && pending.fromSinceId === state.sinceId) {
		outcome.state.pending = { ...pending, orderIds: [...outcome.unaccounted] };
	}
	return outcome;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	try {
		const items = this.getInputData();
		const now = new Date(n8nClock.now());
		const rawAttempts = this.getNodeParameter('maxAttempts', 0, DEFAULT_MAX_ATTEMPTS) as unknown;
		// An expression giving "abc" made it NaN, and an order was then retried for ever, never quarantined.
		if (typeof rawAttempts !== 'number' || !Number.isInteger(rawAttempts) || rawAttempts < 1) {
			throw new Error(`Max Attempts must be a whole number of 1 or more, got ${JSON.stringify(rawAttempts)}`);
		}
		const maxAttempts = rawAttempts;
		if (items.some((item) => item.json.dryRun !== undefined && item.json.dryRun !== false)) {
			// A dry run settles nothing: the cursor, the retry list and the quarantine stay as they were.
			const state = readOrderSyncState(this, now);
			return [
				{
					json: { dryRun: true, advanced: false, sinceId: state.sinceId, orders: items.length, message: 'Dry run: nothing was settled; the next real run sees these orders again' },
					pairedItem: items.map((_item, i) => ({ item: i })),
				},
			];
		}
		const { cursor, trace: source } = orderSourceOf(this);
		const entries = items.map((item, i) => {
			let orderId: number | undefined;
			try {
				orderId = idOf(this.getNodeParameter('crmOrderId', i, undefined));
			} catch {
				// An expression that cannot resolve on this item (e.g. a field of the other branch): traced below.
			}
			if (orderId === undefined && source) orderId = idOf(sourceFieldThroughPairedItem(this, source, i, 'id'));
			const entry: ConfirmEntry = { orderId, error: errorText(item.json.error), intent: intentOfItem(item.json) };
			if (entry.error !== undefined && orderId !== undefined) Object.assign(entry, keyFieldsOf(this, item.json, source, i));
			const conflict = conflictOfItem(item.json);
			if (conflict) entry.conflict = conflict;
			if (item.json.recheck === true) entry.recheck = true;
			if (!cursor && orderId !== undefined && pushWrote(item.json)) Object.assign(entry, { recheck: true, note: PUSH_RECHECK_NOTE });
			if (entry.recheck && entry.error === undefined && orderId !== undefined) Object.assign(entry, keyFieldsOf(this, item.json, source, i));
			return entry;
		});
		const { results, unattributedErrors } = collectResults(entries);

		const before = readOrderSyncState(this, now);
		addRechecks(results, items, before);
		let outcome: ReturnType<typeof settle>;
		if (cursor) {
			outcome = settle(before, results, now, maxAttempts);
			writeOrderSyncState(this, outcome.state);
		} else {
			// No history was read here: settle these orders only (failures onto the retry list, successes off it, an order
			// written to 1C back on as a recheck: `pushWrote`), never the cursor or `pending`. Nothing changed (the order
			// was left out, skipped or a conflict listed before), nothing written: n8n then saves no static data for this
			// execution. A push that wrote does save, the whole static data as it loaded it plus its settling: a scheduled
			// execution that loaded the state before and saves after it drops the recheck (docs/order-lifecycle.md, "Push").
			const settled = settleOrders(before, results, now, { maxAttempts });
			if (settled.changed) writeOrderSyncState(this, settled.state);
			outcome = { state: settled.state, advanced: false, quarantined: settled.quarantined, unaccounted: [] };
		}

		const failed = results.filter((r) => r.outcome === 'failed');
		const quarantinedNow = new Set(outcome.quarantined);
		const summary: IDataObject = {
			settled: cursor ? 'history' : 'ordersOnly',
			advanced: outcome.advanced,
			sinceId: outcome.state.sinceId,
			processed: results.filter((r) => r.outcome === 'ok').map((r) => r.orderId),
			conflicts: results
				.filter((r): r is Extract<OrderResult, { outcome: 'conflict' }> => r.outcome === 'conflict')
				.map((r) => ({ orderId: r.orderId, ...r.conflict })),
			failed: failed.map((r) => ({ orderId: r.orderId, error: r.outcome === 'failed' ? r.error : '' })),
			retrying: Object.entries(outcome.state.retry)
				.map(([id, entry]) => ({ orderId: Number(id), attempts: entry.attempts, lastError: entry.lastError }))
				.sort((a, b) => a.orderId - b.orderId),
			quarantinedNow: [...quarantinedNow],
			quarantined: listQuarantine(outcome.state).map((q) => ({
				orderId: q.orderId,
				attempts: q.attempts,
				lastError: q.lastError,
				quarantinedAt: q.quarantinedAt,
			})),
			waitingFor: outcome.unaccounted,
			unattributedErrors,
		};
		return [{ json: summary, pairedItem: items.map((_item, i) => ({ item: i })) }];
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
