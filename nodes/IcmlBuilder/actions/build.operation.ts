import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { buildIcmlFromOffers, IcmlValidationError, type IcmlCatalogBuild, type IcmlCatalogOptions } from '../../core/icml/build';
import { CategoryCollector, categoryFromValues, IcmlCategoryListError, parseCategoryList } from '../../core/icml/categories-from-folders';
import { GROUP_FIELD, offerFromValues, type OfferFieldValues } from '../../core/icml/from-items';
import { DEFAULT_VARIANT_PATTERN, IcmlConfigError, type GroupingRule } from '../../core/icml/grouping';
import { listIssues, summarizeIssue, type IcmlIssueSummary } from '../../core/icml/issue-report';
import type { IcmlOffer, IcmlShop } from '../../core/icml/types';
import { unitCodeTable } from '../../core/icml/unit-codes';
import type { IcmlIssue } from '../../core/icml/validate';
import { toNodeError } from '../../shared/errors';
import type { FieldReader } from '../../shared/field-reader';
import { wholeRun } from '../../shared/per-item';
import { rowFieldReader, rowSource, type RowSource } from '../../shared/row-items';
import { FileNotWritableError, writeFileAtomically } from '../helpers/atomic-write';
import { chunkStream } from '../helpers/chunk-stream';
import { hintManualWithoutProductIds, rememberedProductIds, saveProductIds } from '../helpers/product-id-memory';

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

export function groupingRule(ctx: IExecuteFunctions): GroupingRule {
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
		if (chainOf !== undefined) categories.placeOffer(offer, chainOf(r), leafNameOf!(r));
		offers.push(offer);
		itemOfOffer.push(source.item(r));
	}
	return { offers, categories: categories.list(), itemOfOffer };
}

/** The Options collection as the core build takes it (the grouping rule comes from the node's own field). */
export function catalogOptions(ctx: IExecuteFunctions, options: IDataObject, grouping: GroupingRule): IcmlCatalogOptions {
	const unitRows = ((options.unitCodes as IDataObject | undefined)?.unit as Array<{ oneCCode?: string; crmCode?: string }> | undefined) ?? [];
	return {
		grouping,
		timeZone: ctx.getTimezone(),
		requirePrice: options.offersWithoutPrice !== 'allow',
		skipUnpriced: options.offersWithoutPrice === 'skip',
		unitCodes: unitCodeTable(unitRows.map((row) => [String(row.oneCCode ?? ''), String(row.crmCode ?? '')] as const)),
		negativeQuantity: options.negativeQuantity === 'error' ? 'error' : 'zero',
		quantityFormat: options.quantityFormat === 'decimal' ? 'decimal' : 'integer',
		missingQuantity: options.missingQuantity === 'omit' ? 'omit' : 'zero',
		allowEmptyCatalog: options.allowEmptyCatalog === true,
		articleParamName: typeof options.articleParamName === 'string' && options.articleParamName !== '' ? options.articleParamName : undefined,
	};
}

export function shopOf(ctx: IExecuteFunctions): IcmlShop {
	return { name: (ctx.getNodeParameter('shopName', 0, '') as string).trim(), company: (ctx.getNodeParameter('company', 0, '') as string).trim() };
}

export function errorsListedOf(options: IDataObject): number {
	return typeof options.errorsListed === 'number' && options.errorsListed > 0 ? options.errorsListed : 10;
}

/**
 * The built catalog as the node's one output item: the document written in chunks as it is made, never held
 * whole, to the file (one pass) and into n8n's binary data service (another pass, on disk in n8n's filesystem
 * mode); the figures, the first warnings and groups in the JSON.
 */
export async function catalogItem(
	ctx: IExecuteFunctions,
	catalog: IcmlCatalogBuild,
	leftOut: IcmlIssueSummary[],
	options: IDataObject,
	summarize: (issue: IcmlIssue) => IcmlIssueSummary,
	pairedItem: IPairedItemData[],
): Promise<INodeExecutionData> {
	const { build, unitWarnings } = catalog;
	const fileName = typeof options.fileName === 'string' && options.fileName.trim() !== '' ? options.fileName.trim() : 'catalog.xml';
	const binaryProperty = typeof options.binaryPropertyName === 'string' && options.binaryPropertyName.trim() !== '' ? options.binaryPropertyName.trim() : 'data';
	const filePath = typeof options.filePath === 'string' ? options.filePath.trim() : '';
	const writtenTo = filePath !== '' ? await writeFileAtomically(ctx, filePath, chunkStream(build.chunks())) : undefined;
	const binary = await ctx.helpers.prepareBinaryData(chunkStream(build.chunks()), fileName, 'application/xml');
	const warnings = [...leftOut, ...[...unitWarnings, ...build.validation.warnings].slice(0, WARNINGS_IN_OUTPUT).map(summarize)].slice(0, WARNINGS_IN_OUTPUT);
	if (build.products.remember !== undefined) {
		hintManualWithoutProductIds(ctx, build.products.remember);
		saveProductIds(ctx, build.products.remember);
	}
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
	return { json, binary: { [binaryProperty]: binary }, pairedItem };
}

/** The output item of a failed build under "Continue": the error and, for a catalog that failed validation, its issues. */
export function failedCatalogItem(nodeError: Error, error: unknown, summarize: (issue: IcmlIssue) => IcmlIssueSummary, pairedItem: IPairedItemData[]): INodeExecutionData[] {
	const errors = error instanceof IcmlValidationError ? error.errors.map(summarize) : [];
	return [{ json: { error: nodeError.message, errors: errors as unknown as IDataObject[] }, pairedItem }];
}

/**
 * Runs once over ALL input items (one catalog file): one output item, paired with every input.
 * Validation errors stop the build with the first few listed; warnings go into the output.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const pairedItem = items.map((_, item) => ({ item }));
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	let itemOfOffer: number[] = [];
	const summarize = (issue: IcmlIssue) => summarizeIssue(issue, itemOfOffer);
	return await wholeRun(
		this,
		async () => {
			const grouping = groupingRule(this);
			const collected = collect(this, rowSource(items), grouping.mode);
			itemOfOffer = collected.itemOfOffer;
			const input = { shop: shopOf(this), date: new Date(), categories: collected.categories, offers: collected.offers };
			// Offers left out are named by the items before the drop; the other issues by those of the offers kept.
			let leftOut: IcmlIssueSummary[] = [];
			const catalog = buildIcmlFromOffers(input, catalogOptions(this, options, grouping), itemOfOffer, (skipped, kept) => {
				leftOut = skipped.map(summarize);
				itemOfOffer = kept;
			});
			return [await catalogItem(this, catalog, leftOut, options, summarize, pairedItem)];
		},
		(nodeError, error) => failedCatalogItem(nodeError, error, summarize, pairedItem),
		(error) => toBuildError(this, error, summarize, errorsListedOf(options), upstreamError(items)),
	);
}

/**
 * A previous node with "Continue (using error output)" or "Continue" passes `{ error }` items on; they
 * fail validation as offers without id, name and price, which hides the real cause. Named first.
 */
function upstreamError(items: INodeExecutionData[]): string | undefined {
	const i = items.findIndex((item) => typeof item.json.error === 'string' && item.json.error !== '');
	return i === -1 ? undefined : `Input item #${i} is an error from the previous node: ${String(items[i].json.error)}`;
}

/**
 * The n8n error of a failed build: validation errors listed (the first few in the message, `limit` in the
 * description); a setting the build refused, named; anything else (e.g. 1C unreachable) as toNodeError maps it.
 */
export function toBuildError(
	ctx: IExecuteFunctions,
	error: unknown,
	summarize: (issue: IcmlIssue) => IcmlIssueSummary,
	limit: number,
	upstream?: string,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof IcmlValidationError) {
		const issues = error.errors.map(summarize);
		const total = error.validation.errorCount;
		const first = issues.slice(0, 3).map((s) => s.message);
		const more = total > first.length ? ` (and ${total - first.length} more)` : '';
		const list = listIssues(issues, total, limit);
		return new NodeOperationError(ctx.getNode(), `The catalog has ${total} error(s), no file was built: ${first.join('; ')}${more}`, {
			description: upstream !== undefined ? `${upstream}\n${list}` : list,
			itemIndex: issues.find((s) => s.itemIndex !== undefined)?.itemIndex,
		});
	}
	if (error instanceof FileNotWritableError) {
		return new NodeOperationError(ctx.getNode(), error.message, { description: 'Options → Also Write to File Path: choose a file n8n may write, or remove the option.' });
	}
	if (error instanceof IcmlConfigError || error instanceof IcmlCategoryListError) return new NodeOperationError(ctx.getNode(), error.message);
	return toNodeError(ctx.getNode(), error);
}
