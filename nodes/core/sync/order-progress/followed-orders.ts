import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import { and, compare, datetime, eq, guid, ne, or } from '../../onec/query';

/**
 * The customer orders Get Progress follows: written from retailCRM (a non-empty
 * НомерВходящегоДокументаЭлектронногоОбмена, optionally every order of the chosen organizations), dated from the
 * look-back start. Deletion-marked and unposted ones are included (that is progress too). One page walk ordered by
 * Ref_Key: ⌊W / pageSize⌋ + 1 requests (pageSize 1,000 by default; a full last page costs one more, empty, request).
 */
const Orders = UT.Document_ЗаказПокупателя;
export const KEY_FIELD = 'НомерВходящегоДокументаЭлектронногоОбмена';
const SELECT = ['Ref_Key', 'DataVersion', 'Number', 'Date', 'Posted', 'DeletionMark', 'СуммаДокумента', KEY_FIELD, 'ДоговорКонтрагента_Key', 'Организация_Key'] as const;

export interface FollowedOrder {
	ref: string;
	/** Changes with every write of the document (its own changes: number, date, rows, posting, deletion mark). */
	dataVersion: string;
	number: string;
	date: string | null;
	posted: boolean;
	deletionMark: boolean;
	total: number;
	/** НомерВходящегоДокументаЭлектронногоОбмена, '' for orders not from retailCRM. */
	key: string;
	contract: string | null;
	organization: string | null;
}

export interface FollowedOrdersOptions {
	/** Local date-time: orders dated from then. */
	since: string;
	organizations?: readonly string[];
	/** true: only documents written from retailCRM (a key is set). */
	fromRetailCrmOnly: boolean;
	pageSize?: number;
}

function scopeFilter(options: Pick<FollowedOrdersOptions, 'organizations' | 'fromRetailCrmOnly'>): string | undefined {
	const orgs = options.organizations ?? [];
	return and(options.fromRetailCrmOnly ? ne(KEY_FIELD, '') : undefined, orgs.length ? or(...orgs.map((o) => eq('Организация_Key', guid(o)))) : undefined);
}

export async function readFollowedOrders(client: OneCClient, options: FollowedOrdersOptions): Promise<FollowedOrder[]> {
	const filter = and(compare('Date', 'ge', datetime(options.since)), scopeFilter(options));
	const rows = await client.readAll(Orders, { select: SELECT, filter, pageSize: options.pageSize });
	return rows.map(toFollowed);
}

/**
 * Headers of orders known by Ref_Key (open orders dated before the look-back, followed through the balances), in
 * the same scope: ⌈refs / 25⌉ requests at a 2,000-character URL. Orders out of scope are simply not returned.
 */
export async function readOrderHeaders(client: OneCClient, refs: readonly string[], options: Pick<FollowedOrdersOptions, 'organizations' | 'fromRetailCrmOnly'>): Promise<FollowedOrder[]> {
	const rows = await client.readWhereIn(Orders, 'Ref_Key', refs, { select: SELECT, filter: scopeFilter(options) });
	return rows.map(toFollowed);
}

function toFollowed(r: { Ref_Key: string; DataVersion: string; Number: string; Date: string | null; Posted: boolean; DeletionMark: boolean; СуммаДокумента: number; НомерВходящегоДокументаЭлектронногоОбмена: string; ДоговорКонтрагента_Key: string | null; Организация_Key: string | null }): FollowedOrder {
	return {
		ref: r.Ref_Key,
		dataVersion: r.DataVersion,
		number: r.Number,
		date: r.Date,
		posted: r.Posted,
		deletionMark: r.DeletionMark,
		total: r.СуммаДокумента,
		key: r.НомерВходящегоДокументаЭлектронногоОбмена,
		contract: r.ДоговорКонтрагента_Key,
		organization: r.Организация_Key,
	};
}
