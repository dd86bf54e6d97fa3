import type { RetailCrmClient } from '../../core/retailcrm/client';
import { resolveTriggerStatuses } from '../../shared/trigger-statuses';

/**
 * Statuses and status groups chosen in one dropdown. retailCRM's default set-up gives the groups `new`, `assembling`
 * and `complete` the same codes as statuses, so a bare code cannot say which was meant: group options carry this
 * prefix. A bare code is a status when the account has such a status, else a group (values saved before the prefix).
 */
export const GROUP_PREFIX = 'group:';

/** The status codes the choice stands for (groups expanded), or undefined when nothing was chosen. */
export async function resolveStatusChoice(client: RetailCrmClient, values: readonly string[]): Promise<Set<string> | undefined> {
	const chosen = values.map((v) => v.trim()).filter((v) => v !== '');
	if (chosen.length === 0) return undefined;
	const groups = chosen.filter((v) => v.startsWith(GROUP_PREFIX)).map((v) => v.slice(GROUP_PREFIX.length));
	let statuses = chosen.filter((v) => !v.startsWith(GROUP_PREFIX));
	let known: Set<string> | undefined;
	if (statuses.length > 0) {
		known = new Set((await client.statuses()).map((s) => s.code));
		for (const code of statuses) if (!known.has(code)) groups.push(code);
		statuses = statuses.filter((code) => known?.has(code));
	}
	return await resolveTriggerStatuses(client, statuses, groups, known);
}
