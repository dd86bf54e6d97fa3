/**
 * The ICML import that gives the retailCRM seed offers «Джинсы Элегантность (48)/(50)» the 1C offer keys (item GUIDs
 * of the 1C sandbox seed) as externalIds, as importing the catalog made from 1C does. The retailCRM seed leaves them
 * unset (its fixtures do not know the 1C GUIDs); offers are matched by name on the first import.
 */
import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';

export const JEANS48_KEY = SEED_IDS.items.jeans48;
export const JEANS50_KEY = SEED_IDS.items.jeans50;

export function seedCatalogIcml(): string {
	const offer = (key: string, size: string) =>
		`<offer id="${key}" productId="${SEED_IDS.items.goodsFolder}-jeans"><price>300.00</price><categoryId>goods</categoryId>` +
		`<name>Джинсы Элегантность (${size})</name><productName>Джинсы Элегантность</productName></offer>`;
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="2026-11-27 10:00:00"><shop><name>Магазин</name><company>ИП Иванов И.И.</company>' +
		'<categories><category id="goods">Товары</category></categories><offers>' +
		offer(JEANS48_KEY, '48') +
		offer(JEANS50_KEY, '50') +
		'</offers></shop></yml_catalog>'
	);
}
