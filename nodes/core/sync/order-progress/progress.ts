import { shortHash } from '../../common/short-hash';
import { parseDocumentKey } from '../orders/document-key';
import type { FollowedOrder } from './followed-orders';
import type { OrderPayment, OrderPayments } from './payments';
import type { OrderMovements, ShipmentLine } from './shipments';

/**
 * What happened to one customer order in 1C, as Get Progress reports it, and its hash (what was last reported is
 * remembered per order, so an unchanged order is reported once).
 */
export type ProgressKind = 'cancelled' | 'unposted' | 'shippedAndPaid' | 'shipped' | 'partlyShipped' | 'paid' | 'partlyPaid';
/** Most decisive first: the retailCRM side picks the first kind that has a status mapped. */
export const PROGRESS_KINDS: readonly ProgressKind[] = ['cancelled', 'unposted', 'shippedAndPaid', 'shipped', 'partlyShipped', 'paid', 'partlyPaid'];

export type Extent = 'none' | 'partial' | 'full';

export interface ShipmentSummary {
	ref: string;
	number: string;
	date: string | null;
	/** This order's quantity in the shipment (storage units) and its amount. */
	quantity: number;
	amount: number;
	/** Per item and characteristic. */
	lines: ShipmentLine[];
}

export interface OrderProgress {
	/** The ЗаказПокупателя Ref_Key (also the CRM order's externalId when the order flow wrote it back). */
	ref: string;
	number: string;
	date: string | null;
	total: number;
	posted: boolean;
	deletionMark: boolean;
	/** НомерВходящегоДокументаЭлектронногоОбмена as stored. */
	documentKey: string;
	/** From a `crm#<id>` / `<site>#<id>` key. */
	crmOrderId: number | null;
	/** From a release 0.1 key (`5488`, `<site>:5488`): the CRM order is found by number. */
	crmNumber: string | null;
	site: string | null;
	/** Every kind that applies, most decisive first (empty when nothing happened yet). */
	kinds: ProgressKind[];
	shipping: {
		status: Extent;
		/** In storage units, from the ЗаказыПокупателей register. */
		ordered: number;
		shipped: number;
		remaining: number;
		lastShipmentDate: string | null;
		shipments: ShipmentSummary[];
	};
	payment: {
		status: Extent;
		/** In the contract's currency. */
		due: number;
		paid: number;
		left: number;
		lastPaymentDate: string | null;
		payments: OrderPayment[];
	};
}

const EPS = 0.005;

/**
 * Builds the progress of an order from its header, what is left in the two balances and, when there was activity,
 * the detailed movements and payments. Without details, nothing was shipped or paid.
 */
export function computeProgress(
	order: FollowedOrder,
	balances: { ship?: { quantity: number; amount: number }; due?: number },
	movements?: OrderMovements,
	payments?: OrderPayments,
): OrderProgress {
	const key = parseDocumentKey(order.key);
	const shipments: ShipmentSummary[] = (movements?.shipments ?? []).map((s) => ({
		ref: s.ref,
		number: s.number,
		date: s.date,
		quantity: Math.round(s.lines.reduce((a, l) => a + l.quantity, 0) * 1000) / 1000,
		amount: Math.round(s.lines.reduce((a, l) => a + l.amount, 0) * 100) / 100,
		lines: s.lines,
	}));
	const shipped = movements?.shippedQuantity ?? 0;
	const remaining = movements ? movements.remainingQuantity : (balances.ship?.quantity ?? 0);
	const ordered = movements ? movements.orderedQuantity : remaining;
	const shipStatus: Extent = shipped > 0 ? (remaining > EPS ? 'partial' : 'full') : 'none';
	const paid = payments?.paid ?? 0;
	const due = payments ? payments.due : (balances.due ?? 0);
	const left = payments ? Math.round((payments.due - payments.paid) * 100) / 100 : (balances.due ?? 0);
	const payStatus: Extent = paid > 0 ? (left > EPS ? 'partial' : 'full') : 'none';
	const kinds: ProgressKind[] = [];
	if (order.deletionMark) kinds.push('cancelled');
	else if (!order.posted) kinds.push('unposted');
	else {
		if (shipStatus === 'full' && payStatus === 'full') kinds.push('shippedAndPaid');
		if (shipStatus !== 'none') kinds.push(shipStatus === 'full' ? 'shipped' : 'partlyShipped');
		if (payStatus !== 'none') kinds.push(payStatus === 'full' ? 'paid' : 'partlyPaid');
	}
	const payList = payments?.payments ?? [];
	return {
		ref: order.ref,
		number: order.number,
		date: order.date,
		total: order.total,
		posted: order.posted,
		deletionMark: order.deletionMark,
		documentKey: order.key,
		crmOrderId: key && 'crmOrderId' in key ? key.crmOrderId : null,
		crmNumber: key && 'crmNumber' in key ? key.crmNumber : null,
		site: key?.site ?? null,
		kinds,
		shipping: { status: shipStatus, ordered, shipped, remaining, lastShipmentDate: shipments.at(-1)?.date ?? null, shipments },
		payment: { status: payStatus, due, paid, left, lastPaymentDate: payList.at(-1)?.date ?? null, payments: payList },
	};
}

/** Nothing happened to the order in 1C beyond its own writing: not worth a first report. */
export function isUntouched(p: OrderProgress): boolean {
	return !p.deletionMark && p.shipping.status === 'none' && p.payment.status === 'none';
}

/** Hash of what a report carries (not of DataVersion): equal hashes, nothing new to tell retailCRM. */
export function progressHash(p: OrderProgress): string {
	const facts = [
		p.number,
		p.date,
		p.total,
		p.posted,
		p.deletionMark,
		p.shipping.status,
		p.shipping.shipped,
		p.shipping.remaining,
		p.shipping.shipments.map((s) => [s.ref, s.number, s.date, s.quantity]),
		p.payment.status,
		p.payment.paid,
		p.payment.left,
		p.payment.payments.map((x) => [x.ref, x.number, x.date, x.amount]),
	];
	return shortHash(JSON.stringify(facts), 12);
}
