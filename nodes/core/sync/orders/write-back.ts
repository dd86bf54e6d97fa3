/**
 * What to write back into a retailCRM order after its 1C document converged (docs/order-lifecycle.md
 * "Write-back"): only what differs from what the order already holds, so an unchanged run writes nothing, and never
 * over an external ID another system owns (the shop's CMS module addresses its orders by it).
 */
export interface LinkSettings {
	/** `whenEmpty`: the 1C Ref_Key becomes the external ID only if the order has none. */
	externalId: 'whenEmpty' | 'never';
	/** Custom field for the Ref_Key when the external ID is taken (or always, see below); '' = none. */
	referenceField: string;
	alwaysReferenceField: boolean;
	/** Custom field for the 1C number; '' = none. */
	numberField: string;
}

/** The 1C step's result as it arrives (UpsertResult fields, see orders/onec-writer/types.ts). */
export interface LinkInput {
	crmOrderId?: unknown;
	ref?: unknown;
	number?: unknown;
	action?: unknown;
	dryRun?: unknown;
	error?: unknown;
	crmExternalId?: unknown;
	crmCustomFields?: unknown;
}

export type WriteBackPlan =
	| { skipped: string }
	| { error: string }
	| { orderId: number; externalId?: string; customFields?: Record<string, string>; fields: string[] };

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** Actions after which the order shows the document it has (cancelled, conflict and skipped keep what they had). */
const LINKED = new Set(['created', 'updated', 'unchanged', 'restored']);

export function planWriteBack(input: LinkInput, settings: LinkSettings): WriteBackPlan {
	if (input.dryRun !== undefined && input.dryRun !== false) return { skipped: 'dry run' };
	if (input.error !== undefined && input.error !== null && input.error !== '') return { skipped: 'failed in 1C' };
	const action = text(input.action);
	if (!LINKED.has(action)) return { skipped: action ? `nothing to link (${action})` : 'not a 1C result' };
	const rawId = text(input.crmOrderId);
	if (!/^\d+$/.test(rawId) || Number(rawId) <= 0) return { error: `The item has no retailCRM order id (crmOrderId), got "${rawId}"` };
	const ref = text(input.ref);
	if (!ref) return { skipped: 'no 1C document' };
	const number = text(input.number);
	const current = text(input.crmExternalId);
	const custom = input.crmCustomFields && typeof input.crmCustomFields === 'object' && !Array.isArray(input.crmCustomFields) ? (input.crmCustomFields as Record<string, unknown>) : {};

	const plan: { orderId: number; externalId?: string; customFields?: Record<string, string>; fields: string[] } = { orderId: Number(rawId), fields: [] };
	const setExternalId = settings.externalId === 'whenEmpty' && current === '';
	if (setExternalId) {
		plan.externalId = ref;
		plan.fields.push('externalId');
	}
	const fields: Record<string, string> = {};
	const referenceHome = current === ref || setExternalId;
	if (settings.referenceField && (settings.alwaysReferenceField || !referenceHome) && text(custom[settings.referenceField]) !== ref) {
		fields[settings.referenceField] = ref;
	}
	if (settings.numberField && number && text(custom[settings.numberField]) !== number) fields[settings.numberField] = number;
	if (Object.keys(fields).length) {
		plan.customFields = fields;
		plan.fields.push(...Object.keys(fields).map((code) => `customFields.${code}`));
	}
	return plan.fields.length ? plan : { skipped: 'already linked' };
}

/** What the order holds now, read again just before the write (a retailCRM order's `externalId` and `customFields`). */
export interface CurrentLink {
	externalId?: unknown;
	customFields?: unknown;
}

/**
 * The plan again, against the order as it is now. retailCRM has no compare-and-set, and between the read of the order
 * and the write-back (the 1C step of a large run takes minutes) another system may give the order an external ID of
 * its own: the shop's CMS module does so for orders a manager created. A plan that would set the external ID is
 * therefore made again from a fresh read: an external ID set meanwhile is kept, and the 1C reference goes to the
 * reference field instead. What is left is the moment between that read and the write.
 */
export function replanAgainstCurrent(input: LinkInput, settings: LinkSettings, current: CurrentLink): WriteBackPlan {
	return planWriteBack({ ...input, crmExternalId: current.externalId, crmCustomFields: current.customFields }, settings);
}
