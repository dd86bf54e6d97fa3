/** Internal entities → wire shapes (local dates, payments keyed or listed, offer data refreshed from the catalog). */
import { toLocal } from './dates';
import type { StateStore } from './state-store';
import type { Customer, HistoryRecord, Offer, Order, OrderItem, Payment, Product } from './types';

function renderPayment(p: Payment, tz: string): Record<string, unknown> {
	const out: Record<string, unknown> = { ...p };
	if (p.paidAt) out.paidAt = toLocal(p.paidAt, tz);
	return out;
}

/**
 * An order on the wire. `payments` is an object keyed by payment id in GET orders and orders/{id},
 * and an array in create/edit responses and history snapshots (docs/retailcrm-api.md#answers-and-errors).
 */
export function renderOrder(store: StateStore, o: Order, paymentsShape: 'keyed' | 'array'): Record<string, unknown> {
	const tz = store.state.config.timezone;
	const { customerId, items, payments, ...rest } = o;
	const out: Record<string, unknown> = {
		...rest,
		// A hostile state's unreadable date is sent as it is.
		createdAt: Number.isNaN(Date.parse(o.createdAt)) ? o.createdAt : toLocal(o.createdAt, tz),
		statusUpdatedAt: toLocal(o.statusUpdatedAt, tz),
	};
	if (customerId !== undefined) {
		const c = store.customer(customerId);
		if (c) out.customer = renderCustomer(store, c);
	}
	// A hand-written hostile state (test/hostile) may hold anything in items and payments: what is not a list of
	// line objects is rendered as it is (a keyed object line by line), not repaired.
	const renderItem = (it: OrderItem): unknown => {
		if (it === null || typeof it !== 'object') return it;
		const numeric = [it.initialPrice, it.discountTotal, it.quantity].every((v) => typeof v === 'number');
		const item: Record<string, unknown> = { ...it, ...(numeric ? { prices: [{ price: it.initialPrice - it.discountTotal, quantity: it.quantity }] } : {}) };
		if (it.offer?.id !== undefined) {
			// The item shows the offer as it is now (an ICML import may have set its externalId since).
			const current = store.offerById(it.offer.id);
			if (current) item.offer = { ...it.offer, externalId: current.externalId, xmlId: current.xmlId, name: current.name, unit: current.unit ?? it.offer.unit };
		}
		return item;
	};
	const lines = items as unknown;
	if (Array.isArray(lines)) out.items = lines.map(renderItem);
	else if (lines !== null && typeof lines === 'object') out.items = Object.fromEntries(Object.entries(lines).map(([k, it]) => [k, renderItem(it as OrderItem)]));
	else out.items = lines;
	if (!Array.isArray(payments)) {
		out.payments = payments;
		return out;
	}
	if (paymentsShape === 'keyed') {
		const keyed: Record<string, unknown> = {};
		for (const p of payments) keyed[String(p.id)] = renderPayment(p, tz);
		out.payments = keyed;
	} else {
		out.payments = payments.map((p) => renderPayment(p, tz));
	}
	return out;
}

export function renderCustomer(store: StateStore, c: Customer): Record<string, unknown> {
	return { ...c, createdAt: toLocal(c.createdAt, store.state.config.timezone) };
}

export function renderHistory(store: StateStore, r: HistoryRecord, readerLabel: string): Record<string, unknown> {
	const tz = store.state.config.timezone;
	const out: Record<string, unknown> = { id: r.id, createdAt: toLocal(r.createdAt, tz) };
	if (r.created) out.created = true;
	if (r.deleted) out.deleted = true;
	out.source = r.source;
	if (r.source === 'user') out.user = { id: r.userId ?? 1 };
	if (r.source === 'api') out.apiKey = { current: r.apiKeyLabel === readerLabel };
	out.field = r.field;
	out.oldValue = r.oldValue;
	out.newValue = r.newValue;
	if (r.item !== undefined) out.item = r.item;
	if (r.payment !== undefined) out.payment = r.payment;
	if (r.snapshot) {
		out.order = renderOrder(store, r.snapshot, 'array');
	} else {
		const o = store.order(r.orderId);
		const stub: Record<string, unknown> = { id: r.orderId };
		if (o?.externalId) stub.externalId = o.externalId;
		if (o?.managerId !== undefined) stub.managerId = o.managerId;
		if (o) {
			stub.site = o.site;
			stub.status = o.status;
		} else if (r.site) stub.site = r.site;
		out.order = stub;
	}
	return out;
}

export function offerQuantity(o: Offer): number {
	const stocks = Object.values(o.stocks);
	if (stocks.length === 0) return o.icmlQuantity ?? 0;
	return stocks.reduce((s, x) => s + x.available, 0);
}

export function renderOfferPrices(store: StateStore, o: Offer): { priceType: string; price: number; ordering: number }[] {
	return store.state.priceTypes.filter((pt) => o.prices[pt.code] !== undefined).map((pt) => ({ priceType: pt.code, price: o.prices[pt.code], ordering: pt.ordering }));
}

function defaultPriceCode(store: StateStore): string | undefined {
	return store.state.priceTypes.find((p) => p.default)?.code;
}

export function renderOffer(store: StateStore, o: Offer, withProduct: boolean): Record<string, unknown> {
	const base = defaultPriceCode(store);
	const out: Record<string, unknown> = {
		id: o.id,
		externalId: o.externalId,
		xmlId: o.xmlId,
		name: o.name,
		article: o.article,
		price: base ? o.prices[base] : undefined,
		prices: renderOfferPrices(store, o),
		purchasePrice: o.purchasePrice,
		vatRate: o.vatRate,
		quantity: offerQuantity(o),
		weight: o.weight,
		active: o.active,
		unit: o.unit,
		barcode: o.barcode,
		images: [],
		properties: { ...o.properties },
		site: o.site,
	};
	if (withProduct) {
		const p = store.product(o.productId);
		if (p) out.product = renderProduct(store, p, false);
	}
	return out;
}

export function renderProduct(store: StateStore, p: Product, withOffers: boolean): Record<string, unknown> {
	const tz = store.state.config.timezone;
	const base = defaultPriceCode(store);
	const offers = store.offersOfProduct(p.id);
	const prices = offers.map((o) => (base ? o.prices[base] : undefined)).filter((x): x is number => x !== undefined);
	const groups = p.groupIds.map((id) => store.state.productGroups.find((g) => g.id === id)).filter((g) => g !== undefined);
	const out: Record<string, unknown> = {
		id: p.id,
		externalId: p.externalId,
		article: p.article,
		name: p.name,
		type: p.type,
		url: p.url,
		imageUrl: p.imageUrl,
		manufacturer: p.manufacturer,
		active: p.active,
		markable: p.markable,
		quantity: offers.reduce((s, o) => s + offerQuantity(o), 0),
		minPrice: prices.length ? Math.min(...prices) : 0,
		maxPrice: prices.length ? Math.max(...prices) : 0,
		catalogId: store.state.sites[p.site]?.catalogId,
		site: p.site,
		createdAt: toLocal(p.createdAt, tz),
		updatedAt: toLocal(p.updatedAt, tz),
		groups: groups.map((g) => ({ id: g!.id, externalId: g!.externalId })),
		properties: {},
	};
	if (withOffers) out.offers = offers.map((o) => renderOffer(store, o, false));
	return out;
}
