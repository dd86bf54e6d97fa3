/**
 * Request counts on the large fixture (3 warehouses of 2 kinds; the generator's 100,000 items cut to 10,000 and
 * 2,000 characteristics so the suite stays fast — the formula is the same at any size, 100,000 items at pages of
 * 1000 give 104 requests for a plain Get Balances): Get Balances and Get Prices send a number of OData requests
 * fixed by the design — a constant plus one per page of each catalog read in full — never one per row. Counts are
 * exact: each page read is ⌊rows / pageSize⌋ + 1 requests (a short page ends the read); a keyed read that reads a
 * whole set of narrow rows pages 3 (characteristics) or 5 (units' coefficients) times as many rows.
 */
import type { OneCSandbox } from '../../../sandboxes/onec/server';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { getBalances } from '../../../../nodes/core/sync/stock/get-balances';
import { getPrices } from '../../../../nodes/core/sync/prices/get-prices';
import { startOneCSandbox } from '../../../sandboxes/onec/server';
import { forgetSliceLastForms } from '../../../../nodes/core/onec/client';
import { control, sandboxClient } from '../../../integration/onec/sandbox-helpers';

jest.setTimeout(60_000);

let sb: OneCSandbox;
let ctl: ReturnType<typeof control>;
const PAGE = 500;
const pages = (rows: number, page = PAGE) => Math.floor(rows / page) + 1;
/** A keyed read's whole-set pages (onec-read/keyed-read.ts wholeSetPageSize): characteristics 3×, units' coefficients 5× the page. */
const CHARACTERISTIC_PAGE = 3 * PAGE;
const UNIT_PAGE = 5 * PAGE;

beforeAll(async () => {
	forgetSliceLastForms();
	sb = await startOneCSandbox({ port: 0, fixture: 'large', large: { items: 10_000, characteristics: 2_000 } });
	ctl = control(sb);
});
afterAll(async () => sb.close());
beforeEach(async () => ctl.clearRequests());

function rows(set: string) {
	return sb.state.store.rows(set) as Array<Record<string, unknown>>;
}

function warehouseRefs(): string[] {
	const byCode = new Map(rows('Catalog_Склады').map((r) => [String(r.Code), String(r.Ref_Key)]));
	return [SEED_IDS.warehouses.main, byCode.get('000000010') as string, byCode.get('000000011') as string];
}

describe('OData requests for the large fixture', () => {
	it('Get Balances on 3 warehouses: 1 + 1 per register + pages of the item catalog', async () => {
		const { client, transport } = sandboxClient(sb, { pageSize: PAGE });
		const items = rows('Catalog_Номенклатура').filter((r) => r.IsFolder !== true).length;
		const { items: out } = await getBalances(client, { warehouseRefs: warehouseRefs() });
		expect(out.length).toBeGreaterThan(9_000);
		expect(transport.count).toBe((await ctl.requests()).length); // no retries hidden in the count
		// warehouses + ТоварыНаСкладах (2 wholesale warehouses in one Condition) + ТоварыВРознице + item codes
		expect(transport.count).toBe(1 + 1 + 1 + pages(items));
		expect(transport.count).toBeLessThanOrEqual(Math.ceil(items / PAGE) + 4);
	});

	it('with Balance Page Size each register costs its pages of balance rows instead of one request', async () => {
		const { client, transport } = sandboxClient(sb, { pageSize: PAGE });
		const refs = warehouseRefs();
		const items = rows('Catalog_Номенклатура').filter((r) => r.IsFolder !== true).length;
		const balanceRows = (register: string, warehouses: string[]) => {
			const sums = new Map<string, number>();
			for (const r of rows(`AccumulationRegister_${register}_RecordType`)) {
				if (!warehouses.includes(String(r.Склад_Key)) || r.Active === false) continue;
				const key = `${r.Склад_Key}|${r.Номенклатура_Key}|${r.ХарактеристикаНоменклатуры_Key}`;
				sums.set(key, (sums.get(key) ?? 0) + (r.RecordType === 'Expense' ? -1 : 1) * Number(r.Количество));
			}
			return [...sums.values()].filter((q) => q !== 0).length;
		};
		const BALANCE_PAGE = 2000;
		const wholesale = balanceRows('ТоварыНаСкладах', refs.slice(0, 2));
		const retail = balanceRows('ТоварыВРознице', refs.slice(2));
		const { items: out } = await getBalances(client, { warehouseRefs: refs, balancePageSize: BALANCE_PAGE });
		expect(out).toHaveLength(wholesale + retail);
		const bpages = (n: number) => Math.floor(n / BALANCE_PAGE) + 1;
		expect(transport.count).toBe(1 + bpages(wholesale) + bpages(retail) + pages(items));
	});

	it('Free Stock + Include Zero Stock: + 2 registers + pages of the characteristics', async () => {
		const { client, transport } = sandboxClient(sb, { pageSize: PAGE });
		const items = rows('Catalog_Номенклатура').filter((r) => r.IsFolder !== true);
		const characteristics = rows('Catalog_ХарактеристикиНоменклатуры').filter((r) => r.DeletionMark !== true).length;
		const { items: out } = await getBalances(client, { warehouseRefs: warehouseRefs(), freeStock: true, includeZeroStock: true });
		const offers = items.filter((r) => r.ВестиУчетПоХарактеристикам !== true && r.Услуга !== true && r.Набор !== true).length + characteristics;
		expect(out).toHaveLength(offers * 3);
		expect(transport.count).toBe(1 + 2 + 2 + pages(items.length) + pages(characteristics, CHARACTERISTIC_PAGE));
	});

	it('a folder scope reads folders once and the items of its folders as OR-chains or pages, never per folder', async () => {
		const { client, transport } = sandboxClient(sb, { pageSize: PAGE });
		const folder = rows('Catalog_Номенклатура').find((r) => r.Description === 'Группа 3.4') as Record<string, unknown>;
		const { items: out } = await getBalances(client, { warehouseRefs: warehouseRefs(), folderRefs: [String(folder.Ref_Key)], includeZeroStock: true });
		expect(out.length).toBeGreaterThan(0);
		const log = await ctl.requests();
		const folderReads = log.filter((r) => r.query.$filter === 'IsFolder eq true');
		expect(folderReads).toHaveLength(pages(rows('Catalog_Номенклатура').filter((r) => r.IsFolder === true).length)); // all folders, once
		// 6 folders (the group and its 5 sub-folders) fit one OR-chain URL, read in pages.
		const folders = new Set([String(folder.Ref_Key), ...rows('Catalog_Номенклатура').filter((r) => r.Parent_Key === folder.Ref_Key).map((r) => String(r.Ref_Key))]);
		expect(folders.size).toBe(6);
		const inFolders = rows('Catalog_Номенклатура').filter((r) => r.IsFolder !== true && folders.has(String(r.Parent_Key)));
		const itemReads = log.filter((r) => r.path.endsWith('Catalog_Номенклатура') && r.query.$filter?.includes('Parent_Key'));
		expect(itemReads).toHaveLength(pages(inFolders.length));
		// + warehouses, 2 registers, characteristics of the few items kept by them (OR-chains)
		expect(transport.count).toBe(log.length);
		expect(transport.count).toBeLessThanOrEqual(1 + itemReads.length + 3 + 8);
	});

	it('Get Prices for a stored type: constant + pages of items, characteristics and units', async () => {
		const { client, transport } = sandboxClient(sb, { pageSize: PAGE });
		const items = rows('Catalog_Номенклатура').filter((r) => r.IsFolder !== true).length;
		const characteristics = rows('Catalog_ХарактеристикиНоменклатуры').filter((r) => r.DeletionMark !== true).length;
		const units = rows('Catalog_ЕдиницыИзмерения').length;
		const { items: out, problems } = await getPrices(client, { priceTypeRefs: [SEED_IDS.priceTypes.retail], period: '2030-01-01T00:00:00' });
		expect(problems).toEqual([]);
		expect(out.length).toBeGreaterThan(10_000);
		expect(transport.count).toBe((await ctl.requests()).length);
		// price types + SliceLast + items + characteristics + units + currencies
		expect(transport.count).toBe(1 + 1 + pages(items) + pages(characteristics, CHARACTERISTIC_PAGE) + pages(units, UNIT_PAGE) + 1);
	});
});
