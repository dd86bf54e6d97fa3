/**
 * An order's retailCRM currency against the documents' currency (currency.ts): the 1C currency of the Currency setting
 * tells its ISO letters by its Код (ISO 4217 numeric) or its Наименование; an order naming another currency fails with
 * field `currency` and nothing is written for it; an order without a currency (older API answers) loads as before.
 */
import { currencyProblem, documentCurrency } from '../../../../../nodes/core/sync/orders/currency';
import { upsertCustomerOrders } from '../../../../../nodes/core/sync/orders/onec-writer/upsert';
import type { UpsertFailure, UpsertOptions, UpsertResult } from '../../../../../nodes/core/sync/orders/onec-writer/types';
import type { CrmOrderLike } from '../../../../../nodes/core/sync/orders/crm-order';
import type { OneCSandbox } from '../../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../../integration/onec/sandbox-helpers';
import { IDS, JEANS48, crmOrder, line, seedOptions } from './fixtures';

describe('documentCurrency / currencyProblem', () => {
	it.each([
		[{ code: '643', description: 'руб.' }, 'RUB'],
		[{ code: '810', description: 'руб.' }, 'RUB'],
		[{ code: '398', description: 'тенге' }, 'KZT'],
		[{ code: '933', description: 'BYN' }, 'BYN'],
		[{ code: '980', description: 'грн.' }, 'UAH'],
		[{ code: '840', description: 'USD' }, 'USD'],
		[{ code: '978', description: 'EUR' }, 'EUR'],
		[{ code: '001', description: 'руб.' }, 'RUB'],
		[{ code: 'EUR', description: 'Евро' }, 'EUR'],
		[{ code: '999', description: 'у.е.' }, undefined],
	])('1C currency %j → %s', (onec, letters) => {
		expect(documentCurrency(undefined, onec).letters).toBe(letters);
	});

	it('the "retailCRM Currency" option wins over the 1C code', () => {
		expect(documentCurrency('kzt', { code: '643', description: 'руб.' }).letters).toBe('KZT');
	});

	it('no currency passes; the same currency passes (RUR is the rouble); another or an unknown document currency is refused', () => {
		const rub = documentCurrency(undefined, { code: '643', description: 'руб.' });
		expect(currencyProblem({ id: 1, number: '1' }, rub)).toBeUndefined();
		expect(currencyProblem({ id: 1, number: '1', currency: null }, rub)).toBeUndefined();
		expect(currencyProblem({ id: 1, number: '1', currency: 'RUB' }, rub)).toBeUndefined();
		expect(currencyProblem({ id: 1, number: '1', currency: 'rur' }, rub)).toBeUndefined();
		expect(currencyProblem({ id: 1, number: '1', currency: 'KZT' }, rub)).toMatch(/^retailCRM order 1 has currency KZT, but the documents are written in RUB/);
		const unknown = documentCurrency(undefined, { code: '999', description: 'у.е.' });
		expect(currencyProblem({ id: 1, number: '1', currency: 'RUB' }, unknown)).toMatch(/ISO code of the documents' currency is unknown: 1C currency "у\.е\." \(Код 999\).*retailCRM Currency/);
		expect(currencyProblem({ id: 1, number: '1' }, unknown)).toBeUndefined();
	});
});

describe('through the upsert (UT 10.3 sandbox, Currency = руб., Код 643)', () => {
	let sb: OneCSandbox;
	beforeAll(async () => {
		sb = await withSandbox('seed');
	});
	afterAll(async () => sb.close());
	beforeEach(() => sb.state.reset('seed'));

	const docs = (number: string) => sb.state.store.rows('Document_ЗаказПокупателя').filter((d) => String(d.Комментарий ?? '').startsWith(`retailCRM №${number}`));
	const run = (orders: CrmOrderLike[], options: Partial<UpsertOptions> = {}) => upsertCustomerOrders(sandboxClient(sb).client, orders, seedOptions(options));

	it('a KZT order fails with field currency and nothing written; RUB and currency-less orders load', async () => {
		const kzt = crmOrder(70001, '71001', [line(JEANS48, 1)], 0, undefined, { currency: 'KZT' });
		const rub = crmOrder(70002, '71002', [line(JEANS48, 1)], 0, undefined, { currency: 'RUB' });
		const none = crmOrder(70003, '71003', [line(JEANS48, 1)], 0);
		const [a, b, c] = await run([kzt, rub, none]);
		expect(a).toMatchObject({ ok: false, field: 'currency', crmOrderNumber: '71001' });
		expect((a as UpsertFailure).error).toMatch(/^retailCRM order 71001 has currency KZT, but the documents are written in RUB/);
		expect(docs('71001')).toEqual([]);
		expect(b).toMatchObject({ ok: true, action: 'created', posted: true });
		expect(c).toMatchObject({ ok: true, action: 'created', posted: true });
		expect(docs('71002')[0]).toMatchObject({ ВалютаДокумента_Key: IDS.currencies.rub, СуммаДокумента: 300 });
	});

	it('a dry run says the same; with the documents in USD (Код 840) a RUB order is the one refused', async () => {
		const [dry] = await run([crmOrder(70001, '71001', [line(JEANS48, 1)], 0, undefined, { currency: 'KZT' })], { dryRun: true });
		expect(dry).toMatchObject({ ok: false, field: 'currency' });
		const [usd] = await run([crmOrder(70002, '71002', [line(JEANS48, 1)], 0, undefined, { currency: 'RUB' })], { currencyKey: IDS.currencies.usd });
		expect((usd as UpsertFailure).error).toMatch(/has currency RUB, but the documents are written in USD \(1C currency "USD" \(Код 840\)\)/);
		const [ok] = await run([crmOrder(70004, '71004', [line(JEANS48, 1)], 0, undefined, { currency: 'USD' })], { currencyKey: IDS.currencies.usd });
		expect((ok as UpsertResult).ok).toBe(true);
	});
});
