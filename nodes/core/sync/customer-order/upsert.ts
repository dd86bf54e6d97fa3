import type { OneCClient } from '../../onec/client';
import { OneCODataError, passOn } from '../../onec/errors';
import { UT } from '../../onec/model';
import { isGuid } from '../../onec/query';
import type { CounterpartyFacts } from '../orders/counterparty';
import { counterpartyFacts } from '../orders/counterparty';
import type { CrmOrderLike } from '../orders/crm-order';
import type { BuiltDocument } from '../orders/document';
import { buildCustomerOrder } from '../orders/document';
import { OrderMappingError } from '../orders/errors';
import { planOrderUpsert } from '../orders/upsert-plan';
import { OrderFailure } from './errors';
import type { PreparedOrder } from './resolve-references';
import { RunReferences, documentOptions, fieldOfMappingError, incomingKeyOf } from './resolve-references';
import type { ReferenceReport, UpsertFailure, UpsertOptions, UpsertOutcome, UpsertResult } from './types';

/**
 * "Create or Update from retailCRM Order" for a batch of CRM orders:
 *  1. reads: every look-up of the run, batched (resolve-references.ts);
 *  2. per order, pure: resolve lines, build and validate the document with stand-ins for references still
 *     to create — an order that fails here is reported and nothing is written for it;
 *  3. per valid order, writes: missing items, counterparty (once per buyer), contract (once per buyer and
 *     organization), then ONE POST (create) or PATCH (update) of the document, or nothing (unchanged), then Post.
 * A posting refusal leaves the written document unposted and is reported in the result, not thrown.
 */
export interface UpsertHooks {
	log?: (message: string) => void;
}

function failure(index: number, order: Partial<CrmOrderLike> | undefined, error: unknown): UpsertFailure {
	const crmOrderNumber = String(order?.number ?? '').trim();
	const out: UpsertFailure = {
		ok: false,
		index,
		error: '',
		crmOrderId: typeof order?.id === 'number' ? order.id : null,
		crmOrderNumber,
		site: String(order?.site ?? ''),
	};
	const message = error instanceof Error ? error.message : String(error);
	const label = `retailCRM order ${crmOrderNumber || order?.id || `#${index}`}`;
	out.error = message.includes(label) ? message : `${label}: ${message}`;
	if (error instanceof OrderFailure) {
		if (error.field) out.field = error.field;
		if (error.offer) out.offer = error.offer;
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

function build(refs: RunReferences, p: PreparedOrder, options: UpsertOptions): BuiltDocument {
	const built = buildCustomerOrder(p.order, refs.references(p), documentOptions(options));
	if (built.mismatch) throw new OrderFailure(built.mismatch.message, { field: 'totalSumm' });
	return built;
}

function report(key: string | undefined, by: string | undefined, create?: object): ReferenceReport {
	if (key) return { status: 'found', key, ...(by ? { by } : {}) };
	return { status: 'create', ...(create ? { create: create as Record<string, unknown> } : {}) };
}

const trimmed = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : undefined);

function baseResult(p: PreparedOrder, total: number): Omit<UpsertResult, 'action' | 'posted'> {
	return { ok: true, index: p.index, crmOrderId: p.order.id, crmOrderNumber: String(p.order.number ?? '').trim(), site: p.site, total };
}

async function postDocument(client: OneCClient, ref: string): Promise<{ posted: boolean; postError?: string }> {
	try {
		const result = await client.post(UT.Document_ЗаказПокупателя, ref);
		return result.posted && !result.refused ? { posted: true } : { posted: result.posted, postError: result.message };
	} catch (error) {
		// A refusal (or any 1C failure) leaves the document written but unposted; the caller sees why.
		if (error instanceof OneCODataError) return { posted: false, postError: error.message1C ?? error.message };
		throw passOn(error);
	}
}

async function writeOrder(client: OneCClient, refs: RunReferences, p: PreparedOrder, options: UpsertOptions): Promise<UpsertResult> {
	for (const { item } of p.pendingItems) await refs.items.ensure(item);
	await refs.counterparties.ensure(p.customer);
	const counterpartyKey = p.customer.key as string;
	p.contract = refs.contracts.resolve(counterpartyKey, p.organizationKey, p.customer.mainContractKey);
	await refs.contracts.ensure(counterpartyKey, p.organizationKey, p.customer.mainContractKey);
	const plan = planOrderUpsert(p.order, refs.references(p), p.existing, documentOptions(options));
	if (plan.mismatch) throw new OrderFailure(plan.mismatch.message, { field: 'totalSumm' });
	const notes = [...p.warnings, ...plan.notes];
	const wantPost = options.post ?? true;
	const set = UT.Document_ЗаказПокупателя;
	if (plan.action === 'unchanged') {
		const existing = p.existing as Record<string, unknown>;
		const ref = String(existing.Ref_Key);
		let posted = existing.Posted === true;
		let postError: string | undefined;
		if (wantPost && !posted) ({ posted, postError } = await postDocument(client, ref));
		if (posted) existing.Posted = true;
		return { ...baseResult(p, Number(existing.СуммаДокумента ?? plan.payload.СуммаДокумента)), action: 'unchanged', ref, number: trimmed(existing.Number), posted, ...(postError ? { postError } : {}), ...(notes.length ? { notes } : {}) };
	}
	const written = plan.action === 'create' ? await client.create(set, plan.body as never) : await client.update(set, String(p.existing?.Ref_Key), plan.body as never);
	const ref = written.ref;
	const number = trimmed(written.entity.Number) ?? trimmed(p.existing?.Number);
	// Remember what 1C now holds, so a second copy of the same CRM order in this run compares against it.
	refs.existing.set(p.incomingKey, { ...(p.existing ?? {}), ...plan.payload, Ref_Key: ref, Number: number, Posted: written.entity.Posted ?? p.existing?.Posted ?? false });
	let posted = written.entity.Posted === true;
	let postError: string | undefined;
	if (wantPost || plan.repost) ({ posted, postError } = await postDocument(client, ref));
	const held = refs.existing.get(p.incomingKey);
	if (held) held.Posted = posted;
	const total = typeof written.entity.СуммаДокумента === 'number' ? written.entity.СуммаДокумента : plan.payload.СуммаДокумента;
	return {
		...baseResult(p, total),
		action: plan.action === 'create' ? 'created' : 'updated',
		ref,
		...(number ? { number } : {}),
		posted,
		...(plan.action === 'update' ? { changes: plan.changes } : {}),
		...(postError ? { postError } : {}),
		...(notes.length ? { notes } : {}),
	};
}

function dryRunResult(refs: RunReferences, p: PreparedOrder, options: UpsertOptions): UpsertResult {
	const plan = planOrderUpsert(p.order, refs.references(p), p.existing, documentOptions(options));
	const action = plan.action === 'create' ? 'created' : plan.action === 'update' ? 'updated' : 'unchanged';
	const delivery = p.deliveryItem ? { deliveryItem: report(p.deliveryItem.itemKey, 'setting') } : {};
	const notes = [...p.warnings, ...plan.notes];
	return {
		...baseResult(p, plan.payload.СуммаДокумента),
		action,
		...(p.existing ? { ref: String(p.existing.Ref_Key), number: trimmed(p.existing.Number) } : {}),
		posted: p.existing?.Posted === true,
		...(plan.action === 'update' ? { changes: plan.changes } : {}),
		...(notes.length ? { notes } : {}),
		dryRun: {
			document: plan.body ?? plan.payload,
			references: {
				organization: report(p.organizationKey, options.organizationBySite?.[p.site] ? `site ${p.site}` : 'default'),
				counterparty: report(p.customer.key, p.customer.by, p.customer.create),
				contract: report(p.contract.key, p.contract.by, p.contract.create),
				lines: p.lineReports,
				...delivery,
			},
		},
	};
}

/** Creates, updates or leaves unchanged the ЗаказПокупателя of each CRM order; one outcome per order, same order. */
export async function upsertCustomerOrders(client: OneCClient, orders: readonly CrmOrderLike[], options: UpsertOptions, hooks: UpsertHooks = {}): Promise<UpsertOutcome[]> {
	checkSettings(options);
	const log = hooks.log ?? (() => undefined);
	const outcomes: Array<UpsertOutcome | undefined> = orders.map(() => undefined);
	const candidates: Array<{ index: number; order: CrmOrderLike; incomingKey: string; facts: CounterpartyFacts }> = [];
	orders.forEach((order, index) => {
		try {
			if (!order || typeof order !== 'object' || typeof order.id !== 'number') throw new OrderFailure('the input is not a retailCRM order (no numeric "id")', { field: 'id' });
			candidates.push({ index, order, incomingKey: incomingKeyOf(order, options), facts: counterpartyFacts(order) });
		} catch (error) {
			outcomes[index] = failure(index, order, error);
		}
	});

	const refs = new RunReferences(client, options);
	await refs.lookup(candidates);
	log(`1C: looked up ${candidates.length} orders, ${refs.existing.size} already in 1C, ${refs.counterparties.entries.size} buyers`);

	const prepared: PreparedOrder[] = [];
	for (const c of candidates) {
		try {
			const p = refs.prepare(c.index, c.order, c.incomingKey, c.facts);
			build(refs, p, options); // validates everything before any write
			prepared.push(p);
		} catch (error) {
			outcomes[c.index] = failure(c.index, c.order, error);
		}
	}

	for (const p of prepared) {
		try {
			outcomes[p.index] = options.dryRun ? dryRunResult(refs, p, options) : await writeOrder(client, refs, p, options);
		} catch (error) {
			outcomes[p.index] = failure(p.index, p.order, error);
		}
	}
	return outcomes as UpsertOutcome[];
}
