/**
 * Catalog → Get Items core against the UT 10.3 sandbox (seed), over axios: folder recursion, deletion marks,
 * characteristic rows, units with OKEI codes, VAT, barcodes, and the stock/price join.
 */
import { FolderNotFoundError } from '../../../../nodes/core/sync/onec-read/folders';
import { getFolders } from '../../../../nodes/core/sync/catalog/get-folders';
import { getItems } from '../../../../nodes/core/sync/catalog/get-items';
import type { CatalogOffer } from '../../../../nodes/core/sync/catalog/offer-rows';
import { UT } from '../../../../nodes/core/onec/model';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { control, sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';
import { OneCClient, forgetSliceLastForms } from '../../../../nodes/core/onec/client';
import { OneCODataError } from '../../../../nodes/core/onec/errors';
import type { Transport } from '../../../../nodes/core/http/transport';

/** A publication that refuses `$expand` (as some proxies or older platforms might), answering 400 like 1C. */
function refusingExpand(inner: Transport, seen: string[]): Transport {
	return {
		request: async (req) => {
			seen.push(req.url);
			if (req.url.includes('$expand=')) {
				return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ 'odata.error': { code: '14', message: { lang: 'ru', value: 'Ошибка при разборе опции запроса $expand' } } }) };
			}
			return await inner.request(req);
		},
	};
}

const N = SEED_IDS.items;
const C = SEED_IDS.characteristics;
const W = SEED_IDS.warehouses;
const P = SEED_IDS.priceTypes;

const byKey = (offers: CatalogOffer[]) => new Map(offers.map((o) => [o.offerKey, o]));
const names = (offers: CatalogOffer[]) => offers.map((o) => o.name).sort();

describe('catalog getItems (seed)', () => {
	let sb: OneCSandbox;
	beforeAll(async () => {
		sb = await withSandbox('seed');
	});
	afterAll(async () => sb.close());
	beforeEach(async () => control(sb).reset());

	it('the «Товары» folder gives the jeans (codes 797/798, шт / 796, VAT 20) and, recursively, the T-shirt characteristics', async () => {
		const { client } = sandboxClient(sb);
		const { offers, problems } = await getItems(client, { folderRefs: [N.goodsFolder] });
		expect(problems).toEqual([]);
		const offer = byKey(offers);
		expect(offer.get(N.jeans48)).toEqual({
			offerKey: N.jeans48,
			productKey: N.jeans48,
			ref: N.jeans48,
			characteristicRef: null,
			characteristicName: null,
			code: '00000000797',
			article: 'ДЖ-48',
			name: 'Джинсы Элегантность (48)',
			productName: 'Джинсы Элегантность (48)',
			fullName: 'Джинсы Элегантность (48)',
			folderRef: N.goodsFolder,
			folders: [{ ref: N.goodsFolder, name: 'Товары' }],
			categoryId: N.goodsFolder,
			categoryName: 'Товары',
			unit: { code: '796', name: 'Штука', sym: 'шт' },
			vatRate: 20,
			isService: false,
			isSet: false,
			weight: null,
			barcodes: [],
		});
		expect(offer.get(N.jeans50)).toMatchObject({ code: '00000000798', name: 'Джинсы Элегантность (50)', unit: { code: '796', sym: 'шт' } });
		// Items kept by characteristics: one row per characteristic, none for the item itself.
		expect(offer.has(N.tshirt)).toBe(false);
		const white = offer.get(`${N.tshirt}#${C.whiteM}`);
		expect(white).toMatchObject({
			productKey: N.tshirt,
			ref: N.tshirt,
			characteristicRef: C.whiteM,
			characteristicName: 'Белый, M',
			name: 'Футболка базовая (Белый, M)',
			productName: 'Футболка базовая',
			folderRef: N.tshirtsFolder,
			categoryId: N.tshirtsFolder,
			categoryName: 'Футболки',
		});
		expect(white?.folders).toEqual([
			{ ref: N.goodsFolder, name: 'Товары' },
			{ ref: N.clothesFolder, name: 'Одежда' },
			{ ref: N.tshirtsFolder, name: 'Футболки' },
		]);
		expect(offers.filter((o) => o.productKey === N.tshirt).map((o) => o.characteristicRef).sort()).toEqual([C.whiteM, C.whiteL, C.blackM].sort());
		// Socks: 10 % VAT, stored in packs (OKEI 778). The kit is a set. Delivery lives in «Услуги», outside the scope.
		expect(offer.get(N.socks)).toMatchObject({ vatRate: 10, unit: { code: '778', name: 'Упаковка', sym: 'упак' } });
		expect(offer.get(N.kit)).toMatchObject({ isSet: true, isService: false });
		expect(offer.has(N.delivery)).toBe(false);
		expect(offers.every((o) => o.quantity === undefined && o.price === undefined)).toBe(true);
	});

	it('reads the folder tree once and the items of the three folders with one OR-chain request (units expanded)', async () => {
		const { client } = sandboxClient(sb);
		await control(sb).clearRequests();
		await getItems(client, { folderRefs: [N.goodsFolder] });
		const requests = await control(sb).requests();
		expect(requests.map((r) => r.path.split('/').pop())).toEqual([
			UT.Catalog_Номенклатура.set, // folders
			UT.Catalog_Номенклатура.set, // items with $expand of the storage unit
			UT.Catalog_ХарактеристикиНоменклатуры.set,
			UT.Catalog_КлассификаторЕдиницИзмерения.set,
		]);
		expect(requests[0].query.$filter).toBe('IsFolder eq true');
		expect(requests[1].query.$expand).toBe('ЕдиницаХраненияОстатков');
		for (const folder of [N.goodsFolder, N.clothesFolder, N.tshirtsFolder]) expect(requests[1].query.$filter).toContain(folder);
		expect(requests[1].query.$filter).toContain('DeletionMark eq false');
	});

	it('a sub-folder alone gives only its items; no folder gives the whole catalog, services included', async () => {
		const { client } = sandboxClient(sb);
		const tshirts = await getItems(client, { folderRefs: [N.clothesFolder] });
		expect(names(tshirts.offers)).toEqual(['Футболка базовая (Белый, L)', 'Футболка базовая (Белый, M)', 'Футболка базовая (Черный, M)']);
		const all = await getItems(client, {});
		const delivery = byKey(all.offers).get(N.delivery);
		expect(delivery).toMatchObject({ isService: true, folders: [{ ref: N.servicesFolder, name: 'Услуги' }], categoryName: 'Услуги' });
		expect(all.offers).toHaveLength(8); // 2 jeans + 3 T-shirts + socks + kit + delivery
	});

	it('leaves out items and characteristics marked for deletion', async () => {
		const { client } = sandboxClient(sb);
		await client.setDeletionMark(UT.Catalog_Номенклатура, N.jeans50, true);
		await client.setDeletionMark(UT.Catalog_ХарактеристикиНоменклатуры, C.blackM, true);
		const { offers } = await getItems(client, { folderRefs: [N.goodsFolder] });
		const keys = offers.map((o) => o.offerKey);
		expect(keys).toContain(N.jeans48);
		expect(keys).not.toContain(N.jeans50);
		expect(keys).toContain(`${N.tshirt}#${C.whiteM}`);
		expect(keys).not.toContain(`${N.tshirt}#${C.blackM}`);
	});

	it('an item kept by characteristics that has none yet gives one item-level row', async () => {
		const { client } = sandboxClient(sb);
		for (const ch of [C.whiteM, C.whiteL, C.blackM]) await client.setDeletionMark(UT.Catalog_ХарактеристикиНоменклатуры, ch, true);
		const { offers } = await getItems(client, { folderRefs: [N.tshirtsFolder] });
		expect(offers.map((o) => [o.offerKey, o.name, o.characteristicRef])).toEqual([[N.tshirt, 'Футболка базовая', null]]);
	});

	it('Include Barcodes attaches item barcodes to item offers and characteristic barcodes to their offer only', async () => {
		const { client } = sandboxClient(sb);
		await control(sb).clearRequests();
		const { offers } = await getItems(client, { folderRefs: [N.goodsFolder], includeBarcodes: true });
		// Five items in scope: their barcodes by owner, one request.
		const barcodeReads = (await control(sb).requests()).filter((r) => r.path.endsWith(UT.InformationRegister_Штрихкоды.set));
		expect(barcodeReads).toHaveLength(1);
		expect(barcodeReads[0].query.$filter).toContain(`Владелец eq cast(guid'${N.jeans48}','Catalog_Номенклатура')`);
		const offer = byKey(offers);
		expect(offer.get(N.jeans48)?.barcodes).toEqual(['4600000000017']);
		expect(offer.get(N.jeans50)?.barcodes).toEqual(['4600000000024']);
		expect(offer.get(`${N.tshirt}#${C.whiteM}`)?.barcodes).toEqual(['4600000000031']);
		expect(offer.get(`${N.tshirt}#${C.whiteL}`)?.barcodes).toEqual([]);
	});

	it('Include Barcodes on a platform before 8.3.8.1652 (cast refused): the whole register once, same barcodes; never a composite $orderby', async () => {
		await control(sb).config({ compositeFilters: false });
		forgetSliceLastForms();
		try {
			const { client } = sandboxClient(sb);
			await control(sb).clearRequests();
			const { offers } = await getItems(client, { folderRefs: [N.goodsFolder], includeBarcodes: true });
			const barcodeReads = (await control(sb).requests()).filter((r) => r.path.endsWith(UT.InformationRegister_Штрихкоды.set));
			expect(barcodeReads.map((r) => [r.status, r.query.$filter === undefined ? 'whole' : 'by owner', r.query.$orderby])).toEqual([
				[400, 'by owner', 'Штрихкод,ЕдиницаИзмерения_Key,ХарактеристикаНоменклатуры_Key'],
				[200, 'whole', 'Штрихкод,ЕдиницаИзмерения_Key,ХарактеристикаНоменклатуры_Key'],
			]);
			const offer = byKey(offers);
			expect(offer.get(N.jeans48)?.barcodes).toEqual(['4600000000017']);
			expect(offer.get(`${N.tshirt}#${C.whiteM}`)?.barcodes).toEqual(['4600000000031']);
			// Remembered: the next read of this base goes straight to the whole register.
			await control(sb).clearRequests();
			await getItems(sandboxClient(sb).client, { folderRefs: [N.goodsFolder], includeBarcodes: true });
			expect((await control(sb).requests()).filter((r) => r.path.endsWith(UT.InformationRegister_Штрихкоды.set)).map((r) => r.status)).toEqual([200]);
		} finally {
			await control(sb).config({ compositeFilters: true });
			forgetSliceLastForms();
		}
	});

	it('Join Stock and Prices on «Основной склад» gives 23 and 41, retail price 300 and purchase prices 180/190', async () => {
		const { client } = sandboxClient(sb);
		const { offers, problems } = await getItems(client, {
			folderRefs: [N.goodsFolder],
			join: { warehouseRefs: [W.main], salePriceTypeRef: P.retail, purchasePriceTypeRef: P.purchase },
		});
		expect(problems).toEqual([]);
		const offer = byKey(offers);
		expect(offer.get(N.jeans48)).toMatchObject({ quantity: 23, price: 300, purchasePrice: 180 });
		expect(offer.get(N.jeans50)).toMatchObject({ quantity: 41, price: 300, purchasePrice: 190 });
		// Characteristic stock and prices: own row (whiteL 480 retail, blackM 220 purchase) or the item's row.
		expect(offer.get(`${N.tshirt}#${C.whiteM}`)).toMatchObject({ quantity: 5, price: 450, purchasePrice: 200 });
		expect(offer.get(`${N.tshirt}#${C.whiteL}`)).toMatchObject({ quantity: 0, price: 480 });
		expect(offer.get(`${N.tshirt}#${C.blackM}`)).toMatchObject({ quantity: 3, purchasePrice: 220 });
		// Socks are stored in packs of 6: 20 per piece → 120 per pack.
		expect(offer.get(N.socks)).toMatchObject({ quantity: 12, price: 120, purchasePrice: 50 });
		expect(offer.get(N.kit)).toMatchObject({ quantity: 0, price: null, purchasePrice: null });
	});

	it('Skip Offers Without Price drops the kit (no retail price) and keeps the rest', async () => {
		const { client } = sandboxClient(sb);
		const all = await getItems(client, { folderRefs: [N.goodsFolder], join: { salePriceTypeRef: P.retail } });
		const priced = await getItems(client, { folderRefs: [N.goodsFolder], join: { salePriceTypeRef: P.retail, dropUnpriced: true } });
		expect(all.offers.map((o) => o.offerKey)).toContain(N.kit);
		expect(priced.offers.map((o) => o.offerKey)).toEqual(all.offers.filter((o) => o.price !== null).map((o) => o.offerKey));
		expect(priced.offers).toHaveLength(all.offers.length - 1);
	});

	it('Build From 1C: the join without price details gives the same offers and prices, and Skip Offers Without Price still drops the kit', async () => {
		const { client } = sandboxClient(sb);
		const join = { warehouseRefs: [W.main], salePriceTypeRef: P.retail, purchasePriceTypeRef: P.purchase, dropUnpriced: true };
		const withDetails = await getItems(client, { folderRefs: [N.goodsFolder], join });
		const without = await getItems(client, { folderRefs: [N.goodsFolder], join: { ...join, priceDetails: false } });
		expect(withDetails.offers.some((o) => o.priceDetails !== undefined && o.purchasePriceDetails !== undefined)).toBe(true);
		expect(without.offers.some((o) => o.priceDetails !== undefined || o.purchasePriceDetails !== undefined)).toBe(false);
		expect(without.offers.map((o) => o.offerKey)).not.toContain(N.kit);
		const strip = (offers: CatalogOffer[]) => offers.map(({ priceDetails: _p, purchasePriceDetails: _q, ...rest }) => rest);
		expect(strip(without.offers)).toEqual(strip(withDetails.offers));
	});

	it('the joined quantity is summed into each offer, rounded to 3 digits, never negative; balances of items outside the folders are left out', async () => {
		const ctl = control(sb);
		await ctl.movements({ register: 'ТоварыНаСкладах', recordType: 'Expense', records: [{ Склад_Key: W.main, Номенклатура_Key: N.jeans50, Количество: 41.5 }] });
		await ctl.movements({ register: 'ТоварыНаСкладах', records: [{ Склад_Key: W.main, Номенклатура_Key: N.jeans48, Количество: 0.0004 }, { Склад_Key: W.main, Номенклатура_Key: N.delivery, Количество: 5 }] });
		const { client } = sandboxClient(sb);
		const { offers } = await getItems(client, { folderRefs: [N.goodsFolder], join: { warehouseRefs: [W.main] } });
		const offer = byKey(offers);
		expect(offer.get(N.jeans48)?.quantity).toBe(23); // 23.0004
		expect(offer.get(N.jeans50)?.quantity).toBe(0); // 41 − 41.5
		expect(offer.get(N.delivery)).toBeUndefined();
		expect(offers.every((o) => typeof o.quantity === 'number' && o.quantity >= 0)).toBe(true);
	});

	it('without chosen warehouses the quantity is the total over all of them (retail shop included)', async () => {
		const { client } = sandboxClient(sb);
		const { offers } = await getItems(client, { folderRefs: [N.goodsFolder], join: { salePriceTypeRef: P.wholesaleCalculated } });
		const offer = byKey(offers);
		expect(offer.get(N.jeans48)).toMatchObject({ quantity: 27, purchasePrice: null }); // 23 main + 4 shop
		expect(offer.get(`${N.tshirt}#${C.whiteL}`)?.quantity).toBe(2);
		// Calculated type: purchase 180 × 1.15 = 207, rounded up to 1.
		expect(offer.get(N.jeans48)?.price).toBe(207);
	});

	it('reading storage units separately gives the same offers as $expand', async () => {
		const { client } = sandboxClient(sb);
		const expanded = await getItems(client, {});
		await control(sb).clearRequests();
		const separate = await getItems(client, { unitRead: 'separate' });
		expect(separate.offers).toEqual(expanded.offers);
		const requests = await control(sb).requests();
		expect(requests.some((r) => r.query.$expand !== undefined)).toBe(false);
		expect(requests.filter((r) => r.path.endsWith(UT.Catalog_ЕдиницыИзмерения.set))).toHaveLength(1);
	});

	it('weight comes from the storage unit (kg); an item at the top level has no folders; no storage unit falls back to the base unit', async () => {
		const { client } = sandboxClient(sb);
		await client.update(UT.Catalog_ЕдиницыИзмерения, SEED_IDS.units.jeans48Pcs, { Вес: 0.65 });
		const created = await client.create(UT.Catalog_Номенклатура, {
			Description: 'Подарочная карта',
			Артикул: 'GIFT',
			// UT refuses an item without a kind (src/Catalogs/Номенклатура/Ext/ObjectModule.bsl, ПередЗаписью)
			ВидНоменклатуры_Key: SEED_IDS.itemKinds.goods,
			БазоваяЕдиницаИзмерения_Key: SEED_IDS.unitClassifier.kg,
			СтавкаНДС: 'БезНДС',
		});
		const { offers } = await getItems(client, {});
		const offer = byKey(offers);
		expect(offer.get(N.jeans48)?.weight).toBe(0.65);
		expect(offer.get(N.jeans50)?.weight).toBeNull();
		expect(offer.get(created.ref)).toMatchObject({
			name: 'Подарочная карта',
			folderRef: null,
			folders: [],
			categoryId: null,
			categoryName: null,
			unit: { code: '166', name: 'Килограмм', sym: 'кг' },
			vatRate: 'none',
			weight: null,
		});
	});

	it('Automatic unit reading falls back to reading units by key when 1C refuses $expand; a forced expand fails', async () => {
		const { client: plain, transport, clock } = sandboxClient(sb);
		const expected = (await getItems(plain, { folderRefs: [N.goodsFolder] })).offers;
		const seen: string[] = [];
		const client = new OneCClient({ rootUrl: sb.url, transport: refusingExpand(transport, seen), clock });
		const { offers } = await getItems(client, { folderRefs: [N.goodsFolder] });
		expect(offers).toEqual(expected);
		expect(seen.filter((u) => u.includes('$expand='))).toHaveLength(1);
		expect(seen.some((u) => u.includes(encodeURI(UT.Catalog_ЕдиницыИзмерения.set)))).toBe(true);
		await expect(getItems(client, { folderRefs: [N.goodsFolder], unitRead: 'expand' })).rejects.toThrow(OneCODataError);
	});

	it('an unknown folder is an error that says what to do', async () => {
		const { client } = sandboxClient(sb);
		await expect(getItems(client, { folderRefs: ['5eed0008-0000-4000-8000-0000000000ff'] })).rejects.toThrow(FolderNotFoundError);
		await expect(getItems(client, { folderRefs: ['5eed0008-0000-4000-8000-0000000000ff'] })).rejects.toThrow(/Choose the folders/);
	});

	it('getFolders: the tree in one request; folders marked for deletion and their sub-folders left out', async () => {
		const { client } = sandboxClient(sb);
		await client.setDeletionMark(UT.Catalog_Номенклатура, N.clothesFolder, true);
		await control(sb).clearRequests();
		const folders = await getFolders(client);
		expect(await control(sb).requests()).toHaveLength(1);
		expect(folders.map((f) => [f.name, f.parentRef, f.level, f.path])).toEqual([
			['Товары', null, 1, 'Товары'],
			['Услуги', null, 1, 'Услуги'],
		]);
		expect((await getFolders(client, { includeDeleted: true })).map((f) => f.code)).toEqual(['00000000796', '00000000801', '00000000802', '00000000805']);
	});
});
