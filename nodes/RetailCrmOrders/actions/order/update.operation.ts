import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import { chunk } from '../../../core/retailcrm/pagination';
import { itemFailure } from '../../../shared/per-item';
import { operationFields } from '../../../shared/operation-fields';
import { liveDropdown } from '../../../shared/live-options-field';

/** Rows per orders/fix-external-ids request. The API documents no maximum; 100 matches its list pages. */
export const FIX_EXTERNAL_IDS_BATCH = 100;

export const description = operationFields({ resource: 'order', operation: 'update' }, [
	{
		displayName: 'CRM Order ID',
		name: 'crmOrderId',
		type: 'string',
		default: '={{ $json.crmOrderId }}',
		required: true,
		description: 'The internal retailCRM order ID. The 1C UT10 Store node outputs it as crmOrderId.',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Custom Fields',
				name: 'customFields',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Custom Field',
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{
								displayName: 'Code',
								name: 'code',
								type: 'string',
								default: '',
								placeholder: 'e.g. onec_number',
								description: 'Symbolic code of the order custom field, as set up in retailCRM',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								placeholder: 'e.g. {{ $json.number }}',
							},
						],
					},
				],
			},
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.Ref_Key }}',
				description:
					'Your system\'s ID for the order. Sent in one batched request for up to 100 orders of the run.',
			},
			{
				displayName: 'Manager Comment',
				name: 'managerComment',
				type: 'string',
				default: '',
				typeOptions: { rows: 2 },
				description: 'Replaces the order\'s manager comment',
			},
			liveDropdown({
				displayName: 'Status Name or ID',
				name: 'status',
				loadOptionsMethod: 'getStatuses',
				description: 'New order status.',
			}),
		],
	},
]);

export interface ItemPlan {
	index: number;
	orderId: number;
	externalId?: string;
	patch: Record<string, unknown>;
	fields: string[];
	error?: Error;
}

interface CustomFieldRow {
	code?: string;
	value?: unknown;
}

export function parseOrderId(raw: unknown): number {
	const text = typeof raw === 'number' ? String(raw) : String(raw ?? '').trim();
	if (!/^\d+$/.test(text) || Number(text) <= 0) {
		throw new Error(`The CRM order ID must be a positive whole number, got "${text}"`);
	}
	return Number(text);
}

function planItem(context: IExecuteFunctions, index: number): ItemPlan {
	const orderId = parseOrderId(context.getNodeParameter('crmOrderId', index));
	const fields = context.getNodeParameter('updateFields', index, {}) as IDataObject;
	const plan: ItemPlan = { index, orderId, patch: {}, fields: [] };
	const externalId = String(fields.externalId ?? '').trim();
	if (externalId) {
		plan.externalId = externalId;
		plan.fields.push('externalId');
	}
	const status = String(fields.status ?? '').trim();
	if (status) {
		plan.patch.status = status;
		plan.fields.push('status');
	}
	if (fields.managerComment !== undefined && fields.managerComment !== '') {
		plan.patch.managerComment = String(fields.managerComment);
		plan.fields.push('managerComment');
	}
	const rows = ((fields.customFields as IDataObject | undefined)?.field as CustomFieldRow[] | undefined) ?? [];
	const custom: Record<string, unknown> = {};
	for (const row of rows) {
		const code = String(row.code ?? '').trim();
		if (!code) continue;
		custom[code] = row.value ?? '';
		plan.fields.push(`customFields.${code}`);
	}
	if (Object.keys(custom).length) plan.patch.customFields = custom;
	return plan;
}

/**
 * fix-external-ids is all-or-nothing: one bad row (an externalId another order already has) fails the batch.
 * Then each row of that batch is sent alone, so the error lands on the item that caused it.
 */
export async function fixExternalIds(client: RetailCrmClient, plans: ItemPlan[]): Promise<void> {
	const withIds = plans.filter((p) => p.externalId !== undefined && !p.error);
	for (const batch of chunk(withIds, FIX_EXTERNAL_IDS_BATCH)) {
		try {
			await client.fixExternalIds(batch.map((p) => ({ id: p.orderId, externalId: p.externalId as string })));
		} catch (error) {
			if (batch.length === 1) {
				batch[0].error = error as Error;
				continue;
			}
			for (const plan of batch) {
				try {
					await client.fixExternalIds([{ id: plan.orderId, externalId: plan.externalId as string }]);
				} catch (single) {
					plan.error = single as Error;
				}
			}
		}
	}
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const plans: ItemPlan[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			plans.push(planItem(this, i));
		} catch (error) {
			plans.push({ index: i, orderId: NaN, patch: {}, fields: [], error: error as Error });
		}
	}

	await fixExternalIds(client, plans);
	for (const plan of plans) {
		if (plan.error || Object.keys(plan.patch).length === 0) continue;
		try {
			await client.editOrder(plan.orderId, { by: 'id' }, plan.patch);
		} catch (error) {
			plan.error = error as Error;
		}
	}

	const out: INodeExecutionData[] = [];
	for (const plan of plans) {
		const input = items[plan.index].json;
		const crmOrderId = Number.isNaN(plan.orderId) ? (input.crmOrderId ?? null) : plan.orderId;
		if (plan.error) {
			const nodeError = itemFailure(this, plan.error, plan.index);
			// The order id stays on the error item, so Confirm Processed can put the order on the retry list.
			out.push({ json: { ...input, crmOrderId, error: nodeError.message }, pairedItem: { item: plan.index } });
			continue;
		}
		if (plan.fields.length === 0) {
			if (!this.continueOnFail()) {
				throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field under "Update Fields"', {
					itemIndex: plan.index,
				});
			}
		}
		out.push({ json: { ...input, crmOrderId, crmUpdatedFields: plan.fields }, pairedItem: { item: plan.index } });
	}
	return out;
}
