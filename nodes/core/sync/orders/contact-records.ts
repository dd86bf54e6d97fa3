import type { CounterpartyFacts } from './counterparty';
import { COUNTERPARTY_TYPE, fitLength } from './counterparty';

export { crmCustomerKey } from './counterparty';

/**
 * Records of InformationRegister_КонтактнаяИнформация that the order flow writes for a counterparty
 * (register keyed by Объект + Тип + Вид; rf-bessome/ut10_3_22_percent: src/InformationRegisters/КонтактнаяИнформация):
 *
 *  - the retailCRM customer id, so the buyer is found again whatever the CRM later says about name or e-mail:
 *    Тип `Другое`, Вид the string `retailCRM <id>` — a string Вид is a kind "of its own for one object", which UT's
 *    counterparty form lists on its contact-information tab in the information colour (Help/ru.html of the register;
 *    src/CommonModules/УправлениеКонтактнойИнформацией: ПрочитатьКонтактнуюИнформацию reads every record of the
 *    object, КонтактнаяИнформацияСписокПриВыводеСтроки colours string kinds) and keeps when the user saves the form
 *    (ЗаписатьКонтактнуюИнформацию drops only records without Представление). One record per CRM customer, so
 *    several CRM customers (a company's contacts, CRM duplicates) may point at one counterparty without a key clash.
 *    `Поле1` = `retailCRM:<id>` (string(100), filterable) is what the look-up compares; Представление is for people.
 *  - phones and e-mail of counterparties created by the flow, as UT's own site exchange writes them
 *    (src/DataProcessors/ОбменССайтом/Ext/ObjectModule.bsl, ОпределитьПоданнымТипВидКонтактнойИнформации):
 *    Тип `Телефон` with the predefined Вид `ТелефонКонтрагента`, Тип `АдресЭлектроннойПочты` with
 *    `АдресЭлектроннойПочтыКонтрагентаДляОбменаДокументами`. A phone is split into Поле1 (country code), Поле2 (area
 *    code) and Поле3 (number), with Представление `+7 (916) 123-45-67`, as УправлениеКонтактнойИнформацией
 *    (РазложитьТелефонПоПолям, СформироватьПредставлениеТелефона) does.
 */
export const CRM_LINK_TYPE = 'Другое';
export const CONTACT_KIND_TYPE = 'StandardODATA.Catalog_ВидыКонтактнойИнформации';
export const PHONE_KIND = 'ТелефонКонтрагента';
export const EMAIL_KIND = 'АдресЭлектроннойПочтыКонтрагентаДляОбменаДокументами';
/** Вид is string(50) in its string form. */
const KIND_STRING_LENGTH = 50;

/** One record to POST, in wire form (composites as value + `_Type`). */
export interface ContactRecord {
	Объект: string;
	Объект_Type: string;
	Тип: 'Другое' | 'Телефон' | 'АдресЭлектроннойПочты';
	Вид: string;
	Вид_Type: string;
	Представление: string;
	Поле1?: string;
	Поле2?: string;
	Поле3?: string;
	ЗначениеПоУмолчанию?: boolean;
}

/** The record that ties a counterparty to a CRM customer key (`retailCRM:12345`). */
export function crmLinkRecord(counterpartyKey: string, crmKey: string): ContactRecord {
	const [, corporate, id] = /^retailCRM:(corporate:)?(.*)$/.exec(crmKey) ?? ['', undefined, crmKey];
	return {
		Объект: counterpartyKey,
		Объект_Type: COUNTERPARTY_TYPE,
		Тип: CRM_LINK_TYPE,
		Вид: fitLength(corporate ? `retailCRM corporate ${id}` : `retailCRM ${id}`, KIND_STRING_LENGTH),
		Вид_Type: 'Edm.String',
		Представление: corporate ? `retailCRM corporate customer ${id}` : `retailCRM customer ${id}`,
		Поле1: crmKey,
	};
}

/** Kinds to write phones and e-mails with: predefined items' Ref_Keys, or strings when the catalog is not readable. */
export interface ContactKinds {
	phone: { value: string; type: string };
	email: { value: string; type: string };
}

export const STRING_KINDS: ContactKinds = {
	phone: { value: 'Телефон контрагента', type: 'Edm.String' },
	email: { value: 'Адрес электронной почты', type: 'Edm.String' },
};

/** Country code, area code and number of a phone key (`9161234567` → `+7`, `916`, `123-45-67`). */
export function phoneFields(key: string): { country: string; area: string; number: string; shown: string } {
	if (key.length === 10) {
		const number = `${key.slice(3, 6)}-${key.slice(6, 8)}-${key.slice(8)}`;
		return { country: '+7', area: key.slice(0, 3), number, shown: `+7 (${key.slice(0, 3)}) ${number}` };
	}
	return { country: '', area: '', number: key, shown: `+${key}` };
}

/**
 * Phone and e-mail records of a counterparty created from a buyer: the first phone under the predefined kind, more
 * phones under string kinds `Телефон 2`, `Телефон 3` (one record per kind: the register key), the e-mail when
 * there is one. The first of each is the default (ЗначениеПоУмолчанию), as UT marks the main record.
 */
export function contactRecords(counterpartyKey: string, facts: Pick<CounterpartyFacts, 'phones' | 'email'>, kinds: ContactKinds): ContactRecord[] {
	const out: ContactRecord[] = [];
	facts.phones.forEach((phone, index) => {
		const f = phoneFields(phone);
		out.push({
			Объект: counterpartyKey,
			Объект_Type: COUNTERPARTY_TYPE,
			Тип: 'Телефон',
			Вид: index === 0 ? kinds.phone.value : `Телефон ${index + 1}`,
			Вид_Type: index === 0 ? kinds.phone.type : 'Edm.String',
			Представление: f.shown,
			Поле1: f.country,
			Поле2: f.area,
			Поле3: f.number,
			ЗначениеПоУмолчанию: index === 0,
		});
	});
	if (facts.email) {
		out.push({ Объект: counterpartyKey, Объект_Type: COUNTERPARTY_TYPE, Тип: 'АдресЭлектроннойПочты', Вид: kinds.email.value, Вид_Type: kinds.email.type, Представление: facts.email, ЗначениеПоУмолчанию: true });
	}
	return out;
}
