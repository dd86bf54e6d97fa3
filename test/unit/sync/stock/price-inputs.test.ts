/**
 * Unchanged price inputs (nodes/core/sync/prices/price-inputs.ts) in the direct mode's core, against both sandboxes
 * (seed), with the state kept as the node keeps it: loaded from "static data" each run and written back only when the
 * node would write it. What it must never do is hide a price change: every way 1C's prices can change is tried.
 */
import { loadChangeHashState, type ChangeHashState } from '../../../../nodes/core/sync/crm-upload/change-hashes';
import { uploadStockAndPricesFromOneC, type StockAndPricesOptions, type StockAndPricesReport } from '../../../../nodes/core/sync/stock/stock-and-prices-from-onec';
import { loadPriceInputs, markPeriod, withPeriod, type PriceInputs } from '../../../../nodes/core/sync/prices/price-inputs';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { startOneCSandbox, type OneCSandbox } from '../../../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../../../sandboxes/retailcrm/server';
import { control, sandboxClient } from '../../../integration/onec/sandbox-helpers';
import { createAxiosTransport, realClock } from '../../../helpers/axios-transport';
import { RetailCrmClient } from '../../../../nodes/core/retailcrm/client';
import { Pacer } from '../../../../nodes/core/http/pacer';
import { JEANS48_KEY, JEANS50_KEY, seedCatalogIcml } from '../../stock-upload/seed-catalog';

const HOUR = 3_600_000;

describe('price-inputs: marking the price date', () => {
	const period = '2026-12-06T06:41:00';
	const slice = { set: 'InformationRegister_ЦеныНоменклатуры_RecordType', url: `https://h/odata/X/SliceLast?Period=datetime'${period}'&$top=5`, digest: 'a' };
	const rates = { set: 'InformationRegister_КурсыВалют', url: `https://h/odata/R/SliceLast(Period=datetime'${encodeURIComponent(period)}')`, digest: 'b' };
	const units = { set: 'Catalog_ЕдиницыИзмерения', url: 'https://h/odata/Catalog_U?$top=5', digest: 'c' };
	const dated = (set: string) => set.startsWith('InformationRegister_');

	it('marks the date in either form, and puts another date back', () => {
		const marked = markPeriod([slice, rates, units], period, dated) as PriceInputs['answers'];
		expect(marked.map((a) => a.url.includes(period) || a.url.includes(encodeURIComponent(period)))).toEqual([false, false, false]);
		expect(withPeriod(marked[0].url, '2026-12-07T00:00:00')).toBe(slice.url.replace(period, '2026-12-07T00:00:00'));
		expect(marked[2]).toEqual(units);
	});

	it('keeps nothing when a dated request does not hold the date, or an answer has no digest', () => {
		expect(markPeriod([slice, { ...rates, url: 'https://h/odata/R/SliceLast' }], period, dated)).toBeUndefined();
		expect(markPeriod([{ ...units, digest: '' }], period, dated)).toBeUndefined();
	});

	it('reads back only a record of its own shape', () => {
		const record: PriceInputs = { version: 1, key: 'k', answers: [units], summary: { rows: 1, offers: 1, problems: [], currencies: ['руб.'] } };
		expect(loadPriceInputs(JSON.parse(JSON.stringify(record)))).toEqual(record);
		expect(loadPriceInputs({ ...record, version: 2 })).toBeUndefined();
		expect(loadPriceInputs({ ...record, answers: [] })).toBeUndefined();
		expect(loadPriceInputs({ ...record, answers: [{ ...units, digest: '' }] })).toBeUndefined();
		expect(loadPriceInputs({ ...record, summary: undefined })).toBeUndefined();
		expect(loadPriceInputs('x')).toBeUndefined();
	});
});

describe('uploadStockAndPricesFromOneC: unchanged price inputs (seed)', () => {
	let onec: OneCSandbox;
	let crm: RetailCrmSandbox;
	beforeAll(async () => {
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed', config: { rateLimit: false } });
	});
	afterAll(async () => {
		await onec.close();
		await crm.close();
	});
	beforeEach(async () => {
		await control(onec).reset();
		crm.reset('seed');
		crm.importIcml(seedCatalogIcml('all'));
	});

	/** Static data as the node keeps it: JSON, written only when the node writes it (uploadFromOneC.operation.ts). */
	class StaticData {
		private saved: Record<string, unknown> = {};
		writes = 0;
		load(key: string): ChangeHashState {
			return loadChangeHashState(JSON.parse(JSON.stringify(this.saved[key] ?? null)) as unknown);
		}
		save(key: string, state: ChangeHashState): void {
			this.saved[key] = JSON.parse(JSON.stringify(state));
			this.writes++;
		}
		record(): PriceInputs | undefined {
			return loadPriceInputs((this.saved.prices as ChangeHashState | undefined)?.inputs);
		}
	}

	const run = async (data: StaticData, patch: { offsetMs?: number; dryRun?: boolean; vat?: 'gross' | 'asIs'; currencyRef?: string } = {}): Promise<StockAndPricesReport> => {
		const offset = patch.offsetMs ?? 0;
		const oneC = sandboxClient(onec, { now: () => new Date(Date.now() + offset) }).client;
		const client = new RetailCrmClient({
			baseUrl: crm.url,
			transport: createAxiosTransport({ 'X-API-KEY': crm.keys.integration }),
			clock: realClock,
			pacer: new Pacer(1000, realClock),
			retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 },
		});
		const stock = data.load('stock');
		const prices = data.load('prices');
		const options: StockAndPricesOptions = {
			balances: { warehouseRefs: [SEED_IDS.warehouses.main], includeZeroStock: true },
			prices: { priceTypeRefs: [SEED_IDS.priceTypes.retail], vat: patch.vat, currencyRef: patch.currencyRef },
			folderRefs: [],
			stock: { mapping: new Map([[SEED_IDS.warehouses.main, 'main']]), skipUnmapped: false, state: stock },
			priceTypes: { mapping: new Map([[SEED_IDS.priceTypes.retail, 'base']]), skipUnmapped: false, state: prices },
			upload: { identifierKind: 'externalId', batchSize: 250, onlyChanged: true, now: Date.now() + offset, fullResendHours: 24, dryRun: patch.dryRun === true },
			onUploaded: (part, done, stateChanged) => {
				if (!patch.dryRun && (done.batches > 0 || done.fullResend || stateChanged)) data.save(part, part === 'stock' ? stock : prices);
			},
		};
		return await uploadStockAndPricesFromOneC(oneC, client, options);
	};
	/** The prices retailCRM was sent, per externalId and price code, in this test's window. */
	const sentPrices = () => {
		const sent = new Map<string, number>();
		for (const request of crm.requests().filter((r) => r.method === 'POST' && r.path.endsWith('store/prices/upload'))) {
			for (const offer of JSON.parse(String(request.form.prices)) as Array<{ externalId: string; prices: Array<{ code: string; price: number }> }>) {
				for (const price of offer.prices) sent.set(`${offer.externalId} ${price.code}`, price.price);
			}
		}
		return sent;
	};
	const sliceRequests = async () => (await control(onec).requests()).filter((r) => r.path.endsWith('/SliceLast')).length;

	it('a run after an upload retailCRM took whole compares 1C\'s answers and reads no price; a changed price is read and sent', async () => {
		const data = new StaticData();
		const first = await run(data);
		expect(first.priceInputs).toBe('recorded');
		expect(first.prices.offersSent).toBeGreaterThan(0);
		expect(data.record()?.summary.offers).toBe(first.prices.offersSent);

		await control(onec).clearRequests();
		crm.clearRequests();
		const writes = data.writes;
		const second = await run(data);
		expect(second.priceInputs).toBe('unchanged');
		expect(second.prices).toMatchObject({ batches: 0, offersSent: 0, unchangedOffers: first.prices.offersSent, fullResend: false });
		expect(second.priceRowsRead).toBe(first.priceRowsRead);
		expect(second.priceProblems).toEqual(first.priceProblems);
		expect(second.currencies).toEqual(first.currencies);
		// 1C was asked again (the comparison), retailCRM was sent nothing, and static data was not written.
		expect(await sliceRequests()).toBeGreaterThan(0);
		expect(sentPrices().size).toBe(0);
		expect(data.writes).toBe(writes);

		await control(onec).prices({ period: '2025-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 333 }] });
		crm.clearRequests();
		const third = await run(data);
		expect(third.priceInputs).toBe('recorded');
		expect(sentPrices()).toEqual(new Map([[`${JEANS48_KEY} base`, 333]]));

		const fourth = await run(data);
		expect(fourth.priceInputs).toBe('unchanged');
	});

	it('a unit coefficient changed in 1C (a price set per another unit) is read and sent', async () => {
		const data = new StaticData();
		await run(data);
		expect((await run(data)).priceInputs).toBe('unchanged');
		const unit = onec.state.store.get('Catalog_ЕдиницыИзмерения', SEED_IDS.units.socksPcs) as Record<string, unknown>;
		onec.state.store.put('Catalog_ЕдиницыИзмерения', { ...unit, Коэффициент: 2 });
		crm.clearRequests();
		const changed = await run(data);
		expect(changed.priceInputs).toBe('recorded');
		expect(changed.prices.offersSent).toBe(1);
	});

	it('an exchange rate entered in 1C (prices converted to another currency) is read and sent', async () => {
		const data = new StaticData();
		const usd = { currencyRef: SEED_IDS.currencies.usd };
		await run(data, usd);
		expect((await run(data, usd)).priceInputs).toBe('unchanged');
		onec.state.store.put('InformationRegister_КурсыВалют', { Period: '2025-01-01T00:00:00', Валюта_Key: SEED_IDS.currencies.usd, Курс: 100, Кратность: 1 });
		crm.clearRequests();
		const changed = await run(data, usd);
		expect(changed.priceInputs).toBe('recorded');
		expect(changed.prices.offersSent).toBeGreaterThan(0);
	});

	it('an item\'s VAT rate changed in 1C is a changed input: the prices are read again', async () => {
		const data = new StaticData();
		await run(data, { vat: 'gross' });
		expect((await run(data, { vat: 'gross' })).priceInputs).toBe('unchanged');
		const item = onec.state.store.get('Catalog_Номенклатура', SEED_IDS.items.jeans48) as Record<string, unknown>;
		onec.state.store.put('Catalog_Номенклатура', { ...item, СтавкаНДС: item.СтавкаНДС === 'НДС10' ? 'НДС20' : 'НДС10' });
		expect((await run(data, { vat: 'gross' })).priceInputs).toBe('recorded');
		expect((await run(data, { vat: 'gross' })).priceInputs).toBe('unchanged');
	});

	it('a price set for later is sent once its date has come: the comparison asks at each run\'s own date', async () => {
		const data = new StaticData();
		await run(data);
		const later = new Date(Date.now() + 2 * HOUR);
		const at = `${later.getFullYear()}-${String(later.getMonth() + 1).padStart(2, '0')}-${String(later.getDate()).padStart(2, '0')}T${String(later.getHours()).padStart(2, '0')}:00:00`;
		await control(onec).prices({ period: at, records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans50, Цена: 555 }] });
		crm.clearRequests();
		expect((await run(data)).priceInputs).toBe('unchanged');
		expect(sentPrices().size).toBe(0);
		const afterIt = await run(data, { offsetMs: 3 * HOUR });
		expect(afterIt.priceInputs).toBe('recorded');
		expect(sentPrices()).toEqual(new Map([[`${JEANS50_KEY} base`, 555]]));
	});

	it('a refused price batch keeps no record: the next run reads the prices again', async () => {
		const data = new StaticData();
		crm.injectFault({ status: 500, count: 100, match: { path: 'store/prices/upload$' } });
		const refused = await run(data);
		expect(refused.prices.failedBatches.length).toBeGreaterThan(0);
		expect(refused.priceInputs).toBe('read');
		expect(data.record()).toBeUndefined();
		crm.reset('seed');
		crm.importIcml(seedCatalogIcml('all'));
		const next = await run(data);
		expect(next.priceInputs).toBe('recorded');
		expect(next.prices.offersSent).toBeGreaterThan(0);
	});

	it('offers retailCRM did not find keep no record: they are sent again next run, with the prices read', async () => {
		crm.state.offers = crm.state.offers.filter((offer) => offer.externalId !== JEANS48_KEY);
		crm.reindex();
		const data = new StaticData();
		const first = await run(data);
		expect(first.prices.notFoundOffers.length).toBeGreaterThan(0);
		expect(first.priceInputs).toBe('read');
		crm.clearRequests();
		const second = await run(data);
		expect(second.priceInputs).toBe('read');
		expect(sentPrices().has(`${JEANS48_KEY} base`)).toBe(true);
	});

	it('reads the prices again when a full resend is due, when the settings change, and keeps nothing on a dry run', async () => {
		const data = new StaticData();
		await run(data);
		expect((await run(data, { offsetMs: 25 * HOUR })).priceInputs).toBe('recorded');
		expect((await run(data, { offsetMs: 25 * HOUR, vat: 'gross' })).priceInputs).toBe('recorded');
		const dry = new StaticData();
		expect((await run(dry, { dryRun: true })).priceInputs).toBe('read');
		expect(dry.writes).toBe(0);
	});
});
