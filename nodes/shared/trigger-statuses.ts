import type { RetailCrmClient } from '../core/retailcrm/client';

/**
 * Status codes that trigger the export: the chosen statuses plus every status of the chosen groups.
 * Groups are read from the account only when some were chosen (one request).
 */
export async function resolveTriggerStatuses(
	client: RetailCrmClient,
	statuses: readonly string[],
	groups: readonly string[],
	/** The account's status codes when the caller has read them already (no second request). */
	knownStatuses?: ReadonlySet<string>,
): Promise<Set<string>> {
	const codes = new Set(statuses.filter((s) => s !== ''));
	if (codes.size > 0) {
		// A typo here would load nothing, run after run, without a word (one request).
		const known = knownStatuses ?? new Set((await client.statuses()).map((s) => s.code));
		const unknown = [...codes].filter((code) => !known.has(code));
		if (unknown.length > 0) throw new Error(`The status${unknown.length > 1 ? 'es' : ''} "${unknown.join('", "')}" do${unknown.length > 1 ? '' : 'es'} not exist in this retailCRM account`);
	}
	if (groups.length === 0) return codes;
	const known = await client.statusGroups();
	for (const code of groups) {
		const group = known.find((g) => g.code === code);
		if (!group) throw new Error(`The status group "${code}" does not exist in this retailCRM account`);
		for (const status of group.statuses ?? []) codes.add(status);
	}
	return codes;
}
