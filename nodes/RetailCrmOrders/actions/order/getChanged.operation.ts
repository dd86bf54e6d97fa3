import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import type { HistoryRecord } from '../../../core/retailcrm/schemas/history';
import type { HistoryRecordLike } from '../../../core/sync/orders/history';
import { judgeOrder, readOrderChanges } from '../../../core/sync/orders/history';
import type { OrderSyncState } from '../../../core/sync/orders/cursor-state';
import { deletedOrderStub, historyQuery, markProcessed, ordersToProcess, recordPending } from '../../../core/sync/orders/cursor-state';
import { toNodeError } from '../../../shared/errors';
import { n8nClock } from '../../../shared/transport';
import { crmDateTimeOf, toCrmDateTime } from '../../../shared/dates';
import { MANUAL_RUN_STATE } from '../../../shared/state';
import { readOrderSyncState, writeOrderSyncState } from '../../helpers/order-sync-state';
import { simplifyOrder } from '../../helpers/simplify';
import { codeList, linkFieldsProperty, loadPassedThroughProperty, resolveSyncScope, scopeParametersOf, scopeProperties, sitesOption, tagged } from '../../../shared/sync-scope';
import { operationFields } from '../../../shared/operation-fields';
import { optionsCollection } from '../../../shared/options-collection';

export const DEFAULT_MAX_HISTORY_PAGES = 100;

export const description = operationFields({ resource: 'order', operation: 'getChanged' }, [
	{
		displayName:
			'Emits every order the 1C side must look at since the last run, read in its current state: orders in (or that passed through) the trigger statuses are loaded, loaded orders that changed are updated, cancelled or deleted ones are released. Each item carries syncIntent (load, follow, cancel). The cursor moves only when "Confirm Processed" has seen every order. A manual run writes to 1C and retailCRM like a scheduled one, but n8n does not save the cursor after it, so the next scheduled run finds these orders written. On n8n 1.x a manual run starts without the saved cursor: it then reads the order history of the last 24 hours, or from "Load Orders Changed Since".',
		name: 'getChangedNotice',
		type: 'notice',
		default: '',
	},
	...scopeProperties,
	{
		displayName: 'Load Orders Changed Since',
		name: 'startFrom',
		type: 'dateTime',
		default: '',
		description:
			'Where the very first run starts reading the order history, in the account\'s time zone. Empty: from now on (older changes are not loaded). Ignored once the workflow has a cursor.',
	},
	optionsCollection([
		{
			displayName: 'Include Orders Waiting for Retry',
			name: 'includeRetries',
			type: 'boolean',
			default: true,
			description: 'Whether to fetch and emit again the orders whose previous export failed, once their retry delay has passed',
		},
		loadPassedThroughProperty,
		linkFieldsProperty,
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
		sitesOption,
	]),
]);

interface GetChangedOptions {
	includeRetries?: boolean;
	loadPassedThrough?: boolean;
	linkFields?: string;
	maxHistoryPages?: number;
	retryDelayMinutes?: number;
	simplify?: boolean;
	sites?: string[] | string;
}

/** How far back a manual run without the workflow's saved state reads the order history (see startingPoint). */
export const MANUAL_LOOK_BACK_HOURS = 24;

/**
 * First run (no cursor yet): start from "Load Orders Changed Since", or from the newest history record.
 * Saving that starting point at once is not "moving past orders": nothing before it was ever meant to load,
 * and a later run must not re-pick "now".
 *
 * On n8n 1.x a manual run always looks like a first run: the editor sends the workflow without its static data
 * (editor-ui getWorkflowDataToSave) and n8n loads static data only for production runs (WorkflowRunner.run's
 * loadStaticData), so "from now" would make Run Now read nothing. (2.x runs the workflow as saved in its database,
 * static data included.) A manual run without a cursor reads `manualStart` back instead (the last
 * MANUAL_LOOK_BACK_HOURS on n8n's clock): re-reading orders already in 1C writes nothing, as documents converge.
 */
async function startingPoint(client: RetailCrmClient, state: OrderSyncState, startFrom: string, manualStart?: string): Promise<OrderSyncState> {
	if (state.sinceId !== null || state.startDate) return state;
	if (startFrom) return { ...state, startDate: toCrmDateTime(startFrom) };
	if (manualStart) return { ...state, startDate: manualStart };
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
		const startFrom = String(this.getNodeParameter('startFrom', 0, '') ?? '');
		const options = this.getNodeParameter('options', 0, {}) as GetChangedOptions;
		const includeRetries = options.includeRetries ?? true;
		const retryBaseDelayMs = Math.max(0, options.retryDelayMinutes ?? 5) * 60_000;
		const sites = codeList(options.sites);
		const scope = await resolveSyncScope(client, scopeParametersOf(this, { linkFields: options.linkFields, loadPassedThrough: options.loadPassedThrough }));

		const manual = this.getMode() === 'manual';
		const saved = readOrderSyncState(this, now);
		const withoutState = saved.sinceId === null && !saved.startDate;
		// The account's time zone is not known here; n8n's (the workflow's) stands in: a few hours either way in a day's window.
		const manualStart = manual && withoutState ? crmDateTimeOf(new Date(now.getTime() - MANUAL_LOOK_BACK_HOURS * 3_600_000), this.getTimezone()) : undefined;
		const state = await startingPoint(client, saved, startFrom, manualStart);
		const records = await readHistory(client, state, Math.max(1, options.maxHistoryPages ?? DEFAULT_MAX_HISTORY_PAGES));
		const changes = readOrderChanges(records as unknown as HistoryRecordLike[], {
			statuses: scope.statuses,
			cancelStatuses: scope.cancelStatuses,
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
		const retrySet = new Set(retries);
		for (const id of wanted) {
			const order = found.get(id);
			if (!order) {
				// A retried order that no longer exists was deleted in retailCRM: its document, if any, is released.
				if (retrySet.has(id)) out.push(tagged({ ...deletedOrderStub(id, state.retry[String(id)]) }, 'cancel', 'deleted'));
				continue;
			}
			// A mistyped order (passed on raw) is judged by what reads; the 1C node then refuses it by field.
			const head = {
				status: typeof order.status === 'string' ? order.status : undefined,
				externalId: typeof order.externalId === 'string' ? order.externalId : undefined,
				customFields: order.customFields,
			};
			const decision = judgeOrder(head, scope, {
				enteredTrigger: changes.enteredTrigger.has(id),
				enteredCancel: changes.enteredCancel.has(id),
				retry: state.retry[String(id)],
			});
			if (decision) out.push(tagged(order, decision.intent, decision.reason));
		}
		for (const gone of changes.deleted) out.push(tagged({ ...deletedOrderStub(gone.id, state.retry[String(gone.id)], gone) }, 'cancel', 'deleted'));

		// Every emitted order holds the cursor until Confirm Processed settles it.
		let next = recordPending(state, { maxHistoryId: changes.maxHistoryId, orderIds: out.map((o) => Number(o.id)) }, now);
		if (out.length === 0) {
			// Nothing goes downstream, so Confirm Processed will not run (n8n skips nodes without input).
			// A run with no orders is settled at once by the same rule Confirm applies, so history that
			// triggered nothing is not read again and again.
			next = markProcessed(next, [], now).state;
		}
		writeOrderSyncState(this, next);
		if (manual) {
			// n8n keeps static data only after non-manual executions.
			this.addExecutionHints({
				message: withoutState
					? `Manual run without a saved cursor (${MANUAL_RUN_STATE}): this run read the order history ${startFrom ? 'from "Load Orders Changed Since"' : `of the last ${MANUAL_LOOK_BACK_HOURS} hours`}. The writes to 1C and retailCRM happen; n8n does not save the cursor after a manual execution, so the next scheduled run reads on from its own cursor and finds these orders written.`
					: 'Manual run: the writes happen, but n8n does not save the cursor after a manual execution, so the next scheduled run reads these orders again and finds them written.',
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
