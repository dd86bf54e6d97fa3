import type { OneCClient } from '../../../onec/client';
import { passOn } from '../../../onec/errors';
import { UT } from '../../../onec/model';
import { and, eq } from '../../../onec/query';
import { contactRecords, crmLinkRecord } from '../contact-records';
import { parseDocumentKey } from '../document-key';
import type { CounterpartyFacts, CounterpartyPayload, LookupBy, LookupRow, LookupStep } from '../counterparty';
import { buildCounterpartyPayload, contactCandidates, counterpartyLookupPlan, crmCustomerKey, innAllows, matchInContactIndex, normaliseEmail, pickCounterparty } from '../counterparty';
import { ContactRegister, NOT_PUBLISHED_NOTE } from './contact-register';

/**
 * Counterparties of a run: one look-up per distinct buyer, batched across the run, and at most one creation
 * per buyer.
 *
 * Who is one buyer within a run (`customerIdOf`): a company or entrepreneur by ИНН/КПП; otherwise the retailCRM
 * customer (`order.customer.id`, the corporate customer for corporate orders); orders without one by e-mail,
 * phone, name. So two orders of one CRM customer, with and without an e-mail, are one buyer (their facts are
 * merged: the e-mail and every phone count).
 *
 * Look-up, in core/sync/orders/counterparty.ts precedence: the CRM customer id kept in КонтактнаяИнформация
 * (contact-records.ts) — a hit counts only when the counterparty's ИНН is the buyer's (none for a person), as one CRM
 * customer may buy privately and for several companies —, ИНН+КПП, ИНН, АдресЭП; when `matchByContactInfo`, e-mails and phones in the contact
 * register; when `matchByName`, the exact name of buyers without ИНН. The e-mail, phone and name steps skip a
 * counterparty whose ИНН is another than the buyer's (`innAllows`: none for a private order; one without ИНН is always
 * acceptable). Buyers still not found are created, and a
 * later buyer of the same run that the look-up would find in the created one (same e-mail, ИНН, name… under the same
 * ИНН rule) shares it: a run ends with the counterparties that running its orders one by one would give.
 *
 * Writes, at the first order of a buyer that is written (never in a dry run): the counterparty (if new), then one
 * КонтактнаяИнформация record per CRM customer not yet linked to a live counterparty with the buyer's ИНН
 * (`retailCRM <id>`; so one customer has a link per ИНН it buys for, plus its private one), then — only for created
 * counterparties and only when `writeContactInfo` (default: `matchByContactInfo`) — its phones and e-mail.
 * Requests per run, for B buyers of which N are new, L CRM customers not yet linked, P phones and e-mails of the
 * new ones (with writeContactInfo): N + L + P writes (+ N contracts, contracts.ts), and reads: ⌈links⌉ chunks of
 * the CRM-id look-up, ⌈keys⌉ chunks of counterparties found by CRM id, one ИНН, e-mail and name look-up each
 * (chunked by URL length) for the buyers still unfound, one contact-register read when matching by contact
 * information (and ⌈keys⌉ chunks of the counterparties holding the buyers' e-mails and phones there, for their ИНН), one read of ВидыКонтактнойИнформации when phones or e-mails are written, and ⌈new buyers' links⌉
 * chunks re-read after the creations (below).
 *
 * Two executions at once (a long run and the next one, queue-mode workers) may both miss a new buyer and both create
 * it. The rule is the documents' (docs/order-lifecycle.md "Concurrency"): after a run's creations, one batched re-read
 * of the created buyers' CRM-id records (`settleCreated`); where a CRM customer has several live counterparties with one
 * ИНН (a company's, or none: the private one), every
 * execution that sees them keeps the same one — the lowest Code (1C numbers catalog items in the order they are
 * written), then the lowest Ref_Key, as the look-up picks — marks the others for deletion, and asks for one more check
 * of the buyer's orders and of the orders whose documents name a loser, so documents written with it move to the
 * winner. A look-up that finds such duplicates later applies the same rule at the buyer's first write.
 */
export interface CustomerEntry {
	id: string;
	/** The buyer's facts, merged over the run's orders. */
	facts: CounterpartyFacts;
	/** CRM customer keys (`retailCRM:12345`) of the buyer's orders in this run. */
	crmKeys: string[];
	/** Ref_Key once found or created. */
	key?: string;
	/** `crmCustomer` | `innKpp` | `inn` | `email` | `emailContact` | `phone` | `name` | `created`. */
	by?: string;
	/** The counterparty's main contract, preferred when it fits. */
	mainContractKey?: string;
	/** POST body when the buyer has to be created. */
	create?: CounterpartyPayload;
	/** An earlier buyer of this run whose counterparty-to-be this one uses (the look-up would find it there). */
	sharesWith?: CustomerEntry;
	/** Said on every order of the buyer (e.g. the register is not published). */
	notes?: string[];
	/** Other live counterparties of the buyer's CRM customer (two runs created it at once): marked at its first write. */
	losers?: string[];
	/** The creation failed in this run (its answer may have been lost after 1C wrote it): not tried again until the next run. */
	failure?: unknown;
	/** Why the buyer's orders are checked once more next run: duplicates were resolved, or could not be looked for. */
	recheck?: string;
}

export interface CounterpartyOptions {
	matchByName?: boolean;
	matchByContactInfo?: boolean;
	/** Write phones and e-mail of created counterparties to КонтактнаяИнформация. Default: `matchByContactInfo`. */
	writeContactInfo?: boolean;
	folderKey?: string;
}

const SELECT = ['Ref_Key', 'Code', 'Description', 'ИНН', 'КПП', 'АдресЭП', 'ЮрФизЛицо', 'DeletionMark', 'IsFolder', 'ОсновнойДоговорКонтрагента_Key'] as const;
const usable = and(eq('DeletionMark', false), eq('IsFolder', false));

/** One id per buyer of a run: ИНН/КПП, else the CRM customer, else e-mail, else phone, else the name. */
export function customerIdOf(facts: CounterpartyFacts): string {
	if (facts.inn) return `inn:${facts.inn}/${facts.kpp ?? ''}`;
	const crm = crmCustomerKey(facts);
	if (crm) return `crm:${crm}`;
	if (facts.email) return `email:${facts.email}`;
	if (facts.phones[0]) return `phone:${facts.phones[0]}`;
	return `name:${facts.name.toLowerCase()}`;
}

function mergeFacts(into: CounterpartyFacts, more: CounterpartyFacts): void {
	if (!into.email && more.email) into.email = more.email;
	for (const phone of more.phones) if (!into.phones.includes(phone)) into.phones.push(phone);
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
/** The deterministic winner among duplicates of one buyer: the lowest Code, then the lowest Ref_Key. */
const byWinner = (a: LookupRow, b: LookupRow) => byCode(a, b) || (text(a.Ref_Key) < text(b.Ref_Key) ? -1 : text(a.Ref_Key) > text(b.Ref_Key) ? 1 : 0);

/** ИНН digits of a counterparty row, empty when it has none. */
const innOfRow = (row: LookupRow | undefined): string => text(row?.['ИНН']).replace(/\D/g, '');
/** A CRM customer link is one legal identity: the customer together with the ИНН it buys under (empty: privately). */
const linkId = (crmKey: string, inn: string): string => `${crmKey}|${inn}`;

const DUPLICATE_NOTE = 'another run created this buyer in 1C at the same time: the duplicate counterparty was marked for deletion';
const UNCHECKED_NOTE = '1C could not be asked whether another run created this buyer at the same time: checked once more next run';

export class CounterpartyResolver {
	readonly entries = new Map<string, CustomerEntry>();
	private readonly rows = new Map<string, LookupRow>();
	/** Counterparties' Покупатель flag, read when a contract is to be created under one (`markBuyer`). */
	private readonly buyers = new Map<string, boolean>();
	/** `<counterparty>|<crm key>` pairs 1C holds (read or written). */
	private readonly linked = new Set<string>();
	/**
	 * `<crm key>|<ИНН>` (`linkId`) of CRM customers that already point at a usable counterparty with that ИНН: never
	 * linked to a second one with the same ИНН.
	 */
	private readonly crmKeysInUse = new Set<string>();
	/** Buyers this run created. */
	private readonly created = new Set<CustomerEntry>();
	/** Duplicates marked for deletion in this run. */
	private readonly retired = new Set<string>();
	/** CRM orders whose documents named a duplicate marked in this run. */
	private readonly ordersNamingLosers = new Set<number>();
	private readonly register: ContactRegister;

	constructor(
		private readonly client: OneCClient,
		private readonly options: CounterpartyOptions = {},
	) {
		this.register = new ContactRegister(client);
	}

	private get writeContacts(): boolean {
		return this.options.writeContactInfo ?? this.options.matchByContactInfo === true;
	}

	private plan(facts: CounterpartyFacts): LookupStep[] {
		const byContact = this.options.matchByContactInfo === true;
		return counterpartyLookupPlan(facts, { emailInContactInfo: byContact, matchByPhone: byContact });
	}

	/** Registers the buyers of a run (one entry per buyer, facts merged) and looks them all up in a few batched reads. */
	async lookup(allFacts: readonly CounterpartyFacts[]): Promise<void> {
		const fresh: CustomerEntry[] = [];
		const isFresh = new Set<CustomerEntry>();
		for (const facts of allFacts) {
			const id = customerIdOf(facts);
			let entry = this.entries.get(id);
			if (!entry) {
				entry = { id, facts: { ...facts, phones: [...facts.phones] }, crmKeys: [] };
				this.entries.set(id, entry);
				fresh.push(entry);
				isFresh.add(entry);
			} else if (isFresh.has(entry)) mergeFacts(entry.facts, facts);
			const crm = crmCustomerKey(facts);
			if (crm && isFresh.has(entry) && !entry.crmKeys.includes(crm)) entry.crmKeys.push(crm);
		}
		const plans = new Map(fresh.map((e) => [e.id, this.plan(e.facts)]));
		const wants = (entry: CustomerEntry, by: LookupBy) => !entry.key && (plans.get(entry.id) ?? []).some((s) => s.by === by);

		await this.lookupByCrmId(fresh);

		const byInn = fresh.filter((e) => wants(e, 'inn'));
		if (byInn.length > 0) {
			const found = groupBy(await this.read('ИНН', byInn.map((e) => e.facts.inn as string)), (r) => text(r['ИНН']));
			for (const entry of byInn) {
				for (const step of plans.get(entry.id) ?? []) {
					if (entry.key || (step.by !== 'innKpp' && step.by !== 'inn')) continue;
					this.accept(entry, step.by, pickCounterparty(step, [...(found.get(entry.facts.inn ?? '') ?? [])].sort(byCode), entry.facts));
				}
			}
		}

		const byEmail = fresh.filter((e) => wants(e, 'email'));
		if (byEmail.length > 0) {
			const found = groupBy(await this.read('АдресЭП', byEmail.map((e) => e.facts.email as string)), (r) => normaliseEmail(text(r['АдресЭП'])));
			for (const entry of byEmail) {
				const step = (plans.get(entry.id) ?? []).find((s) => s.by === 'email');
				if (step) this.accept(entry, 'email', pickCounterparty(step, [...(found.get(entry.facts.email ?? '') ?? [])].sort(byCode), entry.facts));
			}
		}

		const byContact = fresh.filter((e) => wants(e, 'emailContact') || wants(e, 'phone'));
		if (byContact.length > 0) {
			const index = await this.register.contactIndex();
			// The register rows carry no ИНН: the counterparties holding the buyers' e-mails and phones are read once, and
			// one with another ИНН than the buyer's is skipped (innAllows).
			const unknown = [...new Set(byContact.flatMap((e) => contactCandidates(e.facts, index)))].filter((ref) => !this.rows.has(ref));
			if (unknown.length > 0) await this.readKeys(unknown);
			for (const entry of byContact) {
				// Only a counterparty read back live (not marked for deletion, not a folder) with an allowed ИНН: the register
				// keeps the contacts of marked counterparties too.
				const hit = matchInContactIndex(entry.facts, index, (ref) => {
					const row = this.rows.get(ref);
					return row !== undefined && row.DeletionMark !== true && row.IsFolder !== true && innAllows(row['ИНН'], entry.facts.inn);
				});
				if (hit) this.accept(entry, hit.by, hit.key);
			}
		}

		// A company with an ИНН that 1C does not know is created, never matched by a person's name.
		const byName = this.options.matchByName ? fresh.filter((e) => !e.key && !e.facts.inn && e.facts.name) : [];
		if (byName.length > 0) {
			const found = groupBy(await this.read('Description', byName.map((e) => e.facts.name)), (r) => text(r.Description).toLowerCase());
			for (const entry of byName) {
				const rows = [...(found.get(entry.facts.name.toLowerCase()) ?? [])]
					.filter((r) => r.DeletionMark !== true && r.IsFolder !== true && innAllows(r['ИНН'], entry.facts.inn))
					.sort(byCode);
				this.accept(entry, 'name', rows.length > 0 ? text(rows[0].Ref_Key) : undefined);
			}
		}

		this.planCreations(fresh.filter((e) => !e.key));
		if (!this.register.published) for (const entry of fresh) entry.notes = [NOT_PUBLISHED_NOTE];
	}

	/** CRM customer ids kept in 1C → counterparties (usable ones only; lowest Code first when several). */
	private async lookupByCrmId(fresh: readonly CustomerEntry[]): Promise<void> {
		const keys = fresh.flatMap((e) => e.crmKeys);
		if (keys.length === 0) return;
		const links = await this.register.crmLinks(keys);
		for (const [crmKey, refs] of links) for (const ref of refs) this.linked.add(`${ref}|${crmKey}`);
		const refs = [...new Set([...links.values()].flat())].filter((ref) => !this.rows.has(ref));
		if (refs.length > 0) await this.readKeys(refs);
		const live = (ref: string) => {
			const row = this.rows.get(ref);
			return row !== undefined && row.DeletionMark !== true && row.IsFolder !== true;
		};
		for (const [crmKey, list] of links) for (const ref of list.filter(live)) this.crmKeysInUse.add(linkId(crmKey, innOfRow(this.rows.get(ref))));
		for (const entry of fresh) {
			// The id finds the counterparty only together with the buyer's ИНН: a customer who bought privately and now
			// buys for a company (or for a second company) goes on to the ИНН steps.
			const inn = entry.facts.inn ?? '';
			for (const crmKey of entry.crmKeys) {
				const hits = (links.get(crmKey) ?? [])
					.filter(live)
					.map((ref) => this.rows.get(ref) as LookupRow)
					.filter((row) => innOfRow(row) === inn)
					.sort(byWinner);
				if (hits.length === 0) continue;
				this.accept(entry, 'crmCustomer', text(hits[0].Ref_Key));
				if (hits.length > 1) entry.losers = hits.slice(1).map((row) => text(row.Ref_Key));
				break;
			}
		}
	}

	/**
	 * Buyers to create, in order: one that the look-up would find in a counterparty created earlier in this run
	 * (same CRM customer, ИНН, e-mail, phone or name, by the same steps and switches) shares it.
	 */
	private planCreations(unfound: readonly CustomerEntry[]): void {
		const created: CustomerEntry[] = [];
		for (const entry of unfound) {
			const steps: Array<LookupBy | 'name'> = this.plan(entry.facts).map((s) => s.by);
			if (this.options.matchByName && !entry.facts.inn && entry.facts.name) steps.push('name');
			let target: CustomerEntry | undefined;
			for (const by of steps) {
				target = created.find((c) => this.wouldFind(by, entry, c));
				if (target) break;
			}
			if (target) {
				entry.sharesWith = target;
				entry.create = target.create;
				// The target links the customers whose later look-up by id would find it: those buying under its ИНН.
				if ((entry.facts.inn ?? '') === (target.facts.inn ?? '')) for (const key of entry.crmKeys) if (!target.crmKeys.includes(key)) target.crmKeys.push(key);
				continue;
			}
			entry.create = buildCounterpartyPayload(entry.facts, { parentKey: this.options.folderKey });
			created.push(entry);
		}
	}

	/** Whether a step of `entry`'s look-up would find the counterparty `created` will be, as written. */
	private wouldFind(by: LookupBy | 'name', entry: CustomerEntry, created: CustomerEntry): boolean {
		const body = created.create as CounterpartyPayload;
		const f = entry.facts;
		const contacts = this.writeContacts && this.register.published;
		// As across runs: e-mail, phone and name never find a counterparty with another ИНН than the buyer's.
		const inns = innAllows(body.ИНН, f.inn);
		switch (by) {
			case 'crmCustomer':
				return entry.crmKeys.some((k) => created.crmKeys.includes(k)) && (body.ИНН ?? '') === (f.inn ?? '') && this.register.published;
			case 'innKpp':
				return body.ИНН === f.inn && body.КПП === f.kpp;
			case 'inn':
				return body.ИНН === f.inn;
			case 'email':
				return inns && body.АдресЭП !== undefined && body.АдресЭП === f.email;
			case 'emailContact':
				return inns && contacts && created.facts.email !== undefined && created.facts.email === f.email;
			case 'phone':
				return inns && contacts && f.phones.some((p) => created.facts.phones.includes(p));
			case 'name':
				return inns && body.Description.toLowerCase() === f.name.toLowerCase();
		}
	}

	private async read(fieldName: 'ИНН' | 'АдресЭП' | 'Description', values: string[]): Promise<LookupRow[]> {
		const rows = await this.client.readWhereIn(UT.Catalog_Контрагенты, fieldName, [...new Set(values)], { select: SELECT, filter: usable, orderby: ['Ref_Key'] });
		for (const row of rows) this.rows.set(row.Ref_Key, row as LookupRow);
		return rows as LookupRow[];
	}

	/** Counterparties by Ref_Key (found through the contact register): deletion marks and main contracts. */
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

	/**
	 * The counterparty's Ref_Key, creating it on first need (once per buyer and run) with its phones and e-mail,
	 * then linking the buyer's CRM customers that are not linked to any counterparty yet. A creation that failed is
	 * not repeated in the run (1C may have written it and lost the answer; the next run's look-up finds it).
	 */
	async ensure(entry: CustomerEntry): Promise<string> {
		if (entry.failure !== undefined) throw passOn(entry.failure);
		if (!entry.key && entry.sharesWith) {
			entry.key = await this.ensure(entry.sharesWith);
			entry.by = entry.sharesWith.by;
		}
		if (!entry.key) {
			let created;
			try {
				created = await this.client.create(UT.Catalog_Контрагенты, (entry.create ?? buildCounterpartyPayload(entry.facts, { parentKey: this.options.folderKey })) as never);
			} catch (error) {
				entry.failure = error;
				throw passOn(error);
			}
			entry.key = created.ref;
			entry.by = 'created';
			this.created.add(entry);
			this.rows.set(created.ref, { Ref_Key: created.ref, Code: text(created.entity.Code), ИНН: entry.create?.ИНН ?? entry.facts.inn ?? '', Покупатель: true, DeletionMark: false, IsFolder: false } as LookupRow);
			if (this.writeContacts) {
				const kinds = await this.register.kinds();
				for (const record of contactRecords(created.ref, entry.facts, kinds)) await this.register.write(record);
			}
		}
		const key = entry.key;
		// A link is written only where it will find this buyer again: a counterparty with the buyer's ИНН (a person found
		// by e-mail on a company's counterparty is not tied to it by id).
		const inn = this.rows.has(key) ? innOfRow(this.rows.get(key)) : (entry.facts.inn ?? '');
		if (inn === (entry.facts.inn ?? '')) {
			for (const crmKey of entry.crmKeys) {
				if (this.linked.has(`${key}|${crmKey}`) || this.crmKeysInUse.has(linkId(crmKey, inn))) continue;
				await this.register.write(crmLinkRecord(key, crmKey));
				this.linked.add(`${key}|${crmKey}`);
				this.crmKeysInUse.add(linkId(crmKey, inn));
			}
		}
		if (entry.losers?.length) await this.retire(entry, entry.losers);
		return key;
	}

	/**
	 * UT 10.3 writes a customer contract only under a counterparty marked Покупатель (src/Catalogs/ДоговорыКонтрагентов/
	 * Ext/ObjectModule.bsl, ПередЗаписью; its reason does not reach OData). A counterparty found in 1C (a supplier with
	 * the buyer's ИНН) that is not marked is marked once before its contract is created; the note says so. The flag is
	 * read here, one GET per found counterparty that needs a contract, not in every look-up (longer URLs, more chunks).
	 */
	async markBuyer(key: string): Promise<string | undefined> {
		if (await this.isBuyer(key)) return undefined;
		await this.client.update(UT.Catalog_Контрагенты, key, { Покупатель: true } as never);
		this.buyers.set(key, true);
		return `1C counterparty "${text(this.rows.get(key)?.Description) || key}" was not marked as a buyer (Покупатель): marked, so that its customer contract can be written`;
	}

	/** What markBuyer would do, for a dry run: the same read, no write. */
	async wouldMarkBuyer(key: string): Promise<string | undefined> {
		if (await this.isBuyer(key)) return undefined;
		return `1C counterparty "${text(this.rows.get(key)?.Description) || key}" is not marked as a buyer (Покупатель): the run would mark it, so that its customer contract can be written`;
	}

	private async isBuyer(key: string): Promise<boolean> {
		let buyer = this.buyers.get(key);
		if (buyer === undefined) {
			buyer = this.rows.get(key)?.['Покупатель'] === true || (await this.client.find(UT.Catalog_Контрагенты, key, ['Покупатель']))?.Покупатель !== false;
			this.buyers.set(key, buyer);
		}
		return buyer;
	}

	/**
	 * After the run's creations: one batched re-read of the created buyers' CRM-id records. Where a CRM customer now has
	 * several live counterparties (another execution created the buyer at the same time), every buyer of that customer
	 * takes the winner and the others are marked for deletion. Returns the buyers whose counterparty changed; when the
	 * re-read itself fails, the created buyers are checked once more next run instead.
	 */
	async settleCreated(log: (message: string) => void = () => undefined): Promise<CustomerEntry[]> {
		const created = [...this.created].filter((e) => !e.recheck);
		const keys = [...new Set(created.flatMap((e) => e.crmKeys))];
		if (keys.length === 0 || !this.register.published) return [];
		let links: Map<string, string[]>;
		try {
			links = await this.register.crmLinks(keys);
			const unknown = [...new Set([...links.values()].flat())].filter((ref) => !this.rows.has(ref));
			if (unknown.length > 0) await this.readKeys(unknown);
		} catch (error) {
			log(`1C: the counterparties created in this run could not be checked for a parallel run (${error instanceof Error ? error.message : String(error)}); their orders are checked once more next run`);
			for (const entry of created) entry.recheck = UNCHECKED_NOTE;
			return [];
		}
		// Duplicates are counterparties of one CRM customer with one ИНН: a customer's companies (and its private
		// counterparty) are not duplicates of each other.
		const ids = new Map<string, { crmKey: string; inn: string }>();
		for (const entry of created) {
			const inn = innOfRow(this.rows.get(entry.key as string));
			for (const crmKey of entry.crmKeys) ids.set(linkId(crmKey, inn), { crmKey, inn });
		}
		const changed: CustomerEntry[] = [];
		for (const { crmKey, inn } of ids.values()) {
			const hits = (links.get(crmKey) ?? [])
				.map((ref) => this.rows.get(ref))
				.filter((row): row is LookupRow => row !== undefined && row.DeletionMark !== true && row.IsFolder !== true && innOfRow(row) === inn)
				.sort(byWinner);
			if (hits.length <= 1) continue;
			const winner = text(hits[0].Ref_Key);
			const losers = hits.slice(1).map((row) => text(row.Ref_Key));
			log(`1C: retailCRM customer ${crmKey.slice('retailCRM:'.length)}${inn ? ` (ИНН ${inn})` : ''} was created twice in 1C (overlapping runs); kept ${text(hits[0].Code) || winner}`);
			for (const entry of this.entries.values()) {
				if (!entry.crmKeys.includes(crmKey) && !(entry.sharesWith && entry.sharesWith.crmKeys.includes(crmKey))) continue;
				const ofThisInn = hits.some((row) => text(row.Ref_Key) === entry.key) || (entry.facts.inn ?? '') === inn;
				if (!ofThisInn) continue;
				if (entry.key !== winner) {
					entry.key = winner;
					entry.by = 'crmCustomer';
					entry.mainContractKey = text(hits[0].ОсновнойДоговорКонтрагента_Key) || undefined;
					changed.push(entry);
				}
				await this.retire(entry, losers);
			}
		}
		return changed;
	}

	/** Marks duplicates of the buyer for deletion (once per run) and notes the orders whose documents name them. */
	private async retire(entry: CustomerEntry, losers: readonly string[]): Promise<void> {
		entry.recheck = DUPLICATE_NOTE;
		const fresh = losers.filter((ref) => !this.retired.has(ref));
		for (const ref of fresh) {
			await this.client.setDeletionMark(UT.Catalog_Контрагенты, ref, true);
			this.retired.add(ref);
			const row = this.rows.get(ref);
			if (row) this.rows.set(ref, { ...row, DeletionMark: true });
		}
		if (fresh.length === 0) return;
		const documents = await this.client.readWhereIn(UT.Document_ЗаказПокупателя, 'Контрагент_Key', fresh, {
			select: ['Ref_Key', 'НомерВходящегоДокументаЭлектронногоОбмена'],
			filter: eq('DeletionMark', false),
		});
		for (const doc of documents) {
			const key = parseDocumentKey(text(doc.НомерВходящегоДокументаЭлектронногоОбмена));
			if (key?.kind === 'id') this.ordersNamingLosers.add(key.crmOrderId);
		}
	}

	/** CRM orders whose documents named a duplicate marked in this run (to be checked once more next run). */
	get ordersToRecheck(): number[] {
		return [...this.ordersNamingLosers].sort((a, b) => a - b);
	}
}
