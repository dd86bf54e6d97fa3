/**
 * The ICML import that gives the retailCRM seed offers «Джинсы Элегантность (48)/(50)» the 1C offer keys (item GUIDs
 * of the 1C sandbox seed) as externalIds, as importing the catalog made from 1C does. The retailCRM seed leaves them
 * unset (its fixtures do not know the 1C GUIDs); offers are matched by name on the first import.
 */
import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';

export const JEANS48_KEY = SEED_IDS.items.jeans48;
export const JEANS50_KEY = SEED_IDS.items.jeans50;

const I = SEED_IDS.items;
const C = SEED_IDS.characteristics;

/** The other stock offers of the 1C seed (item GUID, or item GUID#characteristic GUID), with their names. */
export const OTHER_OFFERS: ReadonlyArray<[string, string, string]> = [
	[`${I.tshirt}#${C.whiteM}`, 'Футболка базовая (Белый, M)', I.tshirt],
	[`${I.tshirt}#${C.whiteL}`, 'Футболка базовая (Белый, L)', I.tshirt],
	[`${I.tshirt}#${C.blackM}`, 'Футболка базовая (Черный, M)', I.tshirt],
	[I.socks, 'Носки хлопковые', I.socks],
];

/** `jeans`: the two seed jeans only; `all`: every stock offer of the 1C seed (a catalog import made from 1C). */
export function seedCatalogIcml(scope: 'jeans' | 'all' = 'jeans'): string {
	const offer = (key: string, name: string, product: string) =>
		`<offer id="${key}" productId="${product}"><price>300.00</price><categoryId>goods</categoryId>` +
		`<name>${name}</name><productName>${name.replace(/ \(.*\)$/, '')}</productName></offer>`;
	const offers = [offer(JEANS48_KEY, 'Джинсы Элегантность (48)', 'jeans'), offer(JEANS50_KEY, 'Джинсы Элегантность (50)', 'jeans')];
	if (scope === 'all') for (const [key, name, product] of OTHER_OFFERS) offers.push(offer(key, name, product));
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="2026-11-27 10:00:00"><shop><name>Магазин</name><company>ИП Иванов И.И.</company>' +
		'<categories><category id="goods">Товары</category></categories><offers>' +
		offers.join('') +
		'</offers></shop></yml_catalog>'
	);
}

/**
 * The retailCRM seed after importing the catalog made from 1C (every stock offer), knowing nothing yet of 1C's stock and
 * prices, so every value found later was uploaded; the request log cleared.
 */
export function crmWithCatalogOnly(crm: RetailCrmSandbox): void {
	crm.reset('seed');
	crm.importIcml(seedCatalogIcml('all'));
	for (const offer of crm.state.offers) {
		offer.stocks = {};
		offer.prices = {};
	}
	crm.clearRequests();
}
