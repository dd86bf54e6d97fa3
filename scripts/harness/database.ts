import { execFileSync } from 'child_process';
import { join } from 'path';
import { n8nInstallDir } from './paths';
import type { N8nInstance } from './instance';

/**
 * Reads n8n's SQLite database of an instance directly, read-only (waiting while an n8n writes): an
 * `n8n export:workflow` would start n8n for each look (about 5–10 s). The query runs in the instance's
 * own Node with its n8n's sqlite3 (a sqlite3 built against Node 24 headers crashes Node 20).
 * Table and column are n8n's (`workflow_entity.staticData`, the same in 1.123 and 2.41).
 */
function queryOne(instance: N8nInstance, sql: string, param: string): Record<string, unknown> | undefined {
	const script = `
const sqlite3 = require(process.argv[1]);
const db = new sqlite3.Database(process.argv[2], sqlite3.OPEN_READONLY, (e) => { if (e) { console.error(e.message); process.exit(2); } });
db.configure('busyTimeout', 10000);
db.get(process.argv[3], [process.argv[4]], (e, row) => {
	if (e) { console.error(e.message); process.exit(2); }
	process.stdout.write(JSON.stringify(row ?? null));
	db.close();
});`;
	const out = execFileSync(
		instance.runtime.node,
		['-e', script, join(n8nInstallDir(instance.major), 'node_modules', 'sqlite3'), join(instance.userFolder, '.n8n', 'database.sqlite'), sql, param],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	).toString();
	return (JSON.parse(out) as Record<string, unknown> | null) ?? undefined;
}

/**
 * The workflow static data n8n saved (what `$getWorkflowStaticData` and the nodes' cursors read on the
 * next run); `{}` when none was saved, undefined when there is no such workflow.
 */
export function readStaticData(instance: N8nInstance, workflowId: string): Record<string, unknown> | undefined {
	const row = queryOne(instance, 'SELECT staticData FROM workflow_entity WHERE id = ?', workflowId);
	if (!row) return undefined;
	const raw = row.staticData;
	if (raw === null || raw === undefined || raw === '') return {};
	return (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
}
