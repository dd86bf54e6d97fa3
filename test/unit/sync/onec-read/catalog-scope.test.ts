/**
 * readCatalogScope (nodes/core/sync/onec-read/catalog-scope.ts) with and without item names, against the seed 1C
 * sandbox: the nameless scope is the same items with the same fields less code, name and article, in the same
 * requests; a read of All Fields rows refuses it instead of writing empty codes and names.
 */
import { readCatalogScope } from '../../../../nodes/core/sync/onec-read/catalog-scope';
import { getBalances } from '../../../../nodes/core/sync/stock/get-balances';
import { getPrices } from '../../../../nodes/core/sync/prices/get-prices';
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { control, sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';

let sb: OneCSandbox;
let ctl: ReturnType<typeof control>;

beforeAll(async () => {
	sb = await withSandbox('seed');
	ctl = control(sb);
});
afterAll(async () => sb.close());

const NAMING = ['Code', 'Description', 'Артикул'];
const folderRefs = [SEED_IDS.items.goodsFolder];

async function read(names: boolean | undefined) {
	await ctl.clearRequests();
	const scope = await readCatalogScope(sandboxClient(sb).client, { folderRefs, characteristics: true, names });
	const requests = (await ctl.requests()) as Array<{ path: string; query: Record<string, string> }>;
	return { scope, requests };
}

describe('readCatalogScope: names', () => {
	it('without names: the same items, characteristics and requests, the items without code, name and article', async () => {
		const named = await read(undefined);
		const nameless = await read(false);
		expect(named.scope.named).toBe(true);
		expect(nameless.scope.named).toBe(false);
		expect(named.scope.items.size).toBeGreaterThan(3);
		expect([...nameless.scope.items.keys()]).toEqual([...named.scope.items.keys()]);
		expect(nameless.scope.characteristics).toEqual(named.scope.characteristics);
		for (const [ref, item] of named.scope.items) {
			const { Code, Description, Артикул, ...rest } = item;
			expect(Description).toEqual(expect.any(String));
			expect(nameless.scope.items.get(ref)).toEqual(rest);
		}
		expect(nameless.requests.map((r) => r.path)).toEqual(named.requests.map((r) => r.path));
		const itemSelect = (requests: typeof named.requests) => requests.filter((r) => r.path.endsWith('/Catalog_Номенклатура') && (r.query.$filter ?? '').includes('IsFolder eq false')).map((r) => r.query.$select.split(','));
		expect(itemSelect(named.requests).length).toBeGreaterThan(0);
		for (const select of itemSelect(named.requests)) expect(select).toEqual(expect.arrayContaining(NAMING));
		for (const select of itemSelect(nameless.requests)) expect(select.filter((field) => NAMING.includes(field))).toEqual([]);
	});

	it('a nameless scope gives upload rows, and All Fields rows are refused rather than written without codes and names', async () => {
		const { scope } = await read(false);
		const client = sandboxClient(sb).client;
		const balances = { warehouseRefs: [SEED_IDS.warehouses.main], folderRefs, includeZeroStock: true, scope };
		const prices = { priceTypeRefs: [SEED_IDS.priceTypes.retail], folderRefs, scope };
		expect((await getBalances(client, { ...balances, rowFields: 'upload' })).items.length).toBeGreaterThan(0);
		expect((await getPrices(client, { ...prices, rowFields: 'upload' })).items.length).toBeGreaterThan(0);
		await expect(getBalances(client, { ...balances, rowFields: 'all' })).rejects.toThrow('A catalog scope read without item names cannot give All Fields rows');
		await expect(getPrices(client, { ...prices })).rejects.toThrow('A catalog scope read without item names cannot give All Fields rows');
	});
});
