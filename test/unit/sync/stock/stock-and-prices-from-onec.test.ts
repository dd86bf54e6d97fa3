/**
 * The direct mode's core (nodes/core/sync/stock/stock-and-prices-from-onec.ts) against both sandboxes (seed): what is
 * refused before anything is read, and a price read that fails after the stock was uploaded (the stock part is done
 * and reported, so its hashes can be saved; the error still stops the run).
 */
import { emptyChangeHashState } from '../../../../nodes/core/sync/crm-upload/change-hashes';
import { uploadStockAndPricesFromOneC, type StockAndPricesOptions } from '../../../../nodes/core/sync/stock/stock-and-prices-from-onec';
import { SEED_IDS } from '../../../sandboxes/onec/fixtures/seed';
import { startOneCSandbox, type OneCSandbox } from '../../../sandboxes/onec/server';
import { startRetailCrmSandbox, type RetailCrmSandbox } from '../../../sandboxes/retailcrm/server';
import { sandboxClient } from '../../../integration/onec/sandbox-helpers';
import { createAxiosTransport, realClock } from '../../../helpers/axios-transport';
import { RetailCrmClient } from '../../../../nodes/core/retailcrm/client';
import { Pacer } from '../../../../nodes/core/http/pacer';

describe('uploadStockAndPricesFromOneC (seed)', () => {
	let onec: OneCSandbox;
	let crm: RetailCrmSandbox;
	beforeAll(async () => {
		onec = await startOneCSandbox({ port: 0, fixture: 'seed' });
		crm = await startRetailCrmSandbox({ port: 0, fixture: 'seed' });
	});
	afterAll(async () => {
		await onec.close();
		await crm.close();
	});

	const clients = () => ({
		onec: sandboxClient(onec).client,
		crm: new RetailCrmClient({
			baseUrl: crm.url,
			transport: createAxiosTransport({ 'X-API-KEY': crm.keys.integration }),
			clock: realClock,
			pacer: new Pacer(1000, realClock),
			retry: { baseDelayMs: 20, maxDelayMs: 200 },
		}),
	});
	const options = (patch: Partial<StockAndPricesOptions> = {}): StockAndPricesOptions => ({
		balances: { warehouseRefs: [SEED_IDS.warehouses.main], includeZeroStock: true },
		prices: { priceTypeRefs: [SEED_IDS.priceTypes.retail] },
		folderRefs: [],
		stock: { mapping: new Map([[SEED_IDS.warehouses.main, 'main']]), skipUnmapped: false, state: emptyChangeHashState() },
		priceTypes: { mapping: new Map([[SEED_IDS.priceTypes.retail, 'base']]), skipUnmapped: false, state: emptyChangeHashState() },
		upload: { identifierKind: 'externalId', batchSize: 250, onlyChanged: true, now: Date.now(), fullResendHours: 24, dryRun: false },
		...patch,
	});
	const posts = () => crm.requests().filter((r) => r.method === 'POST').map((r) => r.path);

	it('refuses a chosen price type without a mapping before any request, naming it', async () => {
		const { onec: oneC, crm: client } = clients();
		const from = onec.state.log.length;
		crm.clearRequests();
		const run = uploadStockAndPricesFromOneC(oneC, client, options({ prices: { priceTypeRefs: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.purchase] } }));
		await expect(run).rejects.toThrow(`No retailCRM price-type code is mapped for 1C price type(s): ${SEED_IDS.priceTypes.purchase}`);
		expect(onec.state.log.length).toBe(from);
		expect(crm.requests()).toEqual([]);
	});

	it('a price read that fails after the stock upload: the stock part is reported done, nothing of the prices is sent', async () => {
		const { onec: oneC, crm: client } = clients();
		crm.clearRequests();
		// Every SliceLast answer fails (more than the client's retries).
		onec.state.faults.latency.push({ ms: 300, match: 'SliceLast' });
		onec.state.faults.status.push({ status: 500, count: 10, match: 'SliceLast' });
		const done: string[] = [];
		try {
			await expect(uploadStockAndPricesFromOneC(oneC, client, options({ onUploaded: (part, report) => done.push(`${part}: ${report.batches}`) }))).rejects.toThrow();
		} finally {
			onec.state.faults.latency.pop();
			onec.state.faults.status.pop();
		}
		expect(done).toEqual(['stock: 1']);
		expect(posts()).toEqual(['/api/v5/store/inventories/upload']);
	});
	it('takes mapping rows that name 1C codes, as the mapping fields allow: the same uploads as by GUID, one read of the codes per part', async () => {
		const codeOf = (set: string, ref: string) => String((onec.state.store.rows(set) as Array<Record<string, unknown>>).find((r) => r.Ref_Key === ref)?.Code);
		const warehouseCode = codeOf('Catalog_Склады', SEED_IDS.warehouses.main);
		const priceTypeCode = codeOf('Catalog_ТипыЦенНоменклатуры', SEED_IDS.priceTypes.retail);
		expect(warehouseCode).not.toBe('undefined');
		expect(priceTypeCode).not.toBe('undefined');
		const run = async (patch: Partial<StockAndPricesOptions>) => {
			const { onec: oneC, crm: client } = clients();
			crm.clearRequests();
			const from = onec.state.log.length;
			const all = { upload: { ...options().upload, onlyChanged: false } };
			await uploadStockAndPricesFromOneC(oneC, client, options({ ...all, ...patch }));
			const sent = crm.requests().filter((r) => r.method === 'POST').map((r) => ({ path: r.path, form: r.form }));
			return { sent, oneCRequests: onec.state.log.length - from };
		};
		const byGuid = await run({});
		const byCode = await run({
			stock: { mapping: new Map([[warehouseCode.toLowerCase(), 'main']]), skipUnmapped: false, state: emptyChangeHashState() },
			priceTypes: { mapping: new Map([[priceTypeCode.toLowerCase(), 'base']]), skipUnmapped: false, state: emptyChangeHashState() },
		});
		expect(byGuid.sent.map((r) => r.path)).toEqual(['/api/v5/store/inventories/upload', '/api/v5/store/prices/upload']);
		expect(byCode.sent).toEqual(byGuid.sent);
		expect(byCode.oneCRequests).toBe(byGuid.oneCRequests + 2);
	});
});
