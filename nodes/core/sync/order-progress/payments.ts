import type { OneCClient } from '../../onec/client';
import { OneCODataError, passOn } from '../../onec/errors';
import { UT, odataTypeName } from '../../onec/model';
import { guidLiteral, type Literal } from '../../onec/query';

/**
 * Payments of customer orders, from the `РасчетыСКонтрагентами` register: a posted order writes a Receipt of its total
 * with `Сделка` = the order (rf-bessome/ut10_3_22_percent: src/Documents/ЗаказПокупателя/Ext/ObjectModule.bsl,
 * ДвиженияПоРасчетамСКонтрагентами); each payment settling it writes an Expense (src/CommonModules/
 * УправлениеДенежнымиСредствами/Ext/Module.bsl, ПровестиПоступлениеДенежныхСредствУпр; the card payment's own module).
 *
 * `Сделка` is a composite of 28 document types, so picking an order's records needs
 * `Сделка eq cast(guid'…','Document_ЗаказПокупателя')`, which platforms before 8.3.8.1652 refuse. `auto` tries that
 * once per OData root and, on a 400, falls back for good to the records of the orders' contracts
 * (`ДоговорКонтрагента_Key`, a plain reference), keeping those whose deal is one of the orders. The fallback reads
 * every record of those contracts — fine for a contract per buyer, heavy for one shared "retail buyer" contract.
 *
 * Requests: ⌈N / Gp⌉ record reads (Gp = 6 cast terms per 2,000-character URL; contract mode ⌈contracts / 7⌉) plus,
 * per payment document type present, ⌈payments of that type / 25⌉ document reads.
 */
const Records = UT.AccumulationRegister_РасчетыСКонтрагентами.records;
const ORDER_SET = UT.Document_ЗаказПокупателя.set;
const ORDER_TYPE = odataTypeName(ORDER_SET);

/** The standard header the three payment documents share (Ref_Key, Number string(11), Date, Posted). */
const { Ref_Key, Number: NumberSpec, Date: DateSpec, Posted } = UT.Document_ПриходныйКассовыйОрдер.specs;
const header = (set: string) => ({ set, specs: { Ref_Key, Number: NumberSpec, Date: DateSpec, Posted } });

/** The incoming-payment documents read for number and date, by their `_Type`. */
const PAYMENT_DOCUMENTS: Record<string, { entity: ReturnType<typeof header>; kind: PaymentKind }> = {
	[odataTypeName(UT.Document_ПриходныйКассовыйОрдер.set)]: { entity: header(UT.Document_ПриходныйКассовыйОрдер.set), kind: 'cash' },
	[odataTypeName(UT.Document_ПлатежноеПоручениеВходящее.set)]: { entity: header(UT.Document_ПлатежноеПоручениеВходящее.set), kind: 'bank' },
	[odataTypeName(UT.Document_ОплатаОтПокупателяПлатежнойКартой.set)]: { entity: header(UT.Document_ОплатаОтПокупателяПлатежнойКартой.set), kind: 'card' },
};

export type DealFilter = 'auto' | 'cast' | 'contract';
export type PaymentKind = 'cash' | 'bank' | 'card' | 'other';

export interface OrderPayment {
	/** Ref_Key of the payment document. */
	ref: string;
	/** Entity set of the document, e.g. `Document_ПриходныйКассовыйОрдер`. */
	document: string;
	kind: PaymentKind;
	/** '' for document types not read (kind `other`). */
	number: string;
	/** The document's date, or the movement's period for other types. */
	date: string | null;
	/** Settled amount in the contract's currency; negative for a refund. */
	amount: number;
}

export interface OrderPayments {
	/** The order's own receipt: its total in the contract's currency (0 when the order is not posted). */
	due: number;
	/** Sum of the payments' amounts. */
	paid: number;
	/** Oldest first. */
	payments: OrderPayment[];
}

const forms = new Map<string, Exclude<DealFilter, 'auto'>>();

/** Tests only: forget which deal filter each OData root accepted. */
export function forgetDealFilterForms(): void {
	forms.clear();
}

const SELECT = ['Recorder', 'Recorder_Type', 'Period', 'RecordType', 'Active', 'Сделка', 'Сделка_Type', 'СуммаВзаиморасчетов'] as const;
// Plain fields only: `$orderby` on the composite `Recorder` is unproven on real platforms (docs/1c-odata.md#queries-and-paging).
const ORDERBY = ['ДоговорКонтрагента_Key', 'Period', 'LineNumber'];

function castLiteral(ref: string): Literal {
	return { literal: `cast(${guidLiteral(ref)}, '${ORDER_SET}')` };
}

async function readRecords(client: OneCClient, orders: ReadonlyArray<{ ref: string; contract?: string | null }>, mode: DealFilter) {
	const refs = orders.map((o) => o.ref);
	const byContracts = async () => {
		const contracts = [...new Set(orders.map((o) => o.contract).filter((c): c is string => !!c))];
		return client.readWhereIn(Records, 'ДоговорКонтрагента_Key', contracts, { select: SELECT, orderby: ORDERBY });
	};
	const byCast = () => client.readWhereIn(Records, 'Сделка', refs.map(castLiteral), { select: SELECT, orderby: ORDERBY });
	const remembered = mode === 'auto' ? forms.get(client.rootUrl) : mode;
	if (remembered === 'contract') return byContracts();
	if (remembered === 'cast') return byCast();
	try {
		const rows = await byCast();
		forms.set(client.rootUrl, 'cast');
		return rows;
	} catch (error) {
		// An older platform's parser refuses cast() in $filter (a 400); any other error is not ours to hide.
		if (!(error instanceof OneCODataError) || error.status !== 400) throw passOn(error);
		forms.set(client.rootUrl, 'contract');
		return byContracts();
	}
}

/** Payments of each order (`orders[].contract` = the order's ДоговорКонтрагента, used by the fallback). */
export async function readPayments(
	client: OneCClient,
	orders: ReadonlyArray<{ ref: string; contract?: string | null }>,
	options: { dealFilter?: DealFilter } = {},
): Promise<Map<string, OrderPayments>> {
	const list = orders.map((o) => ({ ref: o.ref.toLowerCase(), contract: o.contract?.toLowerCase() ?? null }));
	const out = new Map<string, OrderPayments>(list.map((o) => [o.ref, { due: 0, paid: 0, payments: [] }]));
	if (list.length === 0) return out;
	const records = await readRecords(client, list, options.dealFilter ?? 'auto');
	/** order → payment document → {type, amount, period} */
	const found = new Map<string, Map<string, { type: string; amount: number; period: string | null }>>();
	for (const r of records) {
		const order = r.Сделка;
		const p = order && r.Сделка_Type === ORDER_TYPE ? out.get(order) : undefined;
		if (!p || !r.Active || !r.Recorder) continue;
		const sign = r.RecordType === 'Expense' ? -1 : 1;
		if (r.Recorder === order && r.Recorder_Type === ORDER_TYPE) {
			p.due += sign * r.СуммаВзаиморасчетов;
			continue;
		}
		const byDoc = found.get(order!) ?? new Map();
		const cur = byDoc.get(r.Recorder) ?? { type: r.Recorder_Type ?? '', amount: 0, period: r.Period };
		// An Expense settles the order (a payment); a Receipt from another document gives money back (a refund).
		cur.amount += -sign * r.СуммаВзаиморасчетов;
		byDoc.set(r.Recorder, cur);
		found.set(order!, byDoc);
	}
	const docsByType = new Map<string, Set<string>>();
	for (const byDoc of found.values()) for (const [ref, v] of byDoc) if (PAYMENT_DOCUMENTS[v.type]) docsByType.set(v.type, (docsByType.get(v.type) ?? new Set()).add(ref));
	const docs = new Map<string, { number: string; date: string | null; posted: boolean }>();
	// In a fixed order (cash, bank, card), whatever order the records came in.
	for (const type of Object.keys(PAYMENT_DOCUMENTS)) {
		const refs = docsByType.get(type);
		if (!refs) continue;
		const rows = await client.readWhereIn(PAYMENT_DOCUMENTS[type].entity, 'Ref_Key', [...refs], { select: ['Ref_Key', 'Number', 'Date', 'Posted'] });
		for (const d of rows) docs.set(d.Ref_Key, { number: d.Number, date: d.Date, posted: d.Posted });
	}
	for (const [order, byDoc] of found) {
		const p = out.get(order)!;
		for (const [ref, v] of byDoc) {
			const known = PAYMENT_DOCUMENTS[v.type];
			const doc = docs.get(ref);
			if (known && (!doc || !doc.posted)) continue; // unposted between the two reads
			const amount = Math.round(v.amount * 100) / 100;
			if (amount === 0) continue;
			p.payments.push({ ref, document: v.type.replace(/^StandardODATA\./, ''), kind: known?.kind ?? 'other', number: doc?.number ?? '', date: doc?.date ?? v.period, amount });
			p.paid += amount;
		}
		p.payments.sort((a, b) => String(a.date).localeCompare(String(b.date)) || a.ref.localeCompare(b.ref));
	}
	for (const p of out.values()) {
		p.due = Math.round(p.due * 100) / 100;
		p.paid = Math.round(p.paid * 100) / 100;
	}
	return out;
}
