import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import type { HistoryRecord } from '../../../core/retailcrm/schemas/history';
import type { HistoryRecordLike, SyncReason } from '../../../core/sync/orders/history';
import { orderScope, readOrderChanges } from '../../../core/sync/orders/history';
import type { SyncIntent } from '../../../core/sync/orders/convergence';
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
			'Emits every order the 1C side must look at since the last run, read in its current state: orders in (or that passed through) the trigger statuses are loaded, loaded orders that changed are updated, cancelled or deleted ones are released. Each item carries syncIntent (load, follow, cancel). The cursor moves only when "Confirm Processed" has seen every order. A manual run is a preview: n8n does not save the cursor after a manual execution.',
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
			'Orders in these statuses are loaded into 1C (read when fetched, so an order that left them is not). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
		displayName: 'Cancel Status Names or IDs',
		name: 'cancelStatuses',
		type: 'multiOptions',
		default: [],
		typeOptions: { loadOptionsMethod: 'getStatuses' },
		displayOptions: { show },
		description:
			'An order in one of these statuses has its 1C document released (unposted, reserves freed). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Cancel Status Group Names or IDs',
		name: 'cancelStatusGroups',
		type: 'multiOptions',
		default: ['cancel'],
		typeOptions: { loadOptionsMethod: 'getStatusGroups' },
		displayOptions: { show },
		description:
			'Every status of these groups means "cancelled" too (retailCRM\'s own group is "cancel"). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
				displayName: 'Load Orders That Passed Through a Trigger Status',
				name: 'loadPassedThrough',
				type: 'boolean',
				default: true,
				description:
					'Whether an order that entered a trigger status and moved on to another (not cancelled) status before the run is loaded too. Off: only the current status counts.',
			},
			{
				displayName: 'Loaded-Order Custom Fields',
				name: 'linkFields',
				type: 'string',
				default: 'onec_ref, onec_number',
				description:
					'Order custom fields (codes, separated by commas) the write-back fills: an order with one of them, or with a 1C GUID as external ID, is known to be in 1C, so its later changes are sent there',
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
	loadPassedThrough?: boolean;
	linkFields?: string;
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

function tagged(json: IDataObject, intent: SyncIntent, reason: SyncReason): IDataObject {
	return { ...json, syncIntent: intent, syncReason: reason };
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	try {
		const now = new Date(n8nClock.now());
		const statuses = codeList(this.getNodeParameter('statuses', 0, []));
		const groups = codeList(this.getNodeParameter('statusGroups', 0, []));
		const cancelStatusCodes = codeList(this.getNodeParameter('cancelStatuses', 0, []));
		const cancelGroups = codeList(this.getNodeParameter('cancelStatusGroups', 0, []));
		const startFrom = String(this.getNodeParameter('startFrom', 0, '') ?? '');
		const options = this.getNodeParameter('options', 0, {}) as GetChangedOptions;
		const includeRetries = options.includeRetries ?? true;
		const retryBaseDelayMs = Math.max(0, options.retryDelayMinutes ?? 5) * 60_000;
		const sites = codeList(options.sites);
		const linkFields = codeList(options.linkFields ?? 'onec_ref, onec_number');

		const triggerStatuses = await resolveTriggerStatuses(client, statuses, groups);
		if (triggerStatuses.size === 0) {
			throw new Error('Choose at least one status or status group that triggers the export');
		}
		const cancelStatuses = await resolveTriggerStatuses(client, cancelStatusCodes, cancelGroups);
		const both = [...triggerStatuses].filter((code) => cancelStatuses.has(code));
		if (both.length) throw new Error(`The statuses ${both.join(', ')} are chosen both to load and to cancel; choose each for one only`);

		const state = await startingPoint(client, readOrderSyncState(this, now), startFrom);
		const records = await readHistory(client, state, Math.max(1, options.maxHistoryPages ?? DEFAULT_MAX_HISTORY_PAGES));
		const changes = readOrderChanges(records as unknown as HistoryRecordLike[], {
			statuses: triggerStatuses,
			cancelStatuses,
			sites: sites.length ? sites : undefined,
			ignoreOwnChanges: true,
		});
		const retries = includeRetries ? ordersToProcess(state, [], now, { retryBaseDelayMs }) : [];
		const deletedIds = new Set(changes.deleted.map((d) => d.id));
		// Full orders in batches of 100 ids (filter[ids][]), never one request per order: every order someone
		// else changed, and the retries that are due, read in their current state.
		const wanted = [...new Set([...changes.touched, ...retries])].filter((id) => !deletedIds.has(id));
		const { orders, unreadable } = wanted.length ? await client.readOrdersByIds(wanted) : { orders: [], unreadable: [] };
		const found = new Map<number, IDataObject & { status?: unknown }>(orders.map((o) => [o.id, o as unknown as IDataObject]));
		// An order that does not read as a retailCRM order (a mistyped field) goes on as retailCRM sent it: the 1C node
		// refuses it by id and field, so it lands on the retry list and in quarantine, visibly, instead of failing the
		// run for every other order or being skipped.
		for (const u of unreadable) if (u.id !== undefined && !found.has(u.id)) found.set(u.id, u.raw as IDataObject);

		const out: IDataObject[] = [];
		const scope = { statuses: triggerStatuses, cancelStatuses, loadPassedThrough: options.loadPassedThrough ?? true };
		const retrySet = new Set(retries);
		for (const id of wanted) {
			const order = found.get(id);
			if (!order) {
				// A retried order that no longer exists was deleted in retailCRM: its document, if any, is released.
				if (retrySet.has(id)) out.push(tagged({ id, deleted: true }, 'cancel', 'deleted'));
				continue;
			}
			const entry = state.retry[String(id)];
			const decision = orderScope(
				{
					status: typeof order.status === 'string' ? order.status : undefined,
					enteredTrigger: changes.enteredTrigger.has(id) || entry?.intent === 'load',
					enteredCancel: changes.enteredCancel.has(id),
					looksLoaded: looksLoaded(order as { externalId?: string | null; customFields?: unknown }, linkFields),
					retry: entry !== undefined,
				},
				scope,
			);
			if (decision) out.push(tagged(order, decision.intent, decision.reason));
		}
		for (const gone of changes.deleted) out.push(tagged({ ...gone, deleted: true } as unknown as IDataObject, 'cancel', 'deleted'));

		// Every emitted order holds the cursor until Confirm Processed settles it.
		let next = recordPending(state, { maxHistoryId: changes.maxHistoryId, orderIds: out.map((o) => Number(o.id)) }, now);
		if (out.length === 0) {
			// Nothing goes downstream, so Confirm Processed will not run (n8n skips nodes without input).
			// A run with no orders is settled at once by the same rule Confirm applies, so history that
			// triggered nothing is not read again and again.
			next = markProcessed(next, [], now).state;
		}
		writeOrderSyncState(this, next);
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
		return out.map((json) => ({
			json: simplify && json.deleted !== true ? { ...(simplifyOrder(json as never) as IDataObject), syncIntent: json.syncIntent, syncReason: json.syncReason } : json,
			pairedItem: { item: 0 },
		}));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
