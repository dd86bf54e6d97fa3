import type { CustomerOrderPayload } from '../document-types';
import type { DocumentOptions } from '../document';
import type { SettlementMode } from '../contract';
import type { OfferMatchStrategy } from '../offer-match';
import type { VatRateName } from '../ut103-model';
import type { ConflictReason, SkipReason, SyncIntent } from '../convergence';
import type { ShipmentSummary } from './shipment-check';

/** Settings of one "Create or Update from retailCRM Order" run (the node's parameters, read once per run). */
export interface UpsertOptions {
	/** Catalog_Организации Ref_Key used when no site mapping applies. */
	organizationKey: string;
	/** retailCRM site code → Catalog_Организации Ref_Key. */
	organizationBySite?: Record<string, string>;
	/** СкладГруппа: a Catalog_Склады Ref_Key. */
	warehouseKey: string;
	/** Catalog_Валюты Ref_Key of the document and of new contracts. */
	currencyKey: string;
	/**
	 * ISO letters (RUB, KZT …) of the orders written in that currency; default: the 1C currency's Код (643 → RUB) or
	 * Наименование. An order naming another currency is refused (currency.ts).
	 */
	crmCurrency?: string;
	priceTypeKey?: string;
	responsibleKey?: string;
	/** Catalog_Контрагенты folder for counterparties created from retailCRM. */
	counterpartyFolderKey?: string;
	/** Service item (Catalog_Номенклатура, Услуга) for the delivery row. */
	deliveryItemKey?: string;
	/** Item (goods or service) for CRM lines without a catalog offer; before Create Missing Items. */
	noOfferItemKey?: string;
	/** Lines with a zero sum: refused before writing (default) or written (the 1C user may post zero prices). */
	zeroSumLines?: 'refuse' | 'write';
	offerMatch: OfferMatchStrategy;
	/** Several retailCRM shops feed this base: the document key becomes `<site>#<order id>` (document-key.ts). */
	includeSite?: boolean;
	numberMode?: 'onec' | 'prefix';
	numberPrefix?: string;
	/** retailCRM site code → number prefix, so two shops' equal CRM numbers stay two 1C numbers. */
	numberPrefixBySite?: Record<string, string>;
	/** Also find documents that version 0.1 keyed by the CRM order number (default true). */
	findLegacyKeys?: boolean;
	/** A cancelled or deleted order's document is also marked for deletion, not only unposted. Default false. */
	markOnCancel?: boolean;
	/** Post after writing. Default true. */
	post?: boolean;
	/**
	 * Ref_Keys (lower case) of documents that were posted until a run left them unposted (UpsertFailure `leftUnposted`):
	 * posted by this run whatever `post` says, so an edit of a posted document never ends unposted with *Post* off. The
	 * caller keeps them between runs (the 1C node in its static data).
	 */
	postAgain?: ReadonlySet<string>;
	/** Read, build and report; write nothing. */
	dryRun?: boolean;
	/** Buyers without ИНН are also looked up by e-mail and phone in InformationRegister_КонтактнаяИнформация (read whole once per run). Default false. */
	matchByContactInfo?: boolean;
	/** Phones and e-mail of counterparties created from retailCRM are written to КонтактнаяИнформация (one request each). Default: `matchByContactInfo`. */
	writeContactInfo?: boolean;
	/** Individuals not found by e-mail are looked up by exact name (what UT 10.3's own site exchange does). Default false. */
	matchByName?: boolean;
	createMissingItems?: boolean;
	/** Catalog_ВидыНоменклатуры Ref_Key of created items (required with createMissingItems). */
	newItemKindKey?: string;
	/** Catalog_КлассификаторЕдиницИзмерения Ref_Key of created items' unit (required with createMissingItems). */
	newItemUnitKey?: string;
	/** Catalog_Номенклатура folder for created items. */
	newItemFolderKey?: string;
	contractSettlement?: SettlementMode;
	/** Exchange rate of the currency; read from InformationRegister_КурсыВалют when absent. */
	exchangeRate?: { rate: number; multiplicity: number };
	keepVat?: boolean;
	amountIncludesVat?: boolean;
	vatSource?: DocumentOptions['vatSource'];
	defaultVatRate?: VatRateName;
	reserve?: boolean;
	includeManagerComment?: boolean;
	/** More fields not to compare nor overwrite on update (e.g. `Ответственный_Key` edited by hand in 1C). */
	keepOnUpdate?: string[];
}

export type ReferenceStatus = 'found' | 'create';

/** How one 1C reference of a dry run was (or would be) obtained. */
export interface ReferenceReport {
	status: ReferenceStatus;
	/** Ref_Key when found (or created). */
	key?: string;
	/** What matched (`inn`, `email`, `name`, `externalId` …) or what will be created. */
	by?: string;
	/** Body that would be POSTed when status is `create`. */
	create?: Record<string, unknown>;
}

export interface LineReport extends ReferenceReport {
	offer: string;
	characteristicKey?: string;
}

/**
 * What happened to one order's document:
 *  - `created`, `updated`, `unchanged`: the document equals the order (posted unless refused, see UpsertFailure);
 *  - `restored`: our own cancelled document, brought back for an order that is live again;
 *  - `cancelled`: the document was released (unposted, noted, optionally marked) for a cancelled or deleted order;
 *  - `skipped`: nothing to do in 1C (see `skipReason`);
 *  - `conflict`: 1C has moved on (shipped, or marked for deletion by a 1C user): left as it is, reported.
 */
export type UpsertAction = 'created' | 'updated' | 'unchanged' | 'restored' | 'cancelled' | 'skipped' | 'conflict';

export interface ConflictReport {
	reason: ConflictReason;
	message: string;
	oneC: { ref: string; number?: string; total: number; posted: boolean; deletionMark: boolean; shipments?: ShipmentSummary[] };
	crm: { total: number | null };
}

export interface UpsertResult {
	ok: true;
	/** Index of the input order this result belongs to. */
	index: number;
	intent: SyncIntent;
	action: UpsertAction;
	ref?: string;
	number?: string;
	posted: boolean;
	/** This run posted the document (a write, or an `unchanged` document a refused posting had left unposted). */
	postedInRun?: boolean;
	crmOrderId: number;
	crmOrderNumber: string;
	site: string;
	/** The 1C document total (СуммаДокумента); 0 when there is no document. */
	total: number;
	/** The order's externalId and custom fields as retailCRM had them: the write-back compares, writes only differences. */
	crmExternalId?: string | null;
	crmCustomFields?: Record<string, unknown>;
	/** Fields that differed (update only). */
	changes?: string[];
	skipReason?: SkipReason;
	conflict?: ConflictReport;
	/** Duplicate documents of this order that were unposted and marked for deletion (lost races). */
	duplicatesRetired?: string[];
	/** Duplicates were resolved: the order is checked once more on the next run (its write-back may be stale). */
	recheck?: boolean;
	/** Other CRM orders to check once more next run: their documents named a duplicate counterparty marked in this run. */
	recheckOrders?: number[];
	notes?: string[];
	dryRun?: {
		document?: Partial<CustomerOrderPayload>;
		references?: {
			organization: ReferenceReport;
			counterparty: ReferenceReport;
			contract: ReferenceReport;
			lines: LineReport[];
			deliveryItem?: ReferenceReport;
		};
	};
}

export interface UpsertFailure {
	ok: false;
	index: number;
	error: string;
	crmOrderId: number | null;
	crmOrderNumber: string;
	site: string;
	/** The field or offer at fault, when known. */
	field?: string;
	offer?: string;
	/** `postingRefused`: the document is written (ref, number) and unposted; a later run posts it. */
	reason?: 'postingRefused';
	ref?: string;
	number?: string;
	/** 1C's own words for a posting refusal. */
	oneCReason?: string;
	/**
	 * Ref_Key of a document that was posted before this run and that the failure left unposted (a refused or lost
	 * re-post after a change): the caller passes it back as `postAgain` so a later run posts it even with *Post* off.
	 */
	leftUnposted?: string;
	/** A dry run: what would have failed. */
	dryRun?: true;
}

export type UpsertOutcome = UpsertResult | UpsertFailure;
