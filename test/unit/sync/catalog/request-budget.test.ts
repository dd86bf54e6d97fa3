/**
 * Request budget of Get Items on a generated catalog (the sandbox's large fixture, built smaller so the test stays
 * fast — the count is a formula of the sizes, asserted exactly): a whole-catalog read costs
 * P(items) + P₃(characteristics) + 2 (folders, unit classifier) with P(n) = ⌊n / 1000⌋ + 1 pages and P₃, P₅ the pages
 * of a keyed read's whole-set read of narrow rows, 3,000 or 5,000 a page (onec-read/keyed-read.ts wholeSetPageSize)
 * (100,000 items / 20,000 characteristics on top of the seed: 101 + 7 + 2 = 110). Barcodes add P(barcode rows).
 */
import { getItems } from '../../../../nodes/core/sync/catalog/get-items';
import { getPrices } from '../../../../nodes/core/sync/prices/get-prices';
import { UT } from '../../../../nodes/core/onec/model';
import { and, eq } from '../../../../nodes/core/onec/query';
import { startOneCSandbox, type OneCSandbox } from '../../../sandboxes/onec/server';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { control, sandboxClient } from '../../../integration/onec/sandbox-helpers';

const ITEMS = 2_500;
const CHARACTERISTICS = 1_100;
const PAGE = 1000;
/** A keyed read's whole-set pages of characteristics (3 columns) and of units' coefficients (2 columns). */
const CHARACTERISTIC_PAGE = 3000;
const UNIT_PAGE = 5000;
const pages = (rows: number, page = PAGE) => Math.floor(rows / page) + 1;

describe('catalog getItems request budget (generated catalog)', () => {
	let sb: OneCSandbox;
	let itemCount: number;
	let characteristicCount: number;
	let barcodeCount: number;
	let folderCount: number;
	let unitCount: number;

	beforeAll(async () => {
		sb = await startOneCSandbox({ port: 0, fixture: 'large', large: { items: ITEMS, characteristics: CHARACTERISTICS } });
		// The sizes as 1C sees them (the seed's items, characteristics and barcodes come on top of the generated ones).
		const { client } = sandboxClient(sb);
		itemCount = (await client.readAll(UT.Catalog_Номенклатура, { select: ['Ref_Key'], filter: and(eq('IsFolder', false), eq('DeletionMark', false)) })).length;
		folderCount = (await client.readAll(UT.Catalog_Номенклатура, { select: ['Ref_Key'], filter: eq('IsFolder', true) })).length;
		characteristicCount = (await client.readAll(UT.Catalog_ХарактеристикиНоменклатуры, { select: ['Ref_Key'], filter: eq('DeletionMark', false) })).length;
		unitCount = (await client.readAll(UT.Catalog_ЕдиницыИзмерения, { select: ['Ref_Key'] })).length;
		barcodeCount = (await client.readAll(UT.InformationRegister_Штрихкоды.records, { select: ['Штрихкод'], orderby: ['Штрихкод'] })).length;
	}, 60_000);
	afterAll(async () => sb.close());
	beforeEach(async () => control(sb).clearRequests());

	it('the fixture has the sizes the formula is checked with', () => {
		expect(itemCount).toBe(ITEMS + 6);
		expect(characteristicCount).toBe(CHARACTERISTICS + 3);
		expect(folderCount).toBeLessThan(PAGE);
	});

	it('the whole catalog: P(items) + P₃(characteristics) + 2 requests, every item and characteristic once', async () => {
		const { client } = sandboxClient(sb);
		const { offers } = await getItems(client, {});
		const requests = await control(sb).requests();
		expect(requests).toHaveLength(pages(itemCount) + pages(characteristicCount, CHARACTERISTIC_PAGE) + 2);
		expect(requests.length).toBeLessThanOrEqual(Math.ceil(itemCount / PAGE) + Math.ceil(characteristicCount / CHARACTERISTIC_PAGE) + 2);
		expect(requests.filter((r) => r.path.endsWith(UT.Catalog_ЕдиницыИзмерения.set))).toHaveLength(0);
		// Offers: one per characteristic, plus one per item without characteristics.
		const withCharacteristics = new Set(offers.filter((o) => o.characteristicRef !== null).map((o) => o.ref));
		expect(offers.filter((o) => o.characteristicRef !== null)).toHaveLength(characteristicCount);
		expect(offers).toHaveLength(characteristicCount + itemCount - withCharacteristics.size);
		expect(new Set(offers.map((o) => o.offerKey)).size).toBe(offers.length);
		// Every 10th generated item is stored in packs of 10 (OKEI 778), the others in pieces.
		expect(offers.find((o) => o.productName === 'Товар 10')?.unit).toEqual({ code: '778', name: 'Упаковка', sym: 'упак' });
		expect(offers.find((o) => o.productName === 'Товар 11')?.unit).toEqual({ code: '796', name: 'Штука', sym: 'шт' });
		expect(offers.find((o) => o.productName === 'Товар 8')?.vatRate).toBe(10); // i % 7 === 0 → НДС10
	});

	it('Include Barcodes adds P(barcode rows) requests', async () => {
		const { client } = sandboxClient(sb);
		const { offers } = await getItems(client, { includeBarcodes: true });
		expect(await control(sb).requests()).toHaveLength(pages(itemCount) + pages(characteristicCount, CHARACTERISTIC_PAGE) + 2 + pages(barcodeCount));
		expect(offers.find((o) => o.name === 'Товар 1000')?.barcodes).toEqual([String(4600000000000 + 999 * 10 + 7)]);
	});

	it('a root holding the whole tree costs the same as the whole catalog (the OR-chain would be longer than a full read)', async () => {
		const { client } = sandboxClient(sb);
		await getItems(client, { folderRefs: [SEED_IDS.items.goodsFolder] });
		expect(await control(sb).requests()).toHaveLength(pages(itemCount) + pages(characteristicCount, CHARACTERISTIC_PAGE) + 2);
	});

	it('a small folder costs 4 requests: folders, its items, their characteristics, the classifier (+1 for its barcodes)', async () => {
		const { client } = sandboxClient(sb);
		const folders = await client.readAll(UT.Catalog_Номенклатура, { select: ['Ref_Key', 'Description'], filter: eq('IsFolder', true) });
		const leaf = folders.find((f) => f.Description === 'Группа 1.1.1');
		expect(leaf).toBeDefined();
		await control(sb).clearRequests();
		const { offers } = await getItems(client, { folderRefs: [leaf!.Ref_Key] });
		expect(await control(sb).requests()).toHaveLength(4);
		expect(offers.length).toBeGreaterThan(0);
		expect(offers.every((o) => o.categoryId === leaf!.Ref_Key && o.folders.map((f) => f.name).join(' / ') === 'Товары / Группа 1 / Группа 1.1 / Группа 1.1.1')).toBe(true);
		// Its barcodes by owner: ⌈items / 7⌉ OR-chains (5 items → 1), not the whole register.
		await control(sb).clearRequests();
		const withBarcodes = await getItems(client, { folderRefs: [leaf!.Ref_Key], includeBarcodes: true });
		expect(await control(sb).requests()).toHaveLength(5);
		expect(new Set(withBarcodes.offers.filter((o) => o.characteristicRef === null).map((o) => o.barcodes.length))).toEqual(new Set([1]));
	});

	it('Join Stock and Prices on all warehouses: + 1 warehouses + 3 Balance (wholesale, retail, НТТ) + 1 price types + 1 SliceLast + P₅(units); prices equal getPrices', async () => {
		const { client } = sandboxClient(sb);
		const { offers, problems } = await getItems(client, { join: { salePriceTypeRef: SEED_IDS.priceTypes.retail, purchasePriceTypeRef: SEED_IDS.priceTypes.purchase } });
		// Every 10th item is stored in packs but priced per piece at retail: too many units for OR-chains, so one paged read.
		expect(await control(sb).requests()).toHaveLength(pages(itemCount) + pages(characteristicCount, CHARACTERISTIC_PAGE) + 2 + 1 + 3 + 1 + 1 + pages(unitCount, UNIT_PAGE));
		expect(problems).toEqual([]);
		const reference = await getPrices(client, { priceTypeRefs: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.purchase] });
		const expected = new Map(reference.items.map((p) => [`${p.priceTypeRef}|${p.offerKey}`, p.price]));
		const mismatches = offers.filter(
			(o) => o.price !== (expected.get(`${SEED_IDS.priceTypes.retail}|${o.offerKey}`) ?? null) || o.purchasePrice !== (expected.get(`${SEED_IDS.priceTypes.purchase}|${o.offerKey}`) ?? null),
		);
		expect(mismatches).toEqual([]);
		expect(offers.filter((o) => typeof o.price === 'number').length).toBeGreaterThan(itemCount - 10);
		expect(offers.some((o) => (o.quantity ?? 0) > 0)).toBe(true);
	});
});
