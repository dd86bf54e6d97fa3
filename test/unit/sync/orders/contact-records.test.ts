import { STRING_KINDS, contactRecords, crmLinkRecord, phoneFields } from '../../../../nodes/core/sync/orders/contact-records';
import { crmCustomerKey } from '../../../../nodes/core/sync/orders/counterparty';

/** КонтактнаяИнформация records the order flow writes: the CRM customer link, phones and e-mail as UT stores them. */
describe('contact records', () => {
	it('CRM customer keys keep corporate customers apart', () => {
		expect(crmCustomerKey({ crmCustomerId: 12 })).toBe('retailCRM:12');
		expect(crmCustomerKey({ crmCustomerId: 12, crmCorporate: true })).toBe('retailCRM:corporate:12');
		expect(crmCustomerKey({})).toBeUndefined();
	});

	it('the link record: Тип Другое, a string kind of its own per customer, Поле1 the key', () => {
		expect(crmLinkRecord('cp', 'retailCRM:corporate:12')).toEqual({
			Объект: 'cp',
			Объект_Type: 'StandardODATA.Catalog_Контрагенты',
			Тип: 'Другое',
			Вид: 'retailCRM corporate 12',
			Вид_Type: 'Edm.String',
			Представление: 'retailCRM corporate customer 12',
			Поле1: 'retailCRM:corporate:12',
		});
	});

	it('phones split as РазложитьТелефонПоПолям does: country, area code, number; others keep their digits', () => {
		expect(phoneFields('9161234567')).toEqual({ country: '+7', area: '916', number: '123-45-67', shown: '+7 (916) 123-45-67' });
		expect(phoneFields('375291234567')).toEqual({ country: '', area: '', number: '375291234567', shown: '+375291234567' });
	});

	it('first phone under the given kind and default, more phones under kinds of their own, then the e-mail', () => {
		const records = contactRecords('cp', { phones: ['9161234567', '4951112233'], email: 'a@b.ru' }, STRING_KINDS);
		expect(records.map((r) => [r.Тип, r.Вид, r.Вид_Type, r.Представление, r.ЗначениеПоУмолчанию])).toEqual([
			['Телефон', 'Телефон контрагента', 'Edm.String', '+7 (916) 123-45-67', true],
			['Телефон', 'Телефон 2', 'Edm.String', '+7 (495) 111-22-33', false],
			['АдресЭлектроннойПочты', 'Адрес электронной почты', 'Edm.String', 'a@b.ru', true],
		]);
		expect(contactRecords('cp', { phones: [] }, STRING_KINDS)).toEqual([]);
	});
});
