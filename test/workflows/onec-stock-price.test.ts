/**
 * 1C UT10 Store, Stock → Get Balances and Price → Get Prices, inside n8n-core's engine against the UT 10.3
 * sandbox seed: the credential's Basic auth as n8n applies it, the n8n transport, multiOptions parameters,
 * pairedItem, the output fields the Stock Upload node reads, and error items that never show the password.
 */
import { runWorkflow, singleNodeWorkflow } from '../helpers/run-workflow';
import type { OneCSandbox } from '../sandboxes/onec/server';
import { SEED_IDS } from '../sandboxes/onec/fixtures/seed';
import { control, withSandbox } from '../integration/onec/sandbox-helpers';

function workflow(parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return singleNodeWorkflow({ id: 'testOneCStock', name: '1C', type: 'oneCUt10Store', parameters, extra, credentials: { oneCUt10Api: { id: null, name: '1C account' } }, timezone: 'UTC' });
}

const W = SEED_IDS.warehouses;
const N = SEED_IDS.items;

describe('1C UT10 Store stock and prices in n8n-core', () => {
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

	it('Get Balances: one item per offer and warehouse with the stable fields and pairedItem', async () => {
		const result = await runWorkflow(
			workflow({ resource: 'stock', operation: 'getBalances', warehouses: [W.main, W.retail], freeStock: true, includeZeroStock: false }),
			{ credentials },
		);
		expect(result.error()).toBeUndefined();
		const out = result.output('1C');
		const main = (ref: string) => out.find((i) => i.json.offerKey === ref && i.json.warehouseRef === W.main)?.json;
		expect(main(N.jeans48)).toEqual({
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
		expect(main(N.jeans50)?.quantity).toBe(39); // free stock: 41 − 2 reserved
		expect(out.find((i) => i.json.offerKey === N.jeans48 && i.json.warehouseRef === W.retail)?.json.quantity).toBe(4);
		for (const item of out) expect(item.pairedItem).toEqual({ item: 0 });
		const log = await ctl.requests();
		expect(log.every((r) => r.user === 'Администратор')).toBe(true);
	});

	it('Get Balances with Include Zero Stock and a folder', async () => {
		const result = await runWorkflow(
			workflow({ resource: 'stock', operation: 'getBalances', warehouses: [W.retail], includeZeroStock: true, options: { folders: [SEED_IDS.items.clothesFolder] } }),
			{ credentials },
		);
		expect(result.error()).toBeUndefined();
		expect(result.output('1C').map((i) => i.json.quantity).sort()).toEqual([0, 0, 2]);
	});

	it('Get Prices: retail type on a date → 300 for the jeans, with type and currency fields', async () => {
		const result = await runWorkflow(
			workflow({ resource: 'price', operation: 'getPrices', priceTypes: [SEED_IDS.priceTypes.retail, SEED_IDS.priceTypes.wholesaleCalculated], date: '2030-01-01T00:00:00' }),
			{ credentials },
		);
		expect(result.error()).toBeUndefined();
		const out = result.output('1C');
		const jeans = out.filter((i) => i.json.offerKey === N.jeans48).map((i) => i.json);
		expect(jeans).toEqual([
			expect.objectContaining({ priceTypeRef: SEED_IDS.priceTypes.retail, priceTypeName: 'Розничная', priceTypeCode: '000000002', price: 300, currencyCode: '643', itemCode: '00000000797' }),
			// «Оптовая (расчетная)» holds prices without VAT: by default the item's 20 % is added (207 → 248.40).
			expect.objectContaining({ priceTypeRef: SEED_IDS.priceTypes.wholesaleCalculated, price: 248.4, typePrice: 207, priceIncludesVat: false, vatAdded: 20 }),
		]);
		const asIs = await runWorkflow(
			workflow({ resource: 'price', operation: 'getPrices', priceTypes: [SEED_IDS.priceTypes.wholesaleCalculated], date: '2030-01-01T00:00:00', options: { vat: 'asIs' } }),
			{ credentials },
		);
		expect(asIs.output('1C').find((i) => i.json.offerKey === N.jeans48)?.json).toMatchObject({ price: 207, vatAdded: null });
		for (const item of out) expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('Get Prices leaves out a price it cannot compute and says so in a hint', async () => {
		const unknownUnit = '5eed00ff-0000-4000-8000-000000000001';
		await ctl.prices({ period: '2025-01-01T00:00:00', records: [{ ТипЦен_Key: SEED_IDS.priceTypes.retail, Номенклатура_Key: N.jeans50, Цена: 310, ЕдиницаИзмерения_Key: unknownUnit, Валюта_Key: SEED_IDS.currencies.rub }] });
		const result = await runWorkflow(workflow({ resource: 'price', operation: 'getPrices', priceTypes: [SEED_IDS.priceTypes.retail], date: '2030-01-01' }), { credentials });
		expect(result.error()).toBeUndefined();
		const out = result.output('1C');
		expect(out.find((i) => i.json.offerKey === N.jeans48)?.json.price).toBe(300);
		expect(out.find((i) => i.json.offerKey === N.jeans50)).toBeUndefined();
		const hints = (result.run.data.resultData.runData['1C'][0] as { hints?: Array<{ message: string }> }).hints ?? [];
		expect(hints.map((h) => h.message).join(' ')).toMatch(new RegExp(`1 price\\(s\\) could not be computed.*${N.jeans50}.*${unknownUnit}`));
	});

	it('Get Prices without a date takes now in the workflow time zone', async () => {
		const result = await runWorkflow(workflow({ resource: 'price', operation: 'getPrices', priceTypes: [SEED_IDS.priceTypes.retail] }), { credentials });
		expect(result.error()).toBeUndefined();
		const slice = (await ctl.requests()).find((r) => r.path.includes('SliceLast'));
		const period = /^datetime'(.+)'$/.exec(slice?.query.Period ?? '')?.[1] ?? '';
		expect(Math.abs(Date.parse(`${period}Z`) - Date.now())).toBeLessThan(120_000);
		expect(result.output('1C').find((i) => i.json.offerKey === N.jeans48)?.json.price).toBe(300);
	});

	it('runs once per input item, pairing each output with its input', async () => {
		const result = await runWorkflow(workflow({ resource: 'stock', operation: 'getBalances', warehouses: [W.main] }), {
			credentials,
			triggerItems: [{ json: {} }, { json: {} }],
		});
		const out = result.output('1C');
		expect(out.filter((i) => (i.pairedItem as { item: number }).item === 0)).toHaveLength(5);
		expect(out.filter((i) => (i.pairedItem as { item: number }).item === 1)).toHaveLength(5);
	});

	it('a wrong password becomes an error item that never shows the password', async () => {
		const wrong = 'неверный-пароль-123';
		const result = await runWorkflow(
			workflow({ resource: 'stock', operation: 'getBalances', warehouses: [W.main] }, { onError: 'continueRegularOutput' }),
			{ credentials: { oneCUt10Api: { url: sb.url, user: sb.user, password: wrong } } },
		);
		const [item] = result.output('1C');
		expect(String(item.json.error)).toMatch(/password|401/i);
		expect(JSON.stringify(result.run.data)).not.toContain(wrong);
	});
});
