/**
 * Which orders entered a trigger status, from `GET /api/v5/orders/history` records
 * (reference retailcrm-api.md §4.7, §10 "status-triggered export").
 */

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
	/** Full snapshot on `created` records, a stub `{id, site, status}` otherwise. */
	order?: { id: number; status?: string | null; site?: string | null } | null;
}

export interface TriggerOptions {
	/** Status CODES that trigger the export; the caller resolves status groups to codes beforehand. */
	statuses: Iterable<string>;
	/** Only these shops, when given. */
	sites?: Iterable<string>;
	/**
	 * Skip records made with the reading API key (`apiKey.current === true`): our own write-backs must
	 * not re-trigger an export. Default true. Needs a dedicated API key for the integration.
	 */
	ignoreOwnChanges?: boolean;
}

export interface TriggeredOrders {
	/** Order ids in order of first trigger, without duplicates. */
	orderIds: number[];
	/** Orders deleted in this slice of history (dropped from `orderIds`; fetching them would 404). */
	deletedOrderIds: number[];
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

export function findTriggeredOrders(records: readonly HistoryRecordLike[], options: TriggerOptions): TriggeredOrders {
	const statuses = new Set(options.statuses);
	const sites = options.sites ? new Set(options.sites) : undefined;
	const ignoreOwn = options.ignoreOwnChanges ?? true;
	const seen = new Set<number>();
	const orderIds: number[] = [];
	const deleted = new Set<number>();
	let maxHistoryId: number | undefined;

	for (const record of records) {
		if (maxHistoryId === undefined || record.id > maxHistoryId) maxHistoryId = record.id;
		const orderId = record.order?.id;
		if (orderId === undefined) continue;
		if (record.deleted === true) {
			deleted.add(orderId);
			continue;
		}
		if (ignoreOwn && record.apiKey?.current === true) continue;
		if (sites && !sites.has(record.order?.site ?? '')) continue;

		let entered = false;
		if (record.created === true) {
			// The creating record carries the full order: an order may be born in a trigger status.
			const status = record.order?.status ?? undefined;
			entered = status !== undefined && statuses.has(status);
		} else if (record.field === 'status') {
			const code = statusCode(record.newValue);
			entered = code !== undefined && statuses.has(code);
		}
		if (entered && !seen.has(orderId)) {
			seen.add(orderId);
			orderIds.push(orderId);
		}
	}
	return {
		orderIds: orderIds.filter((id) => !deleted.has(id)),
		deletedOrderIds: [...deleted],
		maxHistoryId,
	};
}
