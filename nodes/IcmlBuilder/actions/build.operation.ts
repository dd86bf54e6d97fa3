import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { buildIcml, IcmlValidationError, type BuildIcmlOptions } from '../../core/icml/build';
import { CategoryCollector, categoryFromValues, IcmlCategoryListError, parseCategoryList } from '../../core/icml/categories-from-folders';
import { dropOffersWithoutPrice, GROUP_FIELD, offerFromValues, type OfferFieldValues } from '../../core/icml/from-items';
import { DEFAULT_VARIANT_PATTERN, IcmlConfigError, type GroupingRule } from '../../core/icml/grouping';
import { listIssues, summarizeIssue, type IcmlIssueSummary } from '../../core/icml/issue-report';
import type { IcmlOffer } from '../../core/icml/types';
import { applyUnitCodes, unitCodeTable } from '../../core/icml/unit-codes';
import type { FieldReader } from '../../shared/field-reader';
import { wholeRun } from '../../shared/per-item';
import { rowFieldReader, rowSource, type RowSource } from '../../shared/row-items';
import { FileNotWritableError, writeFileAtomically } from '../helpers/atomic-write';
import { chunkStream } from '../helpers/chunk-stream';
import { rememberedProductIds, saveProductIds } from '../helpers/product-id-memory';

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
	return await wholeRun(
		this,
		async () => {
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
		},
		(nodeError, error) => {
			const errors = error instanceof IcmlValidationError ? error.errors.map((e) => summarizeIssue(e, itemOfOffer)) : [];
			return [{ json: { error: nodeError.message, errors: errors as unknown as IDataObject[] }, pairedItem }];
		},
		(error) => toBuildError(this, error, itemOfOffer, errorsListed, upstreamError(items)),
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
