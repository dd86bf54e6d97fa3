/**
 * What a slice of `GET /api/v5/orders/history` says about each order (docs/retailcrm-api.md#order-history), and
 * which orders the 1C side must look at because of it (docs/order-lifecycle.md "Scope").
 */
import type { SyncIntent } from './convergence';

export interface HistoryRecordLike {
	id: number;
	createdAt?: string;
	created?: boolean;
	deleted?: boolean;
	source?: string;
	apiKey?: { current?: boolean } | null;
	field?: string;
	oldValue?: unknown;
	newValue?: unknown;
	/** Full snapshot on `created` records, a stub `{id, site, status}` (status: the current one) otherwise. */
	order?: { id: number; number?: string | null; status?: string | null; site?: string | null } | null;
}

export interface ChangeOptions {
	/** Status CODES that load an order into 1C; the caller resolves status groups to codes beforehand. */
	statuses: Iterable<string>;
	/** Status codes that mean "cancelled" (their document is released). */
	cancelStatuses?: Iterable<string>;
	/** Only these shops, when given (empty: every shop). */
	sites?: Iterable<string>;
	/**
	 * Skip records made with the reading API key (`apiKey.current === true`): our own write-backs must not make
	 * work for the next run. Default true. Needs a dedicated API key for the integration.
	 */
	ignoreOwnChanges?: boolean;
}

export interface DeletedOrder {
	id: number;
	site?: string;
	number?: string;
}

export interface OrderChanges {
	/** Orders changed by someone else (not deleted), in order of first change, without duplicates. */
	touched: number[];
	/** Of those, the ones that entered a trigger status in this slice (a status change, or created in one). */
	enteredTrigger: Set<number>;
	/** Of those, the ones moved into a cancel status in this slice. */
	enteredCancel: Set<number>;
	/** Orders deleted in this slice (fetching them would find nothing). */
	deleted: DeletedOrder[];
	/** Highest record id seen (own records included): the candidate for the next `sinceId`. */
	maxHistoryId: number | undefined;
}

function statusCode(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (value && typeof value === 'object' && typeof (value as { code?: unknown }).code === 'string') {
		return (value as { code: string }).code;
	}
	return undefined;
}

/**
 * Whether an order of `site` belongs to the shops chosen (none chosen: every shop). One rule for the history the
 * scheduled row reads and the order the push row fetches, so an order of another shop reaches 1C through neither.
 */
export function inSites(site: string | null | undefined, sites: ReadonlySet<string>): boolean {
	return sites.size === 0 || sites.has(site ?? '');
}

export function readOrderChanges(records: readonly HistoryRecordLike[], options: ChangeOptions): OrderChanges {
	const statuses = new Set(options.statuses);
	const cancels = new Set(options.cancelStatuses ?? []);
	const sites = new Set(options.sites ?? []);
	const ignoreOwn = options.ignoreOwnChanges ?? true;
	const touched: number[] = [];
	const seen = new Set<number>();
	const enteredTrigger = new Set<number>();
	const enteredCancel = new Set<number>();
	const deleted = new Map<number, DeletedOrder>();
	const numbers = new Map<number, string>();
	let maxHistoryId: number | undefined;

	for (const record of records) {
		if (maxHistoryId === undefined || record.id > maxHistoryId) maxHistoryId = record.id;
		const orderId = record.order?.id;
		if (orderId === undefined) continue;
		if (typeof record.order?.number === 'string') numbers.set(orderId, record.order.number);
		if (!inSites(record.order?.site, sites)) continue;
		if (record.deleted === true) {
			const site = record.order?.site ?? undefined;
			deleted.set(orderId, { id: orderId, ...(site ? { site } : {}) });
			continue;
		}
		if (ignoreOwn && record.apiKey?.current === true) continue;
		if (!seen.has(orderId)) {
			seen.add(orderId);
			touched.push(orderId);
		}
		// The creating record carries the full order: an order may be born in a trigger (or cancel) status.
		const code = record.created === true ? (record.order?.status ?? undefined) : record.field === 'status' ? statusCode(record.newValue) : undefined;
		if (code === undefined) continue;
		if (statuses.has(code)) enteredTrigger.add(orderId);
		if (cancels.has(code)) enteredCancel.add(orderId);
	}
	for (const [id, entry] of deleted) {
		const number = numbers.get(id);
		if (number) entry.number = number;
	}
	return {
		touched: touched.filter((id) => !deleted.has(id)),
		enteredTrigger,
		enteredCancel,
		deleted: [...deleted.values()],
		maxHistoryId,
	};
}

/** Why an order goes to the 1C side; the intent follows from it. */
export type SyncReason =
	| 'triggerStatus'
	| 'passedTrigger'
	| 'cancelStatus'
	| 'deleted'
	| 'loadedOrderChanged'
	| 'retry';

export interface OrderScopeInput {
	status: string | null | undefined;
	/** The order entered a trigger status in this slice (or, for a retry, when it failed). */
	enteredTrigger: boolean;
	enteredCancel: boolean;
	/** retailCRM shows a link to a 1C document (a write-back), so the order was loaded. */
	looksLoaded: boolean;
	/** The order waits on the retry list (a failed or refused earlier attempt). */
	retry: boolean;
}

export interface ScopeOptions {
	statuses: ReadonlySet<string>;
	cancelStatuses: ReadonlySet<string>;
	/** An order that entered a trigger status and moved on (not cancelled) before the run is loaded too. Default true. */
	loadPassedThrough?: boolean;
}

/**
 * The order's intent from its *current* status (read when fetched, retries included), or undefined when the 1C
 * side has nothing to do with it. Over-inclusion is harmless (`follow` and `cancel` write nothing where 1C holds no
 * document); leaving a loaded order out would lose its edits, hence the link and retry signals.
 */
export function orderScope(input: OrderScopeInput, options: ScopeOptions): { intent: SyncIntent; reason: SyncReason } | undefined {
	const status = input.status ?? '';
	if (options.cancelStatuses.has(status)) {
		return input.looksLoaded || input.enteredCancel || input.enteredTrigger || input.retry ? { intent: 'cancel', reason: 'cancelStatus' } : undefined;
	}
	if (options.statuses.has(status)) return { intent: 'load', reason: 'triggerStatus' };
	if (input.enteredTrigger && (options.loadPassedThrough ?? true)) return { intent: 'load', reason: 'passedTrigger' };
	if (input.looksLoaded) return { intent: 'follow', reason: 'loadedOrderChanged' };
	if (input.retry) return { intent: 'follow', reason: 'retry' };
	return undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** retailCRM shows a link to a 1C document: a 1C GUID as external ID, or a filled write-back custom field. */
export function looksLoaded(order: { externalId?: string | null; customFields?: unknown }, linkFields: readonly string[]): boolean {
	if (typeof order.externalId === 'string' && GUID.test(order.externalId.trim())) return true;
	const custom = order.customFields;
	if (!custom || typeof custom !== 'object' || Array.isArray(custom)) return false;
	return linkFields.some((code) => {
		const value = (custom as Record<string, unknown>)[code];
		return value !== undefined && value !== null && String(value).trim() !== '';
	});
}

export interface OrderSignals {
	/** The order entered a trigger (cancel) status in the history slice read; false when no history was read. */
	enteredTrigger?: boolean;
	enteredCancel?: boolean;
	/** It waits on the retry list; `load`: it failed while being loaded. */
	retry?: { intent?: SyncIntent };
}

/**
 * `orderScope` for a fetched order: its current status, its 1C link (`linkFields`), and what else is known about it
 * (a history slice, the retry list). Used by Get Changed, Get (Classify for 1C) and the reconciliation alike.
 */
export function judgeOrder(
	order: { status?: string | null; externalId?: string | null; customFields?: unknown },
	scope: ScopeOptions & { linkFields: readonly string[] },
	signals: OrderSignals = {},
): { intent: SyncIntent; reason: SyncReason } | undefined {
	return orderScope(
		{
			status: order.status,
			enteredTrigger: signals.enteredTrigger === true || signals.retry?.intent === 'load',
			enteredCancel: signals.enteredCancel === true,
			looksLoaded: looksLoaded(order, scope.linkFields),
			retry: signals.retry !== undefined,
		},
		scope,
	);
}
