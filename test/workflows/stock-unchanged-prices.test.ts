/**
 * The four-node stock template's Skip Unchanged Prices (core/sync/prices/unchanged-prices.ts) in n8n-core against both
 * sandboxes, static data kept across runs as n8n keeps it for a scheduled workflow: after an upload retailCRM took
 * whole, Get Prices compares 1C's answers instead of reading the price rows, and anything that could change what
 * Upload Prices would send makes it read them again.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import template from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import { control } from '../integration/onec/sandbox-helpers';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { JEANS48_KEY } from '../unit/stock-upload/seed-catalog';
import { stockTemplateHooks } from '../helpers/template-sandboxes';

const GP = '1C: Get Prices';
const PRICES = 'retailCRM: Upload Prices';
const STOCK = 'retailCRM: Upload Stock';
const MAIN = SEED_IDS.warehouses.main;

type Json = Record<string, unknown>;
type Patch = Parameters<typeof runWorkflow>[1]['patch'];
const shipped = (name: string) => template.nodes.find((n) => n.name === name)!.parameters as IDataObject;

describe('template 1c-stock-and-prices-to-retailcrm: Skip Unchanged Prices', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let oneC: ReturnType<typeof control>;
	let credentials: Record<string, ICredentialDataDecryptedObject>;
	let staticData: IDataObject;

	stockTemplateHooks((sandboxes) => ({ crm, onec, oneC, credentials } = sandboxes), () => {
		staticData = {};
	});

	const run = async (patch?: Patch, mode?: 'manual'): Promise<RunResult> => await runWorkflow(template, { credentials, staticData, trigger: 'Run Now', patch, mode });
	const priceUploads = () => crm.requests().filter((r) => r.path === '/api/v5/store/prices/upload' && r.status === 200);
	const pricesSent = () => priceUploads().flatMap((r) => JSON.parse(String(r.form.prices)) as Json[]);
	const offer = (externalId: string) => crm.state.offers.find((o) => o.externalId === externalId)!;
	/** Get Prices' one item when it found its inputs unchanged, else undefined (it output rows). */
	const marker = (r: RunResult) => {
		const out = r.output(GP);
		return out.length === 1 && out[0].json.pricesUnchanged !== undefined ? (out[0].json.pricesUnchanged as Json) : undefined;
	};
	const published = () => ((staticData.global as IDataObject | undefined)?.unchangedPrices as { bySource: Record<string, Json> } | undefined)?.bySource ?? {};
	const priceState = () => (staticData[`node:${PRICES}`] as IDataObject)['changeHashes:uploadPrices'] as IDataObject;
	/** The SliceLast pages 1C was asked for since `from`, and how many price rows Get Prices output. */
	const sliceRequests = (from: number) => onec.state.log.slice(from).filter((r) => decodeURIComponent(r.path).includes('SliceLast')).length;
	/** «Розничная» on base and «Оптовая (расчетная)» (kept without VAT) on wholesale, as the direct template's tests price them. */
	const withWholesale: Patch = {
		[GP]: { parameters: { ...shipped(GP), priceTypes: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.wholesaleCalculated] } as INodeParameters },
		[PRICES]: {
			parameters: {
				...shipped(PRICES),
				priceTypeMapping: {
					mappings: [
						{ priceType: SEED_IDS.priceTypes.retail, crmPriceType: 'base' },
						{ priceType: SEED_IDS.priceTypes.wholesaleCalculated, crmPriceType: 'wholesale' },
					],
				},
			} as INodeParameters,
		},
	};

	it('after an upload retailCRM took whole, the next run reads no price row and sends nothing; a price entered in 1C is read and sent alone, then compared again', async () => {
		const first = await run();
		expect(first.error()).toBeUndefined();
		expect(first.output(GP)[0].json.priceInputs).toMatchObject({ source: GP, summary: { rows: 6 } });
		expect(published()[GP]).toMatchObject({ upload: { node: PRICES } });
		expect(priceState().inputs).toMatchObject({ summary: { offers: 6 } });

		crm.clearRequests();
		let from = onec.state.log.length;
		const second = await run();
		expect(second.error()).toBeUndefined();
		expect(marker(second)).toMatchObject({ source: GP, rows: 6 });
		expect(second.rows(GP)).toHaveLength(1);
		// 1C is asked the same pages again (their digests compared), but no row of them reaches n8n.
		expect(sliceRequests(from)).toBeGreaterThan(0);
		expect(second.output(PRICES)[0].json).toMatchObject({ pricesUnchanged: true, batches: 0, offersSent: 0, unchangedOffers: 6, failedBatches: [] });
		expect(priceUploads()).toHaveLength(0);
		// The stock part is not touched: a sale still goes up in the same kind of run.
		await oneC.movements({ register: 'ТоварыНаСкладах', recordType: 'Expense', records: [{ Склад_Key: MAIN, Номенклатура_Key: SEED_IDS.items.jeans48, Количество: 1 }] });
		const sale = await run();
		expect(marker(sale)).toBeDefined();
		expect(sale.output(STOCK)[0].json).toMatchObject({ offersSent: 1 });
		expect(offer(JEANS48_KEY).stocks.main.available).toBe(22);

		await oneC.prices({ period: '2025-03-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 333, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.rub }] });
		crm.clearRequests();
		from = onec.state.log.length;
		const changed = await run();
		expect(changed.error()).toBeUndefined();
		expect(marker(changed)).toBeUndefined();
		expect(changed.rows(GP).length).toBe(6);
		expect(pricesSent().map((e) => e.externalId)).toEqual([JEANS48_KEY]);
		expect(offer(JEANS48_KEY).prices.base).toBe(333);
		crm.clearRequests();
		const again = await run();
		expect(marker(again)).toBeDefined();
		expect(priceUploads()).toHaveLength(0);
	});

	it('a VAT rate changed on an item (in the catalog Get Balances reads for both nodes) reaches retailCRM: the prices are read again and that offer is sent', async () => {
		expect((await run(withWholesale)).error()).toBeUndefined();
		expect(offer(JEANS48_KEY).prices).toEqual({ base: 300, wholesale: 248.4 });
		expect(marker(await run(withWholesale))).toBeDefined();
		const store = onec.state.store;
		store.put('Catalog_Номенклатура', { ...store.get('Catalog_Номенклатура', SEED_IDS.items.jeans48)!, СтавкаНДС: 'НДС10' });
		crm.clearRequests();
		const changed = await run(withWholesale);
		expect(changed.error()).toBeUndefined();
		expect(marker(changed)).toBeUndefined();
		expect(pricesSent().map((e) => e.externalId)).toEqual([JEANS48_KEY]);
		expect(offer(JEANS48_KEY).prices).toEqual({ base: 300, wholesale: 227.7 });
	});

	it('an edit to Upload Prices, a second node after Get Prices, a manual run or a full resend due: the prices are read, and the run succeeds', async () => {
		expect((await run()).error()).toBeUndefined();
		expect(marker(await run())).toBeDefined();

		// Any parameter of Upload Prices (here Full Resend Every): read, recorded with the new parameters, then compared.
		const edited: Patch = { [PRICES]: { parameters: { ...shipped(PRICES), options: { ...(shipped(PRICES).options as IDataObject), fullResendHours: 48 } } as INodeParameters } };
		const afterEdit = await run(edited);
		expect(afterEdit.error()).toBeUndefined();
		expect(marker(afterEdit)).toBeUndefined();
		expect(marker(await run(edited))).toBeDefined();

		// A manual run is for looking at the rows.
		const manual = await run(edited, 'manual');
		expect(manual.error()).toBeUndefined();
		expect(marker(manual)).toBeUndefined();
		expect(manual.rows(GP)).toHaveLength(6);

		// Another node fed by Get Prices would get the one item instead of rows.
		const branched = JSON.parse(JSON.stringify(template)) as typeof template & { connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }> };
		const copy = { ...branched.nodes.find((n) => n.name === PRICES)!, name: 'Prices, dry run', id: 'dry-run-copy' };
		(copy.parameters as IDataObject) = { ...edited[PRICES].parameters, options: { ...((edited[PRICES].parameters as IDataObject).options as IDataObject), dryRun: true } };
		branched.nodes.push(copy);
		branched.connections[GP].main[0].push({ node: copy.name, type: 'main', index: 0 });
		const withBranch = await runWorkflow(branched, { credentials, staticData, trigger: 'Run Now', patch: edited });
		expect(withBranch.error()).toBeUndefined();
		expect(withBranch.rows(GP)).toHaveLength(6);
		expect(marker(await run(edited))).toBeDefined();

		// The last full resend 49 hours ago: Upload Prices must send every price, so Get Prices reads them.
		priceState().lastFullAt = new Date(Date.now() - 49 * 3_600_000).toISOString();
		published()[GP].validUntil = Date.now() - 3_600_000;
		crm.clearRequests();
		const due = await run(edited);
		expect(due.error()).toBeUndefined();
		expect(marker(due)).toBeUndefined();
		expect(due.output(PRICES)[0].json).toMatchObject({ fullResend: true, offersSent: 6 });
	});

	it('a refused price batch keeps no record: the next run reads the prices and sends the refused batch alone, the one after compares', async () => {
		const oneByOne: Patch = { [PRICES]: { parameters: { ...shipped(PRICES), options: { ...(shipped(PRICES).options as IDataObject), batchSize: 1 } } as INodeParameters } };
		expect((await run(oneByOne)).error()).toBeUndefined();
		expect(marker(await run(oneByOne))).toBeDefined();
		await oneC.prices({ period: '2025-03-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: SEED_IDS.items.jeans48, Цена: 333, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans48Pcs, Валюта_Key: SEED_IDS.currencies.rub }] });
		crm.injectFault({ status: 500, count: 1, match: { path: '/api/v5/store/prices/upload' } });
		const refused = await run(oneByOne);
		expect(refused.error()?.message).toMatch(/^retailCRM did not take 1 upload batch \(1 of 1 to store\/prices\/upload\)/);
		expect(published()[GP]).toBeUndefined();
		expect(priceState().inputs).toBeUndefined();
		crm.clearRequests();
		const next = await run(oneByOne);
		expect(next.error()).toBeUndefined();
		expect(marker(next)).toBeUndefined();
		expect(pricesSent()).toEqual([{ externalId: JEANS48_KEY, prices: [{ code: 'base', price: 333 }] }]);
		expect(marker(await run(oneByOne))).toBeDefined();
	});

	it('Upload Prices without the record Get Prices relied on (its state edited by hand): the run fails saying why, and the next reads and uploads', async () => {
		expect((await run()).error()).toBeUndefined();
		delete priceState().inputs;
		const lost = await run();
		const error = lost.error() as Error & { description?: string };
		expect(error?.message).toMatch(/^"1C: Get Prices" found the 1C prices unchanged since an upload this node no longer holds a record of, so it read none: nothing was uploaded/);
		expect(error.description).toMatch(/^The next run reads and uploads them/);
		expect(published()[GP]).toBeUndefined();
		const next = await run();
		expect(next.error()).toBeUndefined();
		expect(marker(next)).toBeUndefined();
		expect(next.output(PRICES)[0].json).toMatchObject({ failedBatches: [] });
		expect(marker(await run())).toBeDefined();
	});
});
