import { EMPTY, I, orderBody, row } from './order-bodies';
import { basic, odataError, odataPath, startClient, type Client } from './helpers';

/**
 * docs/1c-odata.md#writes, #customer-orders: Post/Unpost of ЗаказПокупателя with UT 10.3's checks and reserve movements. The checks' Russian reasons
 * are asserted in `postingMessages: 'detailed'` mode; the default (what a real base most likely answers over OData)
 * is the platform's generic text, pinned in "what a real base answers" below.
 */
let c: Client;
beforeAll(async () => {
	c = await startClient();
});
afterAll(() => c.sb.close());
beforeEach(async () => {
	await c.control('POST', 'reset', { fixture: 'seed' });
	await c.control('POST', 'config', { today: null, postingMessages: 'detailed', priceFloors: {}, lockedObjects: [], closedBefore: null, deny: [] });
});

async function create(extra: Record<string, unknown> = {}): Promise<string> {
	const r = await c.post('Document_ЗаказПокупателя', orderBody(extra));
	expect(r.status).toBe(201);
	return JSON.parse(r.data).Ref_Key;
}
const post = (ref: string, operational = false) => c.raw('POST', odataPath(`Document_ЗаказПокупателя(guid'${ref}')/Post`, { PostingModeOperational: String(operational) }));
const posted = async (ref: string): Promise<boolean> => (await c.json(`Document_ЗаказПокупателя(guid'${ref}')`, { $select: 'Posted' })).Posted;
const reserveOf = async (item: string): Promise<number | undefined> => {
	const r = await c.json(`AccumulationRegister_ТоварыВРезервеНаСкладах/Balance(Dimensions='Склад,Номенклатура')`, { $filter: `Номенклатура_Key eq guid'${item}'` });
	return r.value[0]?.КоличествоBalance;
};

async function expectRefusal(ref: string, text: string | RegExp): Promise<void> {
	const r = await post(ref);
	expect(r.status).toBe(500);
	const e = odataError(r);
	expect(e.code).toBe('-1');
	expect(e.message).toMatch(text);
	expect(await posted(ref)).toBe(false);
}

describe('Post', () => {
	it('posts a complete order: 200, Posted=true, reserve movements written', async () => {
		const ref = await create();
		const r = await post(ref);
		expect(r.status).toBe(200);
		expect(await posted(ref)).toBe(true);
		expect(await reserveOf(I.items.jeans48)).toBe(2);
		const recs = await c.json('AccumulationRegister_ТоварыВРезервеНаСкладах_RecordType', { $filter: `Recorder eq cast(guid'${ref}', 'Document_ЗаказПокупателя')` });
		expect(recs.value).toHaveLength(1);
		expect(recs.value[0]).toMatchObject({ Склад_Key: I.warehouses.main, ДокументРезерва: ref, ДокументРезерва_Type: 'StandardODATA.Document_ЗаказПокупателя', RecordType: 'Receipt' });
	});

	it('accepts the parameter in parentheses as well', async () => {
		const ref = await create();
		const r = await c.raw('POST', `${encodeURI(`Document_ЗаказПокупателя(guid'${ref}')/Post(PostingModeOperational=false)`)}?$format=json`);
		expect(r.status).toBe(200);
		expect(await posted(ref)).toBe(true);
	});

	it('refuses an order without a contract and says why in Russian', async () => {
		const ref = await create({ ДоговорКонтрагента_Key: EMPTY });
		await expectRefusal(ref, /Не заполнено значение реквизита "Договор контрагента"/);
		expect(await reserveOf(I.items.jeans48)).toBeUndefined();
	});

	it('refuses missing header fields one by one', async () => {
		await expectRefusal(await create({ Организация_Key: EMPTY }), /Не заполнено значение реквизита "Организация"!$/);
		await expectRefusal(await create({ ВалютаДокумента_Key: EMPTY }), /"Валюта документа"/);
		await expectRefusal(await create({ Контрагент_Key: EMPTY }), /"Контрагент"/);
		await expectRefusal(await create({ КратностьВзаиморасчетов: 0 }), /"Кратность взаиморасчетов"/);
	});

	it('refuses contracts of another owner, another organization, a wrong kind or "По счетам"', async () => {
		await expectRefusal(await create({ ДоговорКонтрагента_Key: I.contracts.romashkaByOrders }), /не принадлежит контрагенту/);
		await expectRefusal(await create({ ДоговорКонтрагента_Key: I.contracts.retailBuyerTradeHouse }), /^Документ не проведен! Выбран договор контрагента, не соответствующий организации, указанной в документе!$/);
		await expectRefusal(await create({ ДоговорКонтрагента_Key: I.contracts.retailBuyerByInvoices }), /взаиморасчеты по которому ведутся {2}по заказам или по договору в целом!$/);
		await expectRefusal(
			await create({ Контрагент_Key: I.counterparties.supplier, ДоговорКонтрагента_Key: I.contracts.supplier }),
			/Вид договора "СПоставщиком"/,
		);
	});

	it('accepts a contract with a commissioner (СКомиссионером) of the same organization', async () => {
		const ref = await create({
			Организация_Key: I.organizations.tradeHouse,
			Контрагент_Key: I.counterparties.romashka,
			ДоговорКонтрагента_Key: I.contracts.romashkaCommissioner,
		});
		expect((await post(ref)).status).toBe(200);
		expect(await posted(ref)).toBe(true);
	});

	it('refuses an НТТ warehouse in the header or in a row placement', async () => {
		await expectRefusal(await create({ СкладГруппа: I.warehouses.ntt }), /Документ не может осуществлять заказ с НТТ!$/);
		await expectRefusal(await create({ Товары: [row(1, { Размещение: I.warehouses.ntt })] }), /табличной части "Товары": содержится размещение по НТТ. Такого быть не должно!$/);
	});

	it('refuses services and sets in Товары, and rows missing required fields', async () => {
		await expectRefusal(await create({ Товары: [row(1, { Номенклатура_Key: I.items.delivery })] }), /"Товары": содержится услуга\. Услуг здесь быть не должно!/);
		await expectRefusal(await create({ Товары: [row(1, { Номенклатура_Key: I.items.kit })] }), /"Товары": содержится набор-пакет/);
		await expectRefusal(await create({ Товары: [row(1, { Количество: 0 })] }), /В строке номер "1" табличной части "Товары": Не заполнено значение реквизита "Количество"!/);
		await expectRefusal(await create({ Товары: [row(1), row(2, { Сумма: 0 })] }), /В строке номер "2" .*"Сумма"/);
		await expectRefusal(await create({ Товары: [row(1, { СтавкаНДС: '' })] }), /"Ставка НДС"/);
	});

	it('refuses services rows without Содержание or Сумма', async () => {
		const service = (extra: Record<string, unknown>) => ({ LineNumber: 1, Номенклатура_Key: I.items.delivery, Содержание: 'Доставка', Количество: 1, Цена: 190, Сумма: 190, СтавкаНДС: 'БезНДС', ...extra });
		await expectRefusal(await create({ Услуги: [service({ Содержание: '' })] }), /табличной части "Услуги": Не заполнено значение реквизита "Содержание"!/);
		await expectRefusal(await create({ Услуги: [service({ Цена: 0, Сумма: 0 })] }), /табличной части "Услуги": Не заполнено значение реквизита "Сумма"!/);
	});

	it('refuses goods and sets in Услуги (UT 10.3 posts only services there)', async () => {
		const service = (item: string) => ({ LineNumber: 1, Номенклатура_Key: item, Содержание: 'Доставка', Количество: 1, Цена: 190, Сумма: 190, СтавкаНДС: 'БезНДС' });
		await expectRefusal(await create({ Услуги: [service(I.items.jeans48)] }), /"Услуги": содержится номенклатура, не являющаяся услугой\. Здесь могут быть только услуги!/);
		await expectRefusal(await create({ Услуги: [service(I.items.kit)] }), /"Услуги": содержится номенклатура, не являющаяся услугой/);
		const ok = await create({ Услуги: [service(I.items.delivery)] });
		expect((await post(ok)).status).toBe(200);
	});

	it('posts a zero-sum row (a gift) only for a user with the right for the warehouse kind', async () => {
		const gift = { Товары: [row(1), row(2, { Цена: 0, Сумма: 0, СуммаНДС: 0 })] };
		await expectRefusal(await create(gift), /"Сумма"/);
		// the right for retail does not cover a wholesale warehouse (Основной склад)
		await c.control('POST', 'users', { name: 'Администратор', rights: ['РазрешитьНулевыеЦеныВРознице'] });
		await expectRefusal(await create(gift), /"Сумма"/);
		await c.control('POST', 'users', { name: 'Администратор', rights: ['РазрешитьНулевыеЦеныВОпте'] });
		const ref = await create(gift);
		expect((await post(ref)).status).toBe(200);
		expect(await posted(ref)).toBe(true);
		// a retail warehouse asks for РазрешитьНулевыеЦеныВРознице
		const retail = await create({ ...gift, СкладГруппа: I.warehouses.retail, Товары: gift.Товары.map((r) => ({ ...r, Размещение: I.warehouses.retail })) });
		await expectRefusal(retail, /"Сумма"/);
		// the right is per user: another user without it is refused
		await c.control('POST', 'users', { name: 'Менеджер', rights: [] });
		const manager = await c.raw('POST', odataPath(`Document_ЗаказПокупателя(guid'${ref}')/Post`, { PostingModeOperational: 'false' }), undefined, { authorization: basic('Менеджер', 'пароль') });
		expect(manager.status).toBe(500);
		expect(odataError(manager).message).toMatch(/"Сумма"/);
	});

	it('refuses a document marked for deletion', async () => {
		const ref = await create();
		await c.patch(`Document_ЗаказПокупателя(guid'${ref}')`, { DeletionMark: true });
		await expectRefusal(ref, /помеченный на удаление/i);
	});

	it('allows operational posting only for a document dated today', async () => {
		await c.control('POST', 'config', { today: '2024-06-21' });
		const old = await create({ Date: '2024-06-20T10:00:00' });
		const r = await post(old, true);
		expect(r.status).toBe(500);
		expect(odataError(r).message).toMatch(/Оперативное проведение/);
		const today = await create({ Date: '2024-06-21T09:00:00' });
		expect((await post(today, true)).status).toBe(200);
	});

	it('replays a scripted posting refusal', async () => {
		await c.control('POST', 'faults', { postingRefusal: 'Недостаточно прав для проведения', count: 1 });
		const ref = await create();
		await expectRefusal(ref, /Недостаточно прав/);
		expect((await post(ref)).status).toBe(200);
	});

	describe('price floor: the rules of UT\'s ПроверитьДопустимостьЦенОтпуска (src/CommonModules/УправлениеДопПравамиПользователей/Ext/Module.bsl)', () => {
		const floor = (type: string) => c.control('POST', 'config', { priceFloors: { Администратор: type } });
		const goods = (price: number, extra: Record<string, unknown> = {}) => row(1, { Количество: 1, Цена: price, Сумма: price, Размещение: EMPTY, Размещение_Type: undefined, ...extra });
		const round2 = (n: number) => Math.round(n * 100) / 100;
		const service = (price: number) => ({ LineNumber: 1, Номенклатура_Key: I.items.delivery, Содержание: 'Доставка', Количество: 1, Цена: price, Сумма: price, СтавкаНДС: 'НДС20', СуммаНДС: round2(price / 6) });
		const below = (price: string, min: string, item = 'Джинсы Элегантность \\(48\\)', currency = 'руб\\.') =>
			new RegExp(`Строка 1: Для товара ${item}\\n {4}цена за единицу ниже порогового значения \\(цена: ${price} ${currency}, минимальное значение: ${min} ${currency}\\)`);
		const postsOk = async (extra: Record<string, unknown>) => expect((await post(await create(extra))).status).toBe(200);

		it('checks Услуги rows too (ОбработкаПроведения calls it for "Товары" and "Услуги"), in the item\'s storage unit', async () => {
			await c.control('POST', 'prices', { period: '2024-06-01T00:00:00', records: [{ ТипЦен_Key: I.priceTypes.retail, Номенклатура_Key: I.items.delivery, Цена: 500, ЕдиницаИзмерения_Key: I.units.deliveryPcs }] });
			await floor(I.priceTypes.retail);
			await expectRefusal(await create({ Услуги: [service(100)] }), below('100.00', '500.00', 'Доставка'));
			await postsOk({ Услуги: [service(500)] });
		});

		it('adds VAT to a floor type kept without VAT when the document\'s sums include VAT, and removes it in the reverse case (ПересчитатьЦенуПриИзмененииФлаговНалогов)', async () => {
			// «Закупочная» is kept without VAT: 180 for jeans48 → 216 with 20 % VAT.
			await floor(I.priceTypes.purchase);
			await expectRefusal(await create({ Товары: [goods(200)] }), below('200.00', '216.00'));
			await postsOk({ Товары: [goods(216)] });
			// VAT not kept (УчитыватьНДС off): the floor stays 180.
			await postsOk({ УчитыватьНДС: false, СуммаВключаетНДС: false, Товары: [goods(180, { СтавкаНДС: 'БезНДС', СуммаНДС: 0 })] });
			// «Розничная» includes VAT: 300 → 250 on a document whose sums exclude VAT.
			await floor(I.priceTypes.retail);
			await expectRefusal(await create({ СуммаВключаетНДС: false, Товары: [goods(249.99)] }), below('249.99', '250.00'));
			await postsOk({ СуммаВключаетНДС: false, Товары: [goods(250)] });
		});

		it('a calculated floor type is its base type × (1 + ПроцентСкидкиНаценки / 100), rounded to kopecks, plus VAT', async () => {
			// «Оптовая (расчетная)»: «Закупочная» + 15 %, without VAT: jeans48 180 × 1.15 = 207 → 248.40 with VAT.
			await floor(I.priceTypes.wholesaleCalculated);
			await expectRefusal(await create({ Товары: [goods(248.39)] }), below('248.39', '248.40'));
			await postsOk({ Товары: [goods(248.4)] });
			// jeans50: 190 × 1.15 = 218.50 → 262.20; the type's ПорядокОкругления (Окр1, up) is not applied by the check.
			await expectRefusal(await create({ Товары: [goods(262.19, { Номенклатура_Key: I.items.jeans50, ЕдиницаИзмерения_Key: I.units.jeans50Pcs })] }), below('262.19', '262.20', 'Джинсы Элегантность \\(50\\)'));
			await postsOk({ Товары: [goods(262.2, { Номенклатура_Key: I.items.jeans50, ЕдиницаИзмерения_Key: I.units.jeans50Pcs })] });
			// A per-item percent in the calculated type's own register rows wins: 180 × 1.5 = 270 → 324.
			await c.control('POST', 'prices', { period: '2024-06-01T00:00:00', records: [{ ТипЦен_Key: I.priceTypes.wholesaleCalculated, Номенклатура_Key: I.items.jeans48, ПроцентСкидкиНаценки: 50, ЕдиницаИзмерения_Key: I.units.jeans48Pcs }] });
			await expectRefusal(await create({ Товары: [goods(300)] }), below('300.00', '324.00'));
			// Услуги has no characteristic, and there UT's query multiplies by the calculated type's own register percent:
			// without such a row the floor is NULL and the check passes (delivery: «Закупочная» 100, none of its own).
			await c.control('POST', 'prices', { period: '2024-06-01T00:00:00', records: [{ ТипЦен_Key: I.priceTypes.purchase, Номенклатура_Key: I.items.delivery, Цена: 100, ЕдиницаИзмерения_Key: I.units.deliveryPcs }] });
			await postsOk({ Товары: [], Услуги: [service(50)] });
			await c.control('POST', 'prices', { period: '2024-06-01T00:00:00', records: [{ ТипЦен_Key: I.priceTypes.wholesaleCalculated, Номенклатура_Key: I.items.delivery, ПроцентСкидкиНаценки: 10, ЕдиницаИзмерения_Key: I.units.deliveryPcs }] });
			await expectRefusal(await create({ Товары: [], Услуги: [service(50)] }), below('50.00', '132.00', 'Доставка'));
		});

		it('converts the floor to the document currency by КурсыВалют on the document date (ПересчитатьИзВалютыВВалюту)', async () => {
			// Retail 300 руб. on a USD document at the seed's 90 руб./USD: 3.33 USD.
			await floor(I.priceTypes.retail);
			const usd = { ВалютаДокумента_Key: I.currencies.usd, КурсВзаиморасчетов: 90 };
			await expectRefusal(await create({ ...usd, Товары: [goods(3.32)] }), below('3.32', '3.33', undefined, 'USD'));
			await postsOk({ ...usd, Товары: [goods(3.33)] });
			// A rate of 100 from 2024-06-15 (before the document date): 3.00 USD; one dated after the document does not count.
			const rate = (Period: string, Курс: number) => c.post('InformationRegister_КурсыВалют', { Period, Валюта_Key: I.currencies.usd, Курс, Кратность: '1' });
			expect((await rate('2024-06-15T00:00:00', 100)).status).toBe(201);
			expect((await rate('2024-06-21T00:00:00', 50)).status).toBe(201);
			await expectRefusal(await create({ ...usd, Товары: [goods(2.99)] }), below('2.99', '3.00', undefined, 'USD'));
			await postsOk({ ...usd, Товары: [goods(3)] });
			// A price kept in USD, on a rouble document: 4 USD × 100 = 400 руб. (delivery, a service).
			await c.control('POST', 'prices', { period: '2024-06-01T00:00:00', records: [{ ТипЦен_Key: I.priceTypes.retail, Номенклатура_Key: I.items.delivery, Цена: 4, Валюта_Key: I.currencies.usd, ЕдиницаИзмерения_Key: I.units.deliveryPcs }] });
			await expectRefusal(await create({ Услуги: [service(399)] }), below('399.00', '400.00', 'Доставка'));
			await postsOk({ Услуги: [service(400)] });
		});
	});
});

describe('what a real base answers (the defaults)', () => {
	beforeEach(async () => {
		await c.control('POST', 'config', { postingMessages: 'generic' });
	});

	it('a refusal carries only the platform\'s generic text: UT\'s message to the user does not reach OData', async () => {
		const ref = await create({ ДоговорКонтрагента_Key: I.contracts.retailBuyerByInvoices });
		await expectRefusal(ref, /^Ошибка при выполнении обработчика - 'ОбработкаПроведения'$/);
		expect(odataError(await post(ref)).message).not.toMatch(/взаиморасчеты/);
	});

	it('refuses rows below the user\'s price floor (ПроверитьДопустимостьЦенОтпуска): generic by default, the reason in detailed mode', async () => {
		// Администратор may not sell below «Розничная» (300 for jeans48 since 2024-06-01).
		await c.control('POST', 'config', { priceFloors: { Администратор: I.priceTypes.retail } });
		const cheap = await create({ Товары: [row(1, { Цена: 250, Сумма: 500 })] });
		await expectRefusal(cheap, /^Ошибка при выполнении обработчика/);
		await c.control('POST', 'config', { postingMessages: 'detailed' });
		await expectRefusal(cheap, /Строка 1: Для товара Джинсы Элегантность \(48\)\n {4}цена за единицу ниже порогового значения \(цена: 250\.00 руб\., минимальное значение: 300\.00 руб\.\)/);
		// At the floor price it posts; another user without a floor posts the cheap one too.
		expect((await post(await create({ Товары: [row(1)] }))).status).toBe(200);
		const asManager = await c.raw('POST', odataPath(`Document_ЗаказПокупателя(guid'${cheap}')/Post`, { PostingModeOperational: 'false' }), undefined, { authorization: basic('Менеджер', 'пароль') });
		expect(asManager.status).toBe(200);
	});

	it('a closed period (UT\'s «Дата запрета редактирования»): posting, unposting and changing a posted document are refused; an unposted one stays writable', async () => {
		const ref = await create();
		expect((await post(ref)).status).toBe(200);
		const unposted = await create();
		await c.control('POST', 'config', { closedBefore: '2099-12-31T23:59:59', postingMessages: 'generic' });
		const unpost = await c.raw('POST', odataPath(`Document_ЗаказПокупателя(guid'${ref}')/Unpost`, {}));
		expect(odataError(unpost)).toMatchObject({ code: '-1', message: "Ошибка при выполнении обработчика - 'ОбработкаПроведения'" });
		expect(await posted(ref)).toBe(true);
		const patch = await c.patch(`Document_ЗаказПокупателя(guid'${ref}')`, { Комментарий: 'x' });
		expect(odataError(patch)).toMatchObject({ code: '-1', message: "Ошибка при выполнении обработчика - 'ПередЗаписью'" });
		expect((await c.patch(`Document_ЗаказПокупателя(guid'${ref}')`, { DeletionMark: true })).status).toBe(500);
		expect(await posted(ref)).toBe(true);
		expect((await c.patch(`Document_ЗаказПокупателя(guid'${unposted}')`, { Комментарий: 'x' })).status).toBe(200);
		await expectRefusal(unposted, /^Ошибка при выполнении обработчика - 'ОбработкаПроведения'$/);
		// A posted document moved into the closed period is refused too; the reason in detailed mode.
		await c.control('POST', 'config', { closedBefore: '2020-01-01T00:00:00', postingMessages: 'detailed' });
		const moved = await c.patch(`Document_ЗаказПокупателя(guid'${ref}')`, { Date: '2019-06-01T10:00:00' });
		expect(odataError(moved).message).toMatch(/входит в закрытый период/);
		await c.control('POST', 'config', { closedBefore: null });
		expect((await c.raw('POST', odataPath(`Document_ЗаказПокупателя(guid'${ref}')/Unpost`, {}))).status).toBe(200);
	});

	it('an object another session holds, and a lock timeout, fail with the platform\'s own texts (they do reach OData)', async () => {
		const ref = await create();
		await c.control('POST', 'config', { lockedObjects: [ref] });
		await expectRefusal(ref, /Объект уже заблокирован/);
		expect((await c.patch(`Document_ЗаказПокупателя(guid'${ref}')`, { Комментарий: 'x' })).status).toBe(500);
		await c.control('POST', 'config', { lockedObjects: [] });
		await c.control('POST', 'faults', { lockTimeout: true, count: 1 });
		await expectRefusal(ref, /Превышено максимальное время ожидания предоставления блокировки/);
		expect((await post(ref)).status).toBe(200);
	});

	it('answers Post with an empty body under $format=json and with a non-JSON (Atom) body without it', async () => {
		const ref = await create();
		const json = await post(ref);
		expect([json.status, json.data]).toEqual([200, '']);
		const atom = await c.raw('POST', odataPath(`Document_ЗаказПокупателя(guid'${ref}')/Post`, { PostingModeOperational: 'false' }, false));
		expect(atom.status).toBe(200);
		expect(atom.headers['content-type']).toMatch(/atom\+xml/);
		expect(atom.data).toMatch(/^<\?xml/);
	});

	it('may answer 200 and change nothing (scripted): only a re-read of Posted tells', async () => {
		const ref = await create();
		await c.control('POST', 'faults', { postIgnored: true, count: 1 });
		expect((await post(ref)).status).toBe(200);
		expect(await posted(ref)).toBe(false);
	});

	it('answers 403 to a user without the posting right', async () => {
		const ref = await create();
		await c.control('POST', 'config', { deny: [{ user: 'Администратор', set: 'Document_ЗаказПокупателя', access: 'post' }] });
		const r = await post(ref);
		expect(r.status).toBe(403);
		expect(odataError(r)).toEqual({ code: '-1', message: 'Нарушение прав доступа!' });
		expect(await posted(ref)).toBe(false);
	});
});

describe('Unpost and re-posting', () => {
	it('Unpost clears Posted and removes the reserve', async () => {
		const ref = await create();
		await post(ref);
		expect(await reserveOf(I.items.jeans48)).toBe(2);
		const r = await c.raw('POST', odataPath(`Document_ЗаказПокупателя(guid'${ref}')/Unpost`, {}, true));
		expect(r.status).toBe(200);
		expect(await posted(ref)).toBe(false);
		expect(await reserveOf(I.items.jeans48)).toBeUndefined();
	});

	it('re-posting replaces the movements instead of doubling them, in storage units', async () => {
		const ref = await create({ Товары: [row(1, { ЕдиницаИзмерения_Key: I.units.jeans48Box, Коэффициент: 10, Количество: 1, Сумма: 3000, СуммаНДС: 500 })] });
		await post(ref);
		await post(ref);
		expect(await reserveOf(I.items.jeans48)).toBe(10);
	});

	it('marking a posted order for deletion unposts it', async () => {
		const ref = await create();
		await post(ref);
		const o = JSON.parse((await c.patch(`Document_ЗаказПокупателя(guid'${ref}')`, { DeletionMark: true })).data);
		expect(o.Posted).toBe(false);
		expect(await reserveOf(I.items.jeans48)).toBeUndefined();
	});

	it('answers GET on Post with 400 code 6', async () => {
		const r = await c.get(`Document_ЗаказПокупателя(guid'${I.orders.existing}')/Post`);
		expect(odataError(r).code).toBe('6');
	});
});
