import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import { formatLocalDateTime } from '../../../core/onec/query';
import { MANUAL_RUN_STATE } from '../../../shared/state';
import { getProgress, type DealFilter } from '../../../core/sync/order-progress';
import { toNodeError } from '../../../shared/errors';
import { readProgressState, writeProgressState } from '../../../shared/order-progress-state';
import { n8nClock } from '../../../shared/transport';
import { operationFields } from '../../../shared/operation-fields';
import { liveMultiSelect } from '../../../shared/live-options-field';
import { optionsCollection } from '../../../shared/options-collection';

export const description = operationFields({ resource: 'customerOrder', operation: 'getProgress' }, [
	{
		displayName: 'Orders to Follow',
		name: 'follow',
		type: 'options',
		default: 'fromRetailCrm',
		options: [
			{ name: 'Written From RetailCRM', value: 'fromRetailCrm', description: 'Documents with a retailCRM key in НомерВходящегоДокументаЭлектронногоОбмена' },
			{ name: 'All Orders of the Organizations', value: 'all', description: 'Also orders entered in 1C; retailCRM finds them by external ID (the 1C Ref_Key)' },
		],
	},
	liveMultiSelect({
		displayName: 'Organization Names or IDs',
		name: 'organizations',
		loadOptionsMethod: 'getOrganizations',
		description: 'Only orders of these organizations; empty: every organization.',
	}),
	{
		displayName: 'Look Back (Days)',
		name: 'lookBackDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 60,
		description: 'Follow orders dated within this many days. Each run reads their headers (1,000 per request); older orders are no longer followed.',
	},
	optionsCollection([
		{
			displayName: 'Confirmed By',
			name: 'confirm',
			type: 'options',
			default: 'update',
			options: [
				{ name: 'RetailCRM Update From 1C Progress', value: 'update', description: 'Progress is reported again until that node in this workflow has written it' },
				{ name: 'Output Alone', value: 'output', description: 'Progress counts as reported once it is output (use with another node after this one)' },
			],
		},
		{
			displayName: 'First Run',
			name: 'firstRun',
			type: 'options',
			default: 'report',
			options: [
				{ name: 'Report Progress Found', value: 'report', description: 'Shipped, paid or cancelled orders are reported on the first run too' },
				{ name: 'Start From Now', value: 'baseline', description: 'The first run only remembers where every order stands; later changes are reported' },
			],
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 5,
			description: 'Failed retailCRM writes of the same progress before it waits for the next change in 1C',
		},
		{
			displayName: 'Payments Read By',
			name: 'dealFilter',
			type: 'options',
			default: 'auto',
			options: [
				{ name: 'Automatic', value: 'auto', description: 'Cast filter on the deal; if 1C refuses it (platform before 8.3.8.1652), the orders\' contracts' },
				{ name: 'Deal (Cast Filter)', value: 'cast' },
				{ name: 'Contract', value: 'contract', description: 'Every settlement of the orders\' contracts, matched to the orders here' },
			],
		},
	]),
]);

interface Options {
	confirm?: 'update' | 'output';
	firstRun?: 'report' | 'baseline';
	maxAttempts?: number;
	dealFilter?: DealFilter;
}

/** A multi-select set by an expression may arrive as "a, b" or a single string. */
function list(value: unknown): string[] {
	const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
	return raw.map((v) => String(v).trim()).filter(Boolean);
}

export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	try {
		const now = n8nClock.now();
		const days = Math.max(1, Number(this.getNodeParameter('lookBackDays', 0, 60)) || 60);
		const since = `${formatLocalDateTime(new Date(now - days * 86_400_000)).slice(0, 10)}T00:00:00`;
		const options = this.getNodeParameter('options', 0, {}) as Options;
		const state = readProgressState(this);
		const withoutState = state.startedAt === null;
		const result = await getProgress(client, state, {
			since,
			organizations: list(this.getNodeParameter('organizations', 0, [])),
			fromRetailCrmOnly: this.getNodeParameter('follow', 0, 'fromRetailCrm') !== 'all',
			dealFilter: options.dealFilter ?? 'auto',
			maxAttempts: options.maxAttempts ?? 5,
			firstRun: options.firstRun ?? 'report',
			confirm: options.confirm ?? 'update',
			now: new Date(now).toISOString(),
		});
		writeProgressState(this, state);
		if (this.getMode() === 'manual') {
			this.addExecutionHints({
				message: withoutState
					? `Manual run without saved state (${MANUAL_RUN_STATE}), so this run is a first run: ${(options.firstRun ?? 'report') === 'baseline' ? 'with First Run → Start From Now it reports nothing' : `it reports the orders whose 1C document is dated in the last ${days} days or that are still open (to ship or to pay), not older ones closed since the last scheduled run, which that run reports`}. Update From 1C Progress writes only what retailCRM does not hold yet; n8n saves nothing after a manual execution, so the scheduled runs go on from their own state (nothing is written twice).`
					: 'Manual run: Update From 1C Progress writes these orders to retailCRM as in a scheduled run, but n8n does not save what was reported after a manual execution, so the next scheduled run reports these orders again and finds them written (nothing is written twice).',
				type: 'info',
				location: 'outputPane',
			});
		}
		if (result.waiting.length) {
			this.logger.warn(`1C Get Progress: ${result.waiting.length} order(s) failed ${options.maxAttempts ?? 5} times and wait for the next change in 1C`);
		}
		return result.changed.map((item) => ({ json: item as unknown as IDataObject, pairedItem: { item: 0 } }));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
