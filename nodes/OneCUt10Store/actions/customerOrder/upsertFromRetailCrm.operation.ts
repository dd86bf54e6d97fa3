import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { OneCClient } from '../../../core/onec/client';
import type { UpsertFailure, UpsertOptions, UpsertResult } from '../../../core/sync/orders/onec-writer/types';
import { upsertCustomerOrders } from '../../../core/sync/orders/onec-writer/upsert';
import { emptyPostAgain, nextPostAgain, postAgainSet, type PostAgainState } from '../../../core/sync/orders/onec-writer/post-again';
import type { CrmOrderLike } from '../../../core/sync/orders/crm-order';
import type { SettlementMode } from '../../../core/sync/orders/contract';
import type { OfferMatchStrategy } from '../../../core/sync/orders/offer-match';
import type { VatRateName } from '../../../core/sync/orders/ut103-model';
import { VAT_RATE_NAMES } from '../../../core/sync/orders/ut103-model';
import { itemFailure, wholeRun } from '../../../shared/per-item';
import { readState, writeState } from '../../../shared/state';
import { operationFields } from '../../../shared/operation-fields';
import { liveDropdown } from '../../../shared/live-options-field';
import { optionsCollection } from '../../../shared/options-collection';

export const description = operationFields({ resource: 'customerOrder', operation: 'upsertFromRetailCrm' }, [
	liveDropdown({
		displayName: 'Organization Name or ID',
		name: 'organization',
		loadOptionsMethod: 'getOrganizations',
		required: true,
		description: 'Organization of the documents unless a site below maps to another one.',
	}),
	{
		displayName: 'Organization per Site',
		name: 'organizationsBySite',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Site',
		default: {},
		description: 'Orders of these retailCRM sites (shops) go to another organization and/or get their own 1C number prefix',
		options: [
			{
				displayName: 'Mapping',
				name: 'mapping',
				values: [
					{ displayName: 'Site Code', name: 'site', type: 'string', default: '', placeholder: 'e.g. test-crm10', description: 'The retailCRM site (shop) code' },
					liveDropdown({
						displayName: 'Organization Name or ID',
						name: 'organization',
						loadOptionsMethod: 'getOrganizations',
						description: 'Empty: the default organization.',
					}),
					{
						displayName: 'Number Prefix',
						name: 'numberPrefix',
						type: 'string',
						default: '',
						placeholder: 'e.g. ИМ2',
						description: 'Empty: the default prefix. Give each shop its own prefix when two shops may have equal CRM numbers, so their 1C numbers stay unique.',
					},
				],
			},
		],
	},
	liveDropdown({
		displayName: 'Warehouse Name or ID',
		name: 'warehouse',
		loadOptionsMethod: 'getWarehouses',
		required: true,
		description: 'Warehouse of the orders (СкладГруппа); not a НТТ warehouse, which UT refuses on customer orders.',
	}),
	liveDropdown({
		displayName: 'Currency Name or ID',
		name: 'currency',
		loadOptionsMethod: 'getCurrencies',
		required: true,
		description:
			'Currency of the documents and of contracts created for new buyers; its rate is read from 1C. Amounts are never converted: an order in another retailCRM currency is refused (see retailCRM Currency).',
	}),
	liveDropdown({
		displayName: 'Price Type Name or ID',
		name: 'priceType',
		loadOptionsMethod: 'getPriceTypes',
		description: 'Price type written to the documents (ТипЦен).',
	}),
	{
		displayName: 'Match Offers By',
		name: 'offerMatch',
		type: 'options',
		default: 'externalId',
		options: [
			{ name: 'External ID (1C Item GUID or GUID#Characteristic GUID)', value: 'externalId', description: 'What the catalog export of this package writes' },
			{ name: 'XML ID (1C GUID or GUID#GUID)', value: 'xmlId' },
			{ name: 'Article (Артикул)', value: 'article' },
			{ name: 'Code (1C Item Code in XML ID or External ID)', value: 'code' },
		],
		description: 'How a retailCRM offer finds its 1C item (Номенклатура) and characteristic',
	},
	liveDropdown({
		displayName: 'Delivery Item Name or ID',
		name: 'deliveryItem',
		loadOptionsMethod: 'getServiceItems',
		description: 'Service item for the delivery cost line (Услуги). Orders with a delivery cost fail without it.',
	}),
	{
		displayName: 'Post',
		name: 'post',
		type: 'boolean',
		default: true,
		description:
			'Whether to post (провести) each document after writing it. A refusal by 1C leaves it written and unposted, sends the order to the error output with 1C\'s reason, and a later run posts it. Off, a document that was posted (by a 1C user) is still posted again after a change.',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to only say per order what would happen (create, update, restore, unchanged, cancel, conflict, skip, error), with the document and each reference found or to be created, and write nothing. An item\'s Posted is the document as it is now, before the run. Confirm Processed leaves the cursor and the retry list as they are for a dry run.',
	},
	optionsCollection([
		{
			displayName: 'Amount Includes VAT',
			name: 'amountIncludesVat',
			type: 'boolean',
			default: true,
			description: 'Whether retailCRM prices include VAT (СуммаВключаетНДС)',
		},
		{
			displayName: 'Contract Settlement',
			name: 'contractSettlement',
			type: 'options',
			default: 'ПоДоговоруВЦелом',
			options: [
				{ name: 'By Contract as a Whole', value: 'ПоДоговоруВЦелом' },
				{ name: 'By Orders', value: 'ПоЗаказам' },
			],
			description: 'Settlement mode of contracts created for buyers without a customer contract',
		},
		liveDropdown({
			displayName: 'Counterparty Folder Name or ID',
			name: 'counterpartyFolder',
			loadOptionsMethod: 'getCounterpartyFolders',
			description: 'Folder for counterparties created from retailCRM.',
		}),
		{
			displayName: 'Create Missing Items',
			name: 'createMissingItems',
			type: 'boolean',
			default: false,
			description:
				'Whether to create an item that is not in 1C (article or code matching only), and for a line without a catalog offer one item per product name (found by that name later), instead of failing the order. Uses the New Item Kind, Unit and Folder.',
		},
		{
			displayName: 'Default VAT Rate',
			name: 'defaultVatRate',
			type: 'options',
			default: 'БезНДС',
			options: VAT_RATE_NAMES.map((name) => ({ name, value: name })),
			description: 'Rate when neither the retailCRM line nor the 1C item gives one',
		},
		{
			displayName: 'Find Documents Keyed by Number (v0.1)',
			name: 'findLegacyKeys',
			type: 'boolean',
			default: true,
			description:
				'Whether documents written by version 0.1 of this package (keyed by the CRM order number) are found too; they are re-keyed by the CRM order ID on their next update',
		},
		{
			displayName: 'Include Manager Comment',
			name: 'includeManagerComment',
			type: 'boolean',
			default: false,
			description: 'Whether to add the manager\'s comment to the document comment (the customer\'s comment is always added)',
		},
		liveDropdown({
			displayName: 'Item for Lines Without Offer Name or ID',
			name: 'noOfferItem',
			loadOptionsMethod: 'getNomenclatureItems',
			description: '1C item for retailCRM lines without a catalog offer (typed into the order by hand); a service keeps the retailCRM product name in the row. Takes precedence over Create Missing Items.',
		}),
		{
			displayName: 'Keep on Update',
			name: 'keepOnUpdate',
			type: 'string',
			default: '',
			placeholder: 'e.g. Ответственный_Key, Комментарий',
			description: 'Document fields, separated by commas, that an update neither compares nor overwrites (e.g. edited by hand in 1C)',
		},
		{
			displayName: 'Keep VAT',
			name: 'keepVat',
			type: 'boolean',
			default: true,
			description: 'Whether the documents keep VAT (УчитыватьНДС)',
		},
		{
			displayName: 'Mark Cancelled Orders for Deletion',
			name: 'markOnCancel',
			type: 'boolean',
			default: false,
			description:
				'Whether the document of a cancelled or deleted order is also marked for deletion. It is always unposted (its reserves released) and its comment says why; if the order comes back, the document is restored.',
		},
		{
			displayName: 'Match by Contact Information',
			name: 'matchByContactInfo',
			type: 'boolean',
			default: false,
			description:
				'Whether buyers without ИНН are also looked up by phone and e-mail kept in 1C\'s contact information register (read once per run: one request that grows with the register). New counterparties then get their phones and e-mail written there (one request each).',
		},
		{
			displayName: 'Match Individuals by Name',
			name: 'matchByName',
			type: 'boolean',
			default: true,
			description: 'Whether buyers without ИНН not found by e-mail are looked up by exact name, as UT 10.3\'s own site exchange does. Namesakes then share one counterparty.',
		},
		liveDropdown({
			displayName: 'New Item Folder Name or ID',
			name: 'newItemFolder',
			loadOptionsMethod: 'getNomenclatureFolders',
			description: 'Folder for created items.',
		}),
		liveDropdown({
			displayName: 'New Item Kind Name or ID',
			name: 'newItemKind',
			loadOptionsMethod: 'getItemKinds',
			description: 'Item kind (ВидНоменклатуры) of created items.',
		}),
		liveDropdown({
			displayName: 'New Item Unit Name or ID',
			name: 'newItemUnit',
			loadOptionsMethod: 'getUnitClassifier',
			description: 'Unit of created items, from the unit classifier.',
		}),
		{
			displayName: 'Number Prefix',
			name: 'numberPrefix',
			type: 'string',
			default: 'ЦРМ',
			description: 'Document number = prefix + zero-padded CRM number, 11 characters in all',
		},
		{
			displayName: 'Numbering',
			name: 'numberMode',
			type: 'options',
			default: 'prefix',
			options: [
				{ name: 'Prefix + CRM Number', value: 'prefix' },
				{ name: 'Left to 1C', value: 'onec' },
			],
			description: 'The CRM number always goes to НомерВходящегоДокументаЭлектронногоОбмена',
		},
		{
			displayName: 'Reserve Stock',
			name: 'reserve',
			type: 'boolean',
			default: false,
			description: 'Whether goods rows name the warehouse (Размещение), which reserves stock when the document is posted',
		},
		liveDropdown({
			displayName: 'Responsible Name or ID',
			name: 'responsible',
			loadOptionsMethod: 'getUsers',
			description: '1C user written as responsible (Ответственный).',
		}),
		{
			displayName: 'retailCRM Currency',
			name: 'crmCurrency',
			type: 'string',
			default: '',
			placeholder: 'e.g. RUB',
			description:
				'ISO letters of the retailCRM orders written in the Currency above. Empty: those of that 1C currency, by its Код (643 → RUB, 398 → KZT) or its name (руб. → RUB). An order in another currency goes to the error output with a message naming its currency, and nothing is written for it; an order that names no currency is written.',
		},
		{
			displayName: 'Several Shops Feed This Base',
			name: 'severalShops',
			type: 'boolean',
			default: false,
			description: 'Whether the CRM key in 1C is "&lt;site&gt;:&lt;number&gt;", because order numbers are unique per shop only',
		},
		{
			displayName: 'VAT Rate Source',
			name: 'vatSource',
			type: 'options',
			default: 'crm',
			options: [
				{ name: 'RetailCRM Line (Else 1C Item)', value: 'crm' },
				{ name: '1C Item (Else RetailCRM Line)', value: 'onec' },
			],
		},
		{
			displayName: 'Write Phones and E-Mail of New Counterparties',
			name: 'writeContactInfo',
			type: 'boolean',
			default: false,
			description:
				'Whether counterparties created from retailCRM get their phones and e-mail in 1C\'s contact information, as UT\'s own site exchange writes them (one 1C request each). Always on with Match by Contact Information.',
		},
		{
			displayName: 'Zero-Sum Lines',
			name: 'zeroSumLines',
			type: 'options',
			default: 'refuse',
			options: [
				{ name: 'Refuse the Order (Name the 1C Right)', value: 'refuse', description: 'Nothing is written; the error names the line and the right to grant' },
				{ name: 'Write (the 1C User May Post Zero Prices)', value: 'write', description: 'The 1C user of n8n has РазрешитьНулевыеЦеныВОпте (or …ВРознице for a retail warehouse)' },
			],
			description: 'Gift lines (100 % discount or zero price): UT 10.3 posts them only for a 1C user with the additional right "Разрешить нулевые цены в оптовой торговле"',
		},
	]),
]);

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

const SETTING_NAMES: Record<string, string> = {
	organization: 'Organization',
	warehouse: 'Warehouse',
	currency: 'Currency',
	priceType: 'Price Type',
	deliveryItem: 'Delivery Item',
	offerMatch: 'Match Offers By',
	responsible: 'Responsible',
	counterpartyFolder: 'Counterparty Folder',
	newItemKind: 'New Item Kind',
	newItemUnit: 'New Item Unit',
	newItemFolder: 'New Item Folder',
	noOfferItem: 'Item for Lines Without Offer',
	numberPrefix: 'Number Prefix',
	keepOnUpdate: 'Keep on Update',
	crmCurrency: 'retailCRM Currency',
};

/** A text setting (a GUID, a prefix): an expression that returns an object or a list is refused, not read as empty. */
function textSetting(name: string, value: unknown): unknown {
	if (value === undefined || value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
	const what = Array.isArray(value) ? 'a list' : 'an object';
	throw new Error(`The setting "${SETTING_NAMES[name] ?? name}" must be text (a 1C Ref_Key or a code), got ${what}: ${JSON.stringify(value).slice(0, 60)}`);
}

/** The node's settings (read at item 0: the whole input is one batch with shared look-ups). */
export function readUpsertOptions(context: IExecuteFunctions): UpsertOptions {
	const p = (name: string, fallback: unknown = '') => textSetting(name, context.getNodeParameter(name, 0, fallback) as unknown);
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	for (const [name, value] of Object.entries(options)) if (name in SETTING_NAMES) textSetting(name, value);
	const mappings = ((context.getNodeParameter('organizationsBySite', 0, {}) as IDataObject).mapping ?? []) as Array<{ site?: string; organization?: string; numberPrefix?: string }>;
	const organizationBySite: Record<string, string> = {};
	const numberPrefixBySite: Record<string, string> = {};
	for (const m of mappings) {
		if (text(m.site) && text(m.organization)) organizationBySite[text(m.site)] = text(m.organization);
		if (text(m.site) && text(m.numberPrefix)) numberPrefixBySite[text(m.site)] = text(m.numberPrefix);
	}
	const out: UpsertOptions = {
		organizationKey: text(p('organization')),
		organizationBySite,
		numberPrefixBySite,
		warehouseKey: text(p('warehouse')),
		currencyKey: text(p('currency')),
		offerMatch: (text(p('offerMatch', 'externalId')) || 'externalId') as OfferMatchStrategy,
		post: p('post', true) !== false,
		dryRun: p('dryRun', false) === true,
		includeSite: options.severalShops === true,
		numberMode: options.numberMode === 'onec' ? 'onec' : 'prefix',
		matchByName: options.matchByName !== false,
		matchByContactInfo: options.matchByContactInfo === true,
		createMissingItems: options.createMissingItems === true,
		zeroSumLines: options.zeroSumLines === 'write' ? 'write' : 'refuse',
		markOnCancel: options.markOnCancel === true,
		findLegacyKeys: options.findLegacyKeys !== false,
	};
	if (typeof options.crmCurrency === 'string' && options.crmCurrency.trim()) {
		if (!/^[A-Za-z]{3}$/.test(options.crmCurrency.trim())) {
			throw new Error(`The setting "retailCRM Currency" must be ISO 4217 letters (RUB, KZT …), got "${options.crmCurrency.trim().slice(0, 20)}"`);
		}
		out.crmCurrency = options.crmCurrency.trim().toUpperCase();
	}
	// Unset follows Match by Contact Information (core default).
	if (options.writeContactInfo === true) out.writeContactInfo = true;
	const optional: Array<[keyof UpsertOptions, string]> = [
		['priceTypeKey', text(p('priceType'))],
		['deliveryItemKey', text(p('deliveryItem'))],
		['responsibleKey', text(options.responsible)],
		['counterpartyFolderKey', text(options.counterpartyFolder)],
		['newItemKindKey', text(options.newItemKind)],
		['newItemUnitKey', text(options.newItemUnit)],
		['newItemFolderKey', text(options.newItemFolder)],
		['noOfferItemKey', text(options.noOfferItem)],
	];
	for (const [key, value] of optional) if (value) (out as unknown as Record<string, string>)[key] = value;
	if (typeof options.numberPrefix === 'string') out.numberPrefix = options.numberPrefix.trim();
	if (typeof options.keepVat === 'boolean') out.keepVat = options.keepVat;
	if (typeof options.amountIncludesVat === 'boolean') out.amountIncludesVat = options.amountIncludesVat;
	if (typeof options.reserve === 'boolean') out.reserve = options.reserve;
	if (typeof options.includeManagerComment === 'boolean') out.includeManagerComment = options.includeManagerComment;
	if (options.vatSource === 'crm' || options.vatSource === 'onec') out.vatSource = options.vatSource;
	if (typeof options.defaultVatRate === 'string' && options.defaultVatRate) out.defaultVatRate = options.defaultVatRate as VatRateName;
	if (typeof options.keepOnUpdate === 'string' && options.keepOnUpdate.trim()) {
		out.keepOnUpdate = options.keepOnUpdate.split(',').map((f) => f.trim()).filter((f) => f !== '');
	}
	if (typeof options.contractSettlement === 'string' && options.contractSettlement) out.contractSettlement = options.contractSettlement as SettlementMode;
	return out;
}

function resultJson(r: UpsertResult): IDataObject {
	const json: IDataObject = {
		ref: r.ref ?? null,
		number: r.number ?? null,
		posted: r.posted,
		...(r.postedInRun ? { postedInRun: true } : {}),
		action: r.action,
		intent: r.intent,
		crmOrderId: r.crmOrderId,
		crmOrderNumber: r.crmOrderNumber,
		site: r.site,
		total: r.total,
		crmExternalId: r.crmExternalId ?? null,
		crmCustomFields: (r.crmCustomFields ?? {}) as IDataObject,
	};
	if (r.changes) json.changes = r.changes;
	if (r.skipReason) json.skipReason = r.skipReason;
	if (r.conflict) json.conflict = r.conflict as unknown as IDataObject;
	if (r.duplicatesRetired) json.duplicatesRetired = r.duplicatesRetired;
	if (r.recheck) json.recheck = true;
	if (r.recheckOrders) json.recheckOrders = r.recheckOrders;
	if (r.notes) json.notes = r.notes;
	if (r.dryRun) json.dryRun = r.dryRun as unknown as IDataObject;
	return json;
}

function failureJson(f: UpsertFailure): IDataObject {
	const json: IDataObject = { error: f.error, crmOrderId: f.crmOrderId, crmOrderNumber: f.crmOrderNumber, site: f.site };
	if (f.field) json.field = f.field;
	if (f.offer) json.offer = f.offer;
	if (f.reason) json.reason = f.reason;
	if (f.ref) json.ref = f.ref;
	if (f.number) json.number = f.number;
	if (f.oneCReason) json.oneCReason = f.oneCReason;
	if (f.leftUnposted) json.leftUnposted = f.leftUnposted;
	return json;
}

/** This node's static data: the documents to post again (core/sync/orders/onec-writer/post-again.ts). */
const POST_AGAIN_KEY = 'postAgain';

export async function execute(this: IExecuteFunctions, client: OneCClient): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const orders = items.map((item) => item.json as unknown as CrmOrderLike);
	let options: UpsertOptions = { dryRun: this.getNodeParameter('dryRun', 0, false) === true } as UpsertOptions;
	return await wholeRun(
		this,
		async () => {
			options = readUpsertOptions(this);
			// Documents an earlier run left unposted although they were posted: posted again whatever Post says.
			const waiting = readState<PostAgainState>(this, 'node', POST_AGAIN_KEY, emptyPostAgain);
			const outcomes = await upsertCustomerOrders(client, orders, { ...options, postAgain: postAgainSet(waiting) }, { log: (message) => this.logger.info(message) });
			const next = options.dryRun ? undefined : nextPostAgain(waiting, outcomes);
			if (next !== undefined) writeState(this, 'node', POST_AGAIN_KEY, next);
			return outcomeItems(this, outcomes, options);
		},
		// The whole run failed (a setting, 1C unreachable during the look-ups): no order was written.
		(nodeError) => {
			const toErrorOutput = this.getNode().onError === 'continueErrorOutput' && !options.dryRun;
			return items.map((item, index) => ({
				json: toErrorOutput
					? { error: nodeError.message }
					: { error: nodeError.message, crmOrderId: (item.json.id as number) ?? null, crmOrderNumber: String(item.json.number ?? ''), site: String(item.json.site ?? ''), ...(options.dryRun ? { action: 'error', dryRun: true } : {}) },
				pairedItem: { item: index },
			}));
		},
	);
}

/** One output item per order: its result, or its failure (which stops the node unless "Continue On Fail"). */
function outcomeItems(ctx: IExecuteFunctions, outcomes: Awaited<ReturnType<typeof upsertCustomerOrders>>, options: UpsertOptions): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	for (const outcome of outcomes) {
		if (outcome.ok) {
			out.push({ json: resultJson(outcome), pairedItem: { item: outcome.index } });
			continue;
		}
		if (options.dryRun) {
			// A dry run reports what would fail next to what would succeed, and nothing downstream settles it.
			out.push({ json: { ...failureJson(outcome), action: 'error', dryRun: true }, pairedItem: { item: outcome.index } });
			continue;
		}
		itemFailure(
			ctx,
			new NodeOperationError(ctx.getNode(), outcome.error, {
				itemIndex: outcome.index,
				description: outcome.offer ? `Offer: ${outcome.offer}` : outcome.field ? `Field: ${outcome.field}` : undefined,
			}),
			outcome.index,
		);
		// n8n routes an item to the error output only when its json is `{ error }` alone (an item with `.error` set
		// gets its json replaced by the bare message), and then merges the input item (the CRM order with its id,
		// number, site and syncIntent) under it. With the regular output the fields are spelled out.
		const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
		out.push({ json: toErrorOutput ? { error: outcome.error } : failureJson(outcome), pairedItem: { item: outcome.index } });
	}
	return out;
}
