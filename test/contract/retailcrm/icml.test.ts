import type { RetailCrmSandbox } from '../../sandboxes/retailcrm/server';
import { SEED_OFFER_IDS, SEED_ORDER_IDS } from '../../sandboxes/retailcrm/server';
import { control, get, postForm, changedParts, snapshot, start } from './helpers';

const G48 = 'a1b2c3d4-0000-4000-8000-000000000797';
const G50 = 'a1b2c3d4-0000-4000-8000-000000000798';
const PRODUCT = 'a1b2c3d4-0000-4000-8000-000000000700';

const jeansIcml = (extraOffers = '') => `<?xml version="1.0" encoding="UTF-8"?>
<yml_catalog date="2026-11-27 10:00:00">
  <shop>
    <name>Тестовый магазин</name>
    <company>ИП Иванов И.И.</company>
    <categories>
      <category id="796">Товары</category>
      <category id="801" parentId="796"><name>Брюки &amp; джинсы</name></category>
    </categories>
    <offers>
      <offer id="${G48}" productId="${PRODUCT}" quantity="23">
        <price>300.00</price><purchasePrice>150.00</purchasePrice>
        <categoryId>801</categoryId>
        <name>Джинсы Элегантность (48)</name><productName>Джинсы Элегантность</productName>
        <xmlId>00000000797</xmlId>
        <param name="Артикул" code="article">ДЖ-48</param>
        <param name="Размер" code="size">48</param>
        <unit code="796" name="Штука" sym="шт"/>
        <vatRate>20</vatRate>
      </offer>
      <offer id="${G50}" productId="${PRODUCT}" quantity="41">
        <price>300.00</price>
        <categoryId>801</categoryId>
        <name>Джинсы Элегантность (50)</name><productName>Джинсы Элегантность</productName>
        <xmlId>00000000798</xmlId>
        <unit code="796" name="Штука" sym="шт"/>
      </offer>
      <offer id="no-product"><name>Без товара</name></offer>
      <offer productId="p"><name>Без id</name></offer>
      <offer id="no-name" productId="p2"><price>1</price></offer>
      ${extraOffers}
    </offers>
  </shop>
</yml_catalog>`;

describe('ICML import (control API)', () => {
	let sb: RetailCrmSandbox;
	beforeAll(async () => (sb = await start()));
	afterAll(() => sb.close());
	beforeEach(() => sb.reset('seed'));

	it('imports the jeans: reports stats and skipped offers, keeps the seed offer ids, sets externalId/xmlId', async () => {
		const r = await control(sb, 'POST', 'icml?site=test-crm10', jeansIcml(), 'application/xml');
		expect(r.status).toBe(200);
		expect(r.data).toEqual({
			success: true,
			site: 'test-crm10',
			products: 1,
			offers: 2,
			categories: 2,
			skipped: [
				{ index: 2, id: 'no-product', reason: 'missing productId' },
				{ index: 3, reason: 'missing offer id' },
				{ index: 4, id: 'no-name', reason: 'missing name' },
			],
		});
		const offers = (await get(sb, '/api/v5/store/offers')).data.offers;
		expect(offers.map((o: any) => [o.id, o.externalId, o.xmlId, o.article, o.purchasePrice, o.vatRate, o.unit.code])).toEqual([
			[SEED_OFFER_IDS.jeans50, G50, '00000000798', undefined, undefined, 'none', '796'],
			[SEED_OFFER_IDS.jeans48, G48, '00000000797', 'ДЖ-48', 150, '20', '796'],
		]);
		const products = (await get(sb, '/api/v5/store/products')).data.products;
		expect(products).toHaveLength(1);
		expect(products[0]).toMatchObject({ id: 1, externalId: PRODUCT, name: 'Джинсы Элегантность', active: true });
		const groups = (await get(sb, '/api/v5/store/product-groups')).data.productGroup;
		const child = groups.find((g: any) => g.externalId === '801');
		const parent = groups.find((g: any) => g.externalId === '796');
		expect(child).toMatchObject({ name: 'Брюки & джинсы', parentId: parent.id, active: true });
		expect(parent.id).toBe(1);
		expect(products[0].groups).toEqual([{ id: child.id, externalId: '801' }]);
		// Order lines show the offer as it is now.
		const order = (await get(sb, `/api/v5/orders/${SEED_ORDER_IDS['5490']}?by=id`)).data.order;
		expect(order.items[0].offer).toMatchObject({ id: SEED_OFFER_IDS.jeans48, externalId: G48, xmlId: '00000000797' });
		const site = (await get(sb, '/api/v5/reference/sites')).data.sites['test-crm10'];
		expect(site.catalogUpdatedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
	});

	it('chains ICML import → stock and price upload by externalId/xmlId → read back', async () => {
		await control(sb, 'POST', 'icml', jeansIcml());
		const inv = await postForm(sb, '/api/v5/store/inventories/upload', {
			offers: [
				{ externalId: G48, stores: [{ code: 'main', available: 5 }] },
				{ xmlId: '00000000798', stores: [{ code: 'main', available: 6 }] },
			],
		});
		expect(inv.data).toEqual({ success: true, processedOffersCount: 2 });
		const prices = await postForm(sb, '/api/v5/store/prices/upload', { prices: [{ externalId: G50, site: 'test-crm10', prices: [{ code: 'base', price: 333 }] }] });
		expect(prices.data.processedOffersCount).toBe(1);
		const read = await get(sb, `/api/v5/store/inventories?filter[offerExternalId][]=${G48}&filter[offerExternalId][]=${G50}`);
		expect(read.data.offers.map((o: any) => [o.externalId, o.quantity])).toEqual([
			[G50, 6],
			[G48, 5],
		]);
		expect((await get(sb, `/api/v5/store/offers?filter[externalIds][]=${G50}`)).data.offers[0].price).toBe(333);
	});

	it('a second import replaces the catalog: offers missing from the file go inactive, new ones are added', async () => {
		await control(sb, 'POST', 'icml', jeansIcml());
		const next = jeansIcml(`<offer id="shirt-1" productId="shirt"><name>Рубашка</name><price>990</price></offer>`).replace(/<offer id="a1b2c3d4-0000-4000-8000-000000000798"[\s\S]*?<\/offer>/, '');
		const r = await control(sb, 'POST', 'icml', next);
		expect(r.data).toMatchObject({ products: 2, offers: 2 });
		const all = (await get(sb, '/api/v5/store/offers')).data.offers;
		expect(all.map((o: any) => [o.externalId, o.active])).toEqual([
			['shirt-1', true],
			[G50, false],
			[G48, true],
		]);
	});

	it('rejects a root other than yml_catalog, and malformed XML, without changing anything', async () => {
		const before = snapshot(sb);
		const wrongRoot = await control(sb, 'POST', 'icml', '<?xml version="1.0"?><catalog><offers/></catalog>');
		expect(wrongRoot.status).toBe(400);
		expect(wrongRoot.data.errorMsg).toContain('yml_catalog');
		const malformed = await control(sb, 'POST', 'icml', '<yml_catalog><shop><offers></shop></yml_catalog>');
		expect(malformed.status).toBe(400);
		expect(malformed.data.errorMsg).toContain('Malformed XML');
		expect(changedParts(before, sb)).toEqual([]);
		expect((await control(sb, 'POST', 'icml?site=nope', jeansIcml())).status).toBe(400);
	});
});
