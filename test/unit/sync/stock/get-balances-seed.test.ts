/**
 * Stock → Get Balances core (nodes/core/sync/stock/get-balances.ts) against the UT 10.3 sandbox seed, over axios:
 * registers by warehouse kind, movements, free stock, zero stock, characteristics, folder scope; and the folder scope
 * read without item names (nodes/core/sync/onec-read/catalog-scope.ts `names`), which Stock Upload's direct mode uses:
 * the same items with the same fields less code, name and article, in the same requests; a read of All Fields rows
 * refuses it instead of writing empty codes and names.
 */
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { getBalances, type BalanceItem } from '../../../../nodes/core/sync/stock/get-balances';
import { RegisterNotPublishedError } from '../../../../nodes/core/sync/onec-read/balance-read';
import { UT } from '../../../../nodes/core/onec/model';
import { readCatalogScope } from '../../../../nodes/core/sync/onec-read/catalog-scope';
import { getPrices } from '../../../../nodes/core/sync/prices/get-prices';
import { control, sandboxClient, withSandbox } from '../../../integration/onec/sandbox-helpers';

const W = SEED_IDS.warehouses;
const N = SEED_IDS.items;
const C = SEED_IDS.characteristics;

let sb: OneCSandbox;
let ctl: ReturnType<typeof control>;

beforeAll(async () => {
	sb = await withSandbox('seed');
	ctl = control(sb);
});
afterAll(async () => sb.close());
beforeEach(async () => ctl.reset());

/** offerKey@warehouseCode → quantity. */
function quantities(items: readonly BalanceItem[]): Record<string, number> {
	return Object.fromEntries(items.map((i) => [`${i.itemName}${i.characteristicRef ? `#${i.characteristicRef}` : ''}@${i.warehouseName}`, i.quantity]));
}

describe('getBalances on the seed', () => {
	it('afterRead is called once, when 1C has answered the last request of the read (the caller may then ask 1C the next thing)', async () => {
		for (const options of [{}, { includeZeroStock: true, freeStock: true }, { folderRefs: [N.goodsFolder], includeZeroStock: true }]) {
			const { client, transport } = sandboxClient(sb);
			const atAfterRead: number[] = [];
			await getBalances(client, { warehouseRefs: [W.main, W.retail], ...options, afterRead: () => atAfterRead.push(transport.count) });
			expect(atAfterRead).toEqual([transport.count]);
			expect(transport.count).toBeGreaterThan(2);
		}
	});

	it('reads Основной склад from ТоварыНаСкладах: jeans 48 → 23, jeans 50 → 41, with codes, articles and names', async () => {
		const { client } = sandboxClient(sb);
		const { items } = await getBalances(client, { warehouseRefs: [W.main] });
		const jeans48 = items.find((i) => i.offerKey === N.jeans48);
		expect(jeans48).toEqual({
			offerKey: N.jeans48,
			itemRef: N.jeans48,
			characteristicRef: null,
			itemCode: '00000000797',
			itemArticle: 'ДЖ-48',
			itemName: 'Джинсы Элегантность (48)',
			warehouseRef: W.main,
			warehouseCode: '000000001',
			warehouseName: 'Основной склад',
			warehouseKind: 'Оптовый',
			quantity: 23,
		});
		expect(quantities(items)).toEqual({
			'Джинсы Элегантность (48)@Основной склад': 23,
			'Джинсы Элегантность (50)@Основной склад': 41,
			[`Футболка базовая#${C.whiteM}@Основной склад`]: 5,
			[`Футболка базовая#${C.blackM}@Основной склад`]: 3,
			'Носки хлопковые@Основной склад': 12,
		});
		const tshirt = items.find((i) => i.characteristicRef === C.whiteM);
		expect(tshirt?.offerKey).toBe(`${N.tshirt}#${C.whiteM}`);
		const log = await ctl.requests();
		expect(log.map((r) => r.path.split('/').slice(4).join('/'))).toEqual(['Catalog_Склады', 'AccumulationRegister_ТоварыНаСкладах/Balance', 'Catalog_Номенклатура']);
		const balance = log[1];
		expect(balance.query.Condition).toBe(`Склад_Key eq guid'${W.main}'`);
		expect(balance.query.Dimensions).toBe('Склад,Номенклатура,ХарактеристикаНоменклатуры');
	});

	it('a sale recorded in 1C lowers the balance on the next read', async () => {
		const { client } = sandboxClient(sb);
		await ctl.movements({ register: 'ТоварыНаСкладах', recordType: 'Expense', records: [{ Склад_Key: W.main, Номенклатура_Key: N.jeans48, Количество: 3 }] });
		const { items } = await getBalances(client, { warehouseRefs: [W.main] });
		expect(items.find((i) => i.offerKey === N.jeans48)?.quantity).toBe(20);
		// Selling the last 41 of jeans 50: Balance drops the zero row, so the offer is simply absent without Include Zero Stock.
		await ctl.movements({ register: 'ТоварыНаСкладах', recordType: 'Expense', records: [{ Склад_Key: W.main, Номенклатура_Key: N.jeans50, Количество: 41 }] });
		const after = await getBalances(client, { warehouseRefs: [W.main] });
		expect(after.items.find((i) => i.offerKey === N.jeans50)).toBeUndefined();
		const withZero = await getBalances(client, { warehouseRefs: [W.main], includeZeroStock: true });
		expect(withZero.items.find((i) => i.offerKey === N.jeans50)?.quantity).toBe(0);
	});

	it('Розничный warehouses are read from ТоварыВРознице, НТТ ones from ТоварыВНТТ (UT 10.3\'s own register for them), one request each', async () => {
		const { client } = sandboxClient(sb);
		// A retail-register movement on the НТТ warehouse is not where UT keeps НТТ goods: it is not read.
		await ctl.movements({ register: 'ТоварыВРознице', records: [{ Склад_Key: W.ntt, Номенклатура_Key: N.socks, Количество: 2, СуммаПродажная: 40 }] });
		const { items, warehouses } = await getBalances(client, { warehouseRefs: [W.main, W.retail, W.ntt] });
		expect(warehouses.map((w) => [w.name, w.kind, w.register])).toEqual([
			['Основной склад', 'Оптовый', 'ТоварыНаСкладах'],
			['Магазин на Ленина', 'Розничный', 'ТоварыВРознице'],
			['Киоск (НТТ)', 'НТТ', 'ТоварыВНТТ'],
		]);
		const q = quantities(items);
		expect(q['Джинсы Элегантность (48)@Магазин на Ленина']).toBe(4);
		expect(q[`Футболка базовая#${C.whiteL}@Магазин на Ленина`]).toBe(2);
		// The seed's НТТ receipt: 6 jeans (50) and 15 socks, summed over retail prices (a dimension of ТоварыВНТТ).
		expect(q['Носки хлопковые@Киоск (НТТ)']).toBe(15);
		expect(q['Джинсы Элегантность (50)@Киоск (НТТ)']).toBe(6);
		expect(q['Джинсы Элегантность (48)@Основной склад']).toBe(23);
		const log = await ctl.requests();
		const retailCalls = log.filter((r) => r.path.includes('ТоварыВРознице'));
		expect(retailCalls.map((r) => r.query.Condition)).toEqual([`Склад_Key eq guid'${W.retail}'`]);
		const nttCalls = log.filter((r) => r.path.includes('ТоварыВНТТ'));
		expect(nttCalls.map((r) => [r.path.split('/').slice(-2).join('/'), r.query.Condition, r.query.Dimensions])).toEqual([
			['AccumulationRegister_ТоварыВНТТ/Balance', `Склад_Key eq guid'${W.ntt}'`, 'Склад,Номенклатура,ХарактеристикаНоменклатуры'],
		]);
	});

	it('НТТ stock at two retail prices is one quantity per offer', async () => {
		const { client } = sandboxClient(sb);
		await ctl.movements({ register: 'ТоварыВНТТ', records: [{ Склад_Key: W.ntt, ТоварТара: 'Товар', Номенклатура_Key: N.socks, ЦенаВРознице: 25, Количество: 5 }] });
		const { items } = await getBalances(client, { warehouseRefs: [W.ntt] });
		expect(quantities(items)).toEqual({ 'Джинсы Элегантность (50)@Киоск (НТТ)': 6, 'Носки хлопковые@Киоск (НТТ)': 20 });
	});

	it('НТТ goods can be read from ТоварыНаСкладах instead (registerByKind), a base-specific choice', async () => {
		const { client } = sandboxClient(sb);
		await ctl.movements({ register: 'ТоварыНаСкладах', records: [{ Склад_Key: W.ntt, Номенклатура_Key: N.socks, Количество: 9 }] });
		const { items, warehouses } = await getBalances(client, { warehouseRefs: [W.ntt], registerByKind: { НТТ: 'ТоварыНаСкладах' } });
		expect(warehouses[0].register).toBe('ТоварыНаСкладах');
		expect(quantities(items)).toEqual({ 'Носки хлопковые@Киоск (НТТ)': 9 });
	});

	it('a warehouse with an empty ВидСклада is read as wholesale (ТоварыНаСкладах), its kind reported as null', async () => {
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Catalog_Склады, { Description: 'Без вида' });
		await ctl.movements({ register: 'ТоварыНаСкладах', records: [{ Склад_Key: created.ref, Номенклатура_Key: N.jeans48, Количество: 1.5 }] });
		const { items, warehouses } = await getBalances(client, { warehouseRefs: [created.ref] });
		expect(warehouses.map((w) => [w.kind, w.register])).toEqual([[null, 'ТоварыНаСкладах']]);
		expect(items.map((i) => [i.offerKey, i.warehouseName, i.warehouseKind, i.quantity])).toEqual([[N.jeans48, 'Без вида', null, 1.5]]);
	});

	it('Free Stock subtracts reserves and goods to be shipped; negatives become 0', async () => {
		const { client } = sandboxClient(sb);
		await ctl.movements({ register: 'ТоварыКПередачеСоСкладов', records: [{ Склад_Key: W.main, Номенклатура_Key: N.socks, Количество: 5 }] });
		await ctl.movements({ register: 'ТоварыВРезервеНаСкладах', records: [{ Склад_Key: W.main, Номенклатура_Key: N.tshirt, ХарактеристикаНоменклатуры_Key: C.blackM, Количество: 10 }] });
		const { items } = await getBalances(client, { warehouseRefs: [W.main], freeStock: true });
		const q = quantities(items);
		expect(q['Джинсы Элегантность (50)@Основной склад']).toBe(39); // 41 − 2 reserved by the seed order
		expect(q['Джинсы Элегантность (48)@Основной склад']).toBe(23);
		expect(q['Носки хлопковые@Основной склад']).toBe(7); // 12 − 5 to be shipped
		expect(q[`Футболка базовая#${C.blackM}@Основной склад`]).toBe(0); // 3 − 10 → 0
	});

	it('Free Stock fails clearly when ТоварыКПередачеСоСкладов is not published', async () => {
		const { client } = sandboxClient(sb);
		const published = [UT.Catalog_Склады.set, UT.Catalog_Номенклатура.set, UT.AccumulationRegister_ТоварыНаСкладах.set, UT.AccumulationRegister_ТоварыВРезервеНаСкладах.set];
		await ctl.config({ published });
		const failure = getBalances(client, { warehouseRefs: [W.main], freeStock: true });
		await expect(failure).rejects.toBeInstanceOf(RegisterNotPublishedError);
		await expect(getBalances(client, { warehouseRefs: [W.main], freeStock: true })).rejects.toThrow(/AccumulationRegister_ТоварыКПередачеСоСкладов.*"Free Stock"/);
	});

	it('Include Zero Stock returns every stock offer of the catalog on every warehouse, characteristics included, services and sets left out', async () => {
		const { client } = sandboxClient(sb);
		const { items } = await getBalances(client, { warehouseRefs: [W.main, W.retail], includeZeroStock: true });
		const offers = new Set(items.map((i) => i.offerKey));
		expect([...offers].sort()).toEqual(
			[N.jeans48, N.jeans50, N.socks, `${N.tshirt}#${C.whiteM}`, `${N.tshirt}#${C.whiteL}`, `${N.tshirt}#${C.blackM}`].sort(),
		);
		expect(items).toHaveLength(12); // 6 offers × 2 warehouses
		const q = quantities(items);
		expect(q['Джинсы Элегантность (50)@Магазин на Ленина']).toBe(0);
		expect(q[`Футболка базовая#${C.whiteL}@Основной склад`]).toBe(0);
		expect(q[`Футболка базовая#${C.whiteL}@Магазин на Ленина`]).toBe(2);
	});

	it('limits to a folder and its sub-folders (Одежда → Футболки), reading folders once', async () => {
		const { client } = sandboxClient(sb);
		const { items } = await getBalances(client, { warehouseRefs: [W.main, W.retail], folderRefs: [N.clothesFolder] });
		expect(items.map((i) => [i.offerKey, i.warehouseCode, i.quantity])).toEqual([
			[`${N.tshirt}#${C.blackM}`, '000000001', 3],
			[`${N.tshirt}#${C.whiteL}`, '000000002', 2],
			[`${N.tshirt}#${C.whiteM}`, '000000001', 5],
		].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
		const zero = await getBalances(client, { warehouseRefs: [W.main], folderRefs: [N.clothesFolder], includeZeroStock: true });
		expect(zero.items.map((i) => i.quantity).sort()).toEqual([0, 3, 5]);
		const folderReads = (await ctl.requests()).filter((r) => r.path.endsWith('Catalog_Номенклатура') && r.query.$filter === 'IsFolder eq true');
		expect(folderReads).toHaveLength(2); // one per getBalances call
	});

	it('Balance Page Size pages each register with $top/$skip over the dimensions and gives the same rows', async () => {
		const { client } = sandboxClient(sb);
		const whole = await getBalances(client, { warehouseRefs: [W.main, W.retail], freeStock: true, balancePageSize: 0 });
		expect((await ctl.requests()).filter((r) => r.path.endsWith('/Balance')).every((r) => r.query.$skip === undefined && r.query.$top === undefined)).toBe(true);
		await ctl.clearRequests();
		const paged = await getBalances(client, { warehouseRefs: [W.main, W.retail], freeStock: true, balancePageSize: 2 });
		expect(paged.items).toEqual(whole.items);
		const balanceCalls = (await ctl.requests()).filter((r) => r.path.endsWith('/Balance'));
		// Every page after the first starts one row early (the client's check that rows did not move between pages):
		// ТоварыНаСкладах 5 rows → 3 pages, ТоварыВРознице 2 → 2, reserves 1 → 1, transfers 0 → 1
		expect(balanceCalls.map((r) => [r.path.split('_').slice(1).join('_').replace('/Balance', ''), r.query.$skip ?? '0', r.query.$top])).toEqual([
			['ТоварыНаСкладах', '0', '2'],
			['ТоварыНаСкладах', '1', '3'],
			['ТоварыНаСкладах', '3', '3'],
			['ТоварыВРознице', '0', '2'],
			['ТоварыВРознице', '1', '3'],
			['ТоварыВРезервеНаСкладах', '0', '2'],
			['ТоварыКПередачеСоСкладов', '0', '2'],
		]);
		expect(balanceCalls[0].query.$orderby).toBe('Склад_Key,Номенклатура_Key,ХарактеристикаНоменклатуры_Key');
		expect(balanceCalls[0].query.Condition).toBe(`Склад_Key eq guid'${W.main}'`);
	});

	it('refuses unknown warehouses and folders chosen as warehouses', async () => {
		const { client } = sandboxClient(sb);
		await expect(getBalances(client, { warehouseRefs: [W.branchesFolder] })).rejects.toThrow(/not found in 1C/);
		await expect(getBalances(client, { warehouseRefs: [] })).rejects.toThrow(/at least one warehouse/);
		await expect(getBalances(client, { warehouseRefs: [W.main], folderRefs: [N.jeans48] })).rejects.toThrow(new RegExp(`folder\\(s\\) not found.*${N.jeans48}`));
	});
});

describe('balances without a characteristic of items kept by characteristics (not among their ICML offers)', () => {
	const SCARF = '5eed0008-0000-4000-8000-0000000000a1';
	const SCARF_RED = '5eed0009-0000-4000-8000-0000000000a1';

	/** «Шарф» kept by characteristics with ONE characteristic; 2 of it and 4 of the three-characteristic T-shirt posted without one. */
	async function postItemLevelStock(): Promise<void> {
		const store = sb.state.store;
		const tshirt = store.get('Catalog_Номенклатура', N.tshirt)!;
		store.put('Catalog_Номенклатура', { ...tshirt, Ref_Key: SCARF, Code: '00000000900', Description: 'Шарф', ВестиУчетПоХарактеристикам: true });
		store.put('Catalog_ХарактеристикиНоменклатуры', { Ref_Key: SCARF_RED, Owner_Key: SCARF, Description: 'Красный' });
		await ctl.movements({
			register: 'ТоварыНаСкладах',
			records: [
				{ Склад_Key: W.main, Номенклатура_Key: SCARF, Количество: 2 },
				{ Склад_Key: W.main, Номенклатура_Key: SCARF, ХарактеристикаНоменклатуры_Key: SCARF_RED, Количество: 1 },
				{ Склад_Key: W.main, Номенклатура_Key: N.tshirt, Количество: 4 },
			],
		});
	}

	it('default: the only characteristic gets the balance (and the row says how much came without one); an item with several leaves it out, reported', async () => {
		await postItemLevelStock();
		const { client } = sandboxClient(sb);
		const { items, itemLevelStock } = await getBalances(client, { warehouseRefs: [W.main] });
		const keys = items.map((i) => i.offerKey);
		expect(keys).not.toContain(SCARF);
		expect(keys).not.toContain(N.tshirt);
		expect(items.find((i) => i.offerKey === `${SCARF}#${SCARF_RED}`)).toMatchObject({ quantity: 3, itemLevelQuantity: 2 });
		// The T-shirt's characteristic rows are untouched.
		expect(items.find((i) => i.offerKey === `${N.tshirt}#${C.whiteM}`)).toMatchObject({ quantity: 5 });
		expect('itemLevelQuantity' in items.find((i) => i.offerKey === `${N.tshirt}#${C.whiteM}`)!).toBe(false);
		// In the order 1C returned the rows: pages are ordered by warehouse, item and characteristic.
		expect(itemLevelStock).toEqual([
			{ itemRef: N.tshirt, warehouseRef: W.main, quantity: 4, outcome: 'leftOut', characteristics: 3 },
			{ itemRef: SCARF, warehouseRef: W.main, quantity: 2, outcome: 'movedToSingleOffer', characteristicRef: SCARF_RED, characteristics: 1 },
		]);
		// Characteristics were read once, only for the two items that needed them.
		const reads = (await ctl.requests()).filter((r) => r.path.endsWith('Catalog_ХарактеристикиНоменклатуры'));
		expect(reads).toHaveLength(1);
		expect(reads[0].query.$filter).toContain(SCARF);
		expect(reads[0].query.$filter).toContain(N.tshirt);
	});

	it('rule "drop": every such balance is left out and reported', async () => {
		await postItemLevelStock();
		const { client } = sandboxClient(sb);
		const { items, itemLevelStock } = await getBalances(client, { warehouseRefs: [W.main], itemLevelStock: 'drop' });
		expect(items.find((i) => i.offerKey === `${SCARF}#${SCARF_RED}`)).toMatchObject({ quantity: 1 });
		expect(itemLevelStock.map((n) => [n.itemRef, n.outcome])).toEqual([
			[N.tshirt, 'leftOut'],
			[SCARF, 'leftOut'],
		]);
	});

	it('no such balance: no characteristics read at all', async () => {
		const { client } = sandboxClient(sb);
		const { itemLevelStock } = await getBalances(client, { warehouseRefs: [W.main] });
		expect(itemLevelStock).toEqual([]);
		expect((await ctl.requests()).filter((r) => r.path.endsWith('Catalog_ХарактеристикиНоменклатуры'))).toEqual([]);
	});
});

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
