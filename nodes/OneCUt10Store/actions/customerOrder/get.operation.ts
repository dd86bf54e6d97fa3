import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import type { GetBy } from '../../../core/sync/orders/onec-writer/get';
import { getCustomerOrders } from '../../../core/sync/orders/onec-writer/get';
import { perItem } from '../../../shared/per-item';
import { operationFields } from '../../../shared/operation-fields';
import { valueToFind } from '../../../shared/value-to-find';

export const description = operationFields({ resource: 'customerOrder', operation: 'get' }, [
	{
		displayName: 'Find By',
		name: 'by',
		type: 'options',
		default: 'crmOrderId',
		options: [
			{ name: 'CRM Order ID', value: 'crmOrderId', description: 'The internal retailCRM order ID (the document key is crm#&lt;ID&gt;)' },
			{
				name: 'Document Key',
				value: 'crmNumber',
				description:
					'НомерВходящегоДокументаЭлектронногоОбмена as stored: crm#&lt;ID&gt;, &lt;site&gt;#&lt;ID&gt; when several shops feed the base, or the CRM number for documents of version 0.1',
			},
			{ name: '1C Number', value: 'number', description: 'The document number, e.g. ЦРМ00005488' },
			{ name: 'Ref_Key', value: 'ref', description: 'The document GUID' },
		],
		description: 'Which identifier the value below is',
	},
	valueToFind({ name: 'value', placeholder: 'e.g. 105488' }),
]);

export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	return await perItem(
		this,
		async (i, out) => {
			const by = this.getNodeParameter('by', i) as GetBy;
			const value = String(this.getNodeParameter('value', i, '')).trim();
			if (value === '') throw new NodeOperationError(this.getNode(), 'The field "Value" is empty', { itemIndex: i });
			const documents = await getCustomerOrders(client, by, value);
			if (documents.length === 0) {
				throw new NodeOperationError(this.getNode(), `No customer order found by ${by} "${value}"`, {
					itemIndex: i,
					description: 'Deletion-marked documents are not returned.',
				});
			}
			for (const doc of documents) out.push({ json: doc as IDataObject });
		},
		'nodeError',
	);
}
