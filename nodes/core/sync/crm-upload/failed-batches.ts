/**
 * A run in which retailCRM refused a batch (or never answered it after the client's retries) ends in an error, once
 * the accepted batches are committed and the state kept: only a failed execution shows it, keeps its data (the
 * templates save no successful one) and starts the workflow's error workflow; a summary item alone goes unseen. n8n
 * keeps a failed production execution's static data as well (n8n-core processSuccessExecution and its catch hand
 * `newStaticData` to workflowExecuteAfter whatever the status), so the refused offers stay dirty and are sent next run.
 * Offers retailCRM did not find are no failure: reported, and sent again once the catalog import creates them.
 */
import type { FailedBatch, UploadEndpoint } from './upload-runner';

/** Failed batches the error's description lists (the count is always whole). */
export const FAILED_BATCHES_LISTED = 5;

/** The error of a run with failed batches; `hint` (the node error's description) lists the first ones. */
export class FailedBatchesError extends Error {
	readonly hint: string;
	readonly failed: number;

	constructor(message: string, hint: string, failed: number) {
		super(message);
		this.name = 'FailedBatchesError';
		this.hint = hint;
		this.failed = failed;
	}
}

export interface UploadOutcome {
	endpoint: UploadEndpoint;
	batches: number;
	failedBatches: readonly FailedBatch[];
}

/** The error for the failed batches of one or more uploads (in the order given), or undefined when none failed. */
export function failedBatchesError(uploads: readonly UploadOutcome[]): FailedBatchesError | undefined {
	const failed = uploads.flatMap((upload) => upload.failedBatches.map((batch) => ({ endpoint: upload.endpoint, batch })));
	if (failed.length === 0) return undefined;
	const counts = uploads
		.filter((upload) => upload.failedBatches.length > 0)
		.map((upload) => `${upload.failedBatches.length} of ${upload.batches} to ${upload.endpoint}`)
		.join(', ');
	const first = failed[0].batch;
	const message = `retailCRM did not take ${failed.length} upload batch${failed.length === 1 ? '' : 'es'} (${counts}): ${first.error}${statusOf(first)}`;
	const lines = failed
		.slice(0, FAILED_BATCHES_LISTED)
		.map(({ endpoint, batch }) => `${endpoint} batch ${batch.index + 1} (${batch.offers.length} offer${batch.offers.length === 1 ? '' : 's'}): ${batch.error}${statusOf(batch)}`);
	if (failed.length > FAILED_BATCHES_LISTED) lines.push(`… and ${failed.length - FAILED_BATCHES_LISTED} more`);
	const hints = [...new Set(failed.map(({ batch }) => batch.hint).filter((hint): hint is string => hint !== undefined && hint !== ''))];
	const hint = [
		...lines,
		'The accepted batches are kept; the offers of the failed ones are sent again next run.',
		...hints,
	].join('\n');
	return new FailedBatchesError(message, hint, failed.length);
}

function statusOf(batch: FailedBatch): string {
	return batch.status !== undefined && batch.status > 0 && !batch.error.includes(`${batch.status}`) ? ` (HTTP ${batch.status})` : '';
}
