import { isGuid } from '../../onec/query';
import type { RetailCrmClient } from '../../retailcrm/client';
import { errorsByField, RetailCrmApiError } from '../../retailcrm/errors';
import { chunk, collectItems } from '../../retailcrm/pagination';
import type { CrmOrder, CrmPayment } from '../../retailcrm/schemas/orders';
import type { PaymentWrite } from '../../retailcrm/schemas/payments';
import { PROGRESS_KINDS, type ProgressKind } from './progress';

/**
 * Writes 1C progress into retailCRM orders: one `orders/{id}/edit` per order with everything that differs (status from
 * the mapping, shipment date, shipped flag, custom fields), and one payment write per 1C payment that retailCRM does
 * not hold yet or holds with other values. Orders are read first in batches of 100 (the CRM order's status, payments
 * and fields decide what to write, so an order already in step costs no write).
 *
 * retailCRM writes per run ≤ (orders whose mapped fields differ) + (1C payments new or changed); an order with only a
 * shipment or only a payment costs one write. An edit refused for its status is sent once more without it (two writes).
 */
export interface ProgressMapping {
	/** retailCRM status per progress kind; the first kind of an order (most decisive first) that has one wins. */
	statuses: Partial<Record<ProgressKind, string>>;
	shipmentDate: boolean;
	shippedFlag: boolean;
	/** Order custom field code for the 1C shipment numbers ('' = not written). */
	shipmentNumberField: string;
	/** Order custom field code for the 1C order number ('' = not written). */
	orderNumberField: string;
	/**
	 * Keep an order's status that is not in the mapping when retailCRM orders it after the mapped one (its status group
	 * later, or the same group and a later status: `delivering` after `send-to-delivery`, a status of the cancel group
	 * after all). Needs the account's statuses and groups (two reads, only in a run that would change such a status).
	 */
	keepLaterStatuses?: boolean;
	/**
	 * `undoneStatus`: status for a payment this integration wrote from 1C (created or took over) whose 1C document is no
	 * longer posted; '' leaves it paid.
	 */
	payments: { write: boolean; type: string; paidStatus: string; undoneStatus: string };
}

/** What the retailCRM side needs of a Get Progress item. */
export interface ProgressInput {
	ref: string;
	number: string;
	crmOrderId: number | null;
	crmNumber: string | null;
	site: string | null;
	kinds: ProgressKind[];
	shipping: { status: string; lastShipmentDate: string | null; shipments: Array<{ number: string }> };
	payment: { payments: Array<{ ref: string; kind: string; number: string; date: string | null; amount: number }> };
}

export interface ProgressWriteResult {
	/** retailCRM order id, when found. */
	crmOrderId?: number;
	crmNumber?: string;
	/** e.g. `orders/edit: status, shipmentDate`, `payments/create: <1C ref>`. */
	writes: string[];
	/** `{from, to}` when the status was changed (or refused). */
	status?: { from: string | undefined; to: string };
	error?: Error;
}

/** `YYYY-MM-DDTHH:MM:SS` → retailCRM's `Y-m-d H:i:s` (both local wall-clock times). */
const crmDateTime = (d: string) => d.replace('T', ' ');

const PAYMENT_LABELS: Record<string, string> = { cash: 'ПКО', bank: 'ППВ', card: 'оплата картой' };
/** The comment this integration gives a payment it creates or takes over from 1C (`1C ПКО 0000123`). */
const paymentComment = (kind: string, number: string) => `1C ${PAYMENT_LABELS[kind] ?? 'оплата'} ${number}`.trim();
const WRITTEN_FROM_1C = /^1C /;

function orderLabel(input: ProgressInput, order?: CrmOrder): string {
	const crm = order ? `retailCRM order ${order.number ?? order.id} (id ${order.id})` : input.crmOrderId ? `retailCRM order id ${input.crmOrderId}` : `retailCRM order ${input.crmNumber ?? input.ref}`;
	return `${crm}, 1C ${input.number}`;
}

/** The CRM orders of the inputs: by id, by number (per site) for release 0.1 keys, by externalId otherwise. */
async function readCrmOrders(client: RetailCrmClient, inputs: readonly ProgressInput[]): Promise<Array<CrmOrder | undefined>> {
	const byId = new Map<number, CrmOrder>();
	const ids = [...new Set(inputs.filter((i) => i.crmOrderId).map((i) => i.crmOrderId as number))];
	for (const order of ids.length ? await client.getOrdersByIds(ids) : []) byId.set(order.id, order);
	const byNumber = new Map<string, CrmOrder>();
	const numbersBySite = new Map<string, string[]>();
	for (const i of inputs) if (!i.crmOrderId && i.crmNumber) numbersBySite.set(i.site ?? '', [...(numbersBySite.get(i.site ?? '') ?? []), i.crmNumber]);
	for (const [site, numbers] of numbersBySite) {
		for (const batch of chunk([...new Set(numbers)], 100)) {
			for (const o of await collectItems(client.iterateOrders({ numbers: batch, ...(site ? { sites: [site] } : {}) }, 100))) byNumber.set(`${site}\u0000${o.number}`, o);
		}
	}
	const byExternal = new Map<string, CrmOrder>();
	const externals = [...new Set(inputs.filter((i) => !i.crmOrderId && !i.crmNumber).map((i) => i.ref))];
	for (const batch of chunk(externals, 100)) {
		for (const o of await collectItems(client.iterateOrders({ externalIds: batch }, 100))) if (o.externalId) byExternal.set(o.externalId, o);
	}
	return inputs.map((i) =>
		i.crmOrderId ? byId.get(i.crmOrderId) : i.crmNumber ? byNumber.get(`${i.site ?? ''}\u0000${i.crmNumber}`) : byExternal.get(i.ref),
	);
}

/** The first kind of `kinds` (most decisive first) that has a status mapped. */
function mappedKind(kinds: readonly ProgressKind[], statuses: ProgressMapping['statuses']): ProgressKind | undefined {
	return PROGRESS_KINDS.find((kind) => kinds.includes(kind) && statuses[kind]);
}

export function mappedStatus(kinds: readonly ProgressKind[], statuses: ProgressMapping['statuses']): string | undefined {
	const kind = mappedKind(kinds, statuses);
	return kind ? statuses[kind] : undefined;
}

/** Decisions of 1C rather than progress: their status is written whatever the order's status is. */
const DECISIONS: readonly ProgressKind[] = ['cancelled', 'unposted'];

/**
 * Where retailCRM puts each status in its process: the ordering of its status group, then its own ordering
 * (reference/statuses and reference/status-groups, docs/retailcrm-api.md). A status whose place is unknown has none.
 */
export type StatusPlaces = ReadonlyMap<string, readonly [number, number]>;

export function statusPlaces(statuses: ReadonlyArray<{ code: string; ordering?: number | null; group?: string | null }>, groups: ReadonlyArray<{ code: string; ordering?: number | null }>): StatusPlaces {
	const groupOrdering = new Map(groups.map((g) => [g.code, g.ordering]));
	const out = new Map<string, readonly [number, number]>();
	for (const s of statuses) {
		const group = s.group ? groupOrdering.get(s.group) : undefined;
		if (typeof group === 'number' && typeof s.ordering === 'number') out.set(s.code, [group, s.ordering]);
	}
	return out;
}

const isMapped = (status: string, statuses: ProgressMapping['statuses']) => Object.values(statuses).includes(status);

/**
 * Whether writing the status of `kind` would take the order back: its status is the mapped status of a progress kind
 * further on (shipped and paid before shipped before partly shipped before paid before partly paid). Undone shipments
 * and payments, and refunds, leave the status where it is: nothing in 1C says which one the order should go back to.
 * Cancelled and unposted always apply, and an order in their status follows 1C again. An order in a status the mapping
 * does not name (a manager's `delivering`) follows 1C too, unless `places` are given and put that status after the
 * target (ProgressMapping `keepLaterStatuses`).
 */
export function isStatusStepBack(kind: ProgressKind, current: string | undefined, statuses: ProgressMapping['statuses'], places?: StatusPlaces, target?: string): boolean {
	if (!current || DECISIONS.includes(kind)) return false;
	const rank = PROGRESS_KINDS.indexOf(kind);
	if (PROGRESS_KINDS.some((k, i) => i < rank && !DECISIONS.includes(k) && statuses[k] === current)) return true;
	if (places === undefined || target === undefined || isMapped(current, statuses)) return false;
	const [from, to] = [places.get(current), places.get(target)];
	return from !== undefined && to !== undefined && (to[0] < from[0] || (to[0] === from[0] && to[1] < from[1]));
}

/** The status the order's progress maps to, when it differs from the order's: the candidate of the status change. */
function statusChange(input: ProgressInput, order: CrmOrder, mapping: ProgressMapping): { kind: ProgressKind; status: string } | undefined {
	const kind = mappedKind(input.kinds, mapping.statuses);
	const status = kind ? mapping.statuses[kind] : undefined;
	return kind && status && status !== order.status ? { kind, status } : undefined;
}

/** Whether the order's status change would need the account's status places (its status is not in the mapping). */
function needsPlaces(input: ProgressInput, order: CrmOrder, mapping: ProgressMapping): boolean {
	const change = statusChange(input, order, mapping);
	return !!mapping.keepLaterStatuses && !!order.status && change !== undefined && !DECISIONS.includes(change.kind) && !isMapped(order.status, mapping.statuses);
}

/** The order edit: only fields that differ from the CRM order. */
export function planOrderPatch(input: ProgressInput, order: CrmOrder, mapping: ProgressMapping, places?: StatusPlaces): Record<string, unknown> {
	const patch: Record<string, unknown> = {};
	const change = statusChange(input, order, mapping);
	const keep = mapping.keepLaterStatuses ? places : undefined;
	if (change && !isStatusStepBack(change.kind, order.status ?? undefined, mapping.statuses, keep, change.status)) patch.status = change.status;
	const date = input.shipping.lastShipmentDate?.slice(0, 10);
	if (mapping.shipmentDate && date && date !== (order as { shipmentDate?: string }).shipmentDate?.slice(0, 10)) patch.shipmentDate = date;
	const custom: Record<string, unknown> = {};
	const current = (order.customFields ?? {}) as Record<string, unknown>;
	const numbers = input.shipping.shipments.map((s) => s.number).join(', ');
	const numbersShown = mapping.shipmentNumberField ? String(current[mapping.shipmentNumberField] ?? '') : '';
	const shipped = (order as { shipped?: boolean }).shipped === true;
	if (mapping.shippedFlag && input.shipping.status === 'full' && !shipped) patch.shipped = true;
	// A shipment undone in 1C (unposted, deleted) after it was reported: the order shows 1C shipment numbers that 1C no
	// longer has. The shipped flag goes (only then: a flag a manager set for goods shipped outside 1C shows no 1C number)
	// and the numbers follow 1C. The status does not go back (isStatusStepBack).
	const undone = numbersShown !== '' && input.shipping.status !== 'full';
	if (mapping.shippedFlag && undone && shipped) patch.shipped = false;
	if (mapping.shipmentNumberField && (numbers !== '' || undone) && numbersShown !== numbers) custom[mapping.shipmentNumberField] = numbers;
	if (mapping.orderNumberField && input.number && String(current[mapping.orderNumberField] ?? '') !== input.number) custom[mapping.orderNumberField] = input.number;
	if (Object.keys(custom).length) patch.customFields = custom;
	return patch;
}

export interface PaymentPlan {
	action: 'create' | 'edit';
	/** Payment id for edits. */
	id?: number;
	payment: PaymentWrite;
	ref: string;
}

/**
 * Payment writes: a 1C payment already held (externalId = its Ref_Key) is edited when amount, status or date differ;
 * otherwise it is linked to a payment the shop created without an externalId that is already paid for the same amount
 * (a card payment taken online and entered in 1C afterwards: only its externalId is set, so the money is not counted
 * twice), or takes over one that is not paid yet (the buyer's chosen payment, e.g. cash on delivery), or a new
 * payment of the configured type is created. Refunds (negative) are not written.
 *
 * A payment written from 1C whose 1C document is no longer posted (unposted, deleted: it left РасчетыСКонтрагентами)
 * gets `undoneStatus`, so retailCRM stops showing money 1C does not hold; re-posted, it is paid again by the edit
 * above. Only payments this integration created or took over are touched (their external ID is a 1C Ref_Key and their
 * comment is the one written here): a shop payment it only linked stays paid, since the shop took that money itself.
 */
export function planPayments(input: ProgressInput, order: CrmOrder, mapping: ProgressMapping): PaymentPlan[] {
	if (!mapping.payments.write) return [];
	const held: CrmPayment[] = [...(order.payments ?? [])];
	const taken = new Set<number>();
	const out: PaymentPlan[] = [];
	/** A payment the shop created (no externalId) that no 1C payment of this order has taken yet. */
	const shopOwn = (h: CrmPayment) => !h.externalId && h.id !== undefined && !taken.has(h.id);
	for (const p of input.payment.payments) {
		if (!(p.amount > 0)) continue;
		const paidAt = p.date ? crmDateTime(p.date) : undefined;
		const comment = paymentComment(p.kind, p.number);
		const own = held.find((h) => h.externalId?.toLowerCase() === p.ref.toLowerCase());
		if (own) {
			const differs = own.amount !== p.amount || own.status !== mapping.payments.paidStatus || (paidAt !== undefined && own.paidAt !== paidAt);
			if (differs && own.id !== undefined) out.push({ action: 'edit', id: own.id, ref: p.ref, payment: { amount: p.amount, status: mapping.payments.paidStatus, ...(paidAt ? { paidAt } : {}) } });
			continue;
		}
		const paidAlready = held.find((h) => shopOwn(h) && h.status === mapping.payments.paidStatus && h.amount === p.amount);
		if (paidAlready?.id !== undefined) {
			taken.add(paidAlready.id);
			out.push({ action: 'edit', id: paidAlready.id, ref: p.ref, payment: { externalId: p.ref } });
			continue;
		}
		const free = held.find((h) => shopOwn(h) && h.status !== mapping.payments.paidStatus);
		if (free?.id !== undefined) {
			taken.add(free.id);
			out.push({ action: 'edit', id: free.id, ref: p.ref, payment: { externalId: p.ref, amount: p.amount, status: mapping.payments.paidStatus, ...(paidAt ? { paidAt } : {}), comment } });
			continue;
		}
		out.push({
			action: 'create',
			ref: p.ref,
			payment: { order: { id: order.id }, type: mapping.payments.type, status: mapping.payments.paidStatus, amount: p.amount, ...(paidAt ? { paidAt } : {}), externalId: p.ref, comment },
		});
	}
	const inOneC = new Set(input.payment.payments.map((p) => p.ref.toLowerCase()));
	const undone = mapping.payments.undoneStatus;
	for (const h of held) {
		const writtenFrom1C = h.externalId !== undefined && isGuid(h.externalId) && WRITTEN_FROM_1C.test(h.comment ?? '');
		if (!undone || !writtenFrom1C || h.id === undefined || inOneC.has(h.externalId!.toLowerCase())) continue;
		if (h.status === mapping.payments.paidStatus) out.push({ action: 'edit', id: h.id, ref: h.externalId!, payment: { status: undone } });
	}
	return out;
}

/** The field errors of a retailCRM refusal, by field, whether `errors` came as a map or as a `field: message` list. */
const fieldErrors = (error: unknown): Record<string, string> => (error instanceof RetailCrmApiError && error.errors ? errorsByField(error.errors) : {});

/** retailCRM refused the edit because of its status (a transition the account forbids): `errors.status` says so. */
const refusesStatus = (error: unknown): boolean => fieldErrors(error).status !== undefined;

/**
 * The custom fields of `sent` retailCRM refused (`errors` keyed `customFields[code]`, `customFields.code`, or
 * `customFields` for all of them): a code the account does not define, or a value its type does not take. Whether
 * retailCRM refuses an unknown code or drops it is not published (docs/retailcrm-api.md#custom-fields).
 */
function refusedCustomFields(error: unknown, sent: Record<string, unknown> | undefined): Array<[string, string]> {
	if (!sent) return [];
	const out: Array<[string, string]> = [];
	for (const [key, message] of Object.entries(fieldErrors(error))) {
		if (key === 'customFields') return Object.keys(sent).map((code) => [code, String(message)]);
		const code = /^customFields(?:\[([^\]]+)\]|\.(.+))$/.exec(key);
		const name = code?.[1] ?? code?.[2];
		if (name !== undefined && name in sent) out.push([name, String(message)]);
	}
	return out;
}

/** What retailCRM said, with the order and (for a refused status or custom field) the status change or field named. */
function describe(error: unknown, label: string, status?: { from: string | undefined; to: string }, custom?: Record<string, unknown>): Error {
	const base = error instanceof Error ? error.message : String(error);
	const parts: string[] = [];
	const said = (message: string) => message.replace(/[.\s]+$/, '');
	if (status && refusesStatus(error)) parts.push(`retailCRM refused the status change "${status.from ?? ''}" → "${status.to}": ${said(fieldErrors(error).status)}`);
	for (const [code, message] of refusedCustomFields(error, custom)) {
		parts.push(`retailCRM refused the order custom field "${code}": ${said(message)} (create it in retailCRM under Settings → Custom fields for orders, or change the custom field setting of this node)`);
	}
	return new Error(`${label}: ${parts.length ? parts.join('; ') : base}`);
}

export async function writeProgressToCrm(client: RetailCrmClient, inputs: readonly ProgressInput[], mapping: ProgressMapping): Promise<ProgressWriteResult[]> {
	if (mapping.payments.write && !mapping.payments.type) throw new Error('Choose the payment type for payments from 1C (or turn payments off)');
	const orders = await readCrmOrders(client, inputs);
	// The account's status places, read once and only when some order's status is not in the mapping and would change.
	const places = inputs.some((input, i) => orders[i] !== undefined && needsPlaces(input, orders[i] as CrmOrder, mapping))
		? statusPlaces(await client.statuses(), await client.statusGroups())
		: undefined;
	const results: ProgressWriteResult[] = [];
	for (let i = 0; i < inputs.length; i++) {
		const input = inputs[i];
		const order = orders[i];
		const label = orderLabel(input, order);
		if (!order) {
			results.push({ writes: [], error: new Error(`${label}: no such order in retailCRM (by ${input.crmOrderId ? 'id' : input.crmNumber ? 'number' : 'external ID'})`) });
			continue;
		}
		const result: ProgressWriteResult = { crmOrderId: order.id, crmNumber: order.number ?? undefined, writes: [] };
		const patch = planOrderPatch(input, order, mapping, places);
		if (patch.status) result.status = { from: order.status ?? undefined, to: String(patch.status) };
		if (Object.keys(patch).length) {
			try {
				await client.editOrder(order.id, { by: 'id' }, patch);
				result.writes.push(`orders/edit: ${Object.keys(patch).join(', ')}`);
			} catch (error) {
				const custom = patch.customFields as Record<string, unknown> | undefined;
				result.error = describe(error, label, result.status, custom);
				// A refused status (or custom field) would hold back the shipped flag, the date and the numbers with it for
				// good: the rest is sent again without it. The refusal stays the order's error, so its progress is reported
				// (and the refused part tried) again, up to Max Attempts.
				const rest = { ...patch };
				const refusedStatus = !!patch.status && refusesStatus(error);
				if (refusedStatus) delete rest.status;
				const refusedFields = refusedCustomFields(error, custom);
				if (refusedFields.length) {
					const kept = { ...custom };
					for (const [code] of refusedFields) delete kept[code];
					if (Object.keys(kept).length) rest.customFields = kept;
					else delete rest.customFields;
				}
				if ((refusedStatus || refusedFields.length) && Object.keys(rest).length) {
					try {
						await client.editOrder(order.id, { by: 'id' }, rest);
						result.writes.push(`orders/edit: ${Object.keys(rest).join(', ')}`);
					} catch (again) {
						const without = [refusedStatus ? 'the status' : '', ...refusedFields.map(([code]) => `customFields.${code}`)].filter(Boolean).join(', ');
						result.error = new Error(`${result.error.message}; the rest, sent without ${without}, failed too: ${again instanceof Error ? again.message : String(again)}`);
					}
				}
			}
		}
		for (const plan of planPayments(input, order, mapping)) {
			try {
				if (plan.action === 'create') await client.createPayment(plan.payment as Required<Pick<PaymentWrite, 'order' | 'type'>> & PaymentWrite);
				else await client.editPayment(plan.id!, { by: 'id' }, plan.payment);
				result.writes.push(`payments/${plan.action}: ${plan.ref}`);
			} catch (error) {
				result.error ??= describe(error, `${label}, payment ${plan.ref}`);
			}
		}
		results.push(result);
	}
	return results;
}
