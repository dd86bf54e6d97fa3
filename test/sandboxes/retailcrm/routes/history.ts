/** orders/history (docs/retailcrm-api.md#order-history, test/sandboxes/retailcrm/README.md): sinceId exclusive, ascending ids, generatedAt, apiKey.current per reader. */
import { paginate, type RequestContext } from '../context';
import { parseLocal, toLocal } from '../dates';
import { inputErrors } from '../envelope';
import { asString } from '../php-query';
import { renderHistory } from '../render';
import type { Route } from '../router';
import type { HistoryRecord } from '../types';

const HISTORY_FILTERS = ['sinceId', 'startDate', 'endDate', 'orderId', 'orderExternalId'] as const;

/** Index of the first record with id > sinceId (history is kept in ascending id order). */
function firstAfter(history: HistoryRecord[], sinceId: number): number {
	let lo = 0;
	let hi = history.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (history[mid].id <= sinceId) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function listHistory(ctx: RequestContext) {
	const { limit, page } = ctx.paging();
	const f = ctx.filter(HISTORY_FILTERS);
	const errors: Record<string, string> = {};
	const sinceRaw = asString(f.sinceId);
	if (sinceRaw !== undefined && !/^\d+$/.test(sinceRaw)) errors['children[sinceId]'] = 'This value is not valid.';
	// Since 2023-05-15 the history methods answer 400 to filter[sinceId] together with page, whatever the page
	// (docs.retailcrm.ru/Developers/API/APIFeatures/WorkingHistoryAPI). The text is not published: a choice.
	if (sinceRaw !== undefined && ctx.param('page') !== undefined) errors.page = 'The page parameter cannot be used together with filter[sinceId]; move filter[sinceId] instead.';
	const date = (name: 'startDate' | 'endDate') => {
		const raw = asString(f[name]);
		if (raw === undefined || raw === '') return undefined;
		const iso = parseLocal(raw, ctx.tz, { requireTime: true });
		if (!iso) errors[`children[${name}]`] = 'This value is not valid.';
		return iso ?? undefined;
	};
	const start = date('startDate');
	const end = date('endDate');
	if (Object.keys(errors).length) throw inputErrors(errors);
	const orderId = asString(f.orderId);
	const orderExternalId = asString(f.orderExternalId);

	const startS = start?.slice(0, 19);
	const endS = end?.slice(0, 19);
	const visible = new Set(ctx.keySites());
	const all = ctx.state.history;
	const from = sinceRaw !== undefined ? firstAfter(all, Number(sinceRaw)) : 0;
	const rows: HistoryRecord[] = [];
	for (let i = from; i < all.length; i++) {
		const r = all[i];
		if (startS || endS) {
			// Compare at second precision: the wire format has no milliseconds.
			const t = r.createdAt.slice(0, 19);
			if (startS && t < startS) continue;
			if (endS && t > endS) continue;
		}
		if (orderId && String(r.orderId) !== orderId) continue;
		const order = ctx.store.order(r.orderId);
		if (orderExternalId && order?.externalId !== orderExternalId) continue;
		if (order && !visible.has(order.site) && ctx.state.config.historySiteFilter !== 'afterPaging') continue;
		rows.push(r);
	}
	const paged = paginate(rows, limit, page);
	const { pagination } = paged;
	const items = paged.items.filter((r) => {
		const order = ctx.store.order(r.orderId);
		return !order || visible.has(order.site);
	});
	return {
		status: 200,
		body: {
			success: true,
			generatedAt: toLocal(ctx.store.nowIso(), ctx.tz),
			history: items.map((r) => renderHistory(ctx.store, r, ctx.key.label)),
			pagination,
		},
	};
}

export function historyRoutes(): Route[] {
	return [{ method: 'GET', path: 'v5/orders/history', scope: 'order_read', limits: [20, 50, 100], handler: listHistory }];
}
