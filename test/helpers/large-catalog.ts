/**
 * The stock templates mapped to the 1C sandbox's large fixture as a shop with that catalog would set it up: its three
 * warehouses with stock (the seed's main one, «Склад №2», «Магазин на Мира») to three retailCRM stores, and both stored
 * price types (retail, purchase) to retailCRM's base and wholesale types. Shared by the scale tests and
 * `npm run bench:scale`.
 */
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import type { OneCSandbox } from '../sandboxes/onec/server';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';

interface TemplateNode {
	name: string;
	parameters: Record<string, unknown>;
}

/** retailCRM store codes for the fixture's warehouses beyond the seed's `main` (the seed knows `main` and `showroom`). */
export const LARGE_EXTRA_STORES = ['warehouse2', 'outlet'];

/** Adds the stores the mapping needs to a retailCRM sandbox. */
export function addLargeStores(crm: RetailCrmSandbox): void {
	for (const code of LARGE_EXTRA_STORES) crm.state.stores.push({ code, name: code, type: 'store-type-warehouse', inventoryType: 'integer', active: true });
}

/** The one node of the direct stock template (workflows/1c-stock-and-prices-to-retailcrm-direct.json). */
export const DIRECT_NODE = 'retailCRM: Upload Stock and Prices from 1C';

/** A 1C sandbox's warehouses: Code → Ref_Key. */
export function warehouseRefsByCode(oneC: OneCSandbox): Map<string, string> {
	return new Map((oneC.state.store.rows('Catalog_Склады') as Array<Record<string, unknown>>).map((r) => [String(r.Code), String(r.Ref_Key)]));
}

/**
 * Parameters of the stock template's four bulk nodes, or the direct template's one node (by node name), for the large
 * fixture's 3 warehouses and 2 price types; `byCode` is the fixture's warehouses (warehouseRefsByCode).
 */
export function largeStockParameters(byCode: ReadonlyMap<string, string>, nodes: TemplateNode[]): Record<string, Record<string, unknown>> {
	const warehouses: Array<[string, string]> = [
		[SEED_IDS.warehouses.main, 'main'],
		[String(byCode.get('000000010')), LARGE_EXTRA_STORES[0]],
		[String(byCode.get('000000011')), LARGE_EXTRA_STORES[1]],
	];
	const priceTypes: Array<[string, string]> = [
		[SEED_IDS.priceTypes.retail, 'base'],
		[SEED_IDS.priceTypes.purchase, 'wholesale'],
	];
	const changes: Record<string, Record<string, unknown>> = {
		'1C: Get Balances': { warehouses: warehouses.map(([ref]) => ref) },
		'retailCRM: Upload Stock': { warehouseMapping: { mappings: warehouses.map(([warehouse, store]) => ({ warehouse, store })) } },
		'1C: Get Prices': { priceTypes: priceTypes.map(([ref]) => ref) },
		'retailCRM: Upload Prices': { priceTypeMapping: { mappings: priceTypes.map(([priceType, crmPriceType]) => ({ priceType, crmPriceType })) } },
	};
	// The direct template's one node has the settings of all four.
	changes[DIRECT_NODE] = {
		...changes['1C: Get Balances'],
		...changes['retailCRM: Upload Stock'],
		...changes['1C: Get Prices'],
		...changes['retailCRM: Upload Prices'],
	};
	const out: Record<string, Record<string, unknown>> = {};
	for (const node of nodes) if (changes[node.name]) out[node.name] = { ...node.parameters, ...changes[node.name] };
	return out;
}
