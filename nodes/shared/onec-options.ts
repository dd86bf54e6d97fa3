import type { INodeProperties } from 'n8n-workflow';
import { liveDropdown, liveMultiSelect } from './live-options-field';

/** 1C read options shown by the 1C UT10 Store node (Get Items, Get Prices, Get Balances) and the reconciliation node. */

export const currencyOption = liveDropdown({
	displayName: 'Currency Name or ID',
	name: 'currency',
	loadOptionsMethod: 'getCurrencies',
	description: 'Convert every price to this currency at the 1C exchange rate (КурсыВалют) on the price date, e.g. roubles for a retailCRM shop in roubles. Empty: each price type keeps its own currency.',
});

export const vatOption: INodeProperties = {
	displayName: 'VAT',
	name: 'vat',
	type: 'options',
	default: 'gross',
	options: [
		{
			name: 'Add to Net Prices',
			value: 'gross',
			description: "Prices of a price type without VAT (ЦенаВключаетНДС off) get the item's VAT rate, as retailCRM expects prices with VAT",
		},
		{ name: 'As in 1C', value: 'asIs', description: 'Every price as its price type holds it' },
	],
	description: 'Whether net prices get VAT. The output shows the price type\'s own figure and the VAT added.',
};

export const itemLevelStockOption: INodeProperties = {
	displayName: 'Stock Without Characteristic',
	name: 'itemLevelStock',
	type: 'options',
	default: 'singleOffer',
	options: [
		{ name: 'To the Only Characteristic', value: 'singleOffer', description: 'An item with one characteristic gets it there; with several it is left out' },
		{ name: 'Leave Out', value: 'drop' },
	],
	description:
		'Stock 1C holds without a characteristic for an item kept by characteristics: retailCRM has no offer for the item alone (its offers are item#characteristic). What was moved or left out is shown as a hint and logged.',
};

export const foldersOption = liveMultiSelect({
	displayName: 'Nomenclature Folder Names or IDs',
	name: 'folders',
	loadOptionsMethod: 'getNomenclatureFolders',
	description: 'Only items in these folders and their sub-folders.',
});
