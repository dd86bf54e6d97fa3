import type { OneCClient } from '../../../onec/client';
import { OneCODataError, passOn } from '../../../onec/errors';
import { UT } from '../../../onec/model';
import { eq, or, queryParams } from '../../../onec/query';
import type { ContactKinds, ContactRecord } from '../contact-records';
import { CONTACT_KIND_TYPE, CRM_LINK_TYPE, EMAIL_KIND, PHONE_KIND, STRING_KINDS } from '../contact-records';
import type { ContactIndex, LookupRow } from '../counterparty';
import { COUNTERPARTY_TYPE, indexContactRows } from '../counterparty';

/**
 * The order flow's reads and writes of InformationRegister_КонтактнаяИнформация (contact-records.ts says what
 * the records are). Filters use the enum `Тип` and the string `Поле1` only, never the composite `Объект`/`Вид`,
 * and the owner's type is checked here: composite fields in `$filter` and `$orderby` are not proven on every
 * 1C platform. A base whose OData composition lacks the register (404 / code 6) is remembered as such: the
 * flow then keeps no CRM customer ids and matches buyers by ИНН, e-mail and name, and says so.
 */
const REGISTER = UT.InformationRegister_КонтактнаяИнформация;

export const NOT_PUBLISHED_NOTE =
	'InformationRegister_КонтактнаяИнформация is not in 1C\'s OData composition: the retailCRM customer id is not kept in 1C, buyers are matched by ИНН, e-mail and name';

const notPublished = (error: unknown): boolean => error instanceof OneCODataError && (error.code === '6' || error.status === 404);
const existing = (error: unknown): boolean => error instanceof OneCODataError && /ключевыми полями/i.test(error.message1C ?? '');

export class ContactRegister {
	/** False once 1C said the register (or the kinds catalog, for `kinds`) is not published. */
	published = true;
	private kindsHeld: ContactKinds | undefined;

	constructor(private readonly client: OneCClient) {}

	/** CRM customer key → counterparties linked to it, in as few requests as the URL length allows. */
	async crmLinks(keys: readonly string[]): Promise<Map<string, string[]>> {
		const links = new Map<string, string[]>();
		if (keys.length === 0 || !this.published) return links;
		let rows;
		try {
			rows = await this.client.readWhereIn(REGISTER.records, 'Поле1', [...new Set(keys)], {
				select: ['Объект', 'Объект_Type', 'Поле1'],
				filter: eq('Тип', CRM_LINK_TYPE),
				orderby: ['Поле1'],
			});
		} catch (error) {
			if (!notPublished(error)) throw passOn(error);
			this.published = false;
			return links;
		}
		for (const row of rows) {
			if (row.Объект_Type !== COUNTERPARTY_TYPE || !row.Объект) continue;
			const list = links.get(row.Поле1) ?? [];
			if (!list.includes(row.Объект)) list.push(row.Объект);
			links.set(row.Поле1, list);
		}
		return links;
	}

	/**
	 * Every counterparty phone and e-mail record, indexed on our side (phones come in free formats and
	 * Представление is an unlimited string 1C cannot compare). One request without `$top`: paging needs a unique
	 * order, and the register's key is made of composite fields; the answer grows with the register.
	 */
	async contactIndex(): Promise<ContactIndex> {
		const select = ['Объект', 'Объект_Type', 'Тип', 'Представление'];
		const url = this.client.url([REGISTER.set], queryParams({ select, filter: or(eq('Тип', 'Телефон'), eq('Тип', 'АдресЭлектроннойПочты')) }));
		let json: unknown;
		try {
			json = await this.client.request('GET', url, { safeToRepeat: true, set: REGISTER.set });
		} catch (error) {
			if (!notPublished(error)) throw passOn(error);
			this.published = false;
			return indexContactRows([]);
		}
		const value = (json as { value?: unknown } | undefined)?.value;
		return indexContactRows(Array.isArray(value) ? (value as LookupRow[]) : []);
	}

	/** The predefined kinds UT writes phones and e-mails of counterparties with; strings when the catalog is not readable. */
	async kinds(): Promise<ContactKinds> {
		if (this.kindsHeld) return this.kindsHeld;
		let rows: Array<{ Ref_Key: string; PredefinedDataName: string; DeletionMark: boolean }> = [];
		try {
			rows = await this.client.readAll(UT.Catalog_ВидыКонтактнойИнформации, { select: ['Ref_Key', 'PredefinedDataName', 'DeletionMark'] });
		} catch (error) {
			if (!notPublished(error)) throw passOn(error);
		}
		const ref = (name: string) => rows.find((r) => r.PredefinedDataName === name && !r.DeletionMark)?.Ref_Key;
		const phone = ref(PHONE_KIND);
		const email = ref(EMAIL_KIND);
		this.kindsHeld = {
			phone: phone ? { value: phone, type: CONTACT_KIND_TYPE } : STRING_KINDS.phone,
			email: email ? { value: email, type: CONTACT_KIND_TYPE } : STRING_KINDS.email,
		};
		return this.kindsHeld;
	}

	/** Writes one record; `existed` when 1C already holds one with its dimensions (a parallel run wrote it). */
	async write(record: ContactRecord): Promise<'written' | 'existed' | 'skipped'> {
		if (!this.published) return 'skipped';
		try {
			await this.client.createRecord(REGISTER, record);
			return 'written';
		} catch (error) {
			if (existing(error)) return 'existed';
			if (!notPublished(error)) throw passOn(error);
			this.published = false;
			return 'skipped';
		}
	}
}
