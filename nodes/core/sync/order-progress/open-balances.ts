import type { OneCClient } from '../../onec/client';
import { UT, odataTypeName } from '../../onec/model';
import { eq, guid, or } from '../../onec/query';

/**
 * What is left of every open order in the base, one `Balance` request each (no paging: one answer per run):
 * - to ship: `ЗаказыПокупателей/Balance(Dimensions='ЗаказПокупателя')` — orders not fully shipped or closed;
 * - to pay: `РасчетыСКонтрагентами/Balance(Dimensions='Сделка')` — deals not fully settled, kept when the deal is
 *   a customer order (its `_Type` is compared here, not in the request: `_Type` in a condition needs 8.3.8.1652+).
 * A change of either for an order is the sign that a shipment or payment was posted or undone since the last run.
 * An order absent from a balance has nothing left there (or is not posted).
 */
const ORDER_TYPE = odataTypeName(UT.Document_ЗаказПокупателя.set);

export interface ShipBalance {
	quantity: number;
	/** In the contract's currency, VAT included. */
	amount: number;
}

export async function readOpenShipBalances(client: OneCClient): Promise<Map<string, ShipBalance>> {
	const rows = await client.balance(UT.AccumulationRegister_ЗаказыПокупателей, { dimensions: ['ЗаказПокупателя'] });
	const out = new Map<string, ShipBalance>();
	for (const r of rows) if (r.ЗаказПокупателя_Key) out.set(r.ЗаказПокупателя_Key, { quantity: r.КоличествоBalance, amount: r.СуммаВзаиморасчетовBalance });
	return out;
}

/** Amount left to pay per order; `organizations` narrows the condition (Организация is a dimension of the register). */
export async function readOpenDues(client: OneCClient, options: { organizations?: readonly string[] } = {}): Promise<Map<string, number>> {
	const orgs = options.organizations ?? [];
	const condition = orgs.length ? or(...orgs.map((o) => eq('Организация_Key', guid(o)))) : undefined;
	const rows = await client.balance(UT.AccumulationRegister_РасчетыСКонтрагентами, { dimensions: ['Сделка'], condition });
	const out = new Map<string, number>();
	for (const r of rows) if (r.Сделка && r.Сделка_Type === ORDER_TYPE) out.set(r.Сделка, r.СуммаВзаиморасчетовBalance);
	return out;
}
