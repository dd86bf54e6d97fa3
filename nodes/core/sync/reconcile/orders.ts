/**
 * Orders: retailCRM orders created in a period against the 1C `Заказ покупателя` documents of that period, keyed
 * `crm#<id>` (or `<site>#<id>`, or the CRM number in version 0.1; orders/document-key.ts).
 *
 * Requests (N = orders created in the period, D = 1C documents dated in it, P = 1C page size, 1000 by default):
 *   retailCRM: ⌈N / 100⌉ (orders, 100 a page) + 1 per status-group kind chosen (done by the caller)
 *              + ⌈M / 100⌉ for the M orders named by live documents of the period but not created in it (to tell an
 *              order created at another time from one deleted: usually 0) + ⌈L / 100⌉ for the L number-keyed
 *              (v0.1) documents among them; + 1 (reference/sites) with Several Shops on, no Sites chosen, when such a
 *              document's key names a site;
 *   1C:        ⌈(D + 1) / P⌉ (the documents of the period with their lines, one paged read)
 *              + the batched key look-up (orders/onec-writer/existing-documents.ts, ~30 keys or a few ranges a request)
 *              of the orders expected in 1C whose document is not dated in the period: usually 0
 *              + the same look-up of the M + L orders above (their other documents, dated outside the period): 0 when
 *              there are none, usually 1.
 * A document is dated with its order's `createdAt` (orders/document.ts), so the period selects both sides alike.
 */
import type { OneCClient } from '../../onec/client';
import { appendAll } from '../../common/append-all';
import { UT } from '../../onec/model';
import { and, compare, datetime, ne } from '../../onec/query';
import type { RetailCrmClient } from '../../retailcrm/client';
import { collectItems, chunk } from '../../retailcrm/pagination';
import type { SyncIntent } from '../orders/convergence';
import { cancelledByUs } from '../orders/convergence';
import type { CrmOrderLike } from '../orders/crm-order';
import { crmDateTo1C } from '../orders/crm-order';
import { formatDocumentKey, legacyDocumentKey, parseDocumentKey } from '../orders/document-key';
import type { ScopeOptions } from '../orders/history';
import { judgeOrder } from '../orders/history';
import { byWinnerOrder, findOrderDocuments, INCOMING_KEY_FIELD, keyOf } from '../orders/onec-writer/existing-documents';
import type { RawRow } from '../onec-read/raw-read';
import { readRawPages } from '../onec-read/raw-read';
import { compareOrder, orphanDocument } from './order-compare';
import type { Discrepancy } from './types';

export interface OrdersReconcileOptions {
	/** Bounds of `createdAt`, `Y-m-d H:i:s` in the account's time zone (= 1C's wall clock, as the flow writes it). */
	from: string;
	/** Omitted: up to now, orders created while the comparison runs included. */
	to?: string;
	/** The orders flow's scope: trigger and cancel status codes, link fields (shared/sync-scope.ts resolves them). */
	scope: ScopeOptions & { linkFields: readonly string[] };
	/** Keys carry the site (`<site>#<id>`): *Several Shops Feed This Base* of the 1C node. */
	includeSite?: boolean;
	/** Also find documents keyed by the CRM number (version 0.1). Default true. */
	findLegacyKeys?: boolean;
	/** Only orders of these sites. */
	sites?: readonly string[];
}

export interface OrdersReconcileResult {
	discrepancies: Discrepancy[];
	orders: number;
	documents: number;
	/** Orders whose lines could not be compared (offers not keyed by 1C GUIDs). */
	linesSkipped: number[];
}

interface KeyedDocs {
	live: RawRow[];
	marked: RawRow[];
}

/**
 * A document the orders flow released when its order was cancelled or deleted: unposted, the cancel mark in its
 * comment (orders/onec-writer/document-writes.ts). Left live on purpose, it is no orphan.
 */
function releasedByFlow(row: RawRow): boolean {
	return row.Posted !== true && cancelledByUs({ comment: typeof row.Комментарий === 'string' ? row.Комментарий : '' });
}

function add(map: Map<string, KeyedDocs>, key: string, row: RawRow): void {
	const held = map.get(key) ?? { live: [], marked: [] };
	(row.DeletionMark === true ? held.marked : held.live).push(row);
	map.set(key, held);
}

export async function reconcileOrders(crm: RetailCrmClient, onec: OneCClient, options: OrdersReconcileOptions): Promise<OrdersReconcileResult> {
	const keyOptions = { includeSite: options.includeSite ?? false };
	const legacy = options.findLegacyKeys ?? true;
	const filter = { createdAtFrom: options.from, ...(options.to ? { createdAtTo: options.to } : {}), ...(options.sites?.length ? { sites: [...options.sites] } : {}) };
	const orders = (await collectItems(crm.iterateOrders(filter, 100))) as unknown as CrmOrderLike[];

	// The 1C documents of the period, whole (lines included), ours only (a key in НомерВходящего…).
	const from1C = crmDateTo1C(options.from);
	const to1C = options.to ? crmDateTo1C(options.to) : undefined;
	if (!from1C || (options.to && !to1C)) throw new Error(`The period ${options.from} … ${options.to ?? 'now'} is not a date range`);
	const set = UT.Document_ЗаказПокупателя.set;
	const scanned = await readRawPages(onec, set, {
		filter: and(compare('Date', 'ge', datetime(from1C)), to1C ? compare('Date', 'le', datetime(to1C)) : undefined, ne(INCOMING_KEY_FIELD, '')),
	});
	const byKey = new Map<string, KeyedDocs>();
	for (const row of scanned) {
		const key = keyOf(row);
		if (key !== '') add(byKey, key, row);
	}

	const keysOf = (order: CrmOrderLike): string[] => {
		const primary = formatDocumentKey(order, keyOptions);
		const old = legacy ? legacyDocumentKey(order, keyOptions) : undefined;
		return old && old !== primary ? [primary, old] : [primary];
	};
	/**
	 * As the orders flow judges the order; and a cancelled order whose 1C link retailCRM does not show (the write-back
	 * failed, or a user cleared it) is still to be released when a live document carries its key: that is proof
	 * enough that it was loaded.
	 */
	const intentOf = (order: CrmOrderLike, keys: readonly string[]): SyncIntent | undefined => {
		const intent = judgeOrder(order, options.scope)?.intent;
		if (intent !== undefined || !options.scope.cancelStatuses.has(order.status ?? '')) return intent;
		return keys.some((key) => (byKey.get(key)?.live.length ?? 0) > 0) ? 'cancel' : undefined;
	};
	const judged = orders.map((order) => {
		const keys = keysOf(order);
		return { order, keys, intent: intentOf(order, keys) };
	});
	const claimed = new Set(judged.flatMap((j) => j.keys));

	// Orders that concern 1C whose document is not dated in the period (e.g. 1C's date edited): look them up by key.
	const unseen = judged.filter((j) => j.intent !== undefined && j.keys.every((k) => !byKey.has(k)));
	let lookedUp = 0;
	if (unseen.length > 0) {
		const found = await findOrderDocuments(onec, unseen.map((j) => ({ id: j.keys[0], keys: j.keys })));
		for (const [id, docs] of found) {
			for (const row of [...docs.live, ...docs.marked]) add(byKey, id, row);
			lookedUp += docs.live.length + docs.marked.length;
		}
	}

	const discrepancies: Discrepancy[] = [];
	const linesSkipped: number[] = [];
	const compareOne = (order: CrmOrderLike, keys: string[], intent: SyncIntent | undefined) => {
		const docs = keys.map((k) => byKey.get(k)).filter((d): d is KeyedDocs => d !== undefined);
		const live = docs.flatMap((d) => d.live).sort(byWinnerOrder);
		const marked = docs.flatMap((d) => d.marked).sort(byWinnerOrder);
		const outcome = compareOrder(order, intent, live, marked);
		appendAll(discrepancies, outcome.discrepancies);
		if (outcome.linesSkipped) linesSkipped.push(order.id);
	};
	for (const j of judged) compareOne(j.order, j.keys, j.intent);

	// Live documents of the period no order of the period claims: their order was created at another time, or deleted.
	const strays = [...byKey.entries()].filter(([key, docs]) => !claimed.has(key) && docs.live.length > 0);
	// A key naming a site (`<site>#<id>`, `<site>:<number>`) is this setup's only with Several Shops on and a site of this
	// account (the node's Sites, when chosen): other accounts or shops feeding the same base key their documents alike,
	// and their ids and numbers mean nothing here. One request (reference/sites), only when such a key is met.
	const siteOfKey = (key: string): string | undefined => parseDocumentKey(key)?.site;
	const siteKeyed = keyOptions.includeSite && strays.some(([key]) => siteOfKey(key) !== undefined);
	const ourSites = new Set<string>(siteKeyed ? (options.sites?.length ? options.sites : (await crm.sites()).map((site) => String(site.code))) : []);
	/** The order a key reached is the key's: same site when the key names one. */
	const fits = (order: CrmOrderLike, key: string): boolean => {
		const site = siteOfKey(key);
		return site === undefined || (order.site ?? '').trim() === site;
	};
	const byId = new Map<number, Array<[string, KeyedDocs]>>();
	const byNumber = new Map<string, Array<[string, KeyedDocs]>>();
	for (const entry of strays) {
		const parsed = parseDocumentKey(entry[0]);
		if (!parsed) continue;
		if (parsed.site !== undefined && !ourSites.has(parsed.site)) continue;
		if (parsed.kind === 'id') byId.set(parsed.crmOrderId, [...(byId.get(parsed.crmOrderId) ?? []), entry]);
		else if (legacy) byNumber.set(parsed.crmNumber, [...(byNumber.get(parsed.crmNumber) ?? []), entry]);
	}
	const elsewhere = byId.size ? ((await crm.getOrdersByIds([...byId.keys()])) as unknown as CrmOrderLike[]) : [];
	const known = new Map<number, CrmOrderLike>();
	for (const order of elsewhere) if ((byId.get(order.id) ?? []).some(([key]) => fits(order, key))) known.set(order.id, order);
	const numbers = [...byNumber.keys()];
	const byNumberFound = new Map<string, CrmOrderLike[]>();
	for (const batch of chunk(numbers, 100)) {
		const page = await crm.listOrders({ filter: { numbers: batch }, limit: 100 });
		for (const order of page.items as unknown as CrmOrderLike[]) byNumberFound.set(String(order.number), [...(byNumberFound.get(String(order.number)) ?? []), order]);
	}
	const numberedFor = (number: string, key: string): CrmOrderLike | undefined => byNumberFound.get(number)?.find((order) => fits(order, key));
	// Orders reached through a document of the period but created at another time: their other documents may be dated
	// outside it (a duplicate dated in the period, the original with the order's earlier date). All their keys are
	// looked up in one batched read, so that such a duplicate is found.
	const outside = new Map<number, CrmOrderLike>(known);
	for (const [number, entries] of byNumber) {
		for (const [key] of entries) {
			const order = numberedFor(number, key);
			if (order && !claimed.has(formatDocumentKey(order, keyOptions))) outside.set(order.id, order);
		}
	}
	if (outside.size > 0) {
		const refOf = (row: RawRow): string => (typeof row.Ref_Key === 'string' ? row.Ref_Key.trim() : '');
		const held = new Set([...byKey.values()].flatMap((d) => [...d.live, ...d.marked]).map(refOf));
		const lookups = [...outside.values()].map((order) => ({ id: keysOf(order)[0], keys: keysOf(order) }));
		for (const [id, docs] of await findOrderDocuments(onec, lookups)) {
			for (const row of [...docs.live, ...docs.marked]) {
				if (held.has(refOf(row))) continue;
				held.add(refOf(row));
				add(byKey, id, row);
				lookedUp += 1;
			}
		}
	}
	const compared = new Set<number>();
	const compareElsewhere = (order: CrmOrderLike): void => {
		// Once: not when the period holds it, nor twice through documents keyed by its id and by its number.
		if (compared.has(order.id) || claimed.has(formatDocumentKey(order, keyOptions))) return;
		compared.add(order.id);
		compareOne(order, keysOf(order), intentOf(order, keysOf(order)));
	};
	const onSite = (key: string): string => (siteOfKey(key) !== undefined ? ` on site ${siteOfKey(key)}` : '');
	for (const [id, entries] of byId) {
		const order = known.get(id);
		for (const [key, docs] of entries) {
			if (order && fits(order, key)) {
				compareElsewhere(order);
				continue;
			}
			for (const row of docs.live) if (!releasedByFlow(row)) discrepancies.push({ ...orphanDocument(row, `with id ${id}${onSite(key)}`), crmOrderId: id });
		}
	}
	for (const [number, entries] of byNumber) {
		for (const [key, docs] of entries) {
			const order = numberedFor(number, key);
			if (order) {
				compareElsewhere(order);
				continue;
			}
			for (const row of docs.live) if (!releasedByFlow(row)) discrepancies.push({ ...orphanDocument(row, `number ${number}${onSite(key)}`), crmOrderNumber: number });
		}
	}
	return { discrepancies, orders: orders.length, documents: scanned.length + lookedUp, linesSkipped };
}
