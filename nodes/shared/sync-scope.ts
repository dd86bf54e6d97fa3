import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { RetailCrmClient } from '../core/retailcrm/client';
import type { SyncIntent } from '../core/sync/orders/convergence';
import type { SyncReason } from '../core/sync/orders/history';
import { resolveTriggerStatuses } from './trigger-statuses';
import { liveMultiSelect } from './live-options-field';

/**
 * Which orders concern 1C (docs/order-lifecycle.md "Scope"), shared by *Get Changed* (the scheduled row), *Get* with
 * "Classify for 1C" (the webhook row) and the reconciliation, so an order gets the same intent whichever sees it: the
 * status parameters and their resolution to codes. The judgement itself is core's `judgeOrder` (orders/history.ts).
 */

export const DEFAULT_LINK_FIELDS = 'onec_ref, onec_number';

/** A multi-select set by an expression may arrive as "a, b" or a single string. */
export function codeList(value: unknown): string[] {
	const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return raw.map((v) => String(v).trim()).filter((v) => v !== '');
}

/** The four status parameters (same names in every operation that shows them, so a template reads alike). */
export const scopeProperties: INodeProperties[] = [
	liveMultiSelect({
		displayName: 'Status Names or IDs',
		name: 'statuses',
		loadOptionsMethod: 'getStatuses',
		description: 'Orders in these statuses are loaded into 1C (read when fetched, so an order that left them is not).',
	}),
	liveMultiSelect({
		displayName: 'Status Group Names or IDs',
		name: 'statusGroups',
		loadOptionsMethod: 'getStatusGroups',
		description: 'Every status of these groups triggers as well.',
	}),
	liveMultiSelect({
		displayName: 'Cancel Status Names or IDs',
		name: 'cancelStatuses',
		loadOptionsMethod: 'getStatuses',
		description: 'An order in one of these statuses has its 1C document released (unposted, reserves freed).',
	}),
	liveMultiSelect({
		displayName: 'Cancel Status Group Names or IDs',
		name: 'cancelStatusGroups',
		default: ['cancel'],
		loadOptionsMethod: 'getStatusGroups',
		description: 'Every status of these groups means "cancelled" too (retailCRM\'s own group is "cancel").',
	}),
];

export const linkFieldsProperty: Omit<INodeProperties, 'displayOptions'> = {
	displayName: 'Loaded-Order Custom Fields',
	name: 'linkFields',
	type: 'string',
	default: DEFAULT_LINK_FIELDS,
	description:
		'Order custom fields (codes, separated by commas) the write-back fills: an order with one of them, or with a 1C GUID as external ID, is known to be in 1C, so its later changes are sent there',
};

export const loadPassedThroughProperty: Omit<INodeProperties, 'displayOptions'> = {
	displayName: 'Load Orders That Passed Through a Trigger Status',
	name: 'loadPassedThrough',
	type: 'boolean',
	default: true,
	description:
		'Whether an order that entered a trigger status and moved on to another (not cancelled) status before the run is loaded too. Off: only the current status counts.',
};

export interface ScopeParameters {
	statuses: unknown;
	statusGroups: unknown;
	cancelStatuses: unknown;
	cancelStatusGroups: unknown;
	linkFields?: unknown;
	loadPassedThrough?: boolean;
}

export interface SyncScope {
	statuses: ReadonlySet<string>;
	cancelStatuses: ReadonlySet<string>;
	loadPassedThrough: boolean;
	linkFields: string[];
}

/** The four status parameters of `scopeProperties` as the node holds them, plus the caller's options. */
export function scopeParametersOf(context: IExecuteFunctions, extra: Pick<ScopeParameters, 'linkFields' | 'loadPassedThrough'> = {}): ScopeParameters {
	return {
		statuses: context.getNodeParameter('statuses', 0, []),
		statusGroups: context.getNodeParameter('statusGroups', 0, []),
		cancelStatuses: context.getNodeParameter('cancelStatuses', 0, []),
		cancelStatusGroups: context.getNodeParameter('cancelStatusGroups', 0, []),
		...extra,
	};
}

export const sitesOption = liveMultiSelect({
	displayName: 'Site Names or IDs',
	name: 'sites',
	loadOptionsMethod: 'getSites',
	description: 'Only orders of these stores (sites). Empty: every store the API key reaches.',
});

/** Status codes from the chosen statuses and groups (one request per kind that names groups), checked. */
export async function resolveSyncScope(client: RetailCrmClient, p: ScopeParameters): Promise<SyncScope> {
	const statuses = await resolveTriggerStatuses(client, codeList(p.statuses), codeList(p.statusGroups));
	if (statuses.size === 0) throw new Error('Choose at least one status or status group that triggers the export');
	const cancelStatuses = await resolveTriggerStatuses(client, codeList(p.cancelStatuses), codeList(p.cancelStatusGroups));
	const both = [...statuses].filter((code) => cancelStatuses.has(code));
	if (both.length) throw new Error(`The statuses ${both.join(', ')} are chosen both to load and to cancel; choose each for one only`);
	return {
		statuses,
		cancelStatuses,
		loadPassedThrough: p.loadPassedThrough ?? true,
		linkFields: codeList(p.linkFields ?? DEFAULT_LINK_FIELDS),
	};
}

export function tagged(json: IDataObject, intent: SyncIntent, reason: SyncReason): IDataObject {
	return { ...json, syncIntent: intent, syncReason: reason };
}
