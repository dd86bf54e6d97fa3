import type { OneCSandbox } from '../../sandboxes/onec/server';
import { SEED_IDS } from '../../sandboxes/onec/fixtures/seed';
import { OneCODataError } from '../../../nodes/core/onec/errors';
import { UT } from '../../../nodes/core/onec/model';
import { compositeRef } from '../../../nodes/core/onec/codecs';
import { eq, guid } from '../../../nodes/core/onec/query';
import type { OneCClient, WriteValues } from '../../../nodes/core/onec/client';
import { control, sandboxClient, withSandbox } from './sandbox-helpers';

/** Writes against the UT 10.3 sandbox: create, update, post/unpost, deletion mark, refusals. Never DELETE. */
let sb: OneCSandbox;
let ctl: ReturnType<typeof control>;

beforeAll(async () => {
	sb = await withSandbox('seed');
	ctl = control(sb);
});
afterAll(async () => {
	// Across the whole file, the client never sent DELETE.
	await sb.close();
});
beforeEach(async () => ctl.reset());

type Order = typeof UT.Document_ЗаказПокупателя;

function orderValues(overrides: Partial<WriteValues<Order['specs'], Order['tabular']>> = {}): WriteValues<Order['specs'], Order['tabular']> {
	const I = SEED_IDS;
	return {
		Date: '2024-06-20T12:30:00',
		Организация_Key: I.organizations.ivanov,
		Контрагент_Key: I.counterparties.retailBuyer,
		ДоговорКонтрагента_Key: I.contracts.retailBuyerMain,
		ВалютаДокумента_Key: I.currencies.rub,
		КурсВзаиморасчетов: 1,
		КратностьВзаиморасчетов: 1,
		ТипЦен_Key: I.priceTypes.retail,
		СкладГруппа: compositeRef(UT.Catalog_Склады.set, I.warehouses.main),
		УчитыватьНДС: true,
		СуммаВключаетНДС: true,
		Ответственный_Key: I.users.admin,
		НомерВходящегоДокументаЭлектронногоОбмена: '5488',
		ДатаВходящегоДокументаЭлектронногоОбмена: '2024-06-20T12:29:10',
		Комментарий: 'retailCRM №5488',
		ДокументОснование: null,
		Товары: [
			{ Номенклатура_Key: I.items.jeans48, ЕдиницаИзмерения_Key: I.units.jeans48Pcs, Коэффициент: 1, Количество: 2, Цена: 300, Сумма: 600, СтавкаНДС: 'НДС20', СуммаНДС: 100, Размещение: compositeRef(UT.Catalog_Склады.set, I.warehouses.main) },
			{ Номенклатура_Key: I.items.jeans50, ЕдиницаИзмерения_Key: I.units.jeans50Pcs, Коэффициент: 1, Количество: 1, Цена: 300, Сумма: 300, СтавкаНДС: 'НДС20', СуммаНДС: 50, ХарактеристикаНоменклатуры_Key: null },
		],
		Услуги: [{ Номенклатура_Key: I.items.delivery, Содержание: 'Доставка', Количество: 1, Цена: 200, Сумма: 200, СтавкаНДС: 'НДС20', СуммаНДС: 33.33 }],
		...overrides,
	};
}

async function reserveOf(client: OneCClient, item: string): Promise<number> {
	const rows = await client.balance(UT.AccumulationRegister_ТоварыВРезервеНаСкладах, { dimensions: ['Номенклатура'], filter: eq('Номенклатура_Key', guid(item)) });
	return rows[0]?.КоличествоBalance ?? 0;
}

describe('ЗаказПокупателя', () => {
	it('create with Товары and Услуги rows, post (reserve appears), unpost, mark for deletion', async () => {
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues());
		expect(created.entity).toMatchObject({ Posted: false, СуммаДокумента: 1100, КратностьВзаиморасчетов: 1, СкладГруппа: SEED_IDS.warehouses.main, СкладГруппа_Type: 'StandardODATA.Catalog_Склады', ДокументОснование_Type: null });
		expect(created.entity.Number).toMatch(/^0\d{10}$/);

		// Rows went out numbered 1..n, Int64 as strings.
		const post = (await ctl.requests()).find((r) => r.method === 'POST')!;
		const body = JSON.parse(post.body);
		expect(body.Товары.map((r: { LineNumber: unknown }) => r.LineNumber)).toEqual(['1', '2']);
		expect(body.Услуги[0].LineNumber).toBe('1');
		expect(body.КратностьВзаиморасчетов).toBe('1');

		const before = await reserveOf(client, SEED_IDS.items.jeans48);
		await client.post(UT.Document_ЗаказПокупателя, created.ref);
		const reread = await client.get(UT.Document_ЗаказПокупателя, created.ref, ['Posted', 'Number', 'НомерВходящегоДокументаЭлектронногоОбмена', 'DeletionMark']);
		expect(reread).toMatchObject({ Posted: true, Number: created.entity.Number, НомерВходящегоДокументаЭлектронногоОбмена: '5488', DeletionMark: false });
		expect(await reserveOf(client, SEED_IDS.items.jeans48)).toBe(before + 2);

		// The idempotency look-up of docs/1c-odata.md#customer-orders finds it by the CRM number.
		const found = await client.readAll(UT.Document_ЗаказПокупателя, {
			select: ['Ref_Key', 'Number', 'Posted'],
			filter: `${UT.Document_ЗаказПокупателя.fields.НомерВходящегоДокументаЭлектронногоОбмена} eq '5488' and DeletionMark eq false`,
		});
		expect(found).toEqual([{ Ref_Key: created.ref, Number: created.entity.Number, Posted: true }]);

		await client.unpost(UT.Document_ЗаказПокупателя, created.ref);
		expect((await client.get(UT.Document_ЗаказПокупателя, created.ref, ['Posted'])).Posted).toBe(false);
		expect(await reserveOf(client, SEED_IDS.items.jeans48)).toBe(before);

		await client.setDeletionMark(UT.Document_ЗаказПокупателя, created.ref, true);
		expect((await client.get(UT.Document_ЗаказПокупателя, created.ref, ['DeletionMark'])).DeletionMark).toBe(true);
		const methods = (await ctl.requests()).map((r) => r.method);
		expect(methods).not.toContain('DELETE');
	});

	it('PATCH replaces the rows (renumbered from 1) and returns the updated object', async () => {
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues());
		const updated = await client.update(UT.Document_ЗаказПокупателя, created.ref, {
			Товары: [{ Номенклатура_Key: SEED_IDS.items.jeans50, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans50Pcs, Коэффициент: 1, Количество: 3, Цена: 300, Сумма: 900, СтавкаНДС: 'НДС20', СуммаНДС: 150 }],
			Комментарий: 'изменён',
		});
		expect(updated.ref).toBe(created.ref);
		expect(updated.entity).toMatchObject({ Комментарий: 'изменён', СуммаДокумента: 1100 });
		const rows = await client.readAll(UT.Document_ЗаказПокупателя.tabular.Товары, {
			select: ['LineNumber', 'Номенклатура_Key', 'Количество'],
			filter: eq('Ref_Key', guid(created.ref)),
			orderby: ['LineNumber'],
		});
		expect(rows).toEqual([{ LineNumber: 1, Номенклатура_Key: SEED_IDS.items.jeans50, Количество: 3 }]);
	});

	it('PATCH answered 204 without a body (patchAnswer empty): update re-reads the object by its ref with one GET', async () => {
		await ctl.config({ patchAnswer: 'empty' });
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues());
		await ctl.clearRequests();
		const updated = await client.update(UT.Document_ЗаказПокупателя, created.ref, { Комментарий: 'изменён без ответа' });
		expect(updated.ref).toBe(created.ref);
		expect(updated.entity).toMatchObject({ Ref_Key: created.ref, Комментарий: 'изменён без ответа', СуммаДокумента: 1100 });
		expect((await ctl.requests()).map((r) => r.method)).toEqual(['PATCH', 'GET']);
	});

	it('PATCH answered with the object (the default): update sends the PATCH alone', async () => {
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues());
		await ctl.clearRequests();
		await client.update(UT.Document_ЗаказПокупателя, created.ref, { Комментарий: 'x' });
		expect((await ctl.requests()).map((r) => r.method)).toEqual(['PATCH']);
	});

	it.each([
		['Russian', "Ошибка при выполнении обработчика - 'ОбработкаПроведения'"],
		['English', "Error running processor - 'ОбработкаПроведения'"],
	])('a posting refusal as a real base answers it (generic text, %s server): advice to post by hand; the order stays unposted', async (_language, generic) => {
		await ctl.config({ postingRefusalText: generic });
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues({ ДоговорКонтрагента_Key: SEED_IDS.contracts.retailBuyerByInvoices }));
		const result = await client.post(UT.Document_ЗаказПокупателя, created.ref);
		expect(result).toMatchObject({ posted: false, refused: true, message1C: generic });
		expect(result.message).toBe(
			`1C refused to post the document without saying why. 1C said: «${generic}». OData does not return the messages UT's posting code shows a user: open the document in 1C as the same user and post it by hand to see the reason (often: a contract that is not «С покупателем» or is kept «По счетам», goods among services (a delivery item that is not a service), a closed period, the user's price restrictions). The document stays written and unposted.`,
		);
		expect((await client.get(UT.Document_ЗаказПокупателя, created.ref, ['Posted'])).Posted).toBe(false);
	});

	it('a posting refusal with UT\'s reason (detailed sandbox mode) passes the reason on', async () => {
		await ctl.config({ postingMessages: 'detailed' });
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues({ ДоговорКонтрагента_Key: SEED_IDS.contracts.retailBuyerByInvoices }));
		const result = await client.post(UT.Document_ЗаказПокупателя, created.ref);
		expect(result).toMatchObject({ posted: false, refused: true, message1C: expect.stringMatching(/взаиморасчеты по которому ведутся/) });
		expect(result.message).toMatch(/^1C refused to post the document\. 1C said: «Документ не проведен! Документ можно выписывать только по договору, .*». Fix what 1C names and run again\./);
	});

	it('a price-rights refusal (ПроверитьДопустимостьЦенОтпуска, detailed mode) says which right to relax', async () => {
		await ctl.config({ postingMessages: 'detailed', priceFloors: { Администратор: SEED_IDS.priceTypes.retail } });
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues({ Товары: [{ Номенклатура_Key: SEED_IDS.items.jeans50, ЕдиницаИзмерения_Key: SEED_IDS.units.jeans50Pcs, Коэффициент: 1, Количество: 2, Цена: 100, Сумма: 200, СтавкаНДС: 'НДС20', СуммаНДС: 33.33 }] }));
		const result = await client.post(UT.Document_ЗаказПокупателя, created.ref);
		expect(result).toMatchObject({ posted: false, refused: true, message1C: expect.stringMatching(/ниже порогового значения/) });
		expect(result.message).toMatch(/may not sell below its allowed price type \(ПроверитьДопустимостьЦенОтпуска\)/);
	});

	it('a lock conflict is reported as such, and the next post succeeds', async () => {
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues());
		await ctl.faults({ lockTimeout: true, count: 1 });
		const result = await client.post(UT.Document_ЗаказПокупателя, created.ref);
		expect(result).toMatchObject({ posted: false, refused: true });
		expect(result.message).toMatch(/Превышено максимальное время ожидания.*Another 1C session holds a lock/);
		expect(await client.post(UT.Document_ЗаказПокупателя, created.ref)).toEqual({ posted: true, refused: false });
	});

	it('a 200 that posted nothing is caught by the re-read of Posted', async () => {
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues());
		await ctl.faults({ postIgnored: true, count: 1 });
		expect(await client.post(UT.Document_ЗаказПокупателя, created.ref)).toMatchObject({ posted: false, refused: false, message: expect.stringMatching(/without an error, but the document is not posted/) });
	});

	it('Post and Unpost are sent with $format=json and answered 2xx with any body', async () => {
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues());
		await ctl.clearRequests();
		expect(await client.post(UT.Document_ЗаказПокупателя, created.ref)).toEqual({ posted: true, refused: false });
		expect(await client.unpost(UT.Document_ЗаказПокупателя, created.ref)).toEqual({ posted: false, refused: false });
		const actions = (await ctl.requests()).filter((r) => r.method === 'POST');
		expect(actions.map((r) => [r.path.split('/').pop(), r.query.$format])).toEqual([
			['Post', 'json'],
			['Unpost', 'json'],
		]);
	});

	it('a user without the posting right gets a refusal naming the right', async () => {
		await ctl.config({ deny: [{ set: UT.Document_ЗаказПокупателя.set, access: 'post' }] });
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues());
		const result = await client.post(UT.Document_ЗаказПокупателя, created.ref);
		expect(result).toMatchObject({ posted: false, refused: true, message: expect.stringMatching(/no right to do it/) });
	});

	it('a scripted posting refusal is not retried', async () => {
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Document_ЗаказПокупателя, orderValues());
		await ctl.clearRequests();
		await ctl.faults({ postingRefusal: 'Недостаточно прав для проведения документа', count: 1 });
		expect(await client.post(UT.Document_ЗаказПокупателя, created.ref)).toMatchObject({ refused: true, message1C: expect.stringContaining('Недостаточно прав') });
		expect((await ctl.requests()).filter((r) => r.path.endsWith('/Post'))).toHaveLength(1);
	});
});

describe('catalog writes', () => {
	it('creates a Cyrillic counterparty, updates it and toggles the deletion mark', async () => {
		const { client } = sandboxClient(sb);
		const created = await client.create(UT.Catalog_Контрагенты, {
			Description: 'Петров Пётр (retailCRM)',
			НаименованиеПолное: 'Петров Пётр Петрович',
			ЮрФизЛицо: 'ФизЛицо',
			Покупатель: true,
			Parent_Key: SEED_IDS.counterparties.buyersFolder,
			АдресЭП: 'petrov@example.ru',
		});
		expect(created.entity).toMatchObject({ Description: 'Петров Пётр (retailCRM)', ЮрФизЛицо: 'ФизЛицо', Покупатель: true, IsFolder: false });
		expect(created.entity.Code).toMatch(/^\d{9}$/);
		await client.update(UT.Catalog_Контрагенты, created.ref, { Комментарий: 'из CRM' });
		await client.setDeletionMark(UT.Catalog_Контрагенты, created.ref, true);
		expect(await client.get(UT.Catalog_Контрагенты, created.ref, ['Комментарий', 'DeletionMark', 'АдресЭП'])).toEqual({ Комментарий: 'из CRM', DeletionMark: true, АдресЭП: 'petrov@example.ru' });
		await client.setDeletionMark(UT.Catalog_Контрагенты, created.ref, false);
		expect((await client.get(UT.Catalog_Контрагенты, created.ref, ['DeletionMark'])).DeletionMark).toBe(false);
	});

	it('createRecord writes one КонтактнаяИнформация record (string and catalog kinds); a duplicate key is refused, code -1', async () => {
		const { client } = sandboxClient(sb);
		const I = SEED_IDS;
		const register = UT.InformationRegister_КонтактнаяИнформация;
		const written = await client.createRecord(register, {
			Объект: compositeRef(UT.Catalog_Контрагенты.set, I.counterparties.romashka),
			Тип: 'Другое',
			Вид: 'retailCRM 5',
			Вид_Type: 'Edm.String',
			Представление: 'retailCRM customer 5',
			Поле1: 'retailCRM:5',
		});
		expect(written).toMatchObject({ Объект: I.counterparties.romashka, Объект_Type: 'StandardODATA.Catalog_Контрагенты', Вид: 'retailCRM 5', Поле1: 'retailCRM:5' });
		await client.createRecord(register, {
			Объект: compositeRef(UT.Catalog_Контрагенты.set, I.counterparties.romashka),
			Тип: 'Телефон',
			Вид: compositeRef(UT.Catalog_ВидыКонтактнойИнформации.set, I.contactKinds.counterpartyPhone),
			Представление: '+7 (495) 111-22-33',
		});
		const rows = await client.readAll(register.records, { select: ['Объект', 'Тип', 'Вид', 'Вид_Type', 'Представление'], filter: eq('Тип', 'Телефон'), orderby: ['Представление'] });
		expect(rows).toEqual([{ Объект: I.counterparties.romashka, Тип: 'Телефон', Вид: I.contactKinds.counterpartyPhone, Вид_Type: 'StandardODATA.Catalog_ВидыКонтактнойИнформации', Представление: '+7 (495) 111-22-33' }]);
		const duplicate = await client
			.createRecord(register, { Объект: compositeRef(UT.Catalog_Контрагенты.set, I.counterparties.romashka), Тип: 'Другое', Вид: 'retailCRM 5', Вид_Type: 'Edm.String', Поле1: 'retailCRM:5' })
			.catch((e: unknown) => e);
		expect(duplicate).toBeInstanceOf(OneCODataError);
		expect((duplicate as OneCODataError).code).toBe('-1');
		expect((duplicate as OneCODataError).message1C).toBe('Запись с такими ключевыми полями существует!');
	});
});

describe('retry safety against the wire', () => {
	it('a dropped connection on POST create is not resent; nothing was created', async () => {
		const { client } = sandboxClient(sb);
		await ctl.faults({ drop: true, count: 1, match: 'Document_' });
		await expect(client.create(UT.Document_ЗаказПокупателя, orderValues())).rejects.toMatchObject({ kind: 'network' });
		const log = await ctl.requests();
		expect(log.filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(await client.readAll(UT.Document_ЗаказПокупателя, { select: ['Ref_Key'], filter: eq('НомерВходящегоДокументаЭлектронногоОбмена', '5488') })).toEqual([]);
	});

	it('POST create is resent after 503, not after 502', async () => {
		const { client } = sandboxClient(sb);
		await ctl.faults({ status: 503, count: 1, match: 'Document_' });
		await client.create(UT.Document_ЗаказПокупателя, orderValues());
		expect((await ctl.requests()).filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([503, 201]);
		await ctl.clearRequests();
		await ctl.faults({ status: 502, count: 1, match: 'Document_' });
		await expect(client.create(UT.Document_ЗаказПокупателя, orderValues({ НомерВходящегоДокументаЭлектронногоОбмена: '5489' }))).rejects.toMatchObject({ kind: 'server', status: 502 });
		expect((await ctl.requests()).filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	it('reads and PATCH are resent after a drop and a 502/503, bounded by maxAttempts', async () => {
		const { client, clock } = sandboxClient(sb);
		await ctl.faults({ drop: true, count: 1, match: 'Catalog_Склады' });
		await ctl.faults({ status: 502, count: 1, match: 'Catalog_Склады' });
		expect(await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] })).toHaveLength(4);
		expect((await ctl.requests()).map((r) => r.status)).toEqual([-1, 502, 200]);
		expect(clock.slept).toHaveLength(2);

		await ctl.clearRequests();
		await ctl.faults({ status: 503, count: 5, match: 'Catalog_Склады' });
		await expect(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] })).rejects.toMatchObject({ status: 503 });
		expect(await ctl.requests()).toHaveLength(3);

		await ctl.clearRequests();
		await ctl.clearFaults();
		await ctl.faults({ drop: true, count: 1, match: 'Catalog_Склады' });
		await client.update(UT.Catalog_Склады, SEED_IDS.warehouses.main, { Комментарий: 'повтор' });
		expect((await ctl.requests()).map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH -1', 'PATCH 200']);
	});

	it('a 429 (a proxy limiting requests) is resent after its Retry-After, writes included; a lasting one says what it is', async () => {
		const { client, clock } = sandboxClient(sb);
		await ctl.faults({ status: 429, count: 1, match: 'Document_', body: '<html><body><h1>429 Too Many Requests</h1></body></html>', contentType: 'text/html' });
		await client.create(UT.Document_ЗаказПокупателя, orderValues());
		expect((await ctl.requests()).filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([429, 201]);
		expect(clock.slept).toHaveLength(1);

		await ctl.clearRequests();
		await ctl.faults({ status: 429, count: 5, match: 'Catalog_Склады', body: '<html><body><h1>429 Too Many Requests</h1></body></html>', contentType: 'text/html' });
		const e = (await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] }).catch((x: unknown) => x)) as OneCODataError;
		expect(e).toMatchObject({ kind: 'server', status: 429 });
		expect(e.message).toMatch(/^1C's web server is limiting requests \(HTTP 429\)/);
		expect(e.hint).toMatch(/spread the schedules/);
		expect(await ctl.requests()).toHaveLength(3);
	});

	it('a 500 error page (not an OData error) is resent for reads, never for a create; an OData 500 is never resent', async () => {
		const { client } = sandboxClient(sb);
		const page = '<html><body><p>Превышено максимальное количество лицензий</p></body></html>';
		await ctl.faults({ status: 500, count: 1, match: 'Catalog_Склады', body: page, contentType: 'text/html' });
		expect(await client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] })).toHaveLength(4);
		expect((await ctl.requests()).map((r) => r.status)).toEqual([500, 200]);

		await ctl.clearRequests();
		await ctl.faults({ status: 500, count: 1, match: 'Document_', body: page, contentType: 'text/html' });
		await expect(client.create(UT.Document_ЗаказПокупателя, orderValues({ НомерВходящегоДокументаЭлектронногоОбмена: '5490' }))).rejects.toMatchObject({ kind: 'server', status: 500 });
		expect(await ctl.requests()).toHaveLength(1);

		// The sandbox's own 500 is an OData error (code -1): 1C's considered answer, read once.
		await ctl.clearRequests();
		await ctl.faults({ status: 500, count: 1, match: 'Catalog_Склады' });
		await expect(client.readAll(UT.Catalog_Склады, { select: ['Ref_Key'] })).rejects.toMatchObject({ kind: 'odata', status: 500 });
		expect(await ctl.requests()).toHaveLength(1);
	});
});
