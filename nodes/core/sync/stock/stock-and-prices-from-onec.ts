/**
 * Stock Upload → Upload Stock and Prices from 1C, without n8n: Get Balances and Get Prices read by this module
 * itself and uploaded as Upload Stock and Upload Prices would, so that no row ever becomes an n8n item (n8n keeps
 * every item of every node until a run ends: at 300,000 offers that was most of the run's memory).
 *
 * The order makes the two systems work at once:
 *   0. 1C's price types, then retailCRM's stores and price types: both code mappings are checked before the catalog is
 *      read (a 1C that cannot be reached stops the run before retailCRM is asked);
 *   1. the catalog scope (folders, and the characteristics Include Zero Stock needs) is read once, for both reads,
 *      without item codes and names (the rows are upload fields);
 *   2. the balances are read and planned alone, so the first upload comes as early as it can; 1C is asked for the
 *      first page of prices once it has answered the balance read, so that it computes the slice while the balance
 *      rows are built and planned;
 *   3. the stock upload starts, and the prices are read and planned while it runs;
 *   4. the price upload follows the stock upload on the same retailCRM client, so the one pacer keeps the whole run
 *      at the account's rate (docs/retailcrm-api.md#rate-limits).
 * Each part's rows are let go once its elements are planned (PlannedUpload): the balance rows before the price read
 * starts, the price rows once planned.
 *
 * Requests: to 1C, those of getBalances and getPrices with a shared scope (the scope counted once, as when Get Prices
 * takes it from Get Balances in the two-node template; the price types read first, not by getPrices), + 1 for the
 * names of item-level notes when there are some and the scope has no names; to retailCRM, those of uploadStock and
 * uploadPrices (the two code checks made first). When the price part's inputs are compared (price-inputs.ts), 1C is
 * asked the price read's requests of the last upload again, answered but not read; where an answer differs, the prices
 * are then read as always (the requests compared before it are the extra ones).
 */
import { AnswerLog, type OneCClient } from '../../onec/client';
import type { ChangeHashState } from '../crm-upload/change-hashes';
import { isGuid } from '../../onec/query';
import { readCatalogScope } from '../onec-read/catalog-scope';
import { readItemNames } from '../onec-read/items';
import { readWarehouses } from '../onec-read/warehouses';
import { getPrices, readPriceTypes, startPriceRead, type GetPricesOptions, type GetPricesResult, type PriceReadProblem, type UploadPriceItem } from '../prices/get-prices';
import { planPriceUpload, type PriceUploadClient, type PriceUploadReport } from '../prices/price-upload';
import { getBalances, type GetBalancesOptions } from './get-balances';
import type { ItemLevelStockNote } from './item-level-stock';
import { UnmappedWarehouseError } from './inventory-batches';
import { UnmappedPriceTypeError } from '../prices/price-batches';
import type { PlannedUpload } from '../crm-upload/planned-upload';
import { planStockUpload, type StockUploadClient, type StockUploadReport } from './stock-upload';
import { checkUploadCodes, PRICE_TYPE_MAPPING, STORE_MAPPING } from '../crm-upload/reference-check';
import { tableValues } from '../crm-upload/lookup-table';
import { fullResendDue } from '../crm-upload/change-hashes';
import {
	isDatedSet,
	isPricePageSet,
	loadPriceInputs,
	markPeriod,
	MAX_RECORDED_PROBLEMS,
	priceInputsKey,
	sameAnswers,
	withPeriod,
	PRICE_INPUTS_VERSION,
	type PriceInputs,
} from '../prices/price-inputs';
import { tookWhole, unchangedPriceReport } from '../prices/unchanged-prices';

export type StockAndPricesClient = StockUploadClient & PriceUploadClient;

/** One of the two uploads: its mapping, whether unmapped 1C keys are left out, and its change-hash state. */
export interface UploadPart {
	/** Lower-case 1C Ref_Key → retailCRM code. */
	mapping: ReadonlyMap<string, string>;
	/** Leave 1C warehouses / price types without a mapping out (they are not read) instead of refusing the run. */
	skipUnmapped: boolean;
	/** With Only Changed: the part's state, mutated in place as batches are accepted. */
	state?: ChangeHashState;
}

export interface StockAndPricesOptions {
	/** Get Balances' settings; the folders and the scope are this module's. */
	balances: Omit<GetBalancesOptions, 'rowFields' | 'share' | 'scope' | 'folderRefs' | 'maxWhereInRequests' | 'afterRead'>;
	/** Get Prices' settings; the folders and the scope are this module's. */
	prices: Omit<GetPricesOptions, 'rowFields' | 'share' | 'scope' | 'folderRefs' | 'maxWhereInRequests'>;
	/** Nomenclature folders of both reads. */
	folderRefs: readonly string[];
	maxWhereInRequests?: number;
	stock: UploadPart;
	priceTypes: UploadPart;
	upload: {
		identifierKind: 'externalId' | 'xmlId';
		site?: string;
		batchSize: number;
		onlyChanged: boolean;
		now: number;
		fullResendHours: number;
		dryRun: boolean;
	};
	/**
	 * Called when a part's upload is done (before the other part's ends), e.g. to save its state; `stateChanged` when
	 * the state changed although nothing was sent (the price part's record of its inputs, price-inputs.ts).
	 */
	onUploaded?: (part: 'stock' | 'prices', report: StockUploadReport | PriceUploadReport, stateChanged: boolean) => void;
}

/** Item-level stock notes whose item names the report keeps (the node names the first 20 in the log). */
export const ITEM_LEVEL_NOTES_NAMED = 20;

/** A part's upload report, without the dry run's planned batches (nothing per offer leaves this module). */
export type PartReport<R> = Omit<R, 'plannedBatches'>;

export interface StockAndPricesReport {
	balanceRowsRead: number;
	priceRowsRead: number;
	stock: PartReport<StockUploadReport>;
	prices: PartReport<PriceUploadReport>;
	/** Balances without a characteristic of items kept by characteristics, and the names of the first ITEM_LEVEL_NOTES_NAMED' items. */
	itemLevelStock: ItemLevelStockNote[];
	itemName(itemRef: string): string | undefined;
	/** Offers or price types that got no price, and the currencies of the prices. */
	priceProblems: PriceReadProblem[];
	currencies: string[];
	/**
	 * `unchanged`: 1C answered every request the prices were computed from as at the last upload retailCRM took whole,
	 * so they were not read again (price-inputs.ts); `recorded`: read, and their record kept for the next run; `read`:
	 * read, nothing kept (Only Changed off, a dry run, a batch refused, offers not found, the first run's state).
	 */
	priceInputs: 'unchanged' | 'recorded' | 'read';
}

/**
 * The 1C keys to read: all chosen ones when each is mapped; with skipUnmapped only the mapped ones. An unmapped key
 * refuses the run before anything is read, so no half of an upload is sent.
 */
function keysToRead(chosen: readonly string[], part: UploadPart, refuse: (unmapped: string[]) => Error): string[] {
	const keys = chosen.map((ref) => ref.trim().toLowerCase());
	const unmapped = keys.filter((ref) => !part.mapping.has(ref));
	if (unmapped.length > 0 && !part.skipUnmapped) throw refuse(unmapped);
	return keys.filter((ref) => part.mapping.has(ref));
}

/**
 * Mapping rows may name a 1C code instead of the GUID (the mapping fields say "GUID or Code", as Upload Stock and
 * Upload Prices take them, where each row carries both). Here the rows are read by GUID, so a code is put under the
 * GUID of the chosen key that has it: one read of the chosen keys' codes, and only when some row is not a GUID (a
 * mapping by GUID costs no request).
 */
async function withCodesResolved(part: UploadPart, chosen: readonly string[], readCodes: () => Promise<Array<{ ref: string; code: string | null }>>): Promise<UploadPart> {
	if ([...part.mapping.keys()].every((key) => isGuid(key))) return part;
	const mapping = new Map(part.mapping);
	const wanted = new Set(chosen.map((ref) => ref.trim().toLowerCase()));
	for (const { ref, code } of await readCodes()) {
		const key = ref.toLowerCase();
		const byCode = code === null ? undefined : part.mapping.get(code.trim().toLowerCase());
		if (wanted.has(key) && !mapping.has(key) && byCode !== undefined) mapping.set(key, byCode);
	}
	return { ...part, mapping };
}

/**
 * The mapping rows of the keys read: a store or price type whose key is no longer read counts as gone from the
 * mapping (its values are cleared, ChangeHashState.codes), as when its row is deleted.
 */
function chosenRows(mapping: ReadonlyMap<string, string>, keys: readonly string[]): Map<string, string> {
	return new Map(keys.map((key) => [key, mapping.get(key) as string]));
}

function withoutPlan<R extends { plannedBatches?: unknown }>(report: R): PartReport<R> {
	const { plannedBatches: _planned, ...rest } = report;
	return rest;
}

export async function uploadStockAndPricesFromOneC(onec: OneCClient, crm: StockAndPricesClient, options: StockAndPricesOptions): Promise<StockAndPricesReport> {
	options = {
		...options,
		stock: await withCodesResolved(options.stock, options.balances.warehouseRefs, () => readWarehouses(onec, options.balances.warehouseRefs)),
		priceTypes: await withCodesResolved(options.priceTypes, options.prices.priceTypeRefs, async () =>
			[...(await readPriceTypes(onec, options.prices.priceTypeRefs)).types.values()].map((type) => ({ ref: type.Ref_Key, code: type.Code ?? null })),
		),
	};
	const warehouseRefs = keysToRead(options.balances.warehouseRefs, options.stock, (refs) => new UnmappedWarehouseError(refs, undefined));
	const priceTypeRefs = keysToRead(options.prices.priceTypeRefs, options.priceTypes, (refs) => new UnmappedPriceTypeError(refs, undefined));
	if (warehouseRefs.length === 0) throw new Error('None of the chosen 1C warehouses is in the Warehouse Mapping');
	if (priceTypeRefs.length === 0) throw new Error('None of the chosen 1C price types is in the Price Type Mapping');
	const { folderRefs, maxWhereInRequests, upload } = options;
	const common = { ...upload, identifiers: undefined };
	// 0. 1C first (its price types, one short request, handed to getPrices), then both code checks: a wrong store or
	//    price type code refuses the run before the catalog is read, and the planning has no retailCRM answer left to
	//    wait for (the lists are handed on, so the requests stay one each).
	// The answers the prices depend on besides their own read (the price types, the catalog scope) are noted for the
	// key of the price part's record (price-inputs.ts).
	const before = new AnswerLog();
	const priceTypes = await onec.noting(before, async () => await readPriceTypes(onec, priceTypeRefs));
	const crmLists = { stores: await crm.stores(), priceTypes: await crm.priceTypes() };
	checkUploadCodes('store', tableValues(options.stock.mapping), crmLists.stores, STORE_MAPPING);
	checkUploadCodes('price type', tableValues(options.priceTypes.mapping), crmLists.priceTypes, PRICE_TYPE_MAPPING);
	const checked: StockAndPricesClient = {
		stores: async () => crmLists.stores,
		priceTypes: async () => crmLists.priceTypes,
		uploadInventories: async (...args) => await crm.uploadInventories(...args),
		uploadPrices: async (...args) => await crm.uploadPrices(...args),
	};

	// 1. One catalog read for both (Get Balances needs it for folders or Include Zero Stock, Get Prices for folders),
	//    without item codes and names: upload rows show none (the names of the item-level notes are read apart).
	const includeZeroStock = options.balances.includeZeroStock === true;
	let scope =
		folderRefs.length > 0 || includeZeroStock
			? await onec.noting(before, async () => await readCatalogScope(onec, { folderRefs, characteristics: includeZeroStock, maxWhereInRequests, names: false }))
			: undefined;

	// One price date for the run, so the price read can be asked for early (step 2) with the URL it then reads.
	const period = onec.slicePeriod(options.prices.period);

	// The record of the last upload retailCRM took whole, if this run may rely on it: Only Changed, no full resend due,
	// and the same settings and answers before the prices (then 1C is asked the same again and only the digests of its
	// answers are compared, price-inputs.ts).
	const priceState = options.priceTypes.state;
	const key = priceInputsKey(
		{
			priceTypeRefs,
			mapping: [...options.priceTypes.mapping].sort(),
			// Not the price date: the node gives "now" as a date, so it changes every run; the dated requests carry it.
			prices: { currencyRef: options.prices.currencyRef ?? null, vat: options.prices.vat ?? null, slicePageSize: options.prices.slicePageSize ?? null },
			folderRefs,
			includeZeroStock,
			maxWhereInRequests: maxWhereInRequests ?? null,
			identifierKind: upload.identifierKind,
			site: upload.site ?? null,
		},
		before.answers,
	);
	const hadRecord = priceState?.inputs !== undefined;
	const kept = priceState === undefined ? undefined : loadPriceInputs(priceState.inputs);
	const candidate = upload.onlyChanged && priceState !== undefined && !fullResendDue(priceState, upload.now, upload.fullResendHours) && kept?.key === key ? kept : undefined;
	const priceLog = new AnswerLog();
	let firstPricePage: { url: string; digest: Promise<string> } | undefined;
	/** Once the balances are read: 1C is asked for the first price page (or, to compare, its digest) while they are planned. */
	const startPrices = () => {
		const first = candidate?.answers.find((answer) => isPricePageSet(answer.set));
		if (candidate !== undefined && first !== undefined) {
			const url = withPeriod(first.url, period);
			const digest = onec.answerDigest(url, first.set);
			digest.catch(() => undefined); // compared (and its failure met) in planPrices
			firstPricePage = { url, digest };
			return;
		}
		onec.logAnswers(priceLog);
		startPriceRead(onec, priceTypes, { period, slicePageSize: options.prices.slicePageSize });
	};

	const planPrices = async (priceScope: typeof scope) => {
		if (candidate !== undefined && (await sameAnswers(onec, candidate, period, isPricePageSet, firstPricePage))) {
			const { summary } = candidate;
			return { planned: unchangedPrices(unchangedPriceReport(summary.offers, upload.dryRun)), rows: summary.rows, problems: summary.problems, currencies: summary.currencies, record: undefined, unchanged: true };
		}
		// Read as always; until a new record is kept, none is (a failed or partial upload must not leave the old one).
		if (priceState !== undefined) delete priceState.inputs;
		onec.logAnswers(priceLog);
		let read: GetPricesResult<UploadPriceItem>;
		try {
			read = await getPrices(onec, {
				...options.prices,
				period,
				priceTypeRefs,
				priceTypes,
				folderRefs,
				maxWhereInRequests,
				scope: folderRefs.length > 0 ? priceScope : undefined,
				rowFields: 'upload',
			});
		} finally {
			onec.logAnswers(undefined);
		}
		const names = new Map<string, string>();
		for (const row of read.items) if (!names.has(row.priceTypeRef)) names.set(row.priceTypeRef, row.priceTypeName);
		// Built in steps with turns between them (common/steps.ts), as getPrices computes: the stock upload is running.
		const planned = await planPriceUpload(checked, {
			...common,
			rows: read.items,
			priceCodeByType: chosenRows(options.priceTypes.mapping, priceTypeRefs),
			priceTypeNames: names,
			state: options.priceTypes.state,
			turn: async () => await onec.turn(),
		});
		const answers = markPeriod(priceLog.answers, period, isDatedSet);
		const record: PriceInputs | undefined =
			answers === undefined || read.problems.length > MAX_RECORDED_PROBLEMS
				? undefined
				: { version: PRICE_INPUTS_VERSION, key, answers, summary: { rows: read.items.length, offers: 0, problems: read.problems, currencies: read.currencies } };
		return { planned, rows: read.items.length, problems: read.problems, currencies: read.currencies, record, unchanged: false };
	};
	let pricesPlanned: ReturnType<typeof planPrices> | undefined;

	let stockPart: { rows: number; itemLevelStock: ItemLevelStockNote[]; itemNames: Map<string, string>; report: StockUploadReport } | undefined;
	try {
		// 2. The balances, read alone and planned: the stock upload starts as soon as it can. (In a function of its
		//    own, so the balance rows are let go once planned, not held through the upload.)
		const planStock = async () => {
			// 1C computes the price slice (seconds on a large base) while the balance rows are built and planned here.
			const read = await getBalances(onec, { ...options.balances, warehouseRefs, folderRefs, maxWhereInRequests, scope, rowFields: 'upload', afterRead: startPrices });
			const names = new Map(read.warehouses.map((w) => [w.ref, w.name]));
			const planned: PlannedUpload<StockUploadReport> = await planStockUpload(checked, {
				...common,
				rows: read.items,
				storeCodeByWarehouse: chosenRows(options.stock.mapping, warehouseRefs),
				warehouseNames: names,
				state: options.stock.state,
			});
			// Names only for the notes reported (reportItemLevelStock names the first 20), not the whole catalog's.
			const unnamed: string[] = [];
			const itemNames = new Map<string, string>();
			for (const note of read.itemLevelStock.slice(0, ITEM_LEVEL_NOTES_NAMED)) {
				const name = read.itemName(note.itemRef);
				if (name === undefined) unnamed.push(note.itemRef);
				else itemNames.set(note.itemRef, name);
			}
			return { planned, rows: read.items.length, itemLevelStock: read.itemLevelStock, itemNames, unnamed };
		};
		const { planned, unnamed, ...read } = await planStock();
		// 3. The prices are read and planned while the stock is uploaded (not during the balance read: the two reads
		//    would share the CPU and delay the first upload; README "Large catalogs" has the figures).
		pricesPlanned = planPrices(scope);
		// Awaited below; until then a failure must not count as unhandled while the stock part runs.
		pricesPlanned.catch(() => undefined);
		scope = undefined;
		// A scope read without names has none: then one keyed read of the noted items (none when there is no note).
		if (unnamed.length > 0) for (const [ref, name] of await readItemNames(onec, unnamed, { maxWhereInRequests })) read.itemNames.set(ref, name);
		const report = await planned.run();
		options.onUploaded?.('stock', report, false);
		// Not the plan: its elements go once sent.
		stockPart = { ...read, report };
	} finally {
		// A failed stock part does not leave the price read running past the node's end.
		if (stockPart === undefined) await pricesPlanned?.catch(() => undefined);
	}

	// 4. The prices, on the same client (and pacer) as the stock.
	const stockDone = stockPart;
	const prices = await (pricesPlanned as ReturnType<typeof planPrices>);
	const priceReport = await prices.planned.run();
	const inputs = keepPriceInputs(priceState, hadRecord, prices, priceReport, upload);
	options.onUploaded?.('prices', priceReport, inputs.stateChanged);
	return {
		balanceRowsRead: stockDone.rows,
		priceRowsRead: prices.rows,
		stock: withoutPlan(stockDone.report),
		prices: withoutPlan(priceReport),
		itemLevelStock: stockDone.itemLevelStock,
		itemName: (ref) => stockDone.itemNames.get(ref) || undefined,
		priceProblems: prices.problems,
		currencies: prices.currencies,
		priceInputs: inputs.priceInputs,
	};
}

/** The price part when its inputs are unchanged: nothing to plan or send. */
function unchangedPrices(report: PriceUploadReport): PlannedUpload<PriceUploadReport> {
	return { batches: 0, run: async () => report };
}

/**
 * Keeps the record of the price part's inputs when retailCRM took the upload whole (see price-inputs.ts): every batch
 * accepted, no offer not found or without an identifier, Only Changed on and not a dry run. Says whether the state
 * changed (a record kept, or the last one gone) so that it is saved even when nothing was sent; a run that keeps none
 * where none was does not write the state.
 */
function keepPriceInputs(
	state: ChangeHashState | undefined,
	hadRecord: boolean,
	prices: { record: PriceInputs | undefined; unchanged: boolean },
	report: PriceUploadReport,
	upload: StockAndPricesOptions['upload'],
): { priceInputs: StockAndPricesReport['priceInputs']; stateChanged: boolean } {
	if (prices.unchanged) return { priceInputs: 'unchanged', stateChanged: false };
	if (state === undefined) return { priceInputs: 'read', stateChanged: false };
	if (!tookWhole(report, upload) || prices.record === undefined) return { priceInputs: 'read', stateChanged: hadRecord };
	state.inputs = { ...prices.record, summary: { ...prices.record.summary, offers: report.offersSent + report.unchangedOffers } };
	return { priceInputs: 'recorded', stateChanged: true };
}
