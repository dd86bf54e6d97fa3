import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * Every state the integration keeps (cursor, retry list, change hashes) lives in n8n's workflow
 * static data under one key per purpose, with a version so it can be migrated.
 * n8n saves static data after each non-manual execution (failed ones included) and never after a
 * manual one. n8n 1.x also starts a manual run without it (its editor sends the workflow without static data), so
 * such a run sees every state here as empty; 2.x loads it (test/queue pins both majors in the real n8n).
 */
/** Why a manual run may find none of the states here: said in the hints of every node that keeps one. */
export const MANUAL_RUN_STATE =
	"n8n 1.x starts every manual execution without the workflow's saved state; 2.x loads it once there is one, except when a queue-mode worker runs it (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS)";

export interface VersionedState {
	version: number;
}

export function readState<T extends VersionedState>(
	context: IExecuteFunctions,
	scope: 'node' | 'global',
	key: string,
	init: () => T,
	migrate: (old: IDataObject) => T = () => init(),
): T {
	const data = context.getWorkflowStaticData(scope);
	const stored = data[key] as IDataObject | undefined;
	if (!stored || typeof stored !== 'object') return init();
	const fresh = init();
	if (stored.version === fresh.version) return stored as unknown as T;
	return migrate(stored);
}

export function writeState<T extends VersionedState>(
	context: IExecuteFunctions,
	scope: 'node' | 'global',
	key: string,
	state: T,
): void {
	const data = context.getWorkflowStaticData(scope);
	data[key] = state as unknown as IDataObject;
}
