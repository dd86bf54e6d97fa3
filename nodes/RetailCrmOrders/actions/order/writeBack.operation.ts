import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import type { LinkSettings } from '../../../core/sync/orders/write-back';
import { planWriteBack } from '../../../core/sync/orders/write-back';
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

async function writeBack(this: IExecuteFunctions, client: RetailCrmClient, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const link = settings(this);
	const plans: Array<ItemPlan & { skipped?: string }> = items.map((item, index) => {
		const plan = planWriteBack(item.json, link);
		if ('skipped' in plan) return { index, orderId: Number(item.json.crmOrderId), patch: {}, fields: [], skipped: plan.skipped };
		if ('error' in plan) return { index, orderId: NaN, patch: {}, fields: [], error: new Error(plan.error) };
		const out: ItemPlan = { index, orderId: plan.orderId, patch: {}, fields: [...plan.fields] };
		if (plan.externalId !== undefined) out.externalId = plan.externalId;
		if (plan.customFields) out.patch.customFields = plan.customFields;
		return out;
	});

	// External IDs in batches (orders/fix-external-ids), custom fields one edit per order that needs one.
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
