import type { OneCClient } from '../../onec/client';
import { UT, odataTypeName } from '../../onec/model';

/**
 * Shipments of customer orders, read in batches through the `ЗаказыПокупателей` register, whose dimension
 * `ЗаказПокупателя` is a single-type reference: `ЗаказПокупателя_Key eq guid'…'` works on every 8.3 platform, while
 * the shipment's own `Сделка` is a 28-type composite that needs `cast()` (8.3.8.1652+).
 *
 * A posted order writes a Receipt per row (rf-bessome/ut10_3_22_percent: src/Documents/ЗаказПокупателя/Ext/ObjectModule.bsl,
 * ДвиженияПоРегистрамУпр); a posted РеализацияТоваровУслуг writes an Expense per row of that order (its ObjectModule,
 * "ТОВАР, ТАРА И УСЛУГИ ПО РЕГИСТРУ ЗаказыПокупателей"); closings and corrections write Expenses too. Only posted
 * documents have movements, so every shipment found here is posted (the document read confirms it).
 *
 * Requests for N orders with S shipments: ⌈N / Gm⌉ record reads + ⌈S / Gd⌉ document reads, where Gm and Gd are how
 * many `eq` terms fit into one URL (client.maxUrlLength; at the default 2,000 characters Gm = 7, Gd = 25), plus one
 * more page per 1,000 records in a chunk. No request per order.
 */
const Records = UT.AccumulationRegister_ЗаказыПокупателей.records;
const Shipments = UT.Document_РеализацияТоваровУслуг;
const SHIPMENT_TYPE = odataTypeName(Shipments.set);
const ORDER_TYPE = odataTypeName(UT.Document_ЗаказПокупателя.set);

const RECORD_SELECT = ['Recorder', 'Recorder_Type', 'RecordType', 'Active', 'ЗаказПокупателя_Key', 'Номенклатура_Key', 'ХарактеристикаНоменклатуры_Key', 'Количество', 'СуммаВзаиморасчетов'] as const;
const DOCUMENT_SELECT = ['Ref_Key', 'Number', 'Date', 'Posted', 'DeletionMark'] as const;

export interface ShipmentLine {
	/** Номенклатура Ref_Key. */
	item: string | null;
	characteristic: string | null;
	/** In the item's storage unit (the register's unit). */
	quantity: number;
	/** In the contract's currency, VAT included. */
	amount: number;
}

export interface Shipment {
	ref: string;
	number: string;
	/** 1C local date-time `YYYY-MM-DDTHH:MM:SS`. */
	date: string | null;
	posted: boolean;
	/** This order's lines of the shipment (a shipment may serve several orders). */
	lines: ShipmentLine[];
}

export interface OrderMovements {
	/** What the order's own posting put into the register (0 when it is not posted). */
	orderedQuantity: number;
	orderedAmount: number;
	shippedQuantity: number;
	shippedAmount: number;
	/** Receipts less every expense (shipments, closings, corrections): the register's balance for the order. */
	remainingQuantity: number;
	remainingAmount: number;
	/** Posted shipments, oldest first. */
	shipments: Shipment[];
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const blank = (): OrderMovements => ({ orderedQuantity: 0, orderedAmount: 0, shippedQuantity: 0, shippedAmount: 0, remainingQuantity: 0, remainingAmount: 0, shipments: [] });

/** Register movements and posted shipments of each order; every order asked for is in the map. */
export async function readOrderMovements(client: OneCClient, orderRefs: readonly string[]): Promise<Map<string, OrderMovements>> {
	const wanted = [...new Set(orderRefs.map((r) => r.toLowerCase()))];
	const out = new Map<string, OrderMovements>(wanted.map((ref) => [ref, blank()]));
	if (wanted.length === 0) return out;
	// Ordered by plain fields only: `$orderby` on the composite `Recorder` is unproven on real platforms
	// (docs/1c-odata.md#queries-and-paging), and the client's paging drops rows it sees twice.
	const records = await client.readWhereIn(Records, 'ЗаказПокупателя_Key', wanted, { select: RECORD_SELECT, orderby: ['ЗаказПокупателя_Key', 'Period', 'LineNumber'] });
	/** order → shipment ref → lines */
	const shipped = new Map<string, Map<string, ShipmentLine[]>>();
	for (const r of records) {
		const order = r.ЗаказПокупателя_Key;
		const m = order ? out.get(order) : undefined;
		if (!m || !r.Active) continue;
		const sign = r.RecordType === 'Expense' ? -1 : 1;
		m.remainingQuantity += sign * r.Количество;
		m.remainingAmount += sign * r.СуммаВзаиморасчетов;
		if (r.Recorder === order && r.Recorder_Type === ORDER_TYPE && sign > 0) {
			m.orderedQuantity += r.Количество;
			m.orderedAmount += r.СуммаВзаиморасчетов;
		} else if (r.Recorder_Type === SHIPMENT_TYPE && r.Recorder) {
			const byShipment = shipped.get(order!) ?? new Map<string, ShipmentLine[]>();
			const lines = byShipment.get(r.Recorder) ?? [];
			// An Expense ships; a Receipt from a shipment (a storno correction) takes back.
			lines.push({ item: r.Номенклатура_Key, characteristic: r.ХарактеристикаНоменклатуры_Key, quantity: -sign * r.Количество, amount: -sign * r.СуммаВзаиморасчетов });
			byShipment.set(r.Recorder, lines);
			shipped.set(order!, byShipment);
		}
	}
	const shipmentRefs = [...new Set([...shipped.values()].flatMap((m) => [...m.keys()]))];
	const documents = await client.readWhereIn(Shipments, 'Ref_Key', shipmentRefs, { select: DOCUMENT_SELECT });
	const byRef = new Map(documents.map((d) => [d.Ref_Key, d]));
	for (const [order, byShipment] of shipped) {
		const m = out.get(order)!;
		for (const [ref, lines] of byShipment) {
			const doc = byRef.get(ref);
			// Movements without a posted document: unposted between the two reads; it no longer ships anything.
			if (!doc || !doc.Posted) continue;
			const quantity = lines.reduce((s, l) => s + l.quantity, 0);
			m.shippedQuantity += quantity;
			m.shippedAmount += lines.reduce((s, l) => s + l.amount, 0);
			m.shipments.push({ ref, number: doc.Number, date: doc.Date, posted: doc.Posted, lines });
		}
		m.shipments.sort((a, b) => String(a.date).localeCompare(String(b.date)) || a.number.localeCompare(b.number));
	}
	for (const m of out.values()) {
		for (const key of ['orderedQuantity', 'shippedQuantity', 'remainingQuantity'] as const) m[key] = round(m[key], 3);
		for (const key of ['orderedAmount', 'shippedAmount', 'remainingAmount'] as const) m[key] = round(m[key], 2);
	}
	return out;
}

/**
 * Posted shipments (РеализацияТоваровУслуг) of each order: number, date, posted, this order's lines. Every order asked
 * for is a key of the map (an empty list when nothing was shipped). The order flow's conflict rule and Get Progress
 * both read it; requests as above.
 */
export async function readShipments(client: OneCClient, orderRefs: readonly string[]): Promise<Map<string, Shipment[]>> {
	const movements = await readOrderMovements(client, orderRefs);
	return new Map([...movements].map(([ref, m]) => [ref, m.shipments]));
}
