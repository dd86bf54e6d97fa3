import type { Rec } from '../filter/evaluator';
import { EMPTY_GUID } from '../model';
import { postDocument, unpostDocument } from '../posting';
import type { Sandbox } from '../sandbox';
import { patchEntity, createEntity } from '../writes';
import { BANK_SET, CARD_SET, CASH_SET, ORDER_SET, SHIPMENT_SET, filled, round2, round3, rows, storageQuantity, typeOf, vatPercent } from './common';
import { remainingByLine } from './shipment';

/**
 * Control API for what 1C users do after an order arrives (`/__sandbox/…`, see README): ship it, take a payment,
 * cancel it. Documents go through the same write and posting code as OData writes (numbering, ПередЗаписью,
 * ОбработкаПроведения), as a 1C user entering them "based on" the order (ввод на основании) would produce.
 */
export interface ProgressReply {
	status: number;
	body: unknown;
}

/** An order: its Ref_Key, or `{ref}`, `{number}` (1C number), `{key}` / `{keys}` (НомерВходящегоДокументаЭлектронногоОбмена). */
export type OrderSelector = string | { ref?: string; number?: string; key?: string; keys?: string[] };

const trimmed = (v: unknown): string => String(v ?? '').replace(/\s+$/, '');

export function findOrder(sb: Sandbox, selector: unknown): Rec {
	const all = sb.store.rows(ORDER_SET).filter((d) => d.DeletionMark !== true || typeof selector === 'string');
	const s = (typeof selector === 'string' ? { ref: selector } : (selector ?? {})) as Exclude<OrderSelector, string>;
	const keys = [...(s.keys ?? []), ...(s.key ? [s.key] : [])];
	const found = s.ref
		? sb.store.get(ORDER_SET, s.ref.toLowerCase())
		: s.number
			? all.find((d) => trimmed(d.Number) === s.number)
			: keys.length
				? keys.map((k) => all.find((d) => trimmed(d.НомерВходящегоДокументаЭлектронногоОбмена) === k)).find(Boolean)
				: undefined;
	if (!found) throw Object.assign(new Error(`order not found: ${JSON.stringify(selector)}`), { status: 404 });
	return found;
}

function splitVat(doc: Rec, sum: number, rate: unknown): number {
	if (doc.УчитыватьНДС !== true) return 0;
	const r = vatPercent(rate);
	// УчетНДС.РассчитатьСуммуНДС: included → Сумма − 100·Сумма/(100+r); on top → Сумма·r/100.
	return round2(doc.СуммаВключаетНДС === true ? sum - (100 * sum) / (100 + r) : (sum * r) / 100);
}

/** A row of the order cut to `quantity` (in the row's unit), with sums recomputed as UT's РассчитатьСуммуТабЧасти does. */
function cutRow(order: Rec, row: Rec, quantity: number): Rec {
	const price = Number(row.Цена ?? 0);
	const discount = Number(row.ПроцентСкидкиНаценки ?? 0) + Number(row.ПроцентАвтоматическихСкидок ?? 0);
	const sum = round2(price * quantity - (price * quantity * discount) / 100);
	return { ...row, Количество: quantity, Сумма: sum, СуммаНДС: splitVat(order, sum, row.СтавкаНДС) };
}

const GOODS_COLUMNS = ['Номенклатура_Key', 'ХарактеристикаНоменклатуры_Key', 'СерияНоменклатуры_Key', 'ЕдиницаИзмерения_Key', 'Коэффициент', 'Количество', 'Цена', 'Сумма', 'СтавкаНДС', 'СуммаНДС', 'ПроцентСкидкиНаценки', 'ПроцентАвтоматическихСкидок'];
const pick = (row: Rec, columns: string[]): Rec => Object.fromEntries(columns.filter((c) => row[c] !== undefined).map((c) => [c, row[c]]));

/**
 * `POST shipments` — body `{order, lines?: [{Номенклатура_Key, ХарактеристикаНоменклатуры_Key?, Количество}], date?, post?, operational?}`.
 * Without `lines` everything the order has left is shipped (services in full, once).
 */
export function createShipment(sb: Sandbox, body: Rec): Rec {
	const order = findOrder(sb, body.order);
	const left = remainingByLine(sb, String(order.Ref_Key));
	const wanted = Array.isArray(body.lines) ? (body.lines as Rec[]) : undefined;
	const keyOf = (r: Rec) => `${String(r.Номенклатура_Key)}|${String(r.ХарактеристикаНоменклатуры_Key ?? EMPTY_GUID)}`;
	const warehouse = order.СкладГруппа_Type === typeOf('Catalog_Склады') && filled(order.СкладГруппа) ? order.СкладГруппа : undefined;
	const goods: Rec[] = [];
	for (const row of rows(order, 'Товары')) {
		const line = wanted ? wanted.find((w) => keyOf(w) === keyOf(row)) : undefined;
		if (wanted && !line) continue;
		const perUnit = storageQuantity(sb, { ...row, Количество: 1 }) || 1;
		const remaining = round3((left.get(keyOf(row)) ?? storageQuantity(sb, row)) / perUnit);
		const quantity = line ? Number(line.Количество) : remaining;
		if (!(quantity > 0)) continue;
		const placed = row.Размещение_Type === typeOf('Catalog_Склады') && filled(row.Размещение);
		goods.push({
			...pick(cutRow(order, row, quantity), GOODS_COLUMNS),
			Склад_Key: placed ? row.Размещение : warehouse,
			// Reserved rows are shipped from the reserve (СпособСписанияОстаткаТоваров), the others from free stock.
			СпособСписанияОстаткаТоваров: placed ? 'ИзРезерва' : 'СоСклада',
			ЗаказПокупателя_Key: order.Ref_Key,
		});
	}
	const services = wanted
		? []
		: rows(order, 'Услуги')
				.filter((row) => (left.get(keyOf(row)) ?? Number(row.Количество)) > 0)
				.map((row) => ({ ...pick(row, ['Номенклатура_Key', 'Содержание', 'Количество', 'Цена', 'Сумма', 'СтавкаНДС', 'СуммаНДС', 'ПроцентСкидкиНаценки']), ЗаказПокупателя_Key: order.Ref_Key }));
	if (goods.length === 0 && services.length === 0) throw Object.assign(new Error('nothing left to ship on this order'), { status: 400 });
	const doc = {
		Date: body.date ?? undefined,
		Number: body.number ?? undefined,
		ВидОперации: 'ПродажаКомиссия',
		ВидПередачи: 'СоСклада',
		Организация_Key: order.Организация_Key,
		Контрагент_Key: order.Контрагент_Key,
		ДоговорКонтрагента_Key: order.ДоговорКонтрагента_Key,
		ВалютаДокумента_Key: order.ВалютаДокумента_Key,
		КурсВзаиморасчетов: order.КурсВзаиморасчетов,
		КратностьВзаиморасчетов: order.КратностьВзаиморасчетов,
		ТипЦен_Key: order.ТипЦен_Key,
		Склад_Key: warehouse,
		Сделка: order.Ref_Key,
		Сделка_Type: typeOf(ORDER_SET),
		СуммаВключаетНДС: order.СуммаВключаетНДС,
		УчитыватьНДС: order.УчитыватьНДС,
		ОтражатьВУправленческомУчете: true,
		Ответственный_Key: order.Ответственный_Key,
		Комментарий: `Отгрузка по заказу ${trimmed(order.Number)}`,
		Товары: goods.map((r, i) => ({ LineNumber: i + 1, ...r })),
		Услуги: services.map((r, i) => ({ LineNumber: i + 1, ...r })),
	};
	return writeAndPost(sb, SHIPMENT_SET, doc, body);
}

const PAYMENT_SETS: Record<string, string> = { cash: CASH_SET, bank: BANK_SET, card: CARD_SET };

/** `POST payments` — body `{order, kind?: 'cash'|'bank'|'card', amount?, date?, post?}`; amount defaults to what is left to pay. */
export function createPayment(sb: Sandbox, body: Rec): Rec {
	const order = findOrder(sb, body.order);
	const set = PAYMENT_SETS[String(body.kind ?? 'cash')];
	if (!set) throw Object.assign(new Error(`kind must be cash, bank or card, got ${String(body.kind)}`), { status: 400 });
	const amount = body.amount !== undefined ? Number(body.amount) : leftToPay(sb, String(order.Ref_Key));
	if (!(amount > 0)) throw Object.assign(new Error('nothing left to pay on this order'), { status: 400 });
	const row = {
		LineNumber: 1,
		ДоговорКонтрагента_Key: order.ДоговорКонтрагента_Key,
		Сделка: order.Ref_Key,
		Сделка_Type: typeOf(ORDER_SET),
		СуммаПлатежа: amount,
		СуммаВзаиморасчетов: amount,
		КурсВзаиморасчетов: 1,
		КратностьВзаиморасчетов: '1', // Int64: a string, as a real base needs it
	};
	const header: Rec = {
		Date: body.date ?? undefined,
		ВидОперации: 'ОплатаПокупателя',
		Организация_Key: order.Организация_Key,
		ВалютаДокумента_Key: order.ВалютаДокумента_Key,
		ДокументОснование: order.Ref_Key,
		ДокументОснование_Type: typeOf(ORDER_SET),
		Комментарий: `Оплата по заказу ${trimmed(order.Number)}`,
		РасшифровкаПлатежа: [row],
	};
	if (set === CASH_SET) Object.assign(header, { Контрагент: order.Контрагент_Key, Контрагент_Type: typeOf('Catalog_Контрагенты'), ДоговорКонтрагента_Key: order.ДоговорКонтрагента_Key, Оплачено: true, ОтраженоВОперУчете: true, ОтражатьВУправленческомУчете: true });
	if (set === BANK_SET) Object.assign(header, { Контрагент_Key: order.Контрагент_Key, ДоговорКонтрагента_Key: order.ДоговорКонтрагента_Key, Оплачено: true, ОтраженоВОперУчете: true });
	if (set === CARD_SET) Object.assign(header, { Контрагент_Key: order.Контрагент_Key, ОтражатьВУправленческомУчете: true });
	return writeAndPost(sb, set, header, body);
}

/** The order's РасчетыСКонтрагентами balance (its total, less what payments settled). */
export function leftToPay(sb: Sandbox, order: string): number {
	let left = 0;
	for (const r of sb.store.rows('AccumulationRegister_РасчетыСКонтрагентами_RecordType')) {
		if (r.Сделка !== order || r.Active === false) continue;
		left += (r.RecordType === 'Expense' ? -1 : 1) * Number(r.СуммаВзаиморасчетов ?? 0);
	}
	return round2(left);
}

function writeAndPost(sb: Sandbox, set: string, doc: Rec, body: Rec): Rec {
	const def = sb.store.model.sets.get(set)!;
	const clean = Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
	const rec = createEntity(sb, def, JSON.stringify(clean), {});
	if (body.post !== false) postDocument(sb, def, rec, body.operational === true);
	const stored = sb.store.get(set, String(rec.Ref_Key))!;
	return { ref: stored.Ref_Key, number: trimmed(stored.Number), date: stored.Date, posted: stored.Posted, total: stored.СуммаДокумента };
}

/** `POST cancel` — body `{order, how?: 'deletionMark' | 'unpost'}`: what a 1C user does to a cancelled order. */
export function cancelOrder(sb: Sandbox, body: Rec): Rec {
	const order = findOrder(sb, body.order);
	const def = sb.store.model.sets.get(ORDER_SET)!;
	if (body.how === 'unpost') unpostDocument(sb, def, order);
	else patchEntity(sb, def, order, JSON.stringify({ DeletionMark: true }), {});
	const stored = sb.store.get(ORDER_SET, String(order.Ref_Key))!;
	return { ref: stored.Ref_Key, number: trimmed(stored.Number), posted: stored.Posted, deletionMark: stored.DeletionMark };
}

/**
 * The retailCRM seed orders 5488/5489/5490 (CRM ids 101/102/103 in the retailCRM sandbox) as documents written
 * by the order flow: the key is `crm#<id>`, `<site>#<id>`, or — written by release 0.1 — the number or `<site>:<number>`.
 */
export const SEED_ORDER_KEYS: Record<'5488' | '5489' | '5490', string[]> = {
	'5488': ['crm#101', 'test-crm10#101', '5488', 'test-crm10:5488'],
	'5489': ['crm#102', 'test-crm10#102', '5489', 'test-crm10:5489'],
	'5490': ['crm#103', 'test-crm10#103', '5490', 'test-crm10:5490'],
};

/**
 * `POST scenarios/order-progress` — the demo's story after the order flow loaded the seed orders: 5488 shipped in full
 * and paid in cash, 5489 shipped in part (2 of its 4 jeans), 5490 cancelled (deletion mark, which unposts it).
 */
export function orderProgressScenario(sb: Sandbox, body: Rec): Rec {
	const date = body.date as string | undefined;
	const full = findOrder(sb, { keys: SEED_ORDER_KEYS['5488'] });
	const part = findOrder(sb, { keys: SEED_ORDER_KEYS['5489'] });
	const cancelled = findOrder(sb, { keys: SEED_ORDER_KEYS['5490'] });
	const firstLine = rows(part, 'Товары')[0];
	return {
		'5488': { shipment: createShipment(sb, { order: full.Ref_Key, date }), payment: createPayment(sb, { order: full.Ref_Key, kind: 'cash', date }) },
		'5489': {
			shipment: createShipment(sb, {
				order: part.Ref_Key,
				date,
				lines: [{ Номенклатура_Key: firstLine.Номенклатура_Key, ХарактеристикаНоменклатуры_Key: firstLine.ХарактеристикаНоменклатуры_Key, Количество: Math.max(1, Math.floor(Number(firstLine.Количество) / 2)) }],
			}),
		},
		'5490': { cancelled: cancelOrder(sb, { order: cancelled.Ref_Key }) },
	};
}

export function handleProgressControl(sb: Sandbox, method: string, action: string, body: Rec): ProgressReply | undefined {
	const run = (fn: () => unknown): ProgressReply => {
		try {
			return { status: 201, body: fn() };
		} catch (error) {
			const e = error as Error & { status?: number; code?: string };
			// A posting refusal (ODataError 500 -1) or a bad selector: the caller sees why, nothing half-written stays posted.
			return { status: e.status && e.status < 500 ? e.status : 409, body: { error: e.message } };
		}
	};
	if (method !== 'POST') return undefined;
	switch (action) {
		case 'shipments':
			return run(() => createShipment(sb, body));
		case 'payments':
			return run(() => createPayment(sb, body));
		case 'cancel':
			return run(() => cancelOrder(sb, body));
		case 'scenarios/order-progress':
			return run(() => orderProgressScenario(sb, body));
		default:
			return undefined;
	}
}
