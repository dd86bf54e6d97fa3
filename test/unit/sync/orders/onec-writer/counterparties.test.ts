/**
 * One buyer, one counterparty — within a run and across runs — against the UT 10.3 sandbox: the retailCRM customer
 * id kept in КонтактнаяИнформация, look-up precedence, phones and e-mails written as UT stores them, buyers of one
 * run sharing a counterparty-to-be, and the exact look-up requests.
 */
import { upsertCustomerOrders } from '../../../../../nodes/core/sync/orders/onec-writer/upsert';
import type { UpsertOptions, UpsertResult } from '../../../../../nodes/core/sync/orders/onec-writer/types';
import type { CrmOrderLike } from '../../../../../nodes/core/sync/orders/crm-order';
import type { Rec } from '../../../../sandboxes/onec/filter/evaluator';
import type { OneCSandbox } from '../../../../sandboxes/onec/server';
import { sandboxClient, withSandbox } from '../../../../integration/onec/sandbox-helpers';
import { IDS, JEANS48, JEANS50, crmOrder, line, seedOptions, type Buyer } from './fixtures';

let sb: OneCSandbox;
beforeAll(async () => {
	sb = await withSandbox('seed');
});
afterAll(async () => sb.close());
beforeEach(() => {
	sb.state.reset('seed');
	sb.state.log.length = 0;
});

const REGISTER = 'InformationRegister_КонтактнаяИнформация';
const log = () => sb.state.log;
/** The live documents of a CRM order number, as a 1C user would find them (the comment starts "retailCRM №<number>"). */
const byCrmNumber = (number: string) =>
	sb.state.store.rows('Document_ЗаказПокупателя').filter((d) => d.DeletionMark !== true && String(d.Комментарий ?? '').split('\n')[0] === `retailCRM №${number}`);
const count = (method: string, last: string) => log().filter((r) => r.method === method && r.path.split('/').pop() === last).length;
const ok = (o: unknown) => o as UpsertResult;
const records = (type?: string): Rec[] => sb.state.store.rows(REGISTER).filter((r) => type === undefined || r.Тип === type);
const counterpartiesCreated = () => sb.state.store.rows('Catalog_Контрагенты').filter((r) => String(r.Комментарий).startsWith('retailCRM'));

let nextOrder = 1;
function order(buyer: Buyer, extra: Partial<CrmOrderLike> = {}): CrmOrderLike {
	const id = nextOrder++;
	return crmOrder(70000 + id, String(30000 + id), [line(id % 2 ? JEANS48 : JEANS50, 1)], 0, buyer, extra);
}

async function run(orders: CrmOrderLike[], options: Partial<UpsertOptions> = {}) {
	const { client } = sandboxClient(sb);
	sb.state.log.length = 0;
	const out = await upsertCustomerOrders(client, orders, seedOptions(options));
	expect(out.filter((o) => !o.ok)).toEqual([]);
	const docs = [];
	for (const o of orders) docs.push(...byCrmNumber(String(o.number)));
	return { out: out.map(ok), counterparties: docs.map((d) => d.Контрагент_Key as string) };
}

describe('one buyer, one counterparty', () => {
	it('within a run: the same CRM customer with and without an e-mail is one counterparty, with the e-mail and its CRM id record', async () => {
		const anna = { firstName: 'Анна', lastName: 'Ветрова', customerId: 4101 };
		const { counterparties } = await run([order(anna), order({ ...anna, email: 'Anna.V@example.ru' }), order(anna)]);
		expect(new Set(counterparties).size).toBe(1);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(1);
		expect(count('POST', 'Catalog_ДоговорыКонтрагентов')).toBe(1);
		const [created] = counterpartiesCreated();
		expect(created.АдресЭП).toBe('anna.v@example.ru');
		expect(records('Другое')).toEqual([
			expect.objectContaining({
				Объект: counterparties[0],
				Объект_Type: 'StandardODATA.Catalog_Контрагенты',
				Вид: 'retailCRM 4101',
				Вид_Type: 'Edm.String',
				Представление: 'retailCRM customer 4101',
				Поле1: 'retailCRM:4101',
			}),
		]);
		// phones and e-mails are not written by default
		expect(records('Телефон')).toEqual([]);
		expect(records('АдресЭлектроннойПочты')).toEqual([]);
	});

	it('across runs: a buyer renamed and with a new e-mail in the CRM is found by the CRM customer id', async () => {
		const before = { firstName: 'Олег', lastName: 'Сомов', email: 'oleg@example.ru', customerId: 4201 };
		const first = await run([order(before)]);
		const after = { firstName: 'Олег', lastName: 'Сомов-Лебедев', email: 'o.somov@new.example', customerId: 4201 };
		const second = await run([order(after)]);
		expect(second.counterparties).toEqual(first.counterparties);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(0);
		expect(count('POST', REGISTER)).toBe(0);
		// found by the id: neither the new e-mail nor the new name was looked up
		// (besides the check that the Counterparty Folder setting names a folder of this base: setting-references.ts)
		const folderCheck = `Ref_Key eq guid'${IDS.counterparties.buyersFolder}'`;
		expect(log().filter((r) => r.method === 'GET' && r.path.endsWith('/Catalog_Контрагенты') && r.query.$filter !== folderCheck).map((r) => r.query.$filter)).toEqual([expect.stringContaining('Ref_Key eq guid')]);
		// the counterparty keeps what 1C holds (1C owns it once created)
		expect(counterpartiesCreated().map((r) => r.АдресЭП)).toEqual(['oleg@example.ru']);
	});

	it('a company found by ИНН is linked once and never duplicated; another CRM customer with that ИНН gets the same counterparty', async () => {
		const romashka = { contragent: { contragentType: 'legal-entity', legalName: 'ООО "Ромашка"', INN: '7705123456', KPP: '770501001' } };
		const petr = { firstName: 'Пётр', lastName: 'Сидоров', customerId: 4301 };
		const first = await run([order(petr, romashka)]);
		expect(first.counterparties).toEqual([IDS.counterparties.romashka]);
		expect(first.out[0].action).toBe('created');
		expect(records('Другое').map((r) => [r.Объект, r.Поле1])).toEqual([[IDS.counterparties.romashka, 'retailCRM:4301']]);

		const second = await run([order(petr, romashka)]);
		expect(second.counterparties).toEqual([IDS.counterparties.romashka]);
		expect(count('POST', REGISTER)).toBe(0);

		const ivan = { firstName: 'Иван', lastName: 'Кравцов', customerId: 4302 };
		const third = await run([order(ivan, romashka)]);
		expect(third.counterparties).toEqual([IDS.counterparties.romashka]);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(0);
		expect(records('Другое').map((r) => [r.Объект, r.Поле1])).toEqual([
			[IDS.counterparties.romashka, 'retailCRM:4301'],
			[IDS.counterparties.romashka, 'retailCRM:4302'],
		]);
	});

	it('a company created from the CRM is found by ИНН for another CRM customer in the same run and in the next', async () => {
		const firm = { contragent: { contragentType: 'legal-entity', legalName: 'ООО "Лютик"', INN: '7712345678', KPP: '771201001' }, company: { id: 1, name: 'Лютик' } };
		const first = await run([order({ firstName: 'А', lastName: 'Первый', customerId: 4401 }, firm), order({ firstName: 'Б', lastName: 'Второй', customerId: 4402 }, firm)]);
		expect(new Set(first.counterparties).size).toBe(1);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(1);
		expect(count('POST', REGISTER)).toBe(2);
		const next = await run([order({ firstName: 'В', lastName: 'Третий', customerId: 4403 }, firm)]);
		expect(next.counterparties).toEqual([first.counterparties[0]]);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(0);
	});

	it('corporate customers are keyed apart from individual customers with the same number', async () => {
		const corporate = { customer: { id: 4501, type: 'customer_corporate' }, email: 'office@vasilek.example', company: { id: 2, name: 'Василёк' }, contragent: { contragentType: 'legal-entity', legalName: 'ООО "Василёк"' } };
		const person = { firstName: 'Вера', lastName: 'Лосева', email: 'vera@example.ru', customerId: 4501 };
		const { counterparties } = await run([order(person, corporate), order(person)]);
		expect(new Set(counterparties).size).toBe(2);
		expect(records('Другое').map((r) => r.Поле1).sort()).toEqual(['retailCRM:4501', 'retailCRM:corporate:4501']);
		expect(records('Другое').find((r) => r.Поле1 === 'retailCRM:corporate:4501')).toMatchObject({ Вид: 'retailCRM corporate 4501', Представление: 'retailCRM corporate customer 4501' });
	});

	it('two CRM customers with one e-mail in one run share the counterparty, as the next run would find it; both are linked', async () => {
		const a = { firstName: 'Инна', lastName: 'Дубль', email: 'same@example.ru', customerId: 4601 };
		const b = { firstName: 'Инна', lastName: 'Дубль', email: 'SAME@example.ru', customerId: 4602 };
		const { counterparties } = await run([order(a), order(b)]);
		expect(new Set(counterparties).size).toBe(1);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(1);
		expect(count('POST', 'Catalog_ДоговорыКонтрагентов')).toBe(1);
		expect(records('Другое').map((r) => r.Поле1)).toEqual(['retailCRM:4601', 'retailCRM:4602']);
	});

	it('a counterparty marked for deletion in 1C is not used through its CRM link: the buyer is found elsewhere (or created) and linked there', async () => {
		const buyer = { firstName: 'Лев', lastName: 'Мартов', email: 'lev@example.ru', customerId: 4701 };
		const first = await run([order(buyer)]);
		const [created] = counterpartiesCreated();
		sb.state.store.put('Catalog_Контрагенты', { ...created, DeletionMark: true });
		// a 1C user keeps the buyer on the retail buyer now (same e-mail there; a person, no ИНН, as the buyer)
		sb.state.store.put('Catalog_Контрагенты', { ...sb.state.store.get('Catalog_Контрагенты', IDS.counterparties.retailBuyer), АдресЭП: 'lev@example.ru' });
		const second = await run([order(buyer)]);
		expect(second.counterparties).toEqual([IDS.counterparties.retailBuyer]);
		expect(first.counterparties).not.toEqual(second.counterparties);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(0);
		expect(count('POST', REGISTER)).toBe(1);
		// from now on the id leads to the retail buyer, the live one of the two it points at
		const third = await run([order({ ...buyer, email: 'lev@new.example' })]);
		expect(third.counterparties).toEqual([IDS.counterparties.retailBuyer]);
		expect(count('POST', REGISTER)).toBe(0);
	});
});

describe('the CRM customer id together with the buyer\'s ИНН', () => {
	// One CRM customer may buy for several legal entities and privately: its id finds a counterparty only when that
	// counterparty's ИНН is the order's buyer ИНН (none for a person); each of them gets a link record of its own.
	const olga = { firstName: 'Ольга', lastName: 'Закупщица', customerId: 77 };
	const company = (name: string, inn: string, kpp: string, companyId: number): Partial<CrmOrderLike> => ({
		customer: { id: 77, type: 'customer_corporate' },
		company: { id: companyId, name, contragent: { contragentType: 'legal-entity', legalName: `ООО "${name}"`, INN: inn, KPP: kpp } },
		contragent: { contragentType: 'legal-entity', legalName: `ООО "${name}"`, INN: inn, KPP: kpp },
	});
	const alfa = company('Альфа', '7712345678', '771201001', 1);
	const beta = company('Бета', '7709876543', '770901001', 2);
	const innOf = (ref: string) => sb.state.store.get('Catalog_Контрагенты', ref)?.ИНН;
	const marked = () => sb.state.store.rows('Catalog_Контрагенты').filter((r) => r.DeletionMark === true);

	it('a corporate customer with two companies, in two runs: each order goes to the counterparty with its own ИНН', async () => {
		const first = await run([order(olga, alfa)]);
		expect(first.counterparties.map(innOf)).toEqual(['7712345678']);
		const second = await run([order(olga, beta)]);
		expect(second.counterparties.map(innOf)).toEqual(['7709876543']);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(1);
		expect(marked()).toEqual([]);
		expect(records('Другое').map((r) => [innOf(r.Объект as string), r.Вид, r.Поле1])).toEqual([
			['7712345678', 'retailCRM corporate 77', 'retailCRM:corporate:77'],
			['7709876543', 'retailCRM corporate 77', 'retailCRM:corporate:77'],
		]);
		// and the next run finds both through the id, nothing created, linked or retired
		const third = await run([order(olga, beta), order(olga, alfa)]);
		expect(third.counterparties).toEqual([second.counterparties[0], first.counterparties[0]]);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(0);
		expect(count('POST', REGISTER)).toBe(0);
		expect(marked()).toEqual([]);
	});

	it('a corporate customer with two companies in one run: two counterparties, two links, nothing retired as a duplicate', async () => {
		const { out, counterparties } = await run([order(olga, alfa), order(olga, beta)]);
		expect(counterparties.map(innOf)).toEqual(['7712345678', '7709876543']);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(2);
		expect(records('Другое').map((r) => innOf(r.Объект as string))).toEqual(['7712345678', '7709876543']);
		expect(marked()).toEqual([]);
		expect(out.map((o) => o.recheck)).toEqual([undefined, undefined]);
	});

	it('a person buying privately and for a company: private orders stay on the private counterparty, company orders on the company', async () => {
		const ira = { firstName: 'Ирина', lastName: 'Частная', email: 'ira@example.ru', customerId: 4801 };
		const romashka = { contragent: { contragentType: 'legal-entity', legalName: 'ООО "Ромашка"', INN: '7705123456', KPP: '770501001' } };
		const first = await run([order(ira)]);
		const second = await run([order(ira, romashka)]);
		expect(second.counterparties).toEqual([IDS.counterparties.romashka]);
		const third = await run([order(ira), order(ira, romashka)]);
		expect(third.counterparties).toEqual([first.counterparties[0], IDS.counterparties.romashka]);
		expect(count('POST', REGISTER)).toBe(0);
		expect(records('Другое').map((r) => [r.Объект, r.Поле1])).toEqual([
			[first.counterparties[0], 'retailCRM:4801'],
			[IDS.counterparties.romashka, 'retailCRM:4801'],
		]);
	});
});

describe('contact information never crosses an ИНН', () => {
	// E-mail, phone and name look-ups skip a counterparty whose ИНН is not the order's buyer ИНН (none for a private
	// order); a counterparty without ИНН (a person, a legacy one kept without it) stays acceptable.
	const lutik = (email: string, phone?: string) => ({
		email,
		...(phone ? { phone } : {}),
		company: { id: 31, name: 'Лютик' },
		contragent: { contragentType: 'legal-entity', legalName: 'ООО "Лютик"', INN: '7712345678', KPP: '771201001' },
	});
	const buyer = { firstName: 'Сергей', lastName: 'Снабженцев', customerId: 5301 };
	const privately = { firstName: 'Мария', lastName: 'Частная', email: 'zakupki@lutik.example', phone: '+7 916 700-00-01', customerId: 5302 };
	const innOf = (ref: string) => sb.state.store.get('Catalog_Контрагенты', ref)?.ИНН ?? '';

	it.each([
		['e-mail', {}],
		['e-mail and phone, matching by contact information', { matchByContactInfo: true }],
	])('in one run: a company created with e-mail X, then a private order with X (%s) gets a counterparty of its own', async (_, options) => {
		const { counterparties } = await run([order(buyer, lutik('zakupki@lutik.example', '+7 916 700-00-01')), order(privately)], options);
		expect(counterparties.map(innOf)).toEqual(['7712345678', '']);
		expect(counterparties[1]).not.toBe(counterparties[0]);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(2);
		expect(sb.state.store.get('Catalog_Контрагенты', counterparties[0])).toMatchObject({ АдресЭП: 'zakupki@lutik.example' });
		// and the next run keeps them apart, by the id of each customer
		const next = await run([order(privately), order(buyer, lutik('zakupki@lutik.example'))], options);
		expect(next.counterparties).toEqual([counterparties[1], counterparties[0]]);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(0);
	});

	it('across runs, matching by contact information: a private order with the company\'s e-mail or phone is not written to the company', async () => {
		const first = await run([order(buyer, lutik('zakupki@lutik.example', '+7 916 700-00-01'))], { matchByContactInfo: true });
		expect(records('АдресЭлектроннойПочты').map((r) => r.Объект)).toEqual(first.counterparties);
		const byEmail = await run([order(privately)], { matchByContactInfo: true });
		expect(byEmail.counterparties).not.toEqual(first.counterparties);
		expect(innOf(byEmail.counterparties[0])).toBe('');
		const byPhone = await run([order({ firstName: 'Павел', lastName: 'Звонящий', phone: '8 916 7000001', customerId: 5303 })], { matchByContactInfo: true });
		expect(byPhone.counterparties).not.toEqual(first.counterparties);
		expect(innOf(byPhone.counterparties[0])).toBe('');
	});

	it('a private order with a company\'s e-mail: a legacy counterparty without ИНН holding it is found, the company never', async () => {
		const lena = { firstName: 'Елена', lastName: 'Офисная', email: 'zakaz@romashka.ru', customerId: 4802 };
		// Ромашка (ИНН 7705123456) has that e-mail and comes first; without another counterparty the buyer is created
		const alone = await run([order(lena)]);
		expect(alone.counterparties).not.toEqual([IDS.counterparties.romashka]);
		expect(innOf(alone.counterparties[0])).toBe('');
		expect(records('Другое').map((r) => [r.Объект, r.Поле1])).toEqual([[alone.counterparties[0], 'retailCRM:4802']]);

		sb.state.reset('seed');
		// a counterparty a 1C user keeps without ИНН, with the same e-mail in АдресЭП and in the register, and a phone
		const legacy = '5eed0011-0000-4000-8000-0000000000aa';
		sb.state.store.put('Catalog_Контрагенты', {
			Ref_Key: legacy, Code: '000000099', Description: 'Офис Ромашки', НаименованиеПолное: 'Офис Ромашки', ЮрФизЛицо: 'ФизЛицо', Покупатель: true, АдресЭП: 'zakaz@romashka.ru',
			Parent_Key: IDS.counterparties.buyersFolder, DeletionMark: false, IsFolder: false,
		});
		const contact = (Объект: string, Тип: string, Представление: string) => ({ Объект, Объект_Type: 'StandardODATA.Catalog_Контрагенты', Тип, Вид: `${Тип} контрагента`, Представление });
		for (const owner of [IDS.counterparties.romashka, legacy]) {
			sb.state.store.put(REGISTER, contact(owner, 'АдресЭлектроннойПочты', 'zakaz@romashka.ru'));
			sb.state.store.put(REGISTER, contact(owner, 'Телефон', '+7 (495) 700-00-02'));
		}
		const found = await run([order(lena)]);
		expect(found.counterparties).toEqual([legacy]);
		const byRegister = await run([order({ ...lena, customerId: 4803 })], { matchByContactInfo: true });
		expect(byRegister.counterparties).toEqual([legacy]);
		const byPhone = await run([order({ firstName: 'Олег', lastName: 'Офисный', phone: '+7 495 700-00-02', customerId: 4804 })], { matchByContactInfo: true });
		expect(byPhone.counterparties).toEqual([legacy]);
		// a company without ИНН in the CRM goes through the e-mail steps too: the legacy counterparty, not Ромашка
		const noInn = await run([order({ ...lena, customerId: 4805 }, { company: { id: 32, name: 'Офис' }, contragent: { contragentType: 'legal-entity', legalName: 'Офис' } })]);
		expect(noInn.counterparties).toEqual([legacy]);
		// a company with an ИНН 1C does not know is created, never matched by e-mail (documented precedence)
		const unknownInn = await run([order({ ...lena, customerId: 4806 }, { contragent: { contragentType: 'legal-entity', legalName: 'ООО "Новая"', INN: '7709999999', KPP: '770901001' } })]);
		expect(unknownInn.counterparties).not.toEqual([legacy]);
		expect(innOf(unknownInn.counterparties[0])).toBe('7709999999');
	});

	it('an order of company A never lands on company B by a shared e-mail (a company without ИНН in the CRM)', async () => {
		// Ромашка (ИНН 7705123456) holds zakaz@romashka.ru; a CRM company without ИНН uses the same e-mail
		const noInn = await run([order({ firstName: 'Ива', lastName: 'Безинн', email: 'zakaz@romashka.ru', customerId: 5304 }, { company: { id: 33, name: 'Филиал' }, contragent: { contragentType: 'legal-entity', legalName: 'Филиал' } })]);
		expect(noInn.counterparties).not.toEqual([IDS.counterparties.romashka]);
	});

	it('matching individuals by name skips a counterparty with an ИНН', async () => {
		sb.state.store.put('Catalog_Контрагенты', { ...sb.state.store.get('Catalog_Контрагенты', IDS.counterparties.romashka)!, Description: 'Петрова Анна' });
		const anna = { firstName: 'Анна', lastName: 'Петрова', customerId: 5306 };
		const { counterparties } = await run([order(anna)], { matchByName: true });
		expect(counterparties).not.toEqual([IDS.counterparties.romashka]);
		expect(innOf(counterparties[0])).toBe('');
	});
});

describe('phones and e-mails in КонтактнаяИнформация', () => {
	it('a phone-only buyer across two runs with contact matching on: one counterparty, found the second time by the phone record', async () => {
		const caller = { firstName: 'Игорь', lastName: 'Звонков', phone: '8 (916) 555-44-33', customerId: 4801 };
		const first = await run([order(caller)], { matchByContactInfo: true });
		expect(count('POST', 'Catalog_Контрагенты')).toBe(1);
		expect(records('Телефон')).toEqual([
			expect.objectContaining({
				Объект: first.counterparties[0],
				Тип: 'Телефон',
				Вид: IDS.contactKinds.counterpartyPhone,
				Вид_Type: 'StandardODATA.Catalog_ВидыКонтактнойИнформации',
				Представление: '+7 (916) 555-44-33',
				Поле1: '+7',
				Поле2: '916',
				Поле3: '555-44-33',
				ЗначениеПоУмолчанию: true,
			}),
		]);
		// the same person as a new CRM customer (a duplicate in the CRM): only the phone ties them
		const second = await run([order({ ...caller, phone: '+7 916 5554433', customerId: 4802 })], { matchByContactInfo: true });
		expect(second.counterparties).toEqual(first.counterparties);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(0);
		expect(count('POST', REGISTER)).toBe(1); // the second CRM customer's link
		// and the same CRM customer is found by its id whatever the switches
		const third = await run([order(caller)]);
		expect(third.counterparties).toEqual(first.counterparties);
	});

	it('a phone record of a counterparty marked for deletion finds nothing: the new buyer gets a counterparty of its own', async () => {
		const caller = { firstName: 'Инна', lastName: 'Звонкова', phone: '8 (916) 555-77-11', customerId: 4811 };
		const first = await run([order(caller)], { matchByContactInfo: true });
		const [created] = counterpartiesCreated();
		sb.state.store.put('Catalog_Контрагенты', { ...created, DeletionMark: true });
		// a new CRM customer with the same phone: the register still holds the marked counterparty's phone
		const second = await run([order({ ...caller, phone: '+7 916 5557711', customerId: 4812 })], { matchByContactInfo: true });
		expect(second.counterparties).not.toEqual(first.counterparties);
		expect(count('POST', 'Catalog_Контрагенты')).toBe(1);
	});

	it('without contact matching the phone of a new buyer is written only when asked; the e-mail under UT\'s e-mail kind; more phones under kinds of their own', async () => {
		const buyer = { firstName: 'Зоя', lastName: 'Трубина', email: 'zoya@example.ru', phone: '+7 495 111-22-33', customerId: 4901 };
		await run([order(buyer, { additionalPhone: '+375 29 123 45 67' })], { writeContactInfo: true });
		const [created] = counterpartiesCreated();
		const mine = records().filter((r) => r.Объект === created.Ref_Key);
		expect(mine.map((r) => [r.Тип, r.Вид, r.Представление])).toEqual([
			['Телефон', IDS.contactKinds.counterpartyPhone, '+7 (495) 111-22-33'],
			['Телефон', 'Телефон 2', '+375291234567'],
			['АдресЭлектроннойПочты', IDS.contactKinds.counterpartyEmail, 'zoya@example.ru'],
			['Другое', 'retailCRM 4901', 'retailCRM customer 4901'],
		]);
		expect(count('GET', 'Catalog_ВидыКонтактнойИнформации')).toBe(1);
	});

	it('kinds the catalog does not hold (or an unpublished catalog) are written as strings', async () => {
		sb.state.store.removeWhere('Catalog_ВидыКонтактнойИнформации', () => true);
		const buyer = { firstName: 'Ян', lastName: 'Строков', phone: '+7 912 000-00-01', customerId: 4902 };
		await run([order(buyer)], { writeContactInfo: true });
		expect(records('Телефон').map((r) => [r.Вид, r.Вид_Type])).toEqual([['Телефон контрагента', 'Edm.String']]);
	});
});

describe('look-up requests and degraded bases', () => {
	it('exact look-up reads: CRM ids once, then ИНН, e-mail and name only for buyers not found by id', async () => {
		const linked = { firstName: 'Ефим', lastName: 'Связанный', email: 'efim@example.ru', customerId: 5001 };
		await run([order(linked)]);
		const fresh = { firstName: 'Нина', lastName: 'Новая', email: 'nina@example.ru', customerId: 5002 };
		const company = { contragent: { contragentType: 'legal-entity', legalName: 'ООО "Ромашка"', INN: '7705123456', KPP: '770501001' } };
		await run([order(linked), order(fresh), order({ firstName: 'Пётр', lastName: 'Сидоров', customerId: 5003 }, company)]);
		const gets = log().filter((r) => r.method === 'GET' && (r.path.endsWith('/Catalog_Контрагенты') || r.path.endsWith(`/${REGISTER}`)));
		expect(gets.map((r) => [r.path.split('/').pop(), r.query.$filter])).toEqual([
			// the Counterparty Folder setting checked once per writing run, before any look-up (setting-references.ts)
			['Catalog_Контрагенты', `Ref_Key eq guid'${IDS.counterparties.buyersFolder}'`],
			[REGISTER, "(Тип eq 'Другое') and (Поле1 eq 'retailCRM:5001' or Поле1 eq 'retailCRM:5002' or Поле1 eq 'retailCRM:5003')"],
			['Catalog_Контрагенты', expect.stringMatching(/^Ref_Key eq guid'[0-9a-f-]{36}'$/)],
			['Catalog_Контрагенты', "((DeletionMark eq false) and (IsFolder eq false)) and (ИНН eq '7705123456')"],
			['Catalog_Контрагенты', "((DeletionMark eq false) and (IsFolder eq false)) and (АдресЭП eq 'nina@example.ru')"],
			['Catalog_Контрагенты', "((DeletionMark eq false) and (IsFolder eq false)) and (Description eq 'Новая Нина')"],
			// after the creation: the new buyer's CRM id once more (did another run create it too?)
			[REGISTER, "(Тип eq 'Другое') and (Поле1 eq 'retailCRM:5002')"],
		]);
		// written: buyers first (the new one and its link, Ромашка's link), then the contracts with ИП Иванов
		expect(log().filter((r) => r.method === 'POST' && !r.path.endsWith('/Post') && !r.path.endsWith('/Document_ЗаказПокупателя')).map((r) => r.path.split('/').pop())).toEqual([
			'Catalog_Контрагенты',
			REGISTER,
			REGISTER,
			'Catalog_ДоговорыКонтрагентов',
			'Catalog_ДоговорыКонтрагентов',
		]);
	});

	it('a base without the register in its OData composition: buyers matched by e-mail, nothing written there, a note on the order', async () => {
		const buyer = { firstName: 'Ада', lastName: 'Без-Регистра', email: 'ada@example.ru', customerId: 5101 };
		sb.state.config.published = [...sb.state.store.model.sets.keys()].filter((n) => n !== REGISTER);
		try {
			const first = await run([order(buyer)]);
			expect(first.out[0].notes).toEqual([expect.stringContaining('InformationRegister_КонтактнаяИнформация is not in 1C\'s OData composition')]);
			const second = await run([order(buyer)]);
			expect(second.counterparties).toEqual(first.counterparties);
			expect(records()).toEqual([]);
		} finally {
			sb.state.config.published = null;
		}
	});

	it('a dry run reports the buyer found by CRM id and writes no record', async () => {
		const buyer = { firstName: 'Дина', lastName: 'Пробная', email: 'dina@example.ru', customerId: 5201 };
		const first = await run([order(buyer)]);
		const { client } = sandboxClient(sb);
		sb.state.log.length = 0;
		const [dry] = await upsertCustomerOrders(client, [order({ ...buyer, customerId: 5201 }), order({ ...buyer, customerId: 5202, email: 'other@example.ru', lastName: 'Иная' })], seedOptions({ dryRun: true }));
		expect(ok(dry).dryRun?.references?.counterparty).toEqual({ status: 'found', key: first.counterparties[0], by: 'crmCustomer' });
		expect(log().filter((r) => r.method !== 'GET')).toEqual([]);
	});
});
