import type { IExecuteFunctions } from 'n8n-workflow';
import type { OrderSyncState } from '../../core/sync/orders/cursor-state';
import { initState, migrateState } from '../../core/sync/orders/cursor-state';
import { readState, writeState } from '../../shared/state';

/**
 * Where Flow 1 keeps its cursor: workflow static data, scope 'global', so Get Changed and Confirm Processed
 * (two instances of this node) read and write the same state.
 */
export const ORDER_SYNC_STATE_KEY = 'orderSync';

export function readOrderSyncState(context: IExecuteFunctions, now: Date): OrderSyncState {
	const stored = readState<OrderSyncState>(
		context,
		'global',
		ORDER_SYNC_STATE_KEY,
		() => initState(now),
		(old) => migrateState(old, now),
	);
	// Same version: still checked and copied, so a hand-edited state fails with a clear message.
	return migrateState(stored, now);
}

export function writeOrderSyncState(context: IExecuteFunctions, state: OrderSyncState): void {
	writeState(context, 'global', ORDER_SYNC_STATE_KEY, state);
}
