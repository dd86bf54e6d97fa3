/**
 * The join's prices (catalog-prices.ts: price-calc over the items Get Items already read) equal Get Prices'
 * getPrices for every offer and type, on the seed: stored types, characteristic rows and item-row fallback, a
 * price per another unit (socks per piece → per pack), and a calculated type.
 */
import { getItems } from '../../../../nodes/core/sync/catalog/get-items';
import { getPrices } from '../../../../nodes/core/sync/prices/get-prices';
import { PriceTypeNotFoundError } from '../../../../nodes/core/sync/prices/get-prices';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { control, sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';

const P = SEED_IDS.priceTypes;

describe('catalog join prices = getPrices (seed)', () => {
	let sb: OneCSandbox;
	beforeAll(async () => {
		sb = await withSandbox('seed');
	});
	afterAll(async () => sb.close());
	beforeEach(async () => control(sb).reset());

	it.each([
		['retail / purchase', P.retail, P.purchase],
		['calculated wholesale / purchase', P.wholesaleCalculated, P.purchase],
	])('%s', async (_label, sale, purchase) => {
		const { client } = sandboxClient(sb);
		const { offers, problems } = await getItems(client, { join: { salePriceTypeRef: sale, purchasePriceTypeRef: purchase } });
		const reference = await getPrices(client, { priceTypeRefs: [sale, purchase] });
		const expected = (type: string, key: string) => reference.items.find((p) => p.priceTypeRef === type && p.offerKey === key)?.price ?? null;
		let priced = 0;
		for (const offer of offers) {
			expect([offer.offerKey, offer.price]).toEqual([offer.offerKey, expected(sale, offer.offerKey)]);
			expect([offer.offerKey, offer.purchasePrice]).toEqual([offer.offerKey, expected(purchase, offer.offerKey)]);
			if (offer.price !== null) priced++;
		}
		expect(priced).toBeGreaterThanOrEqual(5);
		expect(problems.map((p) => p.reason)).toEqual(reference.problems.map((p) => p.reason));
	});

	it('price only, no purchase type: purchasePrice null; join requests are counted', async () => {
		const { client } = sandboxClient(sb);
		const base = await (async () => {
			await control(sb).clearRequests();
			await getItems(client, {});
			return (await control(sb).requests()).length;
		})();
		await control(sb).clearRequests();
		const { offers } = await getItems(client, { join: { warehouseRefs: [SEED_IDS.warehouses.main], salePriceTypeRef: P.retail } });
		const requests = (await control(sb).requests()).map((r) => r.path.split('/').slice(-2).join('/'));
		// + warehouse, Balance (one wholesale warehouse: one register), price types, SliceLast, units of the socks' piece price.
		expect(requests.slice(base)).toEqual([
			'standard.odata/Catalog_Склады',
			'AccumulationRegister_ТоварыНаСкладах/Balance',
			'standard.odata/Catalog_ТипыЦенНоменклатуры',
			'InformationRegister_ЦеныНоменклатуры_RecordType/SliceLast',
			'standard.odata/Catalog_ЕдиницыИзмерения',
		]);
		expect(offers.every((o) => o.purchasePrice === null)).toBe(true);
		expect(offers.find((o) => o.offerKey === SEED_IDS.items.socks)?.price).toBe(120);
	});

	it('an unknown price type is an error naming it', async () => {
		const { client } = sandboxClient(sb);
		const unknown = '5eed0005-0000-4000-8000-0000000000ff';
		await expect(getItems(client, { join: { salePriceTypeRef: unknown } })).rejects.toThrow(PriceTypeNotFoundError);
	});
});
