import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { MAX_UPLOAD_BATCH_SIZE } from '../../core/sync/crm-upload/upload-batches';
import { optionsCollection } from '../../shared/options-collection';
import { siteOption } from '../../shared/retailcrm-options';

/** Fields of Upload Stock and Upload Prices alike (the operations' own fields are in their operation files). */
const displayOptions = { show: { operation: ['uploadStock', 'uploadPrices'] } };

export const identifierFields = updateDisplayOptions(displayOptions, [
	{
		displayName: 'Offer Identifier',
		name: 'offerIdentifier',
		type: 'string',
		default: '={{ $json.offerKey }}',
		required: true,
		description:
			'The offer this row is about. The default is the 1C offer key (item GUID, or item GUID#characteristic GUID), which is the offer ID of the ICML catalog made from 1C.',
	},
	{
		displayName: 'Identifier Is',
		name: 'identifierKind',
		type: 'options',
		default: 'externalId',
		options: [
			{ name: 'External ID', value: 'externalId', description: 'The offer ID of the ICML catalog (offer@ID)' },
			{ name: 'XML ID', value: 'xmlId', description: 'The &lt;xmlId&gt; of the ICML catalog' },
			{ name: 'CRM ID', value: 'id', description: 'The internal offer ID in retailCRM (a number)' },
		],
		description: 'Which retailCRM offer identifier the value above is',
	},
]);

/** The site field goes after the operations' own fields, the identifier fields before them. */
export const siteFields = updateDisplayOptions(displayOptions, [siteOption]);

export const changeFields = updateDisplayOptions(displayOptions, [
	{
		displayName: 'Only Changed',
		name: 'onlyChanged',
		type: 'boolean',
		default: true,
		description:
			'Whether to send only the offers whose values changed since the last successful upload (kept in the workflow static data), with a full resend every few hours',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to return the batches that would be sent without sending anything or changing the saved state',
	},
]);

/** Options of both upload operations (inside their Options collections, see uploadOptions). */
const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	default: MAX_UPLOAD_BATCH_SIZE,
	typeOptions: { minValue: 1, maxValue: MAX_UPLOAD_BATCH_SIZE },
	description: `Offers per request, at most ${MAX_UPLOAD_BATCH_SIZE} (the retailCRM limit)`,
};

const fullResendOption: INodeProperties = {
	displayName: 'Full Resend Every (Hours)',
	name: 'fullResendHours',
	type: 'number',
	default: 24,
	typeOptions: { minValue: 0 },
	description: 'With Only Changed: send everything again after this many hours, to repair manual edits in retailCRM. 0 sends everything every run.',
};

/** The Options collection of an upload operation: batch size, full resend, then the operation's own skip option. */
export function uploadOptions(skipUnmappedOption: INodeProperties): INodeProperties {
	return optionsCollection([batchSizeOption, fullResendOption, skipUnmappedOption]);
}
