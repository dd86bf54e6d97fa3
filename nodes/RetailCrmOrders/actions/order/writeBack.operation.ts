import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import type { LinkInput, LinkSettings, WriteBackPlan } from '../../../core/sync/orders/write-back';
import { planWriteBack, replanAgainstCurrent } from '../../../core/sync/orders/write-back';
import { itemFailure, wholeRun } from '../../../shared/per-item';
import type { ItemPlan } from './update.operation';
import { fixExternalIds } from './update.operation';
import { operationFields } from '../../../shared/operation-fields';

export const description = operationFields({ resource: 'order', operation: 'writeBack' }, [
	{
		displayName:
			'Writes the 1C document\'s link into each retailCRM order, only where it differs: the 1C reference into the external ID when the order has none (an external ID set by the shop\'s own site module is never replaced), otherwise into a custom field; the 1C number into a custom field. Dry-run, skipped, conflict and cancelled results pass through untouched.',
		name: 'writeBackNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'External ID',
		name: 'externalIdMode',
		type: 'options',
		default: 'whenEmpty',
		options: [
			{ name: 'Set to the 1C Reference When Empty', value: 'whenEmpty' },
			{ name: 'Never Change', value: 'never' },
		],
		description: 'Whether the order\'s external ID receives the 1C Ref_Key. An external ID another system owns is never replaced.',
	},
	{
		displayName: '1C Reference Custom Field',
		name: 'referenceField',
		type: 'string',
		default: 'onec_ref',
		description:
			'Code of the order custom field for the 1C Ref_Key, used when the external ID belongs to another system (or always, see below). Empty: not written.',
	},
	{
		displayName: 'Always Write the Reference Custom Field',
		name: 'alwaysReferenceField',
		type: 'boolean',
		default: false,
		description: 'Whether the 1C Ref_Key also goes to its custom field when it went to the external ID',
	},
	{
		displayName: '1C Number Custom Field',
		name: 'numberField',
		type: 'string',
		default: 'onec_number',
		description: 'Code of the order custom field for the 1C document number. Empty: not written.',
	},
]);

/** A custom field code: text; an expression that returns an object or a list is refused ("[object Object]" is no code). */
function fieldCode(context: IExecuteFunctions, name: string, label: string): string {
	const value = context.getNodeParameter(name, 0, '') as unknown;
	if (value !== null && value !== undefined && typeof value !== 'string' && typeof value !== 'number') {
		throw new NodeOperationError(context.getNode(), `"${label}" must be a custom field code (text), got ${JSON.stringify(value).slice(0, 60)}`);
	}
	return String(value ?? '').trim();
}

function settings(context: IExecuteFunctions): LinkSettings {
	return {
		externalId: context.getNodeParameter('externalIdMode', 0, 'whenEmpty') === 'never' ? 'never' : 'whenEmpty',
		referenceField: fieldCode(context, 'referenceField', 'Reference Field'),
		alwaysReferenceField: context.getNodeParameter('alwaysReferenceField', 0, false) === true,
		numberField: fieldCode(context, 'numberField', 'Number Field'),
	};
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	return await wholeRun(
		this,
		async () => await writeBack.call(this, client, items),
		// A failure of the whole node (a setting, say) marks every item: n8n would otherwise pass the input items on
		// unchanged, and Confirm Processed would settle orders whose link was never written back.
		(_nodeError, error) => {
			const message = error instanceof Error ? error.message : String(error);
			return items.map((item, index) => ({ json: { ...item.json, error: message }, pairedItem: { item: index } }));
		},
	);
}

type WriteBackItemPlan = ItemPlan & { skipped?: string };

function itemPlan(index: number, input: LinkInput, plan: WriteBackPlan): WriteBackItemPlan {
	if ('skipped' in plan) return { index, orderId: Number(input.crmOrderId), patch: {}, fields: [], skipped: plan.skipped };
	if ('error' in plan) return { index, orderId: NaN, patch: {}, fields: [], error: new Error(plan.error) };
	const out: ItemPlan = { index, orderId: plan.orderId, patch: {}, fields: [...plan.fields] };
	if (plan.externalId !== undefined) out.externalId = plan.externalId;
	if (plan.customFields) out.patch.customFields = plan.customFields;
	return out;
}

/** Plans that would set the external ID, made again against the orders as retailCRM holds them now. */
async function replanLinking(client: RetailCrmClient, plans: WriteBackItemPlan[], items: INodeExecutionData[], link: LinkSettings): Promise<void> {
	const linking = plans.filter((plan) => !plan.error && !plan.skipped && plan.externalId !== undefined);
	if (linking.length === 0) return;
	let current: Map<number, { externalId?: string; customFields?: unknown }>;
	try {
		current = new Map((await client.readOrdersByIds(linking.map((plan) => plan.orderId))).orders.map((order) => [order.id, order]));
	} catch (error) {
		// Not written blind: these orders fail here and Confirm Processed puts them on the retry list.
		for (const plan of linking) plan.error = error as Error;
		return;
	}
	for (const plan of linking) {
		const order = current.get(plan.orderId);
		if (order === undefined || (order.externalId ?? '').trim() === '') continue;
		// Plans are in item order (plans[i].index === i).
		plans[plan.index] = itemPlan(plan.index, items[plan.index].json, replanAgainstCurrent(items[plan.index].json, link, order));
	}
}

async function writeBack(this: IExecuteFunctions, client: RetailCrmClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const link = settings(this);
	const plans = items.map((item, index) => itemPlan(index, item.json, planWriteBack(item.json, link)));

	// External IDs in batches (orders/fix-external-ids), custom fields one edit per order that needs one. The orders
	// about to get the 1C reference as their external ID are read again first (one request per 100): one that another
	// system gave an external ID meanwhile keeps it (replanAgainstCurrent).
	await replanLinking(client, plans, items, link);
	await fixExternalIds(client, plans);
	for (const plan of plans) {
		if (plan.error || plan.skipped || Object.keys(plan.patch).length === 0) continue;
		try {
			await client.editOrder(plan.orderId, { by: 'id' }, plan.patch);
		} catch (error) {
			plan.error = error as Error;
		}
	}

	return plans.map((plan) => {
		const input = items[plan.index].json;
		if (plan.error) {
			const nodeError = itemFailure(this, plan.error, plan.index);
			// The order id stays on the error item, so Confirm Processed puts the order on the retry list.
			return { json: { ...input, error: nodeError.message }, pairedItem: { item: plan.index } };
		}
		const writeBack: IDataObject = plan.skipped ? { skipped: plan.skipped } : { written: plan.fields };
		return { json: { ...input, writeBack }, pairedItem: { item: plan.index } };
	});
}
