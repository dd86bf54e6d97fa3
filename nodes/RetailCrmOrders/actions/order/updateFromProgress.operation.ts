import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { RetailCrmClient } from '../../../core/retailcrm/client';
import { confirmProgress, recordProgressFailure } from '../../../core/sync/order-progress/state';
import { writeProgressToCrm, type ProgressInput, type ProgressMapping } from '../../../core/sync/order-progress/crm-write';
import { PROGRESS_KINDS, type ProgressKind } from '../../../core/sync/order-progress/progress';
import { toNodeError } from '../../../shared/errors';
import { itemFailure } from '../../../shared/per-item';
import { readProgressState, writeProgressState } from '../../../shared/order-progress-state';
import { operationFields } from '../../../shared/operation-fields';
import { liveDropdown } from '../../../shared/live-options-field';
import { optionsCollection } from '../../../shared/options-collection';

const KIND_NAMES: Record<ProgressKind, string> = {
	cancelled: 'Cancelled in 1C (Deletion Mark)',
	unposted: 'Unposted in 1C',
	shippedAndPaid: 'Shipped and Paid',
	shipped: 'Shipped',
	partlyShipped: 'Partly Shipped',
	paid: 'Paid',
	partlyPaid: 'Partly Paid',
};

export const description = operationFields({ resource: 'order', operation: 'updateFromProgress' }, [
	{
		displayName: 'Status Mapping',
		name: 'statusMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Mapping',
		default: {},
		description:
			'The retailCRM status per 1C progress. An order gets the status of its first progress in this order: cancelled, unposted, shipped and paid, shipped, partly shipped, paid, partly paid. The status only moves forward: an order in the status of a progress further on keeps it (an undone shipment or payment, a refund), and so does one in a status retailCRM orders later (option Keep Later retailCRM Statuses); cancelled and unposted always apply.',
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{
						displayName: 'Progress in 1C',
						name: 'progress',
						type: 'options',
						default: 'shipped',
						options: PROGRESS_KINDS.map((kind) => ({ name: KIND_NAMES[kind], value: kind })),
					},
					{
						displayName: 'Status Name or ID',
						name: 'status',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getStatuses' },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
				],
			},
		],
	},
	{
		displayName: 'Write Payments',
		name: 'writePayments',
		type: 'boolean',
		default: true,
		description: 'Whether to create or update a retailCRM payment per 1C payment (cash receipt, bank receipt, card payment); its external ID is the 1C document\'s Ref_Key',
	},
	liveDropdown({
		displayName: 'Payment Type Name or ID',
		name: 'paymentType',
		loadOptionsMethod: 'getPaymentTypes',
		displayOptions: { show: { writePayments: [true] } },
		description: 'Type of payments created for 1C payments (a payment the shop created and that is not paid yet is taken over instead).',
	}),
	liveDropdown({
		displayName: 'Paid Status Name or ID',
		name: 'paidStatus',
		loadOptionsMethod: 'getPaymentStatuses',
		default: 'paid',
		displayOptions: { show: { writePayments: [true] } },
		description: 'Payment status for a payment made in 1C.',
	}),
	liveDropdown({
		displayName: 'Status When Unposted in 1C Name or ID',
		name: 'undonePaymentStatus',
		loadOptionsMethod: 'getPaymentStatuses',
		default: 'not-paid',
		displayOptions: { show: { writePayments: [true] } },
		description:
			'Payment status for a payment this node wrote from 1C whose 1C document was later unposted or deleted (a shop payment it only linked stays paid). Empty: left paid.',
	}),
	optionsCollection([
		{
			displayName: '1C Number Custom Field',
			name: 'orderNumberField',
			type: 'string',
			default: '',
			placeholder: 'e.g. onec_number',
			description: 'Order custom field that holds the 1C order number; kept up to date when the number changes in 1C',
		},
		{
			displayName: 'Keep Later retailCRM Statuses',
			name: 'keepLaterStatuses',
			type: 'boolean',
			default: true,
			description:
				'Whether an order in a status the mapping does not name keeps it when retailCRM orders it after the mapped status (its status group later, or a later status of the same group: e.g. Delivering after Sent to Delivery, a status of the Cancel group). Reads the account\'s statuses and groups in a run that would change such a status. Off: the order gets the status of its progress.',
		},
		{
			displayName: 'Set Shipped Flag',
			name: 'shippedFlag',
			type: 'boolean',
			default: true,
			description: 'Whether to mark the order shipped when 1C has shipped all of it',
		},
		{
			displayName: 'Shipment Number Custom Field',
			name: 'shipmentNumberField',
			type: 'string',
			default: 'onec_shipment_number',
			description: 'Order custom field for the 1C shipment numbers (comma-separated); empty: not written',
		},
		{
			displayName: 'Write Shipment Date',
			name: 'shipmentDate',
			type: 'boolean',
			default: true,
			description: 'Whether to set the order\'s shipment date to the date of its last 1C shipment',
		},
	]),
]);

interface Options {
	keepLaterStatuses?: boolean;
	orderNumberField?: string;
	shippedFlag?: boolean;
	shipmentNumberField?: string;
	shipmentDate?: boolean;
}

function mappingOf(context: IExecuteFunctions): ProgressMapping {
	const rows = ((context.getNodeParameter('statusMapping', 0, {}) as IDataObject).mapping as Array<{ progress?: string; status?: string }> | undefined) ?? [];
	const statuses: ProgressMapping['statuses'] = {};
	for (const row of rows) {
		const kind = String(row.progress ?? '') as ProgressKind;
		const status = String(row.status ?? '').trim();
		if (PROGRESS_KINDS.includes(kind) && status) statuses[kind] = status;
	}
	const options = context.getNodeParameter('options', 0, {}) as Options;
	const writePayments = context.getNodeParameter('writePayments', 0, true) as boolean;
	return {
		statuses,
		shipmentDate: options.shipmentDate ?? true,
		shippedFlag: options.shippedFlag ?? true,
		shipmentNumberField: String(options.shipmentNumberField ?? 'onec_shipment_number').trim(),
		orderNumberField: String(options.orderNumberField ?? '').trim(),
		keepLaterStatuses: options.keepLaterStatuses ?? true,
		payments: {
			write: writePayments,
			type: writePayments ? String(context.getNodeParameter('paymentType', 0, '')).trim() : '',
			paidStatus: writePayments ? String(context.getNodeParameter('paidStatus', 0, 'paid')).trim() || 'paid' : 'paid',
			undoneStatus: writePayments ? String(context.getNodeParameter('undonePaymentStatus', 0, 'not-paid') ?? '').trim() : '',
		},
	};
}

/** An input item of 1C UT10 Store → Get Progress; anything else is an item error naming the missing field. */
function inputOf(json: IDataObject): ProgressInput & { progressHash?: string } {
	const missing = ['ref', 'number', 'kinds', 'shipping', 'payment'].filter((f) => json[f] === undefined || json[f] === null);
	if (missing.length) throw new Error(`The item is not a 1C progress item (missing ${missing.join(', ')}); connect 1C UT10 Store → Customer Order → Get Progress`);
	return json as unknown as ProgressInput & { progressHash?: string };
}

export async function execute(this: IExecuteFunctions, client: RetailCrmClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const mapping = mappingOf(this);
	const inputs: Array<{ index: number; input: ProgressInput & { progressHash?: string } }> = [];
	const failed = new Map<number, Error>();
	for (let i = 0; i < items.length; i++) {
		try {
			inputs.push({ index: i, input: inputOf(items[i].json) });
		} catch (error) {
			failed.set(i, error as Error);
		}
	}
	let results;
	try {
		results = await writeProgressToCrm(client, inputs.map((x) => x.input), mapping);
	} catch (error) {
		throw toNodeError(this.getNode(), error);
	}

	// What retailCRM accepted is confirmed for Get Progress; a failure is counted and reported again next run.
	const state = readProgressState(this);
	const out: INodeExecutionData[] = [];
	const byIndex = new Map(inputs.map((x, k) => [x.index, { input: x.input, result: results[k] }]));
	for (const [, { input, result }] of byIndex) {
		if (!input.progressHash) continue;
		if (result.error) recordProgressFailure(state, input.ref, input.progressHash);
		else confirmProgress(state, input.ref, input.progressHash);
	}
	writeProgressState(this, state);

	for (let i = 0; i < items.length; i++) {
		const entry = byIndex.get(i);
		const error = failed.get(i) ?? entry?.result.error;
		const base = { ...items[i].json, crmOrderId: entry?.result.crmOrderId ?? items[i].json.crmOrderId ?? null };
		if (error) {
			const nodeError = itemFailure(this, error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error.message, { itemIndex: i }), i);
			out.push({ json: { ...base, crmWrites: entry?.result.writes ?? [], error: nodeError.message }, pairedItem: { item: i } });
			continue;
		}
		out.push({ json: { ...base, crmWrites: entry!.result.writes, ...(entry!.result.status ? { crmStatus: entry!.result.status } : {}) }, pairedItem: { item: i } });
	}
	return out;
}
