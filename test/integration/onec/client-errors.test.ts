import type { OneCSandbox } from '../../sandboxes/onec/server';
import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import { UT, REQUIRED_SETS } from '../../../nodes/core/onec/model';
import { eq, guid, queryParams } from '../../../nodes/core/onec/query';
import { basicAuthHeader } from '../../../nodes/core/onec/auth';
import { OneCClient } from '../../../nodes/core/onec/client';
import { OneCODataError } from '../../../nodes/core/onec/errors';
import { createAxiosTransport, fakeClock, realClock } from '../../helpers/axios-transport';
import { control, sandboxClient, withSandbox } from './sandbox-helpers';

/** Each 1C error code and each non-OData failure, as the client reports them against the sandbox. */
let sb: OneCSandbox;
let ctl: ReturnType<typeof control>;

beforeAll(async () => {
	sb = await withSandbox('seed');
	ctl = control(sb);
});
afterAll(async () => sb.close());
beforeEach(async () => ctl.reset());

async function failure(promise: Promise<unknown>): Promise<OneCODataError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(OneCODataError);
	return error as OneCODataError;
}

describe('odata.error codes', () => {
	it('code 6: an unknown field in $select names the field', async () => {
		const { client } = sandboxClient(sb);
		const url = client.url([UT.Catalog_Склады.set], queryParams({ select: ['Ref_Key', 'Склад_Key'] }));
		const e = await failure(client.request('GET', url, { safeToRepeat: true, set: UT.Catalog_Склады.set }));
		expect(e).toMatchObject({ kind: 'odata', status: 400, code: '6' });
		expect(e.message1C).toContain('Склад_Key');
		expect(e.hint).toMatch(/"Склад_Key" does not exist/);
	});

	it('404: a set missing from the OData composition → add it with УстановитьСоставСтандартногоИнтерфейсаOData', async () => {
		await ctl.config({ published: REQUIRED_SETS.filter((s) => s !== UT.Catalog_Склады.set) });
		const { client } = sandboxClient(sb);
		const e = await failure(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] }));
		expect(e).toMatchObject({ kind: 'notInComposition', status: 404, code: '6', message1C: 'Сегмент пути Catalog_Склады не найден!' });
		expect(e.hint).toBe('Add Catalog_Склады to the OData composition (run УстановитьСоставСтандартногоИнтерфейсаOData in the infobase), or check the object name.');
		expect(e.message).not.toMatch(/wrong URL|does not exist/i);
		// A key lookup on the unpublished set is not "object not found": find() does not hide it as null.
		await expect(client.find(UT.Catalog_Склады, SEED_IDS.warehouses.main, ['Ref_Key'])).rejects.toMatchObject({ kind: 'notInComposition' });
		// Older sandboxes (and perhaps some platforms) answer 400 code 6 naming the set: read the same way.
		await ctl.config({ unpublishedSetStatus: 400 });
		expect(await failure(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] }))).toMatchObject({ kind: 'notInComposition', status: 400 });
	});

	it('code 6 for an unknown field written without quotes (as a real base does) points at the field, not the composition', async () => {
		const { client } = sandboxClient(sb);
		const url = client.url([UT.Catalog_Склады.set], queryParams({ select: ['Ref_Key', 'Телефон'] }));
		const e = await failure(client.request('GET', url, { safeToRepeat: true, set: UT.Catalog_Склады.set }));
		expect(e).toMatchObject({ kind: 'odata', status: 400, code: '6', message1C: 'Сегмент пути Телефон не найден!' });
		expect(e.hint).toBe('The field or segment "Телефон" does not exist in this infobase\'s OData model; compare with $metadata (a different UT release?).');
	});

	it('403: a set the user may not read names the set and the rights', async () => {
		await ctl.config({ deny: [{ set: UT.Catalog_Контрагенты.set, access: 'read' }] });
		const { client } = sandboxClient(sb);
		const e = await failure(client.readAll(UT.Catalog_Контрагенты, { select: ['Ref_Key'] }));
		expect(e).toMatchObject({ kind: 'forbidden', status: 403, message1C: 'Нарушение прав доступа!' });
		expect(e.hint).toMatch(/has no right to read Catalog_Контрагенты/);
	});

	it('403 from a record-level restriction (a row hidden from the user): the hint names RLS, the client does not hide the row with allowedOnly', async () => {
		await ctl.config({ rlsHidden: [{ set: UT.Catalog_Контрагенты.set, refs: [SEED_IDS.counterparties.romashka] }] });
		const { client } = sandboxClient(sb);
		const e = await failure(client.readAll(UT.Catalog_Контрагенты, { select: ['Ref_Key'] }));
		expect(e).toMatchObject({ kind: 'forbidden', status: 403, message1C: 'Нарушение прав доступа!' });
		expect(e.hint).toMatch(/record-level restrictions/);
		expect(e.hint).toMatch(/without record-level restrictions/);
		await failure(client.get(UT.Catalog_Контрагенты, SEED_IDS.counterparties.romashka, ['Ref_Key']));
		// other rows stay readable by key
		expect(await client.get(UT.Catalog_Контрагенты, SEED_IDS.counterparties.retailBuyer, ['Ref_Key'])).toEqual({ Ref_Key: SEED_IDS.counterparties.retailBuyer });
		expect((await ctl.requests()).some((r) => /allowedOnly/i.test(r.rawUrl))).toBe(false);
	});

	it('code 6: a function the register does not have', async () => {
		const { client } = sandboxClient(sb);
		const url = client.url([UT.AccumulationRegister_ТоварыНаСкладах.set, 'SliceLast'], queryParams({}));
		const e = await failure(client.request('GET', url, { safeToRepeat: true, set: UT.AccumulationRegister_ТоварыНаСкладах.set }));
		expect(e).toMatchObject({ code: '6', hint: expect.stringMatching(/does not support that function/) });
	});

	it('code 9: a missing object', async () => {
		const { client } = sandboxClient(sb);
		const e = await failure(client.get(UT.Catalog_Номенклатура, '5eed0099-0000-4000-8000-000000000009', ['Ref_Key']));
		expect(e).toMatchObject({ status: 404, code: '9', hint: expect.stringMatching(/does not exist/) });
	});

	it('code 14: a $filter 1C cannot parse', async () => {
		const { client } = sandboxClient(sb);
		const e = await failure(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'], filter: "(Description eq 'x'" }));
		expect(e).toMatchObject({ status: 400, code: '14' });
	});

	it('code 1: a value that cannot be parsed as its type', async () => {
		const { client } = sandboxClient(sb);
		const url = client.url([`${UT.Catalog_Контрагенты.set}(${guid(SEED_IDS.counterparties.retailBuyer).literal})`], queryParams({}));
		const e = await failure(client.request('PATCH', url, { body: { ОсновнойДоговорКонтрагента_Key: 'not-a-guid' }, safeToRepeat: true, set: UT.Catalog_Контрагенты.set }));
		expect(e).toMatchObject({ status: 400, code: '1' });
	});

	it('code 13: rows posted straight into a tabular section set', async () => {
		const { client } = sandboxClient(sb);
		const set = UT.Document_ЗаказПокупателя.tabular.Товары.set;
		const e = await failure(client.request('POST', client.url([set], queryParams({})), { body: { LineNumber: '1' }, safeToRepeat: false, set }));
		expect(e).toMatchObject({ code: '13', hint: expect.stringMatching(/inside the parent document/) });
	});

	it('code -1: rows without LineNumber break 1C (why the client always numbers them)', async () => {
		const { client } = sandboxClient(sb);
		const url = client.url([UT.Document_ЗаказПокупателя.set], queryParams({}));
		const e = await failure(client.request('POST', url, { body: { Товары: [{ Количество: 1 }] }, safeToRepeat: false, set: UT.Document_ЗаказПокупателя.set }));
		expect(e).toMatchObject({ status: 500, code: '-1' });
	});
});

describe('non-OData failures', () => {
	it('a Cyrillic login works only UTF-8 encoded', async () => {
		const manager = sandboxClient(sb, {}, basicAuthHeader('Менеджер', 'пароль'));
		expect(await manager.client.readAll(UT.Catalog_Валюты, { select: ['Code'], filter: eq('Code', '643') })).toEqual([{ Code: '643' }]);
		expect((await ctl.requests()).at(-1)?.user).toBe('Менеджер');
		// The same login as latin-1 bytes (what a non-UTF-8 client sends) is refused.
		const latin1 = `Basic ${Buffer.from('Менеджер:пароль', 'latin1').toString('base64')}`;
		const e = await failure(sandboxClient(sb, {}, latin1).client.readAll(UT.Catalog_Валюты, { select: ['Code'] }));
		expect(e.kind).toBe('auth');
	});

	it('a wrong password → auth error that never contains the password', async () => {
		const { client } = sandboxClient(sb, {}, basicAuthHeader('Администратор', 'Секрет-42'));
		const e = await failure(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] }));
		expect(e).toMatchObject({ kind: 'auth', status: 401 });
		expect(e.message).toMatch(/Wrong 1C user name or password/);
		expect(`${e.message} ${e.hint} ${e.url}`).not.toContain('Секрет-42');
		expect(JSON.stringify(e)).not.toContain('Секрет-42');
	});

	it('a wrong publication path → wrong URL or OData not published', async () => {
		const { client } = sandboxClient({ ...sb, url: sb.url.replace('/ut103/', '/ut10/') });
		const e = await failure(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] }));
		expect(e).toMatchObject({ kind: 'notPublished', status: 404 });
	});

	it('Atom XML when $format=json is missing', async () => {
		const { client } = sandboxClient(sb);
		const e = await failure(client.request('GET', `${client.rootUrl}/${encodeURIComponent(UT.Catalog_Склады.set)}?$top=1`, { safeToRepeat: true }));
		expect(e.kind).toBe('atom');
	});

	it.each([
		[
			'the licence limit (1C\'s own text, plain)',
			500,
			'text/plain;charset=utf-8',
			'Превышено максимальное количество лицензий на клиентские подключения',
			'Превышено максимальное количество лицензий на клиентские подключения',
			/no free licence/,
		],
		[
			'locked sessions (an HTML page)',
			500,
			'text/html;charset=utf-8',
			'<html><head><title>Ошибка</title></head><body><p>Начало сеанса с информационной базой запрещено</p><script>x()</script></body></html>',
			'Ошибка. Начало сеанса с информационной базой запрещено',
			/locked new sessions/,
		],
		[
			'a 1C cluster that does not answer',
			500,
			'text/plain',
			'Ошибка соединения с сервером 1С:Предприятия 8.3: Сервер 1С:Предприятия не обнаружен (rphost)',
			'Ошибка соединения с сервером 1С:Предприятия 8.3: Сервер 1С:Предприятия не обнаружен (rphost)',
			/cannot reach the 1C server cluster/,
		],
		[
			'an IIS page',
			503,
			'text/html',
			'<html><body><h1>Service Unavailable</h1><p>HTTP Error 503. The service is unavailable.</p></body></html>',
			'Service Unavailable. HTTP Error 503. The service is unavailable',
			/did not get an answer from 1C/,
		],
	])('a 5xx without an OData body keeps its text: %s', async (_what, status, contentType, body, text, hint) => {
		// 503 is retried: the fault stays for every attempt.
		await ctl.faults({ status, count: 3, match: 'Catalog_Валюты', body, contentType });
		const { client } = sandboxClient(sb);
		const e = await failure(client.readAll(UT.Catalog_Валюты, { select: ['Ref_Key'] }));
		expect(e).toMatchObject({ kind: 'server', status, message1C: text });
		expect(e.message).toContain(`1C: «${text}»`);
		expect(e.hint).toMatch(hint);
	});

	it('a closed port → network error', async () => {
		const closed = await withSandbox('seed');
		const url = closed.url;
		await closed.close();
		const client = new OneCClient({ rootUrl: url, transport: createAxiosTransport({}), clock: fakeClock(), retry: { maxAttempts: 2 } });
		const e = await failure(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] }));
		expect(e.kind).toBe('network');
	});
});

describe('timeouts', () => {
	it('a slow first request (session start) fails under a short first timeout and passes under the long one', async () => {
		await ctl.faults({ slowFirstRequestMs: 1500 });
		const transport = createAxiosTransport({ Authorization: basicAuthHeader(sb.user, sb.password) });
		const impatient = new OneCClient({ rootUrl: sb.url, transport, clock: realClock, firstRequestTimeoutMs: 200, requestTimeoutMs: 200, retry: { maxAttempts: 1 } });
		const e = await failure(impatient.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] }));
		expect(e.kind).toBe('timeout');

		await ctl.reset();
		await ctl.faults({ slowFirstRequestMs: 500 });
		const patient = new OneCClient({ rootUrl: sb.url, transport, clock: realClock, firstRequestTimeoutMs: 10_000, requestTimeoutMs: 200, retry: { maxAttempts: 1 } });
		expect(await patient.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] })).toHaveLength(4);
		// Later requests are quick again and run under the short timeout.
		expect(await patient.readAll(UT.Catalog_Валюты, { select: ['Ref_Key'] })).toHaveLength(2);
	});
});
