import type { z } from 'zod';
import { orderSchema, type CrmOrder } from './schemas/orders';

/**
 * One retailCRM order read on its own, so a single malformed order (a quantity "abc", a price "1 990,00", `items`
 * that is not a list) is reported by its id and field instead of failing the whole page or batch it came in.
 * The same check reads orders that reach the 1C node from elsewhere (a webhook, a Code node).
 * What it normalises, as everywhere in the client (normalise.ts): numeric strings ("2", "300.00") are numbers,
 * `null` is "absent" for scalars and for objects (delivery, customer, contragent, offer …), a keyed object is a list.
 * Anything else that has the wrong type is refused, never guessed: "1 990,00" could be 1990 or 1.99.
 */
export interface OrderFieldProblem {
	/** `items[0].quantity`, `delivery.cost`, `(order)` for the whole value. */
	field: string;
	/** What is wrong, with the value as sent (shortened). */
	problem: string;
}

export type OrderCheck =
	| { ok: true; order: CrmOrder }
	| { ok: false; id?: number; number?: string; site?: string; problems: OrderFieldProblem[] };

function fieldPath(path: ReadonlyArray<string | number>): string {
	let out = '';
	for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
	return out || '(order)';
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
	let value = root;
	for (const part of path) {
		if (value === null || typeof value !== 'object') return undefined;
		// A keyed object read as a list: the issue path counts positions, the raw value has keys.
		value = Array.isArray(value) || typeof part === 'string' ? (value as Record<string | number, unknown>)[part] : Object.values(value)[part];
	}
	return value;
}

function shown(value: unknown): string {
	if (value === undefined) return 'nothing';
	let text: string;
	try {
		text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
	} catch {
		text = String(value);
	}
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

const EXPECTED: Record<string, string> = { number: 'a number', string: 'text', object: 'an object', array: 'a list', boolean: 'true or false' };

function problemOf(issue: z.ZodIssue, raw: unknown): OrderFieldProblem {
	const value = valueAt(raw, issue.path);
	const field = fieldPath(issue.path);
	if (issue.code === 'invalid_type') {
		const expected = EXPECTED[issue.expected] ?? issue.expected;
		return { field, problem: value === undefined ? `is missing (${expected} is required)` : `holds ${shown(value)}, not ${expected}` };
	}
	return { field, problem: `${issue.message} (value ${shown(value)})` };
}

function idOf(raw: Record<string, unknown>): number | undefined {
	const id = typeof raw.id === 'string' && raw.id.trim() !== '' ? Number(raw.id) : raw.id;
	return typeof id === 'number' && Number.isInteger(id) ? id : undefined;
}

/** Reads one order; at most five problems are listed (an order with more is broken beyond a field or two). */
export function checkOrder(raw: unknown): OrderCheck {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
		return { ok: false, problems: [{ field: '(order)', problem: `is ${shown(raw)}, not a retailCRM order object` }] };
	}
	const parsed = orderSchema.safeParse(raw);
	if (parsed.success) return { ok: true, order: parsed.data };
	const record = raw as Record<string, unknown>;
	const out: OrderCheck = { ok: false, problems: parsed.error.issues.slice(0, 5).map((issue) => problemOf(issue, raw)) };
	const id = idOf(record);
	if (id !== undefined) out.id = id;
	if (typeof record.number === 'string' || typeof record.number === 'number') out.number = String(record.number);
	if (typeof record.site === 'string') out.site = record.site;
	return out;
}

/** `items[0].quantity holds "abc", not a number; delivery.cost …` */
export function describeProblems(problems: readonly OrderFieldProblem[]): string {
	return problems.map((p) => `${p.field} ${p.problem}`).join('; ');
}
