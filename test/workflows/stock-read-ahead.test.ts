/**
 * The four-node stock template's Read Ahead (nodes/OneCUt10Store/actions/price/read-ahead.ts) in n8n-core against both
 * sandboxes: Get Balances holds Get Prices' 1C read, Upload Stock starts it once its batches are planned, so the read
 * runs while the stock upload waits on retailCRM, and Get Prices outputs what it would have read itself. The stock upload is slowed by 1.5 s (a slow but
 * applied request), so "while" is a matter of timestamps: 1C's price pages arrive before retailCRM answers the stock
 * upload with the read ahead, after it without.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import template from '../../workflows/1c-stock-and-prices-to-retailcrm.json';
import { runWorkflow, type RunResult } from '../helpers/run-workflow';
import { control } from '../integration/onec/sandbox-helpers';
import type { OneCSandbox } from '../sandboxes/onec/server';
import type { RetailCrmSandbox } from '../sandboxes/retailcrm/server';
import { crmWithCatalogOnly } from '../unit/stock-upload/seed-catalog';
import { stockTemplateHooks } from '../helpers/template-sandboxes';
import { forgetAhead, holdsAhead } from '../../nodes/core/sync/onec-read/read-ahead';

const GB = '1C: Get Balances';
const GP = '1C: Get Prices';
const STOCK = 'retailCRM: Upload Stock';
const PRICES = 'retailCRM: Upload Prices';
const STOCK_UPLOAD = '/api/v5/store/inventories/upload';

type Patch = Parameters<typeof runWorkflow>[1]['patch'];
const shipped = (name: string) => template.nodes.find((n) => n.name === name)!.parameters as IDataObject;
const getPrices = (parameters: IDataObject): Patch => ({ [GP]: { parameters: { ...shipped(GP), ...parameters } as INodeParameters } });
const withOptions = (options: IDataObject): Patch => getPrices({ options: { ...(shipped(GP).options as IDataObject), ...options } });

describe('template 1c-stock-and-prices-to-retailcrm: Get Prices read ahead', () => {
	let crm: RetailCrmSandbox;
	let onec: OneCSandbox;
	let oneC: ReturnType<typeof control>;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	stockTemplateHooks((sandboxes) => ({ crm, onec, oneC, credentials } = sandboxes), forgetAhead);

	const run = async (patch?: Patch, mode?: 'manual'): Promise<RunResult> => {
		crm.clearRequests();
		crm.injectFault({ match: { path: STOCK_UPLOAD }, delayMs: 1500, passThrough: true, count: 1 });
		return await runWorkflow(template, { credentials, staticData: {}, trigger: 'Run Now', patch, mode });
	};
	/** When retailCRM answered the (slowed) stock upload, and when 1C got each price page. */
	const stockUploadAnswered = () => {
		const uploads = crm.requests().filter((r) => r.path === STOCK_UPLOAD && r.status === 200);
		expect(uploads).toHaveLength(1);
		return Date.parse(uploads[0].time);
	};
	const pricePagesAt = () => onec.state.log.filter((r) => decodeURIComponent(r.path).includes('InformationRegister_ЦеныНоменклатуры')).map((r) => Date.parse(r.time));
	const readAhead = () => {
		const pages = pricePagesAt();
		expect(pages.length).toBeGreaterThan(0);
		const answered = stockUploadAnswered();
		if (pages.every((at) => at < answered)) return true;
		if (pages.every((at) => at >= answered)) return false;
		throw new Error('price pages both before and after the stock upload');
	};
	const pricesSent = () =>
		crm
			.requests()
			.filter((r) => r.path === '/api/v5/store/prices/upload' && r.status === 200)
			.flatMap((r) => JSON.parse(String(r.form.prices)) as IDataObject[]);
	/** Get Prices' rows without the record of their inputs (its 1C URLs carry the price date, the run's second). */
	const priceRows = (r: RunResult) => r.rows(GP).map(({ priceInputs: _record, ...row }) => row);

	it('the shipped template reads the prices while the stock uploads, and outputs and sends what Get Prices reads itself with Read Ahead off', async () => {
		onec.state.log.length = 0;
		const ahead = await run();
		expect(ahead.error()).toBeUndefined();
		expect(readAhead()).toBe(true);
		// Held until Upload Stock had planned its batches (after its store code check), so their peaks do not meet.
		const storesChecked = Date.parse(crm.requests().find((r) => r.path === '/api/v5/reference/stores')!.time);
		expect(pricePagesAt().filter((at) => at < storesChecked)).toEqual([]);
		expect(holdsAhead()).toBe('no');
		const aheadRows = priceRows(ahead);
		const aheadSent = pricesSent();
		expect(aheadRows.length).toBe(6);
		expect(aheadSent.length).toBeGreaterThan(0);
		expect(ahead.output(PRICES)[0].json).toMatchObject({ failedBatches: [] });
		expect(ahead.output(GP)[0].json.priceInputs).toMatchObject({ source: GP, summary: { rows: 6 } });

		await oneC.reset();
		crmWithCatalogOnly(crm);
		onec.state.log.length = 0;
		const own = await run(withOptions({ readAhead: false }));
		expect(own.error()).toBeUndefined();
		expect(readAhead()).toBe(false);
		expect(priceRows(own)).toEqual(aheadRows);
		expect(pricesSent()).toEqual(aheadSent);
		expect(own.output(STOCK)[0].json).toEqual(ahead.output(STOCK)[0].json);
		expect(own.output(PRICES)[0].json).toEqual(ahead.output(PRICES)[0].json);
	});

	it('Get Prices reads for itself in a manual run, with an expression in its fields, and beside a second Get Prices fed by the trigger', async () => {
		onec.state.log.length = 0;
		expect((await run(undefined, 'manual')).error()).toBeUndefined();
		expect(readAhead()).toBe(false);

		onec.state.log.length = 0;
		expect((await run(getPrices({ date: "={{ '' }}" }))).error()).toBeUndefined();
		expect(readAhead()).toBe(false);

		const second = { ...template.nodes.find((n) => n.name === GP)!, name: 'Another Get Prices', id: 'another-get-prices', position: [900, 900] };
		const fed = (trigger: 'Run Now' | 'Every 15 Minutes') => ({ main: [[...template.connections[trigger].main[0], { node: second.name, type: 'main', index: 0 }]] });
		const twice = { ...template, nodes: [...template.nodes, second], connections: { ...template.connections, 'Run Now': fed('Run Now'), 'Every 15 Minutes': fed('Every 15 Minutes') } };
		onec.state.log.length = 0;
		crm.clearRequests();
		crm.injectFault({ match: { path: STOCK_UPLOAD }, delayMs: 1500, passThrough: true, count: 1 });
		const both = await runWorkflow(twice, { credentials, staticData: {}, trigger: 'Run Now' });
		expect(both.error()).toBeUndefined();
		expect(both.ran('Another Get Prices')).toBe(true);
		const answered = stockUploadAnswered();
		expect(pricePagesAt().filter((at) => at < answered)).toEqual([]);
		expect(holdsAhead()).toBe('no');
	});

	it('a read ahead that fails is read again by Get Prices, once, and the run succeeds; without the read ahead the same fault fails the run', async () => {
		// One 500 on the first price page (1C's read does not retry a 500): the read ahead meets it.
		onec.state.log.length = 0;
		await oneC.faults({ status: 500, count: 1, match: 'InformationRegister_ЦеныНоменклатуры' });
		const healed = await run();
		expect(healed.error()).toBeUndefined();
		expect(healed.rows(GP)).toHaveLength(6);
		const pages = pricePagesAt();
		const answered = stockUploadAnswered();
		expect(pages.filter((at) => at < answered)).toHaveLength(1);
		expect(pages.filter((at) => at >= answered).length).toBeGreaterThan(0);

		await oneC.faults({ status: 500, count: 1, match: 'InformationRegister_ЦеныНоменклатуры' });
		const failed = await run(withOptions({ readAhead: false }));
		expect(failed.error()?.message).toMatch(/500/);
		expect(failed.ran(GB)).toBe(true);
	});

	it('a Get Prices the run never reaches leaves its read held until the read ahead of the next run replaces it', async () => {
		// Upload Stock fails (every batch refused): n8n stops the run before Get Prices.
		crm.clearRequests();
		crm.injectFault({ match: { path: STOCK_UPLOAD }, status: 500, count: 100 });
		const stopped = await runWorkflow(template, { credentials, staticData: {}, trigger: 'Run Now' });
		expect(stopped.ran(GP)).toBe(false);
		expect(holdsAhead()).toBe('started');
		crm.reset();
		crmWithCatalogOnly(crm);
		onec.state.log.length = 0;
		const next = await run();
		expect(next.error()).toBeUndefined();
		expect(readAhead()).toBe(true);
		expect(holdsAhead()).toBe('no');
	});
});
