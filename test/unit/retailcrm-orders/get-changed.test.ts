import { codeList } from '../../../nodes/shared/sync-scope';
import { resolveTriggerStatuses } from '../../../nodes/shared/trigger-statuses';
import type { RetailCrmClient } from '../../../nodes/core/retailcrm/client';

describe('Get Changed: trigger statuses', () => {
	const client = (calls: string[]) =>
		({
			statusGroups: async () => {
				calls.push('statusGroups');
				return [
					{ code: 'assembling', statuses: ['send-to-assembling', 'assembling'] },
					{ code: 'new', statuses: ['new', 'availability-confirmed'] },
				];
			},
		}) as unknown as RetailCrmClient;

	it('statuses alone need no request', async () => {
		const calls: string[] = [];
		expect([...(await resolveTriggerStatuses(client(calls), ['new'], []))]).toEqual(['new']);
		expect(calls).toEqual([]);
	});

	it('groups expand to their statuses; a status code equal to a group code stays a status', async () => {
		const calls: string[] = [];
		const codes = await resolveTriggerStatuses(client(calls), ['new'], ['assembling']);
		expect([...codes].sort()).toEqual(['assembling', 'new', 'send-to-assembling']);
		expect(calls).toEqual(['statusGroups']);
	});

	it('an unknown group is an error naming it', async () => {
		await expect(resolveTriggerStatuses(client([]), [], ['nope'])).rejects.toThrow(/"nope" does not exist/);
	});
});

describe('Get Changed: code lists from the UI or an expression', () => {
	it.each([
		[['a', ' b '], ['a', 'b']],
		['a, b,,c', ['a', 'b', 'c']],
		['', []],
		[undefined, []],
	])('%p → %p', (raw, out) => expect(codeList(raw)).toEqual(out));
});
