/**
 * The chaos suite's order world (README "Reliability", test/chaos/templates.chaos.ts): a shop's weeks of orders in the
 * retailCRM sandbox — buyers arriving over time (every fourth a company with ИНН/КПП), orders created, moved into the trigger status by a
 * manager (or created in it), edited, moved on, cancelled, brought back, deleted — generated from a seed, and what the
 * 1C side must look like once the backlog is drained, checked from both sandboxes.
 *
 * What each order should end as (`wanted`): never in a trigger status → no 1C document at all; in a trigger status at
 * some point and not cancelled or deleted now → exactly one live posted document whose total is the CRM total, linked
 * back; cancelled or deleted after that → no posted document (its document released); an order with a line 1C cannot
 * match ("poison") → nothing written, quarantined after Max Attempts.
 */
import { SEED_IDS } from '../../../test/sandboxes/onec/fixtures/seed';
import type { OneCSandbox } from '../../../test/sandboxes/onec/server';
import { int, pick, prng } from '../../../test/sandboxes/retailcrm/fixtures/prng';
import { SITE_CODE, TRIGGER_STATUS, type RetailCrmSandbox } from '../../../test/sandboxes/retailcrm/server';

export type Wanted = 'none' | 'posted' | 'released' | 'quarantined';

export const CANCEL_STATUS = 'cancel-other';
const LATER_STATUSES = ['assembling', 'send-to-delivery', 'complete'];
const DOCS = 'Document_ЗаказПокупателя';
const CONTACTS = 'InformationRegister_КонтактнаяИнформация';
const COUNTERPARTIES = 'Catalog_Контрагенты';

/** CRM offers of the world: the seed's jeans (ids 1, 2) and three more, with the 1C keys the catalog flow gives them. */
const OFFERS: Array<{ id: number; externalId: string; name: string; price: number }> = [
	{ id: 1, externalId: SEED_IDS.items.jeans48, name: 'Джинсы Элегантность (48)', price: 300 },
	{ id: 2, externalId: SEED_IDS.items.jeans50, name: 'Джинсы Элегантность (50)', price: 300 },
	{ id: 3, externalId: `${SEED_IDS.items.tshirt}#${SEED_IDS.characteristics.whiteM}`, name: 'Футболка базовая (Белый, M)', price: 450 },
	{ id: 4, externalId: `${SEED_IDS.items.tshirt}#${SEED_IDS.characteristics.blackM}`, name: 'Футболка базовая (Черный, M)', price: 450 },
	{ id: 5, externalId: SEED_IDS.items.socks, name: 'Носки хлопковые', price: 120 },
];
/** An offer whose 1C item does not exist: an order with it can never be written (a poison order). */
const POISON_OFFER = { id: 6, externalId: '00000000-0000-4000-8000-00000000dead', name: 'Товар, которого нет в 1С', price: 999 };

export interface WorldOptions {
	seed: number;
	orders: number;
	buyers: number;
	/** Orders arrive in this many waves (a run or two after each). */
	waves: number;
	/** Orders with a line 1C cannot match. */
	poisonOrders: number;
}

interface Buyer {
	customerId: number;
	company?: { inn: string; kpp: string; legalName: string };
}

interface WorldOrder {
	id: number;
	number: string;
	buyer: Buyer;
	wanted: Wanted;
	deleted: boolean;
	poison: boolean;
}

export interface WaveReport {
	wave: number;
	newBuyers: number;
	newOrders: number;
	intoTrigger: number;
	edits: number;
	cancellations: number;
	movedOn: number;
	backToTrigger: number;
	deletions: number;
}

/**
 * A shop's own API call (a site module, with the site key). retailCRM's per-key rate limit applies to it too: a 503 or
 * 429 "Rate limit exceeded" is waited out and sent again (bounded).
 */
async function crmPost(crm: RetailCrmSandbox, path: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
	const body = new URLSearchParams();
	for (const [k, v] of Object.entries(fields)) body.append(k, typeof v === 'string' ? v : JSON.stringify(v));
	for (let attempt = 1; ; attempt++) {
		const response = await fetch(`${crm.url}/api/v5/${path}`, {
			method: 'POST',
			headers: { 'X-API-KEY': crm.keys.site, 'Content-Type': 'application/x-www-form-urlencoded' },
			body: body.toString(),
		});
		const json = (await response.json()) as Record<string, unknown>;
		if ((response.status === 503 || response.status === 429) && attempt < 10) {
			await new Promise((r) => setTimeout(r, 1100));
			continue;
		}
		if (!response.ok || json.success !== true) throw new Error(`retailCRM sandbox ${path} answered ${response.status}: ${JSON.stringify(json).slice(0, 400)}`);
		return json;
	}
}

const FIRST = ['Анна', 'Иван', 'Мария', 'Олег', 'Елена', 'Сергей', 'Ольга', 'Дмитрий'];
const LAST = ['Орлова', 'Кузнецов', 'Попова', 'Соколов', 'Лебедева', 'Новиков', 'Морозова', 'Волков'];

export class OrdersWorld {
	readonly rand: () => number;
	readonly orders: WorldOrder[] = [];
	private readonly buyers: Buyer[] = [];
	private nextNumber = 30000;
	private wave = 0;

	constructor(
		readonly crm: RetailCrmSandbox,
		readonly onec: OneCSandbox,
		readonly options: WorldOptions,
	) {
		this.rand = prng(options.seed);
	}

	/** The CRM offers carry their 1C keys (what the catalog flow sets). Call once after a reset. */
	prepare(): void {
		const { crm } = this;
		const template = crm.state.offers[0];
		for (const o of [...OFFERS, POISON_OFFER]) {
			const held = crm.state.offers.find((x) => x.id === o.id);
			if (held) held.externalId = o.externalId;
			else crm.state.offers.push({ ...template, id: o.id, name: o.name, externalId: o.externalId, prices: { base: o.price }, stocks: { main: { available: 1000, purchasePrice: 100 } }, properties: {} });
		}
		crm.reindex();
	}

	get wavesLeft(): number {
		return this.options.waves - this.wave;
	}

	/** One wave of shop activity: new buyers and orders, and what managers do with the earlier ones. */
	async nextWave(): Promise<WaveReport> {
		const { rand, options } = this;
		this.wave++;
		const report: WaveReport = { wave: this.wave, newBuyers: 0, newOrders: 0, intoTrigger: 0, edits: 0, cancellations: 0, movedOn: 0, backToTrigger: 0, deletions: 0 };
		const buyersBy = Math.round((options.buyers * this.wave) / options.waves);
		while (this.buyers.length < buyersBy) {
			this.buyers.push(await this.newBuyer(this.buyers.length));
			report.newBuyers++;
		}
		const ordersBy = Math.round((options.orders * this.wave) / options.waves);
		const poisonBy = Math.round((options.poisonOrders * this.wave) / options.waves);
		const fresh: WorldOrder[] = [];
		while (this.orders.length < ordersBy) {
			// New buyers of this wave place their first orders now (two runs at once then race to create them in 1C).
			const recent = this.buyers.slice(-Math.max(1, report.newBuyers));
			const buyer = rand() < 0.4 ? pick(rand, recent) : pick(rand, this.buyers);
			const poison = this.orders.filter((o) => o.poison).length < poisonBy;
			const order = await this.newOrder(buyer, poison);
			fresh.push(order);
			report.newOrders++;
		}
		// Earlier orders: edits, cancellations, moving on, coming back, deletions.
		const earlier = this.orders.filter((o) => !fresh.includes(o) && !o.deleted && !o.poison);
		for (const order of earlier) {
			const roll = rand();
			const status = this.status(order.id);
			if (roll < 0.12) {
				await this.edit(order);
				report.edits++;
			} else if (roll < 0.17 && status !== CANCEL_STATUS) {
				this.crm.setStatus(order.id, CANCEL_STATUS);
				if (order.wanted === 'posted') order.wanted = 'released';
				report.cancellations++;
			} else if (roll < 0.27 && order.wanted === 'posted') {
				this.crm.setStatus(order.id, pick(rand, LATER_STATUSES));
				report.movedOn++;
			} else if (roll < 0.3 && status === CANCEL_STATUS) {
				this.crm.setStatus(order.id, TRIGGER_STATUS);
				order.wanted = 'posted';
				report.backToTrigger++;
			} else if (roll < 0.31) {
				this.crm.deleteOrder(order.id);
				order.deleted = true;
				if (order.wanted === 'posted') order.wanted = 'released';
				report.deletions++;
			}
		}
		// Managers move most new orders into the trigger status (some were created in it).
		for (const order of fresh) {
			if (order.wanted === 'posted' || order.wanted === 'quarantined') continue;
			if (rand() < 0.9) {
				this.crm.setStatus(order.id, TRIGGER_STATUS);
				order.wanted = 'posted';
				report.intoTrigger++;
			}
		}
		return report;
	}

	private status(id: number): string {
		return this.crm.state.orders.find((o) => o.id === id)?.status ?? '';
	}

	private async newBuyer(index: number): Promise<Buyer> {
		const { rand } = this;
		const company = index % 4 === 3;
		const inn = String(7700000000 + ((index * 7919 + this.options.seed) % 99_999_999)).slice(0, 10);
		const customer: Record<string, unknown> = {
			firstName: pick(rand, FIRST),
			lastName: `${pick(rand, LAST)}-${index}`,
			email: rand() < 0.8 ? `buyer${index}.${this.options.seed}@example.ru` : undefined,
			phones: [{ number: `+7916${String(1000000 + index).slice(-7)}` }],
		};
		if (company) customer.contragent = { contragentType: 'legal-entity', legalName: `ООО "Покупатель ${index}"`, INN: inn, KPP: '770101001' };
		const { id } = (await crmPost(this.crm, 'customers/create', { site: SITE_CODE, customer })) as { id: number };
		return { customerId: id, ...(company ? { company: { inn, kpp: '770101001', legalName: `ООО "Покупатель ${index}"` } } : {}) };
	}

	private lines(poison: boolean): Array<Record<string, unknown>> {
		const { rand } = this;
		const count = int(rand, 1, 3);
		const lines = Array.from({ length: count }, () => {
			const offer = pick(rand, OFFERS);
			return { offer: { id: offer.id }, quantity: int(rand, 1, 3), initialPrice: offer.price, ...(rand() < 0.25 ? { discountManualAmount: 20 } : {}) };
		});
		if (poison) lines.push({ offer: { id: POISON_OFFER.id }, quantity: 1, initialPrice: POISON_OFFER.price });
		return lines;
	}

	private async newOrder(buyer: Buyer, poison: boolean): Promise<WorldOrder> {
		const { rand } = this;
		this.nextNumber += int(rand, 1, 3);
		const number = String(this.nextNumber);
		const inTrigger = rand() < 0.25 || poison;
		const order: Record<string, unknown> = {
			number,
			status: inTrigger ? TRIGGER_STATUS : 'new',
			customer: { id: buyer.customerId },
			items: this.lines(poison),
			delivery: { cost: pick(rand, [0, 0, 250]) },
		};
		if (buyer.company) {
			order.orderType = 'eshop-legal';
			order.contragent = { contragentType: 'legal-entity', legalName: buyer.company.legalName, INN: buyer.company.inn, KPP: buyer.company.kpp };
		}
		const { id } = (await crmPost(this.crm, 'orders/create', { site: SITE_CODE, order })) as { id: number };
		const out: WorldOrder = { id, number, buyer, wanted: poison ? 'quarantined' : inTrigger ? 'posted' : 'none', deleted: false, poison };
		this.orders.push(out);
		return out;
	}

	private async edit(order: WorldOrder): Promise<void> {
		await crmPost(this.crm, `orders/${order.id}/edit`, { by: 'id', site: SITE_CODE, order: { items: this.lines(false), delivery: { cost: pick(this.rand, [0, 250]) } } });
	}

	/** What was asked of the 1C side, for the report. */
	tally(): Record<Wanted, number> {
		const out: Record<Wanted, number> = { none: 0, posted: 0, released: 0, quarantined: 0 };
		for (const o of this.orders) out[o.wanted]++;
		return out;
	}
}

type Row = Record<string, unknown>;
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The end state, read from both sandboxes and the orders workflow's saved state; every line returned is a broken
 * promise (empty: all held).
 */
export function ordersEndStateProblems(world: OrdersWorld, syncState: Record<string, unknown> | undefined): string[] {
	const { crm, onec } = world;
	const problems: string[] = [];
	const docs = (onec.state.store.rows(DOCS) as Row[]).filter((d) => d.Ref_Key !== SEED_IDS.orders.existing);
	const docsByKey = new Map<string, Row[]>();
	for (const d of docs) {
		const key = text(d['НомерВходящегоДокументаЭлектронногоОбмена']);
		docsByKey.set(key, [...(docsByKey.get(key) ?? []), d]);
	}
	const counterparties = new Map((onec.state.store.rows(COUNTERPARTIES) as Row[]).map((c) => [text(c.Ref_Key), c]));
	const liveCounterparty = (ref: string) => {
		const c = counterparties.get(ref);
		return c !== undefined && c.DeletionMark !== true && c.IsFolder !== true;
	};
	// retailCRM customer id → live counterparties linked to it (docs/orders-buyers-and-lines.md).
	const linked = new Map<string, Set<string>>();
	for (const r of onec.state.store.rows(CONTACTS) as Row[]) {
		const field = text(r['Поле1']);
		if (!field.startsWith('retailCRM:')) continue;
		const ref = text(r['Объект']);
		if (!liveCounterparty(ref)) continue;
		linked.set(field, new Set([...(linked.get(field) ?? []), ref]));
	}
	for (const [key, refs] of linked) if (refs.size > 1) problems.push(`counterparty: retailCRM customer ${key.slice('retailCRM:'.length)} has ${refs.size} live counterparties (${[...refs].join(', ')})`);
	const byInn = new Map<string, string[]>();
	for (const c of counterparties.values()) {
		if (c.DeletionMark === true || c.IsFolder === true || !text(c['ИНН'])) continue;
		const key = `${text(c['ИНН'])}/${text(c['КПП'])}`;
		byInn.set(key, [...(byInn.get(key) ?? []), text(c.Ref_Key)]);
	}
	for (const [key, refs] of byInn) if (refs.length > 1) problems.push(`counterparty: ИНН/КПП ${key} has ${refs.length} live counterparties`);

	const state = (syncState ?? {}) as { retry?: Record<string, unknown>; quarantine?: Record<string, unknown>; conflicts?: Record<string, unknown>; pending?: unknown };
	const quarantine = new Set(Object.keys(state.quarantine ?? {}).map(Number));
	const retry = Object.keys(state.retry ?? {}).map(Number);
	if (retry.length) problems.push(`retry list not drained: ${retry.slice(0, 20).join(', ')}${retry.length > 20 ? ` … (${retry.length})` : ''}`);
	const conflicts = Object.keys(state.conflicts ?? {});
	if (conflicts.length) problems.push(`conflicts listed (none were made): ${conflicts.slice(0, 20).join(', ')}`);

	for (const order of world.orders) {
		const all = docsByKey.get(`crm#${order.id}`) ?? [];
		const live = all.filter((d) => d.DeletionMark !== true);
		const crmOrder = crm.state.orders.find((o) => o.id === order.id);
		const label = `order ${order.number} (id ${order.id}, wanted ${order.wanted})`;
		if (order.wanted === 'quarantined') {
			if (!quarantine.has(order.id)) problems.push(`${label}: not in quarantine`);
			if (all.length) problems.push(`${label}: ${all.length} 1C documents written for an order that cannot be written`);
			continue;
		}
		if (quarantine.has(order.id)) problems.push(`${label}: quarantined`);
		if (order.wanted === 'none') {
			if (all.length) problems.push(`${label}: ${all.length} 1C documents for an order never in a trigger status`);
			continue;
		}
		if (order.wanted === 'released') {
			const posted = live.filter((d) => d.Posted === true);
			if (posted.length) problems.push(`${label}: ${posted.length} posted 1C documents for a cancelled or deleted order`);
			if (live.length > 1) problems.push(`${label}: ${live.length} live 1C documents`);
			continue;
		}
		if (live.length !== 1) {
			problems.push(`${label}: ${live.length} live 1C documents (${live.map((d) => text(d.Number)).join(', ')}), expected 1`);
			continue;
		}
		const [doc] = live;
		if (doc.Posted !== true) problems.push(`${label}: 1C document ${text(doc.Number)} not posted`);
		const total = crmOrder?.totalSumm;
		if (Number(doc['СуммаДокумента']) !== total) problems.push(`${label}: 1C total ${String(doc['СуммаДокумента'])}, CRM total ${String(total)}`);
		const link = crmOrder?.externalId ?? (crmOrder?.customFields?.onec_ref as string | undefined);
		if (link !== doc.Ref_Key) problems.push(`${label}: write-back link ${String(link)}, 1C Ref_Key ${String(doc.Ref_Key)}`);
		if (crmOrder?.customFields?.onec_number !== text(doc.Number)) problems.push(`${label}: write-back number ${String(crmOrder?.customFields?.onec_number)}, 1C ${text(doc.Number)}`);
		const counterparty = text(doc['Контрагент_Key']);
		if (!liveCounterparty(counterparty)) problems.push(`${label}: counterparty ${counterparty} of 1C document ${text(doc.Number)} is not live`);
		const mine = linked.get(`retailCRM:${order.buyer.customerId}`);
		if (mine && !mine.has(counterparty)) problems.push(`${label}: 1C document's counterparty ${counterparty} is not the buyer's (${[...mine].join(', ')})`);
		if (!mine) problems.push(`${label}: retailCRM customer ${order.buyer.customerId} is linked to no live counterparty`);
	}
	return problems;
}

/** Counts for the report: documents, counterparties, contact records written by the flow. */
export function oneCCounts(onec: OneCSandbox): { documents: number; liveDocuments: number; counterparties: number; liveCounterparties: number; customerLinks: number } {
	const docs = (onec.state.store.rows(DOCS) as Row[]).filter((d) => d.Ref_Key !== SEED_IDS.orders.existing);
	const seedCounterparties = new Set(Object.values(SEED_IDS.counterparties) as string[]);
	const cps = (onec.state.store.rows(COUNTERPARTIES) as Row[]).filter((c) => !seedCounterparties.has(text(c.Ref_Key)));
	return {
		documents: docs.length,
		liveDocuments: docs.filter((d) => d.DeletionMark !== true).length,
		counterparties: cps.length,
		liveCounterparties: cps.filter((c) => c.DeletionMark !== true).length,
		customerLinks: (onec.state.store.rows(CONTACTS) as Row[]).filter((r) => text(r['Поле1']).startsWith('retailCRM:')).length,
	};
}
