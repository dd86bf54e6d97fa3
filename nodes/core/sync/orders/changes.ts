import { createHash } from 'node:crypto';
import { withoutXmlInvalidChars } from '../../onec/codecs';
import type { CrmOrderLike } from './crm-order';
import { activeItems } from './crm-order';
import type { CustomerOrderPayload } from './document-types';
import { EMPTY_GUID, UNDEFINED_TYPE } from './ut103-model';

/**
 * Created / updated / unchanged.
 *
 * Choice: compare the payload we would send with the document 1C already has (read by
 * НомерВходящегоДокументаЭлектронногоОбмена with the payload's fields in `$select`/`$expand`). This needs no
 * extra storage anywhere (no hash in Комментарий, no field in 1C, no map in n8n static data), survives a lost
 * n8n state, and also notices edits made by hand in 1C. A hash of the CRM order (`orderFingerprint`) is
 * offered for logs and retry bookkeeping, not for the decision.
 */
export type UpsertAction = 'create' | 'update' | 'unchanged';

export interface UpsertDecision {
	action: UpsertAction;
	/** Paths that differ, e.g. `Комментарий`, `Товары[2].Количество`, `Товары.length`. */
	changes: string[];
}

const EMPTY_DATE = '0001-01-01T00:00:00';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMERIC = /^[+-]?\d+(?:\.\d+)?$/;

/** One comparable text per value: 1C pads fixed strings, sends Int64 as strings, empty refs as zero GUIDs. */
function normalise(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') return JSON.stringify(value);
	// What 1C holds has the XML-invalid characters dropped (onec/codecs.ts encodeField).
	const text = withoutXmlInvalidChars(value).replace(/\s+$/, '');
	if (text === EMPTY_GUID || text === UNDEFINED_TYPE || text === EMPTY_DATE) return '';
	if (GUID.test(text)) return text.toLowerCase();
	if (NUMERIC.test(text)) return String(Number(text));
	return text;
}

function diffFields(built: Record<string, unknown>, existing: Record<string, unknown>, path: string, ignore: ReadonlySet<string>, out: string[]): void {
	for (const [key, value] of Object.entries(built)) {
		if (ignore.has(key) || Array.isArray(value)) continue;
		if (key.endsWith('_Type')) {
			// A composite's type only matters when it holds a value.
			const base = key.slice(0, -'_Type'.length);
			if (normalise(built[base]) === '' && normalise(existing[base]) === '') continue;
		}
		if (normalise(value) !== normalise(existing[key])) out.push(path ? `${path}.${key}` : key);
	}
}

function rowsOf(value: unknown): Record<string, unknown>[] {
	if (!Array.isArray(value)) return [];
	return [...(value as Record<string, unknown>[])].sort((a, b) => Number(a.LineNumber) - Number(b.LineNumber));
}

/** Fields of the built payload that differ in the existing document. Fields we do not send are not compared. */
export function diffDocument(
	built: CustomerOrderPayload,
	existing: Record<string, unknown>,
	ignore: Iterable<string> = [],
): string[] {
	const skip = new Set(ignore);
	const out: string[] = [];
	const b = built as unknown as Record<string, unknown>;
	diffFields(b, existing, '', skip, out);
	for (const section of ['Товары', 'Услуги'] as const) {
		if (skip.has(section)) continue;
		const mine = rowsOf(b[section]);
		const theirs = rowsOf(existing[section]);
		if (mine.length !== theirs.length) {
			out.push(`${section}.length`);
			continue;
		}
		mine.forEach((row, i) => diffFields(row, theirs[i], `${section}[${i + 1}]`, skip, out));
	}
	return out;
}

/**
 * What the upsert should do. `existing` is the document found by the incoming-number key, or undefined.
 * `ignore`: fields not to compare, e.g. `Date` when the date option is "now", `Number` when 1C numbers.
 */
export function decideUpsert(
	built: CustomerOrderPayload,
	existing: Record<string, unknown> | undefined,
	ignore: Iterable<string> = [],
): UpsertDecision {
	if (!existing) return { action: 'create', changes: [] };
	const changes = diffDocument(built, existing, ignore);
	return { action: changes.length === 0 ? 'unchanged' : 'update', changes };
}

function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** sha1 of the CRM order content that reaches 1C (status, managers, timestamps excluded). */
export function orderFingerprint(order: CrmOrderLike): string {
	const contragent = order.contragent ?? order.company?.contragent;
	const relevant = {
		number: order.number,
		site: order.site ?? null,
		createdAt: order.createdAt ?? null,
		buyer: {
			firstName: order.firstName ?? null,
			lastName: order.lastName ?? null,
			patronymic: order.patronymic ?? null,
			email: order.email ?? null,
			phone: order.phone ?? null,
			company: order.company?.name ?? null,
			inn: contragent?.INN ?? null,
			kpp: contragent?.KPP ?? null,
			type: contragent?.contragentType ?? null,
		},
		comments: [order.customerComment ?? null, order.managerComment ?? null],
		items: activeItems(order).map((i) => ({
			offer: [i.offer?.id ?? null, i.offer?.externalId ?? null, i.offer?.xmlId ?? null, i.offer?.article ?? null],
			name: i.productName ?? null,
			quantity: i.quantity,
			initialPrice: i.initialPrice,
			discountTotal: i.discountTotal ?? 0,
			prices: i.prices ?? null,
			vatRate: i.vatRate ?? null,
		})),
		delivery: {
			cost: order.delivery?.cost ?? null,
			vatRate: order.delivery?.vatRate ?? null,
			date: order.delivery?.date ?? null,
			service: order.delivery?.service?.name ?? null,
			address: order.delivery?.address ?? null,
		},
		shipmentDate: order.shipmentDate ?? null,
		totalSumm: order.totalSumm ?? null,
	};
	return createHash('sha1').update(canonical(relevant)).digest('hex');
}
