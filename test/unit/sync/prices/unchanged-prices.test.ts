/**
 * The record of unchanged prices between Get Prices and Upload Prices (nodes/core/sync/prices/unchanged-prices.ts):
 * what Get Prices reads and compares against the 1C sandbox (seed), and what Upload Prices keeps after an upload. The
 * four-node template runs it end to end in test/workflows/stock-unchanged-prices.test.ts.
 */
import { emptyChangeHashState, type ChangeHashState } from '../../../../nodes/core/sync/crm-upload/change-hashes';
import type { PriceInputs } from '../../../../nodes/core/sync/prices/price-inputs';
import type { PriceUploadReport } from '../../../../nodes/core/sync/prices/price-upload';
import {
	getPricesUnlessUnchanged,
	handedRecord,
	keepHandedRecord,
	keptRecordFor,
	loadPublished,
	unchangedPriceReport,
	type HandedPriceInputs,
} from '../../../../nodes/core/sync/prices/unchanged-prices';
import { forgetScopes, holdsScope } from '../../../../nodes/core/sync/onec-read/scope-cache';
import { getBalances } from '../../../../nodes/core/sync/stock/get-balances';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { startOneCSandbox, type OneCSandbox } from '../../../sandboxes/onec/server';
import { control, sandboxClient } from '../../../integration/onec/sandbox-helpers';

const HOUR = 3_600_000;
const PERIOD = '2026-12-07T12:00:00';

describe('unchanged-prices: Get Prices against the 1C sandbox', () => {
	let onec: OneCSandbox;
	beforeAll(async () => {
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
	});
	afterAll(async () => await onec.close());
	beforeEach(async () => {
		await control(onec).reset();
		forgetScopes();
	});

	const options = { priceTypeRefs: [SEED_IDS.priceTypes.retail], period: PERIOD, folderRefs: [SEED_IDS.items.goodsFolder], rowFields: 'upload' as const, vat: 'gross' as const };
	const slicePages = (from: number) => onec.state.log.slice(from).filter((r) => decodeURIComponent(r.path).includes('SliceLast')).length;

	it('reads with a record of its inputs; given that record, compares the same requests and reads no row; a price entered since is read', async () => {
		const { client } = sandboxClient(onec);
		const first = await getPricesUnlessUnchanged(client, options, undefined);
		if (first.unchanged) throw new Error('nothing to compare with');
		expect(first.read.items).toHaveLength(6);
		const record = first.record as PriceInputs;
		expect(record.summary).toMatchObject({ rows: 6, offers: 0, problems: [] });
		// The dated requests are kept without their date, so that the next run asks them at its own.
		expect(record.answers.some((a) => a.url.includes('{period}'))).toBe(true);

		const from = onec.state.log.length;
		const second = await getPricesUnlessUnchanged(client, { ...options, period: '2026-12-07T12:15:00' }, record);
		expect(second).toEqual({ unchanged: true, key: record.key, summary: record.summary });
		expect(slicePages(from)).toBe(record.answers.filter((a) => a.set.includes('ЦеныНоменклатуры')).length);

		await control(onec).prices({ period: '2026-12-07T12:10:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 333, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.rub }] });
		const third = await getPricesUnlessUnchanged(client, { ...options, period: '2026-12-07T12:15:00' }, record);
		expect(third.unchanged).toBe(false);
		if (!third.unchanged) expect(third.read.items.map((row) => row.price)).toContain(333);
	});

	it('other settings make another key: read', async () => {
		const { client } = sandboxClient(onec);
		const first = await getPricesUnlessUnchanged(client, options, undefined);
		const record = (first as { record: PriceInputs }).record;
		expect((await getPricesUnlessUnchanged(client, { ...options, vat: 'asIs' }, record)).unchanged).toBe(false);
		expect((await getPricesUnlessUnchanged(client, { ...options, currencyRef: SEED_IDS.currencies.rub }, record)).unchanged).toBe(false);
		expect((await getPricesUnlessUnchanged(client, options, record)).unchanged).toBe(true);
	});

	it('with the scope Get Balances of the run left: its answers are in the key, and Get Prices takes the scope (one catalog read)', async () => {
		const { client } = sandboxClient(onec);
		const balances = (run: string) =>
			getBalances(client, { warehouseRefs: [SEED_IDS.warehouses.main], folderRefs: options.folderRefs, includeZeroStock: true, rowFields: 'upload', share: { run, consumer: 'balances' } });
		await balances('r1');
		const first = await getPricesUnlessUnchanged(client, { ...options, share: { run: 'r1', consumer: 'prices' } }, undefined);
		expect(holdsScope()).toBe(false);
		const record = (first as { record: PriceInputs }).record;
		expect(record).toBeDefined();

		await balances('r2');
		const from = onec.state.log.length;
		expect((await getPricesUnlessUnchanged(client, { ...options, share: { run: 'r2', consumer: 'prices' } }, record)).unchanged).toBe(true);
		expect(onec.state.log.slice(from).filter((r) => r.path.endsWith('Catalog_Номенклатура'))).toEqual([]);

		// An item's VAT rate: in the scope Get Balances read, so in the key.
		const store = onec.state.store;
		store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', SEED_IDS.items.jeans48)!, СтавкаНДС: 'НДС10' });
		await balances('r3');
		expect((await getPricesUnlessUnchanged(client, { ...options, share: { run: 'r3', consumer: 'prices' } }, record)).unchanged).toBe(false);
	});
});

describe('unchanged-prices: what Upload Prices keeps', () => {
	const record: HandedPriceInputs = {
		version: 1,
		key: 'k1',
		answers: [{ set: 'InformationRegister_ЦеныНоменклатуры_RecordType', url: 'https://h/SliceLast?Period={period}', digest: 'd1' }],
		summary: { rows: 6, offers: 0, problems: [], currencies: ['руб.'] },
		source: '1C: Get Prices',
	};
	const accepted: PriceUploadReport = { ...unchangedPriceReport(0, false), fullResend: true, batches: 1, batchesSucceeded: 1, offersSent: 6, processedOffersCount: 6 };
	const upload = { onlyChanged: true, dryRun: false, rowErrors: 0, fullResendHours: 24, node: 'retailCRM: Upload Prices', signature: 'sig' };
	const lastFull = '2026-12-07T10:00:00.000Z';
	const state = (): ChangeHashState => ({ ...emptyChangeHashState(), lastFullAt: lastFull });

	it('an upload retailCRM took whole: the record kept with its offers, published until the next full resend', () => {
		const s = state();
		const kept = keepHandedRecord(s, record, accepted, upload);
		expect(kept.stateChanged).toBe(true);
		expect(s.inputs).toEqual({ version: 1, key: 'k1', answers: record.answers, summary: { ...record.summary, offers: 6 } });
		expect(kept.published).toEqual({ ...(s.inputs as PriceInputs), validUntil: Date.parse(lastFull) + 24 * HOUR, upload: { node: upload.node, signature: 'sig' } });
		expect(loadPublished({ version: 1, bySource: { [record.source]: kept.published! } }, record.source)).toEqual(kept.published);
		expect(loadPublished({ version: 1, bySource: { [record.source]: kept.published! } }, 'other')).toBeUndefined();
	});

	it.each([
		['a refused batch', { ...accepted, batchesSucceeded: 0, failedBatches: [{ index: 0, offers: [], error: 'x' }] }, upload],
		['an offer not found', { ...accepted, notFoundOffers: [{ externalId: 'a' }] }, upload],
		['an offer without an identifier', { ...accepted, unresolvedOfferKeys: ['a'] }, upload],
		['a row that could not be read', accepted, { ...upload, rowErrors: 1 }],
		['Only Changed off', accepted, { ...upload, onlyChanged: false }],
	] as Array<[string, PriceUploadReport, typeof upload]>)('%s: no record, and the one kept before is dropped', (_case, report, settings) => {
		const s = state();
		s.inputs = { ...record, source: undefined };
		const kept = keepHandedRecord(s, record, report, settings);
		expect(kept).toEqual({ stateChanged: true, published: undefined });
		expect(s.inputs).toBeUndefined();
		// Nothing kept before: nothing to save.
		expect(keepHandedRecord(state(), record, report, settings).stateChanged).toBe(false);
	});

	it('rows without a record (Skip Unchanged Prices off) drop the one kept before', () => {
		const s = state();
		s.inputs = record;
		expect(keepHandedRecord(s, undefined, accepted, upload)).toEqual({ stateChanged: true, published: undefined });
	});

	it('given the item that says the prices are unchanged: the record of that key, unless a full resend is due', () => {
		const s = state();
		keepHandedRecord(s, record, accepted, upload);
		const now = Date.parse(lastFull) + HOUR;
		expect(keptRecordFor(s, 'k1', now, 24)?.summary.offers).toBe(6);
		expect(keptRecordFor(s, 'k2', now, 24)).toBeUndefined();
		expect(keptRecordFor(s, 'k1', Date.parse(lastFull) + 25 * HOUR, 24)).toBeUndefined();
		expect(keptRecordFor(undefined, 'k1', now, 24)).toBeUndefined();
	});

	it('reads a handed record only of its own shape, with the node it came from', () => {
		expect(handedRecord(record)).toEqual(record);
		expect(handedRecord({ ...record, source: '' })).toBeUndefined();
		expect(handedRecord({ ...record, version: 2 })).toBeUndefined();
		expect(handedRecord('k1')).toBeUndefined();
	});
});
