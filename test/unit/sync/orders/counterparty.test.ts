import {
	buildCounterpartyPayload,
	counterpartyFacts,
	counterpartyLookupPlan,
	phoneKey,
	pickCounterparty,
} from '../../../../nodes/core/sync/orders/counterparty';
import type { CrmOrderLike } from '../../../../nodes/core/sync/orders/crm-order';
import { ORDER_5488 } from './seed-orders';

const company = (): CrmOrderLike => ({
	...ORDER_5488(),
	customer: { id: 901, type: 'customer_corporate' },
	contact: { id: 902, firstName: 'Иван', lastName: 'Петров', email: 'Petrov@Firm.ru', phones: [{ number: '8 (495) 111-22-33' }] },
	company: { id: 903, name: 'Фирма', contragent: { contragentType: 'legal-entity', legalName: 'ООО «Фирма»', INN: '7701234567', KPP: '770101001' } },
	contragent: null,
	firstName: null,
	lastName: null,
	email: null,
	phone: null,
});

describe('counterparty facts', () => {
	it('individual: name from the order, e-mail lower-cased, phones folded to 10 digits', () => {
		const facts = counterpartyFacts(ORDER_5488());
		expect(facts).toMatchObject({ kind: 'individual', name: 'покупатель Розничный', email: 'buyer@example.ru', phones: ['9161234567'], crmCustomerId: 77 });
		expect(facts.inn).toBeUndefined();
	});

	it('company: ИНН/КПП from company.contragent, names from company', () => {
		expect(counterpartyFacts(company())).toMatchObject({ kind: 'legal', inn: '7701234567', kpp: '770101001', name: 'Фирма', fullName: 'ООО «Фирма»', email: 'petrov@firm.ru' });
	});

	it('entrepreneur: ИНН without КПП', () => {
		const order = { ...ORDER_5488(), contragent: { contragentType: 'enterpreneur', INN: '500100732259', KPP: '123' } };
		const facts = counterpartyFacts(order);
		expect(facts).toMatchObject({ kind: 'entrepreneur', inn: '500100732259', fullName: 'ИП покупатель Розничный' });
		expect(facts.kpp).toBeUndefined();
	});

	it('phone keys', () => {
		expect(phoneKey('+7 (916) 123-45-67')).toBe('9161234567');
		expect(phoneKey('8 916 1234567')).toBe('9161234567');
		expect(phoneKey('+375 29 123 45 67')).toBe('375291234567');
		expect(phoneKey('123')).toBe('');
	});
});

describe('look-up precedence', () => {
	it('company: the corporate customer id, ИНН+КПП, then ИНН, and nothing else by default', () => {
		const plan = counterpartyLookupPlan(counterpartyFacts(company()));
		expect(plan.map((s) => s.by)).toEqual(['crmCustomer', 'innKpp', 'inn']);
		expect(plan[0].filters).toEqual([
			{ field: 'Тип', value: 'Другое' },
			{ field: 'Поле1', value: 'retailCRM:corporate:901' },
		]);
		expect(plan[1].filters).toEqual([
			{ field: 'ИНН', value: '7701234567' },
			{ field: 'КПП', value: '770101001' },
			{ field: 'DeletionMark', value: false },
			{ field: 'IsFolder', value: false },
		]);
		expect(counterpartyLookupPlan(counterpartyFacts(company()), { contactsFallbackForCompanies: true }).map((s) => s.by)).toEqual([
			'crmCustomer', 'innKpp', 'inn', 'email', 'emailContact', 'phone',
		]);
	});

	it('individual: the CRM customer id, АдресЭП, e-mail in contact info, then phone in contact info (owner type checked on our side)', () => {
		const plan = counterpartyLookupPlan(counterpartyFacts(ORDER_5488()));
		expect(plan.map((s) => [s.by, s.entitySet])).toEqual([
			['crmCustomer', 'InformationRegister_КонтактнаяИнформация'],
			['email', 'Catalog_Контрагенты'],
			['emailContact', 'InformationRegister_КонтактнаяИнформация'],
			['phone', 'InformationRegister_КонтактнаяИнформация'],
		]);
		expect(plan[0].filters).toEqual([
			{ field: 'Тип', value: 'Другое' },
			{ field: 'Поле1', value: 'retailCRM:77' },
		]);
		expect(plan[1].filters[0]).toEqual({ field: 'АдресЭП', value: 'buyer@example.ru' });
		expect(plan[3].filters).toEqual([{ field: 'Тип', value: 'Телефон' }]);
		expect(counterpartyLookupPlan(counterpartyFacts(ORDER_5488()), { emailInContactInfo: false, matchByPhone: false }).map((s) => s.by)).toEqual(['crmCustomer', 'email']);
	});

	it('a buyer with neither ИНН, e-mail nor phone is looked up by the CRM customer id only, or not at all without one (create)', () => {
		const order = { ...ORDER_5488(), email: null, phone: null, customer: { id: 1 } };
		expect(counterpartyLookupPlan(counterpartyFacts(order)).map((s) => s.by)).toEqual(['crmCustomer']);
		expect(counterpartyLookupPlan(counterpartyFacts({ ...order, customer: {} }))).toEqual([]);
	});
});

describe('pickCounterparty checks rows on our side', () => {
	const facts = counterpartyFacts(company());
	const [crm, innKpp, inn] = counterpartyLookupPlan(facts);

	it('finds a CRM customer link by Поле1 (space-padded) of a counterparty, never of another owner type', () => {
		const rows = [
			{ Объект: 'person', Объект_Type: 'StandardODATA.Catalog_ФизическиеЛица', Поле1: 'retailCRM:corporate:901' },
			{ Объект: 'other', Объект_Type: 'StandardODATA.Catalog_Контрагенты', Поле1: 'retailCRM:901' },
			{ Объект: 'firm', Объект_Type: 'StandardODATA.Catalog_Контрагенты', Поле1: 'retailCRM:corporate:901  ' },
		];
		expect(pickCounterparty(crm, rows, facts)).toBe('firm');
		expect(pickCounterparty(crm, rows.slice(0, 2), facts)).toBeUndefined();
	});

	it('requires both ИНН and КПП on the first step, ignores deleted and padded values', () => {
		const rows = [
			{ Ref_Key: 'deleted', ИНН: '7701234567', КПП: '770101001', DeletionMark: true },
			{ Ref_Key: 'branch', ИНН: '7701234567  ', КПП: '770102001' },
			{ Ref_Key: 'head', ИНН: '7701234567  ', КПП: '770101001' },
		];
		expect(pickCounterparty(innKpp, rows, facts)).toBe('head');
		expect(pickCounterparty(inn, rows.slice(0, 2), facts)).toBe('branch');
		expect(pickCounterparty(innKpp, rows.slice(0, 2), facts)).toBeUndefined();
	});

	it('matches e-mail case-insensitively and phones by digits', () => {
		const person = counterpartyFacts(ORDER_5488());
		const [, email, emailContact, phone] = counterpartyLookupPlan(person);
		expect(pickCounterparty(email, [{ Ref_Key: 'a', АдресЭП: 'other@example.ru' }, { Ref_Key: 'b', АдресЭП: 'Buyer@Example.RU ' }], person)).toBe('b');
		// the e-mail step never takes a counterparty with another ИНН than the buyer's (none for a person); one without ИНН it does
		expect(pickCounterparty(email, [{ Ref_Key: 'firm', ИНН: '7705123456', АдресЭП: person.email }, { Ref_Key: 'legacy', ИНН: '  ', АдресЭП: person.email }], person)).toBe('legacy');
		expect(pickCounterparty(email, [{ Ref_Key: 'firm', ИНН: '7705123456', АдресЭП: person.email }], person)).toBeUndefined();
		expect(pickCounterparty(emailContact, [{ Объект: 'c', Объект_Type: 'StandardODATA.Catalog_Контрагенты', Представление: 'buyer@example.ru' }], person)).toBe('c');
		expect(
			pickCounterparty(
				phone,
				[
					{ Объект: 'person', Объект_Type: 'StandardODATA.Catalog_КонтактныеЛица', Представление: '+7 916 123-45-67' },
					{ Объект: 'x', Объект_Type: 'StandardODATA.Catalog_Контрагенты', Представление: '+7 916 000-00-00' },
					{ Объект: 'd', Объект_Type: 'StandardODATA.Catalog_Контрагенты', Представление: '8 (916) 123 45 67' },
				],
				person,
			),
		).toBe('d');
	});
});

describe('creating a counterparty', () => {
	it('company: ЮрЛицо with ИНН/КПП, folder and comment', () => {
		expect(buildCounterpartyPayload(counterpartyFacts(company()), { parentKey: 'folder-guid' })).toEqual({
			Description: 'Фирма',
			НаименованиеПолное: 'ООО «Фирма»',
			ЮрФизЛицо: 'ЮрЛицо',
			ИНН: '7701234567',
			КПП: '770101001',
			АдресЭП: 'petrov@firm.ru',
			Покупатель: true,
			Parent_Key: 'folder-guid',
			Комментарий: 'retailCRM corporate customer 901',
		});
	});

	it('entrepreneur as ФизЛицо by default, configurable', () => {
		const facts = counterpartyFacts({ ...ORDER_5488(), contragent: { contragentType: 'enterpreneur', INN: '500100732259' } });
		expect(buildCounterpartyPayload(facts).ЮрФизЛицо).toBe('ФизЛицо');
		expect(buildCounterpartyPayload(facts, { entrepreneurAs: 'ЮрЛицо' }).ЮрФизЛицо).toBe('ЮрЛицо');
	});

	it('cuts Description to 100 characters and leaves out an e-mail longer than АдресЭП', () => {
		const long = 'Я'.repeat(150);
		const email = `${'a'.repeat(96)}@b.ru`;
		const payload = buildCounterpartyPayload(counterpartyFacts({ ...ORDER_5488(), lastName: long, firstName: '', email, customer: { id: 5 } }));
		expect(payload.Description).toHaveLength(100);
		expect(payload.НаименованиеПолное).toHaveLength(150);
		expect(payload).not.toHaveProperty('АдресЭП');
	});

	it('names a buyer without a name after the e-mail', () => {
		const facts = counterpartyFacts({ ...ORDER_5488(), firstName: '', lastName: '', customer: { id: 5 } });
		expect(buildCounterpartyPayload(facts).Description).toBe('buyer@example.ru');
	});
});
