import type { UpsertAction } from './changes';
import { decideUpsert, orderFingerprint } from './changes';
import type { CrmOrderLike } from './crm-order';
import type { BuiltDocument, DocumentOptions, OrderReferences } from './document';
import { buildCustomerOrder } from './document';
import type { CustomerOrderPayload } from './document-types';

/**
 * One call for the upsert operation: build the document, compare it with what 1C has, and say what to send.
 *
 * On update the body leaves out `Number` (the document keeps the number it has, even if the number setting
 * changed since) and, when the caller fixes the date (`options.date`, e.g. "now"), `Date` too — otherwise
 * every run would "change" the document.
 */
export interface UpsertPlan extends BuiltDocument {
	action: UpsertAction;
	/** Body to POST (create) or PATCH (update); undefined when unchanged. */
	body?: Partial<CustomerOrderPayload>;
	changes: string[];
	/** The 1C document was posted: it is unposted before the PATCH and posted again after (onec-writer/upsert.ts). */
	repost: boolean;
	fingerprint: string;
}

export interface PlanOptions extends DocumentOptions {
	/** More fields not to compare nor overwrite on update. */
	keepOnUpdate?: string[];
}

export function planOrderUpsert(
	order: CrmOrderLike,
	refs: OrderReferences,
	existing: Record<string, unknown> | undefined,
	options: PlanOptions = {},
): UpsertPlan {
	const built = buildCustomerOrder(order, refs, options);
	const fingerprint = orderFingerprint(order);
	if (!existing) {
		return { ...built, action: 'create', body: built.payload, changes: [], repost: false, fingerprint };
	}
	const keep = new Set(['Number', ...(options.date ? ['Date'] : []), ...(options.keepOnUpdate ?? [])]);
	const decision = decideUpsert(built.payload, existing, keep);
	const repost = existing.Posted === true;
	if (decision.action === 'unchanged') return { ...built, action: 'unchanged', changes: [], repost: false, fingerprint };
	const body = Object.fromEntries(Object.entries(built.payload).filter(([k]) => !keep.has(k))) as Partial<CustomerOrderPayload>;
	return { ...built, action: 'update', body, changes: decision.changes, repost, fingerprint };
}
