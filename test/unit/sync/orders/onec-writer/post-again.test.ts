/**
 * The 1C node's list of documents to post again (core/sync/orders/onec-writer/post-again.ts): what a run's outcomes
 * add and take off, and that an unchanged list is not written (n8n would save the static data for nothing).
 */
import { emptyPostAgain, nextPostAgain, POST_AGAIN_LIMIT, postAgainSet, type PostAgainState } from '../../../../../nodes/core/sync/orders/onec-writer/post-again';
import type { UpsertFailure, UpsertOutcome, UpsertResult } from '../../../../../nodes/core/sync/orders/onec-writer/types';

const failed = (crmOrderId: number, extra: Partial<UpsertFailure> = {}): UpsertFailure => ({ ok: false, index: 0, error: 'x', crmOrderId, crmOrderNumber: String(crmOrderId), site: 's', ...extra });
const done = (ref: string | undefined, action: UpsertResult['action'] = 'unchanged'): UpsertResult =>
	({ ok: true, index: 0, intent: 'follow', action, ...(ref ? { ref } : {}), posted: true, crmOrderId: 1, crmOrderNumber: '1', site: 's', total: 0 }) as UpsertResult;

describe('documents to post again', () => {
	it('a failure that left a posted document unposted adds it, under its lower-case Ref_Key', () => {
		const next = nextPostAgain(emptyPostAgain(), [failed(7, { leftUnposted: 'AB-CD' }), failed(8)]);
		expect(next).toEqual({ version: 1, refs: { 'ab-cd': 7 } });
		expect(postAgainSet(next as PostAgainState)).toEqual(new Set(['ab-cd']));
	});

	it('any result for a listed document takes it off: posted, released, a conflict', () => {
		const state: PostAgainState = { version: 1, refs: { a: 1, b: 2, c: 3, d: 4 } };
		expect(nextPostAgain(state, [done('A'), done('b', 'cancelled'), done('C', 'conflict')])).toEqual({ version: 1, refs: { d: 4 } });
		expect(state.refs).toEqual({ a: 1, b: 2, c: 3, d: 4 });
	});

	it('nothing added or taken off: undefined, so the static data stays as it was', () => {
		const state: PostAgainState = { version: 1, refs: { a: 1 } };
		const outcomes: UpsertOutcome[] = [done('other'), done(undefined, 'skipped'), failed(1, { leftUnposted: 'A' }), failed(2)];
		expect(nextPostAgain(state, outcomes)).toBeUndefined();
		expect(nextPostAgain(emptyPostAgain(), [])).toBeUndefined();
	});

	it(`keeps at most ${POST_AGAIN_LIMIT} documents, letting the oldest go`, () => {
		const refs: Record<string, number> = {};
		for (let i = 0; i < POST_AGAIN_LIMIT; i++) refs[`r${i}`] = i;
		const next = nextPostAgain({ version: 1, refs }, [failed(5000, { leftUnposted: 'new' })]) as PostAgainState;
		expect(Object.keys(next.refs)).toHaveLength(POST_AGAIN_LIMIT);
		expect(next.refs.r0).toBeUndefined();
		expect(next.refs.new).toBe(5000);
	});
});
