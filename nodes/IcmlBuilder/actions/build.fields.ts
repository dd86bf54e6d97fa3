import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_VARIANT_PATTERN } from '../../core/icml/grouping';
import { DEFAULT_UNIT_CODES } from '../../core/icml/unit-codes';
import { optionsCollection } from '../../shared/options-collection';
import { catalogReadFields, catalogReadOptions } from '../../OneCUt10Store/actions/catalog/getItems.operation';

const showOn = (field: string, values: string[]) => ({ show: { [field]: values } });

/** Field mappings. Defaults read the 1C UT10 Store node's Catalog → Get Items output. */
const offerFields: INodeProperties[] = [
	{
		displayName: 'Offer ID',
		name: 'offerId',
		type: 'string',
		default: '={{ $json.offerKey }}',
		required: true,
		description: 'Unique offer ID: the offer\'s external ID in retailCRM. From 1C: the item GUID, or item#characteristic GUIDs.',
	},
	{
		displayName: 'Offer Name',
		name: 'offerName',
		type: 'string',
		default: '={{ $json.name }}',
		required: true,
	},
	{
		displayName: 'Product Name',
		name: 'productName',
		type: 'string',
		default: '={{ $json.productName }}',
		description: 'Name of the product card the offer belongs to. Ignored by grouping "By Name Pattern", which derives it from the offer name.',
	},
	{
		displayName: 'Price',
		name: 'price',
		type: 'string',
		default: '={{ $json.price }}',
		description: 'Base price (ICML &lt;price&gt;). Numbers like "1 299,50" are read too.',
	},
	{
		displayName: 'Purchase Price',
		name: 'purchasePrice',
		type: 'string',
		default: '={{ $json.purchasePrice }}',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'string',
		default: '={{ $json.quantity }}',
		description: 'Total stock of the offer (ICML has no per-warehouse stock)',
	},
	{
		displayName: 'Category ID',
		name: 'categoryId',
		type: 'string',
		default: '={{ $json.categoryId }}',
		description: 'ID of the offer\'s category; must be one of the categories of the file',
	},
	{
		displayName: 'XML ID',
		name: 'xmlId',
		type: 'string',
		default: '={{ $json.offerKey }}',
		description: 'ICML &lt;xmlId&gt;, the key stock and price uploads may match offers by',
	},
	{
		displayName: 'Article',
		name: 'article',
		type: 'string',
		default: '={{ $json.article }}',
	},
	{
		displayName: 'Unit',
		name: 'unit',
		type: 'string',
		default: '={{ $json.unit }}',
		description: 'An object {code, name, sym}; a 1C OKEI code (796 = pieces) is written as your retailCRM unit\'s code (Options → Unit Codes)',
	},
	{
		displayName: 'VAT Rate',
		name: 'vatRate',
		type: 'string',
		default: '={{ $json.vatRate }}',
		description: '"none" or a rate such as 20, 10, 0',
	},
	{
		displayName: 'Weight (Kg)',
		name: 'weight',
		type: 'string',
		default: '={{ $json.weight }}',
	},
	{
		displayName: 'Barcodes',
		name: 'barcodes',
		type: 'string',
		default: '={{ $json.barcodes }}',
		description: 'An array of barcodes, or one string with barcodes separated by commas',
	},
	{
		displayName: 'Type',
		name: 'offerType',
		type: 'string',
		default: '={{ $json.isService }}',
		description: '"product" or "service" (ICML offer@type), or a boolean: true = service. Leave empty to omit.',
	},
];

const categoryFields: INodeProperties[] = [
	{
		displayName: 'Categories',
		name: 'categorySource',
		type: 'options',
		default: 'folderChain',
		options: [
			{
				name: "From Offers' Folder Chain",
				value: 'folderChain',
				description: 'Each offer\'s folder chain (1C Get Items "folders"), or its category ID and name',
			},
			{
				name: 'From Input Items With Field…',
				value: 'inputItems',
				description: 'Input items that have a given field are categories (e.g. 1C Get Folders merged with Get Items)',
			},
			{ name: 'JSON List', value: 'json', description: 'A fixed list typed here' },
		],
	},
	{
		displayName: 'Folder Chain',
		name: 'folderChain',
		type: 'string',
		default: '={{ $json.folders }}',
		displayOptions: showOn('categorySource', ['folderChain']),
		description: 'Array of the offer\'s folders, root first, each {ref, name} (or {ID, name}); each becomes a category under the one before it',
	},
	{
		displayName: 'Category Name',
		name: 'categoryName',
		type: 'string',
		default: '={{ $json.categoryName }}',
		displayOptions: showOn('categorySource', ['folderChain']),
		description: 'Used when an offer has no folder chain: its category ID and this name make a top-level category',
	},
	{
		displayName: 'Items With Field',
		name: 'categoryMarkerField',
		type: 'string',
		default: 'level',
		displayOptions: showOn('categorySource', ['inputItems']),
		description: 'Input items that have this field are categories, all others are offers. 1C Get Folders items have "level".',
	},
	{
		displayName: 'Category ID',
		name: 'categoryItemId',
		type: 'string',
		default: '={{ $json.ref }}',
		displayOptions: showOn('categorySource', ['inputItems']),
	},
	{
		displayName: 'Category Name',
		name: 'categoryItemName',
		type: 'string',
		default: '={{ $json.name }}',
		displayOptions: showOn('categorySource', ['inputItems']),
	},
	{
		displayName: 'Parent Category ID',
		name: 'categoryItemParentId',
		type: 'string',
		default: '={{ $json.parentRef }}',
		displayOptions: showOn('categorySource', ['inputItems']),
		description: 'Empty for a top-level category',
	},
	{
		displayName: 'Categories (JSON)',
		name: 'categoriesJson',
		type: 'json',
		default: '[\n  { "id": "1", "name": "Товары" }\n]',
		displayOptions: showOn('categorySource', ['json']),
		description: 'Array of categories as in the example; parentId is optional',
	},
];

const groupingFields: INodeProperties[] = [
	{
		displayName: 'Group Offers Into Products',
		name: 'grouping',
		type: 'options',
		default: 'namePattern',
		options: [
			{
				name: 'By 1C Characteristics',
				value: 'characteristics',
				description: 'Offer ID "GUID#characteristicGUID" belongs to product "GUID"; any other ID is its own product',
			},
			{
				name: 'By Name Pattern',
				value: 'namePattern',
				description:
					'Separate items of one category whose names differ only by a variant suffix: "Jeans (48)" and "Jeans (50)" → product "Jeans". The product ID is the 1C key of one of its items, kept across renames and moves.',
			},
			{ name: 'By Field', value: 'field', description: 'An expression gives each offer\'s product ID' },
			{ name: 'None', value: 'none', description: 'Each offer is its own product' },
		],
		description: 'How retailCRM folds offers (sizes, colours) into product cards',
	},
	{
		displayName: 'Variant Suffix Pattern',
		name: 'namePattern',
		type: 'string',
		default: DEFAULT_VARIANT_PATTERN,
		displayOptions: showOn('grouping', ['namePattern']),
		description:
			'Regular expression of the variant part at the end of an item name; the rest is the product name. Default: a size in parentheses — (48), (48-50), (42/170), (M), (XL) — so "Glue (0.5 l)" is no variant. Items without it, and a variant alone in its category, keep their whole name. For any trailing "( … )" use \\s*\\([^()]*\\)\\s*$',
	},
	{
		displayName: 'Product ID',
		name: 'productIdField',
		type: 'string',
		default: '={{ $json.productKey }}',
		displayOptions: showOn('grouping', ['field']),
		description: 'Offers with the same value form one product; an offer without a value is its own product',
	},
];

/** "Build From 1C" reads 1C itself (buildFromOneC.operation.ts): what Get Items would be set to, shown only then. */
const DIRECT = 'buildFromOneC';
const onlyDirect = (field: INodeProperties): INodeProperties => ({ ...field, displayOptions: { ...field.displayOptions, show: { ...field.displayOptions?.show, operation: [DIRECT] } } });
/** Fields of "Build From Input Items" alone: the mappings, category sources and per-offer expressions. */
const notDirect = (field: INodeProperties): INodeProperties => ({ ...field, displayOptions: { ...field.displayOptions, hide: { ...field.displayOptions?.hide, operation: [DIRECT] } } });

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Build From Input Items',
			value: 'build',
			action: 'Build a catalog from input items',
			description: 'Offers from the input items (1C Get Items or any other source), each field mapped by an expression',
		},
		{
			name: 'Build From 1C',
			value: DIRECT,
			action: 'Build a catalog from 1C',
			description: "Reads the catalog from 1C itself with Get Items' settings: no offer passes through n8n, for large catalogs",
		},
	],
	default: 'build',
};

/** The ICML Builder's fields (build.operation.ts and buildFromOneC.operation.ts read them). */
export const description: INodeProperties[] = [
	operationField,
	...catalogReadFields
		.map((field) =>
			field.name === 'joinStockAndPrices'
				? { ...field, description: 'Whether to add quantity (total over the chosen warehouses), price and purchase price to each offer read from 1C, for the file\'s &lt;quantity&gt;, &lt;price&gt; and &lt;purchasePrice&gt;' }
				: field,
		)
		.map(onlyDirect),
	onlyDirect({
		displayName: '1C Options',
		name: 'oneCOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: catalogReadOptions,
	}),
	onlyDirect({
		displayName:
			'Reads the offers of the chosen folders from 1C (as 1C UT10 Store → Catalog → Get Items with these settings would) and maps them as the Get Items → ICML Builder template does: offer ID and XML ID = offerKey, the folder chain as categories. No offer enters n8n\'s run data, so this is the choice for large catalogs; for other mappings use Build From Input Items.',
		name: 'directNotice',
		type: 'notice',
		default: '',
	}),
	notDirect({
		displayName:
			'Builds ONE ICML file from all input items (offers, and categories if chosen), one item per offer or batches of offers (the 1C node\'s Output "Batches of Rows"). Field defaults read the 1C UT10 Store node\'s Catalog → Get Items output. Mappings like {{ $json.field }} are read directly (from each row of a batch); other expressions run once per item, which is slow on catalogs of 100,000 offers and not possible per row of a batch.',
		name: 'notice',
		type: 'notice',
		default: '',
	}),
	{
		displayName: 'Shop Name',
		name: 'shopName',
		type: 'string',
		default: '',
		required: true,
		description: 'ICML &lt;shop&gt;&lt;name&gt;',
	},
	{
		displayName: 'Company',
		name: 'company',
		type: 'string',
		default: '',
		required: true,
		description: 'ICML &lt;company&gt;: the legal name of the shop\'s company',
	},
	...offerFields.map(notDirect),
	...categoryFields.map(notDirect),
	...groupingFields.map((field) => (field.name === 'productIdField' ? notDirect(field) : field)),
	notDirect({
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Picture URLs',
				name: 'pictures',
				type: 'string',
				default: '',
				description: 'An array of http(s) URLs, or one string with URLs separated by commas',
			},
			{
				displayName: 'Product Active',
				name: 'productActivity',
				type: 'string',
				default: '',
				description: 'ICML &lt;productActivity&gt;: true/false, Y/N; leave empty to omit',
			},
			{
				displayName: 'Properties',
				name: 'params',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Property',
				description: 'ICML &lt;param&gt; per offer (size, colour…); a property whose value is empty is left out for that offer',
				options: [
					{
						displayName: 'Property',
						name: 'param',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Label shown in retailCRM, e.g. Размер' },
							{ displayName: 'Code', name: 'code', type: 'string', default: '', description: 'Machine code, e.g. size' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				description: 'Offer page on the website',
			},
			{
				displayName: 'Vendor',
				name: 'vendor',
				type: 'string',
				default: '',
				description: 'Manufacturer (ICML &lt;vendor&gt;)',
			},
		],
	}),
	optionsCollection([
		{
			displayName: 'Allow Empty Catalog',
			name: 'allowEmptyCatalog',
			type: 'boolean',
			default: false,
			description: 'Whether a file without offers may be built. Off by default: retailCRM replaces the catalog with the file, so an empty one would empty the shop.',
		},
		{
			displayName: 'Also Write to File Path',
			name: 'filePath',
			type: 'string',
			default: '',
			placeholder: '~/.n8n-files/catalog.xml',
			description:
				'Also write the file here, for a web server to serve. "~" is the home folder of the user n8n runs as (/home/node in the Docker image); missing folders are created. Only where n8n lets nodes write: n8n 2.x allows only ~/.n8n-files unless N8N_RESTRICT_FILE_ACCESS_TO says otherwise. Written to a temporary file first and renamed over the target, so a web server never serves half a file.',
		},
		{
			displayName: 'Article Property Name',
			name: 'articleParamName',
			type: 'string',
			default: 'Артикул',
			description: 'Label of the &lt;param code="article"&gt; holding the article',
		},
		{
			displayName: 'Errors Listed',
			name: 'errorsListed',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 10,
			description: 'How many validation errors the error message lists',
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: 'catalog.xml',
		},
		{
			displayName: 'Missing Quantity',
			name: 'missingQuantity',
			type: 'options',
			default: 'zero',
			options: [
				{ name: 'Write 0', value: 'zero' },
				{ name: 'Leave Out', value: 'omit' },
			],
			description: 'What to write for an offer without a quantity',
		},
		{
			displayName: 'Negative Quantity',
			name: 'negativeQuantity',
			type: 'options',
			default: 'zero',
			options: [
				{ name: 'Write 0 With a Warning', value: 'zero' },
				{ name: 'Stop With an Error', value: 'error' },
			],
			description: '1C may hold negative balances; by default they are written as 0',
		},
		{
			displayName: 'Offers Without Price',
			name: 'offersWithoutPrice',
			type: 'options',
			default: 'error',
			options: [
				{ name: 'Stop With an Error', value: 'error' },
				{ name: 'Leave Out With a Warning', value: 'skip', description: 'E.g. kits or items nobody priced in 1C; retailCRM deactivates them.' },
				{ name: 'Write Without Price', value: 'allow', description: 'A price of 0 is then a warning, not an error' },
			],
			description: 'What to do with an offer that has no price. A price of 0 is an error unless "Write Without Price" is chosen.',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary field of the output item that holds the file',
		},
		{
			displayName: 'Quantity Format',
			name: 'quantityFormat',
			type: 'options',
			default: 'integer',
			options: [
				{ name: 'Integer (Floored)', value: 'integer' },
				{ name: 'Decimal (Up to 3 Places)', value: 'decimal' },
			],
		},
		{
			displayName: 'Unit Codes',
			name: 'unitCodes',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: 'Add Unit',
			description: `1C unit code (OKEI) → code of your retailCRM unit, on top of the built-in table ${Object.entries(DEFAULT_UNIT_CODES)
				.map(([from, to]) => `${from} → ${to}`)
				.join(', ')}. A code in neither is written as it is, with a warning.`,
			options: [
				{
					displayName: 'Unit',
					name: 'unit',
					values: [
						{ displayName: '1C Code', name: 'oneCCode', type: 'string', default: '', placeholder: 'e.g. 778' },
						{ displayName: 'retailCRM Code', name: 'crmCode', type: 'string', default: '', placeholder: 'e.g. pack' },
					],
				},
			],
		},
	]),
];
