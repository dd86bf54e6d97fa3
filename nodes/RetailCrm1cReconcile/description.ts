import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { currencyOption, foldersOption, itemLevelStockOption, vatOption } from '../shared/onec-options';
import { DEFAULT_LINK_FIELDS, scopeProperties, sitesOption } from '../shared/sync-scope';
import { liveColumn, liveDropdown } from '../shared/live-options-field';
import { priceTypeMappingTable, warehouseMappingTable } from '../shared/mapping-table';

const orders = { compareOrders: [true] };
const stock = { compareStock: [true] };
const prices = { comparePrices: [true] };

export const properties: INodeProperties[] = [
	{
		displayName:
			'Compares retailCRM with 1C and outputs a summary item carrying reconciliation.html first, then one item per discrepancy (both sides\' values and the fix). It only reads: nothing is written to either system.',
		name: 'reconcileNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Compare Orders',
		name: 'compareOrders',
		type: 'boolean',
		default: true,
		description:
			'Whether to compare the orders created in the period with their 1C documents: missing, duplicated, totals and lines, posted state, and 1C documents whose order is gone',
	},
	{
		displayName: 'Orders Created From',
		name: 'from',
		type: 'dateTime',
		default: '',
		displayOptions: { show: orders },
		description: 'In the account\'s time zone. Empty: 30 days before now.',
	},
	{
		displayName: 'Orders Created To',
		name: 'to',
		type: 'dateTime',
		default: '',
		displayOptions: { show: orders },
		description: 'In the account\'s time zone. Empty: now. A date alone means the end of that day.',
	},
	...updateDisplayOptions({ show: orders }, scopeProperties),
	{
		displayName: 'Order Options',
		name: 'orderOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: orders },
		options: [
			{
				displayName: 'Find Documents Keyed by Number (v0.1)',
				name: 'findLegacyKeys',
				type: 'boolean',
				default: true,
				description: 'Whether documents written by version 0.1 (keyed by the CRM order number) count as the order\'s documents too',
			},
			{
				displayName: 'Loaded-Order Custom Fields',
				name: 'linkFields',
				type: 'string',
				default: DEFAULT_LINK_FIELDS,
				description:
					'Order custom fields (codes, separated by commas) the write-back fills: an order with one of them, or with a 1C GUID as external ID, is expected in 1C whatever its status',
			},
			{
				displayName: 'Several Shops Feed This Base',
				name: 'includeSite',
				type: 'boolean',
				default: false,
				description: 'Whether documents are keyed &lt;site&gt;#&lt;order ID&gt;, as the 1C node writes them with the option of the same name',
			},
			sitesOption,
		],
	},
	{
		displayName: 'Compare Stock',
		name: 'compareStock',
		type: 'boolean',
		default: true,
		description: 'Whether to compare retailCRM\'s stock per offer and store with the 1C balance of the warehouses mapped to that store',
	},
	warehouseMappingTable(
		{
			displayOptions: { show: stock },
			description: 'The same mapping as the stock workflow\'s Upload Stock: which retailCRM store each 1C warehouse goes to',
		},
		liveColumn({ displayName: '1C Warehouse Name or ID', name: 'warehouse', loadOptionsMethod: 'getWarehouses' }),
	),
	{
		displayName: 'Free Stock',
		name: 'freeStock',
		type: 'boolean',
		default: false,
		displayOptions: { show: stock },
		description: 'Whether 1C\'s side is the free stock (minus reserves and goods to be shipped), as the stock workflow\'s Get Balances may read it',
	},
	{
		displayName: 'Compare Prices',
		name: 'comparePrices',
		type: 'boolean',
		default: true,
		description: 'Whether to compare retailCRM\'s prices per offer and price type with the 1C prices of the type mapped to it',
	},
	priceTypeMappingTable(
		{
			displayOptions: { show: prices },
			description: 'The same mapping as the stock workflow\'s Upload Prices: which retailCRM price type each 1C price type goes to',
		},
		liveColumn({ displayName: '1C Price Type Name or ID', name: 'priceType', loadOptionsMethod: 'getPriceTypes' }),
		'getCrmPriceTypes',
	),
	{
		displayName: 'Catalog Options',
		name: 'catalogOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'For stock and prices',
		options: [
			{ ...currencyOption, description: `For prices: ${currencyOption.description}` },
			foldersOption,
			{
				displayName: 'Offer Identifier Is',
				name: 'identifierKind',
				type: 'options',
				default: 'externalId',
				options: [
					{ name: 'External ID', value: 'externalId', description: 'The retailCRM offers carry the 1C offer key as external ID (the catalog workflow writes it so)' },
					{ name: 'XML ID', value: 'xmlId', description: 'The retailCRM offers carry the 1C offer key as XML ID' },
				],
			},
			liveDropdown({
				displayName: 'Site Name or ID',
				name: 'site',
				loadOptionsMethod: 'getSitesOrNone',
				description: 'Only offers of this store (site).',
			}),
			itemLevelStockOption,
			vatOption,
		],
	},
];
