import type { CustomerOrderPayload } from '../orders/document-types';
import type { DocumentOptions } from '../orders/document';
import type { SettlementMode } from '../orders/contract';
import type { OfferMatchStrategy } from '../orders/offer-key';
import type { VatRateName } from '../orders/ut103-model';

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
	/** Several retailCRM shops feed this base: the incoming key becomes `<site>:<number>`. */
	includeSite?: boolean;
	numberMode?: 'onec' | 'prefix';
	numberPrefix?: string;
	/** Post after writing. Default true. */
	post?: boolean;
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

export interface UpsertResult {
	ok: true;
	/** Index of the input order this result belongs to. */
	index: number;
	action: 'created' | 'updated' | 'unchanged';
	ref?: string;
	number?: string;
	posted: boolean;
	crmOrderId: number;
	crmOrderNumber: string;
	site: string;
	total: number;
	/** Fields that differed (update only). */
	changes?: string[];
	/** 1C's reason when posting was refused (the document stays written, unposted). */
	postError?: string;
	notes?: string[];
	dryRun?: {
		document: Partial<CustomerOrderPayload>;
		references: {
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
}

export type UpsertOutcome = UpsertResult | UpsertFailure;
