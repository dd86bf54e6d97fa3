import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import type { HistoryRecord } from '../../../core/retailcrm/schemas/history';
import { findTriggeredOrders, type HistoryRecordLike } from '../../../core/sync/orders/history';
import type { OrderSyncState } from '../../../core/sync/state/cursor-state';
import { historyQuery, markProcessed, ordersToProcess, recordPending } from '../../../core/sync/state/cursor-state';
import { toNodeError } from '../../../shared/errors';
import { n8nClock } from '../../../shared/transport';
import { toCrmDateTime } from '../../helpers/dates';
import { readOrderSyncState, writeOrderSyncState } from '../../helpers/order-sync-state';
import { simplifyOrder } from '../../helpers/simplify';
import { resolveTriggerStatuses } from '../../helpers/trigger-statuses';

const show = { resource: ['order'], operation: ['getChanged'] };

export const DEFAULT_MAX_HISTORY_PAGES = 100;

export const description: INodeProperties[] = [
	{
		displayName:
			'Emits the orders that entered the chosen statuses since the last run. The cursor is kept in the workflow and moves only when "Confirm Processed" has seen every order. A manual run is a preview: n8n does not save the cursor after a manual execution, so the next scheduled run sees the same orders again.',
		name: 'getChangedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Status Names or IDs',
		name: 'statuses',
		type: 'multiOptions',
		default: [],
		typeOptions: { loadOptionsMethod: 'getStatuses' },
		displayOptions: { show },
		description:
			'An order is emitted when it enters one of these statuses (or is created in one). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Status Group Names or IDs',
		name: 'statusGroups',
		type: 'multiOptions',
		default: [],
		typeOptions: { loadOptionsMethod: 'getStatusGroups' },
		displayOptions: { show },
		description:
			'Every status of these groups triggers as well. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Load Orders Changed Since',
		name: 'startFrom',
		type: 'dateTime',
		default: '',
		displayOptions: { show },
		description:
			'Where the very first run starts reading the order history, in the account\'s time zone. Empty: from now on (older changes are not loaded). Ignored once the workflow has a cursor.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Include Orders Waiting for Retry',
				name: 'includeRetries',
				type: 'boolean',
				default: true,
				description: 'Whether to fetch and emit again the orders whose previous export failed, once their retry delay has passed',
			},
			{
				displayName: 'Max History Pages per Run',
				name: 'maxHistoryPages',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_HISTORY_PAGES,
				description: 'Upper bound of history requests (100 records each) in one run; the rest is read by the next run',
			},
			{
				displayName: 'Retry Delay (Minutes)',
				name: 'retryDelayMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description: 'Wait before the first retry of a failed order; doubles with every further attempt, up to 6 hours',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: false,
				description:
					'Whether to return a simplified version of the response instead of the raw data. Leave off when the orders go to 1C: the 1C node needs the full order.',
			},
			{
				displayName: 'Site Names or IDs',
				name: 'sites',
				type: 'multiOptions',
				default: [],
				typeOptions: { loadOptionsMethod: 'getSites' },
				description:
					'Only orders of these stores (sites). Empty: every store the API key reaches. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

/** A multi-select set by an expression may arrive as "a, b" or a single string. */
export function codeList(value: unknown): string[] {
	const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return raw.map((v) => String(v).trim()).filter((v) => v !== '');
}

interface GetChangedOptions {
	includeRetries?: boolean;
	maxHistoryPages?: number;
	retryDelayMinutes?: number;
	simplify?: boolean;
	sites?: string[] | string;
}

/**
 * First run (no cursor yet): start from "Load Orders Changed Since", or from the newest history record.
 * Saving that starting point at once is not "moving past orders": nothing before it was ever meant to load,
 * and a later run must not re-pick "now".
 */
async function startingPoint(client: RetailCrmClient, state: OrderSyncState, startFrom: string): Promise<OrderSyncState> {
	if (state.sinceId !== null || state.startDate) return state;
	if (startFrom) return { ...state, startDate: toCrmDateTime(startFrom) };
	const latest = await client.latestHistoryId();
	// An empty history: every record that ever appears is new.
	return { ...state, sinceId: latest ?? 0 };
}

async function readHistory(client: RetailCrmClient, state: OrderSyncState, maxPages: number): Promise<HistoryRecord[]> {
	const query = historyQuery(state);
	const records: HistoryRecord[] = [];
	const walk =
		'sinceId' in query
			? client.iterateHistory({ sinceId: query.sinceId, limit: 100, maxPages })
			: client.iterateHistory({ filter: 'startDate' in query ? { startDate: query.startDate } : {}, limit: 100, maxPages });
	for await (const page of walk) records.push(...page.records);
	return records;
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	try {
		const now = new Date(n8nClock.now());
		const statuses = codeList(this.getNodeParameter('statuses', 0, []));
		const groups = codeList(this.getNodeParameter('statusGroups', 0, []));
		const startFrom = String(this.getNodeParameter('startFrom', 0, '') ?? '');
		const options = this.getNodeParameter('options', 0, {}) as GetChangedOptions;
		const includeRetries = options.includeRetries ?? true;
		const retryBaseDelayMs = Math.max(0, options.retryDelayMinutes ?? 5) * 60_000;
		const sites = codeList(options.sites);

		const triggerStatuses = await resolveTriggerStatuses(client, statuses, groups);
		if (triggerStatuses.size === 0) {
			throw new Error('Choose at least one status or status group that triggers the export');
		}

		let state = await startingPoint(client, readOrderSyncState(this, now), startFrom);
		const records = await readHistory(client, state, Math.max(1, options.maxHistoryPages ?? DEFAULT_MAX_HISTORY_PAGES));
		const triggered = findTriggeredOrders(records as unknown as HistoryRecordLike[], {
			statuses: triggerStatuses,
			sites: sites.length ? sites : undefined,
			ignoreOwnChanges: true,
		});
		const wanted = includeRetries ? ordersToProcess(state, triggered.orderIds, now, { retryBaseDelayMs }) : triggered.orderIds;
		// Full orders in batches of 100 ids (filter[ids][]), never one request per order.
		const orders = wanted.length ? await client.getOrdersByIds(wanted) : [];
		const found = new Set(orders.map((o) => o.id));

		// A retried order that no longer exists (deleted in the CRM) leaves the retry list.
		const vanished = wanted.filter((id) => !found.has(id) && state.retry[String(id)] !== undefined);
		if (vanished.length) {
			const retry = { ...state.retry };
			for (const id of vanished) delete retry[String(id)];
			state = { ...state, retry };
		}
		for (const id of triggered.deletedOrderIds) {
			if (state.retry[String(id)] === undefined) continue;
			const retry = { ...state.retry };
			delete retry[String(id)];
			state = { ...state, retry };
		}

		// Only orders that are actually emitted hold the cursor (a deleted one would hold it forever).
		state = recordPending(
			state,
			{ maxHistoryId: triggered.maxHistoryId, orderIds: triggered.orderIds.filter((id) => found.has(id)) },
			now,
		);
		if (orders.length === 0) {
			// Nothing goes downstream, so Confirm Processed will not run (n8n skips nodes without input).
			// A run with no orders is settled at once by the same rule Confirm applies, so history that
			// triggered nothing is not read again and again.
			state = markProcessed(state, [], now).state;
		}
		writeOrderSyncState(this, state);
		if (this.getMode() === 'manual') {
			// n8n keeps static data only after non-manual executions.
			this.addExecutionHints({
				message:
					'Manual run: a preview of the cursor. n8n does not save it after a manual execution, so the next scheduled run sees these orders again.',
				type: 'info',
				location: 'outputPane',
			});
		}

		const simplify = options.simplify ?? false;
		return orders.map((order) => ({
			json: (simplify ? simplifyOrder(order) : order) as IDataObject,
			pairedItem: { item: 0 },
		}));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
