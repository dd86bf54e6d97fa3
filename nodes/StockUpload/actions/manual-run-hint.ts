import type { IExecuteFunctions } from 'n8n-workflow';
import type { ChangeHashState } from '../../core/sync/crm-upload/change-hashes';
import { MANUAL_RUN_STATE } from '../../shared/state';

/**
 * n8n saves no static data after a manual run (the editor's Execute workflow), and n8n 1.x also starts it without the
 * workflow's saved static data (2.x loads it): then Only Changed finds no hashes and the run sends every offer, as a
 * first run does. Said in the output pane, so a long manual run at a large catalog is not a surprise. Nothing is said
 * for a dry run, or when hashes were there.
 */
export function hintManualFullResend(this: IExecuteFunctions, states: ReadonlyArray<ChangeHashState | undefined>, dryRun: boolean): void {
	if (this.getMode() !== 'manual' || dryRun) return;
	if (!states.some((state) => state !== undefined && state.lastFullAt === null && state.hashes === '')) return;
	this.addExecutionHints({
		message: `Manual run without saved change hashes (${MANUAL_RUN_STATE}): this run sends every offer, as a first run does, and n8n keeps no hashes after a manual run; the scheduled runs go on from their own. Turn on Dry Run to see the batches without sending.`,
		type: 'info',
		location: 'outputPane',
	});
}
