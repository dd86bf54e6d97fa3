/**
 * The customer order upsert (core, no n8n) against the UT 10.3 sandbox over axios: create, unchanged re-run,
 * update after a CRM change, counterparty/contract created once per buyer, unmatched offers, missing items,
 * posting refusal, dry run. Request counts come from the sandbox's own request log.
 */
import { upsertCustomerOrders } from '../../../../../nodes/core/sync/orders/onec-writer/upsert';
import { getCustomerOrders } from '../../../../../nodes/core/sync/orders/onec-writer/get';
import type { UpsertFailure, UpsertResult } from '../../../../../nodes/core/sync/orders/onec-writer/types';
import type { OneCSandbox } from '../../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../../integration/onec/sandbox-helpers';
import { IDS, JEANS48, JEANS50, ORDER_5488, ORDER_5489, ORDER_5490, TSHIRT_WHITE_M, crmOrder, line, seedOptions } from './fixtures';

let sb: OneCSandbox;

beforeAll(async () => {
	sb = await withSandbox('seed');
});
afterAll(async () => sb.close());
beforeEach(() => {
	sb.state.reset('seed');
	sb.state.log.length = 0;
});

const log = () => sb.state.log;
const writes = () => log().filter((r) => r.method === 'POST' || r.method === 'PATCH');
const count = (method: string, pathPart: string) => log().filter((r) => r.method === method && r.path.includes(pathPart)).length;
const ok = (o: unknown) => o as UpsertResult;
/** The live documents of a CRM order number, as a 1C user would find them (the comment starts "retailCRM №<number>"). */
const byCrmNumber = async (number: string) =>
	sb.state.store.rows('Document_ЗаказПокупателя').filter((d) => d.DeletionMark !== true && String(d.Комментарий ?? '').split('\n')[0] === `retailCRM №${number}`);
const failed = (o: unknown) => o as UpsertFailure;

describe('upsertCustomerOrders against the UT 10.3 sandbox', () => {
	it('creates the seed orders: ЦРМ numbers, 1C totals equal to the CRM totals, posted, retail buyer and its main contract', async () => {
		const { client } = sandboxClient(sb);
		const out = await upsertCustomerOrders(client, [ORDER_5488(), ORDER_5489(), ORDER_5490()], seedOptions());
		expect(out.map((o) => o.ok)).toEqual([true, true, true]);
		expect(out.map((o) => ok(o).action)).toEqual(['created', 'created', 'created']);
		expect(out.map((o) => ok(o).number)).toEqual(['ЦРМ00005488', 'ЦРМ00005489', 'ЦРМ00005490']);
		expect(out.map((o) => ok(o).total)).toEqual([1990, 1070, 1390]);
		expect(out.map((o) => ok(o).posted)).toEqual([true, true, true]);
		expect(ok(out[0])).toMatchObject({ crmOrderId: 101, crmOrderNumber: '5488', site: 'test-crm10' });

		const [doc] = await byCrmNumber('5488');
		expect(doc.Ref_Key).toBe(ok(out[0]).ref);
		expect(doc).toMatchObject({
			Posted: true,
			Контрагент_Key: IDS.counterparties.retailBuyer,
			ДоговорКонтрагента_Key: IDS.contracts.retailBuyerMain,
			Организация_Key: IDS.organizations.ivanov,
			СкладГруппа: IDS.warehouses.main,
			СуммаДокумента: 1990,
			Комментарий: 'retailCRM №5488',
		});
		expect((doc.Услуги as unknown[]).length).toBe(1);
		expect((doc.Товары as unknown[]).length).toBe(2);
		const [doc89] = await getCustomerOrders(client, 'number', 'ЦРМ00005489');
		expect(doc89.Комментарий).toBe('retailCRM №5489\nПозвонить за час');
		// nothing created on the side: the buyer and its contract exist
		expect(count('POST', 'Catalog_')).toBe(0);
	});

	it('a re-run of unchanged orders writes nothing', async () => {
		const { client } = sandboxClient(sb);
		await upsertCustomerOrders(client, [ORDER_5488(), ORDER_5489()], seedOptions());
		sb.state.log.length = 0;
		const again = await upsertCustomerOrders(client, [ORDER_5488(), ORDER_5489()], seedOptions());
		expect(again.map((o) => ok(o).action)).toEqual(['unchanged', 'unchanged']);
		expect(again.map((o) => ok(o).posted)).toEqual([true, true]);
		expect(writes()).toEqual([]);
	});

	it('updates a posted document after the CRM order changed: Unpost, one PATCH and Post, changes listed', async () => {
		const { client } = sandboxClient(sb);
		await upsertCustomerOrders(client, [ORDER_5488()], seedOptions());
		sb.state.log.length = 0;
		const changed = crmOrder(101, '5488', [line(JEANS48, 2), line(JEANS50, 3)], 190, undefined, { customerComment: 'Домофон 12' });
		const [out] = await upsertCustomerOrders(client, [changed], seedOptions());
		expect(ok(out)).toMatchObject({ action: 'updated', posted: true, total: 1690, number: 'ЦРМ00005488' });
		expect(ok(out).changes).toEqual(expect.arrayContaining(['Комментарий', 'СуммаДокумента', 'Товары[1].Количество']));
		// Unposted before the PATCH: a refused or lost Post then leaves it unposted with the new lines, not posted with the old.
		expect(writes().map((r) => `${r.method} ${r.path.split('/').pop()}`)).toEqual([
			'POST Unpost',
			`PATCH Document_ЗаказПокупателя(guid'${ok(out).ref}')`,
			'POST Post',
		]);
		const [doc] = await getCustomerOrders(client, 'ref', ok(out).ref as string);
		expect(doc).toMatchObject({ СуммаДокумента: 1690, Комментарий: 'retailCRM №5488\nДомофон 12', Posted: true });
	});

	it('creates a new buyer and its contract once for two orders of that buyer', async () => {
		const { client } = sandboxClient(sb);
		const buyer = { firstName: 'Анна', lastName: 'Смирнова', email: 'Anna@Example.ru', phone: '+7 916 000-11-22', customerId: 501 };
		const out = await upsertCustomerOrders(client, [crmOrder(201, '7001', [line(JEANS48, 1)], 0, buyer), crmOrder(202, '7002', [line(JEANS50, 2)], 0, buyer)], seedOptions());
		expect(out.map((o) => ok(o).action)).toEqual(['created', 'created']);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(1);
		expect(count('POST', 'Catalog_ДоговорыКонтрагентов')).toBe(1);
		const created = JSON.parse(log().find((r) => r.method === 'POST' && r.path.endsWith('Catalog_Контрагенты'))!.body);
		expect(created).toMatchObject({ Description: 'Смирнова Анна', ЮрФизЛицо: 'ФизЛицо', АдресЭП: 'anna@example.ru', Parent_Key: IDS.counterparties.buyersFolder, Покупатель: true });
		const docs = [...(await byCrmNumber('7001')), ...(await byCrmNumber('7002'))];
		expect(new Set(docs.map((d) => d.Контрагент_Key)).size).toBe(1);
		expect(new Set(docs.map((d) => d.ДоговорКонтрагента_Key)).size).toBe(1);
		expect(docs.every((d) => d.Posted === true)).toBe(true);

		// next run: the buyer is found by e-mail, its contract by owner; nothing is created again
		sb.state.log.length = 0;
		const next = await upsertCustomerOrders(client, [crmOrder(203, '7003', [line(JEANS48, 1)], 0, buyer)], seedOptions());
		expect(ok(next[0]).action).toBe('created');
		expect(count('POST', 'Catalog_')).toBe(0);
	});

	it('matches a company by ИНН+КПП and creates its contract with the chosen organization', async () => {
		const { client } = sandboxClient(sb);
		const order = crmOrder(301, '8001', [line(JEANS48, 1)], 0, { firstName: 'Пётр', lastName: 'Сидоров', customerId: 2 }, {
			company: { id: 9, name: 'Ромашка', contragent: { contragentType: 'legal-entity', legalName: 'ООО "Ромашка"', INN: '7705123456', KPP: '770501001' } },
			contragent: { contragentType: 'legal-entity', legalName: 'ООО "Ромашка"', INN: '7705123456', KPP: '770501001' },
		});
		const [out] = await upsertCustomerOrders(client, [order], seedOptions());
		expect(ok(out).action).toBe('created');
		expect(count('POST', 'Catalog_Контрагенты')).toBe(0);
		// Ромашка has customer contracts only with ООО "Торговый дом": one is created for ИП Иванов
		expect(count('POST', 'Catalog_ДоговорыКонтрагентов')).toBe(1);
		const [doc] = await byCrmNumber('8001');
		expect(doc.Контрагент_Key).toBe(IDS.counterparties.romashka);
		expect(doc.Posted).toBe(true);
	});

	it('with contact-information matching, a buyer is found by a phone kept in InformationRegister_КонтактнаяИнформация', async () => {
		const { client } = sandboxClient(sb);
		// the phone is kept for Ромашка (a company, ИНН 7705123456) and for the retail buyer (a person, no ИНН)
		for (const owner of [IDS.counterparties.romashka, IDS.counterparties.retailBuyer]) {
			sb.state.store.put('InformationRegister_КонтактнаяИнформация', {
				Объект: owner,
				Объект_Type: 'StandardODATA.Catalog_Контрагенты',
				Тип: 'Телефон',
				Вид: 'Телефон контрагента',
				Представление: '+7 (495) 123-45-67',
			});
		}
		const caller = { firstName: 'Пётр', lastName: 'Сидоров', phone: '8 495 1234567', customerId: 900 };
		const options = seedOptions({ matchByContactInfo: true, organizationKey: IDS.organizations.tradeHouse });
		const [out] = await upsertCustomerOrders(client, [crmOrder(901, '9401', [line(JEANS48, 1)], 0, caller)], options);
		expect(ok(out).action).toBe('created');
		expect(count('POST', 'Catalog_')).toBe(0);
		const [doc] = await byCrmNumber('9401');
		// a private order never lands on a company by its phone: Ромашка is skipped, the person without ИНН is taken
		expect(doc.Контрагент_Key).toBe(IDS.counterparties.retailBuyer);
		// the retail buyer's contract with ООО "Торговый дом" is used
		expect(doc.ДоговорКонтрагента_Key).toBe(IDS.contracts.retailBuyerTradeHouse);

		// the CRM customer is now linked to the retail buyer (a counterparty its id can find again: no ИНН, as the buyer)
		expect(writes().map((r) => r.path.split('/').pop())).toEqual(['InformationRegister_КонтактнаяИнформация', 'Document_ЗаказПокупателя', 'Post']);

		// off (the default): another CRM customer with that phone is created
		const [again] = await upsertCustomerOrders(client, [crmOrder(902, '9402', [line(JEANS48, 1)], 0, { ...caller, customerId: 903 })], seedOptions());
		expect(ok(again).action).toBe('created');
		expect(count('POST', 'Catalog_Контрагенты')).toBe(1);
	});

	it('an unmatched offer fails that order with a message naming the offer; the other orders go on', async () => {
		const { client } = sandboxClient(sb);
		const ghost = { id: 77, externalId: '0badc0de-0000-4000-8000-000000000077', name: 'Призрак' };
		const out = await upsertCustomerOrders(client, [crmOrder(401, '9001', [line(JEANS48, 1), line(ghost, 1)], 0), ORDER_5490()], seedOptions());
		expect(out[0].ok).toBe(false);
		expect(failed(out[0])).toMatchObject({ crmOrderId: 401, crmOrderNumber: '9001', site: 'test-crm10', field: 'items' });
		expect(failed(out[0]).offer).toContain('offer 77 "Призрак"');
		expect(failed(out[0]).error).toMatch(/retailCRM order 9001: offer 77 "Призрак".*0badc0de-0000-4000-8000-000000000077 not found/);
		expect(ok(out[1])).toMatchObject({ action: 'created', total: 1390 });
		expect(await byCrmNumber('9001')).toEqual([]);
		expect(count('POST', 'Document_ЗаказПокупателя')).toBe(2); // the 5490 document and its Post
	});

	it('resolves a characteristic offer key; a characteristic of another item fails the order', async () => {
		const { client } = sandboxClient(sb);
		const wrong = { id: 9, externalId: `${IDS.items.jeans48}#${IDS.characteristics.whiteM}`, name: 'Джинсы (белый?)' };
		const out = await upsertCustomerOrders(client, [crmOrder(501, '9101', [line(TSHIRT_WHITE_M, 2, 450)], 0), crmOrder(502, '9102', [line(wrong, 1)], 0)], seedOptions());
		expect(ok(out[0]).action).toBe('created');
		const [doc] = await byCrmNumber('9101');
		expect((doc.Товары as Array<Record<string, unknown>>)[0]).toMatchObject({ Номенклатура_Key: IDS.items.tshirt, ХарактеристикаНоменклатуры_Key: IDS.characteristics.whiteM });
		expect(failed(out[1]).error).toContain('belongs to another item');
	});

	it('storage unit with its coefficient on goods rows; a service offer goes to Услуги with the delivery line', async () => {
		const { client } = sandboxClient(sb);
		const socks = { id: 4, externalId: IDS.items.socks, name: 'Носки хлопковые' };
		const assembly = { id: 6, externalId: IDS.items.delivery, name: 'Сборка заказа' };
		const [out] = await upsertCustomerOrders(client, [crmOrder(551, '9151', [line(socks, 2, 120), line(assembly, 1, 100)], 250)], seedOptions());
		expect(ok(out)).toMatchObject({ action: 'created', total: 590, posted: true });
		const [doc] = await byCrmNumber('9151');
		expect(doc.Товары).toEqual([expect.objectContaining({ Номенклатура_Key: IDS.items.socks, ЕдиницаИзмерения_Key: IDS.units.socksPack, Коэффициент: 6, Количество: 2, Сумма: 240 })]);
		expect((doc.Услуги as Array<Record<string, unknown>>).map((r) => [r.Номенклатура_Key, r.Сумма])).toEqual([
			[IDS.items.delivery, 100],
			[IDS.items.delivery, 250],
		]);
	});

	it('matches offers by 1C code (xmlId) when chosen', async () => {
		const { client } = sandboxClient(sb);
		const byCode = { ...line({ id: 1, name: 'Джинсы Элегантность (48)' }, 2), offer: { id: 1, xmlId: '00000000797', name: 'Джинсы Элегантность (48)' } };
		const [out] = await upsertCustomerOrders(client, [crmOrder(571, '9171', [byCode], 0)], seedOptions({ offerMatch: 'code' }));
		expect(ok(out).action).toBe('created');
		const [doc] = await byCrmNumber('9171');
		expect((doc.Товары as Array<Record<string, unknown>>)[0].Номенклатура_Key).toBe(IDS.items.jeans48);
	});

	it('creates a missing item (matched by article) with the node\'s kind and unit, once for two orders', async () => {
		const { client } = sandboxClient(sb);
		const cap = { id: 88, article: 'КЕП-01', name: 'Кепка летняя' };
		const options = seedOptions({ offerMatch: 'article', createMissingItems: true, newItemKindKey: IDS.itemKinds.goods, newItemUnitKey: IDS.unitClassifier.pcs, newItemFolderKey: IDS.items.goodsFolder });
		const jeansByArticle = { id: 1, article: 'ДЖ-48', name: 'Джинсы Элегантность (48)' };
		const out = await upsertCustomerOrders(client, [crmOrder(601, '9201', [line(cap, 2, 500), line(jeansByArticle, 1)], 0), crmOrder(602, '9202', [line(cap, 1, 500)], 0)], options);
		expect(out.map((o) => ok(o).action)).toEqual(['created', 'created']);
		expect(count('POST', 'Catalog_Номенклатура')).toBe(1);
		expect(count('POST', 'Catalog_ЕдиницыИзмерения')).toBe(1);
		const item = JSON.parse(log().find((r) => r.method === 'POST' && r.path.endsWith('Catalog_Номенклатура'))!.body);
		expect(item).toMatchObject({ Description: 'Кепка летняя', Артикул: 'КЕП-01', ВидНоменклатуры_Key: IDS.itemKinds.goods, Parent_Key: IDS.items.goodsFolder });
		const [doc] = await byCrmNumber('9201');
		const rows = doc.Товары as Array<Record<string, unknown>>;
		expect(rows[1].Номенклатура_Key).toBe(IDS.items.jeans48);
		expect(rows[0].Номенклатура_Key).not.toBe(IDS.items.jeans48);
		expect(rows[0].ЕдиницаИзмерения_Key).not.toBe('00000000-0000-0000-0000-000000000000');
		expect(doc.Posted).toBe(true);

		// without the option the same offer fails its order, naming it
		const [fail] = await upsertCustomerOrders(client, [crmOrder(603, '9203', [line({ id: 89, article: 'НЕТ-1', name: 'Нет такого' }, 1)], 0)], seedOptions({ offerMatch: 'article' }));
		expect(failed(fail).error).toContain('offer 89 "Нет такого" (article НЕТ-1): no 1C item with Артикул "НЕТ-1"');
	});

	it('orders failing a mapping rule are reported with the field, before anything is written for them', async () => {
		const { client } = sandboxClient(sb);
		const oddVat = crmOrder(1101, '9501', [{ ...line(JEANS48, 1), vatRate: '12' }], 0);
		const wrongTotal = { ...crmOrder(1102, '9502', [line(JEANS48, 1)], 0), totalSumm: 250 };
		const newBuyer = { firstName: 'Ирина', lastName: 'Белова', email: 'irina@example.ru', customerId: 1103 };
		const tooLong = crmOrder(1103, '123456789', [line(JEANS48, 1)], 0, newBuyer);
		const out = await upsertCustomerOrders(client, [oddVat, wrongTotal, tooLong], seedOptions());
		expect(out.map((o) => o.ok)).toEqual([false, false, false]);
		expect(failed(out[0])).toMatchObject({ field: 'vatRate', crmOrderNumber: '9501' });
		expect(failed(out[0]).error).toContain('VAT rate "12"');
		expect(failed(out[1])).toMatchObject({ field: 'totalSumm' });
		expect(failed(out[1]).error).toContain('retailCRM total is 250');
		expect(failed(out[2])).toMatchObject({ field: 'number' });
		// the new buyer of the failed order was not created
		expect(writes()).toEqual([]);
	});

	it('a document 1C refuses to write fails its order with 1C\'s reason; the next order is written', async () => {
		const { client } = sandboxClient(sb);
		// a hand-made document already holds the number the CRM order 9601 would get
		sb.state.store.put('Document_ЗаказПокупателя', { Ref_Key: '0c0c0c0c-0000-4000-8000-000000000001', Number: 'ЦРМ00009601', Date: '2015-10-12T10:00:00', Организация_Key: IDS.organizations.ivanov });
		const out = await upsertCustomerOrders(client, [crmOrder(1201, '9601', [line(JEANS48, 1)], 0), crmOrder(1202, '9602', [line(JEANS48, 1)], 0)], seedOptions());
		expect(out[0].ok).toBe(false);
		expect(failed(out[0]).error).toMatch(/^retailCRM order 9601: 1C number ЦРМ00009601 is taken by another document .*не уникален.*number prefix/);
		expect(failed(out[0]).field).toBe('number');
		expect(ok(out[1])).toMatchObject({ action: 'created', posted: true });
	});

	it('a posting refusal fails its order with 1C\'s reason; the document stays written and unposted, and the next run posts it', async () => {
		const { client } = sandboxClient(sb);
		sb.state.faults.postingRefusal.push({ message: 'Недостаточно прав для проведения.', count: 1 });
		const out = await upsertCustomerOrders(client, [ORDER_5488(), ORDER_5490()], seedOptions());
		expect(failed(out[0])).toMatchObject({ reason: 'postingRefused', number: 'ЦРМ00005488', oneCReason: 'Документ не проведен! Недостаточно прав для проведения.' });
		expect(failed(out[0]).error).toMatch(/^retailCRM order 5488: 1C refused to post ЦРМ00005488: .*Недостаточно прав/);
		expect(ok(out[1])).toMatchObject({ action: 'created', posted: true });
		const [doc] = await getCustomerOrders(client, 'crmOrderId', String(ORDER_5488().id));
		expect(doc.Posted).toBe(false);
		expect(doc.Ref_Key).toBe(failed(out[0]).ref);

		// the next run posts the unchanged but unposted document
		sb.state.log.length = 0;
		const again = await upsertCustomerOrders(client, [ORDER_5488()], seedOptions());
		expect(ok(again[0])).toMatchObject({ action: 'unchanged', posted: true });
		expect(writes().map((r) => r.path.split('/').pop())).toEqual(['Post']);
	});

	it('without posting the document is only written', async () => {
		const { client } = sandboxClient(sb);
		const [out] = await upsertCustomerOrders(client, [ORDER_5489()], seedOptions({ post: false }));
		expect(ok(out)).toMatchObject({ action: 'created', posted: false });
		expect(count('POST', '/Post')).toBe(0);
	});

	it('dry run returns the document and each reference found or to be created, and writes nothing', async () => {
		const { client } = sandboxClient(sb);
		const newBuyer = { firstName: 'Олег', lastName: 'Новиков', email: 'oleg@example.ru', customerId: 700 };
		const out = await upsertCustomerOrders(client, [ORDER_5488(), crmOrder(701, '9301', [line(JEANS50, 1)], 0, newBuyer)], seedOptions({ dryRun: true }));
		expect(writes()).toEqual([]);
		const first = ok(out[0]);
		expect(first.action).toBe('created');
		expect(first.dryRun?.document).toMatchObject({ Number: 'ЦРМ00005488', СуммаДокумента: 1990, Контрагент_Key: IDS.counterparties.retailBuyer });
		expect(first.dryRun?.references?.counterparty).toMatchObject({ status: 'found', key: IDS.counterparties.retailBuyer, by: 'name' });
		expect(first.dryRun?.references?.contract).toMatchObject({ status: 'found', key: IDS.contracts.retailBuyerMain });
		expect(first.dryRun?.references?.lines.map((l) => l.status)).toEqual(['found', 'found']);
		expect(first.dryRun?.references?.deliveryItem).toMatchObject({ status: 'found', key: IDS.items.delivery });
		const second = ok(out[1]);
		expect(second.dryRun?.references?.counterparty).toMatchObject({ status: 'create', create: { Description: 'Новиков Олег', АдресЭП: 'oleg@example.ru' } });
		expect(second.dryRun?.references?.contract.status).toBe('create');
		expect(await getCustomerOrders(client, 'crmOrderId', String(ORDER_5488().id))).toEqual([]);
	});

	it('several shops: the document key carries the site, so equal numbers of two shops are two documents', async () => {
		const { client } = sandboxClient(sb);
		const a = crmOrder(801, '5000', [line(JEANS48, 1)], 0, undefined, { site: 'shop-a' });
		const b = crmOrder(802, '5000', [line(JEANS48, 2)], 0, undefined, { site: 'shop-b' });
		const out = await upsertCustomerOrders(client, [a, b], seedOptions({ includeSite: true, numberMode: 'onec', organizationBySite: { 'shop-b': IDS.organizations.tradeHouse } }));
		expect(out.map((o) => ok(o).action)).toEqual(['created', 'created']);
		const [docA] = await getCustomerOrders(client, 'crmNumber', 'shop-a#801');
		const [docB] = await getCustomerOrders(client, 'crmNumber', 'shop-b#802');
		expect(docA.Организация_Key).toBe(IDS.organizations.ivanov);
		expect(docB.Организация_Key).toBe(IDS.organizations.tradeHouse);
		expect(docB.ДоговорКонтрагента_Key).toBe(IDS.contracts.retailBuyerTradeHouse);
		expect(docA.Number).not.toMatch(/^ЦРМ/);
	});
});
