/**
 * One retailCRM order against the 1C documents under its key, judged by what the orders flow promises
 * (docs/order-lifecycle.md): an order to be loaded or followed has one live, posted document equal to it; a cancelled
 * order's document is not posted. Pure: the reads are orders.ts's.
 */
import type { SyncIntent } from '../orders/convergence';
import { cancelledByUs } from '../orders/convergence';
import type { CrmOrderLike } from '../orders/crm-order';
import { activeItems } from '../orders/crm-order';
import type { Decimal } from '../orders/decimal';
import { add, cmp, dec, mul, sub, toNumber, ZERO } from '../orders/decimal';
import { crmLineTotal } from '../orders/line-amounts';
import { crmOrderTotal } from '../orders/totals';
import { VAT_ON_TOP_BOUNDS } from '../orders/vat-on-top-reconcile';
import { formatOfferKey, offerKey, tryParseOfferKey } from '../offer-key';
import type { Discrepancy, DiscrepancyKind } from './types';

type Row = Record<string, unknown>;

export interface DocumentSide {
	ref: string;
	number: string;
	date: string;
	total: number;
	posted: boolean;
	deletionMark: boolean;
	key: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export function documentSide(row: Row): DocumentSide {
	return {
		ref: text(row.Ref_Key),
		number: text(row.Number),
		date: text(row.Date),
		total: typeof row.СуммаДокумента === 'number' ? row.СуммаДокумента : Number(row.СуммаДокумента ?? 0),
		posted: row.Posted === true,
		deletionMark: row.DeletionMark === true,
		key: text(row.НомерВходящегоДокументаЭлектронногоОбмена),
	};
}

function crmSide(order: CrmOrderLike, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { id: order.id, number: String(order.number ?? ''), status: order.status ?? null, ...extra };
}

function subject(order: CrmOrderLike): string {
	return `retailCRM order ${String(order.number ?? order.id)}`;
}

function base(order: CrmOrderLike) {
	return { crmOrderId: order.id, crmOrderNumber: String(order.number ?? '') };
}

/** A warning about the order's one live 1C document. */
function aboutDocument(
	order: CrmOrderLike,
	winner: DocumentSide,
	kind: DiscrepancyKind,
	crm: Record<string, unknown>,
	oneC: Record<string, unknown>,
	fix: string,
): Discrepancy {
	return { kind, severity: 'warning', subject: subject(order), ...base(order), crm, oneC: { number: winner.number, ref: winner.ref, ...oneC }, documents: [winner.ref], fix };
}

const money = (d: Decimal): number => toNumber(d);

interface LineFigures {
	name: string;
	quantity: Decimal;
	amount: Decimal;
}

/** 1C row amount as the document total counts it: Сумма, plus СуммаНДС when VAT is kept and not included. */
function rowAmount(doc: Row, row: Row): Decimal {
	const sum = dec(Number(row.Сумма ?? 0));
	return doc.УчитыватьНДС === true && doc.СуммаВключаетНДС === false ? add(sum, dec(Number(row.СуммаНДС ?? 0))) : sum;
}

function rowKey(row: Row): string | undefined {
	const item = text(row.Номенклатура_Key);
	if (!item) return undefined;
	try {
		return offerKey(item, text(row.ХарактеристикаНоменклатуры_Key) || null);
	} catch {
		return undefined;
	}
}

const KOPECKS = (n: number): Decimal => ({ n: BigInt(n), s: 2 });

/**
 * With VAT on top of the sum (УчитыватьНДС on, СуммаВключаетНДС off) a row totals Сумма + СуммаНДС, and the orders
 * flow's kopeck reconciliation (orders/vat-on-top-reconcile.ts) makes the rows, not each line, add up to the CRM total:
 * one row's net moved by up to 3 kopecks, or a row's СуммаНДС ±1 kopeck. A line of such a document may therefore be
 * off its CRM amount by up to 3 kopecks of net plus 1 kopeck of VAT per 1C row under its key. Only when the document
 * total equals the order's: otherwise the rows do not add up and every difference is reported.
 */
function vatOnTopTolerance(order: CrmOrderLike, doc: Row): { perRow: Decimal; net: Decimal } | undefined {
	if (doc.УчитыватьНДС !== true || doc.СуммаВключаетНДС !== false) return undefined;
	const total = dec(typeof doc.СуммаДокумента === 'number' ? doc.СуммаДокумента : Number(doc.СуммаДокумента ?? 0));
	if (cmp(total, crmOrderTotal(order)) !== 0) return undefined;
	return { perRow: KOPECKS(VAT_ON_TOP_BOUNDS.vatKopecksPerRow), net: KOPECKS(VAT_ON_TOP_BOUNDS.netKopecks) };
}

const abs = (d: Decimal): Decimal => (cmp(d, ZERO) < 0 ? sub(ZERO, d) : d);

/**
 * Lines compared by offer key: a CRM line's offer carries the 1C key (`<item>` or `<item>#<characteristic>`) in its
 * external ID or XML ID, as the catalog flow writes it. Undefined when some line has no such key (matched by article
 * or code instead): then only the total is compared. Sums are compared to the kopeck, except the kopecks the flow
 * moves itself with VAT on top of the sum (`vatOnTopTolerance`).
 */
export function compareLines(order: CrmOrderLike, doc: Row): { differences: string[]; crm: Record<string, unknown>; oneC: Record<string, unknown> } | undefined {
	const expected = new Map<string, LineFigures>();
	for (const item of activeItems(order)) {
		const parsed = tryParseOfferKey(item.offer?.externalId) ?? tryParseOfferKey(item.offer?.xmlId);
		if (!parsed) return undefined;
		const key = formatOfferKey(parsed);
		const held = expected.get(key);
		const quantity = dec(item.quantity ?? 0);
		const amount = crmLineTotal(item);
		const name = String(item.offer?.name ?? item.productName ?? key);
		expected.set(key, held ? { name, quantity: add(held.quantity, quantity), amount: add(held.amount, amount) } : { name, quantity, amount });
	}
	const actual = new Map<string, { quantity: Decimal; amount: Decimal; goods: boolean; rows: number }>();
	for (const [section, goods] of [['Товары', true], ['Услуги', false]] as const) {
		const rows = Array.isArray(doc[section]) ? (doc[section] as Row[]) : [];
		for (const row of rows) {
			const key = rowKey(row);
			if (!key) continue;
			const held = actual.get(key);
			const quantity = dec(Number(row.Количество ?? 0));
			const amount = rowAmount(doc, row);
			actual.set(key, held ? { quantity: add(held.quantity, quantity), amount: add(held.amount, amount), goods: held.goods || goods, rows: held.rows + 1 } : { quantity, amount, goods, rows: 1 });
		}
	}
	const tolerance = vatOnTopTolerance(order, doc);
	const sumsDiffer = (got: Decimal, want: Decimal, rows: number): boolean => {
		const off = abs(sub(got, want));
		if (!tolerance) return cmp(off, ZERO) !== 0;
		return cmp(off, add(tolerance.net, mul(tolerance.perRow, dec(rows)))) > 0;
	};
	const differences: string[] = [];
	const crm: Record<string, unknown> = {};
	const oneC: Record<string, unknown> = {};
	for (const [key, line] of expected) {
		const got = actual.get(key);
		// Keyed by the line's name (the offer key only where no name is known): what a manager recognises.
		crm[line.name] = { quantity: toNumber(line.quantity), amount: money(line.amount) };
		if (!got) {
			differences.push(`"${line.name}" (${key}) is not in the 1C document`);
			oneC[line.name] = null;
			continue;
		}
		oneC[line.name] = { quantity: toNumber(got.quantity), amount: money(got.amount) };
		if (cmp(got.quantity, line.quantity) !== 0) differences.push(`"${line.name}": quantity ${toNumber(line.quantity)} in retailCRM, ${toNumber(got.quantity)} in 1C`);
		else if (sumsDiffer(got.amount, line.amount, got.rows)) differences.push(`"${line.name}": sum ${money(line.amount)} in retailCRM, ${money(got.amount)} in 1C`);
	}
	// Extra goods only: Услуги also hold the delivery row, which no CRM line names.
	for (const [key, got] of actual) {
		if (expected.has(key) || !got.goods) continue;
		differences.push(`1C has a line ${key} (quantity ${toNumber(got.quantity)}) that the retailCRM order does not`);
		crm[key] = null;
		oneC[key] = { quantity: toNumber(got.quantity), amount: money(got.amount) };
	}
	return { differences, crm, oneC };
}

export interface OrderComparison {
	discrepancies: Discrepancy[];
	/** Lines were not compared (offers without 1C keys). */
	linesSkipped: boolean;
}

/**
 * `live`: the order's live documents, the one the flow keeps first (existing-documents.ts `byWinnerOrder`);
 * `marked`: its deletion-marked ones. `intent`: `judgeOrder`'s, undefined when the order does not concern 1C.
 */
export function compareOrder(order: CrmOrderLike, intent: SyncIntent | undefined, live: readonly Row[], marked: readonly Row[]): OrderComparison {
	const out: Discrepancy[] = [];
	const result = { discrepancies: out, linesSkipped: false };
	if (intent === undefined) return result;
	const docs = live.map(documentSide);
	if (docs.length > 1) {
		const [keep, ...extra] = docs;
		out.push({
			kind: 'duplicateIn1C',
			severity: 'error',
			subject: subject(order),
			...base(order),
			crm: crmSide(order),
			oneC: { documents: docs.map((d) => ({ number: d.number, ref: d.ref, total: d.total, posted: d.posted })) },
			documents: docs.map((d) => d.ref),
			fix: `Keep 1C document ${keep.number} and mark ${extra.map((d) => d.number).join(', ')} for deletion (the orders workflow does it on the order's next change).`,
		});
	}
	const [winner] = docs;
	if (intent === 'cancel') {
		const posted = docs.filter((d) => d.posted);
		if (posted.length > 0) {
			out.push({
				kind: 'postedState',
				severity: 'error',
				subject: subject(order),
				...base(order),
				crm: crmSide(order, { cancelled: true }),
				oneC: { documents: posted.map((d) => ({ number: d.number, ref: d.ref, posted: true })) },
				documents: posted.map((d) => d.ref),
				fix: `The order is cancelled in retailCRM but 1C document ${posted.map((d) => d.number).join(', ')} is posted (goods reserved): unpost it, or change the order once so the orders workflow releases it.`,
			});
		}
		return result;
	}
	if (!winner) {
		const ours = marked.find((row) => cancelledByUs({ comment: text(row.Комментарий) }));
		// Released by the flow when the order was cancelled; it comes back only with a trigger status.
		if (intent === 'follow' && ours) return result;
		const markedSides = marked.map(documentSide);
		out.push({
			kind: 'missingIn1C',
			severity: 'error',
			subject: subject(order),
			...base(order),
			crm: crmSide(order, { total: money(crmOrderTotal(order)) }),
			oneC: markedSides.length ? { markedForDeletion: markedSides.map((d) => ({ number: d.number, ref: d.ref })) } : null,
			...(markedSides.length ? { documents: markedSides.map((d) => d.ref) } : {}),
			fix: markedSides.length
				? ours
					? 'The document was released when the order was cancelled; move the order into a trigger status again so the orders workflow restores it.'
					: `A 1C user marked document ${markedSides.map((d) => d.number).join(', ')} for deletion: unmark it in 1C, or settle the order by hand.`
				: 'Move the order into a trigger status again (or release it from quarantine): the orders workflow loads it.',
		});
		return result;
	}
	const winnerRow = live[0];
	if (cancelledByUs({ comment: text(winnerRow.Комментарий) }) && !winner.posted) {
		// Our own released document, left live (no deletion mark): the order is followed, not loaded: as promised.
		if (intent === 'follow') return result;
		out.push(
			aboutDocument(order, winner, 'postedState', crmSide(order), { posted: false, released: true }, 'The order is to be loaded but its 1C document is still released: change the order once so the orders workflow restores and posts it.'),
		);
		return result;
	}
	const expected = crmOrderTotal(order);
	const actual = dec(winner.total);
	if (cmp(sub(actual, expected), ZERO) !== 0) {
		out.push(
			aboutDocument(order, winner, 'totalDiffers', crmSide(order, { total: money(expected) }), { total: winner.total }, `Change the order in retailCRM (any field) so the orders workflow rewrites 1C document ${winner.number}; if it is already shipped, settle the difference by hand.`),
		);
	}
	const lines = compareLines(order, winnerRow);
	if (lines === undefined) result.linesSkipped = true;
	else if (lines.differences.length > 0) {
		out.push(
			aboutDocument(order, winner, 'linesDiffer', { ...crmSide(order), lines: lines.crm }, { lines: lines.oneC, differences: lines.differences }, `${lines.differences.join('; ')}. Change the order in retailCRM so the orders workflow rewrites the document; if it is shipped, correct it by hand.`),
		);
	}
	if (!winner.posted) {
		out.push(
			aboutDocument(order, winner, 'postedState', crmSide(order), { posted: false }, `1C document ${winner.number} is not posted: post it in 1C, or fix what 1C refuses (the orders workflow's retry list shows 1C's reason).`),
		);
	}
	return result;
}

/** A live 1C document whose retailCRM order no longer exists. */
export function orphanDocument(row: Row, reference: string): Discrepancy {
	const doc = documentSide(row);
	return {
		kind: 'orphanIn1C',
		severity: 'error',
		subject: `1C document ${doc.number}`,
		crm: null,
		oneC: { number: doc.number, ref: doc.ref, date: doc.date, key: doc.key, total: doc.total, posted: doc.posted },
		documents: [doc.ref],
		fix: `retailCRM has no order ${reference} any more: mark 1C document ${doc.number} for deletion (unpost it first if it reserves goods), or restore the order in retailCRM.`,
	};
}
