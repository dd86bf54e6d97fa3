/**
 * Owns the state object and the look-up indexes over it (offers by id/externalId/xmlId, orders by id…).
 * Indexes are rebuilt on reset and after catalog imports; call `reindex()` after mutating `state` by hand.
 */
import type { HistoryRecord, Offer, Order, Product, SandboxState, Customer, Counters } from './types';

function bucket<V>(outer: Map<string, Map<string, V>>, site: string): Map<string, V> {
	let inner = outer.get(site);
	if (!inner) {
		inner = new Map();
		outer.set(site, inner);
	}
	return inner;
}

export class StateStore {
	private offersById = new Map<number, Offer>();
	/** site → externalId → offer */
	private offersByExternalId = new Map<string, Map<string, Offer>>();
	/** site → xmlId → offers (an xmlId may be shared) */
	private offersByXmlId = new Map<string, Map<string, Offer[]>>();
	private offersByProduct = new Map<number, Offer[]>();
	private productsById = new Map<number, Product>();
	private ordersById = new Map<number, Order>();
	private customersById = new Map<number, Customer>();
	/** Told of every status change (the trigger emulation listens); kept across resets. */
	readonly statusListeners = new Set<(order: Order, status: string) => void>();

	constructor(
		public state: SandboxState,
		private readonly now: () => number,
	) {
		this.reindex();
	}

	replace(state: SandboxState): void {
		this.state = state;
		this.reindex();
	}

	reindex(): void {
		const s = this.state;
		this.offersById = new Map();
		this.offersByExternalId = new Map();
		this.offersByXmlId = new Map();
		this.offersByProduct = new Map();
		for (const o of s.offers) this.indexOffer(o);
		this.productsById = new Map(s.products.map((p) => [p.id, p]));
		this.ordersById = new Map(s.orders.map((o) => [o.id, o]));
		this.customersById = new Map(s.customers.map((c) => [c.id, c]));
	}

	private indexOffer(o: Offer): void {
		this.offersById.set(o.id, o);
		if (o.externalId) bucket(this.offersByExternalId, o.site).set(o.externalId, o);
		if (o.xmlId) {
			const bySite = bucket(this.offersByXmlId, o.site);
			const list = bySite.get(o.xmlId);
			if (list) list.push(o);
			else bySite.set(o.xmlId, [o]);
		}
		const byProduct = this.offersByProduct.get(o.productId);
		if (byProduct) byProduct.push(o);
		else this.offersByProduct.set(o.productId, [o]);
	}

	nextId(kind: keyof Counters): number {
		return ++this.state.counters[kind];
	}

	nowIso(): string {
		return new Date(this.now()).toISOString();
	}

	// ── look-ups ──────────────────────────────────────────────────────────
	offerById(id: number): Offer | undefined {
		return this.offersById.get(id);
	}
	offerByExternalId(site: string, externalId: string): Offer | undefined {
		return this.offersByExternalId.get(site)?.get(externalId);
	}
	offersByXml(site: string, xmlId: string): Offer[] {
		return this.offersByXmlId.get(site)?.get(xmlId) ?? [];
	}
	offersOfProduct(productId: number): Offer[] {
		return this.offersByProduct.get(productId) ?? [];
	}
	product(id: number): Product | undefined {
		return this.productsById.get(id);
	}
	order(id: number): Order | undefined {
		return this.ordersById.get(id);
	}
	customer(id: number): Customer | undefined {
		return this.customersById.get(id);
	}

	// ── mutations that keep indexes in step ─────────────────────────────
	addOrder(order: Order): void {
		this.state.orders.push(order);
		this.ordersById.set(order.id, order);
	}
	addCustomer(c: Customer): void {
		this.state.customers.push(c);
		this.customersById.set(c.id, c);
	}

	appendHistory(rec: Omit<HistoryRecord, 'id' | 'createdAt'> & { createdAt?: string }): HistoryRecord {
		const full: HistoryRecord = { id: this.nextId('history'), createdAt: rec.createdAt ?? this.nowIso(), ...rec } as HistoryRecord;
		this.state.history.push(full);
		return full;
	}

	statusChanged(order: Order, status: string): void {
		for (const listener of this.statusListeners) listener(order, status);
	}

	statusGroupOf(status: string): string | undefined {
		return this.state.statuses[status]?.group;
	}
}
