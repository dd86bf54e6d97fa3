import type { z } from 'zod';
import { appendAll } from '../common/append-all';
import { Pacer } from '../http/pacer';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from '../http/retry';
import { TransportError, type Clock, type HttpMethod, type HttpResponse, type Transport } from '../http/transport';
import { FORM_CONTENT_TYPE, encodeComponent, toFormBody, toQueryString, type FormValue, type QueryParams } from './encoding';
import { RetailCrmApiError, hintFor } from './errors';
import { chunk, collectItems, paginate, type Page } from './pagination';
import { redactSecrets } from './redact';
import { checkOrder, describeProblems, type OrderFieldProblem } from './order-check';
import { interpretResponse, isErrorPage } from './response';
import { successSchema as successSchemaOnly } from './schemas/common';
import { apiVersionsResponseSchema, credentialsResponseSchema, type Credentials } from './schemas/api';
import { customFieldGetResponseSchema, type CrmCustomField } from './schemas/custom-fields';
import { customerGetResponseSchema, customersListResponseSchema, type CrmCustomer } from './schemas/customers';
import { historyResponseSchema, type HistoryRecord } from './schemas/history';
import {
	integrationModuleEditResponseSchema,
	integrationModuleGetResponseSchema,
	type CrmIntegrationModule,
} from './schemas/integration';
import {
	orderGetResponseSchema,
	orderStatusesResponseSchema,
	orderWriteResponseSchema,
	ordersListResponseSchema,
	ordersPageResponseSchema,
	type CrmOrder,
	type CrmOrderStatusRow,
	type OrderWriteResult,
} from './schemas/orders';
import { paymentWriteResponseSchema, type PaymentWrite } from './schemas/payments';
import { REFERENCE_BOOKS, referenceResponseSchema, type ReferenceBook } from './schemas/reference';
import {
	inventoriesResponseSchema,
	offersResponseSchema,
	productsResponseSchema,
	uploadResponseSchema,
	type CrmInventoryOffer,
	type CrmProduct,
	type CrmStoreOffer,
	type InventoriesUploadResult,
	type InventoryUploadOffer,
	type PriceUploadOffer,
	type PricesUploadResult,
} from './schemas/store';

/**
 * retailCRM allows 10 requests/s per key (docs/retailcrm-api.md#rate-limits): the pace starts there and backs off on
 * the 503/429 answers the limit gives (core/http/pacer.ts), so a run takes the time the limit allows.
 */
export const DEFAULT_RATE_PER_SECOND = 10;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** One pacer per clock, shared by every client in the process, so one account keeps one pace. */
const sharedPacers = new WeakMap<Clock, Pacer>();
export function sharedPacer(clock: Clock, ratePerSecond = DEFAULT_RATE_PER_SECOND): Pacer {
	let pacer = sharedPacers.get(clock);
	if (!pacer) {
		pacer = new Pacer(ratePerSecond, clock);
		sharedPacers.set(clock, pacer);
	}
	return pacer;
}

export interface RetailCrmClientOptions {
	/** Account address, e.g. https://shop.retailcrm.ru; a pasted `/api` or `/api/v5` suffix is removed. */
	baseUrl: string;
	/** Sends requests and adds authentication (X-API-KEY); the client never sees the key. */
	transport: Transport;
	clock: Clock;
	/** Defaults to a process-wide pacer per base URL. */
	pacer?: Pacer;
	/**
	 * This client's share of the account's budget, requests per second (default 10, the whole limit): lower when other
	 * integrations use the same key, so that their requests and ours stay within retailCRM's 10 per second.
	 */
	ratePerSecond?: number;
	/** Overrides of the retry policy (attempts, delays); 503 and 429 are retried by default. */
	retry?: Partial<RetryPolicy>;
	/** Progress lines such as "retailCRM answered 503, retry 2/5 in 600 ms"; already redacted. */
	logger?: (message: string) => void;
	timeoutMs?: number;
	/** Scrubs texts before they reach errors and logs; pass `(t) => redactSecrets(t, [key])` when the key is known. */
	redact?: (text: string) => string;
}

/** `by` is always explicit: the server's default is externalId, so a bare numeric id would be misread (docs/retailcrm-api.md#orders). */
export type IdentifierKind = 'id' | 'externalId';
export interface ByOptions {
	by: IdentifierKind;
	/** Store code; needed with by=externalId when the key reaches several stores. */
	site?: string;
}

export interface ListRequest<F> {
	filter?: F;
	page?: number;
	/** 20, 50 or 100 (250 on store/inventories); the server rejects other values. */
	limit?: number;
}

export interface OrdersFilter {
	ids?: number[];
	externalIds?: string[];
	numbers?: string[];
	sites?: string[];
	/** Status codes or status-group codes. */
	extendedStatus?: string[];
	/** `Y-m-d` or `Y-m-d H:i:s` in the account's time zone. */
	createdAtFrom?: string;
	createdAtTo?: string;
	statusUpdatedAtFrom?: string;
	statusUpdatedAtTo?: string;
	customerId?: number;
	customerExternalId?: string;
	[other: string]: QueryParams[string];
}

export interface HistoryFilter {
	/** Exclusive: records with id > sinceId. */
	sinceId?: number;
	/** `Y-m-d H:i:s` in the account's time zone. */
	startDate?: string;
	endDate?: string;
	orderId?: number;
	orderExternalId?: string;
	[other: string]: QueryParams[string];
}

export interface CustomersFilter {
	ids?: number[];
	externalIds?: string[];
	sites?: string[];
	email?: string;
	name?: string;
	[other: string]: QueryParams[string];
}

export interface InventoriesFilter {
	ids?: number[];
	offerExternalId?: string[];
	offerXmlId?: string[];
	offerArticle?: string[];
	productExternalId?: string;
	productActive?: boolean;
	offerActive?: boolean;
	/** Adds the per-store breakdown `stores:[{store, quantity, purchasePrice}]`. */
	details?: boolean;
	sites?: string[];
	[other: string]: QueryParams[string];
}

export interface OffersFilter {
	ids?: number[];
	externalIds?: string[];
	xmlIds?: string[];
	sites?: string[];
	active?: boolean;
	[other: string]: QueryParams[string];
}

export interface ProductsFilter {
	ids?: number[];
	externalId?: string;
	xmlId?: string;
	offerIds?: number[];
	offerExternalId?: string;
	offerXmlId?: string;
	sites?: string[];
	active?: boolean;
	[other: string]: QueryParams[string];
}

/** An order of a page that does not read as a retailCRM order (order-check.ts), kept raw with what is wrong. */
export interface UnreadableOrder {
	id?: number;
	number?: string;
	site?: string;
	problems: OrderFieldProblem[];
	raw: unknown;
}

export interface HistoryPageResult {
	records: HistoryRecord[];
	pagination?: Page<HistoryRecord>['pagination'];
	generatedAt?: string;
}

export interface HistoryPage extends HistoryPageResult {
	/** Save this as the new cursor after the page's changes are applied (the last record id). */
	lastId: number;
}

export interface IterateHistoryOptions {
	/** Cursor from the previous run (exclusive). Without it, give `filter.startDate` to bound the first run. */
	sinceId?: number;
	filter?: Omit<HistoryFilter, 'sinceId'>;
	/** Records per request: 20, 50 or 100 (default 100, as the official modules use). */
	limit?: number;
	/** Safety bound on requests in one walk. */
	maxPages?: number;
}

export type ReferenceItem<B extends ReferenceBook> = z.infer<(typeof REFERENCE_BOOKS)[B]['schema']>;

/**
 * Whether a write may be sent again after a lost connection or timeout (a 503/429 answer proves
 * nothing was done, so those are always retried). Uploads set absolute values, fix-external-ids sets
 * the same pairs again and an integration-module edit replaces the whole configuration, so repeating
 * them is harmless; creating or editing an order is not (a second order, a second history entry).
 */
export const WRITE_SAFE_TO_REPEAT = {
	'orders/create': false,
	'orders/edit': false,
	'orders/fix-external-ids': true,
	'store/inventories/upload': true,
	'store/prices/upload': true,
	'integration-modules/edit': true,
	'orders/payments/create': false,
	'orders/payments/edit': false,
} as const;
export type WriteEndpoint = keyof typeof WRITE_SAFE_TO_REPEAT;

/** A share of the limit from a credential: a number from 0.5 to 10 (the default when missing or unreadable). */
export function clampRate(value: unknown): number {
	const rate = typeof value === 'number' ? value : Number(value);
	if (value === undefined || value === null || value === '' || !Number.isFinite(rate) || rate <= 0) return DEFAULT_RATE_PER_SECOND;
	return Math.min(DEFAULT_RATE_PER_SECOND, Math.max(0.5, rate));
}

/** Strips spaces, trailing slashes and a pasted `/api` or `/api/v5`; adds https:// when no scheme is given. */
export function normaliseBaseUrl(raw: string): string {
	let url = raw.trim();
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) url = `https://${url}`;
	url = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
	url = url.replace(/\/api(\/v\d+)?$/i, '').replace(/\/+$/, '');
	return url;
}

interface CallSpec {
	method: HttpMethod;
	/** Path after /api/v5/ (or after /api/ when unversioned). */
	path: string;
	unversioned?: boolean;
	query?: QueryParams;
	form?: Record<string, FormValue>;
	safeToRepeat: boolean;
}

export class RetailCrmClient {
	readonly baseUrl: string;
	private readonly transport: Transport;
	private readonly clock: Clock;
	private readonly pacer: Pacer;
	/** The credential's share of the limit; undefined: the pacer's own rate. */
	private readonly ratePerSecond: number | undefined;
	private readonly policy: RetryPolicy;
	private readonly logger?: (message: string) => void;
	private readonly timeoutMs: number;
	private readonly redact: (text: string) => string;

	constructor(options: RetailCrmClientOptions) {
		this.baseUrl = normaliseBaseUrl(options.baseUrl);
		this.transport = options.transport;
		this.clock = options.clock;
		this.pacer = options.pacer ?? sharedPacer(options.clock);
		this.ratePerSecond = options.ratePerSecond === undefined ? undefined : clampRate(options.ratePerSecond);
		this.policy = { ...DEFAULT_RETRY_POLICY, ...(options.retry ?? {}) };
		this.logger = options.logger;
		this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		this.redact = options.redact ?? ((text) => redactSecrets(text));
	}

	// ---- transport, pacing, retry -------------------------------------------------------------

	private async call<S extends z.ZodTypeAny>(spec: CallSpec, schema: S): Promise<z.infer<S>> {
		const path = `/api/${spec.unversioned ? '' : 'v5/'}${spec.path}`;
		const query = spec.query ? toQueryString(spec.query) : '';
		const url = `${this.baseUrl}${path}${query ? `?${query}` : ''}`;
		const headers: Record<string, string> = { Accept: 'application/json' };
		let body: string | undefined;
		if (spec.method !== 'GET') {
			headers['Content-Type'] = FORM_CONTENT_TYPE;
			body = toFormBody(spec.form ?? {});
		}
		const ctx = { method: spec.method, path, redact: this.redact };
		const send = async (): Promise<HttpResponse> => {
			// Every attempt, retries included, takes a slot: one account shares one pace, which the answers adjust.
			await this.pacer.acquire(this.baseUrl, this.ratePerSecond);
			const response = await this.transport.request({ method: spec.method, url, headers, body, timeoutMs: this.timeoutMs });
			if (response.status === 503 || response.status === 429) this.pacer.refused(this.baseUrl);
			else this.pacer.accepted(this.baseUrl);
			return response;
		};
		let response: HttpResponse;
		try {
			// Reads and idempotent writes also retry an error page of the web server in front of the API; a write that may
			// have been applied is retried only on 503/429, which prove it was not.
			const policy: RetryPolicy = spec.safeToRepeat ? { retryResponse: isErrorPage, ...this.policy } : this.policy;
			response = await withRetry(send, policy, this.clock, spec.safeToRepeat, {
				onRetry: ({ attempt, delayMs, reason }) => {
					const what = reason.startsWith('HTTP ') ? `answered ${reason.slice(5)}` : `request failed (${reason})`;
					this.logger?.(
						this.redact(`retailCRM ${what} on ${spec.method} ${path}, retry ${attempt + 1}/${this.policy.maxAttempts} in ${delayMs} ms`),
					);
				},
			});
		} catch (error) {
			throw this.networkError(error, spec, path);
		}
		return interpretResponse(response, schema, ctx);
	}

	private networkError(error: unknown, spec: CallSpec, path: string): RetailCrmApiError {
		const kind = error instanceof TransportError ? error.kind : 'other';
		const raw = error instanceof Error ? error.message : String(error);
		let detail = `could not reach ${this.redact(this.baseUrl)} (${this.redact(raw)})`;
		if (kind === 'timeout') detail = `no answer within ${this.timeoutMs} ms (${this.redact(raw)})`;
		let hint = hintFor('network');
		if (kind === 'dns') hint = 'The host name in the URL does not exist. Check the address: https://<your-account>.retailcrm.ru';
		if (spec.method !== 'GET' && !spec.safeToRepeat) {
			hint += ' The write was not repeated automatically because it may already have been applied; check retailCRM before running it again.';
		}
		return new RetailCrmApiError({
			kind: 'network',
			status: 0,
			message: `retailCRM ${spec.method} ${path}: ${detail}`,
			hint,
			method: spec.method,
			path,
			networkKind: kind,
		});
	}

	private get<S extends z.ZodTypeAny>(path: string, query: QueryParams | undefined, schema: S, unversioned = false) {
		return this.call({ method: 'GET', path, query, unversioned, safeToRepeat: true }, schema);
	}

	private post<S extends z.ZodTypeAny>(path: string, endpoint: WriteEndpoint, form: Record<string, FormValue>, schema: S) {
		return this.call({ method: 'POST', path, form, safeToRepeat: WRITE_SAFE_TO_REPEAT[endpoint] }, schema);
	}

	private static listQuery<F>(req: ListRequest<F> | undefined): QueryParams {
		return { filter: req?.filter as QueryParams[string], page: req?.page, limit: req?.limit };
	}

	// ---- api ----------------------------------------------------------------------------------

	async apiVersions(): Promise<string[]> {
		return (await this.get('api-versions', undefined, apiVersionsResponseSchema, true)).versions;
	}

	/** Scopes and stores of the key the transport sends. */
	async credentials(): Promise<Credentials> {
		const { success: _ignored, ...rest } = await this.get('credentials', undefined, credentialsResponseSchema, true);
		return rest;
	}

	// ---- reference books ----------------------------------------------------------------------

	/** Any reference book as an array, whether the API sent an object keyed by code, an array or `[]`. */
	async reference<B extends ReferenceBook>(book: B): Promise<Array<ReferenceItem<B>>> {
		const { path, key } = REFERENCE_BOOKS[book];
		const data = (await this.get(path, undefined, referenceResponseSchema(book))) as Record<string, unknown>;
		return data[key] as Array<ReferenceItem<B>>;
	}

	statuses() {
		return this.reference('statuses');
	}
	statusGroups() {
		return this.reference('statusGroups');
	}
	sites() {
		return this.reference('sites');
	}
	stores() {
		return this.reference('stores');
	}
	priceTypes() {
		return this.reference('priceTypes');
	}
	orderTypes() {
		return this.reference('orderTypes');
	}
	orderMethods() {
		return this.reference('orderMethods');
	}
	paymentTypes() {
		return this.reference('paymentTypes');
	}
	paymentStatuses() {
		return this.reference('paymentStatuses');
	}
	deliveryTypes() {
		return this.reference('deliveryTypes');
	}

	// ---- orders -------------------------------------------------------------------------------

	async listOrders(req?: ListRequest<OrdersFilter>): Promise<Page<CrmOrder>> {
		const data = await this.get('orders', RetailCrmClient.listQuery(req), ordersListResponseSchema);
		return { items: data.orders, pagination: data.pagination };
	}

	/** Every page of an orders query, page after page. */
	iterateOrders(filter: OrdersFilter = {}, limit = 100) {
		return paginate((page) => this.listOrders({ filter, page, limit }));
	}

	/**
	 * The orders whose number is exactly `number` (one per store at most, or none). The API's number filter is not
	 * documented as exact, so its answer is only a candidate list: it is walked (100 per page, at most `maxPages`)
	 * and matched here, never taking "the first listed" for a match.
	 */
	async findOrdersByNumber(number: string, options: { site?: string; maxPages?: number } = {}): Promise<CrmOrder[]> {
		const wanted = number.trim();
		const filter: OrdersFilter = { numbers: [wanted] };
		if (options.site) filter.sites = [options.site];
		const out: CrmOrder[] = [];
		for await (const page of paginate((p) => this.listOrders({ filter, page: p, limit: 100 }), { maxPages: options.maxPages ?? 10 })) {
			for (const order of page.items) if (String(order.number ?? '').trim() === wanted) out.push(order);
		}
		return out;
	}

	async getOrder(identifier: string | number, options: ByOptions): Promise<CrmOrder> {
		const data = await this.get(
			`orders/${encodeComponent(String(identifier))}`,
			{ by: options.by, site: options.site },
			orderGetResponseSchema,
		);
		return data.order;
	}

	/**
	 * Orders by CRM id, 100 ids per request (`filter[ids][]`), in the order asked; unknown ids are skipped. Each order
	 * is checked on its own (order-check.ts): one that does not read as a retailCRM order comes back in `unreadable`,
	 * by id and field, raw, and the others are not held up by it.
	 */
	async readOrdersByIds(ids: readonly number[], options: { site?: string; batchSize?: number } = {}): Promise<{ orders: CrmOrder[]; unreadable: UnreadableOrder[] }> {
		const unique = [...new Set(ids)];
		const found = new Map<number, CrmOrder>();
		const unreadable: UnreadableOrder[] = [];
		for (const batch of chunk(unique, options.batchSize ?? 100)) {
			const filter: OrdersFilter = { ids: batch };
			if (options.site) filter.sites = [options.site];
			const rows = await collectItems(paginate((page) => this.get('orders', RetailCrmClient.listQuery({ filter, page, limit: 100 }), ordersPageResponseSchema).then((d) => ({ items: d.orders, pagination: d.pagination }))));
			for (const raw of rows) {
				const check = checkOrder(raw);
				if (check.ok) found.set(check.order.id, check.order);
				else unreadable.push({ id: check.id, number: check.number, site: check.site, problems: check.problems, raw });
			}
		}
		return { orders: unique.filter((id) => found.has(id)).map((id) => found.get(id) as CrmOrder), unreadable };
	}

	/** readOrdersByIds for callers that need every order: an unreadable one is an error naming it and its field. */
	async getOrdersByIds(ids: readonly number[], options: { site?: string; batchSize?: number } = {}): Promise<CrmOrder[]> {
		const { orders, unreadable } = await this.readOrdersByIds(ids, options);
		if (unreadable.length > 0) {
			const first = unreadable[0];
			throw new RetailCrmApiError({
				kind: 'badResponse',
				message: `retailCRM GET /api/v5/orders: order ${first.number ?? first.id ?? '?'} does not read as a retailCRM order (${this.redact(describeProblems(first.problems))})${unreadable.length > 1 ? ` and ${unreadable.length - 1} more` : ''}`,
				hint: 'Correct the field in retailCRM (or in whatever wrote the order through the API); the other orders are fine.',
				method: 'GET',
				path: '/api/v5/orders',
			});
		}
		return orders;
	}

	/** orders/create (tests and tools). Not repeated after a lost connection: it could create a second order. */
	async createOrder(order: Record<string, unknown>, options: { site?: string } = {}): Promise<OrderWriteResult> {
		const { success: _ignored, ...rest } = await this.post('orders/create', 'orders/create', { order, site: options.site }, orderWriteResponseSchema);
		return rest;
	}

	/** Partial update: `patch` holds only the fields to change. */
	async editOrder(identifier: string | number, options: ByOptions, patch: Record<string, unknown>): Promise<OrderWriteResult> {
		const { success: _ignored, ...rest } = await this.post(
			`orders/${encodeComponent(String(identifier))}/edit`,
			'orders/edit',
			{ by: options.by, site: options.site, order: patch },
			orderWriteResponseSchema,
		);
		return rest;
	}

	/**
	 * orders/payments/create: a payment of an order (`payment.order` = {id} | {externalId} | {number}; `site` for the
	 * latter two when the key reaches several stores). Not repeated after a lost connection: look it up by externalId.
	 */
	async createPayment(payment: PaymentWrite & { order: NonNullable<PaymentWrite['order']>; type: string }, options: { site?: string } = {}): Promise<{ id: number }> {
		const data = await this.post('orders/payments/create', 'orders/payments/create', { payment, site: options.site }, paymentWriteResponseSchema);
		return { id: data.id };
	}

	/** orders/payments/{identifier}/edit with `by` = id or externalId; `payment` holds only the fields to change. */
	async editPayment(identifier: string | number, options: ByOptions, payment: PaymentWrite): Promise<{ id: number }> {
		const data = await this.post(
			`orders/payments/${encodeComponent(String(identifier))}/edit`,
			'orders/payments/edit',
			{ by: options.by, site: options.site, payment },
			paymentWriteResponseSchema,
		);
		return { id: data.id };
	}

	/** Attaches our ids to CRM orders; idempotent, so it is resent after a lost connection. */
	async fixExternalIds(rows: ReadonlyArray<{ id: number; externalId: string }>): Promise<void> {
		await this.post('orders/fix-external-ids', 'orders/fix-external-ids', { orders: rows }, successSchemaOnly);
	}

	/**
	 * Current status and status group of orders; `ids[]`/`externalIds[]` are top-level, not under filter.
	 * Sent in batches of `batchSize` identifiers (the server maximum is believed to be 500, UNVERIFIED).
	 * With no identifiers at all one request is still sent, so the server's own error comes back.
	 */
	async orderStatuses(query: { ids?: number[]; externalIds?: string[] }, batchSize = 250): Promise<CrmOrderStatusRow[]> {
		const wanted: Array<['ids' | 'externalIds', number | string]> = [
			...(query.ids ?? []).map((id) => ['ids', id] as ['ids', number]),
			...(query.externalIds ?? []).map((id) => ['externalIds', id] as ['externalIds', string]),
		];
		const batches = wanted.length === 0 ? [[]] : chunk(wanted, batchSize);
		const rows: CrmOrderStatusRow[] = [];
		for (const batch of batches) {
			const ids = batch.filter(([k]) => k === 'ids').map(([, v]) => v);
			const externalIds = batch.filter(([k]) => k === 'externalIds').map(([, v]) => v);
			const data = await this.get(
				'orders/statuses',
				{ ids: ids.length ? ids : undefined, externalIds: externalIds.length ? externalIds : undefined },
				orderStatusesResponseSchema,
			);
			appendAll(rows, data.orders);
		}
		return rows;
	}

	/**
	 * One request to orders/history. `page` is dropped when `filter.sinceId` is set: since 2023-05-15 the API
	 * answers 400 to sinceId combined with page (docs/retailcrm-api.md#order-history).
	 */
	async ordersHistory(req: ListRequest<HistoryFilter> = {}): Promise<HistoryPageResult> {
		const page = req.filter?.sinceId !== undefined ? undefined : req.page;
		const data = await this.get('orders/history', { filter: req.filter as QueryParams[string], page, limit: req.limit }, historyResponseSchema);
		return { records: data.history, pagination: data.pagination, generatedAt: data.generatedAt };
	}

	/**
	 * Walks order history by the sinceId cursor (docs/retailcrm-api.md#order-history): each next request asks for records
	 * after the last id seen, page 1, without startDate. Stops on an empty page, or on one shorter than `limit` that
	 * retailCRM says is the last. Yields pages so the caller can apply a page and only then save `lastId`.
	 *
	 * A page short or empty while `pagination` says more pages follow has been seen for keys limited to some stores
	 * (records of other stores left out after paging; retailcrm/bitrix-module#25, whose RetailCrmHistory_v5.php guards
	 * for it): a short one is followed from its last id; an empty one gives no id to go on from, so it is an error
	 * instead of a cursor that silently never moves.
	 */
	async *iterateHistory(options: IterateHistoryOptions = {}): AsyncGenerator<HistoryPage, void, undefined> {
		const limit = options.limit ?? 100;
		let sinceId = options.sinceId;
		let filter: HistoryFilter = { ...(options.filter ?? {}) };
		let pages = 0;
		for (;;) {
			const request: HistoryFilter = sinceId !== undefined ? { ...filter, sinceId } : filter;
			const result = await this.ordersHistory({ filter: request, limit });
			pages++;
			const { currentPage, totalPageCount, totalCount } = result.pagination ?? {};
			const morePages = currentPage !== undefined && totalPageCount !== undefined && currentPage < totalPageCount;
			if (result.records.length === 0) {
				if (!morePages) return;
				throw new RetailCrmApiError({
					kind: 'badResponse',
					message: `retailCRM GET /api/v5/orders/history: an empty page after record ${sinceId ?? 0}, while retailCRM counts ${totalCount ?? '?'} records on ${totalPageCount} pages`,
					hint: 'retailCRM left out records this API key may not see (other stores) after paging, so the history cannot be followed past them. Give the key access to every store (Administration → Integration → API access keys → the key → Stores); the cursor stays where it is until then.',
					method: 'GET',
					path: '/api/v5/orders/history',
				});
			}
			const lastId = result.records[result.records.length - 1].id;
			yield { ...result, lastId };
			if (result.records.length < limit && !morePages) return;
			if (options.maxPages !== undefined && pages >= options.maxPages) return;
			// A cursor that does not move would loop forever; stop instead.
			if (sinceId !== undefined && lastId <= sinceId) return;
			sinceId = lastId;
			const { startDate: _dropped, ...rest } = filter;
			filter = rest;
		}
	}

	/**
	 * Id of the newest history record matching `filter` (e.g. `{ startDate }`), or undefined when there
	 * is none: a cursor to start from "now" without replaying old history, as the official modules
	 * fast-forward on first install (docs/retailcrm-api.md#order-history). Two requests at most: page 1 for the page count,
	 * then the last page. Records written between the two requests may be skipped; that is the point.
	 */
	async latestHistoryId(filter: Omit<HistoryFilter, 'sinceId'> = {}): Promise<number | undefined> {
		const limit = 100;
		const first = await this.ordersHistory({ filter, limit, page: 1 });
		const lastPage = first.pagination?.totalPageCount ?? 1;
		let records = first.records;
		if (lastPage > 1) records = (await this.ordersHistory({ filter, limit, page: lastPage })).records;
		if (records.length === 0) records = first.records;
		return records.length ? records[records.length - 1].id : undefined;
	}

	// ---- customers ----------------------------------------------------------------------------

	async listCustomers(req?: ListRequest<CustomersFilter>): Promise<Page<CrmCustomer>> {
		const data = await this.get('customers', RetailCrmClient.listQuery(req), customersListResponseSchema);
		return { items: data.customers, pagination: data.pagination };
	}

	iterateCustomers(filter: CustomersFilter = {}, limit = 100) {
		return paginate((page) => this.listCustomers({ filter, page, limit }));
	}

	async getCustomer(identifier: string | number, options: ByOptions): Promise<CrmCustomer> {
		const data = await this.get(
			`customers/${encodeComponent(String(identifier))}`,
			{ by: options.by, site: options.site },
			customerGetResponseSchema,
		);
		return data.customer;
	}

	// ---- store --------------------------------------------------------------------------------

	async listInventories(req?: ListRequest<InventoriesFilter>): Promise<Page<CrmInventoryOffer>> {
		const data = await this.get('store/inventories', RetailCrmClient.listQuery(req), inventoriesResponseSchema);
		return { items: data.offers, pagination: data.pagination };
	}

	iterateInventories(filter: InventoriesFilter = {}, limit = 250) {
		return paginate((page) => this.listInventories({ filter, page, limit }));
	}

	/** Stock per store (at most 250 offers per call, docs/retailcrm-api.md#stock-and-prices). Zeros are sent as zeros. */
	async uploadInventories(offers: readonly InventoryUploadOffer[], options: { site?: string } = {}): Promise<InventoriesUploadResult> {
		const { success: _ignored, ...rest } = await this.post(
			'store/inventories/upload',
			'store/inventories/upload',
			{ offers, site: options.site },
			uploadResponseSchema,
		);
		return rest;
	}

	/** Prices per price type (at most 250 offers per call, docs/retailcrm-api.md#stock-and-prices). */
	async uploadPrices(prices: readonly PriceUploadOffer[], options: { site?: string } = {}): Promise<PricesUploadResult> {
		const { success: _ignored, ...rest } = await this.post(
			'store/prices/upload',
			'store/prices/upload',
			{ prices, site: options.site },
			uploadResponseSchema,
		);
		return rest;
	}

	async listOffers(req?: ListRequest<OffersFilter>): Promise<Page<CrmStoreOffer>> {
		const data = await this.get('store/offers', RetailCrmClient.listQuery(req), offersResponseSchema);
		return { items: data.offers, pagination: data.pagination };
	}

	async listProducts(req?: ListRequest<ProductsFilter>): Promise<Page<CrmProduct>> {
		const data = await this.get('store/products', RetailCrmClient.listQuery(req), productsResponseSchema);
		return { items: data.products, pagination: data.pagination };
	}

	// ---- custom fields ------------------------------------------------------------------------

	/** One custom field definition, e.g. `('order', 'onec_number')`; a RetailCrmApiError of kind notFound when absent. */
	async customField(entity: string, code: string): Promise<CrmCustomField> {
		const data = await this.get(`custom-fields/${encodeComponent(entity)}/${encodeComponent(code)}`, undefined, customFieldGetResponseSchema);
		return data.customField;
	}

	// ---- integration modules ------------------------------------------------------------------

	async getIntegrationModule(code: string): Promise<CrmIntegrationModule> {
		const data = await this.get(`integration-modules/${encodeComponent(code)}`, undefined, integrationModuleGetResponseSchema);
		return data.integrationModule;
	}

	/** Creates or replaces a module configuration (e.g. registering a warehouse system). */
	async editIntegrationModule(module: CrmIntegrationModule & { code: string }): Promise<Record<string, unknown>> {
		const data = await this.post(
			`integration-modules/${encodeComponent(module.code)}/edit`,
			'integration-modules/edit',
			{ integrationModule: module },
			integrationModuleEditResponseSchema,
		);
		return data.info ?? {};
	}
}
