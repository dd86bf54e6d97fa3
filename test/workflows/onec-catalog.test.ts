/**
 * 1C UT10 Store, Catalog → Get Items and Get Folders, inside n8n-core's engine against the UT 10.3 sandbox seed:
 * the credential's Basic auth as n8n applies it, the n8n transport, multiOptions and boolean parameters, the join,
 * pairedItem, the output fields the ICML Builder node reads, and error items that never show the password.
 */
import axios from 'axios';
import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { PACKAGE, runWorkflow, singleNodeWorkflow } from '../helpers/run-workflow';
import { basicAuthHeader } from '../../nodes/core/onec/auth';
import { getNomenclatureFolderPaths } from '../../nodes/shared/load-options/onec';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { control, withSandbox } from '../integration/onec/sandbox-helpers';

function workflow(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return singleNodeWorkflow({ id: 'testOneCCatalog', name: '1C', type: 'oneCUt10Store', parameters, extra, credentials: { oneCUt10Api: { id: null, name: '1C account' } }, timezone: 'UTC' });
}

const N = SEED_IDS.items;
const C = SEED_IDS.characteristics;
const W = SEED_IDS.warehouses;
const P = SEED_IDS.priceTypes;

/** The fields the ICML Builder node's defaults read (keep in step with CatalogOffer). */
const OFFER_FIELDS = [
	'offerKey',
	'productKey',
	'ref',
	'characteristicRef',
	'characteristicName',
	'code',
	'article',
	'name',
	'productName',
	'fullName',
	'folderRef',
	'folders',
	'categoryId',
	'categoryName',
	'unit',
	'vatRate',
	'isService',
	'isSet',
	'weight',
	'barcodes',
].sort();

describe('1C UT10 Store catalog in n8n-core', () => {
	let sb: OneCSandbox;
	let ctl: ReturnType<typeof control>;
	let credentials: { oneCUt10Api: { url: string; user: string; password: string } };

	beforeAll(async () => {
		sb = await withSandbox('seed');
		ctl = control(sb);
		credentials = { oneCUt10Api: { url: sb.url, user: sb.user, password: sb.password } };
	});
	afterAll(async () => sb.close());
	beforeEach(async () => ctl.reset());

	it('Get Items of «Товары»: one item per offer with the stable fields, pairedItem, the 1C login', async () => {
		const result = await runWorkflow(workflow({ resource: 'catalog', operation: 'getItems', folders: [N.goodsFolder] }), { credentials });
		expect(result.error()).toBeUndefined();
		const out = result.output('1C');
		const jeans = out.find((i) => i.json.offerKey === N.jeans48)?.json;
		expect(Object.keys(jeans ?? {}).sort()).toEqual(OFFER_FIELDS);
		expect(jeans).toMatchObject({
			code: '00000000797',
			name: 'Джинсы Элегантность (48)',
			categoryId: N.goodsFolder,
			categoryName: 'Товары',
			unit: { code: '796', name: 'Штука', sym: 'шт' },
			vatRate: 20,
		});
		expect(out.find((i) => i.json.offerKey === N.jeans50)?.json.code).toBe('00000000798');
		expect(out.filter((i) => i.json.productKey === N.tshirt).map((i) => i.json.name)).toEqual([
			'Футболка базовая (Белый, L)',
			'Футболка базовая (Белый, M)',
			'Футболка базовая (Черный, M)',
		]);
		for (const item of out) expect(item.pairedItem).toEqual({ item: 0 });
		expect((await ctl.requests()).every((r) => r.user === 'Администратор')).toBe(true);
	});

	it('Get Items with Join Stock and Prices, barcodes, Skip Offers Without Price: quantity 23 / 41, price 300, purchase price', async () => {
		const result = await runWorkflow(
			workflow({
				resource: 'catalog',
				operation: 'getItems',
				folders: [N.goodsFolder],
				includeBarcodes: true,
				joinStockAndPrices: true,
				warehouses: [W.main],
				salePriceType: P.retail,
				purchasePriceType: P.purchase,
				dropUnpriced: true,
			}),
			{ credentials },
		);
		expect(result.error()).toBeUndefined();
		const offer = (key: string) => result.output('1C').find((i) => i.json.offerKey === key)?.json;
		// «Закупочная» holds net prices: the default VAT option adds the item's 20 % (180 → 216); «Розничная» includes VAT.
		expect(offer(N.jeans48)).toMatchObject({
			quantity: 23,
			price: 300,
			purchasePrice: 216,
			barcodes: ['4600000000017'],
			priceDetails: { typePrice: 300, typeCurrencyRef: SEED_IDS.currencies.rub, typeIncludesVat: true },
			purchasePriceDetails: { typePrice: 180, typeCurrencyRef: SEED_IDS.currencies.rub, typeIncludesVat: false, vatAdded: 20 },
		});
		expect(offer(N.jeans50)).toMatchObject({ quantity: 41, price: 300, purchasePrice: 228 });
		expect(offer(`${N.tshirt}#${C.whiteL}`)).toMatchObject({ quantity: 0, price: 480 });
		expect(offer(N.kit)).toBeUndefined(); // no retail price: skipped
		expect(result.output('1C').every((i) => typeof i.json.price === 'number')).toBe(true);
	});

	it('Get Folders: the tree parents first with level and path; roots limit it', async () => {
		const all = await runWorkflow(workflow({ resource: 'catalog', operation: 'getFolders' }), { credentials });
		expect(all.error()).toBeUndefined();
		expect(all.output('1C').map((i) => [i.json.name, i.json.level, i.json.path])).toEqual([
			['Товары', 1, 'Товары'],
			['Одежда', 2, 'Товары / Одежда'],
			['Футболки', 3, 'Товары / Одежда / Футболки'],
			['Услуги', 1, 'Услуги'],
		]);
		const first = all.output('1C')[0].json;
		expect(first).toEqual({ ref: N.goodsFolder, code: '00000000796', name: 'Товары', parentRef: null, level: 1, path: 'Товары' });

		const clothes = await runWorkflow(
			workflow({ resource: 'catalog', operation: 'getFolders', rootFolders: [N.clothesFolder] }),
			{ credentials },
		);
		expect(clothes.output('1C').map((i) => [i.json.ref, i.json.parentRef])).toEqual([
			[N.clothesFolder, null],
			[N.tshirtsFolder, N.clothesFolder],
		]);
	});

	it('a wrong password becomes an error item that never shows the password', async () => {
		const wrong = 'Wrong-Пароль-123';
		const result = await runWorkflow(workflow({ resource: 'catalog', operation: 'getItems' }, { onError: 'continueRegularOutput' }), {
			credentials: { oneCUt10Api: { url: sb.url, user: sb.user, password: wrong } },
		});
		const [item] = result.output('1C');
		expect(String(item.json.error)).toMatch(/401|password|user|login|auth/i);
		expect(JSON.stringify(result.run.data)).not.toContain(wrong);
	});

	it('an unknown folder fails the node with a message that says what to do', async () => {
		const result = await runWorkflow(workflow({ resource: 'catalog', operation: 'getItems', folders: ['5eed0008-0000-4000-8000-0000000000ff'] }), { credentials });
		const error = result.error() as Error & { description?: string };
		expect(error).toBeDefined();
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/Choose the folders from the list again/);
	});

	it('the folder dropdown lists every folder by its full path, the Ref_Key as value', async () => {
		const context = {
			getCredentials: async () => credentials.oneCUt10Api,
			getNode: () => ({ id: 'o', name: '1C', type: `${PACKAGE}.oneCUt10Store`, typeVersion: 1, position: [0, 0], parameters: {} }),
			logger: { info: () => undefined, warn: () => undefined, debug: () => undefined, error: () => undefined },
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: { method: string; url: string; headers: Record<string, string> }) => {
					const res = await axios.request<string>({
						method: options.method,
						url: options.url,
						headers: { ...options.headers, Authorization: basicAuthHeader(sb.user, sb.password) },
						responseType: 'text',
						transformResponse: [(d: unknown) => d],
						validateStatus: () => true,
					});
					return { body: res.data, headers: res.headers, statusCode: res.status };
				},
			},
		} as unknown as ILoadOptionsFunctions;
		const options = await getNomenclatureFolderPaths.call(context);
		expect(options.map((o) => [o.name, o.value])).toEqual([
			['Товары (00000000796)', N.goodsFolder],
			['Товары / Одежда (00000000801)', N.clothesFolder],
			['Товары / Одежда / Футболки (00000000802)', N.tshirtsFolder],
			['Услуги (00000000805)', N.servicesFolder],
		]);
	});
});
