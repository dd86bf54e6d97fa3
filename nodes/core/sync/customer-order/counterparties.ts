import type { OneCClient } from '../../onec/client';
import { UT } from '../../onec/model';
import { and, eq } from '../../onec/query';
import type { CounterpartyFacts, CounterpartyPayload, LookupRow } from '../orders/counterparty';
import { buildCounterpartyPayload, counterpartyLookupPlan, indexContactRows, matchInContactIndex, normaliseEmail, pickCounterparty } from '../orders/counterparty';

/**
 * Counterparties of a run: one look-up per distinct buyer, batched across the run, and at most one
 * creation per buyer (two orders of one customer share the counterparty created for the first).
 *
 * Steps, in core/sync/orders/counterparty.ts precedence: ИНН+КПП, ИНН (companies, entrepreneurs), then
 * АдресЭП (buyers without ИНН), then — when `matchByContactInfo` — e-mails and phones kept in
 * InformationRegister_КонтактнаяИнформация, then — when `matchByName` — the exact name for buyers without ИНН.
 * The contact register holds phones in free formats and an unlimited `Представление` 1C cannot filter on,
 * so it is read once per run (all counterparty phones and e-mails, paged) and indexed here: cheap on a small
 * base, a few requests per thousand counterparties on a big one — hence off by default.
 */
export interface CustomerEntry {
	id: string;
	facts: CounterpartyFacts;
	/** Ref_Key once found or created. */
	key?: string;
	/** `innKpp` | `inn` | `email` | `name` | `created`. */
	by?: string;
	/** The counterparty's main contract, preferred when it fits. */
	mainContractKey?: string;
	/** POST body when the buyer has to be created. */
	create?: CounterpartyPayload;
}

const SELECT = ['Ref_Key', 'Code', 'Description', 'ИНН', 'КПП', 'АдресЭП', 'ЮрФизЛицо', 'DeletionMark', 'IsFolder', 'ОсновнойДоговорКонтрагента_Key'] as const;
const usable = and(eq('DeletionMark', false), eq('IsFolder', false));
const CONTACT_SET = 'InformationRegister_КонтактнаяИнформация';
const CONTACT_SELECT = ['Объект', 'Объект_Type', 'Тип', 'Представление'];
const COUNTERPARTY_TYPE = 'StandardODATA.Catalog_Контрагенты';

/** One id per buyer: ИНН/КПП, else e-mail, else phone, else the CRM customer, else the name. */
export function customerIdOf(facts: CounterpartyFacts): string {
	if (facts.inn) return `inn:${facts.inn}/${facts.kpp ?? ''}`;
	if (facts.email) return `email:${facts.email}`;
	if (facts.phones[0]) return `phone:${facts.phones[0]}`;
	if (facts.crmCustomerId !== undefined) return `crm:${facts.crmCustomerId}`;
	return `name:${facts.name.toLowerCase()}`;
}

function groupBy(rows: readonly LookupRow[], keyOf: (row: LookupRow) => string): Map<string, LookupRow[]> {
	const out = new Map<string, LookupRow[]>();
	for (const row of rows) {
		const key = keyOf(row);
		const list = out.get(key) ?? [];
		list.push(row);
		out.set(key, list);
	}
	return out;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const byCode = (a: LookupRow, b: LookupRow) => text(a.Code).localeCompare(text(b.Code));

export class CounterpartyResolver {
	readonly entries = new Map<string, CustomerEntry>();
	private readonly rows = new Map<string, LookupRow>();

	constructor(
		private readonly client: OneCClient,
		private readonly options: { matchByName?: boolean; matchByContactInfo?: boolean; folderKey?: string } = {},
	) {}

	/** Registers the buyers of a run (deduplicated) and looks them all up in a few batched reads. */
	async lookup(allFacts: readonly CounterpartyFacts[]): Promise<void> {
		const fresh: CustomerEntry[] = [];
		for (const facts of allFacts) {
			const id = customerIdOf(facts);
			if (this.entries.has(id)) continue;
			const entry: CustomerEntry = { id, facts };
			this.entries.set(id, entry);
			fresh.push(entry);
		}
		const plans = new Map(fresh.map((e) => [e.id, counterpartyLookupPlan(e.facts, { emailInContactInfo: false, matchByPhone: false })]));

		const inns = fresh.filter((e) => e.facts.inn).map((e) => e.facts.inn as string);
		if (inns.length > 0) {
			const found = groupBy(await this.read('ИНН', inns), (r) => text(r['ИНН']));
			for (const entry of fresh) {
				for (const step of plans.get(entry.id) ?? []) {
					if (entry.key || (step.by !== 'innKpp' && step.by !== 'inn')) continue;
					this.accept(entry, step.by, pickCounterparty(step, [...(found.get(entry.facts.inn ?? '') ?? [])].sort(byCode), entry.facts));
				}
			}
		}

		const byEmail = fresh.filter((e) => !e.key && (plans.get(e.id) ?? []).some((s) => s.by === 'email'));
		if (byEmail.length > 0) {
			const found = groupBy(await this.read('АдресЭП', byEmail.map((e) => e.facts.email as string)), (r) => normaliseEmail(text(r['АдресЭП'])));
			for (const entry of byEmail) {
				const step = (plans.get(entry.id) ?? []).find((s) => s.by === 'email');
				if (step) this.accept(entry, 'email', pickCounterparty(step, [...(found.get(entry.facts.email ?? '') ?? [])].sort(byCode), entry.facts));
			}
		}

		const byContact = this.options.matchByContactInfo ? fresh.filter((e) => !e.key && !e.facts.inn && (e.facts.email || e.facts.phones.length > 0)) : [];
		if (byContact.length > 0) {
			const rows = await this.client.readRawAll(CONTACT_SET, { where: { Объект_Type: COUNTERPARTY_TYPE }, select: CONTACT_SELECT, orderby: ['Объект', 'Тип', 'Вид'], compositeOrder: true });
			const index = indexContactRows(rows.filter((r) => r['Тип'] === 'Телефон' || r['Тип'] === 'АдресЭлектроннойПочты'));
			for (const entry of byContact) {
				const hit = matchInContactIndex(entry.facts, index);
				if (hit) this.accept(entry, hit.by, hit.key);
			}
			if (byContact.some((e) => e.key)) await this.readKeys(byContact.filter((e) => e.key).map((e) => e.key as string));
		}

		// A company with an ИНН that 1C does not know is created, never matched by a person's name.
		const byName = this.options.matchByName ? fresh.filter((e) => !e.key && !e.facts.inn && e.facts.name) : [];
		if (byName.length > 0) {
			const found = groupBy(await this.read('Description', byName.map((e) => e.facts.name)), (r) => text(r.Description).toLowerCase());
			for (const entry of byName) {
				const rows = [...(found.get(entry.facts.name.toLowerCase()) ?? [])].filter((r) => r.DeletionMark !== true && r.IsFolder !== true).sort(byCode);
				this.accept(entry, 'name', rows.length > 0 ? text(rows[0].Ref_Key) : undefined);
			}
		}

		for (const entry of fresh) {
			if (!entry.key) entry.create = buildCounterpartyPayload(entry.facts, { parentKey: this.options.folderKey });
		}
	}

	private async read(fieldName: 'ИНН' | 'АдресЭП' | 'Description', values: string[]): Promise<LookupRow[]> {
		const rows = await this.client.readWhereIn(UT.Catalog_Контрагенты, fieldName, [...new Set(values)], { select: SELECT, filter: usable, orderby: ['Ref_Key'] });
		for (const row of rows) this.rows.set(row.Ref_Key, row as LookupRow);
		return rows as LookupRow[];
	}

	/** Main contracts of counterparties matched through the contact register. */
	private async readKeys(keys: string[]): Promise<void> {
		const rows = await this.client.readWhereIn(UT.Catalog_Контрагенты, 'Ref_Key', [...new Set(keys)], { select: SELECT });
		for (const row of rows) this.rows.set(row.Ref_Key, row as LookupRow);
		for (const entry of this.entries.values()) {
			const main = entry.key ? text(this.rows.get(entry.key)?.ОсновнойДоговорКонтрагента_Key) : '';
			if (main) entry.mainContractKey = main;
		}
	}

	private accept(entry: CustomerEntry, by: string, key: string | undefined): void {
		if (!key) return;
		entry.key = key;
		entry.by = by;
		const main = text(this.rows.get(key)?.ОсновнойДоговорКонтрагента_Key);
		if (main) entry.mainContractKey = main;
	}

	entryFor(facts: CounterpartyFacts): CustomerEntry {
		const entry = this.entries.get(customerIdOf(facts));
		if (!entry) throw new Error(`Buyer ${facts.name} was not looked up`);
		return entry;
	}

	/** The counterparty's Ref_Key, creating it on first need (once per buyer and run). */
	async ensure(entry: CustomerEntry): Promise<string> {
		if (entry.key) return entry.key;
		const created = await this.client.create(UT.Catalog_Контрагенты, (entry.create ?? buildCounterpartyPayload(entry.facts, { parentKey: this.options.folderKey })) as never);
		entry.key = created.ref;
		entry.by = 'created';
		return created.ref;
	}
}
