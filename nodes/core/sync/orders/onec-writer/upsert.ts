import { hasReason, type OneCClient } from '../../../onec/client';
import { OneCODataError, passOn } from '../../../onec/errors';
import { UT } from '../../../onec/model';
import { isGuid } from '../../../onec/query';
import { checkOrder, describeProblems } from '../../../retailcrm/order-check';
import type { CounterpartyFacts } from '../counterparty';
import { counterpartyFacts } from '../counterparty';
import type { DocumentFacts, SyncIntent, Target } from '../convergence';
import { decideTarget, intentOf } from '../convergence';
import type { CrmOrderLike } from '../crm-order';
import type { OrderReferences } from '../document';
import { formatDocumentKey, legacyDocumentKey } from '../document-key';
import { OrderMappingError } from '../errors';
import type { UpsertPlan } from '../upsert-plan';
import { planOrderUpsert } from '../upsert-plan';
import { crmOrderTotal } from '../totals';
import { toNumber } from '../decimal';
import type { PostOutcome } from './document-writes';
import { isNumberTaken, postOrder, readPostedStates, releaseDocument, restoredComment, retireDuplicate, unpostBeforeChange, writeUnposted } from './document-writes';
import { OrderFailure } from './errors';
import type { FoundDocuments } from './existing-documents';
import { findOrderDocuments } from './existing-documents';
import type { RawRow } from '../../onec-read/raw-read';
import type { PreparedOrder } from './resolve-references';
import { RunReferences, documentOptions, fieldOfMappingError } from './resolve-references';
import { checkSettingReferences } from './setting-references';
import type { ShipmentCheck, ShipmentSummary } from './shipment-check';
import { findPostedShipments } from './shipment-check';
import type { ConflictReport, ReferenceReport, UpsertFailure, UpsertOptions, UpsertOutcome, UpsertResult } from './types';

/**
 * "Create or Update from retailCRM Order": each CRM order's ЗаказПокупателя converges to the order's current
 * state (docs/order-lifecycle.md). For a batch of orders:
 *  1. keys and intents: the document key (document-key.ts) and what the order wants (`load`, `follow`, `cancel`);
 *  2. one batched read of every document under those keys, deletion-marked ones included, and the decision per
 *     order (convergence.ts): create, write, restore, cancel, skip or conflict;
 *  3. for the orders that need a document built: every look-up batched (resolve-references.ts), then per order the
 *     pure build and plan — an order that fails here is reported and nothing is written for it;
 *  4. one batched shipment check for the documents a write would change ("1C owns what it has moved on");
 *  5. writes per order (counterparty, contract, items once per run; one POST or PATCH; releases; duplicates
 *     retired), then — with 1C numbering, where no number guards a create — one batched re-read of the created
 *     keys, so two overlapping executions keep one document;
 *     a posted document is unposted before its PATCH (document-writes.ts `unpostBeforeChange`);
 *  6. posting, of every document written unposted and of every changed one that was posted (whatever the Post option
 *     says); a refusal is a failure of its order (retried by the cursor's retry list), the document stays unposted. A
 *     document that was posted is named on the failure (`leftUnposted`), and the caller's `postAgain` has the next runs
 *     post it with Post off too.
 * Dry Run stops after 4 and reports what would happen.
 */
export interface UpsertHooks {
	log?: (message: string) => void;
}

const ORDER = UT.Document_ЗаказПокупателя;
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const trimmed = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

interface Candidate {
	index: number;
	order: CrmOrderLike;
	intent: SyncIntent;
	/** Primary document key; also the id of the order within the run. */
	key: string;
	keys: string[];
	site: string;
	facts?: CounterpartyFacts;
	target?: Target<Doc>;
	prepared?: PreparedOrder;
	plan?: UpsertPlan;
	/** What `plan` was built from: the write reuses it unless a reference was created or the document changed since. */
	planInput?: { references: string; existing: RawRow | undefined };
	/** Set once the order's outcome is known (a failure, a skip, a conflict …). */
	done?: boolean;
	/** Posted shipments of its document, when a write would change a shipped document. */
	shipments?: ShipmentSummary[];
	notes: string[];
}

/** A found document with its facts (convergence.ts works on facts; the writes need the raw row). */
interface Doc extends DocumentFacts {
	row: RawRow;
}

function docOf(row: RawRow): Doc {
	return { row, ref: text(row.Ref_Key), posted: row.Posted === true, deletionMark: row.DeletionMark === true, comment: typeof row.Комментарий === 'string' ? row.Комментарий : '' };
}

function failure(index: number, order: Partial<CrmOrderLike> | undefined, error: unknown, extra: Partial<UpsertFailure> = {}): UpsertFailure {
	const crmOrderNumber = String(order?.number ?? '').trim();
	const out: UpsertFailure = {
		ok: false,
		index,
		error: '',
		crmOrderId: typeof order?.id === 'number' ? order.id : null,
		crmOrderNumber,
		site: String(order?.site ?? ''),
		...extra,
	};
	const message = error instanceof Error ? error.message : String(error);
	const label = `retailCRM order ${crmOrderNumber || order?.id || `#${index}`}`;
	out.error = message.includes(label) ? message : `${label}: ${message}`;
	if (error instanceof OrderFailure) {
		if (error.field) out.field = error.field;
		if (error.offer) out.offer = error.offer;
		if (error.leftUnposted) out.leftUnposted = error.leftUnposted;
	} else if (error instanceof OrderMappingError) {
		const field = fieldOfMappingError(error);
		if (field) out.field = field;
	}
	return out;
}

function checkSettings(options: UpsertOptions): void {
	const guids: Array<[string, string | undefined, boolean]> = [
		['Organization', options.organizationKey, true],
		['Warehouse', options.warehouseKey, true],
		['Currency', options.currencyKey, true],
		['Price Type', options.priceTypeKey, false],
		['Responsible', options.responsibleKey, false],
		['Counterparty Folder', options.counterpartyFolderKey, false],
		['Delivery Item', options.deliveryItemKey, false],
		['Item for Lines Without Offer', options.noOfferItemKey, false],
		['New Item Kind', options.newItemKindKey, false],
		['New Item Unit', options.newItemUnitKey, false],
		['New Item Folder', options.newItemFolderKey, false],
		...Object.entries(options.organizationBySite ?? {}).map(([site, key]): [string, string, boolean] => [`Organization of site ${site}`, key, true]),
	];
	for (const [name, value, required] of guids) {
		if (!value) {
			if (required) throw new Error(`The setting "${name}" is empty`);
			continue;
		}
		if (!isGuid(value)) throw new Error(`The setting "${name}" must be a 1C Ref_Key (GUID), got "${value}"`);
	}
}

function report(key: string | undefined, by: string | undefined, create?: object): ReferenceReport {
	if (key) return { status: 'found', key, ...(by ? { by } : {}) };
	return { status: 'create', ...(create ? { create: create as Record<string, unknown> } : {}) };
}

function customFieldsOf(order: CrmOrderLike): Record<string, unknown> {
	const raw = order.customFields;
	return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

function crmTotal(order: CrmOrderLike): number | null {
	try {
		return typeof order.totalSumm === 'number' || Array.isArray(order.items) ? toNumber(crmOrderTotal(order)) : null;
	} catch {
		return null;
	}
}

function result(c: Candidate, action: UpsertResult['action'], doc: RawRow | undefined, extra: Partial<UpsertResult> = {}): UpsertResult {
	const out: UpsertResult = {
		ok: true,
		index: c.index,
		intent: c.intent,
		action,
		crmOrderId: c.order.id,
		crmOrderNumber: String(c.order.number ?? '').trim(),
		site: c.site,
		posted: doc?.Posted === true,
		total: typeof doc?.СуммаДокумента === 'number' ? doc.СуммаДокумента : 0,
		crmExternalId: c.order.externalId ?? null,
		crmCustomFields: customFieldsOf(c.order),
	};
	if (doc) {
		out.ref = text(doc.Ref_Key);
		const number = trimmed(doc.Number);
		if (number) out.number = number;
	}
	Object.assign(out, extra);
	const notes = [...c.notes, ...(extra.notes ?? [])];
	if (notes.length) out.notes = notes;
	else delete out.notes;
	return out;
}

function conflictReport(c: Candidate, doc: RawRow, reason: ConflictReport['reason'], shipments?: ConflictReport['oneC']['shipments']): ConflictReport {
	const number = trimmed(doc.Number);
	const what =
		reason === 'shipped'
			? `1C document ${number ?? text(doc.Ref_Key)} is already shipped (${(shipments ?? []).map((s) => s.number).join(', ')}): changes of the retailCRM order are not written over it`
			: `1C document ${number ?? text(doc.Ref_Key)} was marked for deletion in 1C: the retailCRM order is not loaded again`;
	return {
		reason,
		message: `retailCRM order ${String(c.order.number ?? c.order.id)}: ${what}. Settle it by hand in 1C or in retailCRM.`,
		oneC: {
			ref: text(doc.Ref_Key),
			...(number ? { number } : {}),
			total: typeof doc.СуммаДокумента === 'number' ? doc.СуммаДокумента : 0,
			posted: doc.Posted === true,
			deletionMark: doc.DeletionMark === true,
			...(shipments ? { shipments } : {}),
		},
		crm: { total: crmTotal(c.order) },
	};
}

/** Reads, decides and builds; writes nothing. */
async function prepareRun(client: OneCClient, orders: readonly CrmOrderLike[], options: UpsertOptions, outcomes: Array<UpsertOutcome | undefined>, log: (m: string) => void) {
	const keyOptions = { includeSite: options.includeSite ?? false };
	const candidates: Candidate[] = [];
	const byId = new Map<number, Candidate>();
	const copies: Array<{ index: number; of: Candidate }> = [];
	orders.forEach((input, index) => {
		// Whatever feeds the node (Get Changed, a webhook, a Code node), each order is read on its own: a mistyped field
		// fails that order, naming the field, before anything is looked up or written (order-check.ts).
		const check = checkOrder(input);
		if (!check.ok) {
			const [first] = check.problems;
			const upstream = (input as { error?: unknown } | null)?.error;
			const what =
				check.id === undefined && typeof upstream === 'string'
					? `the input item is an error from the previous node: ${upstream}`
					: check.id === undefined
						? `the input is not a retailCRM order (no numeric "id"): ${describeProblems(check.problems)}`
						: describeProblems(check.problems);
			outcomes[index] = failure(index, { id: check.id, number: check.number, site: check.site }, new OrderFailure(what, { field: first.field }));
			return;
		}
		const order: CrmOrderLike = check.order;
		try {
			const held = byId.get(order.id);
			if (held) {
				// The same order twice in one input: one convergence, the copy gets the same outcome.
				copies.push({ index, of: held });
				return;
			}
			const key = formatDocumentKey(order, keyOptions);
			const legacy = options.findLegacyKeys === false ? undefined : legacyDocumentKey(order, keyOptions);
			const c: Candidate = { index, order, intent: intentOf(order as never), key, keys: legacy && legacy !== key ? [key, legacy] : [key], site: (order.site ?? '').trim(), notes: [] };
			candidates.push(c);
			byId.set(order.id, c);
		} catch (error) {
			outcomes[index] = failure(index, order, error);
		}
	});

	const found = await findOrderDocuments(client, candidates.map((c) => ({ id: c.key, keys: c.keys })));
	for (const c of candidates) {
		const docs: FoundDocuments = found.get(c.key) ?? { live: [], marked: [] };
		c.target = decideTarget(c.intent, docs.live.map(docOf), docs.marked.map(docOf), { markOnCancel: options.markOnCancel });
	}

	// Only orders that get a document written need buyers, contracts, items and the rate.
	const toBuild = candidates.filter((c) => c.target && ['create', 'write', 'restore'].includes(c.target.kind));
	for (const c of toBuild) c.facts = counterpartyFacts(c.order);
	const refs = new RunReferences(client, options);
	if (toBuild.length > 0) {
		refs.useCurrency((await checkSettingReferences(client, options)).currency);
		await refs.lookup(toBuild.map((c) => ({ order: c.order, facts: c.facts as CounterpartyFacts })));
	}
	const live = candidates.reduce((n, c) => n + (c.target?.kind === 'write' || c.target?.kind === 'cancel' ? 1 : 0), 0);
	log(`1C: looked up ${candidates.length} orders, ${live} with a live document, ${refs.counterparties.entries.size} buyers`);

	for (const c of toBuild) {
		const target = c.target as Target<Doc>;
		const existing = target.kind === 'create' ? undefined : (target as { doc: Doc }).doc.row;
		try {
			c.prepared = refs.prepare(c.index, c.order, c.key, c.facts as CounterpartyFacts, existing);
			c.plan = planOrder(c, refs.references(c.prepared), existing, options);
			c.notes.push(...c.prepared.warnings, ...c.plan.notes);
		} catch (error) {
			outcomes[c.index] = failure(c.index, c.order, error);
			c.done = true;
		}
	}

	// 1C owns what it has moved on: check shipments of the documents a write would change.
	const changing = new Set<string>();
	for (const c of candidates) {
		if (c.done || !c.target) continue;
		const t = c.target;
		if (t.kind === 'write' && c.plan?.action === 'update') changing.add(t.doc.ref);
		if (t.kind === 'cancel') changing.add(t.doc.ref);
		if (t.kind === 'write' || t.kind === 'cancel' || t.kind === 'restore') for (const d of t.duplicates) changing.add(d.ref);
	}
	const shipments: ShipmentCheck = changing.size ? await findPostedShipments(client, [...changing]) : { shipped: new Map() };
	if (shipments.note) log(`1C: ${shipments.note}`);
	const shippedOf = (ref: string) => shipments.shipped.get(ref.toLowerCase());
	for (const c of candidates) {
		if (c.done || !c.target) continue;
		const t = c.target;
		if ((t.kind === 'write' && c.plan?.action === 'update') || t.kind === 'cancel') {
			if (shipments.note) c.notes.push(shipments.note);
			const list = shippedOf(t.doc.ref);
			if (list) {
				c.target = { kind: 'conflict', doc: t.doc, reason: 'shipped' };
				c.shipments = list;
			}
		}
		if (c.target.kind === 'write' || c.target.kind === 'cancel' || c.target.kind === 'restore') {
			const kept = c.target.duplicates.filter((d) => shippedOf(d.ref));
			if (kept.length) {
				c.notes.push(`duplicate 1C documents ${kept.map((d) => trimmed(d.row.Number) ?? d.ref).join(', ')} are shipped and were left as they are`);
				c.target = { ...c.target, duplicates: c.target.duplicates.filter((d) => !shippedOf(d.ref)) };
			}
		}
	}
	return { candidates, copies, refs };
}

function dryRunOutcome(c: Candidate, options: UpsertOptions): UpsertOutcome {
	const t = c.target as Target<Doc>;
	switch (t.kind) {
		case 'skip':
			return result(c, 'skipped', t.doc?.row, { skipReason: t.reason, dryRun: {} });
		case 'conflict':
			return result(c, 'conflict', t.doc.row, { conflict: conflictReport(c, t.doc.row, t.reason, c.shipments), dryRun: {} });
		case 'cancel':
			return result(c, 'cancelled', t.doc.row, { posted: false, dryRun: {}, ...(t.duplicates.length ? { duplicatesRetired: t.duplicates.map((d) => d.ref) } : {}) });
		default: {
			const p = c.prepared as PreparedOrder;
			const plan = c.plan as UpsertPlan;
			const action = t.kind === 'create' ? 'created' : t.kind === 'restore' ? 'restored' : plan.action === 'update' ? 'updated' : 'unchanged';
			const doc = t.kind === 'create' ? undefined : t.doc.row;
			return result(c, action, doc, {
				total: plan.payload.СуммаДокумента,
				...(plan.action === 'update' ? { changes: plan.changes } : {}),
				...(t.kind !== 'create' && t.duplicates.length ? { duplicatesRetired: t.duplicates.map((d) => d.ref) } : {}),
				dryRun: {
					document: t.kind === 'restore' ? restoreBody(plan, t.doc, options) : (plan.body ?? plan.payload),
					references: {
						organization: report(p.organizationKey, options.organizationBySite?.[p.site] ? `site ${p.site}` : 'default'),
						counterparty: report(p.customer.key, p.customer.by, p.customer.create),
						contract: report(p.contract.key, p.contract.by, p.contract.create),
						lines: p.lineReports,
						...(p.deliveryItem ? { deliveryItem: report(p.deliveryItem.itemKey, 'setting') } : {}),
					},
				},
			});
		}
	}
}

interface Written {
	c: Candidate;
	action: 'created' | 'updated' | 'unchanged' | 'restored';
	doc: RawRow;
	changes?: string[];
	retired: string[];
}

/** Counterparty, contract and missing items of a prepared order, created at most once per run. */
async function ensureReferences(refs: RunReferences, c: Candidate, options: UpsertOptions): Promise<UpsertPlan> {
	const p = c.prepared as PreparedOrder;
	for (const { item } of p.pendingItems) await refs.items.ensure(item);
	await refs.counterparties.ensure(p.customer);
	const counterpartyKey = p.customer.key as string;
	p.contract = refs.contracts.resolve(counterpartyKey, p.organizationKey, p.customer.mainContractKey);
	const marked = p.contract.key ? undefined : await refs.counterparties.markBuyer(counterpartyKey);
	if (marked) c.notes.push(marked);
	await refs.contracts.ensure(counterpartyKey, p.organizationKey, p.customer.mainContractKey);
	const existing = c.target?.kind === 'create' ? undefined : (c.target as { doc: Doc }).doc.row;
	const references = refs.references(p);
	// The document is built once per order: again only where a reference was created since the plan (a new buyer,
	// contract or item takes its stand-in's place) or the document to update changed (a lost create found written).
	if (c.plan && c.planInput && c.planInput.existing === existing && c.planInput.references === JSON.stringify(references)) return c.plan;
	return planOrder(c, references, existing, options);
}

/** Builds and compares the order's document; a total that 1C would compute differently fails the order. */
function planOrder(c: Candidate, references: OrderReferences, existing: RawRow | undefined, options: UpsertOptions): UpsertPlan {
	const plan = planOrderUpsert(c.order, references, existing, documentOptions(options, c.site));
	if (plan.mismatch) throw new OrderFailure(plan.mismatch.message, { field: 'totalSumm' });
	c.planInput = { references: JSON.stringify(references), existing };
	return plan;
}

/**
 * What a restore writes: the document as planned, unmarked, keeping its number, and a comment without the note of
 * the release, or the note would keep the document cancelled (convergence.ts). A kept comment (Keep on Update) is
 * the document's own with the note taken out.
 */
function restoreBody(plan: UpsertPlan, doc: Doc, options: UpsertOptions): Record<string, unknown> {
	const keepComment = options.keepOnUpdate?.includes('Комментарий') === true;
	const body: Record<string, unknown> = { ...(plan.body ?? plan.payload), DeletionMark: false, Комментарий: keepComment ? restoredComment(doc.comment) : plan.payload.Комментарий };
	delete body.Number;
	return body;
}

async function writeDocument(client: OneCClient, refs: RunReferences, c: Candidate, options: UpsertOptions): Promise<Written> {
	const t = c.target as Extract<Target<Doc>, { kind: 'create' | 'write' | 'restore' }>;
	const plan = await ensureReferences(refs, c, options);
	const retired: string[] = [];
	if (t.kind !== 'create') {
		for (const d of t.duplicates) {
			await retireDuplicate(client, d.row);
			retired.push(d.ref);
		}
	}
	if (t.kind === 'create') {
		let taken: unknown;
		try {
			const written = await client.create(ORDER, plan.body as never);
			return { c, action: 'created', doc: { ...plan.payload, ...written.entity, Ref_Key: written.ref, Posted: false }, retired };
		} catch (error) {
			if (!isNumberTaken(error)) throw passOn(error);
			taken = error;
		}
		// Prefix numbering: the number guards the create. Another execution may have written this order first.
		const again = (await findOrderDocuments(client, [{ id: c.key, keys: c.keys }])).get(c.key);
		const winner = again?.live[0];
		if (!winner) {
			const said = taken instanceof OneCODataError && taken.message1C ? ` (1C: «${taken.message1C}»)` : '';
			throw new OrderFailure(
				`1C number ${String(plan.payload.Number ?? '')} is taken by another document of the year${said}: give each site its own number prefix (Organization per Site), or let 1C number the documents`,
				{ field: 'number' },
			);
		}
		c.target = { kind: 'write', doc: docOf(winner), duplicates: [] };
		return writeDocument(client, refs, c, options);
	}
	const doc = t.doc.row;
	if (t.kind === 'restore') {
		await unpostBeforeChange(client, doc);
		const written = await writeUnposted(client, doc, () => client.update(ORDER, t.doc.ref, restoreBody(plan, t.doc, options) as never));
		return { c, action: 'restored', doc: { ...doc, ...plan.payload, ...written.entity, Number: doc.Number, Ref_Key: t.doc.ref, DeletionMark: false, Posted: false }, retired };
	}
	if (plan.action === 'unchanged') return { c, action: 'unchanged', doc, retired };
	await unpostBeforeChange(client, doc);
	const written = await writeUnposted(client, doc, () => client.update(ORDER, t.doc.ref, plan.body as never));
	// Unposted now: the post step posts it again.
	return { c, action: 'updated', doc: { ...doc, ...plan.payload, ...written.entity, Number: doc.Number, Ref_Key: t.doc.ref, Posted: false }, changes: plan.changes, retired };
}

/**
 * 1C numbering: nothing stops two overlapping executions from creating the same order twice. Re-read the created
 * keys (one batched read) and keep the deterministic winner (existing-documents.ts `byWinnerOrder`): every
 * execution that sees both picks the same one, retires the other, and asks for one more check of the order.
 */
async function settleCreatedDuplicates(client: OneCClient, written: Written[], log: (m: string) => void): Promise<void> {
	const created = written.filter((w) => w.action === 'created');
	if (created.length === 0) return;
	const found = await findOrderDocuments(client, created.map((w) => ({ id: w.c.key, keys: w.c.keys })));
	for (const w of created) {
		const live = found.get(w.c.key)?.live ?? [];
		if (live.length <= 1) continue;
		const [winner, ...losers] = live;
		for (const loser of losers) {
			await retireDuplicate(client, loser);
			w.retired.push(text(loser.Ref_Key));
		}
		log(`1C: order ${String(w.c.order.number ?? w.c.order.id)} was created twice (overlapping runs); kept ${trimmed(winner.Number) ?? text(winner.Ref_Key)}`);
		if (text(winner.Ref_Key) !== text(w.doc.Ref_Key)) w.doc = winner;
		w.c.notes.push('another run created this order at the same time: the duplicate was retired');
	}
}

/**
 * An order whose buyer had a duplicate counterparty resolved in this run (counterparties.ts): checked once more next
 * run, together with the orders whose documents named the duplicate, so every document ends on the winner.
 */
function buyerRecheck(c: Candidate, refs: RunReferences): Partial<UpsertResult> {
	const note = c.prepared?.customer.recheck;
	if (!note) return {};
	const others = refs.counterparties.ordersToRecheck.filter((id) => id !== c.order.id);
	return { recheck: true, notes: [note], ...(others.length ? { recheckOrders: others } : {}) };
}

function refusedPosting(c: Candidate, doc: RawRow, reason: string): UpsertFailure {
	const number = trimmed(doc.Number);
	// Over OData a real base usually says only the platform's generic text (README, Troubleshooting, "1C refuses to
	// post an order"): the way to the reason is posting the document by hand in 1C.
	const byHand = hasReason(reason) ? '' : ' 1C gave only its generic text (OData does not pass on the reasons UT shows a user): open the document in 1C as the n8n user and post it by hand to see the reason.';
	return failure(c.index, c.order, new Error(`1C refused to post ${number ?? text(doc.Ref_Key)}: ${reason.replace(/[.\s]+$/, '')}. The document is written and stays unposted; a later run posts it once the cause is fixed in 1C.${byHand}`), {
		reason: 'postingRefused',
		ref: text(doc.Ref_Key),
		...(number ? { number } : {}),
		oneCReason: reason,
	});
}

/** Creates, updates, releases or leaves each order's ЗаказПокупателя; one outcome per input order, same order. */
export async function upsertCustomerOrders(client: OneCClient, orders: readonly CrmOrderLike[], options: UpsertOptions, hooks: UpsertHooks = {}): Promise<UpsertOutcome[]> {
	checkSettings(options);
	const log = hooks.log ?? (() => undefined);
	const outcomes: Array<UpsertOutcome | undefined> = orders.map(() => undefined);
	const { candidates, copies, refs } = await prepareRun(client, orders, options, outcomes, log);

	const open = candidates.filter((c) => !c.done);
	if (options.dryRun) {
		for (const c of open) {
			const p = c.prepared;
			const kind = c.target?.kind;
			// A found counterparty that is not a buyer is marked before its new contract (ensureReferences): said here.
			if (p?.customer.key && !p.contract.key && (kind === 'create' || kind === 'write' || kind === 'restore')) {
				try {
					const note = await refs.counterparties.wouldMarkBuyer(p.customer.key);
					if (note) c.notes.push(note);
				} catch (error) {
					outcomes[c.index] = failure(c.index, c.order, error);
					continue;
				}
			}
			outcomes[c.index] = dryRunOutcome(c, options);
		}
	} else {
		const written: Written[] = [];
		// Buyers first (each created at most once), then one re-read settles a buyer two executions created at once.
		for (const c of open) {
			const kind = c.target?.kind;
			if (!c.prepared || (kind !== 'create' && kind !== 'write' && kind !== 'restore')) continue;
			try {
				await refs.counterparties.ensure(c.prepared.customer);
			} catch (error) {
				outcomes[c.index] = failure(c.index, c.order, error);
				c.done = true;
			}
		}
		const moved = await refs.counterparties.settleCreated(log);
		if (moved.length > 0) await refs.contracts.lookup(moved.map((e) => e.key as string));
		for (const c of open) {
			if (c.done) continue;
			const t = c.target as Target<Doc>;
			try {
				if (t.kind === 'skip') outcomes[c.index] = result(c, 'skipped', t.doc?.row, { skipReason: t.reason });
				else if (t.kind === 'conflict') outcomes[c.index] = result(c, 'conflict', t.doc.row, { conflict: conflictReport(c, t.doc.row, t.reason, c.shipments) });
				else if (t.kind === 'cancel') {
					const retired: string[] = [];
					for (const d of t.duplicates) {
						await retireDuplicate(client, d.row);
						retired.push(d.ref);
					}
					const released = await releaseDocument(client, t.doc.row, options.markOnCancel ?? false);
					outcomes[c.index] = result(c, 'cancelled', { ...t.doc.row, Posted: false, DeletionMark: released.marked }, retired.length ? { duplicatesRetired: retired, recheck: true } : {});
				} else written.push(await writeDocument(client, refs, c, options));
			} catch (error) {
				outcomes[c.index] = failure(c.index, c.order, error);
			}
		}
		if ((options.numberMode ?? 'prefix') === 'onec') await settleCreatedDuplicates(client, written, log);

		const wantPost = options.post ?? true;
		const postedNow: Written[] = [];
		// Documents posted before this run's change (or before an earlier run's, `postAgain`) that are unposted now.
		const repostOf = new Set<Written>();
		for (const w of written) {
			const { c } = w;
			const ref = text(w.doc.Ref_Key);
			let posted = w.doc.Posted === true;
			let outcome: PostOutcome | undefined;
			// A document that was posted before it was changed is posted again even with Post off: an edit must not leave
			// it unposted, in this run or, when 1C refuses now, in a later one (`postAgain`, kept by the caller).
			const wasPosted = ((w.action === 'updated' || w.action === 'restored') && (c.target as { doc?: Doc }).doc?.posted === true) || options.postAgain?.has(ref.toLowerCase()) === true;
			const repost = wasPosted && !posted;
			if (repost) repostOf.add(w);
			const left = repost ? { leftUnposted: ref } : {};
			try {
				if ((wantPost && !posted) || repost) outcome = await postOrder(client, ref);
			} catch (error) {
				outcomes[c.index] = failure(c.index, c.order, error, { ref, ...(trimmed(w.doc.Number) ? { number: trimmed(w.doc.Number) } : {}), ...left });
				continue;
			}
			if (outcome && !outcome.posted) {
				outcomes[c.index] = { ...refusedPosting(c, w.doc, outcome.reason), ...left };
				continue;
			}
			if (outcome?.posted) {
				posted = true;
				postedNow.push(w);
			}
			outcomes[c.index] = result(c, w.action, { ...w.doc, Posted: posted }, {
				...(outcome?.posted ? { postedInRun: true } : {}),
				...(w.changes ? { changes: w.changes } : {}),
				...(w.retired.length ? { duplicatesRetired: w.retired, recheck: true } : {}),
				...buyerRecheck(c, refs),
			});
		}
		// A 2xx to Post proves nothing on a real base: one batched re-read of what this run posted and released.
		const released = candidates.filter((c) => (outcomes[c.index] as UpsertResult | undefined)?.action === 'cancelled');
		const states = await readPostedStates(client, [...postedNow, ...released.map((c) => ({ c }))].flatMap(({ c }) => c.keys));
		for (const w of postedNow) {
			if (states.get(text(w.doc.Ref_Key).toLowerCase()) === false) {
				const failed = refusedPosting(w.c, w.doc, '1C answered the posting without an error, but the document is not posted (post it by hand in 1C to see why)');
				outcomes[w.c.index] = repostOf.has(w) ? { ...failed, leftUnposted: text(w.doc.Ref_Key) } : failed;
			}
		}
		for (const c of released) {
			const out = outcomes[c.index] as UpsertResult;
			if (states.get(String(out.ref).toLowerCase()) === true) outcomes[c.index] = failure(c.index, c.order, new Error(`1C answered the unposting of ${out.number ?? out.ref} without an error, but the document is still posted`), { ...(out.ref ? { ref: out.ref } : {}) });
		}
	}
	for (const { index, of } of copies) {
		const held = outcomes[of.index];
		outcomes[index] = held ? { ...held, index } : failure(index, of.order, new Error('not processed'));
	}
	return outcomes as UpsertOutcome[];
}
