import type { OneCClient } from '../../onec/client';
import { OneCODataError, passOn } from '../../onec/errors';
import { and, eq, guid } from '../../onec/query';
import { encodeQueryComponent } from '../../onec/url';
import { filterBudget, packTerms } from './existing-documents';
import { readRawPages } from './raw-read';

/**
 * "1C owns what it has moved on": a customer order that a posted РеализацияТоваровУслуг is based on (its `Сделка`)
 * is shipped, and the order flow stops overwriting or releasing it (docs/order-lifecycle.md "Conflicts").
 * Only the documents a run would change are checked, in batches, so an unchanged re-run reads nothing here.
 *
 * `Сделка` of РеализацияТоваровУслуг is a composite reference (rf-bessome/ut10_3_22_percent:
 * src/Documents/РеализацияТоваровУслуг.xml); the filter compares its value only, which needs no `cast` (a platform
 * 8.3.8.1652 feature); a GUID belongs to one object, so the type need not be compared.
 */
export const SHIPMENT_SET = 'Document_РеализацияТоваровУслуг';

export interface ShipmentSummary {
	ref: string;
	number: string;
	date: string;
}

export interface ShipmentCheck {
	/** Order ref → its posted shipments (only orders that have some). */
	shipped: Map<string, ShipmentSummary[]>;
	/** Set when the check could not run (the set is not in the OData composition). */
	note?: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const SELECT = ['Ref_Key', 'Number', 'Date', 'Сделка', 'Сделка_Type'];

export async function findPostedShipments(client: OneCClient, orderRefs: readonly string[]): Promise<ShipmentCheck> {
	const refs = [...new Set(orderRefs.map((r) => r.toLowerCase()))];
	const shipped = new Map<string, ShipmentSummary[]>();
	if (refs.length === 0) return { shipped };
	const wanted = new Set(refs);
	const fixed = and(eq('Posted', true), eq('DeletionMark', false));
	try {
		const budget = filterBudget(client, SHIPMENT_SET, SELECT) - encodeQueryComponent(`${fixed} and ()`).length;
		for (const terms of packTerms(refs.map((r) => `Сделка eq ${guid(r)}`), budget)) {
			const rows = await readRawPages(client, SHIPMENT_SET, { filter: `${fixed} and (${terms})`, select: SELECT });
			for (const row of rows) {
				const order = text(row.Сделка).toLowerCase();
				if (!wanted.has(order) || (row.Сделка_Type !== undefined && row.Сделка_Type !== 'StandardODATA.Document_ЗаказПокупателя')) continue;
				const list = shipped.get(order) ?? [];
				if (list.some((s) => s.ref === text(row.Ref_Key))) continue;
				list.push({ ref: text(row.Ref_Key), number: text(row.Number), date: text(row.Date) });
				shipped.set(order, list);
			}
		}
	} catch (error) {
		if (error instanceof OneCODataError && (error.status === 404 || error.code === '6' || error.kind === 'notPublished')) {
			return { shipped, note: `${SHIPMENT_SET} is not in the OData composition: shipped orders cannot be told apart and are written like the others` };
		}
		throw passOn(error);
	}
	return { shipped };
}
