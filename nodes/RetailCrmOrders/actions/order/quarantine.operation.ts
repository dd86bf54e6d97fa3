import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { listQuarantine, releaseFromQuarantine } from '../../../core/sync/orders/cursor-state';
import { toNodeError } from '../../../shared/errors';
import { n8nClock } from '../../../shared/transport';
import { readOrderSyncState, writeOrderSyncState } from '../../helpers/order-sync-state';
import { codeList } from '../../../shared/sync-scope';
import { operationFields } from '../../../shared/operation-fields';

export const description = operationFields({ resource: 'order', operation: 'quarantine' }, [
	{
		displayName:
			'Works on the state of the workflow it runs in (the orders workflow). n8n does not save that state after a manual execution: run Release from a production trigger (the template\'s form), or it is undone. Released orders are due at once: connect Get Changed after Release (as the template\'s form row does) and the same execution tries them. n8n saves the state whole when an execution ends: a scheduled run already under way during a Release saves the state it loaded before and lists the orders in quarantine again. After the next scheduled run, List (or Confirm Processed\'s output) shows whether they left it; release them again if not.',
		name: 'quarantineNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Action',
		name: 'quarantineAction',
		type: 'options',
		default: 'list',
		options: [
			{ name: 'List', value: 'list', description: 'One item per quarantined, retrying or conflicting order, with its last error' },
			{ name: 'Release', value: 'release', description: 'Put quarantined orders back on the retry list with a fresh attempt count, due at once (a scheduled run under way may undo it when it ends: check the list after the next run)' },
		],
	},
	{
		displayName: 'CRM Order IDs',
		name: 'orderIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 105488, 105489',
		displayOptions: { show: { quarantineAction: ['release'] } },
		description: 'Internal retailCRM order IDs, separated by commas. Empty: every quarantined order.',
	},
]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	try {
		const now = new Date(n8nClock.now());
		const action = this.getNodeParameter('quarantineAction', 0, 'list') as string;
		const items = this.getInputData();
		const paired = items.map((_item, i) => ({ item: i }));
		const state = readOrderSyncState(this, now);
		if (action === 'release') {
			const raw = codeList(this.getNodeParameter('orderIds', 0, ''));
			const bad = raw.filter((id) => !/^\d+$/.test(id));
			if (bad.length) throw new Error(`CRM Order IDs must be whole numbers, got: ${bad.join(', ')}`);
			const held = listQuarantine(state).map((q) => q.orderId);
			const wanted = raw.length ? raw.map(Number) : held;
			const released = wanted.filter((id) => held.includes(id));
			const unknown = wanted.filter((id) => !held.includes(id));
			writeOrderSyncState(this, releaseFromQuarantine(state, released, now));
			if (this.getMode() === 'manual') {
				this.addExecutionHints({ message: 'Manual run: n8n does not save the release. Use the form (production URL) or a scheduled run.', type: 'warning', location: 'outputPane' });
			}
			return [{ json: { released, notQuarantined: unknown }, pairedItem: paired }];
		}
		const rows: IDataObject[] = [
			...listQuarantine(state).map((q) => ({ kind: 'quarantined', ...q })),
			...Object.entries(state.retry).map(([id, entry]) => ({ kind: 'retrying', orderId: Number(id), ...entry })),
			...Object.entries(state.conflicts ?? {}).map(([id, entry]) => ({ kind: 'conflict', orderId: Number(id), ...entry })),
		];
		return rows.map((json) => ({ json, pairedItem: paired }));
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}
}
