import type { OneCClient } from '../../../onec/client';
import { OneCODataError, passOn } from '../../../onec/errors';
import type { Shipment } from '../../order-progress/shipments';
import { readShipments } from '../../order-progress/shipments';

/**
 * "1C owns what it has moved on": a customer order that a posted РеализацияТоваровУслуг ships is left as it is by the
 * order flow, which reports a conflict instead (docs/order-lifecycle.md "What happens to the document"). Only the
 * documents a run would change are checked, in batches, so an unchanged re-run reads nothing here. The shipments are
 * read the way Get Progress reads them (order-progress/shipments.ts: through the ЗаказыПокупателей register, with no
 * composite filter).
 */
export type ShipmentSummary = Pick<Shipment, 'ref' | 'number' | 'date'>;

export interface ShipmentCheck {
	/** Order ref (lower case) → its posted shipments (only orders that have some). */
	shipped: Map<string, ShipmentSummary[]>;
	/** Set when the check could not run (a set it needs is not in the OData composition). */
	note?: string;
}

export async function findPostedShipments(client: OneCClient, orderRefs: readonly string[]): Promise<ShipmentCheck> {
	const shipped = new Map<string, ShipmentSummary[]>();
	if (orderRefs.length === 0) return { shipped };
	let found: Map<string, Shipment[]>;
	try {
		found = await readShipments(client, orderRefs);
	} catch (error) {
		if (error instanceof OneCODataError && (error.kind === 'notInComposition' || error.status === 404 || error.code === '6')) {
			return { shipped, note: 'AccumulationRegister_ЗаказыПокупателей or Document_РеализацияТоваровУслуг is not in the OData composition: shipped orders cannot be told apart and are written like the others' };
		}
		throw passOn(error);
	}
	for (const [ref, list] of found) {
		if (list.length > 0) shipped.set(ref.toLowerCase(), list.map((s) => ({ ref: s.ref, number: s.number, date: s.date })));
	}
	return { shipped };
}
