import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { MAX_UPLOAD_BATCH_SIZE } from '../../core/sync/crm-upload/upload-batches';
import { optionsCollection } from '../../shared/options-collection';
import { siteOption } from '../../shared/retailcrm-options';

/** Fields of Upload Stock and Upload Prices alike (the operations' own fields are in their operation files). */
const displayOptions = { show: { operation: ['uploadStock', 'uploadPrices'] } };

const identifierKinds = {
	externalId: { name: 'External ID', value: 'externalId', description: 'The offer ID of the ICML catalog (offer@ID)' },
	xmlId: { name: 'XML ID', value: 'xmlId', description: 'The &lt;xmlId&gt; of the ICML catalog' },
	id: { name: 'CRM ID', value: 'id', description: 'The internal offer ID in retailCRM (a number)' },
};

const identifierKindField: INodeProperties = {
	displayName: 'Identifier Is',
	name: 'identifierKind',
	type: 'options',
	default: 'externalId',
	options: [identifierKinds.externalId, identifierKinds.xmlId, identifierKinds.id],
	description: 'Which retailCRM offer identifier the value above is',
};

/** The direct mode names offers by the 1C offer key, which is an External ID or an XML ID, never a CRM ID. */
export const offerKeyKindField: INodeProperties = {
	...identifierKindField,
	options: [identifierKinds.externalId, identifierKinds.xmlId],
	description: 'Which retailCRM offer identifier the 1C offer key (item GUID, or item GUID#characteristic GUID) is',
};

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
	identifierKindField,
]);

/** The site field goes after the operations' own fields, the identifier fields before them. */
export const siteFields = updateDisplayOptions(displayOptions, [siteOption]);

/** Only Changed and Dry Run (shown by the direct mode too). */
export const changeFieldList: INodeProperties[] = [
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
];

export const changeFields = updateDisplayOptions(displayOptions, changeFieldList);

/** Options of both upload operations (inside their Options collections, see uploadOptions). */
export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	default: MAX_UPLOAD_BATCH_SIZE,
	typeOptions: { minValue: 1, maxValue: MAX_UPLOAD_BATCH_SIZE },
	description: `Offers per request, at most ${MAX_UPLOAD_BATCH_SIZE} (the retailCRM limit)`,
};

export const fullResendOption: INodeProperties = {
	displayName: 'Full Resend Every (Hours)',
	name: 'fullResendHours',
	type: 'number',
	default: 24,
	typeOptions: { minValue: 0 },
	description: 'With Only Changed: send everything again after this many hours, to repair manual edits in retailCRM. 0 sends everything every run.',
};

/**
 * The 1C column of an upload's mapping table (warehouse, price type): typed in, a GUID or a code, since Upload Stock
 * and Upload Prices have no 1C credentials to list them from (the direct mode shows these tables too).
 */
export function oneCGuidOrCodeColumn(column: { displayName: string; name: string; placeholder: string }): INodeProperties {
	return { displayName: column.displayName, name: column.name, type: 'string', default: '', placeholder: column.placeholder };
}

/** An upload's "Skip Unmapped …" option (readUploadSetup's `skipOption`): the same choice for warehouses and price types. */
export function skipUnmappedOption(option: { displayName: string; name: string; rowsOf: string }): INodeProperties {
	return {
		displayName: option.displayName,
		name: option.name,
		type: 'boolean',
		default: false,
		description: `Whether to leave out rows of ${option.rowsOf} that are not in the mapping instead of stopping with an error`,
	};
}

/** The Options collection of an upload operation: batch size, full resend, then the operation's own skip option. */
export function uploadOptions(skipUnmappedOption: INodeProperties): INodeProperties {
	return optionsCollection([batchSizeOption, fullResendOption, skipUnmappedOption]);
}
