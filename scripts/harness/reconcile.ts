/**
 * The reconciliation template (`rcrm1cReconcile`) through the n8n CLI, for the demo's report and the e2e test: its
 * summary item, its discrepancies and the HTML report it attaches.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import type { N8nInstance } from './instance';
import { parseExecuteOutput, runN8n } from './n8n-cli';

export const RECONCILE_WORKFLOW = 'rcrm1cReconcile';
export const RECONCILE_NODE = 'Reconcile retailCRM and 1C';

export interface ReconciliationRun {
	ok: boolean;
	error?: string;
	summary?: Record<string, unknown>;
	discrepancies: Array<Record<string, unknown>>;
	html?: string;
}

/**
 * The report's HTML from the run data: inline (base64) where n8n keeps binaries in memory (1.x's default), else the
 * file of n8n's filesystem mode (2.x's default): `filesystem-v2:<path>` under the user folder's `.n8n/storage` (2.x's
 * default N8N_BINARY_DATA_STORAGE_PATH; seen on 2.41.1) or `.n8n/binaryData` (1.x's, when its filesystem mode is on).
 */
function reportHtml(instance: N8nInstance, binary: { data?: string; id?: string } | undefined): string | undefined {
	const id = binary?.id;
	if (typeof id === 'string' && id.includes(':')) {
		for (const dir of ['storage', 'binaryData']) {
			const file = join(instance.userFolder, '.n8n', dir, id.slice(id.indexOf(':') + 1));
			if (existsSync(file)) return readFileSync(file, 'utf8');
		}
	}
	const data = binary?.data;
	return typeof data === 'string' && data !== 'filesystem-v2' && data !== 'filesystem' ? Buffer.from(data, 'base64').toString('utf8') : undefined;
}

export async function runReconciliation(instance: N8nInstance): Promise<ReconciliationRun> {
	const res = await runN8n(instance, ['execute', `--id=${RECONCILE_WORKFLOW}`, '--rawOutput'], 300_000);
	try {
		const { run } = parseExecuteOutput(res.stdout);
		const e = run.data?.resultData?.error as { message?: string } | undefined;
		const runs = (run.data?.resultData?.runData?.[RECONCILE_NODE] ?? []) as unknown as Array<{
			data?: { main?: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, { data?: string; id?: string }> }>> };
		}>;
		const items = runs.length ? (runs[runs.length - 1].data?.main?.[0] ?? []) : [];
		const [first, ...rest] = items;
		const html = reportHtml(instance, first?.binary?.data);
		return {
			ok: res.code === 0 && run.status === 'success' && !e && first?.json.summary === true,
			...(e ? { error: e.message ?? JSON.stringify(e) } : {}),
			...(first ? { summary: first.json } : {}),
			discrepancies: rest.map((i) => i.json),
			...(html !== undefined ? { html } : {}),
		};
	} catch (error) {
		return { ok: false, error: `${(error as Error).message.slice(0, 600)}\n${res.stderr.slice(-1500)}`, discrepancies: [] };
	}
}

export function printReconciliation(run: ReconciliationRun, log: (line: string) => void = console.log): void {
	if (!run.ok || !run.summary) {
		log(`Reconciliation: FAILED${run.error ? `: ${run.error}` : ''}`);
		return;
	}
	const s = run.summary as { agree: boolean; errors: number; warnings: number; checked: Record<string, number>; counts: Record<string, number>; requests?: { retailCrm: number; oneC: number } };
	const c = s.checked;
	const checked = [
		c.orders !== undefined ? `${c.orders} orders with ${c.documents ?? 0} 1C documents` : '',
		c.offers !== undefined ? `${c.offers} offers (${c.stockRows ?? 0} stocks, ${c.priceRows ?? 0} prices)` : '',
	]
		.filter((x) => x !== '')
		.join(', ');
	log(`Reconciliation (retailCRM ↔ 1C): compared ${checked}; ${s.requests ? `${s.requests.retailCrm} retailCRM + ${s.requests.oneC} 1C requests; ` : ''}${s.agree ? 'they agree' : `${s.errors} error(s), ${s.warnings} warning(s)`}`);
	const found = Object.entries(s.counts).filter(([, n]) => n > 0);
	if (found.length) log(`  ${found.map(([kind, n]) => `${kind}: ${n}`).join(', ')}`);
	for (const d of run.discrepancies.slice(0, 10)) log(`  - [${String(d.severity)}] ${String(d.kind)}: ${String(d.subject)}`);
	if (run.html) log(`  reconciliation.html: ${Buffer.byteLength(run.html)} bytes`);
}
