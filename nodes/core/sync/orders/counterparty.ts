import type { CrmOrderLike } from './crm-order';
import type { LegalFormName } from './ut103-model';
import { COUNTERPARTY_LENGTHS } from './ut103-model';
import { withoutXmlInvalidChars } from '../../onec/codecs';

/**
 * Finding or creating the 1C counterparty (Catalog_Контрагенты) of a retailCRM order
 * (docs/1c-odata.md#ut-103-objects Контрагенты, docs/1c-odata.md#customer-orders step 2).
 *
 * The retailCRM customer id is kept in 1C as a record of InformationRegister_КонтактнаяИнформация
 * (contact-records.ts) and is the first key: a buyer who changed name, e-mail or phone in the CRM is still found.
 *
 * Where contact data lives in UT 10.3 (metadata):
 *  - `ИНН` string(12) and `КПП` string(9), both indexed: exact `$filter` look-ups.
 *  - `АдресЭП` string(100), indexed: an e-mail attribute on the counterparty itself — filterable.
 *    UT's own forms also keep e-mail in the contact-information register (Тип = АдресЭлектроннойПочты),
 *    so an optional second step searches there.
 *  - Phones exist ONLY in `InformationRegister_КонтактнаяИнформация` (Тип = Телефон). Its `Представление`
 *    is an unlimited string, which 1C queries cannot compare, and phones are stored in free formats. So the
 *    phone step filters the register by type and owner kind only, and `pickCounterparty` compares digits
 *    on our side; the caller should build that phone index once per execution (cache), not per order.
 *
 * Precedence: the CRM customer id (onec-writer/counterparties.ts takes its hit only when the counterparty's ИНН is the
 * buyer's); then companies and entrepreneurs by ИНН+КПП, then ИНН; individuals (or
 * companies without ИНН) by e-mail, then phone. A company whose ИНН is not found is created, not matched by its contact's e-mail
 * (unless `contactsFallbackForCompanies`), because a contact person's e-mail would attach the company's
 * order to the person's own counterparty. The e-mail, phone and name steps never take a counterparty whose ИНН is
 * another than the buyer's (`innAllows`): a company created from an order carries that order's e-mail, and a later
 * private order with the e-mail must not land on it.
 */
export type CounterpartyKind = 'legal' | 'entrepreneur' | 'individual';

export interface CounterpartyFacts {
	kind: CounterpartyKind;
	inn?: string;
	kpp?: string;
	email?: string;
	/** Normalised phone keys (see `phoneKey`), first the main phone. */
	phones: string[];
	/** Short name for `Description`. */
	name: string;
	/** `НаименованиеПолное`. */
	fullName: string;
	/** `order.customer.id`: for corporate orders the corporate customer's id (a sequence of its own). */
	crmCustomerId?: number;
	crmCorporate?: boolean;
}

function clean(value: string | null | undefined): string {
	return (value ?? '').replace(/\s+/g, ' ').trim();
}

function digits(value: string | null | undefined): string {
	return (value ?? '').replace(/\D/g, '');
}

/**
 * Digits of a phone, Russian numbers folded to their 10 national digits (`+7 (916) 123-45-67`,
 * `8 916 1234567` → `9161234567`). Empty when fewer than 5 digits (not a phone).
 */
export function phoneKey(raw: string | null | undefined): string {
	const d = digits(raw);
	if (d.length < 5) return '';
	if (d.length === 11 && (d.startsWith('7') || d.startsWith('8'))) return d.slice(1);
	return d;
}

export function normaliseEmail(raw: string | null | undefined): string {
	return clean(raw).toLowerCase();
}

function kindOf(order: CrmOrderLike): CounterpartyKind {
	const contragent = order.contragent ?? order.company?.contragent;
	const type = (contragent?.contragentType ?? '').toLowerCase();
	if (type === 'legal-entity') return 'legal';
	if (type === 'enterpreneur' || type === 'entrepreneur') return 'entrepreneur';
	if (type === 'individual') return 'individual';
	return order.customer?.type === 'customer_corporate' || order.company ? 'legal' : 'individual';
}

/** The facts of the order's buyer that matter for matching and creation. */
export function counterpartyFacts(order: CrmOrderLike): CounterpartyFacts {
	const kind = kindOf(order);
	const contragent = order.contragent ?? order.company?.contragent;
	const person = order.contact ?? order.customer;
	const lastName = clean(order.lastName) || clean(person?.lastName);
	const firstName = clean(order.firstName) || clean(person?.firstName);
	const patronymic = clean(order.patronymic) || clean(person?.patronymic);
	const personName = [lastName, firstName, patronymic].filter((p) => p !== '').join(' ');
	const email = normaliseEmail(order.email) || normaliseEmail(person?.email);
	const phones = [order.phone, order.additionalPhone, ...(person?.phones ?? []).map((p) => p.number)]
		.map(phoneKey)
		.filter((p, i, all) => p !== '' && all.indexOf(p) === i);

	const inn = kind === 'individual' ? '' : digits(contragent?.INN);
	const kpp = kind === 'legal' ? digits(contragent?.KPP) : '';
	const legalName = clean(contragent?.legalName);
	const companyName = clean(order.company?.name);

	let name: string;
	let fullName: string;
	if (kind === 'legal') {
		name = companyName || legalName || personName;
		fullName = legalName || companyName || personName;
	} else if (kind === 'entrepreneur') {
		name = legalName || companyName || personName;
		fullName = legalName || (personName ? `ИП ${personName}` : name);
	} else {
		name = personName;
		fullName = personName;
	}
	if (!name) name = email || (phones[0] ? `+${phones[0].length === 10 ? '7' + phones[0] : phones[0]}` : `Покупатель retailCRM ${order.customer?.id ?? order.number}`);
	if (!fullName) fullName = name;
	// Looked up and written as 1C can hold them: a 500-character name or a 2,000-digit ИНН from the CRM would
	// otherwise make the one batched look-up of the run fail for every order. An e-mail longer than АдресЭП can match
	// nothing there (and is not written).
	name = fitLength(withoutXmlInvalidChars(name), COUNTERPARTY_LENGTHS.Description);
	const lookupEmail = email.length <= COUNTERPARTY_LENGTHS.АдресЭП ? email : '';

	return {
		kind,
		...(inn ? { inn: fitLength(inn, COUNTERPARTY_LENGTHS.ИНН) } : {}),
		...(kpp ? { kpp: fitLength(kpp, COUNTERPARTY_LENGTHS.КПП) } : {}),
		...(lookupEmail ? { email: lookupEmail } : {}),
		phones,
		name,
		fullName,
		...(typeof order.customer?.id === 'number' ? { crmCustomerId: order.customer.id } : {}),
		...(typeof order.customer?.id === 'number' && order.customer.type === 'customer_corporate' ? { crmCorporate: true } : {}),
	};
}

/**
 * The key a CRM customer is kept under in 1C (КонтактнаяИнформация.Поле1, see contact-records.ts): `retailCRM:12345`,
 * corporate customers `retailCRM:corporate:12` (their ids are a sequence of their own).
 */
export function crmCustomerKey(facts: Pick<CounterpartyFacts, 'crmCustomerId' | 'crmCorporate'>): string | undefined {
	if (facts.crmCustomerId === undefined) return undefined;
	return facts.crmCorporate ? `retailCRM:corporate:${facts.crmCustomerId}` : `retailCRM:${facts.crmCustomerId}`;
}

/** One `field eq value` term; the OData client quotes and joins them with `and`. */
export interface FilterTerm {
	field: string;
	value: string | boolean;
}

export type LookupBy = 'crmCustomer' | 'innKpp' | 'inn' | 'email' | 'emailContact' | 'phone';

export interface LookupStep {
	by: LookupBy;
	entitySet: 'Catalog_Контрагенты' | 'InformationRegister_КонтактнаяИнформация';
	filters: FilterTerm[];
	/** Fields to `$select`. */
	select: string[];
	/** What `pickCounterparty` must find in the returned rows. */
	expect: string;
}

export interface MatchOptions {
	/** Also try the contact's e-mail/phone for a company not found by ИНН. Default false. */
	contactsFallbackForCompanies?: boolean;
	/** Also search e-mails in the contact-information register. Default true. */
	emailInContactInfo?: boolean;
	/** Search phones in the contact-information register. Default true. */
	matchByPhone?: boolean;
}

const CATALOG_BASE: FilterTerm[] = [
	{ field: 'DeletionMark', value: false },
	{ field: 'IsFolder', value: false },
];
const CATALOG_SELECT = ['Ref_Key', 'Description', 'ИНН', 'КПП', 'АдресЭП', 'ЮрФизЛицо', 'DeletionMark', 'IsFolder'];
const CONTACT_SELECT = ['Объект', 'Объект_Type', 'Тип', 'Представление'];
export const COUNTERPARTY_TYPE = 'StandardODATA.Catalog_Контрагенты';

/**
 * Ordered look-ups to try; stop at the first step whose rows `pickCounterparty` accepts. Register steps filter on
 * the enum `Тип` (and `Поле1`) only: the owner's type (`Объект_Type`, a composite) is checked on our side, as
 * composite fields in `$filter` are not proven on every 1C platform.
 */
export function counterpartyLookupPlan(facts: CounterpartyFacts, options: MatchOptions = {}): LookupStep[] {
	const steps: LookupStep[] = [];
	const crmKey = crmCustomerKey(facts);
	if (crmKey) {
		steps.push({
			by: 'crmCustomer',
			entitySet: 'InformationRegister_КонтактнаяИнформация',
			filters: [
				{ field: 'Тип', value: 'Другое' },
				{ field: 'Поле1', value: crmKey },
			],
			select: ['Объект', 'Объект_Type', 'Поле1'],
			expect: crmKey,
		});
	}
	if (facts.inn) {
		if (facts.kpp) {
			steps.push({
				by: 'innKpp',
				entitySet: 'Catalog_Контрагенты',
				filters: [{ field: 'ИНН', value: facts.inn }, { field: 'КПП', value: facts.kpp }, ...CATALOG_BASE],
				select: CATALOG_SELECT,
				expect: `${facts.inn}/${facts.kpp}`,
			});
		}
		steps.push({
			by: 'inn',
			entitySet: 'Catalog_Контрагенты',
			filters: [{ field: 'ИНН', value: facts.inn }, ...CATALOG_BASE],
			select: CATALOG_SELECT,
			expect: facts.inn,
		});
		if (!options.contactsFallbackForCompanies) return steps;
	}
	if (facts.email) {
		steps.push({
			by: 'email',
			entitySet: 'Catalog_Контрагенты',
			filters: [{ field: 'АдресЭП', value: facts.email }, ...CATALOG_BASE],
			select: CATALOG_SELECT,
			expect: facts.email,
		});
		if (options.emailInContactInfo ?? true) {
			steps.push({
				by: 'emailContact',
				entitySet: 'InformationRegister_КонтактнаяИнформация',
				filters: [{ field: 'Тип', value: 'АдресЭлектроннойПочты' }],
				select: CONTACT_SELECT,
				expect: facts.email,
			});
		}
	}
	if ((options.matchByPhone ?? true) && facts.phones.length > 0) {
		steps.push({
			by: 'phone',
			entitySet: 'InformationRegister_КонтактнаяИнформация',
			filters: [{ field: 'Тип', value: 'Телефон' }],
			select: CONTACT_SELECT,
			expect: facts.phones.join(','),
		});
	}
	return steps;
}

/** A row returned for a step: a Catalog_Контрагенты element or a КонтактнаяИнформация record. */
export type LookupRow = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/**
 * Whether a look-up by contact information — e-mail, phone, name: anything but the ИНН itself — may take a
 * counterparty with ИНН `candidateInn` for a buyer with ИНН `buyerInn` (none for a private order). A counterparty
 * without ИНН (a person, or one a 1C user keeps without it) may always be taken; one with an ИНН only when it is the
 * buyer's. So a private order never lands on a company, and an order of company A never on company B.
 */
export function innAllows(candidateInn: unknown, buyerInn: string | undefined): boolean {
	const inn = digits(str(candidateInn));
	return inn === '' || inn === digits(buyerInn);
}

/**
 * Checks the rows of one step on our side (1C string comparison rules vary by DBMS; fixed-length strings
 * come space-padded) and returns the counterparty Ref_Key, or undefined. Several hits: the first in the
 * order 1C returned them — the caller should `$orderby=Code` for a stable choice. The e-mail step skips a
 * counterparty with another ИНН than the buyer's (`innAllows`); register rows carry no ИНН, so for them the caller
 * checks their owners (`matchInContactIndex`).
 */
export function pickCounterparty(step: LookupStep, rows: readonly LookupRow[], facts: CounterpartyFacts): string | undefined {
	for (const row of rows) {
		if (step.entitySet === 'Catalog_Контрагенты') {
			if (row.DeletionMark === true || row.IsFolder === true) continue;
			const inn = digits(str(row['ИНН']));
			const kpp = digits(str(row['КПП']));
			const ok =
				step.by === 'innKpp'
					? inn === facts.inn && kpp === facts.kpp
					: step.by === 'inn'
						? inn === facts.inn
						: normaliseEmail(str(row['АдресЭП'])) === facts.email && innAllows(row['ИНН'], facts.inn);
			if (ok && str(row.Ref_Key)) return str(row.Ref_Key);
		} else {
			if (str(row.Объект_Type) && str(row.Объект_Type) !== COUNTERPARTY_TYPE) continue;
			const shown = str(row['Представление']);
			const ok =
				step.by === 'crmCustomer' ? str(row['Поле1']).trim() === step.expect : step.by === 'phone' ? facts.phones.includes(phoneKey(shown)) : normaliseEmail(shown) === facts.email;
			if (ok && str(row.Объект)) return str(row.Объект);
		}
	}
	return undefined;
}

/** Cuts a string to a 1C attribute length (0 = unlimited); OData would truncate silently anyway. */
export function fitLength(value: string, length: number): string {
	return length > 0 && value.length > length ? value.slice(0, length) : value;
}

export interface CounterpartyPayload {
	Description: string;
	НаименованиеПолное: string;
	ЮрФизЛицо: LegalFormName;
	ИНН?: string;
	КПП?: string;
	АдресЭП?: string;
	Покупатель: true;
	Parent_Key?: string;
	Комментарий: string;
}

export interface CreateOptions {
	/** Folder for counterparties created from retailCRM. */
	parentKey?: string;
	/** UT 10.3 records an ИП as ФизЛицо (12-digit ИНН, no КПП); some bases use ЮрЛицо. Default ФизЛицо. */
	entrepreneurAs?: LegalFormName;
	comment?: string;
}

/** POST body for Catalog_Контрагенты, lengths cut per metadata. */
export function buildCounterpartyPayload(facts: CounterpartyFacts, options: CreateOptions = {}): CounterpartyPayload {
	const legalForm: LegalFormName = facts.kind === 'legal' ? 'ЮрЛицо' : facts.kind === 'entrepreneur' ? (options.entrepreneurAs ?? 'ФизЛицо') : 'ФизЛицо';
	const comment = options.comment ?? (facts.crmCustomerId !== undefined ? `retailCRM ${facts.crmCorporate ? 'corporate ' : ''}customer ${facts.crmCustomerId}` : 'retailCRM');
	const payload: CounterpartyPayload = {
		Description: fitLength(facts.name, COUNTERPARTY_LENGTHS.Description),
		НаименованиеПолное: fitLength(facts.fullName, COUNTERPARTY_LENGTHS.НаименованиеПолное),
		ЮрФизЛицо: legalForm,
		Покупатель: true,
		Комментарий: fitLength(comment, COUNTERPARTY_LENGTHS.Комментарий),
	};
	if (facts.inn) payload.ИНН = fitLength(facts.inn, COUNTERPARTY_LENGTHS.ИНН);
	if (facts.kpp) payload.КПП = fitLength(facts.kpp, COUNTERPARTY_LENGTHS.КПП);
	// A cut e-mail would be a wrong address and never match again: leave it out instead.
	if (facts.email && facts.email.length <= COUNTERPARTY_LENGTHS.АдресЭП) payload.АдресЭП = facts.email;
	if (options.parentKey) payload.Parent_Key = options.parentKey;
	return payload;
}

export interface ContactIndex {
	/** phoneKey → counterparty Ref_Keys holding it, in the order 1C returned the rows. */
	phones: Map<string, string[]>;
	/** normalised e-mail → counterparty Ref_Keys holding it, in the order 1C returned the rows. */
	emails: Map<string, string[]>;
}

/**
 * Builds, once per execution, the phone and e-mail index of counterparties from the contact-information
 * rows the `phone`/`emailContact` steps fetch — so a batch of orders costs one register read, not one per order.
 */
export function indexContactRows(rows: readonly LookupRow[]): ContactIndex {
	const index: ContactIndex = { phones: new Map(), emails: new Map() };
	const add = (map: Map<string, string[]>, key: string, owner: string) => {
		const list = map.get(key) ?? [];
		if (!list.includes(owner)) list.push(owner);
		map.set(key, list);
	};
	for (const row of rows) {
		const owner = str(row.Объект);
		if (!owner || (str(row.Объект_Type) && str(row.Объект_Type) !== COUNTERPARTY_TYPE)) continue;
		const shown = str(row['Представление']);
		if (row['Тип'] === 'Телефон') {
			const key = phoneKey(shown);
			if (key) add(index.phones, key, owner);
		} else if (row['Тип'] === 'АдресЭлектроннойПочты') {
			const key = normaliseEmail(shown);
			if (key) add(index.emails, key, owner);
		}
	}
	return index;
}

/** Every counterparty holding the buyer's e-mail or one of its phones in a contact index (to read their ИНН once). */
export function contactCandidates(facts: CounterpartyFacts, index: ContactIndex): string[] {
	const owners = [...(facts.email ? (index.emails.get(facts.email) ?? []) : []), ...facts.phones.flatMap((phone) => index.phones.get(phone) ?? [])];
	return [...new Set(owners)];
}

/**
 * The e-mail, then each phone of the buyer, looked up in a contact index: the first counterparty holding it that
 * `allows` accepts (the caller passes the ИНН rule, `innAllows`, over the owners' rows).
 */
export function matchInContactIndex(facts: CounterpartyFacts, index: ContactIndex, allows: (ref: string) => boolean = () => true): { key: string; by: 'emailContact' | 'phone' } | undefined {
	const byEmail = facts.email ? (index.emails.get(facts.email) ?? []).find(allows) : undefined;
	if (byEmail) return { key: byEmail, by: 'emailContact' };
	for (const phone of facts.phones) {
		const key = (index.phones.get(phone) ?? []).find(allows);
		if (key) return { key, by: 'phone' };
	}
	return undefined;
}
