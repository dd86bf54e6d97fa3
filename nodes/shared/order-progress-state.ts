import type { IExecuteFunctions } from 'n8n-workflow';
import { PROGRESS_STATE_KEY, emptyProgressState, migrateProgressState, type ProgressState } from '../core/sync/order-progress/state';
import { readState, writeState } from './state';

/**
 * Where Flow 4 keeps what was reported per order: workflow static data, scope 'global', so 1C UT10 Store → Get Progress
 * and RetailCRM Orders → Update from 1C Progress (two node types in one workflow) read and write the same state.
 */
export function readProgressState(context: IExecuteFunctions): ProgressState {
	const stored = readState<ProgressState>(context, 'global', PROGRESS_STATE_KEY, emptyProgressState, (old) => migrateProgressState(old));
	return migrateProgressState(stored);
}

export function writeProgressState(context: IExecuteFunctions, state: ProgressState): void {
	writeState(context, 'global', PROGRESS_STATE_KEY, state);
}
