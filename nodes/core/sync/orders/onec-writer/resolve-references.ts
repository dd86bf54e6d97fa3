import type { OneCClient } from '../../../onec/client';
import { OneCODataError, passOn } from '../../../onec/errors';
import { UT } from '../../../onec/model';
import { eq, guid } from '../../../onec/query';
import type { CounterpartyFacts } from '../counterparty';
import type { CrmOrderLike } from '../crm-order';
import { activeItems } from '../crm-order';
import type { DocumentCurrency } from '../currency';
import { currencyProblem, documentCurrency } from '../currency';
import type { DocumentOptions, OrderReferences, ResolvedLine } from '../document';
import { dec, cmp, ZERO } from '../decimal';
import { OrderMappingError } from '../errors';
import type { PlanOptions } from '../upsert-plan';
import type { ContractEntry } from './contracts';
import { ContractResolver } from './contracts';
import type { CustomerEntry } from './counterparties';
import { CounterpartyResolver } from './counterparties';
import { OrderFailure } from './errors';
import type { PendingItem } from './items';
import { ItemResolver } from './items';
import type { RawRow } from '../../onec-read/raw-read';
import type { LineReport, UpsertOptions } from './types';

/**
 * The read half of the upsert: every look-up of a run, batched (existing documents, counterparties,
 * contracts, items, units, exchange rate), then per order the pure part — which references exist, which
 * must be created, and the validated document built with stand-ins for the ones still to create. Nothing
 * here writes; `upsert.ts` does the writes for the orders that passed.
 */
export const NEW_COUNTERPARTY = '(new counterparty)';
export const NEW_CONTRACT = '(new contract)';

export interface PreparedOrder {
	index: number;
	order: CrmOrderLike;
	site: string;
	incomingKey: string;
	organizationKey: string;
	customer: CustomerEntry;
	contract: ContractEntry;
	lines: ResolvedLine[];
	lineReports: LineReport[];
	pendingItems: Array<{ position: number; item: PendingItem }>;
	deliveryItem?: NonNullable<OrderReferences['deliveryItem']>;
	existing?: RawRow;
	warnings: string[];
}

/** The builder's options for an order of `site` (the number prefix may be per site). */
export function documentOptions(options: UpsertOptions, site = ''): PlanOptions {
	const doc: DocumentOptions = {
		numberMode: options.numberMode ?? 'prefix',
		documentKey: { includeSite: options.includeSite ?? false },
	};
	const prefix = options.numberPrefixBySite?.[site] ?? options.numberPrefix;
	if (prefix !== undefined) doc.numberPrefix = prefix;
	if (options.keepVat !== undefined) doc.keepVat = options.keepVat;
	if (options.amountIncludesVat !== undefined) doc.amountIncludesVat = options.amountIncludesVat;
	if (options.vatSource !== undefined) doc.vatSource = options.vatSource;
	if (options.defaultVatRate !== undefined) doc.defaultVatRate = options.defaultVatRate;
	if (options.reserve !== undefined) doc.reserve = options.reserve;
	if (options.includeManagerComment !== undefined) doc.includeManagerComment = options.includeManagerComment;
	if (options.zeroSumLines !== undefined) doc.zeroSumLines = options.zeroSumLines;
	return { ...doc, ...(options.keepOnUpdate ? { keepOnUpdate: options.keepOnUpdate } : {}) };
}

/** Which field an OrderMappingError is about, for the error item. */
export function fieldOfMappingError(error: OrderMappingError): string | undefined {
	switch (error.code) {
		case 'NUMBER_TOO_LONG':
		case 'NUMBER_EMPTY':
		case 'PREFIX_INVALID':
			return 'number';
		case 'INCOMING_KEY_TOO_LONG':
			return 'НомерВходящегоДокументаЭлектронногоОбмена';
		case 'UNKNOWN_VAT_RATE':
			return 'vatRate';
		case 'MISSING_DELIVERY_ITEM':
			return 'delivery';
		case 'DATE_MISSING':
			return 'createdAt';
		case 'NEGATIVE_PRICE':
		case 'INVALID_QUANTITY':
		case 'SET_OR_KIT':
		case 'ITEMS_NOT_RESOLVED':
		case 'INVALID_OFFER_KEY':
		case 'ZERO_SUM_LINE':
		case 'AMOUNT_TOO_LARGE':
			return 'items';
	}
}

export class RunReferences {
	readonly counterparties: CounterpartyResolver;
	readonly contracts: ContractResolver;
	readonly items: ItemResolver;
	exchangeRate = { rate: 1, multiplicity: 1 };
	readonly notes: string[] = [];
	/** ISO currency of the documents; until `useCurrency`, only the "retailCRM Currency" option (if set). */
	currency: DocumentCurrency;

	constructor(
		private readonly client: OneCClient,
		private readonly options: UpsertOptions,
	) {
		this.currency = documentCurrency(options.crmCurrency, undefined);
		this.counterparties = new CounterpartyResolver(client, {
			matchByName: options.matchByName,
			matchByContactInfo: options.matchByContactInfo,
			writeContactInfo: options.writeContactInfo,
			folderKey: options.counterpartyFolderKey,
		});
		this.contracts = new ContractResolver(client, { currencyKey: options.currencyKey, priceTypeKey: options.priceTypeKey, settlement: options.contractSettlement });
		this.items = new ItemResolver(client, {
			strategy: options.offerMatch,
			deliveryItemKey: options.deliveryItemKey,
			noOfferItemKey: options.noOfferItemKey,
			createMissing: options.createMissingItems,
			newItemKindKey: options.newItemKindKey,
			newItemUnitKey: options.newItemUnitKey,
			newItemFolderKey: options.newItemFolderKey,
			defaultVatRate: options.defaultVatRate,
		});
	}

	/** The Currency setting's Код and Наименование, as the setting check read them (setting-references.ts). */
	useCurrency(onec: { code?: unknown; description?: unknown } | undefined): void {
		this.currency = documentCurrency(this.options.crmCurrency, onec);
	}

	organizationFor(site: string): string {
		return this.options.organizationBySite?.[site] ?? this.options.organizationKey;
	}

	/** All look-ups of a run for the orders given (each with its buyer facts): counterparties, contracts, items, rate. */
	async lookup(orders: ReadonlyArray<{ order: CrmOrderLike; facts: CounterpartyFacts }>): Promise<void> {
		await this.counterparties.lookup(orders.map((o) => o.facts));
		const found = [...this.counterparties.entries.values()].map((e) => e.key).filter((k): k is string => k !== undefined);
		await this.contracts.lookup(found);
		await this.items.lookup(orders.map((o) => o.order));
		if (orders.length > 0) this.exchangeRate = this.options.exchangeRate ?? (await this.readExchangeRate());
	}

	/** Latest КурсыВалют record of the document currency; 1/1 when there is none (national currency). */
	private async readExchangeRate(): Promise<{ rate: number; multiplicity: number }> {
		try {
			const rows = await this.client.sliceLast(UT.InformationRegister_КурсыВалют, { period: 'now', filter: eq('Валюта_Key', guid(this.options.currencyKey)) });
			const row = rows[0];
			if (row && row.Курс > 0) return { rate: row.Курс, multiplicity: row.Кратность > 0 ? row.Кратность : 1 };
		} catch (error) {
			if (!(error instanceof OneCODataError) || !(error.code === '6' || error.status === 404)) throw passOn(error);
			this.notes.push('InformationRegister_КурсыВалют is not published; exchange rate 1 assumed');
		}
		return { rate: 1, multiplicity: 1 };
	}

	/** Everything one order needs, or the reason it cannot be written. Pure (after `lookup`). */
	prepare(index: number, order: CrmOrderLike, incomingKey: string, facts: CounterpartyFacts, existing?: RawRow): PreparedOrder {
		// An order in another currency than the documents' is refused, never written as if it were in theirs.
		const currency = currencyProblem(order, this.currency);
		if (currency) throw new OrderFailure(currency, { field: 'currency' });
		const site = (order.site ?? '').trim();
		const organizationKey = this.organizationFor(site);
		const customer = this.counterparties.entryFor(facts);
		const contract = this.contracts.resolve(customer.key, organizationKey, customer.mainContractKey);
		const lines: ResolvedLine[] = [];
		const lineReports: LineReport[] = [];
		const pendingItems: Array<{ position: number; item: PendingItem }> = [];
		const warnings: string[] = [...(customer.notes ?? [])];
		activeItems(order).forEach((item, position) => {
			const resolved = this.items.resolve(item);
			if (!resolved.ok) throw new OrderFailure(resolved.reason, { offer: resolved.offer, field: 'items' });
			lines.push(resolved.line);
			lineReports.push(resolved.report);
			warnings.push(...resolved.warnings);
			if (resolved.pending) pendingItems.push({ position, item: resolved.pending });
		});
		const prepared: PreparedOrder = { index, order, site, incomingKey, organizationKey, customer, contract, lines, lineReports, pendingItems, warnings };
		if (cmp(dec(order.delivery?.cost ?? 0), ZERO) > 0) {
			const delivery = this.items.deliveryItem();
			if (!delivery.ok) throw new OrderFailure(`retailCRM order ${order.number ?? order.id}: ${delivery.reason}`, { field: 'delivery' });
			prepared.deliveryItem = { itemKey: delivery.itemKey, ...(delivery.vatRate ? { vatRate: delivery.vatRate } : {}) };
		}
		if (existing) prepared.existing = existing;
		return prepared;
	}

	/** The builder's references: real keys where known, stand-ins for what is still to be created. */
	references(p: PreparedOrder): OrderReferences {
		const refs: OrderReferences = {
			organizationKey: p.organizationKey,
			counterpartyKey: p.customer.key ?? NEW_COUNTERPARTY,
			contractKey: p.contract.key ?? NEW_CONTRACT,
			currencyKey: this.options.currencyKey,
			exchangeRate: this.exchangeRate.rate,
			multiplicity: this.exchangeRate.multiplicity,
			warehouse: { key: this.options.warehouseKey },
			lines: p.lines.map((line, position) => p.pendingItems.find((x) => x.position === position)?.item.line ?? line),
		};
		if (this.options.priceTypeKey) refs.priceTypeKey = this.options.priceTypeKey;
		if (this.options.responsibleKey) refs.responsibleKey = this.options.responsibleKey;
		if (p.deliveryItem) refs.deliveryItem = p.deliveryItem;
		return refs;
	}
}
