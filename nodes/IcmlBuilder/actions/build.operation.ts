import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { buildIcml, IcmlValidationError, type BuildIcmlOptions } from '../../core/icml/build';
import { CategoryCollector, categoryFromValues, IcmlCategoryListError, parseCategoryList } from '../../core/icml/categories-from-folders';
import { dropOffersWithoutPrice, GROUP_FIELD, offerFromValues, type OfferFieldValues } from '../../core/icml/from-items';
import { DEFAULT_VARIANT_PATTERN, IcmlConfigError, type GroupingRule } from '../../core/icml/grouping';
import { listIssues, summarizeIssue, type IcmlIssueSummary } from '../../core/icml/issue-report';
import type { IcmlOffer } from '../../core/icml/types';
import { applyUnitCodes, DEFAULT_UNIT_CODES, unitCodeTable } from '../../core/icml/unit-codes';
import type { FieldReader } from '../../shared/field-reader';
import { rowFieldReader, rowSource, type RowSource } from '../../shared/row-items';
import { FileNotWritableError, writeFileAtomically } from '../helpers/atomic-write';
import { chunkStream } from '../helpers/chunk-stream';
import { rememberedProductIds, saveProductIds } from '../helpers/product-id-memory';

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

export const description: INodeProperties[] = [
	{
		displayName:
			'Builds ONE ICML file from all input items (offers, and categories if chosen), one item per offer or batches of offers (the 1C node\'s Output "Batches of Rows"). Field defaults read the 1C UT10 Store node\'s Catalog → Get Items output. Mappings like {{ $json.field }} are read directly (from each row of a batch); other expressions run once per item, which is slow on catalogs of 100,000 offers and not possible per row of a batch.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
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
	...offerFields,
	...categoryFields,
	...groupingFields,
	{
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
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
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
		],
	},
];

/** Warnings copied into the output item (the count is always complete). */
const WARNINGS_IN_OUTPUT = 100;
/** Groups formed by "By Name Pattern" copied into the output item (groupCount is complete). */
const GROUPS_IN_OUTPUT = 100;

type CategorySource = 'folderChain' | 'inputItems' | 'json';

/** Offer field → node parameter holding its mapping. */
const OFFER_PARAMS: Array<[keyof OfferFieldValues, string]> = [
	['id', 'offerId'],
	['name', 'offerName'],
	['productName', 'productName'],
	['price', 'price'],
	['purchasePrice', 'purchasePrice'],
	['quantity', 'quantity'],
	['categoryId', 'categoryId'],
	['xmlId', 'xmlId'],
	['article', 'article'],
	['unit', 'unit'],
	['vatRate', 'vatRate'],
	['weight', 'weight'],
	['barcodes', 'barcodes'],
	['type', 'offerType'],
	['pictures', 'additionalFields.pictures'],
	['productActivity', 'additionalFields.productActivity'],
	['url', 'additionalFields.url'],
	['vendor', 'additionalFields.vendor'],
];

function groupingRule(ctx: IExecuteFunctions): GroupingRule {
	const mode = ctx.getNodeParameter('grouping', 0, 'namePattern') as GroupingRule['mode'];
	if (mode === 'namePattern') {
		const pattern = (ctx.getNodeParameter('namePattern', 0, DEFAULT_VARIANT_PATTERN) as string) || DEFAULT_VARIANT_PATTERN;
		return { mode, pattern, remembered: rememberedProductIds(ctx) };
	}
	if (mode === 'field') return { mode, field: GROUP_FIELD, whenMissing: 'offerId' };
	return { mode } as GroupingRule;
}

/** Readers of the offer mappings, the product-id expression and each property row. */
function offerReaders(ctx: IExecuteFunctions, source: RowSource, grouping: GroupingRule['mode']) {
	const reader = (path: string) => rowFieldReader(ctx, source, path, path);
	const fields = OFFER_PARAMS.map(([key, param]) => [key, reader(param)] as const);
	const groupKey = grouping === 'field' ? reader('productIdField') : undefined;
	const rows = (ctx.getNodeParameter('additionalFields.params.param', 0, [], { rawExpressions: true }) as unknown[]) ?? [];
	const params = rows.map((_, k) => ({
		name: reader(`additionalFields.params.param[${k}].name`),
		code: reader(`additionalFields.params.param[${k}].code`),
		value: reader(`additionalFields.params.param[${k}].value`),
	}));
	return (r: number): IcmlOffer => {
		const values: OfferFieldValues = {};
		for (const [key, read] of fields) (values as Record<string, unknown>)[key] = read(r);
		if (groupKey !== undefined) values.productGroupKey = groupKey(r);
		if (params.length > 0) values.params = params.map((p) => ({ name: p.name(r), code: p.code(r), value: p.value(r) }));
		return offerFromValues(values);
	};
}

/** Offers and categories from the input rows (one item per row, or batches of rows), and the input item of each offer. */
function collect(ctx: IExecuteFunctions, source: RowSource, grouping: GroupingRule['mode']) {
	const categorySource = ctx.getNodeParameter('categorySource', 0, 'folderChain') as CategorySource;
	const readOffer = offerReaders(ctx, source, grouping);
	const categories = new CategoryCollector();
	const offers: IcmlOffer[] = [];
	const itemOfOffer: number[] = [];

	let chainOf: FieldReader | undefined;
	let leafNameOf: FieldReader | undefined;
	let isCategory: ((r: number) => boolean) | undefined;
	let readCategory: ((r: number) => void) | undefined;
	if (categorySource === 'folderChain') {
		chainOf = rowFieldReader(ctx, source, 'folderChain', 'Folder Chain');
		leafNameOf = rowFieldReader(ctx, source, 'categoryName', 'Category Name');
	} else if (categorySource === 'inputItems') {
		const marker = (ctx.getNodeParameter('categoryMarkerField', 0, 'level') as string).trim();
		const id = rowFieldReader(ctx, source, 'categoryItemId', 'Category ID');
		const name = rowFieldReader(ctx, source, 'categoryItemName', 'Category Name');
		const parentId = rowFieldReader(ctx, source, 'categoryItemParentId', 'Parent Category ID');
		isCategory = (r) => marker !== '' && Object.prototype.hasOwnProperty.call(source.json(r), marker);
		readCategory = (r) => categories.add(categoryFromValues({ id: id(r), name: name(r), parentId: parentId(r) }));
	} else {
		for (const c of parseCategoryList(ctx.getNodeParameter('categoriesJson', 0, '[]'))) categories.add(c);
	}

	for (let r = 0; r < source.count; r++) {
		if (isCategory?.(r)) {
			readCategory!(r);
			continue;
		}
		const offer = readOffer(r);
		if (chainOf !== undefined) {
			const last = categories.addChain(chainOf(r));
			if (offer.categoryId === undefined && last !== undefined) offer.categoryId = last;
			else if (offer.categoryId !== undefined) categories.addLeaf(offer.categoryId, leafNameOf!(r));
		}
		offers.push(offer);
		itemOfOffer.push(source.item(r));
	}
	return { offers, categories: categories.list(), itemOfOffer };
}

function buildOptions(options: IDataObject, timeZone: string, grouping: GroupingRule): BuildIcmlOptions {
	return {
		grouping,
		timeZone,
		requirePrice: options.offersWithoutPrice !== 'allow',
		negativeQuantity: options.negativeQuantity === 'error' ? 'error' : 'zero',
		quantityFormat: options.quantityFormat === 'decimal' ? 'decimal' : 'integer',
		missingQuantity: options.missingQuantity === 'omit' ? 'omit' : 'zero',
		allowEmptyCatalog: options.allowEmptyCatalog === true,
		articleParamName: typeof options.articleParamName === 'string' && options.articleParamName !== '' ? options.articleParamName : undefined,
	};
}

/**
 * Runs once over ALL input items (one catalog file): one output item, paired with every input.
 * Validation errors stop the build with the first few listed; warnings go into the output.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const pairedItem = items.map((_, item) => ({ item }));
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const errorsListed = typeof options.errorsListed === 'number' && options.errorsListed > 0 ? options.errorsListed : 10;
	let itemOfOffer: number[] = [];
	try {
		const grouping = groupingRule(this);
		const collected = collect(this, rowSource(items), grouping.mode);
		let offers = collected.offers;
		itemOfOffer = collected.itemOfOffer;
		let leftOut: IcmlIssueSummary[] = [];
		if (options.offersWithoutPrice === 'skip') {
			const dropped = dropOffersWithoutPrice(offers, itemOfOffer);
			leftOut = dropped.skipped.map((w) => summarizeIssue(w, itemOfOffer));
			offers = dropped.offers;
			itemOfOffer = dropped.itemOfOffer;
		}
		const unitRows = ((options.unitCodes as IDataObject | undefined)?.unit as Array<{ oneCCode?: string; crmCode?: string }> | undefined) ?? [];
		const unitWarnings = applyUnitCodes(
			offers,
			unitCodeTable(unitRows.map((row) => [String(row.oneCCode ?? ''), String(row.crmCode ?? '')] as const)),
		).map((w) => summarizeIssue(w, itemOfOffer));
		const build = buildIcml(
			{
				shop: { name: (this.getNodeParameter('shopName', 0, '') as string).trim(), company: (this.getNodeParameter('company', 0, '') as string).trim() },
				date: new Date(),
				categories: collected.categories,
				offers,
			},
			buildOptions(options, this.getTimezone(), grouping),
		);
		const fileName = typeof options.fileName === 'string' && options.fileName.trim() !== '' ? options.fileName.trim() : 'catalog.xml';
		const binaryProperty = typeof options.binaryPropertyName === 'string' && options.binaryPropertyName.trim() !== '' ? options.binaryPropertyName.trim() : 'data';
		const filePath = typeof options.filePath === 'string' ? options.filePath.trim() : '';
		// The document is written in chunks as it is made, never held whole: to the file (one pass) and into n8n's
		// binary data service (another pass), which keeps it on disk in n8n's filesystem mode.
		const writtenTo = filePath !== '' ? await writeFileAtomically(this, filePath, chunkStream(build.chunks())) : undefined;
		const binary = await this.helpers.prepareBinaryData(chunkStream(build.chunks()), fileName, 'application/xml');
		const warnings = [...leftOut, ...unitWarnings, ...build.validation.warnings.map((w) => summarizeIssue(w, itemOfOffer))].slice(0, WARNINGS_IN_OUTPUT);
		if (build.products.remember !== undefined) saveProductIds(this, build.products.remember);
		const json: IDataObject = {
			offers: build.stats.offers,
			products: build.stats.products,
			categories: build.stats.categories,
			bytes: build.stats.bytes,
			warningCount: build.stats.warnings + leftOut.length + unitWarnings.length,
			warnings: warnings as unknown as IDataObject[],
			errors: [],
			fileName,
		};
		const groups = build.products.groups;
		if (groups !== undefined) {
			json.groupCount = groups.length;
			json.groups = groups.slice(0, GROUPS_IN_OUTPUT) as unknown as IDataObject[];
		}
		if (writtenTo !== undefined) json.filePath = writtenTo;
		return [{ json, binary: { [binaryProperty]: binary }, pairedItem }];
	} catch (error) {
		const nodeError = toBuildError(this, error, itemOfOffer, errorsListed, upstreamError(items));
		if (this.continueOnFail()) {
			const errors = error instanceof IcmlValidationError ? error.errors.map((e) => summarizeIssue(e, itemOfOffer)) : [];
			return [{ json: { error: nodeError.message, errors: errors as unknown as IDataObject[] }, pairedItem }];
		}
		throw nodeError;
	}
}

/**
 * A previous node with "Continue (using error output)" or "Continue" passes `{ error }` items on; they
 * fail validation as offers without id, name and price, which hides the real cause. Named first.
 */
function upstreamError(items: INodeExecutionData[]): string | undefined {
	const i = items.findIndex((item) => typeof item.json.error === 'string' && item.json.error !== '');
	return i === -1 ? undefined : `Input item #${i} is an error from the previous node: ${String(items[i].json.error)}`;
}

function toBuildError(ctx: IExecuteFunctions, error: unknown, itemOfOffer: number[], limit: number, upstream?: string): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof IcmlValidationError) {
		const issues = error.errors.map((e) => summarizeIssue(e, itemOfOffer));
		const total = error.validation.errorCount;
		const first = issues.slice(0, 3).map((s) => s.message);
		const more = total > first.length ? ` (and ${total - first.length} more)` : '';
		const list = listIssues(issues, total, limit);
		return new NodeOperationError(ctx.getNode(), `The catalog has ${total} error(s), no file was built: ${first.join('; ')}${more}`, {
			description: upstream !== undefined ? `${upstream}\n${list}` : list,
			itemIndex: issues.find((s) => s.itemIndex !== undefined)?.itemIndex,
		});
	}
	if (error instanceof IcmlConfigError || error instanceof IcmlCategoryListError || error instanceof FileNotWritableError) {
		return new NodeOperationError(ctx.getNode(), error.message);
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error));
}
